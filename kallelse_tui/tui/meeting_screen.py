"""One meeting: its header, the ärendelista to build and edit, the chosen ärende, and the
live checks of the kallelse."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from kallelse_tui.domain.datum import klockslag, kort_datum
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Arende,
    ArendeTyp,
    Omrostning,
    Organ,
    OrganTyp,
    Paragraf,
    Rost,
    Sammantrade,
    Yrkande,
)
from kallelse_tui.domain.status import Status
from kallelse_tui.store import StoreApi, StoreConnectionError
from kallelse_tui.tui.andringar import StoreChanged
from kallelse_tui.tui.arende_form import ArendeForm
from kallelse_tui.tui.commands import PaletteCommand
from kallelse_tui.tui.confirm_screen import ConfirmScreen
from kallelse_tui.tui.export_form import HANDLINGAR, PROTOKOLL, UTDRAG, ExportRequest
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.form import reusable_form
from kallelse_tui.tui.meeting_form import MeetingForm
from kallelse_tui.tui.skrivskydd import SkrivskyddRad
from kallelse_tui.tui.styles import Column, ColumnList, column_line, status_text
from kallelse_tui.tui.title_bar import TitleBar

MIN_RUBRIK = 16  # the title column never narrower than this; the line is cut instead
ARENDE_COLUMNS = (  # title, justify: one per cell of MeetingScreen._rows
    ("Nr", "right"),
    ("Ärende", "left"),
    ("Dnr", "left"),
    ("Typ", "left"),
    ("§", "left"),
    ("Underlag", "right"),
)
RUBRIK = 1  # the column that takes what the others leave


def arende_columns(rows: list[tuple[str, ...]], width: int) -> list[tuple[int, Column]]:
    """The ärendelista's columns (cell index, column) for `rows` on a line `width` wide:
    each as wide as its widest cell, the title what is left; § and Underlag only when
    some ärende has one."""
    shown = [0, 1, 2, 3] + [i for i in (4, 5) if any(row[i] for row in rows)]
    widths = {
        i: max([cell_len(ARENDE_COLUMNS[i][0])] + [cell_len(r[i]) for r in rows])
        for i in shown
        if i != RUBRIK
    }
    widths[RUBRIK] = max(MIN_RUBRIK, width - sum(widths.values()) - 2 * len(shown))
    return [(i, (ARENDE_COLUMNS[i][0], widths[i], ARENDE_COLUMNS[i][1])) for i in shown]


class MeetingScreen(Screen[None]):
    CSS_PATH = "meeting_screen.tcss"
    HELP = (
        "Sammanträdets ärendelista. Flytta med **pil upp/ned**; till höger visas det valda "
        "ärendet och under listan kontrollerna av kallelsen (Kommunallagen, reglementet).\n\n"
        "- **Enter** redigerar ärendet, **n** lägger till ett nytt efter markören, **Delete** "
        "tar bort (efter en fråga).\n"
        "- **Skift+pil upp/ned** (eller **K**/**J**) flyttar ärendet; numren följer ordningen.\n"
        "- **m** ändrar datum, tid, plats, sändlista och undertecknare.\n"
        "- **i** klistrar in en ärendelista (text från Word eller PDF) som nya ärenden.\n"
        "- **s** markerar kallelsen som skickad; ändringar efter det antecknas.\n"
        "- **x** exporterar kallelsen eller protokollet (PDF, HTML, Markdown, text eller "
        "Word) eller handlingarna: kallelsen och alla beslutsunderlag i en PDF med "
        "bokmärken.\n"
        "- **p** går in i sammanträdet: närvaro, paragraf för paragraf, yrkanden, "
        "omröstning, reservationer och jäv (status kallad → pågår).\n"
        "- **b** visar och bifogar ärendets beslutsunderlag; **h** visar ärendets historik "
        "(alla sammanträden där dess Dnr förekommit).\n"
        "- **j** justerar protokollet och registrerar anslaget; **u** skickar "
        "protokollsutdrag till dem beslutet ska skickas till.\n\n"
        "Allt sparas direkt. Ett justerat protokoll kan inte ändras. **Esc** går tillbaka."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="meeting.back", show=False),
        # The footer holds about ten keys at 120 columns: Esc and the list's own keys (Enter,
        # Delete, paste) are in the help and the palette; the meeting's life and F1 show.
        Binding("enter", "edit_arende", "Redigera", id="meeting.edit", show=False),
        Binding("n", "new_arende", "Nytt ärende", id="meeting.new"),
        Binding("delete", "delete_arende", "Ta bort", id="meeting.delete", show=False),
        Binding("shift+up,K", "move(-1)", "Flytta upp", id="meeting.up", show=False),
        Binding("shift+down,J", "move(1)", "Flytta ned", id="meeting.down", show=False),
        Binding("m", "edit_meeting", "Uppgifter", id="meeting.header"),
        Binding("i", "paste_agenda", "Klistra in lista", id="meeting.paste", show=False),
        Binding("s", "mark_sent", "Skickad", id="meeting.sent"),
        Binding("x", "export", "Exportera", id="meeting.export"),
        Binding("b", "underlag", "Underlag", id="meeting.underlag"),
        Binding("h", "history", "Historik", id="meeting.history", show=False),
        Binding("p", "sammantrade", "Sammanträdet", id="meeting.sammantrade"),
        Binding("j", "justering", "Justering", id="meeting.justering"),
        Binding("u", "expediering", "Expediera", id="meeting.expediering"),
    ]
    EDITING = {
        "edit_arende",
        "new_arende",
        "delete_arende",
        "move",
        "edit_meeting",
        "paste_agenda",
    }

    def __init__(self, mote: Sammantrade, organ: Organ, focus_arende: str | None = None) -> None:
        super().__init__()
        self.mote = mote
        self.organ = organ
        self.focus_arende = focus_arende
        self.redigeras_av = ""  # who holds the meeting's edit lease, when not this session
        self._fitted = 0  # the width the ärendelista's lines were made for

    @property
    def store(self) -> StoreApi:
        return self.app.store  # type: ignore[attr-defined, no-any-return]

    def idag(self) -> date:
        return self.app.idag()  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SkrivskyddRad()
        yield Static(id="meeting-summary")
        with Horizontal(id="meeting-body"):
            with Vertical(id="arende-pane"):
                yield Static(id="arende-columns")
                yield ColumnList(id="arende-table")
                with VerticalScroll(id="check-scroll"):
                    yield Static(id="check-panel")
                with Horizontal(id="export-row"):  # the progress bar comes with an export
                    yield Static(id="export-label")
            with VerticalScroll(id="arende-detail"):
                yield Static(id="arende-text")
        yield KallelseFooter()

    def on_mount(self) -> None:
        self.query_one("#arende-table").focus()  # rows come with on_screen_resume, next
        # A shared store: one editor per meeting; the others read it.
        self.redigeras_av = "" if self.store.readonly else self.store.lease(self.mote.id)
        if self.redigeras_av:
            self.notify(self.redigeras_av, title="Skrivskyddat", severity="warning", timeout=15)
            self.query_one(SkrivskyddRad).visa()

    def on_store_changed(self, event: StoreChanged) -> None:
        """Someone else saved this meeting: a read-only view follows it."""
        if event.change == self.mote.id and self.read_only:
            self.mote = self.store.meeting(self.mote.id)
            self.refresh_meeting()

    def on_unmount(self) -> None:
        if not self.redigeras_av:
            self.store.release(self.mote.id)

    @property
    def read_only(self) -> bool:
        """Nothing can be saved: the store is read-only or someone else edits the meeting."""
        return self.store.readonly or bool(self.redigeras_av)

    # -- showing -------------------------------------------------------------------------

    def refresh_meeting(self, cursor: str | None = None) -> None:
        """Redraw everything from self.mote, keeping the cursor on `cursor` (an ärende id)."""
        self.title = f"{self.organ.namn} {kort_datum(self.mote.datum)}"
        self.sub_title = self.organ.kommun
        self.query_one("#meeting-summary", Static).update(self._summary())
        current = cursor or self.current_id()
        self._fill_list()
        table = self.query_one("#arende-table", OptionList)
        ids = [a.id for a in self.mote.arenden]
        if ids:
            table.highlighted = ids.index(current) if current in ids else 0
            self._show(self.mote.arenden[table.highlighted])
        else:
            self.query_one("#arende-text", Static).update(
                Text(
                    "Ärendelistan är tom. Tryck n för ett nytt ärende eller i för att klistra "
                    "in en ärendelista.",
                    style="dim",
                )
            )
        self._show_checks()

    def _rows(self) -> list[tuple[str, ...]]:
        """Each ärende's cells: nr, rubrik, dnr, typ, §, number of underlag."""
        rows: list[tuple[str, ...]] = []
        for nummer, arende in enumerate(self.mote.arenden, 1):
            paragraf = self.mote.paragraf_for(arende.id)
            rows.append(
                (
                    str(nummer),
                    arende.rubrik + (" (extra)" if arende.extra else ""),
                    arende.dnr.removeprefix("Dnr ").removeprefix("Dnr: "),
                    arende.typ.kort,
                    f"§ {paragraf.nummer}" if paragraf else "",
                    str(len(arende.beslutsunderlag) or ""),
                )
            )
        return rows

    def _list_width(self) -> int:
        table = self.query_one("#arende-table", OptionList)
        # Before the first layout: the list's share of the screen (arende-pane is 2fr of
        # 3) less its padding and scrollbar gutter (meeting_screen.tcss).
        return table.scrollable_content_region.width or self.app.size.width * 2 // 3 - 4

    def _fill_list(self) -> None:
        """The ärendelista's lines, fitted to the list's width (a title cut short shows
        whole beside the list)."""
        rows, width = self._rows(), self._list_width()
        picked = arende_columns(rows, width)
        columns = [column for _i, column in picked]
        header = column_line([title for title, *_rest in columns], columns)
        header.stylize("bold")
        self.query_one("#arende-columns", Static).update(header)
        options = []
        for arende, row in zip(self.mote.arenden, rows, strict=True):
            cells: list[str | Text] = [row[i] for i, _column in picked]
            if arende.sekretess:
                cells[RUBRIK] = Text(row[RUBRIK], style="italic")
            cells[3] = Text(row[3], style="dim")
            options.append(Option(column_line(cells, columns), id=arende.id))
        table = self.query_one("#arende-table", OptionList)
        table.clear_options()
        table.add_options(options)
        self._fitted = width

    def _fit_columns(self) -> None:
        """After a resize (or a first layout other than foreseen): lines for the new width."""
        if self.is_attached and self._list_width() != self._fitted:
            current = self.current_id()
            self._fill_list()
            ids = [a.id for a in self.mote.arenden]
            if current in ids:
                self.query_one("#arende-table", OptionList).highlighted = ids.index(current)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_columns)

    def current_id(self) -> str | None:
        table = self.query_one("#arende-table", OptionList)
        if table.highlighted is None or not table.option_count:
            return None
        return table.get_option_at_index(table.highlighted).id

    def _summary(self) -> Text:
        mote = self.mote
        when = mote.rubrik_datum + (f" {klockslag(mote.tid)}" if mote.tid else "")
        lines = [
            Text.assemble(
                (self.organ.namn, "bold"),
                f", {self.organ.kommun}  " if self.organ.kommun else "  ",
                status_text(mote.status),
            ),
            Text(f"{when[0].upper()}{when[1:]}" + (f", {mote.plats}" if mote.plats else "")),
        ]
        if mote.kallad_datum:
            sent = f"Kallelsen skickad {kort_datum(mote.kallad_datum)}"
            if mote.andringar:
                n = len(mote.andringar)
                sent += f" – ändrad efter utskick ({n} {'ändring' if n == 1 else 'ändringar'})"
            lines.append(Text(sent, style="dim"))
        lines.append(
            Text(f"{len(mote.arenden)} ärenden, {len(mote.paragrafer)} paragrafer", style="dim")
        )
        if mote.justering is not None and mote.justering.datum is not None:
            steg = f"Justerat {mote.justering.datum.isoformat()}"
            if mote.anslag is not None:
                steg += (
                    f" · anslaget {mote.anslag.uppsatt.isoformat()} · sista dag för överklagande "
                    f"{mote.anslag.sista_dag_overklagande.isoformat()}"
                )
            lines.append(Text(steg, style="green"))
        return Text("\n").join(lines)

    def _show_checks(self) -> None:
        from kallelse_tui.domain.regler import Allvar, kontrollera_kallelse

        panel = self.query_one("#check-panel", Static)
        if self.mote.last:
            panel.update(Text("Protokollet är justerat och låst.", style="dim"))
            return
        fynd = kontrollera_kallelse(self.mote, self.organ, self.idag())
        if not fynd:
            panel.update(Text("✓ Kontrollerna av kallelsen har inget att anmärka.", style="green"))
            return
        rows = [Text(f"Kontroller ({len(fynd)})", style="bold")]
        for f in fynd:
            style = "bold red" if f.allvar is Allvar.FEL else "yellow"
            mark = "✗" if f.allvar is Allvar.FEL else "!"
            rows.append(Text.assemble((f"{mark} ", style), f.meddelande, (f" ({f.kalla})", "dim")))
        panel.update(Text("\n").join(rows))

    @on(OptionList.OptionHighlighted, "#arende-table")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self._show(self.mote.arende(event.option.id))

    @on(OptionList.OptionSelected, "#arende-table")
    def _selected(self) -> None:
        self.action_edit_arende()

    def _show(self, arende: Arende) -> None:
        self.query_one("#arende-text", Static).update(
            arende_detail(arende, self.mote.paragraf_for(arende.id), self.organ)
        )

    # -- editing -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITING and self.read_only and not self.mote.last:
            return None  # a justerat protokoll: the action runs and _refused says why
        if action == "mark_sent" and self.mote.status is not Status.UTKAST:
            return None
        if action in {"edit_arende", "delete_arende", "move", "underlag", "history"} and (
            not self.mote.arenden
        ):
            return None
        return True

    def _refused(self) -> bool:
        if self.mote.last:
            justering = self.mote.justering
            den = f" den {justering.datum.isoformat()}" if justering and justering.datum else ""
            self.notify(
                f"Protokollet är justerat{den} och låst: ärenden, paragrafer och uppgifter kan "
                "inte ändras. Anslag finns under j, utdrag under u.",
                title="Låst",
                severity="warning",
            )
            return True
        if self.read_only:
            self.notify(
                self.redigeras_av or "Lagret är öppnat skrivskyddat; ändringar kan inte sparas.",
                severity="warning",
            )
            return True
        return False

    def save(
        self, change: str | None, cursor: str | None = None, arende: Arende | None = None
    ) -> bool:
        """Write the meeting; record `change` when the kallelse is already out. `arende`:
        the one ärende an edit changed, saved alone when no change needed recording (a
        draft's ärende: far less to write and to index than the whole meeting)."""
        recorded = len(self.mote.andringar)
        if change:
            self.mote.registrera_andring(change, self.idag())
        try:
            if arende is not None and len(self.mote.andringar) == recorded:
                self.store.save_arende(self.mote.id, arende)
            else:
                self.store.save_meeting(self.mote)
        except StoreConnectionError as exc:  # the change stays: the next save carries it
            self.notify(str(exc), title="Inte sparat", severity="error", timeout=20)
            self.refresh_meeting(cursor)
            return False
        except DomainError as exc:
            self.notify(str(exc), title="Inte sparat", severity="error", timeout=15)
            self.mote = self.store.meeting(self.mote.id)  # back to what is on disk
            self.refresh_meeting(cursor)
            return False
        self.refresh_meeting(cursor)
        return True

    def action_edit_arende(self) -> None:
        current = self.current_id()
        if current is None or self._refused():
            return
        self._open_arende_form(self.mote.arende(current), new=False)

    def action_new_arende(self) -> None:
        if self._refused():
            return
        typ = ArendeTyp.BESLUT
        self._open_arende_form(Arende(id=self.mote.nytt_arende_id(), rubrik="", typ=typ), new=True)

    def _open_arende_form(self, arende: Arende, new: bool) -> None:
        ids = [a.id for a in self.mote.arenden]
        position = ids.index(arende.id) if arende.id in ids else self._insert_position()

        def done(result: Arende | None) -> None:
            if result is None:
                return
            if new:
                nummer = self.mote.lagg_till_arende(result, position)
                change = f"Ärende {nummer} ”{result.rubrik}” tillagt."
            else:
                self.mote.arenden[position] = result
                change = f"Ärende {position + 1} ”{result.rubrik}” ändrat."
            if not self.save(change, result.id, None if new else result):
                self._open_arende_form(result, new)  # keep what was typed on screen

        form = reusable_form(self.app, ArendeForm).prepare(arende, position + 1, new=new)
        self.app.push_screen(form, done)

    def _insert_position(self) -> int:
        current = self.current_id()
        ids = [a.id for a in self.mote.arenden]
        return ids.index(current) + 1 if current in ids else len(ids)

    def action_delete_arende(self) -> None:
        current = self.current_id()
        if current is None or self._refused():
            return
        arende = self.mote.arende(current)
        nummer = [a.id for a in self.mote.arenden].index(current) + 1
        try:
            self.mote.kontrollera_borttagning(current)
        except DomainError as exc:
            self.notify(str(exc), severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                index = self.mote.ta_bort_arende(arende.id)
                after = (
                    self.mote.arenden[min(index, len(self.mote.arenden) - 1)].id
                    if self.mote.arenden
                    else None
                )
                self.save(f"Ärende {nummer} ”{arende.rubrik}” borttaget.", after)

        self.app.push_screen(
            ConfirmScreen(f"Ta bort ärende {nummer}?", f"”{arende.rubrik}” {arende.dnr}".strip()),
            answered,
        )

    def action_move(self, step: int) -> None:
        current = self.current_id()
        if current is None or self._refused():
            return
        target = self.mote.flytta_arende(current, step)
        if target is None:
            return
        rubrik = self.mote.arende(current).rubrik
        self.save(f"Ärende ”{rubrik}” flyttat till nummer {target + 1}.", current)

    def action_edit_meeting(self) -> None:
        if self._refused():
            return

        def done(result: Sammantrade | None) -> None:
            if result is not None:
                self.mote = result
                self.save("Sammanträdets uppgifter ändrade.")

        self.app.push_screen(MeetingForm(self.store.organs(), self.mote), done)

    def action_paste_agenda(self) -> None:
        if self._refused():
            return
        from kallelse_tui.tui.import_screen import ImportScreen

        def done(result: Sammantrade | list[Arende] | None) -> None:
            if isinstance(result, list) and result:
                self.mote.arenden.extend(result)  # ids are new: see ImportScreen.build
                self.save(f"{len(result)} ärenden inklistrade.", result[0].id)
                self.notify(f"{len(result)} ärenden tillagda sist i listan.")

        self.app.push_screen(ImportScreen(self.store.organs(), target=self.mote), done)

    def action_mark_sent(self) -> None:
        if self._refused():
            return
        from kallelse_tui.tui.send_form import SendForm

        def done(result: tuple[date, date | None] | None) -> None:
            if result is None:
                return
            sent, kungjord = result
            try:
                self.mote.markera_kallad(sent)
            except DomainError as exc:
                self.notify(str(exc), severity="error")
                return
            self.mote.kungorelse_uppsatt = kungjord
            if self.save(None):
                self.notify(f"Kallelsen är markerad som skickad {kort_datum(sent)}.")

        fullmaktige = self.organ.typ is OrganTyp.FULLMAKTIGE
        self.app.push_screen(SendForm(self.mote, self.idag(), kungorelse=fullmaktige), done)

    def action_sammantrade(self) -> None:
        if self.mote.status is Status.UTKAST:
            self.notify(
                "Kallelsen är inte markerad som skickad: tryck s först, så kan sammanträdet börja.",
                severity="warning",
            )
            return
        try:  # the § series goes on from the organ's earlier meetings: all must be readable
            self.store.sista_paragraf(self.mote)
        except DomainError as exc:
            self.notify(str(exc), title="Kan inte öppna", severity="error", timeout=30)
            return
        if self.mote.status is Status.KALLAD:
            if self._refused():
                return
            from kallelse_tui.tui.confirm_screen import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self.mote.byt_status(Status.PAGAR)
                    if self.save(None):
                        self.notify("Sammanträdet pågår.", timeout=3)
                        self._open_sammantrade()

            self.app.push_screen(
                ConfirmScreen(
                    f"Börja sammanträdet {self.mote.kort_rubrik}?",
                    "Status blir ”pågår”: närvaron tas upp först, sedan ärende för ärende.",
                ),
                answered,
            )
            return
        self._open_sammantrade()

    def _open_sammantrade(self) -> None:
        from kallelse_tui.tui.narvaro_screen import NarvaroScreen
        from kallelse_tui.tui.sammantrade_screen import SammantradeScreen

        screen = SammantradeScreen(self.mote, self.organ)
        self.app.push_screen(screen)
        if not self.mote.narvaro and not self.mote.last and not self.read_only:
            self.app.push_screen(
                NarvaroScreen(self.mote, self.organ, screen.autosave.save)
            )  # upprop first

    def action_underlag(self) -> None:
        current = self.current_id()
        if current is None:
            return
        from kallelse_tui.tui.underlag_screen import UnderlagScreen

        nummer = [a.id for a in self.mote.arenden].index(current) + 1
        self.app.push_screen(UnderlagScreen(self, current, nummer))

    def action_justering(self) -> None:
        from kallelse_tui.tui.justering_screen import JusteringScreen

        self.app.push_screen(JusteringScreen(self))

    def action_expediering(self) -> None:
        from kallelse_tui.tui.expediering_screen import ExpedieringScreen

        self.app.push_screen(ExpedieringScreen(self))

    def on_screen_resume(self) -> None:
        # First show, or back from a form or the documents: draw from self.mote.
        self.refresh_meeting(self.focus_arende)
        self.focus_arende = None
        self.call_after_refresh(self._fit_columns)

    def action_history(self) -> None:
        current = self.current_id()
        arende = self.mote.arende(current) if current else None
        if arende is None or not arende.dnr:
            self.notify("Ärendet har inget diarienummer att visa historik för.", severity="warning")
            return
        from kallelse_tui.tui.search_screen import SearchScreen

        self.app.push_screen(SearchScreen(self.store, arende.dnr))

    def action_export(self, forval: str | None = None) -> None:
        """The export form; `forval` (e.g. "utdrag" from the justering) chooses the document.
        An utdrag starts from the § of the ärende under the cursor."""
        from kallelse_tui.tui.export_form import ExportForm

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                from kallelse_tui.store.integritet import export_source

                try:  # a justerat protokoll renders from its frozen record, once checked
                    mote, organ = export_source(self.store, self.mote.id)
                except DomainError as exc:
                    self.notify(str(exc), title="Exporten vägrades", severity="error", timeout=15)
                    return
                self._export(request, mote, organ)

        current = self.current_id()
        paragraf = self.mote.paragraf_for(current) if current else None
        paragrafer = [paragraf.nummer] if paragraf else []
        self.app.push_screen(ExportForm(self.mote, forval, paragrafer), done)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: ExportRequest, mote: Sammantrade, organ: Organ) -> None:
        try:
            warnings: list[str] = []
            if request.dokument == HANDLINGAR:
                path, warnings = self._export_handlingar(request)
            elif request.dokument == PROTOKOLL:
                from kallelse_tui.export.protokoll import export_protokoll
                from kallelse_tui.store.signaturer import exportera_signerad

                path = exportera_signerad(
                    self.store, mote, request.fmt, request.path, request.public
                ) or export_protokoll(mote, organ, request.fmt, request.path, public=request.public)
            elif request.dokument == UTDRAG:
                from kallelse_tui.export.utdrag import export_utdrag

                path = export_utdrag(
                    mote,
                    organ,
                    request.fmt,
                    request.path,
                    list(request.paragrafer),
                    public=request.public,
                    datum=self.idag(),
                )
            else:
                from kallelse_tui.export.kallelse import export_kallelse

                path = export_kallelse(
                    mote, organ, request.fmt, request.path, public=request.public
                )
        except DomainError as exc:
            self._notify_from_worker(str(exc), "Exporten misslyckades", "error")
        except Exception as exc:  # a bug in a template must not take the meeting down with it
            self._notify_from_worker(
                f"Oväntat fel vid export ({type(exc).__name__}: {exc}). Inget annat påverkades; "
                "rapportera felet.",
                "Exporten misslyckades",
                "error",
            )
        else:
            for warning in warnings:
                self._notify_from_worker(warning, "Med i exporten, men", "warning")
            self._notify_from_worker(f"Sparad i {path}.", "Exporterad", "information")
        finally:
            self.app.call_from_thread(self._progress_done)

    def _export_handlingar(self, request: ExportRequest) -> tuple[Path, list[str]]:
        from kallelse_tui.export.handlingar import export_handlingar

        def progress(done: int, total: int, label: str) -> None:
            self.app.call_from_thread(self._progress, done, total, label)

        warnings: list[str] = []
        path = export_handlingar(
            self.mote,
            self.organ,
            request.path,
            fil_for=lambda u: self.store.attachment_path(u.sha256),
            text_for=lambda u: self.store.attachment_text(u.sha256),
            public=request.public,
            progress=progress,
            varningar=warnings,
        )
        return path, warnings

    def _progress(self, done: int, total: int, label: str) -> None:
        # Mounted by the first export step, not with the screen: a hidden bar's widgets
        # and styles were part of every opening of a meeting.
        bar = next(iter(self.query("#export-progress").results(ProgressBar)), None)
        if bar is None:
            bar = ProgressBar(id="export-progress", show_eta=False)
            self.query_one("#export-row").mount(bar, before=0)
        bar.update(total=total, progress=done)
        self.query_one("#export-label", Static).update(label)

    def _progress_done(self) -> None:
        self.query("#export-progress").remove()
        self.query_one("#export-label", Static).update("")

    def _notify_from_worker(self, message: str, title: str, severity: SeverityLevel) -> None:
        self.app.call_from_thread(self.notify, message, title=title, severity=severity, timeout=10)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        for nummer, arende in enumerate(self.mote.arenden, 1):
            yield (
                f"Gå till ärende {nummer}: {arende.rubrik}",
                arende.dnr or arende.typ.value,
                partial(self.refresh_meeting, arende.id),
            )


def arende_detail(arende: Arende, paragraf: Paragraf | None, organ: Organ) -> Text:
    """The chosen ärende as text blocks, in the order a protocol prints them."""
    parts: list[Text] = [Text(arende.rubrik, style="bold")]
    meta = [arende.dnr, arende.typ.value]
    if arende.extra:
        meta.append("extra ärende")
    if arende.sekretess:
        meta.append(f"sekretess {arende.osl}".strip())
    parts.append(Text(" · ".join(m for m in meta if m), style="dim"))
    if arende.tidigare:
        parts.append(Text("Tidigare: " + ", ".join(arende.tidigare), style="dim"))
    if arende.handlaggare:
        h = arende.handlaggare
        parts.append(
            Text(f"Handläggare: {', '.join(x for x in (h.namn, h.titel) if x)}", style="dim")
        )

    def section(title: str, body: str | list[str]) -> None:
        if not body:
            return
        parts.append(Text(""))
        parts.append(Text(title, style="bold underline"))
        parts.append(Text("\n".join(body) if isinstance(body, list) else body))

    if paragraf is not None:
        beslut = paragraf.beslut or (paragraf.utfall.value.capitalize() if paragraf.utfall else "")
        section(f"§ {paragraf.nummer} {organ.namn}s beslut", beslut)
    for forslag in arende.forslag:
        numbered = [
            f"{i}. {p}" if len(forslag.punkter) > 1 else p for i, p in enumerate(forslag.punkter, 1)
        ]
        title = "Förslag till beslut" + (f" {forslag.till_organ}" if forslag.till_organ else "")
        section(title, numbered)
    section("Beskrivning", arende.beskrivning)
    section("Ekonomiska konsekvenser", arende.ekonomiska_konsekvenser)
    section(
        "Förteckning",
        [
            " ".join(x for x in (str(p.nummer), p.dnr, p.datum.isoformat() if p.datum else "") if x)
            + f"\n   {p.text}"
            + (f" ({p.avsandare})" if p.avsandare else "")
            for p in arende.poster
        ],
    )
    if paragraf is not None:
        section("Behandling", paragraf.behandling)
        section("Yrkanden", [_yrkande(y, organ) for y in paragraf.yrkanden])
        if paragraf.omrostning is not None:
            section("Omröstning", _omrostning(paragraf.omrostning, organ))
        for anteckning in paragraf.anteckningar:
            names = ", ".join(_namn(organ, i) for i in anteckning.ledamot_ids)
            body = names + (f": {anteckning.motivering}" if anteckning.motivering else "")
            section(anteckning.typ.value.capitalize(), body)
        section(
            "Jäv",
            [
                f"{_namn(organ, j.ledamot_id)} anmäler jäv"
                + (f"; {_namn(organ, j.ersatt_av)} tjänstgör" if j.ersatt_av else "")
                for j in paragraf.jav
            ],
        )
    section("Beslutsunderlag", [f"– {u.titel} ({u.typ.value})" for u in arende.beslutsunderlag])
    section(
        "Beslut skickas till",
        [f"{m.namn}" + ("" if m.pseudo else f", {m.syfte.value}") for m in arende.skickas_till],
    )
    return Text("\n").join(parts)


def _namn(organ: Organ, ledamot_id: str) -> str:
    try:
        return organ.ledamot(ledamot_id).visningsnamn
    except DomainError:
        return ledamot_id


def _yrkande(yrkande: Yrkande, organ: Organ) -> str:
    text = f"{_namn(organ, yrkande.ledamot_id)}: {yrkande.typ.value}"
    if yrkande.text:
        text += f" – {yrkande.text}"
    if yrkande.instammande:
        text += f" (instämmer: {', '.join(_namn(organ, i) for i in yrkande.instammande)})"
    return text


def _omrostning(omrostning: Omrostning, organ: Organ) -> list[str]:
    tally = omrostning.resultat()
    lines = [f"Ja: {omrostning.ja_forslag}", f"Nej: {omrostning.nej_forslag}"]
    for rost in Rost:
        names = [_namn(organ, i) for i, r in omrostning.roster.items() if r is rost]
        lines.append(f"{rost.value.capitalize()} ({tally[rost]}): {', '.join(names)}")
    if omrostning.vinnare:
        lines.append(f"Utfall: {omrostning.vinnare}")
    return lines
