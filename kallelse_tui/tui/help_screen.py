"""F1 / ?: what the screen below is for and every key it answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Markdown, Static

from kallelse_tui.tui.commands import screen_bindings


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help_screen.tcss"
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "app.pop_screen", "Stäng hjälpen", id="help.close"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self._for = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(f"Hjälp – {self._for.title or 'Kallelse'}", id="help-title")
            yield Markdown(getattr(self._for, "HELP", ""), id="help-text")
            yield DataTable(id="help-keys", cursor_type="none", zebra_stripes=True)
            yield Static(
                "Ctrl+P öppnar kommandopaletten: skriv några bokstäver av det du vill göra. "
                "Esc stänger hjälpen.",
                id="help-footer",
            )

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns("Tangent", "Gör")
        keys: dict[str, list[str]] = {}
        for _node, binding in screen_bindings(self._for):
            keys.setdefault(binding.description, []).append(self.app.get_key_display(binding))
        for description, shown in keys.items():
            table.add_row(" / ".join(dict.fromkeys(shown)), description)
        self.query_one("#help-box").focus()
