"""Rättelse of a justerat protokoll: which §, what it said, what it should say, who
decided it and when. The protokoll itself stays as justerat; the rättelse is appended."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input, Static

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Sammantrade
from kallelse_tui.tui.form import FormScreen, field


@dataclass(frozen=True)
class RattelseUppgifter:
    paragraf: int
    var: str
    ska_vara: str
    beslutad_av: str
    datum: date


class RattelseForm(FormScreen[RattelseUppgifter]):
    CHECKS = {"rattelse-datum": parse_datum}

    def __init__(self, mote: Sammantrade, idag: date) -> None:
        super().__init__()
        self.nummer = sorted(p.nummer for p in mote.paragrafer)
        self.idag = idag
        self.title = f"Rättelse i protokollet {mote.id}"

    def form_fields(self) -> Iterable[Widget]:
        yield Static(
            Text(
                "Bara uppenbara fel (skrivfel, räknefel). Protokollet ändras inte: rättelsen "
                "läggs till sist, daterad, och skrivs ut i protokollet och i varje utdrag.",
                style="dim",
            )
        )
        forsta = str(self.nummer[0]) if self.nummer else ""
        yield field("Paragraf (§)", Input(forsta, id="rattelse-paragraf"))
        yield field("Det står", Input(id="rattelse-var"))
        yield field("Det ska stå", Input(id="rattelse-ska-vara"))
        yield field("Beslutad av", Input(id="rattelse-beslutad-av"), "namn och titel")
        yield field("Datum", Input(self.idag.isoformat(), id="rattelse-datum"))

    def build(self) -> RattelseUppgifter:
        text = self.text("rattelse-paragraf").removeprefix("§").strip()
        if not text.isdigit() or int(text) not in self.nummer:
            raise ValidationError(
                "rattelse-paragraf",
                f"Ange en av protokollets paragrafer ({self.nummer[0]}–{self.nummer[-1]}).",
            )
        for falt, vad in (
            ("rattelse-var", "vad som står"),
            ("rattelse-ska-vara", "vad det ska stå"),
            ("rattelse-beslutad-av", "vem som beslutade rättelsen"),
        ):
            if not self.text(falt):
                raise ValidationError(falt, f"Ange {vad}.")
        return RattelseUppgifter(
            int(text),
            self.text("rattelse-var"),
            self.text("rattelse-ska-vara"),
            self.text("rattelse-beslutad-av"),
            parse_datum(self.text("rattelse-datum"), "rattelse-datum"),
        )
