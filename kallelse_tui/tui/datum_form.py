"""One date with an explanation: when the utdrag were sent, and the like."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual.widget import Widget
from textual.widgets import Input, Static

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.tui.form import FormScreen, field


class DatumForm(FormScreen[date]):
    CHECKS = {"datum": parse_datum}
    ASK_BEFORE_DISCARD = False

    def __init__(
        self, title: str, hint: str, label: str, default: date, earliest: date | None = None
    ) -> None:
        super().__init__()
        self.title = title
        self.hint = hint
        self.label = label
        self.default = default
        self.earliest = earliest

    def form_fields(self) -> Iterable[Widget]:
        yield Static(self.hint, classes="field-hint")
        yield field(self.label, Input(self.default.isoformat(), id="datum"))

    def build(self) -> date:
        dag = parse_datum(self.text("datum"), "datum")
        if self.earliest is not None and dag < self.earliest:
            raise ValidationError("datum", f"Datumet kan inte vara före {self.earliest}.")
        return dag
