"""A new meeting, or the header of an existing one: organ, date, time, place and the rest."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from textual import on
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from kallelse_tui.domain.datum import lang_datum, parse_datum, parse_tid
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Organ, Sammantrade, nytt_sammantrade
from kallelse_tui.domain.text_fields import format_undertecknare, lines, parse_undertecknare
from kallelse_tui.tui.form import FormScreen, field


class MeetingForm(FormScreen[Sammantrade]):
    CHECKS = {"datum": parse_datum, "tid": parse_tid}

    def __init__(
        self, organs: list[Organ], mote: Sammantrade | None = None, taken: set[str] | None = None
    ) -> None:
        super().__init__()
        self.organs = {o.id: o for o in organs}
        self.mote = mote
        self.taken = taken or set()
        self.title = "Nytt sammanträde" if mote is None else "Sammanträdets uppgifter"

    def form_fields(self) -> Iterable[Widget]:
        mote = self.mote
        if mote is None:
            first = next(iter(self.organs.values()), None)
            yield field(
                "Organ",
                Select(
                    [(f"{o.kortnamn} – {o.namn_och_kommun}", o.id) for o in self.organs.values()],
                    value=first.id if first else Select.NULL,
                    allow_blank=first is None,
                    id="organ",
                ),
            )
        else:
            organ = self.organs[mote.organ_id]
            yield Static(organ.namn_och_kommun, id="organ-name")
        defaults = mote or self._defaults()
        yield Horizontal(
            field(
                "Datum",
                Input(
                    defaults.datum.isoformat() if mote else "",
                    id="datum",
                    placeholder="2026-12-08 eller 8 december 2026",
                ),
                "",
            ),
            field(
                "Tid",
                Input(
                    f"{defaults.tid:%H:%M}" if defaults.tid else "", id="tid", placeholder="09:00"
                ),
            ),
            classes="row",
        )
        yield Static("", id="datum-text", classes="field-hint")
        yield field("Plats", Input(defaults.plats, id="plats"))
        yield field(
            "Deltagande på distans",
            Input(
                defaults.distans,
                id="distans",
                placeholder="t.ex. Ledamot som deltar på distans ansluter via …",
            ),
        )
        yield field("Anmälan av förhinder (OSA)", Input(defaults.osa, id="osa"))
        yield field(
            "Sändlista",
            TextArea("\n".join(defaults.adressater), id="adressater", classes="short"),
            "En rad per mottagare av kallelsen: ”Ledamöter”, ”Ersättare (för kännedom)” …",
        )
        yield field(
            "Undertecknare",
            TextArea(
                format_undertecknare(defaults.undertecknare), id="undertecknare", classes="short"
            ),
            "Namn, titel – en per rad.",
        )

    def _defaults(self, organ_id: str | None = None) -> Sammantrade:
        organ = self.organs.get(organ_id or "") or next(iter(self.organs.values()))
        return nytt_sammantrade(organ, date.today(), set())

    @on(Select.Changed, "#organ")
    def _organ_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        defaults = self._defaults(str(event.value))
        self.query_one("#tid", Input).value = f"{defaults.tid:%H:%M}" if defaults.tid else ""
        self.query_one("#plats", Input).value = defaults.plats
        self.query_one("#undertecknare", TextArea).text = format_undertecknare(
            defaults.undertecknare
        )

    @on(Input.Changed, "#datum")
    def _show_date(self, event: Input.Changed) -> None:
        try:
            text = lang_datum(parse_datum(event.value)).capitalize()
        except ValidationError:
            text = ""
        self.query_one("#datum-text", Static).update(text)

    def build(self) -> Sammantrade:
        datum = parse_datum(self.text("datum"), "datum")
        tid = parse_tid(self.text("tid"), "tid") if self.text("tid") else None
        fields = dict(
            datum=datum,
            tid=tid,
            plats=self.text("plats"),
            distans=self.text("distans"),
            osa=self.text("osa"),
            adressater=lines(self.text("adressater")),
            undertecknare=parse_undertecknare(self.text("undertecknare")),
        )
        if self.mote is not None:
            return dataclasses.replace(self.mote, **fields)  # type: ignore[arg-type]
        organ_id = self.selected("organ")
        if organ_id is None:
            raise ValidationError("organ", "Välj vilket organ som ska sammanträda.")
        mote = nytt_sammantrade(self.organs[organ_id], datum, self.taken)
        return dataclasses.replace(mote, **fields)  # type: ignore[arg-type]
