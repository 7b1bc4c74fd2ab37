"""Omedelbar justering of one §: who justerar it, then it is locked at once."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.ledamotval import ledamot_nummer
from kallelse_tui.domain.model import Organ, Paragraf, Sammantrade
from kallelse_tui.domain.narvaro import narvarande_ids
from kallelse_tui.tui.ledamot_pick import PickingForm, ids_text, pick_field


class OmedelbarForm(PickingForm[list[str]]):
    ASK_BEFORE_DISCARD = False

    def __init__(
        self, mote: Sammantrade, organ: Organ, paragraf: Paragraf, justerare: list[str]
    ) -> None:
        super().__init__()
        present = narvarande_ids(mote)
        self.kandidater = [m for m in organ.ledamoter if m.id in present]
        self.nummer = ledamot_nummer(organ, mote.datum)
        self.pickers = {"justerare": (self.kandidater, True)}
        self.valda = [i for i in justerare if i in present]
        self.title = f"Justera § {paragraf.nummer} omedelbart"

    def form_fields(self) -> Iterable[Widget]:
        yield Static(
            Text(
                "Paragrafen justeras nu, under sammanträdet: den låses, får en kontrollsumma "
                "och kan anslås för sig innan resten av protokollet är justerat.",
                style="dim",
            )
        )
        yield pick_field(
            "Justerare (ordföranden och de valda justerarna)",
            "justerare",
            self.kandidater,
            ids_text(self.valda, self.kandidater, self.nummer),
            many=True,
            nummer=self.nummer,
        )

    def build(self) -> list[str]:
        valda = self.picked("justerare")
        if not valda:
            raise ValidationError("justerare", "Ange vem som justerar: nummer eller del av namnet.")
        return [m.id for m in valda]
