"""The command palette: every key binding of the current screen and of the app, by its
Swedish description, plus what a screen offers beyond its keys (e.g. "Öppna sammanträde …")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

PaletteCommand = tuple[str, str, Callable[[], object]]


@runtime_checkable
class HasPaletteCommands(Protocol):
    def palette_commands(self) -> Iterable[PaletteCommand]: ...


def screen_bindings(screen: Screen[object]) -> list[tuple[Screen[object] | App[object], Binding]]:
    """The screen's own bindings and the app's, one per key, with a Swedish description.

    Widget bindings (cursor movement in tables and lists) are left out: they are the same
    everywhere and Textual names them in English."""
    found = []
    for node in (screen, screen.app):
        for binding in Binding.make_bindings(type(node).BINDINGS):
            if binding.description:
                found.append((node, binding))
    return found


def _commands(screen: Screen[object]) -> list[PaletteCommand]:
    app = screen.app
    found: list[PaletteCommand] = []
    keys: dict[str, list[str]] = {}
    actions: dict[str, tuple[str, Callable[[], object]]] = {}
    for node, binding in screen_bindings(screen):
        if node.check_action(binding.action, ()) is False:
            continue
        keys.setdefault(binding.action, []).append(app.get_key_display(binding))
        actions.setdefault(
            binding.action, (binding.description, partial(node.run_action, binding.action))
        )
    for action, (description, callback) in actions.items():
        found.append((description, "Tangent: " + " eller ".join(keys[action]), callback))
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
