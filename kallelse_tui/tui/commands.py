"""The command palette: every key binding of the current screen and of the app, by its
Swedish description, plus what a screen offers beyond its keys (e.g. "Öppna sammanträde …")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

PaletteCommand = tuple[str, str, Callable[[], object]]


@runtime_checkable
class HasPaletteCommands(Protocol):
    def palette_commands(self) -> Iterable[PaletteCommand]: ...


def _commands(screen: Screen[object]) -> list[PaletteCommand]:
    app = screen.app
    found: list[PaletteCommand] = []
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        if not binding.description or not isinstance(node, Screen | App) or not active.enabled:
            continue
        if binding.action in seen:
            continue
        seen.add(binding.action)
        shown = binding.key_display or app.get_key_display(binding)
        found.append(
            (binding.description, f"Tangent: {shown or key}", partial(node.run_action, binding.action))
        )
    found.append(("Byt färgtema", "Välj ett annat färgtema", app.action_change_theme))
    if isinstance(screen, HasPaletteCommands):
        found.extend(screen.palette_commands())
    return found


class KallelseCommands(Provider):
    @property
    def _screen(self) -> Screen[object]:
        return self.screen

    async def discover(self) -> Hits:
        for name, help_text, callback in _commands(self._screen):
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in _commands(self._screen):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
