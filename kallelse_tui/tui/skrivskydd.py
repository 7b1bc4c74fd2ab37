"""Why the meeting on screen cannot be saved, for every screen opened from it: the store
is opened read-only, or another secretary holds the meeting's edit lease (which the
meeting screen below asked for). One line says so at the top of each such screen, its
inputs are disabled and its save keys say so when pressed."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.dom import DOMNode
from textual.widgets import Static

LAGRET_SKRIVSKYDDAT = "lagret är öppnat bara för läsning; ändringar kan inte sparas."


@runtime_checkable
class HasLease(Protocol):
    """A screen that asked for its meeting's edit lease: who holds it, "" when we do."""

    redigeras_av: str


def skrivskydd(node: DOMNode) -> str:
    """Why nothing can be saved here ("Anna Berg redigerar sammanträdet sedan 09:12"),
    or "" when it can."""
    app = node.app
    if app.store.readonly:  # type: ignore[attr-defined]
        return LAGRET_SKRIVSKYDDAT
    for screen in reversed(app.screen_stack):
        if isinstance(screen, HasLease) and screen.redigeras_av:
            return screen.redigeras_av
    return ""


def vagra(node: DOMNode) -> bool:
    """For a key that would save: say why it cannot, and return True, when read-only."""
    if orsak := skrivskydd(node):
        node.app.notify(orsak[0].upper() + orsak[1:], title="Skrivskyddat", severity="warning")
        return True
    return False


class SkrivskyddRad(Static):
    """ "Skrivskyddat: Anna Berg redigerar sammanträdet sedan 09:12", shown only then."""

    DEFAULT_CSS = """
    SkrivskyddRad {
        background: $warning 25%;
        color: $text;
        text-style: bold;
        padding: 0 1;
        height: auto;
    }
    """

    def on_mount(self) -> None:
        self.visa()  # a screen that asks for the lease itself calls visa() again after

    def visa(self) -> None:
        # The reasons read "who or why; what follows" ("…sedan 09:12 (på vm); det är öppnat
        # skrivskyddat …"): the line says "Skrivskyddat" itself, so it keeps the first part.
        orsak = skrivskydd(self).split(";")[0].strip().rstrip(".")
        self.update(f"Skrivskyddat: {orsak}" if orsak else "")
        self.display = bool(orsak)
