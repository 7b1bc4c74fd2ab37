"""The Textual app: thin, it holds the store and the screens do the work."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from kallelse_tui.store import Store
from kallelse_tui.tui.meetings_screen import MeetingsScreen

if TYPE_CHECKING:
    from textual.command import Provider

# Set by benchmarks/run.py: leave as soon as the meetings screen has painted once.
EXIT_AFTER_FIRST_FRAME = "KALLELSE_EXIT_AFTER_FIRST_FRAME"


class KallelseApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Kallelse"
    COMMANDS = {lambda: _palette_provider()}
    BINDINGS = [
        Binding("f1", "help", "Hjälp", id="app.help"),
        Binding("question_mark", "help", "Hjälp", show=False, id="app.help2"),
        Binding("ctrl+p", "command_palette", "Kommandon", id="app.palette"),
        Binding("slash", "search", "Sök", id="app.search"),
        Binding("ctrl+f", "search", "Sök", show=False, id="app.search2"),
        Binding("q", "quit", "Avsluta", id="app.quit"),
    ]

    def __init__(
        self, store: Store, notice: str = "", idag: Callable[[], date] = date.today
    ) -> None:
        super().__init__()
        self.store = store
        self.idag = idag  # tests fix the clock here
        self.last_attach_folder: Path | None = None  # the file picker starts there
        self.last_export_folder: Path | None = None  # utdrag and anslagsbevis go there
        self._notice = notice

    def on_mount(self) -> None:
        self.push_screen(MeetingsScreen(self.store))
        if self._notice:
            self.notify(self._notice, severity="warning", timeout=10)
        if os.environ.get(EXIT_AFTER_FIRST_FRAME):
            self.screen.call_after_refresh(self.exit)

    def action_help(self) -> None:
        from kallelse_tui.tui.help_screen import HelpScreen  # Markdown: off the start-up path

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_search(self) -> None:
        from kallelse_tui.tui.search_screen import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.store))

    def action_command_palette(self) -> None:
        from kallelse_tui.tui.svenska import Kommandopalett

        if self.use_command_palette and not Kommandopalett.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                Kommandopalett(placeholder="Sök ett kommando…", id="--command-palette")
            )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        return ()  # KallelseCommands lists every action in Swedish

    def on_unmount(self) -> None:
        self.store.close()


def _palette_provider() -> type[Provider]:
    from kallelse_tui.tui.commands import KallelseCommands

    return KallelseCommands


def make_app(store: Store, notice: str = "", idag: Callable[[], date] = date.today) -> KallelseApp:
    """The app factory, used by the command line and by the tests."""
    return KallelseApp(store, notice, idag)
