"""Create or edit an organ: names, kind, reglemente settings and signatories."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from textual import events, on
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from kallelse_tui.domain.datum import parse_tid
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Organ, OrganTyp, Reglemente
from kallelse_tui.domain.nytt_organ import kortnamn_for, organ_id, typ_for
from kallelse_tui.domain.text_fields import format_undertecknare, lines, parse_undertecknare
from kallelse_tui.tui.form import FormScreen, field


def _whole(text: str, widget_id: str, what: str, low: int, high: int) -> int:
    if not re.fullmatch(r"\d{1,4}", text):
        raise ValidationError(widget_id, f"{what} ska vara ett heltal, t.ex. {low + 1}.")
    value = int(text)
    if not low <= value <= high:
        raise ValidationError(widget_id, f"{what} ska vara mellan {low} och {high}.")
    return value


def parse_forsta_paragraf(text: str) -> dict[str, int]:
    """'2026: 101, 2027: 1' → {'2026': 101, '2027': 1}."""
    result: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in re.split(r"[,;\n]", text))):
        m = re.fullmatch(r"((?:19|20)\d{2})\s*[:=]\s*(?:§\s*)?(\d{1,4})", part)
        if m is None:
            raise ValidationError(
                "forsta", f"”{part}” går inte att läsa; skriv år och nummer: ”2026: 101”."
            )
        result[m[1]] = int(m[2])
    return result


class OrganForm(FormScreen[Organ]):
    CHECKS = {"tid": parse_tid, "forsta": parse_forsta_paragraf}

    def __init__(self, organ: Organ | None, taken: set[str]) -> None:
        super().__init__()
        self.organ = organ
        self.taken = taken
        self.title = "Nytt organ" if organ is None else f"Organ: {organ.namn}"
        self._guessed: tuple[str, object] = ("", OrganTyp.NAMND)  # what _guess_from_name set

    def form_fields(self) -> Iterable[Widget]:
        o = self.organ or Organ(id="", namn="", kortnamn="", typ=OrganTyp.NAMND)
        r = o.reglemente
        yield Horizontal(
            field("Namn", Input(o.namn, id="namn", placeholder="Kommunstyrelsen")),
            field("Kortnamn", Input(o.kortnamn, id="kortnamn", placeholder="KS")),
            classes="row",
        )
        yield Horizontal(
            field(
                "Typ",
                Select(
                    [(t.value.capitalize(), t) for t in OrganTyp],
                    value=o.typ,
                    allow_blank=False,
                    id="typ",
                ),
            ),
            field("Kommun", Input(o.kommun, id="kommun", placeholder="Norrviks kommun")),
            classes="row",
        )
        yield Horizontal(
            field("Kallelse, dagar före", Input(str(r.kallelse_dagar), id="kallelse-dagar")),
            field(
                "Delegationsbeslut, dagar före",
                Input(str(r.delegation_dagar_fore), id="delegation-dagar"),
            ),
            field("Justering inom, dagar", Input(str(r.justering_dagar), id="justering-dagar")),
            classes="row",
        )
        yield Horizontal(
            field("Plats", Input(r.plats, id="plats")),
            field("Tid", Input(f"{r.tid:%H:%M}" if r.tid else "", id="tid")),
            classes="row",
        )
        yield field(
            "Standardärenden",
            TextArea("\n".join(r.standardarenden), id="standard", classes="short"),
            "Ett per rad, i ordning: Upprop, Val av justerare, Godkännande av ärendelista …",
        )
        yield field(
            "Undertecknare av kallelsen",
            TextArea(format_undertecknare(o.undertecknare), id="undertecknare", classes="short"),
            "Namn, titel – en per rad.",
        )
        yield field(
            "Första § per år",
            Input(
                ", ".join(f"{y}: {n}" for y, n in sorted(o.forsta_paragraf.items())),
                id="forsta",
                placeholder="2026: 1",
            ),
            "När paragrafserien inte börjar på 1, t.ex. vid byte mitt i året.",
        )
        yield Horizontal(
            field(
                "Anslag sätts upp av",
                Input(o.anslag_av, id="anslag-av", placeholder="Johanna Sträng"),
                "Undertecknar anslagsbeviset.",
            ),
            field(
                "Förvaltningsrätt",
                Input(
                    o.forvaltningsratt,
                    id="forvaltningsratt",
                    placeholder="Förvaltningsrätten i Luleå",
                ),
                "Dit ett överklagande ges in.",
            ),
            classes="row",
        )

    @on(Input.Changed, "#namn")
    def _guess_from_name(self, event: Input.Changed) -> None:
        """A new organ's short name and kind follow its name until the user sets them."""
        if self.organ is not None:
            return
        kortnamn, typ = self.query_one("#kortnamn", Input), self.query_one("#typ", Select)
        if kortnamn.value in ("", self._guessed[0]):
            kortnamn.value = kortnamn_for(event.value) if event.value.strip() else ""
        if typ.value == self._guessed[1]:
            typ.value = typ_for(event.value)
        self._guessed = (kortnamn.value, typ.value)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A new organ's text areas hold the defaults (the standard items): the first
        # focus selects them, so typing replaces them and the arrow keys keep them.
        area = event.widget
        if (
            self.organ is None
            and isinstance(area, TextArea)
            and area.text
            and area.text == self._initial.get(str(area.id))
        ):
            area.select_all()

    def build(self) -> Organ:
        namn, kortnamn, kommun = self.text("namn"), self.text("kortnamn"), self.text("kommun")
        if not namn:
            raise ValidationError("namn", "Organet behöver ett namn.")
        if not kortnamn:
            raise ValidationError("kortnamn", "Organet behöver ett kortnamn, t.ex. KS eller SBN.")
        reglemente = Reglemente(
            kallelse_dagar=_whole(
                self.text("kallelse-dagar"), "kallelse-dagar", "Kallelsetiden", 0, 60
            ),
            standardarenden=lines(self.text("standard")),
            plats=self.text("plats"),
            tid=parse_tid(self.text("tid")) if self.text("tid") else None,
            justering_dagar=_whole(
                self.text("justering-dagar"), "justering-dagar", "Justeringstiden", 1, 60
            ),
            delegation_dagar_fore=_whole(
                self.text("delegation-dagar"),
                "delegation-dagar",
                "Anmälningstiden för delegationsbeslut",
                0,
                60,
            ),
        )
        fields = dict(
            namn=namn,
            kortnamn=kortnamn,
            typ=self.selected("typ") or OrganTyp.NAMND,
            kommun=kommun,
            reglemente=reglemente,
            undertecknare=parse_undertecknare(self.text("undertecknare")),
            forsta_paragraf=parse_forsta_paragraf(self.text("forsta")),
            anslag_av=self.text("anslag-av"),
            forvaltningsratt=self.text("forvaltningsratt"),
        )
        if self.organ is not None:
            return dataclasses.replace(self.organ, **fields)  # type: ignore[arg-type]
        return Organ(id=organ_id(kommun, kortnamn, self.taken), **fields)  # type: ignore[arg-type]
