"""Choose a §'s outcome with one key; återremiss and bordläggning ask to whom and why."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from kallelse_tui.domain.model import Utfall
from kallelse_tui.domain.rensa import rensa_text
from kallelse_tui.tui.footer import KallelseFooter

UTFALL_TANGENT = {
    "b": Utfall.BIFALL,
    "a": Utfall.AVSLAG,
    "r": Utfall.ATERREMISS,
    "l": Utfall.BORDLAGGNING,
    "u": Utfall.UTGAR,
    "i": Utfall.NOTERAS,
    "x": Utfall.ANNAT,
}


@dataclass(frozen=True)
class UtfallVal:
    utfall: Utfall
    till: str = ""
    motiv: str = ""


class UtfallScreen(ModalScreen[UtfallVal | None]):
    CSS_PATH = "utfall_screen.tcss"
    AUTO_FOCUS = None  # the letters choose; the inputs get focus only for återremiss
    BINDINGS = [
        Binding("escape", "cancel", "Avbryt", id="utfall.cancel"),
        *[
            Binding(key, f"choose('{key}')", utfall.value.capitalize(), id=f"utfall.{key}")
            for key, utfall in UTFALL_TANGENT.items()
        ],
    ]

    def __init__(self, nummer: int, current: Utfall | None) -> None:
        super().__init__()
        self.nummer = nummer
        self.current = current
        self.chosen: Utfall | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="utfall-box"):
            yield Static(f"Utfall § {self.nummer}", id="utfall-title")
            lines = [
                Text.assemble(
                    (f" {key} ", "bold reverse"),
                    f" {utfall.value.capitalize()}",
                    ("  (nu)" if utfall is self.current else "", "dim"),
                )
                for key, utfall in UTFALL_TANGENT.items()
            ]
            yield Static(Text("\n").join(lines), id="utfall-keys")
            with Vertical(id="utfall-more"):
                yield Label("Till (vem ärendet går till, eller vilket sammanträde):")
                yield Input(id="utfall-till", placeholder="förvaltningen", disabled=True)
                yield Label("För att (varför):", id="utfall-motiv-label")
                yield Input(
                    id="utfall-motiv",
                    placeholder="utreda de ekonomiska konsekvenserna",
                    disabled=True,
                )
        yield KallelseFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and isinstance(self.focused, Input):
            return False
        return True

    def action_choose(self, key: str) -> None:
        utfall = UTFALL_TANGENT[key]
        if utfall not in (Utfall.ATERREMISS, Utfall.BORDLAGGNING):
            self.dismiss(UtfallVal(utfall))
            return
        self.chosen = utfall
        self.query_one("#utfall-more").display = True
        for widget in self.query(Input):
            widget.disabled = False
        aterremiss = utfall is Utfall.ATERREMISS
        self.query_one("#utfall-motiv-label").display = aterremiss
        self.query_one("#utfall-motiv").display = aterremiss
        if not aterremiss:
            self.query_one("#utfall-till", Input).placeholder = "nästa sammanträde"
        self.query_one("#utfall-till", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "utfall-till" and self.chosen is Utfall.ATERREMISS:
            self.query_one("#utfall-motiv", Input).focus()
            return
        if self.chosen is None:
            return
        self.dismiss(
            UtfallVal(
                self.chosen,
                rensa_text(self.query_one("#utfall-till", Input).value),
                rensa_text(self.query_one("#utfall-motiv", Input).value),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
