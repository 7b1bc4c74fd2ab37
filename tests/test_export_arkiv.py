"""Archival and accessible PDFs: every exported PDF declares PDF/A-2a and PDF/UA-1 in its
XMP and is tagged (StructTreeRoot, MarkInfo, Lang, headings without a skipped level, table
header cells), read back with pypdf; the handlingar bundle keeps the tags of its parts and
names in its bookmarks the attachments a screen reader cannot read."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from kallelse_tui.domain.model import Beslutsunderlag
from kallelse_tui.domain.rattelse import lagg_till_rattelse
from kallelse_tui.export.anslag import export_anslag
from kallelse_tui.export.handlingar import export_handlingar
from kallelse_tui.export.kallelse import export_kallelse
from kallelse_tui.export.protokoll import export_protokoll
from kallelse_tui.export.utdrag import export_utdrag
from kallelse_tui.store import Store

KS = "norrvik-ks-2026-10-19"  # justerat, with tables (meddelanden, delegationsbeslut)
ANSLAGET = "sjobacka-ks-2026-09-29"
KF = "norrvik-kf-2026-11-30"


# --- reading a PDF's claims and tags back ----------------------------------------------------


class Pdf:
    """What a PDF says of itself: XMP identifiers, catalog, and the structure tree walked."""

    def __init__(self, path: Path) -> None:
        from pypdf import PdfReader

        self.reader = PdfReader(path)
        self.root = self.reader.trailer["/Root"]
        meta = self.root.get("/Metadata")
        self.xmp = meta.get_object().get_data().decode("utf-8") if meta is not None else ""
        self.element: list[Any] = []  # every StructElem, depth first
        if "/StructTreeRoot" in self.root:
            self._ga(self.root["/StructTreeRoot"].raw_get("/K"))

    def _ga(self, ref: Any) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject

        obj = ref.get_object()
        if isinstance(obj, ArrayObject):
            for x in obj:
                self._ga(x)
        elif isinstance(obj, DictionaryObject) and "/S" in obj:
            self.element.append(obj)
            if "/K" in obj:
                self._ga(obj.raw_get("/K"))

    def xmp_id(self, namn: str) -> str | None:
        """pdfaid:part and the like, written as an element or as an attribute."""
        m = re.search(rf"<{namn}>([^<]*)<|{namn}=\"([^\"]*)\"", self.xmp)
        return (m[1] or m[2]) if m else None

    def typer(self, typ: str) -> list[Any]:
        return [e for e in self.element if e["/S"] == typ]

    def rubriker(self) -> list[tuple[int, str]]:
        return [
            (int(e["/S"][2:]), str(e.get("/T", "")))
            for e in self.element
            if re.fullmatch(r"/H[1-6]", e["/S"])
        ]

    def text(self) -> str:
        return " ".join(" ".join((s.extract_text() or "").split()) for s in self.reader.pages)


def assert_arkiv_och_tillganglig(pdf: Pdf, titel: str, organ: str) -> None:
    """PDF/A-2a and PDF/UA-1 declared; title, author, language and tags as they require."""
    assert pdf.xmp_id("pdfaid:part") == "2"
    assert pdf.xmp_id("pdfaid:conformance") == "A"
    assert pdf.xmp_id("pdfuaid:part") == "1"
    assert f">{titel}<" in html.unescape(pdf.xmp)  # dc:title
    info = pdf.reader.metadata
    assert info is not None and info.title == titel and organ in (info.author or "")
    assert pdf.root["/Lang"] == "sv-SE"
    assert bool(pdf.root["/MarkInfo"]["/Marked"])
    assert pdf.root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert pdf.element, "no structure tree"
    # Headings: the first is H1 and none skips a level on the way down (PDF/UA-1, 7.4).
    nivaer = [n for n, _ in pdf.rubriker()]
    assert nivaer and nivaer[0] == 1
    for fore, efter in zip(nivaer, nivaer[1:], strict=False):
        assert efter <= fore + 1, pdf.rubriker()
    # Every table starts with a row of header cells.
    for tabell in pdf.typer("/Table"):
        kids = [k.get_object() for k in tabell["/K"]]
        assert kids[0]["/S"] == "/THead", "table without header row"
        rad = kids[0]["/K"][0].get_object()
        assert all(c.get_object()["/S"] == "/TH" for c in rad["/K"])
    # … and no header cell is empty: a screen reader names every data cell by its header.
    assert all(th.get("/K") for th in pdf.typer("/TH"))


def assert_strukturen_hanger_ihop(pdf: Pdf) -> None:
    """Every element's page is in the document, every marked content on a page is in the
    parent tree, every header cell a table cell names is in the IDTree."""
    from pypdf.generic import ArrayObject

    reader, rot = pdf.reader, pdf.root["/StructTreeRoot"]
    sidor = {s.indirect_reference.idnum for s in reader.pages}
    nums = list(rot["/ParentTree"]["/Nums"])
    foraldrar = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    assert int(rot["/ParentTreeNextKey"]) > max(foraldrar, default=-1)
    namn = list(rot.get("/IDTree", {}).get("/Names", []))
    idn = {str(namn[i]) for i in range(0, len(namn), 2)}
    for e in pdf.element:
        if "/Pg" in e:
            assert e.raw_get("/Pg").idnum in sidor
        for a in e.get("/A", []) if isinstance(e.get("/A"), ArrayObject) else [e.get("/A")]:
            if a is not None:
                assert {str(h) for h in a.get_object().get("/Headers", [])} <= idn
    for i, sida in enumerate(reader.pages):
        innehall = sida.get_contents()
        mcid = [
            int(x) for x in re.findall(rb"/MCID (\d+)", innehall.get_data() if innehall else b"")
        ]
        if not mcid:
            continue
        assert "/StructParents" in sida, f"page {i + 1} has tags but no parent tree key"
        element = foraldrar[int(sida["/StructParents"])]
        for m in mcid:
            assert element[m].get_object().raw_get("/Pg").idnum == sida.indirect_reference.idnum


# --- the four documents ----------------------------------------------------------------------


@pytest.fixture
def lager(demo_dir: Path) -> Iterator[Store]:
    store = Store.open(demo_dir, readonly=True)
    yield store
    store.close()


@pytest.mark.parametrize("public", [False, True])
def test_kallelse_is_pdf_a_and_pdf_ua_with_the_arendelista_as_a_table(lager, tmp_path, public):
    mote = lager.meeting(KF)
    organ = lager.organ(mote.organ_id)
    pdf = Pdf(export_kallelse(mote, organ, "pdf", tmp_path / "k.pdf", public=public))
    assert_arkiv_och_tillganglig(
        pdf, f"Kungörelse och kallelse {organ.namn} 2026-11-30", organ.namn
    )
    assert pdf.rubriker()[0] == (1, organ.namn)
    assert len(pdf.typer("/TH")) == 3  # nr, Ärende, Dnr
    assert len(pdf.typer("/TR")) == len(mote.arenden) + 1
    assert_strukturen_hanger_ihop(pdf)


@pytest.mark.parametrize("public", [False, True])
def test_protokoll_is_pdf_a_and_pdf_ua_with_paragrafer_as_headings(lager, tmp_path, public):
    mote = lager.meeting(KS)
    organ = lager.organ(mote.organ_id)
    pdf = Pdf(export_protokoll(mote, organ, "pdf", tmp_path / "p.pdf", public=public))
    assert_arkiv_och_tillganglig(pdf, f"Protokoll {organ.namn} 2026-10-19", organ.namn)
    rubriker = pdf.rubriker()
    paragrafer = [t for n, t in rubriker if n == 1 and t.startswith("§ ")]
    assert paragrafer == [f"§ {p.nummer}" for p in mote.paragrafer]
    # Each § is followed by its title as H2, and the bookmarks lead to them.
    forsta = rubriker.index((1, paragrafer[0]))
    arende = next(a for a in mote.arenden if a.id == mote.paragrafer[0].arende_id)
    assert rubriker[forsta + 1] == (2, arende.rubrik)
    assert pdf.reader.outline[0].title == paragrafer[0]
    assert pdf.typer("/TH"), "the lists of meddelanden and delegationsbeslut have headers"
    assert_strukturen_hanger_ihop(pdf)


def test_rattelser_keep_the_heading_order(lager, tmp_path):
    mote = lager.meeting(KS)
    organ = lager.organ(mote.organ_id)
    lagg_till_rattelse(mote, 176, "1 500 000", "1 520 000", "Anna-Karin Lund", date(2026, 11, 2))
    pdf = Pdf(export_protokoll(mote, organ, "pdf", tmp_path / "p.pdf"))
    assert_arkiv_och_tillganglig(pdf, f"Protokoll {organ.namn} 2026-10-19", organ.namn)
    rubriker = pdf.rubriker()
    i = rubriker.index((1, "Rättelser"))
    assert rubriker[i + 1][0] == 2
    utdrag = Pdf(export_utdrag(mote, organ, "pdf", tmp_path / "u.pdf", [176]))
    assert_arkiv_och_tillganglig(utdrag, utdrag.reader.metadata.title, organ.namn)


@pytest.mark.parametrize("public", [False, True])
def test_utdrag_is_pdf_a_and_pdf_ua(lager, tmp_path, public):
    mote = lager.meeting(KS)
    organ = lager.organ(mote.organ_id)
    nummer = [p.nummer for p in mote.paragrafer[3:5]]
    pdf = Pdf(export_utdrag(mote, organ, "pdf", tmp_path / "u.pdf", nummer, public=public))
    assert pdf.reader.metadata is not None
    titel = pdf.reader.metadata.title
    assert titel.startswith(f"Protokollsutdrag {organ.namn} 2026-10-19")
    assert_arkiv_och_tillganglig(pdf, titel, organ.namn)
    assert [t for n, t in pdf.rubriker() if n == 1] == [f"§ {n}" for n in nummer]
    assert_strukturen_hanger_ihop(pdf)


def test_anslagsbevis_is_pdf_a_and_pdf_ua(lager, tmp_path):
    mote = lager.meeting(ANSLAGET)
    organ = lager.organ(mote.organ_id)
    pdf = Pdf(export_anslag(mote, organ, "pdf", tmp_path / "a.pdf"))
    assert pdf.reader.metadata is not None
    assert_arkiv_och_tillganglig(pdf, pdf.reader.metadata.title, organ.namn)
    assert pdf.rubriker() == [(1, "Bevis om anslag")]


def test_the_document_title_is_xml_escaped_in_the_xmp(lager, tmp_path):
    mote = lager.meeting(KF)
    organ = lager.organ(mote.organ_id)
    organ.namn = "Kultur- & fritidsnämnden <KFN>"
    pdf = Pdf(export_kallelse(mote, organ, "pdf", tmp_path / "k.pdf"))
    assert "Kultur- &amp; fritidsnämnden &lt;KFN&gt;" in pdf.xmp
    assert_arkiv_och_tillganglig(
        pdf, f"Kungörelse och kallelse {organ.namn} 2026-11-30", organ.namn
    )


# --- the handlingar bundle -------------------------------------------------------------------


def _pdf(sidor: list[str], *, taggad: bool, mapp: Path) -> bytes:
    """An attachment typeset by typst, tagged or not, one heading and paragraph a page."""
    import json

    import typst

    mall = mapp / "bilaga.typ"
    mall.write_text(
        '#let d = json(bytes(sys.inputs.data))\n#set text(lang: "sv")\n'
        "#set document(title: d.titel)\n"
        "#for (i, t) in d.sidor.enumerate() { if i > 0 { pagebreak() }; heading(t); [Text #i.] }\n",
        encoding="utf-8",
    )
    data = json.dumps({"titel": sidor[0], "sidor": sidor})
    return typst.compile(str(mall), sys_inputs={"data": data}, pdf_tags=taggad)


def _skanning() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)  # an image-only page: no font, no text
    ut = BytesIO()
    writer.write(ut)
    return ut.getvalue()


def _bundle(
    lager: Store, tmp_path: Path, filer: dict[int, list[tuple[str, str, bytes]]], **kw: Any
) -> Pdf:
    """The KS meeting's bundle with the given (title, file name, bytes) on its ärenden."""
    mote = lager.meeting(KS)
    organ = lager.organ(mote.organ_id)
    (tmp_path / "filer").mkdir(exist_ok=True)
    sokvag: dict[str, Path] = {}
    for arende in mote.arenden:
        arende.beslutsunderlag = []
    for index, dokument in filer.items():
        for titel, namn, data in dokument:
            path = tmp_path / "filer" / f"{index}-{namn}"
            path.write_bytes(data)
            sokvag[titel] = path
            mote.arenden[index].beslutsunderlag.append(
                Beslutsunderlag(id=titel, titel=titel, filnamn=namn, sha256="0" * 64)
            )

    def fil_for(u: Beslutsunderlag) -> Path:
        return sokvag[u.titel]

    target = tmp_path / "handlingar.pdf"
    export_handlingar(mote, organ, target, fil_for=fil_for, text_for=lambda u: "", **kw)
    return Pdf(target)


def _bokmarken(pdf: Pdf) -> list[str]:
    def ga(niva: list[Any]) -> list[str]:
        return [t for x in niva for t in (ga(x) if isinstance(x, list) else [x.title])]

    return ga(pdf.reader.outline)


@pytest.mark.parametrize("public", [False, True])
def test_a_bundle_typeset_here_is_pdf_a_and_pdf_ua_and_keeps_every_parts_tags(
    lager, tmp_path, public
):
    pdf = _bundle(
        lager,
        tmp_path,
        {
            3: [("Yttrande", "yttrande.md", b"# Yttrande\n\n## Bakgrund\n\nText.\n")],
            5: [
                (
                    "Tabell",
                    "tabell.md",
                    b"| Konto | Belopp |\n|---|---|\n| 4010 | 1 200 |\n| 4020 | 300 |\n",
                )
            ],
        },
        public=public,
    )
    organ = lager.organ(lager.meeting(KS).organ_id)
    assert_arkiv_och_tillganglig(pdf, f"Handlingar {organ.namn} 2026-10-19", organ.namn)
    assert_strukturen_hanger_ihop(pdf)
    # One Document; the kallelse's part first, then one per typeset page set.
    rot = pdf.root["/StructTreeRoot"]["/K"].get_object()
    assert rot["/S"] == "/Document" and len(pdf.typer("/Document")) == 1
    delar = [k.get_object() for k in rot["/K"]]
    assert all(d["/S"] == "/Part" for d in delar)
    assert delar[0]["/K"][0].get_object()["/S"] in ("/Div", "/H1")
    rubriker = pdf.rubriker()
    assert rubriker[0] == (1, organ.namn)  # the kallelse comes first
    assert (3, "Yttrande") in rubriker and (4, "Bakgrund") in rubriker  # under H1 ärende, H2 title
    # The kallelse's ärendelista, the meddelanden lists and the document's table: all with TH.
    assert len(pdf.typer("/Table")) >= 3
    assert any(str(e.get("/T", "")) for e in pdf.typer("/H1"))
    # Every page's content is tagged or an artifact: the page numbers are artifacts.
    for sida in pdf.reader.pages[1:]:
        assert b"/Artifact BMC" in sida.get_contents().get_data()


def test_a_bundle_with_copied_attachments_keeps_their_tags_and_names_the_untagged(lager, tmp_path):
    pdf = _bundle(
        lager,
        tmp_path,
        {
            5: [
                (
                    "Taggad rapport",
                    "rapport.pdf",
                    _pdf(["Rapportens rubrik"], taggad=True, mapp=tmp_path),
                ),
                ("Otaggat brev", "brev.pdf", _pdf(["Brevets rubrik"], taggad=False, mapp=tmp_path)),
                ("Skannat avtal", "avtal.pdf", _skanning()),
            ]
        },
    )
    bokmarken = _bokmarken(pdf)
    assert "Taggad rapport" in bokmarken
    assert "Otaggat brev (ej tillgänglighetsanpassad)" in bokmarken
    assert "Skannat avtal (skannad, ej tillgänglighetsanpassad)" in bokmarken
    # The tagged attachment's own tags come along; the untagged ones have none to bring.
    rubriker = [t for _, t in pdf.rubriker()]
    assert "Rapportens rubrik" in rubriker and "Brevets rubrik" not in rubriker
    assert_strukturen_hanger_ihop(pdf)
    assert pdf.root["/Lang"] == "sv-SE" and bool(pdf.root["/MarkInfo"]["/Marked"])
    # The scanned page is tagged as one figure that says what it is.
    figurer = pdf.typer("/Figure")
    assert [str(f["/Alt"]) for f in figurer] == [
        "Skannad sida 1 av 1 i ”Skannat avtal”: en bild utan text som kan läsas upp."
    ]
    sidnr = [s.indirect_reference.idnum for s in pdf.reader.pages]
    sida = pdf.reader.pages[sidnr.index(figurer[0].raw_get("/Pg").idnum)]
    assert b"/Figure <</MCID 0>> BDC" in sida.get_contents().get_data()
    # Someone else's PDF may break either standard: the bundle claims neither, but its
    # XMP still has the title and language.
    assert pdf.xmp_id("pdfaid:part") is None and pdf.xmp_id("pdfuaid:part") is None
    assert f">Handlingar {pdf.reader.metadata.title.split(' ', 1)[1]}<" in pdf.xmp
    assert "<rdf:li>sv-SE</rdf:li>" in pdf.xmp
    assert "/Producer" not in pdf.reader.metadata


def test_a_broken_structure_tree_in_an_attachment_leaves_it_untagged(lager, tmp_path):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject

    reader = PdfReader(BytesIO(_pdf(["Trasig"], taggad=True, mapp=tmp_path)))
    writer = PdfWriter(clone_from=reader)
    writer.root_object["/StructTreeRoot"][NameObject("/K")] = NumberObject(7)  # nonsense
    ut = BytesIO()
    writer.write(ut)
    pdf = _bundle(lager, tmp_path, {5: [("Trasig struktur", "t.pdf", ut.getvalue())]})
    assert "Trasig struktur" in _bokmarken(pdf)
    assert_strukturen_hanger_ihop(pdf)


# --- text the fonts cannot show ---------------------------------------------------------------


@pytest.mark.parametrize("tecken", ["😀", "漢字", "\ue000"])
def test_a_character_the_fonts_lack_gives_a_tagged_pdf_without_the_claim(
    lager, tmp_path, caplog, tecken
):
    """PDF/A forbids a glyph that is not there; the export is written all the same, tagged,
    and says why it claims neither standard."""
    mote = lager.meeting(KF)
    organ = lager.organ(mote.organ_id)
    mote.arenden[0].rubrik = f"Upprop {tecken}"
    with caplog.at_level("WARNING"):
        pdf = Pdf(export_kallelse(mote, organ, "pdf", tmp_path / "k.pdf"))
    assert pdf.xmp_id("pdfaid:part") is None and pdf.xmp_id("pdfuaid:part") is None
    assert pdf.typer("/Table") and pdf.root["/Lang"] == "sv-SE"
    assert "Upprop" in pdf.text()
    assert "finns inte i PDF-typsnittet" in caplog.text
    assert "kallelsen sparas som PDF utan anspråk på PDF/A" in caplog.text


def test_a_bundle_with_such_a_character_in_a_part_claims_nothing(lager, tmp_path):
    pdf = _bundle(lager, tmp_path, {3: [("Hälsning", "h.txt", "Hej 😀\n".encode())]})
    assert pdf.xmp_id("pdfaid:part") is None and pdf.xmp_id("pdfuaid:part") is None
    assert_strukturen_hanger_ihop(pdf)
    assert "/OutputIntents" in pdf.root  # from the kallelse, which met both
