"""Reservationer and protokollsanteckningar at one §: from those who took part (serving,
not jävig); after an omröstning a reservation only from those who voted against."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.ledamotval import ledamot_nummer
from kallelse_tui.domain.model import (
    Anteckning,
    AnteckningTyp,
    Organ,
    Paragraf,
    Sammantrade,
)
from kallelse_tui.domain.paragrafer import kan_anteckna, namn, saknar_motivering
from kallelse_tui.tui.form import field
from kallelse_tui.tui.item_list import ItemListScreen
from kallelse_tui.tui.ledamot_pick import PickingForm, ids_text, pick_field
from kallelse_tui.tui.text_area import KallelseTextArea


def parse_anteckningstyp(text: str) -> AnteckningTyp:
    t = text.strip().lower()
    if not t or "reservation".startswith(t):
        return AnteckningTyp.RESERVATION
    if "protokollsanteckning".startswith(t):
        return AnteckningTyp.PROTOKOLLSANTECKNING
    raise ValidationError("typ", "Skriv r för reservation eller p för protokollsanteckning.")


class AnteckningForm(PickingForm[Anteckning]):
    CHECKS = {"typ": parse_anteckningstyp}

    def __init__(
        self, anteckning: Anteckning, mote: Sammantrade, organ: Organ, paragraf: Paragraf, new: bool
    ) -> None:
        super().__init__()
        self.anteckning = anteckning
        self.mote, self.organ, self.paragraf = mote, organ, paragraf
        deltog = kan_anteckna(mote, organ, paragraf)
        self.kandidater = [m for m in organ.ledamoter if m.id in deltog]
        self.pickers = {"vem": (self.kandidater, True)}
        self.nummer = ledamot_nummer(organ, mote.datum)
        self.new = new
        self.title = ("Ny reservation eller protokollsanteckning" if new else "Anteckning") + (
            f" § {paragraf.nummer}"
        )

    def form_fields(self) -> Iterable[Widget]:
        a = self.anteckning
        yield pick_field(
            "Vem",
            "vem",
            self.kandidater,
            ids_text(a.ledamot_ids, self.kandidater, self.nummer),
            True,
            self.nummer,
        )
        typ = "" if self.new else "r" if a.typ is AnteckningTyp.RESERVATION else "p"
        yield field(
            "Slag",
            Input(typ, id="typ", placeholder="r (reservation)"),
            "r reservation · p protokollsanteckning (tomt: reservation)",
        )
        yield field(
            "Skriftlig motivering",
            KallelseTextArea(a.motivering, id="motivering"),
            "Kan lämnas senare, men före justeringen.",
        )

    def build(self) -> Anteckning:
        typ = parse_anteckningstyp(self.text("typ"))
        vem = self.picked("vem")
        if not vem:
            raise ValidationError("vem", "Vem antecknar? Skriv nummer eller del av namnet.")
        if typ is AnteckningTyp.RESERVATION and self.paragraf.omrostning is not None:
            may = kan_anteckna(self.mote, self.organ, self.paragraf, reservation=True)
            wrong = [m.visningsnamn for m in vem if m.id not in may]
            if wrong:
                raise ValidationError(
                    "vem",
                    f"{', '.join(wrong)} röstade inte emot beslutet och kan inte reservera sig "
                    "(en protokollsanteckning går).",
                )
        return dataclasses.replace(
            self.anteckning,
            typ=typ,
            ledamot_ids=[m.id for m in vem],
            motivering=self.text("motivering"),
        )


class AnteckningarScreen(ItemListScreen[Anteckning]):
    COLUMNS = ("Slag", "Vem", "Motivering")
    EMPTY = "Inga reservationer eller protokollsanteckningar. Tryck a för att lägga till."
    HELP = (
        "Reservationer och protokollsanteckningar vid paragrafen (KL 4 kap. 27 §).\n\n"
        "- **a** ny: slag (r/p), vem (nummer eller del av namnet bland dem som deltog i "
        "beslutet) och skriftlig motivering. Efter en omröstning kan bara de som röstade "
        "emot reservera sig.\n"
        "- **Enter** ändrar, **Delete** tar bort.\n\n"
        "En reservation utan skriftlig motivering flaggas i paragraflistan tills den kommer."
    )

    def __init__(
        self,
        paragraf: Paragraf,
        mote: Sammantrade,
        organ: Organ,
        on_change: Callable[[], object],
        editable: bool = True,
    ) -> None:
        super().__init__(
            f"Reservationer och protokollsanteckningar § {paragraf.nummer}",
            paragraf.anteckningar,
            on_change,
            editable,
        )
        self.paragraf, self.mote, self.organ = paragraf, mote, organ

    def row(self, item: Anteckning) -> Iterable[Any]:
        motivering = (
            Text(item.motivering[:50])
            if item.motivering
            else Text("saknas", style="bold yellow")
            if item.typ is AnteckningTyp.RESERVATION
            else Text("–", style="dim")
        )
        return (
            item.typ.value.capitalize(),
            ", ".join(namn(self.organ, i) for i in item.ledamot_ids),
            motivering,
        )

    def note(self) -> Text | str:
        if saknar_motivering(self.paragraf):
            return Text("En reservation saknar skriftlig motivering.", style="yellow")
        return ""

    def form(self, item: Anteckning | None) -> AnteckningForm:
        new = item is None
        return AnteckningForm(
            item or Anteckning(AnteckningTyp.RESERVATION, []),
            self.mote,
            self.organ,
            self.paragraf,
            new,
        )
