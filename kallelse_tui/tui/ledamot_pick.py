"""A form field that picks members by typing a number from the list shown or part of a
name; the match shows beside the field as it is typed."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.ledamotval import Nummer, numrerad, valj_ledamot, valj_ledamoter
from kallelse_tui.domain.model import Ledamot
from kallelse_tui.tui.form import FormScreen

T = TypeVar("T")


def pick_field(
    label: str,
    widget_id: str,
    kandidater: list[Ledamot],
    value: str = "",
    many: bool = False,
    nummer: Nummer | None = None,
) -> Vertical:
    hint = numrerad(kandidater, nummer) or "Ingen att välja bland."
    placeholder = "nummer eller del av namnet" + (", flera med komma" if many else "")
    return Vertical(
        Label(label, classes="field-label"),
        Input(value, id=widget_id, placeholder=placeholder),
        Static("", id=f"{widget_id}-match", classes="pick-match"),
        Static(hint, classes="field-hint"),
        Static("", id=f"{widget_id}-error", classes="field-error"),
        classes="field",
    )


def ids_text(ids: list[str], kandidater: list[Ledamot], nummer: Nummer | None = None) -> str:
    """Stored ids back to the numbers the field shows."""
    numbers = nummer or {m.id: i for i, m in enumerate(kandidater, 1)}
    return ", ".join(str(numbers[i]) if i in numbers else i for i in ids)


class PickingForm(FormScreen[T], Generic[T]):
    """FormScreen with member pickers: `self.pickers` maps a field id to its candidates
    and whether it takes several."""

    def __init__(self) -> None:
        super().__init__()
        self.pickers: dict[str, tuple[list[Ledamot], bool]] = {}
        self.nummer: Nummer | None = None  # shared numbers (ledamot_nummer), else 1, 2 …

    def picked(self, widget_id: str) -> list[Ledamot]:
        kandidater, many = self.pickers[widget_id]
        text = self.text(widget_id)
        if not text:
            return []
        if many:
            return valj_ledamoter(text, kandidater, widget_id, self.nummer)
        return [valj_ledamot(text, kandidater, widget_id, self.nummer)]

    def on_input_changed(self, event: Input.Changed) -> None:
        widget_id = str(event.input.id)
        if widget_id not in self.pickers:
            super().on_input_changed(event)
            return
        match = self.query_one(f"#{widget_id}-match", Static)
        try:
            chosen = self.picked(widget_id)
        except ValidationError as exc:
            match.update("")
            self.show_error(widget_id, exc.message)
            return
        self.show_error(widget_id, "")
        match.update("→ " + ", ".join(m.visningsnamn for m in chosen) if chosen else "")
