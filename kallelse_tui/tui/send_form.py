"""Mark the kallelse as sent: the date it went out (default today) and, for fullmäktige,
the day its kungörelse went up on the anslagstavla (KL 5 kap. 11 §)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from textual.widget import Widget
from textual.widgets import Input, Static

from kallelse_tui.domain.datum import kort_datum, parse_datum
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Sammantrade
from kallelse_tui.tui.form import FormScreen, field


class SendForm(FormScreen[tuple[date, date | None]]):
    """Returns (sent, posted on the anslagstavla or None when the organ has no kungörelse)."""

    CHECKS = {"skickad": parse_datum, "kungjord": parse_datum}
    ASK_BEFORE_DISCARD = False

    def __init__(self, mote: Sammantrade, idag: date, *, kungorelse: bool = False) -> None:
        super().__init__()
        self.mote = mote
        self.idag = idag
        self.kungorelse = kungorelse
        self.title = "Markera kallelsen som skickad"

    def form_fields(self) -> Iterable[Widget]:
        yield Static(
            f"Sammanträdet är {kort_datum(self.mote.datum)}. När kallelsen är markerad som "
            "skickad får sammanträdet status ”kallad”; ändringar efter det antecknas som "
            "”ändrad efter utskick”.",
            classes="field-hint",
        )
        yield field("Skickad den", Input(self.idag.isoformat(), id="skickad"))
        if self.kungorelse:
            yield field(
                "Kungörelsen uppsatt på anslagstavlan den",
                Input(self.idag.isoformat(), id="kungjord"),
                "Fullmäktiges sammanträde kungörs på anslagstavlan (KL 5 kap. 11 §).",
            )

    def build(self) -> tuple[date, date | None]:
        skickad = parse_datum(self.text("skickad"), "skickad")
        if skickad > self.mote.datum:
            raise ValidationError("skickad", "Kallelsen kan inte ha skickats efter sammanträdet.")
        if not self.kungorelse:
            return skickad, None
        kungjord = parse_datum(self.text("kungjord"), "kungjord")
        if kungjord > self.mote.datum:
            raise ValidationError(
                "kungjord", "Kungörelsen kan inte ha satts upp efter sammanträdet."
            )
        return skickad, kungjord
