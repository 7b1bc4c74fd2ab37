"""A one-line title bar: the screen's title and subtitle.

Lighter than Textual's Header (no clock, no icon widgets, less CSS to parse at start-up)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: center middle;
        text-style: bold;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._retitle)
        self.watch(self.screen, "sub_title", self._retitle)

    def _retitle(self) -> None:
        title = Text.assemble("§  ", self.screen.title or self.app.title)
        if self.screen.sub_title:
            title.append(f" — {self.screen.sub_title}", style="not bold dim")
        self.update(title, layout=False)  # one line, full width: nothing else moves
