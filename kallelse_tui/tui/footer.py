"""Textual's Footer, recomposed only when the keys it shows have changed.

Textual's Footer starts empty and fills itself after the screen's first refresh, then
rebuilds all its keys (a dozen widgets, each styled by CSS) on every "bindings changed"
signal: a screen pushed, a focus moved, a resume. Opening a 60-item meeting, the footer
came some 100 ms after the ärendelista, and rebuilding the same footer again and again was
the biggest cost of showing the screen. Here the keys are composed with the screen (except
on the meetings list, the app's first frame), and each signal compares what the footer
would show with what it shows, and recomposes only on a difference.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KallelseFooter(Footer):
    def __init__(self, *, at_mount: bool = True, **kwargs: Any) -> None:
        """`at_mount=False`: the keys come a frame later, as in Textual's Footer. For the
        first screen, so that the app's first frame (its start-up time) stays small."""
        kwargs.setdefault("show_command_palette", False)
        super().__init__(**kwargs)
        self._at_mount = at_mount
        self._shown: tuple[object, ...] | None = None

    def _wanted(self) -> tuple[object, ...]:
        """Everything Footer.compose reads from the bindings, for the keys it shows."""
        return tuple(
            (binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ) + (self.app.ansi_color, self.compact)

    def compose(self) -> ComposeResult:
        if self._at_mount:
            self._bindings_ready = True  # the bindings the screen has now; changes follow
        if self._bindings_ready:
            self._shown = self._wanted()
        yield from super().compose()

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
