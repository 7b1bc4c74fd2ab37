"""Textual's own English words in Swedish: the open select list's Esc in the footer, and
the command palette's keys and "No matches found". Textual is pinned exactly (pyproject),
and tests/test_tui_forstadag.py fails if an upgrade brings the English back."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option

INGA_TRAFFAR = "Inga träffar"


def select_pa_svenska() -> None:
    """The open list of a Select says "Stäng listan" for Esc, not "Dismiss menu"."""
    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", "Stäng listan")]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()


class Kommandopalett(CommandPalette):
    BINDINGS = [
        Binding("ctrl+end, shift+end", "command_list('last')", "Till slutet", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "Till början", show=False),
        Binding("down", "cursor_down", "Nästa kommando", show=False),
        Binding("escape", "escape", "Stäng kommandopaletten"),
        Binding("pagedown", "command_list('page_down')", "Nästa sida", show=False),
        Binding("pageup", "command_list('page_up')", "Föregående sida", show=False),
        Binding("up", "command_list('cursor_up')", "Föregående kommando", show=False),
    ]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own, with the words in Swedish.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(INGA_TRAFFAR, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
