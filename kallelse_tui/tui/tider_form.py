"""When the meeting ended and its ajourneringar, typed in meeting mode (t): the protokoll
prints them under "Plats och tid" ("kl 09:00–11:45, ajournering 10:15–10:30")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from kallelse_tui.domain.datum import parse_tid
from kallelse_tui.domain.model import Ajournering, Sammantrade
from kallelse_tui.domain.motestider import kontrollera_tider, las_ajourneringar
from kallelse_tui.tui.form import FormScreen, field

Tider = tuple[time | None, list[Ajournering]]


class TiderForm(FormScreen[Tider]):
    CHECKS = {"sluttid": parse_tid}
    FORM_TITLE = "Sammanträdets tider"

    def __init__(self, mote: Sammantrade) -> None:
        super().__init__()
        self.mote = mote

    def form_fields(self) -> Iterable[Widget]:
        start = f"{self.mote.tid:%H:%M}" if self.mote.tid else "inte angiven"
        yield Static(f"Sammanträdet började kl {start}.", classes="field-hint")
        sluttid = f"{self.mote.sluttid:%H:%M}" if self.mote.sluttid else ""
        yield field("Avslutades kl", Input(sluttid, id="sluttid", placeholder="11:45"))
        yield field(
            "Ajourneringar",
            TextArea(
                "\n".join(_rad(a) for a in self.mote.ajourneringar),
                id="ajourneringar",
                classes="short",
            ),
            "En per rad: 10:15–10:30 (bara 10:15 medan den pågår).",
        )

    def build(self) -> Tider:
        sluttid = parse_tid(self.text("sluttid"), "sluttid") if self.text("sluttid") else None
        ajourneringar = las_ajourneringar(self.text("ajourneringar"))
        kontrollera_tider(self.mote.tid, sluttid, ajourneringar)
        return sluttid, ajourneringar


def _rad(a: Ajournering) -> str:
    """One ajournering as typed: '10:15–10:30', or '10:15' while it lasts."""
    return f"{a.fran:%H:%M}" + (f"–{a.till:%H:%M}" if a.till else "")
