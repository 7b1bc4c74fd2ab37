"""The documents as a secretary uses them: the kallelse's sent date and fullmäktige's
kungörelse, phone numbers kept whole in plain text, the anslagsbevis signed by the organ's
official and naming the court, DOCX built for Word (heading styles, sv-SE, properties,
column widths, header tab, kept-together signatures), and the HTML heading outline."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kallelse_tui.domain.justering import registrera_anslag
from kallelse_tui.domain.model import Handlaggare
from kallelse_tui.export.anslag import export_anslag
from kallelse_tui.export.common import radbryt
from kallelse_tui.export.kallelse import FORMAT as KALLELSE_FORMAT
from kallelse_tui.export.kallelse import export_kallelse
from kallelse_tui.store import Store
from tests.conftest import mote_och_organ
from tests.test_export_kallelse import lasbar_text

KS = "norrvik-ks-2026-10-19"  # justerat
KF = "norrvik-kf-2026-11-30"  # kallad: kallelse sent and kungörelse posted 2026-11-19
SBN = "sjobacka-sbn-2026-11-17"
TELEFON = "0920-45 61 20"


# -- point 11: the kallelse ------------------------------------------------------------


@pytest.mark.parametrize("fmt", KALLELSE_FORMAT)
def test_fullmaktige_kallelse_is_a_kungorelse_with_its_anslag_date(store, ut, fmt):
    mote, organ = mote_och_organ(store, KF)
    text = lasbar_text(export_kallelse(mote, organ, fmt, ut / f"k.{fmt}"))
    for element in (
        "Kungörelse och kallelse",
        "Sammanträdet är offentligt.",
        "Kungörelsen sattes upp på kommunens anslagstavla 2026-11-19.",
        "Kallelsen skickad 2026-11-19",
    ):
        assert element.casefold() in text.casefold(), (fmt, element)


@pytest.mark.parametrize("fmt", KALLELSE_FORMAT)
def test_a_namnd_kallelse_prints_its_sent_date_and_is_no_kungorelse(store, ut, fmt):
    mote, organ = mote_och_organ(store, SBN)
    text = lasbar_text(export_kallelse(mote, organ, fmt, ut / f"k.{fmt}"))
    assert "Kallelsen skickad 2026-11-10" in text
    assert "kungörelse" not in text.casefold() and "offentligt" not in text


def test_an_unsent_kallelse_prints_no_sent_date(store, ut):
    mote, organ = mote_och_organ(store, KF)
    mote = dataclasses.replace(mote, kallad_datum=None, kungorelse_uppsatt=None)
    text = lasbar_text(export_kallelse(mote, organ, "txt", ut / "k.txt"))
    assert "skickad" not in text and "anslagstavla" not in text
    assert "Sammanträdet är offentligt." in text


@pytest.mark.parametrize("bredd", range(30, 100))
def test_plain_text_never_breaks_inside_a_phone_number(bredd):
    text = f"Handläggare: Karin Lindqvist, utvecklingsstrateg, {TELEFON}, 1 600 000 kr, § 171"
    brutet = radbryt(text, bredd)
    for grupp in (TELEFON, "1 600 000", "§ 171"):
        assert grupp in brutet, (bredd, brutet)
    assert "\u00a0" not in brutet


def test_the_kallelse_in_plain_text_keeps_the_handlaggare_phone_whole(store, ut):
    mote, organ = mote_och_organ(store, KS)
    for arende in mote.arenden:
        arende.handlaggare = Handlaggare(
            "Karin Lindqvist-Bergström", "Utvecklingsstrateg vid kommunledningskontoret", TELEFON
        )
    text = export_kallelse(mote, organ, "txt", ut / "k.txt").read_text(encoding="utf-8")
    assert text.count(TELEFON) == len(mote.arenden) + 1  # and the OSA line's


# -- point 12: the anslagsbevis ---------------------------------------------------------


@pytest.fixture
def anslaget(demo_dir: Path) -> Path:
    with Store.open(demo_dir) as store:
        mote = store.meeting(KS)
        registrera_anslag(mote, date(2026, 10, 26), "Kommunkansliet, Norrviks kommun")
        store.save_meeting(mote)
        organ = store.organ(mote.organ_id)
        organ.anslag_av = "Lisa Kanslist"
        organ.undertecknare.append(
            dataclasses.replace(organ.undertecknare[0], namn="Lisa Kanslist", titel="Registrator")
        )
        store.save_organ(organ)
    return demo_dir


@pytest.mark.parametrize("fmt", ["pdf", "html", "md", "txt"])
def test_anslagsbevis_is_signed_by_the_organs_official_and_names_the_court(anslaget, ut, fmt):
    with Store.open(anslaget, readonly=True) as store:
        mote, organ = mote_och_organ(store, KS)
    text = lasbar_text(export_anslag(mote, organ, fmt, ut / f"a.{fmt}"))
    assert "Lisa Kanslist" in text and "Registrator" in text
    assert "Johanna Sträng" not in text
    assert "Överklagandet ska ges in till Förvaltningsrätten i Luleå" in text
    # The checksum is explained in words; no unexplained technical terms.
    assert "SHA" not in text and "hash" not in text.casefold()
    assert "Kontrollsumman är ett fingeravtryck av protokollets justerade text" in text


def test_anslagsbevis_without_a_court_set_still_says_where(anslaget, ut):
    with Store.open(anslaget, readonly=True) as store:
        mote, organ = mote_och_organ(store, KS)
    organ = dataclasses.replace(organ, forvaltningsratt="")
    text = lasbar_text(export_anslag(mote, organ, "txt", ut / "a.txt"))
    assert "Överklagandet ska ges in till förvaltningsrätten" in text


# -- the register and the send form (Pilot) ------------------------------------------------


async def test_the_organ_form_sets_who_posts_the_anslag_and_the_court(demo_dir):
    from textual.widgets import Input

    from kallelse_tui.tui.app import make_app

    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 20))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "e")
        await pilot.pause()
        assert app.screen.query_one("#anslag-av", Input).value == ""  # the secretary posts it
        forut = app.screen.query_one("#forvaltningsratt", Input).value
        assert forut == "Förvaltningsrätten i Luleå"
        app.screen.query_one("#anslag-av", Input).value = "Lisa Kanslist"
        app.screen.query_one("#forvaltningsratt", Input).value = "Förvaltningsrätten i Umeå"
        await pilot.press("f2")
        await pilot.pause()
    with Store.open(demo_dir, readonly=True) as store:
        andrade = [o for o in store.organs() if o.anslag_av == "Lisa Kanslist"]
    assert len(andrade) == 1 and andrade[0].forvaltningsratt == "Förvaltningsrätten i Umeå"


async def test_marking_a_fullmaktige_kallelse_sent_records_the_kungorelse(demo_dir):
    from textual.widgets import Input

    from kallelse_tui.domain.model import Sammantrade
    from kallelse_tui.domain.status import Status
    from kallelse_tui.tui.app import make_app
    from kallelse_tui.tui.meeting_screen import MeetingScreen

    with Store.open(demo_dir) as store:
        mote = store.meeting(KF)
        utkast = Sammantrade(
            id="norrvik-kf-2026-12-14", organ_id=mote.organ_id, datum=date(2026, 12, 14)
        )
        store.save_meeting(utkast)
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 12, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        organ = app.store.organ(utkast.organ_id)
        app.push_screen(MeetingScreen(app.store.meeting(utkast.id), organ))
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#kungjord", Input).value = "2026-12-02"
        await pilot.press("f2")
        await pilot.pause()
    with Store.open(demo_dir, readonly=True) as store:
        sparat = store.meeting(utkast.id)
    assert sparat.status is Status.KALLAD
    assert (sparat.kallad_datum, sparat.kungorelse_uppsatt) == (
        date(2026, 12, 1),
        date(2026, 12, 2),
    )


# -- point 9: DOCX for Word ------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4
TEXTBREDD_MM = 210 - 25 - 22


def _docx(store, ut: Path, slag: str, mote_id: str) -> Path:
    from kallelse_tui.export.protokoll import export_protokoll

    mote, organ = mote_och_organ(store, mote_id)
    if slag == "protokoll":
        return export_protokoll(mote, organ, "docx", ut / "p.docx")
    return export_kallelse(mote, organ, "docx", ut / "k.docx")


def _del(path: Path, namn: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(namn).decode("utf-8")


def _rubriker(path: Path) -> list[tuple[int, str]]:
    import docx

    return [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in docx.Document(str(path)).paragraphs
        if p.style.name.startswith("Heading")
    ]


DOKUMENT = [("protokoll", KS), ("kallelse", KS), ("kallelse", KF)]


@pytest.mark.parametrize(("slag", "mote_id"), DOKUMENT)
def test_docx_headings_are_word_heading_styles_without_gaps(store, ut, slag, mote_id):
    import docx

    path = _docx(store, ut, slag, mote_id)
    rubriker = _rubriker(path)
    assert [n for n, _ in rubriker].count(1) == 1 and rubriker[0][0] == 1
    assert rubriker[0][1].startswith(store.organ(store.meeting(mote_id).organ_id).namn)
    for (forra, _), (niva, text) in zip(rubriker, rubriker[1:], strict=False):
        assert niva <= forra + 1, (text, rubriker)
    # The navigation pane shows the styles' outline levels.
    stilar = docx.Document(str(path)).styles
    for niva in (1, 2, 3):
        pPr = stilar[f"Heading {niva}"].element.pPr
        assert pPr.find(f"{W}outlineLvl").get(f"{W}val") == str(niva - 1)


def test_docx_each_paragraf_is_one_heading_2(store, ut):
    mote, _ = mote_och_organ(store, KS)
    rubriker = _rubriker(_docx(store, ut, "protokoll", KS))
    paragrafer = [t for n, t in rubriker if n == 2 and t.startswith("§")]
    forvantat = [
        f"§ {p.nummer} {next(a.rubrik for a in mote.arenden if a.id == p.arende_id)}"
        for p in sorted(mote.paragrafer, key=lambda p: p.nummer)
    ]
    assert paragrafer == forvantat
    assert any(n == 3 and t == "Kommunstyrelsens beslut" for n, t in rubriker)


@pytest.mark.parametrize(("slag", "mote_id"), DOKUMENT)
def test_docx_is_swedish_in_the_defaults_every_style_and_the_settings(store, ut, slag, mote_id):
    import docx

    path = _docx(store, ut, slag, mote_id)
    styles = _del(path, "word/styles.xml")
    assert "en-US" not in styles
    doc = docx.Document(str(path))
    standard = doc.styles.element.find(f"{W}docDefaults").find(f"{W}rPrDefault")
    assert standard.find(f"{W}rPr").find(f"{W}lang").get(f"{W}val") == "sv-SE"
    for namn in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer"):
        lang = doc.styles[namn].element.rPr.find(f"{W}lang")
        assert lang.get(f"{W}val") == "sv-SE", namn
    assert 'w:themeFontLang w:val="sv-SE"' in _del(path, "word/settings.xml")
    # The theme's fonts would override the ones named: none left.
    assert "asciiTheme" not in styles.split("</w:docDefaults>")[0]


@pytest.mark.parametrize(("slag", "mote_id"), DOKUMENT)
def test_docx_properties_name_the_document_and_the_organ_not_the_library(store, ut, slag, mote_id):
    import zipfile
    from datetime import UTC, datetime, timedelta

    import docx

    fore = datetime.now(UTC).replace(microsecond=0)
    path = _docx(store, ut, slag, mote_id)
    mote, organ = mote_och_organ(store, mote_id)
    egenskaper = docx.Document(str(path)).core_properties
    assert egenskaper.title.endswith(f"{organ.namn} {mote.datum.isoformat()}")
    assert egenskaper.author == organ.namn
    skapad = egenskaper.created.replace(tzinfo=UTC)
    assert fore - timedelta(seconds=1) <= skapad <= datetime.now(UTC)
    with zipfile.ZipFile(path) as z:
        for namn in z.namelist():
            if namn.startswith("docProps/"):
                innehall = z.read(namn).decode("utf-8", "replace").casefold()
                assert "python" not in innehall and "docx" not in innehall, namn
        assert "docProps/thumbnail.jpeg" not in z.namelist()


def _ordbredd_mm(ord_: str, pt: float) -> float:
    """Times New Roman's advance widths, roughly: digits and lower case half an em, capitals
    about 0.7, bold a little wider."""
    em = sum(0.7 if t.isupper() else 0.25 if t in ".,:;" else 0.5 for t in ord_)
    return em * 1.05 * pt * 25.4 / 72


@pytest.mark.parametrize(("slag", "mote_id"), [*DOKUMENT, ("protokoll", SBN)])
def test_docx_tables_have_fixed_widths_that_hold_every_word(store, ut, slag, mote_id):
    import docx

    doc = docx.Document(str(_docx(store, ut, slag, mote_id)))
    tabeller = list(doc.tables)
    for section in doc.sections:
        tabeller += section.footer.tables + section.first_page_footer.tables
    assert tabeller
    for tabell in tabeller:
        tblPr = tabell._tbl.tblPr
        assert tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        grid = [int(c.get(f"{W}w")) for c in tabell._tbl.tblGrid.findall(f"{W}gridCol")]
        assert abs(sum(grid) - int(tblPr.find(f"{W}tblW").get(f"{W}w"))) <= len(grid)
        assert sum(grid) <= TEXTBREDD_MM * TWIPS_PER_MM + len(grid)
        for rad in tabell.rows:
            for cell, kolumn in zip(rad.cells, grid, strict=True):
                assert abs(cell.width.twips - kolumn) <= 1
                inre_mm = kolumn / TWIPS_PER_MM - 2 * 1.9
                for paragraf in cell.paragraphs:
                    for run in paragraf.runs:
                        pt = run.font.size.pt if run.font.size else 11.5
                        for ord_ in run.text.split():
                            assert _ordbredd_mm(ord_, pt) <= inre_mm, (ord_, kolumn)


def test_docx_kallelse_number_column_is_narrow(store, ut):
    import docx

    doc = docx.Document(str(_docx(store, ut, "kallelse", KS)))
    arenden = doc.tables[0]
    assert arenden.rows[1].cells[0].text == "1."
    assert arenden.columns[0].cells[0].width.mm <= 12
    assert arenden.rows[1].cells[1].width.mm >= 100


@pytest.mark.parametrize(("slag", "mote_id"), DOKUMENT)
def test_docx_header_right_text_sits_at_the_right_margin(store, ut, slag, mote_id):
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT

    doc = docx.Document(str(_docx(store, ut, slag, mote_id)))
    section = doc.sections[0]
    textbredd = section.page_width - section.left_margin - section.right_margin
    paragraf = section.header.paragraphs[0]
    assert "\t" in paragraf.text
    # Every tab stop that applies (the style's and the paragraph's) is the right margin.
    stopp = [*paragraf.style.paragraph_format.tab_stops, *paragraf.paragraph_format.tab_stops]
    assert stopp
    for tab in stopp:
        assert tab.alignment == WD_TAB_ALIGNMENT.RIGHT
        assert abs(tab.position - textbredd) < 20000  # EMU: well under a millimetre


def _behall_tillsammans(tabell) -> None:
    rader = tabell.rows
    for rad in rader:
        assert rad._tr.trPr.find(f"{W}cantSplit") is not None
    # Word keeps a table on one page when every row but the last is kept with the next.
    paragrafer = [p for rad in rader[:-1] for cell in rad.cells for p in cell.paragraphs]
    assert all(p.paragraph_format.keep_with_next for p in paragrafer)


def test_docx_signature_block_is_kept_together_and_footer_has_the_boxes(store, ut):
    import docx

    doc = docx.Document(str(_docx(store, ut, "protokoll", KS)))
    signaturer = next(t for t in doc.tables if t.rows[0].cells[0].text == "Sekreterare")
    assert len(signaturer.rows) >= 3
    _behall_tillsammans(signaturer)
    rubrik = next(p for p in doc.paragraphs if p.text == "Underskrifter")
    assert rubrik.style.name == "Heading 2"
    section = doc.sections[0]
    for footer in (section.footer, section.first_page_footer):
        rutor = footer.tables[0].rows[0].cells
        assert rutor[0].text == "Justerandes sign" and rutor[1].text == "Utdragsbestyrkande"


def test_docx_kallelse_signatures_are_kept_together(store, ut):
    import docx

    doc = docx.Document(str(_docx(store, ut, "kallelse", KF)))
    underskrifter = doc.tables[-1]
    assert "Agneta Holm" in underskrifter.rows[0].cells[0].text
    _behall_tillsammans(underskrifter)
    # The space to sign in above the names stays with them.
    fore = underskrifter._tbl.getprevious()
    assert fore.tag == f"{W}p" and fore.find(f"{W}pPr").find(f"{W}keepNext") is not None


# -- point 10: the HTML outline and print CSS ------------------------------------------------


class _Rubriker(HTMLParser):
    """The h1–h6 of a page, in order, with their text."""

    def __init__(self) -> None:
        super().__init__()
        self.rubriker: list[tuple[int, str]] = []
        self._i: int | None = None
        self.css = ""
        self._stil = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self._i = int(tag[1])
            self.rubriker.append((self._i, ""))
        self._stil = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == f"h{self._i}":
            self._i = None
        self._stil = False

    def handle_data(self, data: str) -> None:
        if self._i is not None:
            niva, text = self.rubriker[-1]
            self.rubriker[-1] = (niva, " ".join(f"{text} {data}".split()))
        if self._stil:
            self.css += data


def _html(store, ut: Path, slag: str, mote_id: str) -> _Rubriker:
    from kallelse_tui.export.anslag import anslag_data
    from kallelse_tui.export.common import jinja_text
    from kallelse_tui.export.protokoll import export_protokoll

    mote, organ = mote_och_organ(store, mote_id)
    if slag == "protokoll":
        text = export_protokoll(mote, organ, "html", ut / "p.html").read_text(encoding="utf-8")
    elif slag == "anslag":
        mote.anslag = None
        registrera_anslag(mote, date(2026, 10, 26), "")
        text = jinja_text("anslag.html.j2", anslag_data(mote, organ))
    else:
        text = export_kallelse(mote, organ, "html", ut / "k.html").read_text(encoding="utf-8")
    parser = _Rubriker()
    parser.feed(text)
    return parser


@pytest.mark.parametrize(
    ("slag", "mote_id"), [*DOKUMENT, ("protokoll", SBN), ("kallelse", SBN), ("anslag", KS)]
)
def test_html_has_one_h1_an_outline_without_gaps_and_a4_print_css(store, ut, slag, mote_id):
    sida = _html(store, ut, slag, mote_id)
    nivaer = [n for n, _ in sida.rubriker]
    assert nivaer.count(1) == 1 and nivaer[0] == 1, sida.rubriker
    for forra, niva in zip(nivaer, nivaer[1:], strict=False):
        assert niva <= forra + 1, sida.rubriker
    css = " ".join(sida.css.split())
    assert "@page {" in css and "size: A4" in css and "margin:" in css


def test_html_protokoll_gives_each_paragraf_one_heading(store, ut):
    mote, _ = mote_och_organ(store, KS)
    rubriker = _html(store, ut, "protokoll", KS).rubriker
    forvantat = [
        f"§ {p.nummer} {next(a.rubrik for a in mote.arenden if a.id == p.arende_id)}"
        for p in sorted(mote.paragrafer, key=lambda p: p.nummer)
    ]
    assert [t for n, t in rubriker if t.startswith("§")] == forvantat
    assert all(n == 2 for n, t in rubriker if t.startswith("§"))
    assert (1, "Kommunstyrelsen") in rubriker


def test_html_protokoll_prints_the_boxes_on_every_page_and_keeps_signatures_whole(store, ut):
    sida = _html(store, ut, "protokoll", KS)
    css = " ".join(sida.css.split())
    # A table's head and foot repeat on every printed page; fixed positions do not print.
    assert "table.ram > tfoot { display: table-footer-group; }" in css
    assert "position: fixed" not in css
    assert re.search(r"[^{}]*\.underskrifter[^{}]*\{[^}]*break-inside: avoid", css)
