"""A small python-docx writer for the municipal documents: A4, title block, running
header from page 2, "1 (3)" page numbers, paragraphs, a table and signatures.

python-docx is imported inside the methods, so importing this module stays cheap.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

BRODTEXT = "Times New Roman"
RUBRIKTEXT = "Arial"
GRA = (0x59, 0x59, 0x59)
_TEXTBREDD_MM = 163  # A4 minus the margins set below

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
        rutor: Sequence[str] = (),
        sidfotsrad: str = "",
    ) -> None:
        """`rutor` are labelled boxes in the footer of every page ("Justerandes sign",
        "Utdragsbestyrkande"); `sidfotsrad` a small line above the page number."""
        from docx import Document
        from docx.shared import Mm, Pt

        self.kommun, self.organ, self.dokument, self.datum = kommun, organ, dokument, datum
        self.doc: Any = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
        section.left_margin, section.right_margin = Mm(25), Mm(22)
        # The first page carries the big title block instead of the running header.
        section.different_first_page_header_footer = True
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = BRODTEXT, Pt(11.5)
        normal.paragraph_format.space_after = Pt(6)

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

    # -- building blocks ---------------------------------------------------------------

    def _tvakolumner(self, paragraf: Any, vanster: str, hoger: str, *, storlek: float) -> Any:
        """Left text, a right-aligned tab, right text: the header and footer lines."""
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
        bredder = [rutbredd] * len(rutor) + [4, _TEXTBREDD_MM - rutbredd * len(rutor) - 4]
        for cell, bredd in zip(tabell.rows[0].cells, bredder, strict=True):
            cell.width = Mm(bredd)
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
        """Kommun small above, the organ large, the document kind and date on the right."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt, RGBColor

        for vanster, hoger, storlek, fet in (
            (self.kommun.upper(), self.dokument.upper(), 9.5, False),
            (self.organ, f"Sammanträdesdatum {self.datum}", 22, True),
        ):
            paragraf = self.doc.add_paragraph()
            paragraf.paragraph_format.space_after = Pt(2)
            paragraf.paragraph_format.tab_stops.add_tab_stop(
                Mm(_TEXTBREDD_MM), WD_TAB_ALIGNMENT.RIGHT
            )
            run = paragraf.add_run(vanster)
            run.font.name, run.font.size, run.bold = RUBRIKTEXT, Pt(storlek), fet
            if not fet:
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

    def underrubrik(self, text: str, *, storlek: float = 12, fore: float = 12) -> None:
        """A heading kept on the page of what follows it."""
        from docx.shared import Pt

        paragraf = self.doc.add_paragraph()
        paragraf.paragraph_format.space_before = Pt(fore)
        paragraf.paragraph_format.space_after = Pt(3)
        paragraf.paragraph_format.keep_with_next = True
        run = paragraf.add_run(text)
        run.font.name, run.font.size, run.bold = RUBRIKTEXT, Pt(storlek), True

    def rubrikrad(self, vanster: str, hoger: str, *, storlek: float = 15) -> None:
        """A bold heading left and small text right on one line ("§ 176 … Dnr 2026-00318")."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt

        paragraf = self.doc.add_paragraph()
        format_ = paragraf.paragraph_format
        format_.space_before, format_.space_after, format_.keep_with_next = Pt(18), Pt(0), True
        format_.tab_stops.add_tab_stop(Mm(_TEXTBREDD_MM), WD_TAB_ALIGNMENT.RIGHT)
        run = paragraf.add_run(vanster)
        run.font.name, run.font.size, run.bold = RUBRIKTEXT, Pt(storlek), True
        if hoger:
            paragraf.add_run(f"\t{hoger}").font.size = Pt(10)

    def punkter(self, rader: Sequence[str]) -> None:
        from docx.shared import Pt

        for rad in rader:
            paragraf = self.doc.add_paragraph(rad, style="List Bullet")
            paragraf.paragraph_format.space_after = Pt(2)

    def falt(self, rader: Sequence[tuple[str, Sequence[str]]], etikett_mm: float = 42) -> None:
        """Label and lines side by side without rules: the protokoll's first page."""
        from docx.shared import Mm, Pt

        tabell = self.doc.add_table(rows=0, cols=2)
        for etikett, innehall in rader:
            if not innehall:
                continue
            celler = tabell.add_row().cells
            celler[0].paragraphs[0].add_run(etikett).bold = True
            for i, text in enumerate(innehall):
                paragraf = celler[1].paragraphs[0] if i == 0 else celler[1].add_paragraph()
                paragraf.add_run(text)
                paragraf.paragraph_format.space_after = Pt(0)
            for cell in celler:
                cell.paragraphs[-1].paragraph_format.space_after = Pt(6)
            celler[0].width, celler[1].width = Mm(etikett_mm), Mm(_TEXTBREDD_MM - etikett_mm)
        self.doc.add_paragraph()

    def signaturer(self, rader: Sequence[tuple[str, str, str]], etikett_mm: float = 42) -> None:
        """(role, name, note) with room and a line to sign above each name."""
        from docx.shared import Mm, Pt, RGBColor

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
            for cell, bredd in zip(
                celler, (etikett_mm, 85, _TEXTBREDD_MM - etikett_mm - 85), strict=True
            ):
                cell.width = Mm(bredd)
        self.doc.add_paragraph()

    def sidbrytning(self) -> None:
        self.doc.add_page_break()

    def tabell(
        self,
        rubriker: Sequence[str],
        rader: Sequence[Sequence[str | Sequence[str]]],
        bredder_mm: Sequence[float],
    ) -> None:
        """A table ruled like the PDF: a line under the headings, thin grey lines between
        rows, headings repeated on every page. A cell given as a list prints its first line
        plainly and the rest as small grey notes below it (empty ones skipped)."""
        from docx.oxml import OxmlElement
        from docx.shared import Mm, Pt, RGBColor

        def linje_under(cell: Any, attondelspunkter: int, farg: str) -> None:
            _kanter(cell, ("bottom",), attondelspunkter, farg)

        tabell = self.doc.add_table(rows=1, cols=len(rubriker))
        rubrikrad = tabell.rows[0]
        rubrikrad._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, rubrik in zip(rubrikrad.cells, rubriker, strict=True):
            cell.paragraphs[0].add_run(rubrik).bold = True
            linje_under(cell, 8, "000000")
        for rad in rader:
            for cell, innehall in zip(tabell.add_row().cells, rad, strict=True):
                forsta, *noter = [innehall] if isinstance(innehall, str) else innehall
                cell.paragraphs[0].add_run(forsta)
                for not_ in filter(None, noter):
                    run = cell.add_paragraph().add_run(not_)
                    run.font.size, run.font.color.rgb = Pt(9), RGBColor(*GRA)
                linje_under(cell, 3, "969696")
        for rad in tabell.rows:
            for cell, bredd in zip(rad.cells, bredder_mm, strict=True):
                cell.width = Mm(bredd)
                for paragraf in cell.paragraphs:
                    paragraf.paragraph_format.space_before = Pt(2)
                    paragraf.paragraph_format.space_after = Pt(2)
        self.doc.add_paragraph()

    def underskrifter(self, namn_och_titel: Sequence[tuple[str, str]]) -> None:
        """Names with titles under them, two side by side, after some space to sign in."""
        from docx.shared import Pt, RGBColor

        if not namn_och_titel:
            return
        self.doc.add_paragraph().paragraph_format.space_after = Pt(24)
        tabell = self.doc.add_table(rows=0, cols=2)
        for i, (namn, titel) in enumerate(namn_och_titel):
            if i % 2 == 0:
                celler = tabell.add_row().cells
            paragraf = celler[i % 2].paragraphs[0]
            paragraf.add_run(namn)
            if titel:
                run = celler[i % 2].add_paragraph().add_run(titel)
                run.font.color.rgb = RGBColor(*GRA)

    def spara(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


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
