"""The kallelse export: every format, the public version, literal user text, atomic writes."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from datetime import date
from datetime import time as klockslag
from pathlib import Path

import pytest

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Andring,
    Arende,
    Organ,
    OrganTyp,
    Sammantrade,
    Undertecknare,
)
from kallelse_tui.export import kallelse as kallelse_modul
from kallelse_tui.export.common import skriv_atomiskt
from kallelse_tui.export.kallelse import FORMAT, export_kallelse, kallelse_data
from tests.conftest import mote_och_organ

KF = "norrvik-kf-2026-11-30"
SBN = "sjobacka-sbn-2026-11-17"
HEMLIG_RUBRIK = "Tillsynsärende – olovligt byggande på fastigheten Björkås 3:2"
HEMLIGT_DNR = "SBN 2025/640"
SEKRETESS = "Sekretess enligt 29 kap. 1 § OSL"
PUBLIK_TITEL = "Tillsynsärende enligt PBL"
MARKUP = r"Avgift #1 *fet* $x$ [länk](u) <b>tag</b> \ slut & _under_ `kod` @ref = 5 ~ |"


def lasbar_text(path: Path) -> str:
    """What a reader of the file sees, whitespace collapsed: PDF text, DOCX text, HTML and
    Markdown rendered and stripped of tags, plain text as is."""
    suffix = path.suffix.lstrip(".")
    if suffix == "pdf":
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    elif suffix == "docx":
        import docx

        doc = docx.Document(str(path))
        delar = [p.text for p in doc.paragraphs]
        delar += [c.text for t in doc.tables for r in t.rows for c in r.cells]
        for section in doc.sections:
            delar += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        text = "\n".join(delar)
    else:
        text = path.read_text(encoding="utf-8")
        if suffix == "md":
            from markdown_it import MarkdownIt

            text = MarkdownIt("commonmark").enable("table").render(text)
        if suffix in ("md", "html"):
            text = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", text, flags=re.S)
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


def dnr_som_visas(dnr: str) -> str:
    return re.sub(r"^Dnr\s+", "", dnr)


def exportera_alla(mote, organ, mapp: Path, *, public: bool = False) -> dict[str, str]:
    texter = {}
    for fmt in FORMAT:
        path = export_kallelse(mote, organ, fmt, mapp / f"kallelse.{fmt}", public=public)
        assert path == mapp / f"kallelse.{fmt}" and path.stat().st_size > 0
        texter[fmt] = lasbar_text(path)
    return texter


def stor_kallelse(antal: int = 25) -> tuple[Sammantrade, Organ]:
    organ = Organ(
        id="norrvik-ks",
        namn="Kommunstyrelsen",
        kortnamn="KS",
        typ=OrganTyp.STYRELSE,
        kommun="Norrviks kommun",
    )
    mote = Sammantrade(
        id="norrvik-ks-2026-12-07",
        organ_id="norrvik-ks",
        datum=date(2026, 12, 7),
        tid=klockslag(9),
        plats="Kommunhuset, Sessionssalen",
        distans="Ledamot kan delta på distans; meddela kansliet senast fredagen före.",
        osa="Förhinder anmäls till kansliet, 0920-45 61 20.",
        undertecknare=[Undertecknare("Anna-Karin Lund", "Ordförande")],
        andringar=[Andring(date(2026, 12, 2), "Ärende 25 har lagts till.")],
    )
    for n in range(1, antal + 1):
        rubrik = f"Ärende {n} om budget, investeringar och en rubrik som bryts över två rader"
        mote.arenden.append(Arende(id=f"a{n}", rubrik=rubrik, dnr=f"KS 2026/{100 + n}"))
    mote.arenden[-1].extra = True
    return mote, organ


# -- every format --------------------------------------------------------------------


def test_every_format_has_every_title_dnr_and_the_calling_sentence(store, ut):
    mote, organ = mote_och_organ(store, KF)
    texter = exportera_alla(mote, organ, ut)
    mening = (
        "Kommunfullmäktige sammanträder måndagen den 30 november 2026 i Folkets hus, "
        "Stora salen kl 18:00 för att behandla följande ärenden:"
    )
    for fmt, text in texter.items():
        assert mening in text, fmt
        assert "norrviks kommun" in text.lower() and "Kommunfullmäktige" in text, fmt
        for arende in mote.arenden:
            assert arende.rubrik in text, (fmt, arende.rubrik)
            if arende.dnr:
                assert dnr_som_visas(arende.dnr) in text, (fmt, arende.dnr)
        for namn in ("Agneta Holm", "Ordförande", "Johanna Sträng", "Kommunsekreterare"):
            assert namn in text, fmt
        assert "Ledamot som är förhindrad meddelar kansliet" in text, fmt


def test_nämnd_is_called_with_kallas_härmed(store):
    mote, organ = mote_och_organ(store, SBN)
    data = kallelse_data(mote, organ, public=False)
    inledning = data["inledning"]
    assert " ".join(inledning.values()) == (
        "Samhällsbyggnadsnämnden kallas härmed till sammanträde tisdagen den 17 november 2026 "
        "i Stadshuset, Rum Ekoxen kl 13:15 för att behandla följande ärenden:"
    )


def test_sentence_without_time_or_place_still_reads(store):
    mote, organ = mote_och_organ(store, SBN)
    mote.tid, mote.plats = None, ""
    assert kallelse_data(mote, organ, public=False)["inledning"]["nar"] == (
        "tisdagen den 17 november 2026"
    )


def test_data_is_json_and_numbers_items_in_order(store):
    mote, organ = mote_och_organ(store, SBN)
    data = kallelse_data(mote, organ, public=True)
    assert json.loads(json.dumps(data)) == data
    assert [a["nummer"] for a in data["arenden"]] == list(range(1, len(mote.arenden) + 1))


def test_pdf_is_a4_with_page_numbers_and_repeats_nothing_lost_over_pages(tmp_path):
    from pypdf import PdfReader

    mote, organ = stor_kallelse(25)
    path = export_kallelse(mote, organ, "pdf", tmp_path / "k.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in pt
    sidor = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert "1 (2)" in sidor[0] and "2 (2)" in sidor[1]
    text = lasbar_text(path)
    for arende in mote.arenden:
        assert arende.rubrik in text and dnr_som_visas(arende.dnr) in text
    assert "EXTRA ÄRENDE" in text
    assert "Ändringar efter utskick 2026-12-02 Ärende 25 har lagts till." in text


def test_txt_wraps_at_80_columns_under_the_item_number(tmp_path):
    mote, organ = stor_kallelse(3)
    mote.arenden[0].rubrik = "Lång rubrik " * 12
    path = export_kallelse(mote, organ, "txt", tmp_path / "k.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) <= 80
    forsta = next(i for i, line in enumerate(lines) if line.startswith("  1. Lång rubrik"))
    assert lines[forsta + 1].startswith("     Lång rubrik")
    assert lines[forsta + 2] == "     Dnr KS 2026/101"


def test_html_escapes_and_has_a_print_stylesheet(tmp_path):
    mote, organ = stor_kallelse(2)
    mote.arenden[0].rubrik = "<script>alert(1)</script>"
    text = export_kallelse(mote, organ, "html", tmp_path / "k.html").read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "@page { size: A4" in text and "@media print" in text


# -- public version ------------------------------------------------------------------


def test_public_version_hides_the_secret_item_in_every_format(store, ut):
    mote, organ = mote_och_organ(store, SBN)
    texter = exportera_alla(mote, organ, ut, public=True)
    for fmt, text in texter.items():
        assert HEMLIG_RUBRIK not in text, fmt
        assert "Ola Frisk" not in text, fmt  # the secret item's handläggare
        # Its number, Dnr and public title stay, and the law is cited.
        assert PUBLIK_TITEL in text and HEMLIGT_DNR in text and SEKRETESS in text, fmt
        assert "Bygglov för flerbostadshus, Hamnen 1:14" in text, fmt
        assert "0660-12 34 50" in text, fmt  # phone numbers are not personnummer
        assert "Version för publicering" in text, fmt


def test_members_version_shows_the_secret_item_marked(store, ut):
    mote, organ = mote_och_organ(store, SBN)
    for fmt, text in exportera_alla(mote, organ, ut).items():
        assert HEMLIG_RUBRIK in text and HEMLIGT_DNR in text and SEKRETESS in text, fmt
        assert "Version för publicering" not in text, fmt


def test_public_item_keeps_its_number(store):
    mote, organ = mote_och_organ(store, SBN)
    arenden = kallelse_data(mote, organ, public=True)["arenden"]
    hemlig = next(a for a in arenden if a["rubrik"] == PUBLIK_TITEL)
    assert hemlig["nummer"] == 6 and hemlig["dnr"] == HEMLIGT_DNR
    assert hemlig["noter"] == [SEKRETESS]


def test_personnummer_is_masked_in_every_public_format(store, ut):
    mote, organ = mote_och_organ(store, SBN)
    mote.arenden[4].rubrik = "Bygglov för 811218-9876, Hamnen 1:14"
    mote.osa = "Frågor till 19811218-9876 eller 0660-12 34 50."
    mote.andringar.append(Andring(date(2026, 11, 12), f"{HEMLIG_RUBRIK} har lagts till."))
    for fmt, text in exportera_alla(mote, organ, ut, public=True).items():
        assert "9876" not in text, fmt
        assert "Bygglov för ÅÅMMDD-XXXX, Hamnen 1:14" in text, fmt
        assert "Frågor till ÅÅÅÅMMDD-XXXX eller 0660-12 34 50." in text, fmt
        # The change log may name a secret item (by a former title too): only its date stays.
        assert HEMLIG_RUBRIK not in text and "Kallelsen har ändrats efter utskick." in text, fmt


# -- user text is data, never markup ------------------------------------------------


def test_markup_characters_print_literally_in_every_format(store, ut):
    mote, organ = mote_och_organ(store, KF)
    mote.arenden[5].rubrik = MARKUP
    mote.plats = "Sal #2 [övre] *plan*"
    for fmt, text in exportera_alla(mote, organ, ut).items():
        assert MARKUP in text, fmt
        assert "Sal #2 [övre] *plan*" in text, fmt


# -- errors and atomic writes -------------------------------------------------------


def test_unknown_format_is_a_domain_error_and_writes_nothing(store, ut):
    mote, organ = mote_och_organ(store, KF)
    with pytest.raises(DomainError, match="Okänt format ”xls” för kallelsen. Välj ett av: pdf"):
        export_kallelse(mote, organ, "xls", ut / "k.xls")
    assert list(ut.iterdir()) == []


def test_format_is_case_insensitive(store, ut):
    mote, organ = mote_och_organ(store, KF)
    assert export_kallelse(mote, organ, "PDF", ut / "k.pdf").read_bytes()[:4] == b"%PDF"


def test_directory_as_target_is_a_domain_error(store, ut):
    mote, organ = mote_och_organ(store, KF)
    mapp = ut / "mapp"
    mapp.mkdir()
    with pytest.raises(DomainError, match="det är en mapp"):
        export_kallelse(mote, organ, "pdf", mapp)
    assert list(mapp.iterdir()) == [] and list(ut.iterdir()) == [mapp]


def test_missing_folder_is_a_domain_error(store, ut):
    mote, organ = mote_och_organ(store, KF)
    with pytest.raises(DomainError, match="mappen .*saknas finns inte"):
        export_kallelse(mote, organ, "txt", ut / "saknas" / "k.txt")
    assert list(ut.iterdir()) == []


def test_file_as_folder_is_a_domain_error(store, ut):
    mote, organ = mote_och_organ(store, KF)
    (ut / "fil").write_text("x")
    with pytest.raises(DomainError, match="Kan inte spara kallelsen"):
        export_kallelse(mote, organ, "md", ut / "fil" / "k.md")
    assert [p.name for p in ut.iterdir()] == ["fil"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root skriver även i skrivskyddade mappar")
def test_read_only_folder_is_a_domain_error(store, ut):
    mote, organ = mote_och_organ(store, KF)
    mapp = ut / "las"
    mapp.mkdir()
    mapp.chmod(0o555)
    try:
        with pytest.raises(DomainError, match="saknar skrivrätt"):
            export_kallelse(mote, organ, "html", mapp / "k.html")
        assert list(mapp.iterdir()) == []
    finally:
        mapp.chmod(0o755)


def test_permission_denied_is_a_domain_error(tmp_path, monkeypatch):
    def nekad(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", nekad)
    with pytest.raises(DomainError, match="du saknar skrivrätt i mappen"):
        skriv_atomiskt(tmp_path / "k.txt", b"ny", "kallelsen")
    assert list(tmp_path.iterdir()) == []


def test_failed_render_leaves_the_old_file_untouched(store, ut, monkeypatch):
    mote, organ = mote_och_organ(store, KF)
    target = ut / "k.pdf"
    target.write_bytes(b"gammal")

    def trasig(_data):
        raise RuntimeError("typst kraschade")

    monkeypatch.setitem(kallelse_modul._RENDERARE, "pdf", trasig)
    with pytest.raises(RuntimeError):
        export_kallelse(mote, organ, "pdf", target)
    assert target.read_bytes() == b"gammal" and list(ut.iterdir()) == [target]


def test_failed_replace_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "k.txt"
    target.write_text("gammal")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(DomainError, match="disken är full"):
        skriv_atomiskt(target, b"ny", "kallelsen")
    assert target.read_text() == "gammal" and list(tmp_path.iterdir()) == [target]


def test_replacing_a_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "k.txt"
    target.write_text("gammal")
    target.chmod(0o640)
    skriv_atomiskt(target, b"ny", "kallelsen")
    assert target.read_bytes() == b"ny" and target.stat().st_mode & 0o777 == 0o640


# -- start-up cost and speed ---------------------------------------------------------


def test_importing_the_export_loads_no_heavy_library():
    code = (
        "import sys, kallelse_tui.export.kallelse\n"
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in "
        "('typst', 'docx', 'jinja2', 'pypdf', 'textual', 'tinydb')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []


def test_the_public_banner_appears_only_when_something_was_removed(store):
    mote, organ = mote_och_organ(store, "norrvik-ks-2026-10-19")  # nothing secret in it
    assert kallelse_data(mote, organ, public=True)["publik_not"] == ""
    mote.osa = "Frågor till 811218-9876."
    assert kallelse_data(mote, organ, public=True)["publik_not"] == (
        "Version för publicering: personnummer är borttagna."
    )
