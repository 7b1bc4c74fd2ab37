"""Search every meeting, ärende, beslut and attached document of the store; a Dnr in any
shape also shows the ärende's history (every meeting and § where it has appeared)."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kallelse_tui.domain.dnr import dnr_nyckel
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.store import StoreApi
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.title_bar import TitleBar

DEBOUNCE_S = 0.15


def marked(snippet: str) -> Text:
    """The index marks hits as [ord]; show them bold instead."""
    text = Text()
    for part in re.split(r"(\[[^\[\]]*\])", snippet):
        if part.startswith("[") and part.endswith("]"):
            text.append(part[1:-1], style="bold reverse")
        else:
            text.append(part)
    return text


class SearchScreen(Screen[None]):
    CSS_PATH = "search_screen.tcss"
    TITLE = "Sök"
    HELP = (
        "Sök i alla sammanträden, ärenden, beslut och bifogade handlingar, för alla organ "
        "och år. Flera ord måste alla finnas; ordbörjan räcker (”budg” hittar ”budget”); "
        "citattecken söker en fras.\n\n"
        "Ett diarienummer i vilken form som helst (”KS 2020/434”, ”Dnr 2020-00434”) hittar "
        "ärendet och visar dess historik: varje sammanträde och paragraf där det "
        "förekommit.\n\n**Pil ned** går till träffarna, **Enter** öppnar, **Esc** tillbaka."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="search.back"),
        Binding("down", "focus_results", "Till träffarna", id="search.results", show=False),
    ]

    def __init__(self, store: StoreApi, query: str = "") -> None:
        super().__init__()
        self.store = store
        self.initial = query
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="search-box"):
            yield Input(
                self.initial,
                id="search-input",
                placeholder="Sökord, fras i ”citattecken” eller diarienummer",
            )
            yield Static("", id="search-summary")
            yield OptionList(id="search-history")
            yield OptionList(id="search-results")
        yield KallelseFooter()

    def on_mount(self) -> None:
        self.query_one("#search-history").display = False
        self.query_one("#search-input", Input).focus()
        if not self.store.readonly and self.store.search_needs_build():
            # The first search of a store reads every meeting once; say so before it starts.
            self.query_one("#search-summary", Static).update(
                Text("Bygger sökindexet (första sökningen i lagret) …", style="italic")
            )
            self.call_after_refresh(self._build_then_search)
        elif self.initial:
            self.run_search()

    def _build_then_search(self) -> None:
        try:
            self.store.search("")
        except DomainError as exc:
            self.notify(str(exc), severity="error")
        self.query_one("#search-summary", Static).update("")
        self.run_search()

    @on(Input.Changed, "#search-input")
    def _changed(self) -> None:
        # One search after the typing pauses: each key restarts the wait (a timer per key
        # ran a search per key, each in the way of the next key).
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_S, self.run_search, name="search")

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        self.run_search()
        self.action_focus_results()

    def action_focus_results(self) -> None:
        for selector in ("#search-history", "#search-results"):
            widget = self.query_one(selector, OptionList)
            if widget.display and widget.option_count:
                widget.focus()
                if widget.highlighted is None:
                    widget.action_first()  # the first enabled option: Enter opens it
                return

    def run_search(self) -> None:
        if self._debounce is not None:  # Enter, or the wait over: the search is now
            self._debounce.stop()
            self._debounce = None
        query = self.query_one("#search-input", Input).value.strip()
        results = self.query_one("#search-results", OptionList)
        history = self.query_one("#search-history", OptionList)
        summary = self.query_one("#search-summary", Static)
        results.clear_options()
        history.clear_options()
        history.display = False
        if not query:
            summary.update("")
            return
        try:
            hits = self.store.search(query)
            rows = self.store.history(query) if dnr_nyckel(query) else []
        except DomainError as exc:
            summary.update(Text(str(exc), style="red"))
            return
        organs = {o.id: o for o in self.store.organs()}
        if rows:
            history.display = True
            lines = [Option(Text("Ärendets historik", style="bold"), disabled=True)]
            for row in rows:
                organ = organs.get(row.organ_id)
                where = f"{organ.kortnamn} {organ.kommun}" if organ else row.organ_id
                paragraf = f"§ {row.paragraf}" if row.paragraf else "utan §"
                line = Text.assemble(
                    (f"{row.datum.isoformat()}  {where:<24} {paragraf:<8}", "bold"),
                    f" ärende {row.nummer}: {row.rubrik}",
                )
                if row.beslut:
                    line.append(f"\n    {row.beslut[:110]}", style="dim")
                lines.append(Option(line, id=f"{row.meeting_id}|{row.arende_id}"))
            history.add_options(lines)  # at once: one layout, not one per row
        options = []
        for number, hit in enumerate(hits):
            organ = organs.get(hit.organ_id)
            where = f"{organ.kortnamn} {organ.kommun}" if organ else hit.organ_id
            head = [hit.datum.isoformat(), where, hit.slag]
            if hit.nummer:
                head.append(f"ärende {hit.nummer}")
            if hit.paragraf:
                head.append(f"§ {hit.paragraf}")
            if hit.dnr:
                head.append(hit.dnr)
            prompt = Text(" · ".join(head), style="dim")
            prompt.append("\n")
            prompt.append(hit.rubrik or "", style="bold")
            if hit.utdrag:
                prompt.append("\n")
                prompt.append_text(marked(hit.utdrag))
            # One ärende may be hit as ärende, beslut and bilaga: the number keeps ids unique.
            option_id = f"{hit.meeting_id}|{hit.arende_id or ''}|{number}"
            options.append(Option(prompt, id=option_id))
        results.add_options(options)
        count = len(hits)
        summary.update(f"{count} träff{'ar' if count != 1 else ''}" if count else "Inga träffar.")

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        meeting_id, _sep, rest = (event.option.id or "").partition("|")
        arende_id = rest.split("|")[0]
        if not meeting_id:
            return
        from kallelse_tui.tui.meeting_screen import MeetingScreen

        try:
            mote = self.store.meeting(meeting_id)
            organ = self.store.organ(mote.organ_id)
        except DomainError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.push_screen(MeetingScreen(mote, organ, focus_arende=arende_id or None))
