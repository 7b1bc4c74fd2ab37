"""A small python-docx writer for the municipal documents: A4, title block, running
header from page 2, "1 (3)" page numbers, headings, paragraphs, tables and signatures.

Built for the secretary who opens it in Word: real "Heading 1–3" styles (the navigation
pane lists the §§), Swedish as the language of the document and every style (spelling and
hyphenation), core properties saying what the document is and who issued it, tables with
fixed column widths wide enough for their longest word, and signature blocks that do not
break over a page. python-docx is imported inside the methods, so importing this module
stays cheap.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

BRODTEXT = "Times New Roman"
RUBRIKTEXT = "Arial"
GRA = (0x59, 0x59, 0x59)
SPRAK = "sv-SE"
_TEXTBREDD_MM = 163  # A4 minus the margins set below
_CELLMARGINAL_MM = 2 * 1.9  # Word's default left and right cell margins (108 twips each)
_STILAR_MED_EFFEKTER = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# Heading level → (size in pt, space before, space after): the organ, a §, a section.
_RUBRIKER = {1: (22, 0, 2), 2: (14, 18, 2), 3: (11.5, 9, 2)}
# Approximate advance widths (in em) of Times New Roman, to size columns for their longest
# word; rounded up so an estimate errs towards a wider column.
_SMALA = set("fijlrt.,:;!'()[]|/ ")
_BREDA = set("mwMW")

# A paragraph part: plain text, or (text, bold).
Del = str | tuple[str, bool]


class Word:
    def __init__(
        self,
        *,
        kommun: str,
        organ: str,
        dokument: str,
        datum: str,
        titel: str = "",
        rutor: Sequence[str] = (),
        sidfotsrad: str = "",
        skapad: datetime | None = None,
    ) -> None:
        """`rutor` are labelled boxes in the footer of every page ("Justerandes sign",
        "Utdragsbestyrkande"); `sidfotsrad` a small line above the page number; `titel`
        and `skapad` go into the document properties (default: kind, organ and date; now)."""
        from docx import Document
        from docx.shared import Mm

        self.kommun, self.organ, self.dokument, self.datum = kommun, organ, dokument, datum
        self.doc: Any = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
        section.left_margin, section.right_margin = Mm(25), Mm(22)
        # The first page carries the big title block instead of the running header.
        section.different_first_page_header_footer = True
        self._stilar()
        self._egenskaper(titel or f"{dokument} {organ} {datum}", skapad or datetime.now(UTC))

        self._tvakolumner(
            section.header.paragraphs[0],
            f"{kommun} · {organ}",
            f"{dokument.upper()} {datum}",
            storlek=9,
        )
        for footer in (section.footer, section.first_page_footer):
            if rutor:
                self._rutsidfot(footer, rutor, sidfotsrad)
                continue
            rad = self._tvakolumner(
                footer.paragraphs[0], f"{organ} · {dokument} {datum}", "", storlek=9
            )
            self._sidnummer(rad, storlek=9)

    # -- the document as a whole ---------------------------------------------------------

    def _stilar(self) -> None:
        """Swedish everywhere, our fonts instead of the template's theme, black headings,
        and header and footer tab stops at the real text width."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt, RGBColor

        styles = self.doc.styles
        standard = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        _sprak(_typsnitt(standard.find(qn("w:rPr")), BRODTEXT))
        for stil in styles:
            if stil.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
                _sprak(stil.element.get_or_add_rPr())
        installningar = self.doc.settings.element.find(qn("w:themeFontLang"))
        if installningar is not None:
            installningar.set(qn("w:val"), SPRAK)
            installningar.set(qn("w:eastAsia"), SPRAK)

        normal = styles["Normal"]
        normal.font.size = Pt(11.5)
        normal.paragraph_format.space_after = Pt(6)
        for niva, (storlek, fore, efter) in _RUBRIKER.items():
            stil = styles[f"Heading {niva}"]
            _typsnitt(stil.element.get_or_add_rPr(), RUBRIKTEXT)
            stil.font.size, stil.font.bold = Pt(storlek), True
            stil.font.color.rgb = RGBColor(0, 0, 0)
            format_ = stil.paragraph_format
            format_.space_before, format_.space_after = Pt(fore), Pt(efter)
            format_.keep_with_next = True
        for namn in ("Header", "Footer"):
            format_ = styles[namn].paragraph_format
            format_.tab_stops.clear_all()
            format_.tab_stops.add_tab_stop(Mm(_TEXTBREDD_MM), WD_TAB_ALIGNMENT.RIGHT)

    def _egenskaper(self, titel: str, skapad: datetime) -> None:
        """Title, author (the organ), created now; nothing left from the template: no
        library name, no preview picture of an empty page, no Word 2010 style copy."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        egenskaper = self.doc.core_properties
        egenskaper.title, egenskaper.author = titel, self.organ
        egenskaper.last_modified_by, egenskaper.subject = self.organ, self.dokument
        egenskaper.comments = egenskaper.keywords = egenskaper.category = ""
        egenskaper.language = SPRAK
        egenskaper.created = egenskaper.modified = skapad.replace(microsecond=0)
        egenskaper.revision = 1

        paket = self.doc.part.package
        for delar, typ in (
            (paket.rels, RT.THUMBNAIL),
            (self.doc.part.rels, _STILAR_MED_EFFEKTER),
        ):
            for rid in [rid for rid, rel in delar.items() if rel.reltype == typ]:
                del delar[rid]
        app = next(
            rel.target_part for rel in paket.rels.values() if rel.reltype == RT.EXTENDED_PROPERTIES
        )
        app._blob = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>Kallelse</Application>'
            f"<Company>{_xml(self.kommun)}</Company></Properties>"
        ).encode()

    # -- building blocks ---------------------------------------------------------------

    def _tvakolumner(self, paragraf: Any, vanster: str, hoger: str, *, storlek: float) -> Any:
        """Left text, a tab to the right margin, right text: the header and footer lines."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt, RGBColor

        paragraf.paragraph_format.tab_stops.add_tab_stop(Mm(_TEXTBREDD_MM), WD_TAB_ALIGNMENT.RIGHT)
        run = paragraf.add_run(f"{vanster}\t{hoger}")
        run.font.size, run.font.color.rgb = Pt(storlek), RGBColor(*GRA)
        return paragraf

    def _sidnummer(self, paragraf: Any, storlek: float) -> None:
        """Append "PAGE (NUMPAGES)" as fields: Word shows "1 (3)" when it lays out."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        for del_ in ("PAGE", " (", "NUMPAGES", ")"):
            run = paragraf.add_run("1" if del_.isalpha() else del_)
            run.font.size, run.font.color.rgb = Pt(storlek), RGBColor(*GRA)
            if del_.isalpha():
                falt = OxmlElement("w:fldSimple")
                falt.set(qn("w:instr"), del_)
                falt.append(run._r)  # moves the run inside the field as its shown result
                paragraf._p.append(falt)

    def _rutsidfot(self, footer: Any, rutor: Sequence[str], rad: str) -> None:
        """Boxes to initial in, left, and "1 (3)" right: the protokoll's footer."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt, RGBColor

        rutbredd = 44
        tabell = footer.add_table(rows=1, cols=len(rutor) + 2, width=Mm(_TEXTBREDD_MM))
        _bredder(tabell, [rutbredd] * len(rutor) + [4, _TEXTBREDD_MM - rutbredd * len(rutor) - 4])
        tabell.rows[0].height = Mm(12)
        for cell, etikett in zip(tabell.rows[0].cells, rutor, strict=False):
            _kanter(cell, ("top", "left", "bottom", "right"), 4, "6E6E6E")
            run = cell.paragraphs[0].add_run(etikett)
            run.font.size, run.font.color.rgb = Pt(7), RGBColor(*GRA)
        sista = tabell.rows[0].cells[-1]
        if rad:
            forsta = sista.paragraphs[0]
            forsta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = forsta.add_run(rad)
            run.font.size, run.font.color.rgb = Pt(8), RGBColor(*GRA)
            nummer = sista.add_paragraph()
        else:
            nummer = sista.paragraphs[0]
        nummer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._sidnummer(nummer, storlek=9)

    def titelblock(self) -> None:
        """Kommun small above, the organ large (the document's Heading 1), the document
        kind and date on the right."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt, RGBColor

        ovre = self.doc.add_paragraph()
        ovre.paragraph_format.space_after = Pt(2)
        organ = self.doc.add_paragraph(style="Heading 1")
        for paragraf, vanster, hoger in (
            (ovre, self.kommun.upper(), self.dokument.upper()),
            (organ, self.organ, f"Sammanträdesdatum {self.datum}"),
        ):
            paragraf.paragraph_format.tab_stops.add_tab_stop(
                Mm(_TEXTBREDD_MM), WD_TAB_ALIGNMENT.RIGHT
            )
            run = paragraf.add_run(vanster)
            if paragraf is ovre:
                run.font.name, run.font.size = RUBRIKTEXT, Pt(9.5)
                run.font.color.rgb = RGBColor(*GRA)
            hoger_run = paragraf.add_run(f"\t{hoger}")
            hoger_run.font.name, hoger_run.font.size, hoger_run.bold = RUBRIKTEXT, Pt(10), True
        self.doc.add_paragraph().paragraph_format.space_after = Pt(6)

    def stycke(self, *delar: Del, kursiv: bool = False, liten: bool = False) -> None:
        """One paragraph of parts joined by spaces; a (text, True) part is bold."""
        from docx.shared import Pt, RGBColor

        paragraf = self.doc.add_paragraph()
        for i, del_ in enumerate(delar):
            text, fet = (del_, False) if isinstance(del_, str) else del_
            run = paragraf.add_run(text if i == 0 else f" {text}")
            run.bold, run.italic = fet, kursiv
            if liten:
                run.font.size, run.font.color.rgb = Pt(9.5), RGBColor(*GRA)

    def underrubrik(self, text: str, *, niva: int = 2) -> None:
        """A heading in Word's "Heading 2" or "Heading 3" style, kept with what follows."""
        self.doc.add_paragraph(text, style=f"Heading {niva}")

    def rubrikrad(self, rubrik: str, under: str = "") -> None:
        """A § heading ("§ 176 Internbudget 2027") with a small line under it (the Dnr),
        both kept on the page of what follows."""
        from docx.shared import Pt, RGBColor

        self.underrubrik(rubrik, niva=2)
        if under:
            paragraf = self.doc.add_paragraph()
            paragraf.paragraph_format.space_after = Pt(4)
            paragraf.paragraph_format.keep_with_next = True
            run = paragraf.add_run(under)
            run.font.size, run.font.color.rgb = Pt(9.5), RGBColor(*GRA)

    def punkter(self, rader: Sequence[str]) -> None:
        from docx.shared import Pt

        for rad in rader:
            paragraf = self.doc.add_paragraph(rad, style="List Bullet")
            paragraf.paragraph_format.space_after = Pt(2)

    def falt(self, rader: Sequence[tuple[str, Sequence[str]]], etikett_mm: float = 42) -> None:
        """Label and lines side by side without rules: the protokoll's first page."""
        from docx.shared import Pt

        rader = [(etikett, innehall) for etikett, innehall in rader if innehall]
        tabell = self.doc.add_table(rows=0, cols=2)
        for etikett, innehall in rader:
            celler = tabell.add_row().cells
            celler[0].paragraphs[0].add_run(etikett).bold = True
            for i, text in enumerate(innehall):
                paragraf = celler[1].paragraphs[0] if i == 0 else celler[1].add_paragraph()
                paragraf.add_run(text)
                paragraf.paragraph_format.space_after = Pt(0)
            for cell in celler:
                cell.paragraphs[-1].paragraph_format.space_after = Pt(6)
        etiketter = [[etikett for etikett, _ in rader], [t for _, i in rader for t in i]]
        _bredder(tabell, _passa([etikett_mm, _TEXTBREDD_MM - etikett_mm], etiketter, 11.5))
        self.doc.add_paragraph()

    def signaturer(self, rader: Sequence[tuple[str, str, str]], etikett_mm: float = 42) -> None:
        """(role, name, note) with room and a line to sign above each name; the whole
        block stays on one page."""
        from docx.shared import Pt, RGBColor

        tabell = self.doc.add_table(rows=0, cols=3)
        for roll, namn, not_ in rader:
            celler = tabell.add_row().cells
            tom = celler[1].paragraphs[0]
            tom.paragraph_format.space_before = Pt(26)
            _kanter(celler[1], ("bottom",), 4, "000000")
            celler[0].paragraphs[0].paragraph_format.space_before = Pt(26)
            celler[0].paragraphs[0].add_run(roll).bold = True
            run = celler[1].add_paragraph().add_run(namn or "Namnförtydligande")
            if not namn:
                run.font.size, run.font.color.rgb = Pt(9), RGBColor(*GRA)
            celler[2].paragraphs[0].paragraph_format.space_before = Pt(26)
            celler[2].paragraphs[0].add_run(not_)
        _bredder(tabell, (etikett_mm, 85, _TEXTBREDD_MM - etikett_mm - 85))
        _sammanhallen(tabell)
        self.doc.add_paragraph()

    def sidbrytning(self) -> None:
        self.doc.add_page_break()

    def tabell(
        self,
        rubriker: Sequence[str],
        rader: Sequence[Sequence[str | Sequence[str]]],
        bredder_mm: Sequence[float],
        *,
        storlek: float = 11.5,
    ) -> None:
        """A table ruled like the PDF: a line under the headings, thin grey lines between
        rows, headings repeated on every page, no row split over two pages. A cell given
        as a list prints its first line plainly and the rest as small grey notes below it
        (empty ones skipped). Columns are widened to fit their longest word."""
        from docx.oxml import OxmlElement
        from docx.shared import Pt, RGBColor

        tabell = self.doc.add_table(rows=1, cols=len(rubriker))
        rubrikrad = tabell.rows[0]
        rubrikrad._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, rubrik in zip(rubrikrad.cells, rubriker, strict=True):
            run = cell.paragraphs[0].add_run(rubrik)
            run.bold, run.font.size = True, Pt(storlek)
            _kanter(cell, ("bottom",), 8, "000000")
        kolumner: list[list[str]] = [[r] for r in rubriker]
        for rad in rader:
            for i, (cell, innehall) in enumerate(zip(tabell.add_row().cells, rad, strict=True)):
                forsta, *noter = [innehall] if isinstance(innehall, str) else innehall
                cell.paragraphs[0].add_run(forsta).font.size = Pt(storlek)
                for not_ in filter(None, noter):
                    run = cell.add_paragraph().add_run(not_)
                    run.font.size, run.font.color.rgb = Pt(min(9, storlek)), RGBColor(*GRA)
                kolumner[i].append(forsta)
                _kanter(cell, ("bottom",), 3, "969696")
        for rad_ in tabell.rows:
            _hel_rad(rad_)
            for cell in rad_.cells:
                for paragraf in cell.paragraphs:
                    paragraf.paragraph_format.space_before = Pt(2)
                    paragraf.paragraph_format.space_after = Pt(2)
        _bredder(tabell, _passa(bredder_mm, kolumner, storlek))
        self.doc.add_paragraph()

    def underskrifter(self, namn_och_titel: Sequence[tuple[str, str]]) -> None:
        """Names with titles under them, two side by side, after some space to sign in;
        kept together on one page."""
        from docx.shared import Pt, RGBColor

        if not namn_och_titel:
            return
        luft = self.doc.add_paragraph()
        luft.paragraph_format.space_after = Pt(24)
        luft.paragraph_format.keep_with_next = True
        tabell = self.doc.add_table(rows=0, cols=2)
        for i, (namn, titel) in enumerate(namn_och_titel):
            if i % 2 == 0:
                celler = tabell.add_row().cells
            paragraf = celler[i % 2].paragraphs[0]
            paragraf.add_run(namn)
            if titel:
                run = celler[i % 2].add_paragraph().add_run(titel)
                run.font.color.rgb = RGBColor(*GRA)
        _bredder(tabell, (_TEXTBREDD_MM / 2, _TEXTBREDD_MM / 2))
        _sammanhallen(tabell)

    def spara(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


# -- helpers on the XML ------------------------------------------------------------------


def _xml(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def _typsnitt(rpr: Any, namn: str) -> Any:
    """Name the font outright: the template's theme fonts (Calibri, Cambria) would win."""
    from docx.oxml.ns import qn

    fonter = rpr.get_or_add_rFonts()
    for attribut in list(fonter.attrib):
        if attribut.endswith("Theme") or attribut.endswith("theme"):
            del fonter.attrib[attribut]
    for slag in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonter.set(qn(f"w:{slag}"), namn)
    return rpr


def _sprak(rpr: Any) -> None:
    """Swedish as the language of the run properties `rpr` (a style or the defaults)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), SPRAK)
    lang.set(qn("w:eastAsia"), SPRAK)


def _ordbredd_mm(ord_: str, storlek: float) -> float:
    em = sum(
        0.34 if t in _SMALA else 0.86 if t in _BREDA else 0.72 if t.isupper() else 0.56
        for t in ord_
    )
    return em * storlek * 0.3528


def _minsta_bredd(texter: Iterable[str], storlek: float) -> float:
    """The column width (mm) the longest word of `texter` needs in bold at `storlek` pt."""
    langsta = max((_ordbredd_mm(o, storlek) for t in texter for o in t.split()), default=0)
    return langsta * 1.06 + _CELLMARGINAL_MM + 0.5


def _passa(
    bredder: Sequence[float], kolumner: Sequence[Iterable[str]], storlek: float
) -> list[float]:
    """The widths scaled to the text width, each widened to hold its column's longest word,
    the room taken from the columns that have some to spare."""
    skala = _TEXTBREDD_MM / sum(bredder)
    onskat = [b * skala for b in bredder]
    minst = [_minsta_bredd(k, storlek) for k in kolumner]
    if sum(minst) >= _TEXTBREDD_MM:  # nothing fits: in proportion to what each needs
        return [m * _TEXTBREDD_MM / sum(minst) for m in minst]
    bredd = [max(o, m) for o, m in zip(onskat, minst, strict=True)]
    for _ in range(len(bredd)):
        over = sum(bredd) - _TEXTBREDD_MM
        givare = [i for i, (b, m) in enumerate(zip(bredd, minst, strict=True)) if b > m]
        if over <= 0.01 or not givare:
            break
        marginal = sum(bredd[i] - minst[i] for i in givare)
        for i in givare:
            bredd[i] -= min(bredd[i] - minst[i], over * (bredd[i] - minst[i]) / marginal)
    return bredd


def _bredder(tabell: Any, bredder_mm: Sequence[float]) -> None:
    """Fixed column widths, written where every reader looks: the grid, the table width
    and each cell; autofit off, so Word does not squeeze a column to break a word."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    tabell.autofit = False
    tbl_w = tabell._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:w"), str(round(Mm(sum(bredder_mm)).twips)))
        tbl_w.set(qn("w:type"), "dxa")
    for kolumn, bredd in zip(tabell._tbl.tblGrid.gridCol_lst, bredder_mm, strict=True):
        kolumn.w = Mm(bredd)
    for rad in tabell.rows:
        for cell, bredd in zip(rad.cells, bredder_mm, strict=True):
            cell.width = Mm(bredd)


def _hel_rad(rad: Any) -> None:
    """A row that may not break over two pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = rad._tr.get_or_add_trPr()
    if trpr.find(qn("w:cantSplit")) is None:
        trpr.insert(0, OxmlElement("w:cantSplit"))


def _sammanhallen(tabell: Any) -> None:
    """Every row whole, and every row but the last kept with the next (Word's way of
    keeping a table on one page): the block moves to a new page as one."""
    rader = list(tabell.rows)
    for i, rad in enumerate(rader):
        _hel_rad(rad)
        for cell in rad.cells:
            for paragraf in cell.paragraphs:
                paragraf.paragraph_format.keep_with_next = i < len(rader) - 1


def _kanter(cell: Any, sidor: Sequence[str], attondelspunkter: int, farg: str) -> None:
    """Single lines on the given sides of a table cell (top, left, bottom, right)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    kanter = OxmlElement("w:tcBorders")
    for sida in sidor:
        kant = OxmlElement(f"w:{sida}")
        for namn, varde in (("val", "single"), ("sz", str(attondelspunkter)), ("color", farg)):
            kant.set(qn(f"w:{namn}"), varde)
        kanter.append(kant)
    cell._tc.get_or_add_tcPr().append(kanter)
