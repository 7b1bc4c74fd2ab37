"""A recipient added at the expediering: name, purpose and the justerade §§ to send."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Select

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Syfte
from kallelse_tui.tui.form import FormScreen, field


@dataclass(frozen=True)
class NyMottagare:
    namn: str
    syfte: Syfte
    paragrafer: tuple[int, ...]


class MottagareForm(FormScreen[NyMottagare]):
    def __init__(self, justerade: list[int]) -> None:
        super().__init__()
        self.justerade = justerade
        self.title = "Ny mottagare av protokollsutdrag"

    def form_fields(self) -> Iterable[Widget]:
        yield field("Mottagare", Input(id="namn", placeholder="Miljöförvaltningen"))
        yield Horizontal(
            field(
                "Syfte",
                Select(
                    [(s.value, s) for s in Syfte],
                    value=Syfte.KANNEDOM,
                    allow_blank=False,
                    id="syfte",
                ),
            ),
            field("Paragrafer", Input(", ".join(map(str, self.justerade)), id="paragrafer")),
            classes="row",
        )

    def build(self) -> NyMottagare:
        namn = self.text("namn")
        if not namn:
            raise ValidationError("namn", "Mottagaren behöver ett namn.")
        text = self.text("paragrafer")
        numbers = tuple(int(n) for n in re.findall(r"\d+", text))
        if not numbers or re.sub(r"[\d\s,;§]", "", text):
            raise ValidationError("paragrafer", "Ange paragraferna med komma: 175, 177.")
        return NyMottagare(namn, self.selected("syfte") or Syfte.KANNEDOM, numbers)
