"""Add or edit a member (ledamot or ersättare) of an organ."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Select

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Ledamot, Roll
from kallelse_tui.tui.form import FormScreen, field


class LedamotForm(FormScreen[Ledamot]):
    CHECKS = {"fran": parse_datum, "till": parse_datum}

    def __init__(self, ledamot: Ledamot, new: bool, organ_namn: str) -> None:
        super().__init__()
        self.ledamot = ledamot
        self.title = f"{'Ny ledamot' if new else ledamot.visningsnamn} – {organ_namn}"

    def form_fields(self) -> Iterable[Widget]:
        m = self.ledamot
        yield Horizontal(
            field("Namn", Input(m.namn, id="namn")),
            field("Parti", Input(m.parti, id="parti", placeholder="S, M, C …")),
            classes="row",
        )
        yield field(
            "Roll",
            Select(
                [(r.value.capitalize(), r) for r in Roll],
                value=m.roll,
                allow_blank=False,
                id="roll",
            ),
        )
        yield Horizontal(
            field("Mandat från", Input(m.fran.isoformat() if m.fran else "", id="fran")),
            field("Mandat till", Input(m.till.isoformat() if m.till else "", id="till")),
            classes="row",
        )

    def build(self) -> Ledamot:
        namn = self.text("namn")
        if not namn:
            raise ValidationError("namn", "Ledamoten behöver ett namn.")
        fran = parse_datum(self.text("fran"), "fran") if self.text("fran") else None
        till = parse_datum(self.text("till"), "till") if self.text("till") else None
        if fran and till and till < fran:
            raise ValidationError("till", "Mandatet kan inte sluta innan det börjar.")
        return dataclasses.replace(
            self.ledamot,
            namn=namn,
            parti=self.text("parti").strip("()"),
            roll=self.selected("roll") or Roll.LEDAMOT,
            fran=fran,
            till=till,
        )
