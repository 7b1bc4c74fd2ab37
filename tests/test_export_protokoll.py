"""The protokoll export: what the law asks a protokoll to show, in every format; the
public version; the page footer; errors; the protokollsutdrag; the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.beslutsgang import beslutsgang
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Anteckning,
    AnteckningTyp,
    Beslutsunderlag,
    ListPost,
    Mottagare,
    Organ,
    Sammantrade,
    Syfte,
    Yrkande,
    YrkandeTyp,
)
from kallelse_tui.export.protokoll import FORMAT, export_protokoll, protokoll_data
from kallelse_tui.export.utdrag import export_utdrag, utdrag_data
from kallelse_tui.store import Store
from tests.conftest import mote_och_organ
from tests.test_export_kallelse import lasbar_text

KS = "norrvik-ks-2026-10-19"
SBN = "sjobacka-sbn-2026-11-17"
KF = "norrvik-kf-2026-11-30"  # kallad, no paragrafer yet
MARKOR = "Hemligmarkör Zq7"
HEMLIGT_DNR = "KS 2026/9911"
PUBLIK_TITEL = "Placeringsärende enligt SoL"


def lasbar(path: Path) -> str:
    """What a reader sees; for DOCX also the footer's boxes (a table in the footer)."""
    text = lasbar_text(path)
    if path.suffix == ".docx":
        import docx

        doc = docx.Document(str(path))
        celler = [
            c.text
            for s in doc.sections
            for f in (s.footer, s.first_page_footer)
            for t in f.tables
            for r in t.rows
            for c in r.cells
        ]
        text += " " + " ".join(" ".join(celler).split())
    return text


def exportera_alla(mote, organ, mapp: Path, *, public: bool = False) -> dict[str, str]:
    texter = {}
    for fmt in FORMAT:
        path = export_protokoll(mote, organ, fmt, mapp / f"protokoll.{fmt}", public=public)
        assert path == mapp / f"protokoll.{fmt}" and path.stat().st_size > 0
        texter[fmt] = lasbar(path)
    return texter


def luhn(nio: str) -> str:
    """Nine digits and the check digit that makes them a valid personnummer."""
    total = 0
    for i, tecken in enumerate(nio):
        produkt = int(tecken) * (2 if i % 2 == 0 else 1)
        total += produkt - 9 if produkt > 9 else produkt
    return nio + str((10 - total % 10) % 10)


# The shapes a personnummer is written in; each must disappear from the public version.
PERSONNUMMER = {
    "lång med streck": "19811218-9876",
    "kort med streck": "811218-9876",
    "kort utan streck": luhn("670305123"),
    "lång utan streck": "19" + luhn("590704246"),
    "samordningsnummer": "851274-3321",
    "samordningsnummer utan streck": luhn("910862554"),
}


# -- every format shows what the law asks for ---------------------------------------------


def test_every_format_has_every_required_element(store, ut):
    mote, organ = mote_och_organ(store, KS)
    texter = exportera_alla(mote, organ, ut)
    krav = [
        "Sammanträdesprotokoll".upper(),
        "Norrviks kommun".upper(),
        "Kommunstyrelsen",
        "Plats och tid",
        "Kommunhuset, Sessionssalen, måndagen den 19 oktober 2026 kl 09:00",
        "Beslutande",
        "Anna-Karin Lund (S), ordförande",
        "Mikael Forsberg (M), 1:e vice ordförande",
        "Tjänstgörande ersättare",
        "Göran Isaksson (M), ersätter Olof Sandberg (M)",
        "Malin Rönnqvist (SD), ersätter Jan Persson (SD) · Tjänstgör från § 176",
        "Jan Persson (SD) · Lämnar sammanträdet efter § 175",
        "Rolf Hägglund (S) · Deltar inte i § 178 på grund av jäv",
        "Kerstin Öhman (S), ersätter Rolf Hägglund (S) · Tjänstgör § 178",
        "Närvarande ersättare",
        "Ahmed Karimi (S)",
        "Övriga närvarande",
        "Lars Wennberg, kommundirektör",
        "Sanna Byström, ekonomichef, § 176",
        "Utses att justera",
        "Sofia Nilsson (C)",
        "Justeringens plats och tid",
        "Kommunhuset, 2026-10-23 kl 10:00",
        "Paragrafer",
        "§§ 171–181",
        # the signatures
        "Underskrifter",
        "Sekreterare",
        "Johanna Sträng",
        "Ordförande",
        # § 176: beslut, beskrivning, underlag, yrkanden, omröstning, reservation
        "Kommunstyrelsens beslut",
        "1. Kommunstyrelsen fastställer fördelningen av internbudget 2027 enligt bilaga 1.",
        "Ärendebeskrivning",
        "Fullmäktige har fastställt kommunstyrelsens ram för 2027.",
        "Beslutsunderlag",
        "Tjänsteskrivelse internbudget 2027, 2026-10-02",
        "Bilaga 1 Fördelning per verksamhet, 2026-10-02",
        "Behandling",
        "Anna-Karin Lund (S) yrkar bifall till arbetsutskottets förslag.",
        "Malin Rönnqvist (SD) yrkar att ramen för kultur minskas med 1,5 mkr som "
        "flyttas till äldreomsorgen. Pia Lindqvist (KD) yrkar bifall till Malin Rönnqvists "
        "(SD) yrkande.",
        "Ordföranden ställer proposition på bifall till arbetsutskottets förslag, Malin "
        "Rönnqvists (SD) ändringsyrkande och Lena Åkerlunds (V) ändringsyrkande och finner att "
        "kommunstyrelsen bifaller arbetsutskottets förslag.",
        "Ordföranden ställer därefter proposition på Malin Rönnqvists (SD) ändringsyrkande mot "
        "Lena Åkerlunds (V) ändringsyrkande för att utse motförslag i huvudvoteringen",
        "Voteringslista",
        "Ja-röst för bifall till arbetsutskottets förslag.",
        "Nej-röst för bifall till Malin Rönnqvists (SD) ändringsyrkande.",
        "Med 8 ja-röster mot 2 nej-röster, 1 avstår, beslutar kommunstyrelsen att bifalla "
        "arbetsutskottets förslag.",
        "Pia Lindqvist (KD), Malin Rönnqvist (SD)",
        "Eva Sjöberg (L)",
        "Reservation",
        "Malin Rönnqvist (SD) reserverar sig mot beslutet till förmån för eget yrkande",
        "Vi reserverar oss till förmån för vårt yrkande; äldreomsorgen behöver förstärkas "
        "redan 2027.",
        # § 178 jäv (once, in Behandling), § 179 protokollsanteckning
        "Rolf Hägglund (S) anmäler jäv och deltar inte i handläggningen. Kerstin Öhman (S) "
        "tjänstgör i stället.",
        "Protokollsanteckning",
        "Lena Åkerlund (V) lämnar följande protokollsanteckning:",
        "Vänsterpartiet vill att utbyggnaden redovisas årligen.",
        "Beslut skickas till",
        "Ekonomiavdelningen, för verkställighet",
        "Förvaltningschefer, för kännedom",
        "Akten",
        # the meddelanden and delegationsbeslut lists
        "Redovisade delegationsbeslut",
        "10.1 Upphandling och avtal",
        "Kommundirektör Lars Wennberg",
        "Länsstyrelsen meddelar beslut om bidrag till lokalt naturvårdsprojekt vid Storträsket.",
        "2026-00388",
        "Justerandes sign",
        "Utdragsbestyrkande",
    ]
    ja_namn = "Anna-Karin Lund (S), Mikael Forsberg (M), Sofia Nilsson (C)"
    for fmt, text in texter.items():
        lagre = text.lower()
        for bit in krav:
            assert bit.lower() in lagre, (fmt, bit)
        assert ja_namn in text, fmt
        for paragraf in mote.paragrafer:
            arende = mote.arende(paragraf.arende_id)
            assert f"§ {paragraf.nummer}" in text, (fmt, paragraf.nummer)
            assert arende.rubrik in text, (fmt, arende.rubrik)
            if arende.dnr:
                assert arende.dnr.removeprefix("Dnr ") in text, (fmt, arende.dnr)
            for rad in paragraf.beslut.splitlines():
                assert rad.strip() in text, (fmt, rad)
            if arende.beskrivning:
                assert arende.beskrivning in text, (fmt, arende.rubrik)


def test_paragrafer_come_in_number_order_after_the_first_page(store, ut):
    mote, organ = mote_och_organ(store, KS)
    mote.paragrafer.reverse()
    text = export_protokoll(mote, organ, "txt", ut / "p.txt").read_text()
    _forsta_sidan, paragrafer = text.split("Underskrifter", 1)
    platser = [re.search(rf"^§ {n}\b", paragrafer, re.M).start() for n in range(171, 182)]
    assert platser == sorted(platser)


def test_generated_beslutsgang_is_printed_when_the_secretary_wrote_none(store, ut):
    mote, organ = mote_och_organ(store, KS)
    paragraf = next(p for p in mote.paragrafer if p.nummer == 176)
    paragraf.behandling = ""
    paragraf.bifallna = ["y1"]
    ordalydelse = beslutsgang(paragraf, mote, organ)
    assert ordalydelse.startswith("Ordföranden ställer proposition på")
    for fmt, text in exportera_alla(mote, organ, ut).items():
        # A PDF line may break after "nej-": the extracted text then has "nej- röst".
        assert " ".join(ordalydelse.split()) in text.replace("- ", "-"), fmt


def test_reservation_without_motivation_says_it_is_to_come(store):
    mote, organ = mote_och_organ(store, SBN)
    data = protokoll_data(mote, organ, False)
    paragraf = next(p for p in data["paragrafer"] if p["nummer"] == 105)
    reservation = next(a for a in paragraf["avsnitt"] if a["rubrik"] == "Reservation")
    assert reservation["stycken"] == [
        "Sara Blom (S) reserverar sig mot beslutet till förmån för Ida Lindholms (V) "
        "avslagsyrkande.",
        "Yasmin Haddad (S) reserverar sig mot beslutet till förmån för Ida Lindholms (V) "
        "avslagsyrkande.",
        "Ida Lindholm (V) reserverar sig mot beslutet till förmån för eget yrkande.",
        "Skriftlig motivering ska lämnas före justeringen.",
    ]


def test_omedelbar_justering_and_kontrollsumma_are_printed(store, ut):
    mote, organ = mote_och_organ(store, KS)
    next(p for p in mote.paragrafer if p.nummer == 177).omedelbar_justering = True
    assert mote.justering is not None
    mote.justering.protokoll_hash = "0123456789abcdef" * 4
    for fmt, text in exportera_alla(mote, organ, ut).items():
        assert "Paragrafen förklaras omedelbart justerad" in text, fmt
        assert "Kontrollsumma: 0123456789ab" in text and "0123456789abc" not in text, fmt


def test_no_kontrollsumma_without_a_hash(store):
    justerat, organ = mote_och_organ(store, KS)
    assert justerat.justering is not None
    kort = justerat.justering.protokoll_hash[:12]
    assert protokoll_data(justerat, organ, False)["kontrollsumma"] == f"Kontrollsumma: {kort}"
    mote, _ = mote_och_organ(store, KS)
    mote.justering.protokoll_hash = ""  # not justerat yet: nothing to print
    mote.justering = None
    data = protokoll_data(mote, organ, False)
    assert data["kontrollsumma"] == "" and data["justerare"] == []
    assert [u["roll"] for u in data["underskrifter"]] == ["Sekreterare", "Ordförande", "Justerande"]


def test_data_is_json(store):
    for mote_id in (KS, SBN, "norrvik-ksau-2026-11-09"):
        mote, organ = mote_och_organ(store, mote_id)
        for public in (False, True):
            data = protokoll_data(mote, organ, public)
            assert json.loads(json.dumps(data)) == data


# -- the PDF's pages ------------------------------------------------------------------------


def test_every_pdf_page_has_the_boxes_and_its_number(store, ut):
    from pypdf import PdfReader

    mote, organ = mote_och_organ(store, KS)
    reader = PdfReader(export_protokoll(mote, organ, "pdf", ut / "p.pdf"))
    sidor = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(sidor) >= 3
    for i, sida in enumerate(sidor, start=1):
        assert "Justerandes sign" in sida and "Utdragsbestyrkande" in sida, i
        assert f"{i} ({len(sidor)})" in sida, i
        assert "SAMMANTRÄDESPROTOKOLL" in sida and "Kommunstyrelsen" in sida, i
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    # The first page is the närvaro page; the §§ begin on the next.
    assert "Underskrifter" in sidor[0] and "Kommunstyrelsens beslut" not in sidor[0]


def test_docx_footer_has_page_fields_and_html_a_print_stylesheet(store, ut):
    import zipfile

    mote, organ = mote_och_organ(store, KS)
    docx_path = export_protokoll(mote, organ, "docx", ut / "p.docx")
    with zipfile.ZipFile(docx_path) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert any('w:instr="PAGE"' in f and 'w:instr="NUMPAGES"' in f for f in footers)
    assert all("Justerandes sign" in f for f in footers if "w:instr" in f)
    html_text = export_protokoll(mote, organ, "html", ut / "p.html").read_text()
    assert "@media print" in html_text and 'counter(page) " (" counter(pages) ")"' in html_text


def test_txt_stays_within_80_columns(store, ut):
    mote, organ = mote_och_organ(store, KS)
    lines = export_protokoll(mote, organ, "txt", ut / "p.txt").read_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)


# -- the public version ---------------------------------------------------------------------


def hemligt_mote(store: Store) -> tuple[Sammantrade, Organ]:
    """The KS protokoll with § 177 sekretess-marked and carrying a marker everywhere, and
    personnummer in every shape in the texts of other §§ and the närvaro."""
    mote, organ = mote_och_organ(store, KS)
    paragraf = next(p for p in mote.paragrafer if p.nummer == 177)
    hemlig = mote.arende(paragraf.arende_id)
    hemlig.sekretess, hemlig.osl = True, "OSL 26 kap. 1 §"
    hemlig.rubrik = f"Placering av barn {MARKOR}"
    hemlig.dnr = HEMLIGT_DNR
    hemlig.publik_titel = PUBLIK_TITEL
    hemlig.beskrivning = f"Bakgrund {MARKOR} för {PERSONNUMMER['kort med streck']}."
    hemlig.beslutsunderlag.append(Beslutsunderlag("u99", f"Utredning {MARKOR}"))
    hemlig.skickas_till.append(Mottagare(f"Vårdnadshavare {MARKOR}", Syfte.KANNEDOM))
    hemlig.poster.append(ListPost(1, f"Post {MARKOR}", "KS 2026/9912", None, MARKOR))
    paragraf.beslut = f"Beslut om {MARKOR}."
    paragraf.behandling = f"Behandling {MARKOR}."
    paragraf.yrkanden.append(Yrkande("y9", "l2", YrkandeTyp.ANDRING, f"Yrkande {MARKOR}"))
    paragraf.anteckningar.append(
        Anteckning(AnteckningTyp.RESERVATION, ["l7"], f"Motivering {MARKOR}")
    )
    # A sekretess-marked document in an open ärende keeps its line but not its title.
    oppen = mote.arende(next(p for p in mote.paragrafer if p.nummer == 176).arende_id)
    oppen.beslutsunderlag.append(
        Beslutsunderlag("u98", f"Läkarintyg {MARKOR}", sekretess=True, osl="OSL 25 kap. 1 §")
    )
    nummer = list(PERSONNUMMER.values())
    oppen.beskrivning += " Sökande " + ", ".join(nummer[:3]) + "."
    next(p for p in mote.paragrafer if p.nummer == 176).beslut += f"\nGäller {nummer[3]}."
    mote.ovriga_narvarande[0].titel = f"kommundirektör ({nummer[4]})"
    next(p for p in mote.paragrafer if p.nummer == 179).anteckningar[
        0
    ].motivering += f" Se {nummer[5]}."
    return mote, organ


def test_public_version_hides_sekretess_and_every_personnummer_in_every_format(store, ut):
    mote, organ = hemligt_mote(store)
    for fmt, text in exportera_alla(mote, organ, ut, public=True).items():
        assert MARKOR.lower() not in text.lower(), fmt
        assert "9912" not in text, fmt
        for form, nummer in PERSONNUMMER.items():
            assert nummer not in text and nummer[-4:] not in text, (fmt, form)
        assert "Sekretess enligt 26 kap. 1 § OSL" in text, fmt
        # The § keeps its number, its Dnr and the public title the secretary wrote.
        assert "§ 177" in text and HEMLIGT_DNR in text and PUBLIK_TITEL in text, fmt
        assert "Handling som omfattas av sekretess" in text, fmt
        assert "Version för publicering" in text, fmt
        assert "ÅÅMMDD-XXXX" in text and "ÅÅÅÅMMDD-XXXX" in text, fmt
        # What is not secret is still there.
        assert "Tjänsteskrivelse internbudget 2027, 2026-10-02" in text, fmt
        reservation = "Malin Rönnqvist (SD) reserverar sig mot beslutet till förmån för eget"
        assert reservation in text, fmt
        assert "2026-00318 04" in text and "Beslut skickas till" in text, fmt


def test_members_version_shows_everything_and_marks_the_secret(store, ut):
    mote, organ = hemligt_mote(store)
    for fmt, text in exportera_alla(mote, organ, ut).items():
        assert MARKOR in text and HEMLIGT_DNR in text, fmt
        assert PERSONNUMMER["lång med streck"] in text, fmt
        assert "Sekretess enligt 26 kap. 1 § OSL" in text, fmt
        assert "Version för publicering" not in text, fmt


def test_public_secret_paragraf_keeps_number_dnr_public_title_and_cites_the_law(store):
    mote, organ = hemligt_mote(store)
    data = protokoll_data(mote, organ, True)
    hemlig = next(p for p in data["paragrafer"] if p["nummer"] == 177)
    assert hemlig["rubrik"] == PUBLIK_TITEL and hemlig["dnr"] == HEMLIGT_DNR
    assert [a["stycken"] for a in hemlig["avsnitt"]] == [["Sekretess enligt 26 kap. 1 § OSL"]]
    assert data["publik_not"] == (
        "Version för publicering: uppgifter som omfattas av sekretess och personnummer är "
        "borttagna."
    )


def test_the_public_banner_says_what_was_removed_and_only_when_something_was(store):
    mote, organ = mote_och_organ(store, KS)
    assert protokoll_data(mote, organ, True)["publik_not"] == ""
    mote.paragrafer[0].beslut += " Gäller 811218-9876."
    assert protokoll_data(mote, organ, True)["publik_not"] == (
        "Version för publicering: personnummer är borttagna."
    )


def test_public_jav_in_a_secret_paragraf_gives_no_reason(store):
    mote, organ = mote_och_organ(store, SBN)  # § 106 is secret and has a jäv
    data = protokoll_data(mote, organ, True)
    noter = [n for p in data["ledamoter"] for n in p["noter"]]
    assert "Deltar inte i § 106" in noter
    assert not any("jäv" in n for n in noter)


# -- errors ---------------------------------------------------------------------------------


def test_unknown_format_writes_nothing(store, ut):
    mote, organ = mote_och_organ(store, KS)
    with pytest.raises(DomainError, match="Okänt format ”odt” för protokollet. Välj ett av: pdf"):
        export_protokoll(mote, organ, "odt", ut / "p.odt")
    assert list(ut.iterdir()) == []


def test_missing_folder_writes_nothing(store, ut):
    mote, organ = mote_och_organ(store, KS)
    with pytest.raises(DomainError, match="mappen .*saknas finns inte"):
        export_protokoll(mote, organ, "pdf", ut / "saknas" / "p.pdf")
    assert list(ut.iterdir()) == []


def test_meeting_without_paragrafer_is_refused(store, ut):
    mote, organ = mote_och_organ(store, KF)
    for fmt in FORMAT:
        with pytest.raises(DomainError) as fel:
            export_protokoll(mote, organ, fmt, ut / f"p.{fmt}")
        assert str(fel.value) == (
            f"Sammanträdet {KF} har inga paragrafer ännu; protokollet kan inte skrivas ut."
        )
    assert list(ut.iterdir()) == []


def test_cli_errors_are_one_swedish_sentence_and_exit_2(demo_dir, ut, capsys):
    def kor(*args: str) -> tuple[int, str]:
        kod = main(["export", *args, "--store", str(demo_dir)])
        return kod, capsys.readouterr().err

    kod, fel = kor("protokoll", KF, "--format", "pdf", "-o", str(ut / "p.pdf"))
    assert kod == 2 and fel == (
        f"kallelse: Sammanträdet {KF} har inga paragrafer ännu; protokollet kan inte skrivas ut.\n"
    )
    kod, fel = kor("protokoll", KS, "--format", "xls", "-o", str(ut / "p.xls"))
    assert kod == 2 and "Okänt format ”xls” för protokollet" in fel
    kod, fel = kor("protokoll", KS, "--format", "pdf", "-o", str(ut / "nej" / "p.pdf"))
    assert kod == 2 and "finns inte" in fel and fel.count("\n") == 1
    kod, fel = kor("utdrag", KS, "--format", "pdf", "-o", str(ut / "u.pdf"))
    assert kod == 2 and "--paragraf N" in fel
    kod, fel = kor("utdrag", KS, "--format", "pdf", "-o", str(ut / "u.pdf"), "--paragraf", "99")
    assert kod == 2 and "ingen § 99; paragraferna är §§ 171–181" in fel
    assert list(ut.iterdir()) == []


def test_cli_exports_the_protokoll_in_a_subprocess(demo_dir, ut):
    target = ut / "protokoll.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kallelse_tui",
            "export",
            "protokoll",
            KS,
            "--format",
            "pdf",
            "-o",
            str(target),
            "--public",
            "--store",
            str(demo_dir),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    text = lasbar(target)
    # Nothing in the demo's KS protokoll is secret or a personnummer: no banner.
    assert "§ 176" in text and "Version för publicering" not in text


# -- protokollsutdrag -----------------------------------------------------------------------


def test_utdrag_has_the_paragraf_the_header_and_the_bestyrkande(store, ut):
    mote, organ = mote_och_organ(store, KS)
    for fmt in FORMAT:
        path = export_utdrag(
            mote,
            organ,
            fmt,
            ut / f"u.{fmt}",
            [176],
            bestyrkt_av="Johanna Sträng",
            datum=date(2026, 10, 26),
        )
        text = lasbar(path)
        assert "protokollsutdrag" in text.lower(), fmt
        for bit in (
            "Kommunstyrelsen",
            "Sammanträdesdatum 2026-10-19",
            "§ 176",
            "Fördelning av kommunstyrelsens internbudget 2027",
            "Malin Rönnqvist (SD) reserverar sig mot beslutet till förmån för eget yrkande",
            "Rätt utdraget betygar",
            "Johanna Sträng",
            "2026-10-26",
            "Justerandes sign",
            "Utdragsbestyrkande",
        ):
            assert bit in text, (fmt, bit)
        assert "§ 177" not in text and "Lokalförsörjningsplan" not in text, fmt
        assert "Underskrifter" not in text, fmt


def test_utdrag_of_several_paragrafer_and_unknown_ones(store):
    mote, organ = mote_och_organ(store, KS)
    data = utdrag_data(mote, organ, [178, 176])
    assert [p["nummer"] for p in data["paragrafer"]] == [176, 178]
    assert data["utdrag"]["paragrafer"] == "§§ 176, 178"
    with pytest.raises(DomainError, match="ingen § 12"):
        utdrag_data(mote, organ, [176, 12])


def test_cli_exports_an_utdrag(demo_dir, ut, capsys):
    target = ut / "utdrag.txt"
    kod = main(
        [
            "export",
            "utdrag",
            KS,
            "--paragraf",
            "178",
            "--format",
            "txt",
            "-o",
            str(target),
            "--store",
            str(demo_dir),
        ]
    )
    assert kod == 0, capsys.readouterr().err
    text = target.read_text()
    assert "§ 178" in text and "Rätt utdraget betygar" in text and "§ 176" not in text


# -- start-up cost ----------------------------------------------------------------------------


def test_importing_the_protokoll_export_loads_no_heavy_library():
    code = (
        "import sys, kallelse_tui.export.protokoll\n"
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in "
        "('typst', 'docx', 'jinja2', 'pypdf', 'textual', 'tinydb')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []


def test_a_justerat_protokoll_without_motivation_says_none_came(store):
    mote, organ = mote_och_organ(store, KS)
    assert mote.last
    paragraf = next(p for p in mote.paragrafer if p.nummer == 176)
    paragraf.anteckningar[0].motivering = ""
    data = protokoll_data(mote, organ, False)
    stycken = [
        s for p in data["paragrafer"] for a in p["avsnitt"] for s in a["stycken"] if "motiv" in s
    ]
    assert stycken == ["Ingen skriftlig motivering lämnades före justeringen."]


def test_public_version_prints_the_checksum_unmasked(store):
    # "1212121212" between two letters is shaped like a personnummer (Tolvan's): the
    # masking must not touch the checksum, or the printed one would not match.
    mote, organ = mote_och_organ(store, KS)
    mote.justering.protokoll_hash = "a1212121212b" + "0" * 52
    assert protokoll_data(mote, organ, True)["kontrollsumma"] == "Kontrollsumma: a1212121212b"


@pytest.mark.parametrize("fmt", ["pdf", "txt", "docx"])
def test_exports_with_unmasked_personal_data_are_for_the_owner_only(store, ut, fmt):
    """The members' protokoll, utdrag and kallelse are 0600, also over a file that was not;
    public versions follow the umask."""
    import os

    from kallelse_tui.export.kallelse import export_kallelse

    mote, organ = mote_och_organ(store, KS)
    gammal = os.umask(0o022)
    try:
        for namn, export in [
            ("protokoll", lambda p, pub: export_protokoll(mote, organ, fmt, p, public=pub)),
            ("utdrag", lambda p, pub: export_utdrag(mote, organ, fmt, p, [176], public=pub)),
            ("kallelse", lambda p, pub: export_kallelse(mote, organ, fmt, p, public=pub)),
        ]:
            target = ut / f"{namn}.{fmt}"
            target.write_bytes(b"")
            target.chmod(0o644)
            assert export(target, False).stat().st_mode & 0o777 == 0o600, namn
            publik = export(ut / f"{namn}-publik.{fmt}", True)
            assert publik.stat().st_mode & 0o777 == 0o644, namn
    finally:
        os.umask(gammal)
