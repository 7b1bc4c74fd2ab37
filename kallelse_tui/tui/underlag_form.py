"""Title, kind, date and sekretess of one attached document."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Beslutsunderlag, UnderlagTyp
from kallelse_tui.tui.form import FormScreen, field


class UnderlagForm(FormScreen[Beslutsunderlag]):
    CHECKS = {"datum": parse_datum}

    def __init__(self, underlag: Beslutsunderlag, where: str) -> None:
        super().__init__()
        self.underlag = underlag
        self.title = f"Beslutsunderlag – {where}"

    def form_fields(self) -> Iterable[Widget]:
        u = self.underlag
        if u.filnamn:
            yield Static(f"Fil: {u.filnamn}", classes="field-hint")
        yield field("Titel", Input(u.titel, id="titel"))
        yield Horizontal(
            field(
                "Slag",
                Select(
                    [(t.value.capitalize(), t) for t in UnderlagTyp],
                    value=u.typ,
                    allow_blank=False,
                    id="typ",
                ),
            ),
            field("Datum", Input(u.datum.isoformat() if u.datum else "", id="datum")),
            classes="row",
        )
        yield Horizontal(
            field("", Checkbox("Sekretess", u.sekretess, id="sekretess")),
            field("Sekretess enligt", Input(u.osl, id="osl", placeholder="OSL 26 kap. 1 §")),
            classes="row",
        )
        # A scanned PDF has no text to mask: it is published only once someone has looked.
        yield field(
            "",
            Checkbox(
                "Granskad för publicering (skannad PDF utan personuppgifter eller sekretess)",
                u.granskad_for_publicering,
                id="granskad",
            ),
        )

    def build(self) -> Beslutsunderlag:
        titel = self.text("titel")
        if not titel:
            raise ValidationError("titel", "Handlingen behöver en titel.")
        datum = parse_datum(self.text("datum"), "datum") if self.text("datum") else None
        sekretess, osl = self.checked("sekretess"), self.text("osl")
        if osl and not sekretess:
            raise ValidationError("osl", "Kryssa i Sekretess, eller töm fältet ”Sekretess enligt”.")
        return dataclasses.replace(
            self.underlag,
            titel=titel,
            typ=self.selected("typ") or UnderlagTyp.BILAGA,
            datum=datum,
            sekretess=sekretess,
            osl=osl,
            granskad_for_publicering=self.checked("granskad"),
        )
