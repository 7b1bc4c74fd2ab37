"""Textual's Footer, recomposed only when the keys it shows have changed.

Textual's Footer starts empty and fills itself after the screen's first refresh, then
rebuilds all its keys (a dozen widgets, each styled by CSS) on every "bindings changed"
signal: a screen pushed, a focus moved, a resume. Opening a 60-item meeting, the footer
came some 100 ms after the ärendelista, and rebuilding the same footer again and again was
the biggest cost of showing the screen. Here the keys are composed with the screen (on the
meetings list too: a first frame without keys is not one the user can use), and each
signal compares what the footer would show with what it shows, and recomposes only on a
difference. When the keys do not fit, F1 Hjälp (which lists them all) moves left onto
the line.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTION = "help"  # the app's F1 binding


def help_always_shown(keys: list[Widget], width: int) -> list[Widget]:
    """F1 Hjälp lists every key of the screen, so it must never be the key cut off at the
    right edge: when it would be, it moves left to the last place on the line."""

    def cells(key: Widget) -> int:
        if not isinstance(key, FooterKey):
            return 0
        return len(key.key_display or key.key) + len(key.description) + 3

    helps = [k for k in keys if isinstance(k, FooterKey) and k.action == HELP_ACTION]
    if not helps:
        return keys
    help_key = helps[0]
    index = keys.index(help_key)
    if sum(cells(k) for k in keys[: index + 1]) <= width:
        return keys
    rest = [k for k in keys if k is not help_key]
    used, place = cells(help_key), 0
    while place < len(rest) and used + cells(rest[place]) <= width:
        used += cells(rest[place])
        place += 1
    return [*rest[:place], help_key, *rest[place:]]


class KallelseFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("show_command_palette", False)
        super().__init__(**kwargs)
        self._shown: tuple[object, ...] | None = None

    def _wanted(self) -> tuple[object, ...]:
        """Everything Footer.compose reads from the bindings, for the keys it shows."""
        return tuple(
            (binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ) + (self.app.ansi_color, self.compact)

    def compose(self) -> ComposeResult:
        self._bindings_ready = True  # the bindings the screen has now; changes follow
        self._shown = self._wanted()
        yield from help_always_shown(list(super().compose()), self.app.size.width)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        wanted = self._wanted()
        if wanted != self._shown:
            self._shown = wanted
            await self.recompose()
