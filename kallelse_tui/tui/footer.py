"""The screen's keys on the bottom line, drawn by one widget.

Textual's Footer is a container of one FooterKey widget per key, each styled by CSS (with
two component classes, and once more when its `compact` binding arrives): a dozen widgets
mounted and styled with every screen. Opening a meeting, that was some 60 ms of the
80 ms spent mounting the screen, and it was a third of the work of the app's first frame.
This footer is one widget that draws the same line (key in the footer's key colours, then
its description) from the screen's active bindings at render time, so its keys are in the
screen's first frame, and a change of bindings is a repaint of one line, not a recompose.
A click on a key presses it, as on Textual's. When the keys do not fit, F1 Hjälp (which
lists them all) moves left onto the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

HELP_ACTION = "help"  # the app's F1 binding


@dataclass(frozen=True)
class FooterEntry:
    key: str  # as bound: what a click presses
    key_display: str
    description: str
    action: str
    enabled: bool

    @property
    def cells(self) -> int:
        """ " F1 " and "Hjälp ": the key padded on both sides, the description on its right."""
        return cell_len(self.key_display) + cell_len(self.description) + 3


def help_always_shown(entries: list[FooterEntry], width: int) -> list[FooterEntry]:
    """F1 Hjälp lists every key of the screen, so it must never be the key cut off at the
    right edge: when it would be, it moves left to the last place on the line."""
    helps = [e for e in entries if e.action == HELP_ACTION]
    if not helps:
        return entries
    help_entry = helps[0]
    index = entries.index(help_entry)
    if sum(e.cells for e in entries[: index + 1]) <= width:
        return entries
    rest = [e for e in entries if e is not help_entry]
    used, place = help_entry.cells, 0
    while place < len(rest) and used + rest[place].cells <= width:
        used += rest[place].cells
        place += 1
    return [*rest[:place], help_entry, *rest[place:]]


class KallelseFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key", "footer-key--key", "footer-key--description"}
    # The look of Textual's Footer and FooterKey (not compact).
    DEFAULT_CSS = """
    KallelseFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .footer-key {
            background: $footer-item-background;
        }
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries: list[FooterEntry] = []  # as drawn last, in order on the line

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _wanted(self) -> list[FooterEntry]:
        """The keys the screen shows now, in binding order, one per action."""
        entries: dict[str, FooterEntry] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in entries:
                entries[binding.action] = FooterEntry(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                )
        return help_always_shown(list(entries.values()), self.app.size.width)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            if self._wanted() != self.entries:
                self.refresh()

    def render(self) -> Text:
        self.entries = self._wanted()
        item = self.get_component_rich_style("footer-key")
        key_style = item + self.get_component_rich_style("footer-key--key")
        description_style = item + self.get_component_rich_style("footer-key--description")
        parts: list[tuple[str, Style]] = []
        for entry in self.entries:
            dim = Style() if entry.enabled else Style(dim=True)
            parts.append((f" {entry.key_display} ", key_style + dim))
            parts.append((f"{entry.description} ", description_style + dim))
        return Text.assemble(*parts, no_wrap=True, overflow="crop")

    def shown(self) -> dict[str, bool]:
        """Each key's description: whether it is wholly on the line."""
        shown, x = {}, 0
        for entry in self.entries:
            x += entry.cells
            shown[entry.description] = x <= self.size.width
        return shown

    def entry_at(self, x: int) -> FooterEntry | None:
        start = 0
        for entry in self.entries:
            if start <= x < start + entry.cells:
                return entry
            start += entry.cells
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        entry = self.entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()
