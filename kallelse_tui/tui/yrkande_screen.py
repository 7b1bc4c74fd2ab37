"""Yrkanden of one §: who proposes what, who instämmer, the order the chair puts them
(the list order is the proposition order), the chair's finding, the motförslag and its
votering when three or more alternatives remain, and the beslutsgång."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, Static

from kallelse_tui.domain.beslutsgang import beslutsgang, forslagsnamn, huvudalternativ
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.ledamotval import ledamot_nummer
from kallelse_tui.domain.model import (
    Arende,
    Ledamot,
    Organ,
    Paragraf,
    Sammantrade,
    Yrkande,
    YrkandeTyp,
)
from kallelse_tui.domain.paragrafer import namn
from kallelse_tui.tui.form import field
from kallelse_tui.tui.item_list import ItemListScreen
from kallelse_tui.tui.ledamot_pick import PickingForm, ids_text, pick_field
from kallelse_tui.tui.text_area import KallelseTextArea

# One letter per kind, for typing the kind fast.
TYP_BOKSTAV = {
    "b": YrkandeTyp.BIFALL,
    "a": YrkandeTyp.AVSLAG,
    "r": YrkandeTyp.ATERREMISS,
    "l": YrkandeTyp.BORDLAGGNING,
    "ä": YrkandeTyp.ANDRING,
    "t": YrkandeTyp.TILLAGG,
}
TYP_HJALP = "b bifall · a avslag · r återremiss · l bordläggning · ä ändring · t tillägg"


def parse_typ(text: str) -> YrkandeTyp:
    t = text.strip().lower()
    if not t:
        return YrkandeTyp.BIFALL
    if t in TYP_BOKSTAV:
        return TYP_BOKSTAV[t]
    for typ in YrkandeTyp:
        if typ.value.startswith(t):
            return typ
    raise ValidationError("typ", f"”{text.strip()}” är inget slag av yrkande; {TYP_HJALP}.")


class YrkandeForm(PickingForm[Yrkande]):
    CHECKS = {"typ": parse_typ}

    def __init__(
        self, yrkande: Yrkande, kandidater: list[Ledamot], new: bool, nummer: dict[str, int]
    ) -> None:
        super().__init__()
        self.yrkande = yrkande
        self.kandidater = kandidater
        self.pickers = {"vem": (kandidater, False), "instammer": (kandidater, True)}
        self.nummer = nummer
        self.new = new
        self.title = "Nytt yrkande" if new else "Yrkande"

    def form_fields(self) -> Iterable[Widget]:
        y = self.yrkande
        vem = ids_text([y.ledamot_id], self.kandidater, self.nummer) if y.ledamot_id else ""
        yield pick_field("Vem yrkar", "vem", self.kandidater, vem, nummer=self.nummer)
        typ = "" if self.new else next(k for k, v in TYP_BOKSTAV.items() if v is y.typ)
        yield field(
            "Slag", Input(typ, id="typ", placeholder="b (bifall)"), TYP_HJALP + " (tomt: bifall)"
        )
        yield field(
            "Yrkandets text, som den fortsätter ”yrkar att …” (tomt: bifall till förslaget)",
            KallelseTextArea(y.text, id="text"),
        )
        yield pick_field(
            "Instämmer",
            "instammer",
            self.kandidater,
            ids_text(y.instammande, self.kandidater, self.nummer),
            True,
            self.nummer,
        )

    def build(self) -> Yrkande:
        vem = self.picked("vem")
        if not vem:
            raise ValidationError("vem", "Vem yrkar? Skriv ett nummer eller en del av namnet.")
        instammer = [m.id for m in self.picked("instammer") if m.id != vem[0].id]
        return dataclasses.replace(
            self.yrkande,
            ledamot_id=vem[0].id,
            typ=parse_typ(self.text("typ")),
            text=self.text("text"),
            instammande=instammer,
        )


class YrkandenScreen(ItemListScreen[Yrkande]):
    COLUMNS = ("Ordning", "Yrkande", "Instämmer", "Bifallet")
    EMPTY = "Inga yrkanden. Tryck a för att lägga till."
    HELP = (
        "Paragrafens yrkanden, i den ordning ordföranden ställer proposition på dem.\n\n"
        "- **a** nytt yrkande: vem (nummer eller del av namnet bland de tjänstgörande), "
        "slag (en bokstav), text och vilka som instämmer. **F2** sparar.\n"
        "- **Enter** ändrar, **Delete** tar bort, **K**/**J** flyttar i propositionsordningen.\n"
        "- **Mellanslag** markerar det yrkande ordföranden finner bifallet.\n"
        "- Tre eller fler förslag: **m** markerar motförslaget i huvudvoteringen "
        "(kontrapropositionen), **v** öppnar omröstningen om motförslaget.\n"
        "- **g** skriver beslutsgången (”Ordföranden ställer proposition på …”) i "
        "behandlingen; den går att redigera efteråt.\n\n"
        "**Esc** stänger. Allt sparas direkt."
    )
    BINDINGS = [
        Binding("space", "finding", "Bifallet", id="yrkanden.finding"),
        Binding("g", "beslutsgang", "Skriv beslutsgång", id="yrkanden.beslutsgang"),
        Binding("m", "motforslag", "Motförslag", id="yrkanden.motforslag"),
        Binding("v", "motforslagsvotering", "Omröstning om motförslag", id="yrkanden.votering"),
    ]
    EDITING = ItemListScreen.EDITING | {
        "finding",
        "beslutsgang",
        "motforslag",
        "motforslagsvotering",
    }

    def __init__(
        self,
        paragraf: Paragraf,
        mote: Sammantrade,
        organ: Organ,
        kandidater: list[Ledamot],
        on_change: Callable[[], object],
        write_behandling: Callable[[str], object],
        editable: bool = True,
    ) -> None:
        super().__init__(f"Yrkanden § {paragraf.nummer}", paragraf.yrkanden, on_change, editable)
        self.paragraf = paragraf
        self.mote = mote
        self.organ = organ
        self.kandidater = kandidater
        self.write_behandling = write_behandling
        self.nummer = ledamot_nummer(organ, mote.datum)
        self.arende: Arende | None = next(
            (a for a in mote.arenden if a.id == paragraf.arende_id), None
        )

    def above(self) -> Iterable[Static]:
        yield Static(id="beslutsgang-preview", classes="list-above")

    def row(self, item: Yrkande) -> Iterable[Any]:
        position = self.items.index(item) + 1
        text = forslagsnamn(item, self.organ, self.arende)
        if item.text:
            text += f": {item.text}"
        if item.id in self.paragraf.bifallna:
            utfall = "✓"
        else:
            utfall = "motförslag" if item.id == self.paragraf.motforslag else ""
        return (
            Text(str(position), justify="right"),
            text[:70],
            ", ".join(namn(self.organ, i) for i in item.instammande),
            utfall,
        )

    def changed(self, cursor: int | None = None) -> None:
        self.paragraf.propositionsordning = [y.id for y in self.paragraf.yrkanden]
        ids = set(self.paragraf.propositionsordning)
        self.paragraf.bifallna = [i for i in self.paragraf.bifallna if i in ids]
        if self.paragraf.motforslag not in ids:
            self.paragraf.motforslag = ""
        super().changed(cursor)

    def refresh_rows(self, cursor: int | None = None) -> None:
        super().refresh_rows(cursor)
        text = beslutsgang(self.paragraf, self.mote, self.organ)
        self.query_one("#beslutsgang-preview", Static).update(
            Text(text or "Beslutsgången skrivs när det finns yrkanden.", style="dim italic")
        )

    def form(self, item: Yrkande | None) -> YrkandeForm:
        if item is None:
            used = {y.id for y in self.items}
            n = len(used) + 1
            while f"y{n}" in used:
                n += 1
            return YrkandeForm(
                Yrkande(f"y{n}", "", YrkandeTyp.BIFALL), self.kandidater, True, self.nummer
            )
        return YrkandeForm(item, self.kandidater, False, self.nummer)

    def action_finding(self) -> None:
        index = self.index
        if index is None or not self.editable:
            return
        chosen = self.items[index]
        bifallna = self.paragraf.bifallna
        if chosen.id in bifallna:
            bifallna.remove(chosen.id)
        else:
            bifallna.append(chosen.id)
        self.changed(index)

    def action_beslutsgang(self) -> None:
        text = beslutsgang(self.paragraf, self.mote, self.organ)
        if not text:
            self.notify(
                "Det finns inga yrkanden att skriva en beslutsgång för.", severity="warning"
            )
            return
        self.write_behandling(text)
        self.notify("Beslutsgången är skriven i behandlingen.", timeout=3)

    def action_motforslag(self) -> None:
        index = self.index
        if index is None or not self.editable:
            return
        chosen = self.items[index].id
        self.paragraf.motforslag = "" if self.paragraf.motforslag == chosen else chosen
        self.changed(index)

    def action_motforslagsvotering(self) -> None:
        from kallelse_tui.tui.omrostning_screen import OmrostningScreen

        if len(huvudalternativ(self.paragraf, self.organ, self.arende)) < 3:
            self.notify(
                "Omröstning om motförslaget behövs först när tre eller fler förslag står mot "
                "varandra; annars räcker omröstningen (o).",
                severity="warning",
            )
            return

        self.app.push_screen(
            OmrostningScreen(
                self.paragraf, self.mote, self.organ, self.on_change, self.editable, True
            ),
            lambda _: self.refresh_rows(self.index),
        )
