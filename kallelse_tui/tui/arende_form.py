"""Add or edit one ärende of the ärendelista."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from kallelse_tui.domain.dnr import parse_dnr
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Arende, ArendeTyp, Handlaggare
from kallelse_tui.domain.text_fields import (
    format_forslag,
    format_mottagare,
    parse_forslag,
    parse_mottagare,
)
from kallelse_tui.tui.form import FormScreen, field
from kallelse_tui.tui.text_area import KallelseTextArea


class ArendeForm(FormScreen[Arende]):
    """Shown for every ärende of every meeting: one instance is reused (`reusable_form`)."""

    FORM_TITLE = "Ärende"
    CHECKS = {"dnr": parse_dnr}

    def __init__(self) -> None:
        super().__init__()
        self.arende = Arende(id="", rubrik="")

    def prepare(self, arende: Arende, nummer: int, new: bool = False) -> ArendeForm:
        self.arende = arende
        self.title = f"{'Nytt ärende' if new else 'Ärende'} {nummer}"
        if self.is_mounted:
            self.query_one("#form-title", Static).update(self.title)
        return self

    def form_fields(self) -> Iterable[Widget]:
        yield field("Rubrik", Input(id="rubrik", placeholder="Ärendets rubrik"))
        yield Horizontal(
            field(
                "Dnr",
                Input(id="dnr", placeholder="t.ex. Dnr 2023-00463 102 eller KS 2020/434"),
            ),
            field(
                "Typ",
                Select(
                    [(t.value.capitalize(), t) for t in ArendeTyp],
                    value=ArendeTyp.BESLUT,
                    allow_blank=False,
                    id="typ",
                ),
            ),
            classes="row",
        )
        yield Horizontal(
            field("", Checkbox("Extra ärende", id="extra")),
            field("", Checkbox("Sekretess", id="sekretess")),
            field("Sekretess enligt", Input(id="osl", placeholder="OSL 26 kap. 1 §")),
            field(
                "Rubrik i publik version",
                Input(id="publik-titel", placeholder="neutral rubrik"),
            ),
            classes="row",
        )
        yield Horizontal(
            field("Handläggare", Input(id="h-namn")),
            field("Titel", Input(id="h-titel")),
            field("Telefon", Input(id="h-telefon")),
            field("E-post", Input(id="h-epost")),
            classes="row",
        )
        yield field(
            "Förslag till beslut",
            KallelseTextArea(id="forslag"),
            "En punkt per rad. ”Förslag till beslut fullmäktige:” på egen rad börjar ett "
            "förslag till ett annat organ.",
        )
        yield field("Beskrivning", KallelseTextArea(id="beskrivning"))
        yield field("Ekonomiska konsekvenser", KallelseTextArea(id="ekonomi", classes="short"))
        yield field(
            "Beslut skickas till",
            TextArea(id="mottagare", classes="short"),
            "En mottagare per rad, syftet sist: ”Ekonomiavdelningen, för verkställighet”. "
            "”Akten” får inget utdrag.",
        )
        yield field("Tidigare behandling", Input(id="tidigare", placeholder="KSAU § 143, KS § 216"))

    def fill(self) -> None:
        a = self.arende
        h = a.handlaggare or Handlaggare("")
        values: dict[str, object] = {
            "rubrik": a.rubrik,
            "dnr": a.dnr,
            "typ": a.typ,
            "extra": a.extra,
            "sekretess": a.sekretess,
            "osl": a.osl,
            "publik-titel": a.publik_titel,
            "h-namn": h.namn,
            "h-titel": h.titel,
            "h-telefon": h.telefon,
            "h-epost": h.epost,
            "forslag": format_forslag(a.forslag),
            "beskrivning": a.beskrivning,
            "ekonomi": a.ekonomiska_konsekvenser,
            "mottagare": format_mottagare(a.skickas_till),
            "tidigare": ", ".join(a.tidigare),
        }
        for widget_id, value in values.items():
            self.set_value(widget_id, value)

    def build(self) -> Arende:
        rubrik = self.text("rubrik")
        if not rubrik:
            raise ValidationError("rubrik", "Ärendet behöver en rubrik.")
        dnr = self.text("dnr")
        if dnr:
            dnr = parse_dnr(dnr).original
        sekretess = self.checked("sekretess")
        osl = self.text("osl")
        if osl and not sekretess:
            raise ValidationError("osl", "Kryssa i Sekretess, eller töm fältet ”Sekretess enligt”.")
        publik_titel = self.text("publik-titel")
        if publik_titel and not sekretess:
            raise ValidationError(
                "publik-titel",
                "Rubriken i publik version gäller bara sekretessärenden: kryssa i Sekretess, "
                "eller töm fältet.",
            )
        handlaggare = Handlaggare(
            self.text("h-namn"), self.text("h-titel"), self.text("h-telefon"), self.text("h-epost")
        )
        if handlaggare.epost and "@" not in handlaggare.epost:
            raise ValidationError("h-epost", f"”{handlaggare.epost}” är ingen e-postadress.")
        return dataclasses.replace(
            self.arende,
            rubrik=rubrik,
            dnr=dnr,
            typ=self.selected("typ") or ArendeTyp.BESLUT,
            extra=self.checked("extra"),
            sekretess=sekretess,
            osl=osl,
            publik_titel=publik_titel,
            handlaggare=handlaggare if any(dataclasses.astuple(handlaggare)) else None,
            forslag=parse_forslag(self.text("forslag")),
            beskrivning=self.text("beskrivning"),
            ekonomiska_konsekvenser=self.text("ekonomi"),
            skickas_till=parse_mottagare(self.text("mottagare")),
            tidigare=[t.strip() for t in self.text("tidigare").split(",") if t.strip()],
        )
