"""The first screen: every meeting in the store, per organ, with date, status and ärenden."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kallelse_tui.domain.datum import veckodag
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Organ, Sammantrade, SammantradeIndex
from kallelse_tui.store import StoreApi
from kallelse_tui.tui.andringar import StoreChanged
from kallelse_tui.tui.commands import PaletteCommand
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.styles import Column, ColumnList, column_line, shown_path, status_text
from kallelse_tui.tui.title_bar import TitleBar

if TYPE_CHECKING:
    from kallelse_tui.tui.arvode_form import ArvodeBegaran

ALLA = "__alla__"
# Rows added before the first paint; the rest follow in chunks just after it, so ten years
# of meetings do not delay the first frame.
FIRST_ROWS = 10
CHUNK_ROWS = 200
LATER_S = 0.05
# The meetings list is an OptionList of fixed-width lines: a DataTable costs a third of
# the start-up time (its CSS and first render), and this list needs none of its features.
COLUMNS: tuple[Column, ...] = (
    ("Datum", 14, "left"),
    ("Organ", 22, "left"),
    ("Status", 15, "left"),
    ("Ärenden", 7, "right"),
    ("Tid", 5, "left"),
    ("Plats", 0, "left"),
)

# What an empty store says (plain text with markup: nothing to import for the first frame).
FIRST_STEPS = (  # short lines: the pane is some 85 columns wide at 120
    "[b]Lagret är tomt.[/b] Så kommer du igång:\n\n"
    "  1. [b]g[/b] öppnar organregistret; [b]n[/b] där lägger till organet (t.ex. KS).\n"
    "  2. [b]c[/b] i organregistret läser in ledamöterna från en CSV-fil\n"
    "     (namn;parti;roll), [b]l[/b] lägger till en i taget.\n"
    "  3. [b]Esc[/b] tillbaka hit: [b]i[/b] importerar en kallelse (text eller textfil),\n"
    "     [b]n[/b] skapar ett nytt sammanträde med organets standardärenden.\n\n"
    "[b]n[/b] eller [b]i[/b] redan nu frågar om organet först.\n"
    "Bara prova? Kommandot ”kallelse demo” startar på demodata."
)
NO_MEETINGS = (
    "Lagret har inga sammanträden ännu. [b]n[/b] skapar ett nytt sammanträde, [b]i[/b] "
    "importerar en kallelse, [b]g[/b] visar organ och ledamöter."
)


class MeetingsScreen(Screen[None]):
    CSS_PATH = "meetings_screen.tcss"
    TITLE = "Sammanträden"
    AUTO_FOCUS = "#meeting-table"  # focusing in on_mount would rebuild the footer once more
    HELP = (
        "Alla sammanträden i lagret, nyaste först. Till vänster väljer du organ "
        "(eller *Alla organ*), till höger ser du datum, tid, plats, status och antal "
        "ärenden.\n\nTryck **Enter** på ett sammanträde för att se dess ärendelista. "
        "**Tab** flyttar mellan organlistan och tabellen.\n\n"
        "- **n** skapar ett nytt sammanträde med organets standardärenden.\n"
        "- **i** importerar en kallelse (inklistrad text eller textfil) som ett nytt "
        "sammanträde.\n"
        "- **g** öppnar organregistret: organ, ledamöter, undertecknare och reglemente.\n"
        "- **t** publicerar den digitala anslagstavlan (en webbplats i en mapp).\n"
        "- **d** öppnar det valda organets delegationsbeslut, **m** fullmäktiges motioner "
        "och medborgarförslag."
    )
    BINDINGS = [
        Binding("enter", "open_meeting", "Öppna", id="meetings.open"),
        Binding("o", "focus_organs", "Välj organ", id="meetings.organs", show=False),
        Binding("s", "focus_meetings", "Sammanträden", id="meetings.table", show=False),
        Binding("a", "show_all", "Alla organ", id="meetings.all", show=False),
        Binding("n", "new_meeting", "Nytt sammanträde", id="meetings.new"),
        Binding("i", "import_kallelse", "Importera", id="meetings.import"),
        Binding("g", "organ_register", "Organregister", id="meetings.organs.register"),
        Binding("d", "delegation", "Delegationsbeslut", id="meetings.delegation", show=False),
        Binding(
            "m", "motioner", "Motioner och medborgarförslag", id="meetings.motioner", show=False
        ),
        Binding("r", "reload", "Läs om lagret", id="meetings.reload", show=False),
        Binding("t", "publicera", "Publicera anslagstavlan", id="meetings.publicera", show=False),
    ]

    def __init__(self, store: StoreApi) -> None:
        super().__init__()
        self.store = store
        self._organs: dict[str, Organ] = {}
        self._rows: list[SammantradeIndex] = []
        self._organ_filter = ALLA
        self._fill_generation = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal():
            with Vertical(id="organ-pane"):
                yield Static("Organ", classes="pane-title")
                yield OptionList(id="organ-list")
            with Vertical(id="meeting-pane"):
                yield Static("Sammanträden", classes="pane-title", id="meeting-title")
                yield Static(column_line([t for t, *_ in COLUMNS], COLUMNS), id="meeting-columns")
                yield ColumnList(id="meeting-table")
                yield Static("", id="empty-note")
        yield KallelseFooter()

    def on_mount(self) -> None:
        plats = self.store.plats  # a folder, or a server's URL (without password)
        self.sub_title = (shown_path(Path(plats)) if plats.startswith("/") else plats) + (
            "  (skrivskyddat)" if self.store.readonly else ""
        )
        # The rows come with on_screen_resume, which also follows the first mount.

    def load(self) -> None:
        self._organs = {o.id: o for o in self.store.organs()}
        self._rows = self.store.meetings()
        self._fill_organs()
        self._fill_meetings()

    def _fill_organs(self) -> None:
        organ_list = self.query_one("#organ-list", OptionList)
        counts: dict[str, int] = {}
        for row in self._rows:
            counts[row.organ_id] = counts.get(row.organ_id, 0) + 1
        options: list[Option] = [Option(f"Alla organ ({len(self._rows)})", id=ALLA)]
        kommun = None
        for organ in self._organs.values():
            if organ.kommun != kommun:
                kommun = organ.kommun
                options.append(Option(Text(kommun or "Utan kommun", style="bold"), disabled=True))
            label = Text.assemble(
                (f"{organ.kortnamn:<6}", "bold"),
                organ.namn,
                (f" ({counts.get(organ.id, 0)})", "dim"),
            )
            options.append(Option(label, id=organ.id))
        organ_list.clear_options()
        organ_list.add_options(options)
        ids = [o.id for o in options]
        organ_list.highlighted = ids.index(self._organ_filter) if self._organ_filter in ids else 0

    def _fill_meetings(self) -> None:
        table = self.query_one("#meeting-table", OptionList)
        keep = self.current_meeting_id()
        table.clear_options()
        self._fill_generation += 1
        shown = [r for r in self._rows if self._organ_filter in (ALLA, r.organ_id)]
        first = max(FIRST_ROWS, self.app.size.height)  # a screenful, whatever its size
        self._add_rows(shown[:first])
        first_ids = [r.id for r in shown[:first]]
        if first_ids:
            table.highlighted = first_ids.index(keep) if keep in first_ids else 0
        if len(shown) > first:
            self.set_timer(LATER_S, partial(self._add_later, shown[first:], self._fill_generation))
        organ = self._organs.get(self._organ_filter)
        self.query_one("#meeting-title", Static).update(
            f"Sammanträden – {organ.namn_och_kommun}" if organ else "Sammanträden – alla organ"
        )
        note = self.query_one("#empty-note", Static)
        table.display = bool(shown)  # the note takes the list's place
        if shown:
            note.update("")
        elif not self._organs:
            note.update(FIRST_STEPS)
        elif not self._rows:
            note.update(NO_MEETINGS)
        else:
            note.update("Det här organet har inga sammanträden ännu.")
        note.display = not shown

    def _add_rows(self, rows: list[SammantradeIndex]) -> None:
        options = []
        for row in rows:
            organ = self._organs.get(row.organ_id)
            line = column_line(
                (
                    f"{row.datum.isoformat()} {veckodag(row.datum)[:3]}",
                    f"{organ.kortnamn} {organ.kommun}" if organ else row.organ_id,
                    status_text(row.status),
                    str(row.antal_arenden),
                    f"{row.tid:%H:%M}" if row.tid else "",
                    row.plats,
                ),
                COLUMNS,
            )
            options.append(Option(line, id=row.id))
        self.query_one("#meeting-table", OptionList).add_options(options)

    def current_meeting_id(self) -> str | None:
        table = self.query_one("#meeting-table", OptionList)
        if table.highlighted is None or not table.option_count:
            return None
        return table.get_option_at_index(table.highlighted).id

    def _add_later(self, rows: list[SammantradeIndex], generation: int) -> None:
        if generation != self._fill_generation:
            return  # the list was refilled meanwhile
        self._add_rows(rows[:CHUNK_ROWS])
        if len(rows) > CHUNK_ROWS:
            self.set_timer(LATER_S, partial(self._add_later, rows[CHUNK_ROWS:], generation))

    @on(OptionList.OptionHighlighted, "#organ-list")
    def _organ_chosen(self, event: OptionList.OptionHighlighted) -> None:
        chosen = event.option.id or ALLA
        if chosen != self._organ_filter:
            self._organ_filter = chosen
            self._fill_meetings()

    @on(OptionList.OptionSelected, "#organ-list")
    def _organ_selected(self) -> None:
        self.action_focus_meetings()

    @on(OptionList.OptionSelected, "#meeting-table")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_meeting(event.option.id)

    def action_open_meeting(self) -> None:
        meeting_id = self.current_meeting_id()
        if meeting_id:
            self.open_meeting(meeting_id)

    def open_meeting(self, meeting_id: str) -> None:
        from kallelse_tui.tui.meeting_screen import MeetingScreen

        try:  # a damaged meeting file is told, never a crash
            mote = self.store.meeting(meeting_id)
            organ = self._organs.get(mote.organ_id) or self.store.organ(mote.organ_id)
        except DomainError as exc:
            self.notify(str(exc), title="Kan inte öppna", severity="error", timeout=30)
            return
        self.app.push_screen(MeetingScreen(mote, organ))

    def action_focus_organs(self) -> None:
        self.query_one("#organ-list").focus()

    def action_focus_meetings(self) -> None:
        self.query_one("#meeting-table").focus()

    def action_show_all(self) -> None:
        self._organ_filter = ALLA
        self._fill_generation = 0
        self.query_one("#organ-list", OptionList).highlighted = 0
        self._fill_meetings()

    def on_screen_resume(self) -> None:
        self._reload()  # a meeting or an organ may have changed meanwhile

    def on_store_changed(self, _event: StoreChanged) -> None:
        self._reload()  # another secretary saved: the list follows

    def _reload(self) -> None:
        try:
            self.load()
        except DomainError as exc:  # a server out of reach: the list stays as it was
            self.notify(str(exc), title="Kunde inte läsa lagret", severity="error", timeout=15)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"new_meeting", "import_kallelse"} and self.store.readonly:
            return None
        if action == "organ_register" and self.store.readonly:
            return None
        return True

    def action_new_meeting(self) -> None:
        from kallelse_tui.tui.meeting_form import MeetingForm

        if not self._organs:
            self._offer_organ("Ett sammanträde hör till ett organ", self.action_new_meeting)
            return
        self.app.push_screen(
            MeetingForm(list(self._organs.values()), taken={r.id for r in self._rows}),
            self._created,
        )

    def action_import_kallelse(self) -> None:
        from kallelse_tui.tui.import_screen import ImportScreen

        if not self._organs:
            self._offer_organ(
                "En importerad kallelse hör till ett organ", self.action_import_kallelse
            )
            return
        self.app.push_screen(
            ImportScreen(list(self._organs.values()), taken={r.id for r in self._rows}),
            self._created,
        )

    def _created(self, mote: object) -> None:
        if not isinstance(mote, Sammantrade):
            return
        try:
            self.store.save_meeting(mote)
        except DomainError as exc:
            self.notify(str(exc), title="Inte sparat", severity="error", timeout=15)
            return
        self.load()
        self.notify(f"Sammanträdet {mote.id} är skapat.")
        self.open_meeting(mote.id)

    def _offer_organ(self, why: str, then: Callable[[], None]) -> None:
        """No organ yet: ask, create it with the organ form, then go on with `then`."""
        from kallelse_tui.tui.confirm_screen import ConfirmScreen
        from kallelse_tui.tui.organ_form import OrganForm

        def created(organ: Organ | None) -> None:
            if organ is None:
                return
            try:
                self.store.save_organ(organ)
            except DomainError as exc:
                self.notify(str(exc), title="Inte sparat", severity="error", timeout=15)
                return
            self.load()
            self.notify(
                f"{organ.namn} är tillagt. Ledamöterna läser du in i organregistret (g, c)."
            )
            then()

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.push_screen(OrganForm(None, set()), created)

        self.app.push_screen(
            ConfirmScreen(
                "Det finns inget organ i lagret än. Skapa organet nu?",
                f"{why} (t.ex. Kommunstyrelsen). Ledamöterna kan du lägga till sedan, "
                "i organregistret (g).",
            ),
            answered,
        )

    def action_organ_register(self) -> None:
        from kallelse_tui.tui.organ_register_screen import OrganRegisterScreen

        self.app.push_screen(OrganRegisterScreen(self.store))

    def action_publicera(self) -> None:
        from kallelse_tui.tui.publicera_form import publicera

        publicera(self, lambda _pub: self.load())  # registered anslag change the statuses

    def _idag(self) -> date:
        idag: Callable[[], date] = getattr(self.app, "idag", date.today)  # tests fix the clock
        return idag()

    def _organ_in_view(self) -> Organ | None:
        """The organ chosen on the left, else the highlighted meeting's."""
        if self._organ_filter in self._organs:
            return self._organs[self._organ_filter]
        row = next((r for r in self._rows if r.id == self.current_meeting_id()), None)
        return self._organs.get(row.organ_id) if row else next(iter(self._organs.values()), None)

    def action_delegation(self) -> None:
        from kallelse_tui.tui.delegation_screen import DelegationScreen

        if (organ := self._organ_in_view()) is None:
            self.notify("Lägg till ett organ först (g).", severity="warning")
            return
        self.app.push_screen(DelegationScreen(self.store, organ, self._idag()))

    def action_motioner(self) -> None:
        from kallelse_tui.domain.model import OrganTyp
        from kallelse_tui.tui.motioner_screen import MotionerScreen

        organ = self._organ_in_view()
        if organ is None or organ.typ is not OrganTyp.FULLMAKTIGE:
            kf = [o for o in self._organs.values() if o.typ is OrganTyp.FULLMAKTIGE]
            same = [o for o in kf if organ is not None and o.kommun == organ.kommun]
            organ = next(iter(same or kf), None)  # the kommun's own, else the store's
        if organ is None:
            self.notify("Lagret har inget fullmäktige; lägg till det i organregistret (g).")
            return
        self.app.push_screen(MotionerScreen(self.store, organ, self._idag()))

    def action_reload(self) -> None:
        self.load()
        self.notify("Lagret är inläst på nytt.")

    def palette_commands(self) -> Iterable[PaletteCommand]:
        for row in self._rows:
            organ = self._organs.get(row.organ_id)
            name = f"Öppna sammanträde: {organ.kortnamn if organ else ''} {row.datum.isoformat()}"
            where = organ.namn_och_kommun if organ else row.organ_id
            yield name, f"{where} – {row.status.value}", partial(self.open_meeting, row.id)
        yield (
            "Arvodesunderlag …",
            "Närvaro och tid per person för en period, som CSV eller PDF",
            self.arvodesunderlag,
        )
        if not self.store.readonly:
            yield from self._checkout_commands()
        for organ in self._organs.values():
            yield (
                f"Visa organ: {organ.kortnamn} {organ.kommun}",
                organ.namn,
                partial(self._show_organ, organ.id),
            )

    def arvodesunderlag(self) -> None:
        from kallelse_tui.tui.arvode_form import ArvodeForm

        def done(begaran: ArvodeBegaran | None) -> None:
            if begaran is not None:
                self.app.last_export_folder = begaran.path.parent  # type: ignore[attr-defined]
                self._skriv_arvode(begaran)

        folder = getattr(self.app, "last_export_folder", None) or Path.home()
        organs = sorted(self._organs.values(), key=lambda o: (o.kommun, o.namn))
        self.app.push_screen(ArvodeForm(organs, self.app.idag(), folder), done)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="export")
    def _skriv_arvode(self, begaran: ArvodeBegaran) -> None:
        from kallelse_tui.domain.arvode import timmar_text
        from kallelse_tui.export.arvode import las_arvodesunderlag, skriv_arvode

        try:
            underlag = las_arvodesunderlag(self.store, begaran.fran, begaran.till, begaran.organ)
            path = skriv_arvode(underlag, begaran.path, begaran.fmt)
        except DomainError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Arvodesunderlaget sparades inte", severity="error"
            )
            return
        saknas = sum(p.ofullstandiga for p in underlag.personer)
        text = (
            f"{len(underlag.personer)} personer, {underlag.moten} sammanträden, "
            f"{timmar_text(sum(p.minuter for p in underlag.personer))}: sparat i {path}."
        ) + (f" {saknas} rader saknar klockslag." if saknas else "")
        self.app.call_from_thread(self.notify, text, title="Arvodesunderlag", timeout=10)

    def _show_organ(self, organ_id: str) -> None:
        self._organ_filter = organ_id
        self._fill_organs()
        self._fill_meetings()
        self.action_focus_meetings()

    def _checkout_commands(self) -> Iterable[PaletteCommand]:
        from kallelse_tui.tui.utcheckning_form import start_checkin, start_checkout

        if (meeting_id := self.current_meeting_id()) is not None:
            yield (
                "Checka ut sammanträdet till en mapp",
                f"{meeting_id}: för arbete utan nätverk (kallelse checkout)",
                partial(start_checkout, self, self.store, meeting_id),
            )
        yield (
            "Checka in ett utcheckat sammanträde",
            "Skriv tillbaka ett sammanträde från en mapp (kallelse checkin)",
            partial(start_checkin, self, self.store, self.load),
        )
