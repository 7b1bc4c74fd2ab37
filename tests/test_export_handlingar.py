"""The handlingar bundle: kallelse then every ärende's documents in agenda order, bookmarks,
the public version without any trace of sekretess documents, placeholders for what cannot
be included, atomic writes, progress, and the time for a realistic bundle."""

from __future__ import annotations

import errno
import hashlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Arende,
    Beslutsunderlag,
    Organ,
    OrganTyp,
    Sammantrade,
    UnderlagTyp,
)
from kallelse_tui.export.handlingar import export_handlingar
from kallelse_tui.store import Store

MOTE = "norrvik-ks-2026-10-19"
MARKUP = r"Avgift #1 *fet* $x$ [länk](u) <b>tag</b> \ slut & _under_ `kod` @ref = 5 ~ |"
PERSONNUMMER = "19850101-1236"
BORGEN_RUBRIK = "Borgen för Norrviks Bostäder AB:s nyproduktion i kvarteret Lärkan"
HEMLIGT = (  # everything of the two sekretess documents that must not reach a public bundle
    "HEMLIGKREDITTEXT",
    "Kreditupplysning Lärkan",
    "kreditupplysning-larkan.pdf",
    "HEMLIGRAPPORTTEXT",
    "Inspektionsrapport hemtjänsten",
    "inspektion.txt",
    "HEMLIGFORELAGGANDE",
    "Föreläggande vite",
    "forelaggande.pdf",
    "arbetsmiljöverkets inspektion",  # the hidden ärende's own title
)

# A minimal template for attachments: one page per text, a heading on each so the
# attachment has bookmarks of its own.
_BILAGEMALL = """#let d = json(bytes(sys.inputs.data))
#set page(paper: "a4")
#set text(lang: "sv")
#for (i, t) in d.sidor.enumerate() {
  if i > 0 { pagebreak() }
  heading(t)
  [Bilagans text. #lorem(120)]
}
"""


# --- attachments ---------------------------------------------------------------------------


def pdf_fabrik_i(mapp: Path) -> Callable[[tuple[str, ...]], bytes]:
    """PDF bytes with one page per text, typeset once per distinct request (fast enough to
    make hundreds of attachments)."""
    mall = mapp / "bilaga.typ"
    mall.write_text(_BILAGEMALL, encoding="utf-8")
    cache: dict[tuple[str, ...], bytes] = {}

    def pdf(sidor: tuple[str, ...]) -> bytes:
        if sidor not in cache:
            import typst

            data = json.dumps({"sidor": list(sidor)}, ensure_ascii=False)
            cache[sidor] = typst.compile(
                str(mall), sys_inputs={"data": data}, ignore_system_fonts=True
            )
        return cache[sidor]

    return pdf


@pytest.fixture(scope="session")
def pdf_fabrik(tmp_path_factory: pytest.TempPathFactory) -> Callable[[tuple[str, ...]], bytes]:
    return pdf_fabrik_i(tmp_path_factory.mktemp("mall"))


def krypterad(pdf: bytes, anvandare: str) -> bytes:
    """`pdf` encrypted with RC4 (pypdf can do that without the cryptography package)."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.encrypt(user_password=anvandare, owner_password="ägarlösen", algorithm="RC4-128")
    ut = BytesIO()
    writer.write(ut)
    return ut.getvalue()


def docx_bytes(stycken: list[str]) -> bytes:
    from io import BytesIO

    import docx

    doc = docx.Document()
    for stycke in stycken:
        doc.add_paragraph(stycke)
    ut = BytesIO()
    doc.save(ut)
    return ut.getvalue()


def docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@dataclass
class Lager:
    """Files by SHA-256 in a folder, and the two resolvers the export takes, counting calls."""

    mapp: Path
    filer: dict[str, Path] = field(default_factory=dict)
    fragade: list[str] = field(default_factory=list)  # titles fil_for/text_for were asked for
    n: int = 0

    def lagg(self, titel: str, filnamn: str, data: bytes | None, **kw: Any) -> Beslutsunderlag:
        """A Beslutsunderlag; `data` None means the file is not in the store."""
        sha = hashlib.sha256(data if data is not None else filnamn.encode()).hexdigest()
        if data is not None:
            path = self.mapp / sha
            path.write_bytes(data)
            self.filer[sha] = path
        self.n += 1
        storlek = len(data) if data is not None else 0
        return Beslutsunderlag(
            id=f"u{self.n}", titel=titel, filnamn=filnamn, sha256=sha, storlek=storlek, **kw
        )

    def fil_for(self, u: Beslutsunderlag) -> Path:
        self.fragade.append(u.titel)
        return self.filer.get(u.sha256, self.mapp / "saknas" / u.sha256)

    def text_for(self, u: Beslutsunderlag) -> str:
        self.fragade.append(u.titel)
        if u.filnamn.endswith(".docx"):
            return docx_text(self.filer[u.sha256])
        return ""


@dataclass
class Mote:
    mote: Sammantrade
    organ: Organ
    lager: Lager

    def export(self, target: Path, **kw: Any) -> Path:
        return export_handlingar(
            self.mote,
            self.organ,
            target,
            fil_for=self.lager.fil_for,
            text_for=self.lager.text_for,
            **kw,
        )


@pytest.fixture
def mote(demo_dir: Path, tmp_path: Path, pdf_fabrik) -> Iterator[Mote]:
    """The demo KS meeting with a document of every kind on its ärenden (numbers 4–10)."""
    store = Store.open(demo_dir, readonly=True)
    sammantrade = store.meeting(MOTE)
    organ = store.organ(sammantrade.organ_id)
    store.close()
    (tmp_path / "filer").mkdir()
    lager = Lager(tmp_path / "filer")
    a = {x.id: x for x in sammantrade.arenden}
    a["a4"].beslutsunderlag = [
        lager.lagg(
            "Meddelandelista oktober",
            "meddelanden.txt",
            "\n".join(
                [
                    "MEDDELANDETEXT första raden",
                    "andra raden",
                    "",
                    f"Personnummer {PERSONNUMMER}.",
                    MARKUP,
                ]
            ).encode(),
        )
    ]
    a["a6"].beslutsunderlag = [
        lager.lagg(
            "Tjänsteskrivelse internbudget 2027",
            "tjansteskrivelse.pdf",
            pdf_fabrik(("TJANSTESKRIVELSE sida 1", "TJANSTESKRIVELSE sida 2")),
            typ=UnderlagTyp.TJANSTESKRIVELSE,
            datum=date(2026, 9, 30),
        ),
        lager.lagg("Karta över verksamheterna", "karta.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 3000),
        lager.lagg("Budgettabell", "budget.xlsx", b"PK\x03\x04" + b"\0" * 2_000_000),
    ]
    a["a7"].beslutsunderlag = [
        lager.lagg(
            "Lokalförsörjningsplan förskola Västerbyn",
            "lokalplan.docx",
            docx_bytes(
                ["LOKALPLANTEXT inledning.", "Andra stycket med åäö § – ”citat” €.", MARKUP]
            ),
        )
    ]
    a["a8"].beslutsunderlag = [
        lager.lagg(
            "Kreditupplysning Lärkan AB",
            "kreditupplysning-larkan.pdf",
            pdf_fabrik(("HEMLIGKREDITTEXT",)),
            sekretess=True,
            osl="OSL 31 kap. 16 §",
        ),
        lager.lagg("Borgensavtal", "borgensavtal.pdf", pdf_fabrik(("BORGENSAVTAL",))),
    ]
    a["a9"].beslutsunderlag = [
        lager.lagg("Trasig bilaga", "trasig.pdf", b"%PDF-1.7\nnot really a pdf\n" * 20),
        lager.lagg("Borttappad bilaga", "borttappad.pdf", None),
        lager.lagg("Låst bilaga", "last.pdf", krypterad(pdf_fabrik(("LAST",)), "hemligt")),
        lager.lagg("Skyddad bilaga", "skyddad.pdf", krypterad(pdf_fabrik(("SKYDDAD",)), "")),
        lager.lagg("Motionen", "motion.md", b"# MOTIONSTEXT\n\nLaddstolpar *nu*.\n"),
    ]
    a["a10"].sekretess, a["a10"].osl = True, "39 kap. 3 §"
    a["a10"].beslutsunderlag = [
        lager.lagg(
            "Inspektionsrapport hemtjänsten", "inspektion.txt", b"HEMLIGRAPPORTTEXT om hemtjansten"
        ),
        lager.lagg("Föreläggande vite", "forelaggande.pdf", pdf_fabrik(("HEMLIGFORELAGGANDE",))),
    ]
    yield Mote(sammantrade, organ, lager)


# --- reading the bundle --------------------------------------------------------------------


def sidtexter(path: Path) -> list[str]:
    """Each page's text, whitespace collapsed (pypdf: CI has no poppler)."""
    from pypdf import PdfReader

    return [" ".join((sida.extract_text() or "").split()) for sida in PdfReader(path).pages]


def bokmarken(path: Path) -> list[Any]:
    """The outline as nested lists: (title, page) and a list after an item for its children."""
    from pypdf import PdfReader

    reader = PdfReader(path)

    def gå(nivå: list[Any]) -> list[Any]:
        return [
            gå(x) if isinstance(x, list) else (x.title, reader.get_destination_page_number(x))
            for x in nivå
        ]

    return gå(reader.outline)


def titlar(outline: list[Any]) -> list[str]:
    return [t for x in outline for t in (titlar(x) if isinstance(x, list) else [x[0]])]


def kallelsesidor(path: Path) -> int:
    """The kallelse's pages at the front of a bundle: where the first ärende begins."""
    outline = bokmarken(path)
    return outline[1][1] if len(outline) > 1 else len(sidtexter(path))


def sida_med(sidor: list[str], text: str) -> int:
    träffar = [i for i, s in enumerate(sidor) if text in s]
    assert len(träffar) == 1, f"{text!r} på sidorna {träffar}"
    return träffar[0]


# --- the members' bundle -------------------------------------------------------------------


def test_bundle_has_kallelse_then_documents_in_agenda_order(mote: Mote, tmp_path: Path):
    path = mote.export(tmp_path / "handlingar.pdf")
    sidor = sidtexter(path)
    k = kallelsesidor(path)
    # 4: list + txt · 5: list · 6: pdf 2 + placeholder (png, xlsx) · 7: docx · 8: pdf + pdf
    # 9: placeholder (broken, missing, locked) + owner-only pdf + md · 10: txt + pdf
    assert len(sidor) == k + 2 + 1 + 3 + 1 + 2 + 3 + 2
    assert "KALLELSE" in sidor[0] and "Kommunstyrelsen" in sidor[0]
    ordning = [
        "Storträsket",  # the meddelanden list is printed under its ärende
        "MEDDELANDETEXT",
        "Kommuninvest",  # so is the delegationsbeslut list
        "TJANSTESKRIVELSE sida 1",
        "TJANSTESKRIVELSE sida 2",
        "Bilagan ”Karta över verksamheterna”",
        "LOKALPLANTEXT",
        "HEMLIGKREDITTEXT",
        "BORGENSAVTAL",
        "Bilagan ”Trasig bilaga”",
        "SKYDDAD",
        "MOTIONSTEXT",
        "HEMLIGRAPPORTTEXT",
        "HEMLIGFORELAGGANDE",
    ]
    assert [sida_med(sidor, t) for t in ordning] == list(range(k, len(sidor)))


def test_bookmarks_nest_documents_under_their_ärende(mote: Mote, tmp_path: Path):
    path = mote.export(tmp_path / "handlingar.pdf")
    k = kallelsesidor(path)
    assert bokmarken(path) == [
        ("Kallelse", 0),
        ("4. Meddelanden KS 2026-10-19", k),
        [("Meddelanden", k), ("Meddelandelista oktober", k + 1)],
        ("5. Redovisning av delegationsbeslut", k + 2),
        [("Redovisade delegationsbeslut", k + 2)],
        ("6. Fördelning av kommunstyrelsens internbudget 2027", k + 3),
        [
            ("Tjänsteskrivelse internbudget 2027", k + 3),
            # the attachment's own bookmarks stay, one level further in
            [("TJANSTESKRIVELSE sida 1", k + 3), ("TJANSTESKRIVELSE sida 2", k + 4)],
            ("Karta över verksamheterna", k + 5),
            ("Budgettabell", k + 5),
        ],
        ("7. Lokalförsörjningsplan för förskolan i Västerbyn", k + 6),
        [("Lokalförsörjningsplan förskola Västerbyn", k + 6)],
        ("8. " + BORGEN_RUBRIK, k + 7),
        [
            ("Kreditupplysning Lärkan AB", k + 7),
            [("HEMLIGKREDITTEXT", k + 7)],
            ("Borgensavtal", k + 8),
            [("BORGENSAVTAL", k + 8)],
        ],
        ("9. Motionssvar – Laddstolpar vid kommunens anläggningar", k + 9),
        [
            ("Trasig bilaga", k + 9),
            ("Borttappad bilaga", k + 9),
            ("Låst bilaga", k + 9),
            ("Skyddad bilaga", k + 10),
            [("SKYDDAD", k + 10)],
            ("Motionen", k + 11),
        ],
        ("10. Information om arbetsmiljöverkets inspektion av hemtjänsten", k + 12),
        [
            ("Inspektionsrapport hemtjänsten", k + 12),
            ("Föreläggande vite", k + 13),
            [("HEMLIGFORELAGGANDE", k + 13)],
        ],
    ]


def test_pages_are_numbered_over_the_whole_bundle_and_the_kallelse_points_to_them(
    mote: Mote, tmp_path: Path
):
    path = mote.export(tmp_path / "handlingar.pdf")
    sidor = sidtexter(path)
    totalt = len(sidor)
    k = kallelsesidor(path)
    # The kallelse counts with the bundle; every later page, copied PDFs too, is stamped.
    assert sidor[0].endswith(f"1 ({totalt})")
    for n in range(k, totalt):
        assert f"sida {n + 1} ({totalt})" in sidor[n], n
    kallelse = " ".join(sidor[:k])
    outline = bokmarken(path)
    for titel, sida in [x for x in outline[1:] if isinstance(x, tuple)]:
        nummer = titel.split(".")[0]
        assert f"Handlingar sida {sida + 1}" in kallelse, nummer
    assert "Handlingar sida" not in kallelse.split("Upprop")[1].split("Meddelanden KS")[0]


def test_the_bundle_keeps_its_title_and_language(mote: Mote, tmp_path: Path):
    from pypdf import PdfReader

    reader = PdfReader(mote.export(tmp_path / "handlingar.pdf"))
    assert reader.metadata is not None
    assert reader.metadata.title == "Handlingar Kommunstyrelsen 2026-10-19"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv-SE" and root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_members_bundle_is_readable_by_the_owner_only_and_the_public_one_by_the_umask(
    mote: Mote, tmp_path: Path
):
    import os

    gammal = os.umask(0o022)
    try:
        intern = mote.export(tmp_path / "intern.pdf")
        publik = mote.export(tmp_path / "publik.pdf", public=True)
    finally:
        os.umask(gammal)
    assert intern.stat().st_mode & 0o777 == 0o600
    assert publik.stat().st_mode & 0o777 == 0o644


def test_text_documents_are_typeset_literally_under_their_ärende(mote: Mote, tmp_path: Path):
    sidor = sidtexter(mote.export(tmp_path / "handlingar.pdf"))
    txt = sidor[sida_med(sidor, "MEDDELANDETEXT")]
    assert "ÄRENDE 4" in txt and "Meddelanden KS 2026-10-19" in txt and "Dnr 2026-00412" in txt
    assert "Meddelandelista oktober" in txt
    assert "meddelanden.txt" not in txt  # titles, not file names
    assert MARKUP in txt and PERSONNUMMER in txt  # plain text is not Markdown
    docx = sidor[sida_med(sidor, "LOKALPLANTEXT")]
    assert "Lokalförsörjningsplan förskola Västerbyn" in docx and "KS 2025/207" in docx
    assert "Andra stycket med åäö § – ”citat” €." in docx and MARKUP in docx
    md = sidor[sida_med(sidor, "MOTIONSTEXT")]
    assert "MOTIONSTEXT" in md and "Laddstolpar nu." in md  # Markdown typeset, not shown
    assert "#" not in md and "*" not in md


def test_files_that_cannot_be_typeset_get_one_placeholder_page(mote: Mote, tmp_path: Path):
    sidor = sidtexter(mote.export(tmp_path / "handlingar.pdf"))
    sida = sidor[sida_med(sidor, "Karta över verksamheterna")]
    assert "Bilagan ”Karta över verksamheterna” (PNG, 3 kB) finns tillgänglig separat." in sida
    assert "Bilagan ”Budgettabell” (XLSX, 2,0 MB) finns tillgänglig separat." in sida
    assert "ÄRENDE 6" in sida and "Fördelning av kommunstyrelsens internbudget 2027" in sida


def test_broken_locked_and_missing_files_become_placeholders(mote: Mote, tmp_path: Path):
    varningar: list[str] = []
    sidor = sidtexter(mote.export(tmp_path / "handlingar.pdf", varningar=varningar))
    sida = sidor[sida_med(sidor, "Trasig bilaga")]
    rader = [
        "Bilagan ”Trasig bilaga” (PDF, 520 byte) kunde inte tas med: "
        "PDF-filen är skadad och går inte att läsa.",
        "Bilagan ”Borttappad bilaga” (PDF) kunde inte tas med: filen saknas i lagret.",
        "Bilagan ”Låst bilaga” (PDF, ",
        ") kunde inte tas med: PDF-filen är lösenordsskyddad.",
    ]
    for rad in rader:
        assert rad in sida
    assert len(varningar) == 3 and all(v.startswith("Ärende 9: Bilagan ”") for v in varningar)
    # and the rest is there: the owner-password-only PDF opens, the documents after it too
    assert "SKYDDAD" in sidor[sida_med(sidor, "SKYDDAD")]
    assert sida_med(sidor, "MOTIONSTEXT") < sida_med(sidor, "HEMLIGRAPPORTTEXT")


def test_a_pdf_that_breaks_while_being_copied_leaves_nothing_half_added(
    mote: Mote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """pypdf may fail after some pages are in: those pages and bookmarks are taken back."""
    from pypdf import PdfWriter

    original = PdfWriter.add_page

    def add_page(self, page, *args, **kw):
        if "BORGENSAVTAL" in page.extract_text():
            original(self, page, *args, **kw)  # one page in, then the failure
            raise KeyError("/Contents")
        return original(self, page, *args, **kw)

    monkeypatch.setattr(PdfWriter, "add_page", add_page)
    path = mote.export(tmp_path / "handlingar.pdf")
    sidor = sidtexter(path)
    assert not any("BORGENSAVTAL" in s for s in sidor)
    assert "Bilagan ”Borgensavtal” (PDF" in sidor[sida_med(sidor, "Borgensavtal")]
    assert titlar(bokmarken(path)).count("Borgensavtal") == 1


# --- the public bundle ---------------------------------------------------------------------


def test_public_bundle_has_no_trace_of_sekretess_documents(mote: Mote, tmp_path: Path):
    path = mote.export(tmp_path / "publik.pdf", public=True)
    from pypdf import PdfReader

    reader = PdfReader(path)
    allt = "\n".join(
        [
            *sidtexter(path),
            *(" ".join(p.extract_text().split()) for p in reader.pages),
            *titlar(bokmarken(path)),
            json.dumps({str(k): str(v) for k, v in (reader.metadata or {}).items()}),
        ]
    )
    rå = path.read_bytes()
    for hemligt in HEMLIGT:
        assert hemligt not in allt
        assert hemligt.encode() not in rå
        assert hemligt.encode("utf-16-be") not in rå
    # The export never even asked for their files or text.
    assert not any(h in " ".join(mote.lager.fragade) for h in HEMLIGT)
    assert PERSONNUMMER not in allt and "ÅÅÅÅMMDD-XXXX" in allt
    # The kallelse's banner counts what the documents had removed too.
    assert "Version för publicering: uppgifter som omfattas av sekretess och personnummer" in allt


def test_public_bundle_puts_placeholders_where_the_secrets_were(mote: Mote, tmp_path: Path):
    path = mote.export(tmp_path / "publik.pdf", public=True)
    sidor = sidtexter(path)
    åtta = sidor[sida_med(sidor, "Sekretess enligt 31 kap. 16 § OSL")]
    assert "Handlingen är undantagen från offentlighet. Sekretess enligt 31 kap. 16 § OSL." in åtta
    tio = sidor[-1]
    rad = "Handlingen är undantagen från offentlighet. Sekretess enligt 39 kap. 3 § OSL."
    assert tio.count(rad) == 2
    # The hidden ärende keeps its number and Dnr under a neutral title.
    assert "ÄRENDE 10" in tio and "Ärende som omfattas av sekretess" in tio
    outline = bokmarken(path)
    sista = len(sidor) - 1
    assert outline[-2:] == [
        ("10. Ärende som omfattas av sekretess", sista),
        [("Handling som omfattas av sekretess", sista)] * 2,
    ]
    åtta_nr = next(i for i, x in enumerate(outline) if x[0] == "8. " + BORGEN_RUBRIK)
    placering = outline[åtta_nr][1]
    assert outline[åtta_nr + 1] == [
        ("Handling som omfattas av sekretess", placering),
        ("Borgensavtal", placering + 1),  # typeset from its text: no bookmarks of its own
    ]


def test_public_bundle_typesets_pdfs_from_their_text_and_never_copies_them(
    mote: Mote, tmp_path: Path, pdf_fabrik
):
    a6 = mote.mote.arenden[5]
    a6.beslutsunderlag.append(
        mote.lager.lagg(
            "Yttrande", "yttrande.pdf", pdf_fabrik(("Sökande 19850101\u20111236 yttrar sig",))
        )
    )
    sidor = sidtexter(mote.export(tmp_path / "publik.pdf", public=True))
    yttrande = sidor[sida_med(sidor, "yttrar sig")]
    assert "ÅÅÅÅMMDD-XXXX" in yttrande and "1236" not in yttrande
    assert "Återgiven som text för publicering" in yttrande
    # The copied PDF's own bookmarks and headings do not come along: it was typeset.
    borgen = sidor[sida_med(sidor, "BORGENSAVTAL")]
    assert "Återgiven som text för publicering" in borgen


def test_a_scanned_pdf_is_published_only_once_marked_checked(mote: Mote, tmp_path: Path):
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)  # no text layer, as a scan
    ut = BytesIO()
    writer.write(ut)
    skannad = mote.lager.lagg("Skannat avtal", "avtal.pdf", ut.getvalue())
    mote.mote.arenden[5].beslutsunderlag = [skannad]
    sidor = sidtexter(mote.export(tmp_path / "publik.pdf", public=True))
    rad = sidor[sida_med(sidor, "Skannat avtal")]
    assert "är en skannad PDF utan textlager som inte är markerad som granskad" in rad
    antal = len(sidor)
    skannad.granskad_for_publicering = True
    sidor = sidtexter(mote.export(tmp_path / "publik2.pdf", public=True))
    assert len(sidor) == antal  # the placeholder page gave way to the scanned page
    assert not any("skannad PDF utan textlager" in s for s in sidor)


def test_markdown_text_and_docx_are_typeset_as_documents(tmp_path: Path):
    """Headings, lists and tables, never raw markup; Word's Symbol bullets become real ones."""
    import docx

    organ = Organ(id="o", namn="Kommunstyrelsen", kortnamn="KS", typ=OrganTyp.STYRELSE)
    (tmp_path / "filer").mkdir()
    lager = Lager(tmp_path / "filer")
    md = (
        "# Rubrik ett\n\nText med **fet** och *kursiv*.\n\n## Underrubrik\n\n"
        "- första punkten\n- andra punkten\n  - inre punkt\n\n1. ett\n2. två\n\n"
        "| Verksamhet | Ram |\n|---|---:|\n| Kansli | 48,2 |\n| IT | 57,4 |\n"
    )
    w = docx.Document()
    w.add_heading("Wordrubrik", level=1)
    w.add_paragraph("Vanligt stycke.")
    w.add_paragraph("\uf0b7\tSymbolpunkt")
    w.add_paragraph("Punktlista", style="List Bullet")
    tabell = w.add_table(rows=2, cols=2)
    for r, rad in enumerate([("Kolumn A", "Kolumn B"), ("a1", "b1")]):
        for c, v in enumerate(rad):
            tabell.cell(r, c).text = v
    buf = __import__("io").BytesIO()
    w.save(buf)
    arende = Arende(
        id="a1",
        rubrik="Ärendet",
        beslutsunderlag=[
            lager.lagg("Markdownbilaga", "b.md", md.encode()),
            lager.lagg("Wordbilaga", "b.docx", buf.getvalue()),
            lager.lagg(
                "Textbilaga", "b.txt", "Inledning\n\n\uf0b7 punkt ett\n\uf0b7 punkt två\n".encode()
            ),
        ],
    )
    mote = Sammantrade(id="m", organ_id="o", datum=date(2026, 11, 2), arenden=[arende])
    path = export_handlingar(
        mote, organ, tmp_path / "h.pdf", fil_for=lager.fil_for, text_for=lager.text_for
    )
    sidor = sidtexter(path)
    md_sida = sidor[sida_med(sidor, "Rubrik ett")]
    for markup in ("#", "**", "|", "---", "- första"):
        assert markup not in md_sida, markup
    assert "Text med fet och kursiv." in md_sida
    assert "• första punkten • andra punkten • inre punkt 1. ett 2. två" in md_sida
    assert "Verksamhet Ram Kansli 48,2 IT 57,4" in md_sida
    word = sidor[sida_med(sidor, "Wordrubrik")]
    assert "• Symbolpunkt" in word and "• Punktlista" in word and "Kolumn A Kolumn B a1 b1" in word
    text = sidor[sida_med(sidor, "Inledning")]
    assert "• punkt ett • punkt två" in text
    alla = " ".join(sidor)
    assert not any("\ue000" <= c <= "\uf8ff" for c in alla)  # no private-use glyph boxes
    assert "b.md" not in alla and "b.docx" not in alla  # titles, not file names


# --- progress, atomic write, errors --------------------------------------------------------


def test_progress_is_reported_per_document_and_ends_full(mote: Mote, tmp_path: Path):
    steg: list[tuple[int, int, str]] = []
    mote.export(tmp_path / "publik.pdf", public=True, progress=lambda *a: steg.append(a))
    total = 1 + 1 + 3 + 1 + 2 + 5 + 2 + 1  # kallelse, 13 documents, writing
    assert steg[0] == (0, total, "Kallelse") and steg[-1] == (total, total, "Klart")
    assert [s[0] for s in steg] == list(range(total + 1))
    assert all(s[1] == total for s in steg)
    assert "4. Meddelandelista oktober" in [s[2] for s in steg]
    etiketter = " ".join(s[2] for s in steg)
    assert not any(h in etiketter for h in HEMLIGT)


def test_failure_midway_leaves_the_old_file_and_no_temp_file(mote: Mote, tmp_path: Path):
    ut = tmp_path / "ut"
    ut.mkdir()
    target = ut / "handlingar.pdf"
    target.write_bytes(b"gammal")

    def fil_for(u: Beslutsunderlag) -> Path:
        if u.titel == "Borgensavtal":
            raise RuntimeError("lagret försvann")
        return mote.lager.fil_for(u)

    with pytest.raises(RuntimeError):
        export_handlingar(
            mote.mote, mote.organ, target, fil_for=fil_for, text_for=mote.lager.text_for
        )
    assert target.read_bytes() == b"gammal"
    assert [p.name for p in ut.iterdir()] == ["handlingar.pdf"]


def test_failed_write_is_a_domain_error_and_leaves_nothing(
    mote: Mote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from pypdf import PdfWriter

    def full_disk(self, stream):
        stream.write(b"%PDF-1.7 halv")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(PdfWriter, "write", full_disk)
    ut = tmp_path / "ut"
    ut.mkdir()
    with pytest.raises(DomainError, match=r"Kan inte spara handlingarna som .*plats på disken"):
        mote.export(ut / "handlingar.pdf")
    assert list(ut.iterdir()) == []


def test_missing_folder_fails_before_any_work(mote: Mote, tmp_path: Path):
    steg: list[Any] = []
    with pytest.raises(DomainError, match=r"mappen .*finns inte\. Skapa mappen först"):
        mote.export(tmp_path / "finns-inte" / "h.pdf", progress=lambda *a: steg.append(a))
    assert steg == [] and mote.lager.fragade == []
    with pytest.raises(DomainError, match="det är en mapp"):
        mote.export(tmp_path)


def test_meeting_without_documents_is_just_the_kallelse(tmp_path: Path):
    organ = Organ(id="o", namn="Bygg- och miljönämnden", kortnamn="BMN", typ=OrganTyp.NAMND)
    sammantrade = Sammantrade(
        id="m", organ_id="o", datum=date(2026, 11, 2), arenden=[Arende(id="a1", rubrik="Upprop")]
    )
    path = export_handlingar(
        sammantrade,
        organ,
        tmp_path / "h.pdf",
        fil_for=lambda u: Path("/finns/inte"),
        text_for=lambda u: "",
    )
    assert bokmarken(path) == [("Kallelse", 0)]


def test_importing_the_module_loads_no_heavy_library():
    code = (
        "import sys, kallelse_tui.export.handlingar; "
        "print(sorted(m for m in ('pypdf', 'typst', 'docx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- speed ---------------------------------------------------------------------------------


def stort_mote(mapp: Path, pdf_fabrik, antal: int = 25, per_arende: int = 2) -> Mote:
    """`antal` ärenden with `per_arende` 4-page PDFs each; two different PDFs, copied."""
    organ = Organ(
        id="o", namn="Kommunstyrelsen", kortnamn="KS", typ=OrganTyp.STYRELSE, kommun="Norrvik"
    )
    sammantrade = Sammantrade(id="m", organ_id="o", datum=date(2026, 12, 7))
    lager = Lager(mapp)
    for i in range(1, antal + 1):
        arende = Arende(id=f"a{i}", rubrik=f"Ärende {i}", dnr=f"Dnr 2026-{i:05d}")
        for j in range(per_arende):
            sidor = tuple(f"Bilaga {j % 2} sida {s}" for s in range(1, 5))
            # A distinct file per document, as a real store has (one parse each).
            data = pdf_fabrik(sidor) + f"\n% {i}-{j}\n".encode()
            arende.beslutsunderlag.append(lager.lagg(f"Bilaga {i}.{j}", f"b{i}-{j}.pdf", data))
        sammantrade.arenden.append(arende)
    return Mote(sammantrade, organ, lager)


def test_50_pdf_attachments_are_all_included(tmp_path: Path, pdf_fabrik):
    # Its build time is measured by benchmarks/run.py (export_handlingar_s), not here.
    (tmp_path / "filer").mkdir()
    m = stort_mote(tmp_path / "filer", pdf_fabrik)
    path = m.export(tmp_path / "stor.pdf")
    from pypdf import PdfReader

    assert len(PdfReader(path).pages) == kallelsesidor(path) + 200
