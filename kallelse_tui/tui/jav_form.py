"""Jäv at one §: who steps out (KL 6 kap. 28–32 §§) and which ersättare serves instead."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual.widget import Widget

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.ledamotval import ledamot_nummer
from kallelse_tui.domain.model import Jav, Organ, Paragraf, Sammantrade
from kallelse_tui.domain.narvaro import beslutforhet, lediga_ersattare, tjanstgorande_utan_jav
from kallelse_tui.domain.paragrafer import namn
from kallelse_tui.tui.item_list import ItemListScreen
from kallelse_tui.tui.ledamot_pick import PickingForm, ids_text, pick_field


class JavForm(PickingForm[Jav]):
    def __init__(self, jav: Jav, mote: Sammantrade, organ: Organ, paragraf: Paragraf) -> None:
        super().__init__()
        self.jav = jav
        others = {j.ledamot_id for j in paragraf.jav if j is not jav}
        serving = set(tjanstgorande_utan_jav(mote, paragraf.nummer)) - others
        self.javiga = [m for m in organ.ledamoter if m.id in serving]
        replacing = {j.ersatt_av for j in paragraf.jav if j is not jav}
        free = set(lediga_ersattare(mote, organ, paragraf.nummer)) | {jav.ersatt_av}
        self.ersattare = [m for m in organ.ledamoter if m.id in free - replacing]
        self.pickers = {"vem": (self.javiga, False), "ersatt": (self.ersattare, False)}
        self.nummer = ledamot_nummer(organ, mote.datum)
        self.title = f"Jäv § {paragraf.nummer}"

    def form_fields(self) -> Iterable[Widget]:
        yield pick_field(
            "Vem anmäler jäv och lämnar",
            "vem",
            self.javiga,
            ids_text([self.jav.ledamot_id], self.javiga, self.nummer)
            if self.jav.ledamot_id
            else "",
            nummer=self.nummer,
        )
        yield pick_field(
            "Ersättare som tjänstgör i stället (tomt: ingen)",
            "ersatt",
            self.ersattare,
            ids_text([self.jav.ersatt_av], self.ersattare, self.nummer)
            if self.jav.ersatt_av
            else "",
            nummer=self.nummer,
        )

    def build(self) -> Jav:
        vem = self.picked("vem")
        if not vem:
            raise ValidationError("vem", "Vem är jävig? Skriv nummer eller del av namnet.")
        ersatt = self.picked("ersatt")
        return Jav(vem[0].id, ersatt[0].id if ersatt else "")


class JavScreen(ItemListScreen[Jav]):
    COLUMNS = ("Jävig", "Ersätts av")
    EMPTY = "Ingen har anmält jäv vid paragrafen. Tryck a för att lägga till."
    HELP = (
        "Jäv vid paragrafen: den jäviga deltar inte och är inte närvarande vid just den "
        "paragrafen (KL 6 kap. 28–32 §§) men är tillbaka vid nästa. En närvarande ersättare "
        "kan tjänstgöra i stället.\n\n"
        "- **a** nytt jäv, **Enter** ändrar, **Delete** tar bort.\n\n"
        "Beslutförheten räknas om direkt."
    )

    def __init__(
        self,
        paragraf: Paragraf,
        mote: Sammantrade,
        organ: Organ,
        on_change: Callable[[], object],
        editable: bool = True,
    ) -> None:
        super().__init__(f"Jäv § {paragraf.nummer}", paragraf.jav, on_change, editable)
        self.paragraf, self.mote, self.organ = paragraf, mote, organ

    def row(self, item: Jav) -> Iterable[Any]:
        return namn(self.organ, item.ledamot_id), namn(
            self.organ, item.ersatt_av
        ) if item.ersatt_av else "–"

    def note(self) -> Text | str:
        b = beslutforhet(self.mote, self.organ, self.paragraf.nummer)
        return Text(b.text(), style="" if b.beslutfor else "bold red")

    def form(self, item: Jav | None) -> JavForm:
        return JavForm(item or Jav(""), self.mote, self.organ, self.paragraf)
