"""One meeting at a glance (read-only for now): header, ärendelista and the chosen ärende."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from kallelse_tui.domain.datum import klockslag, kort_datum
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Arende,
    Omrostning,
    Organ,
    Paragraf,
    Rost,
    Sammantrade,
    Yrkande,
)
from kallelse_tui.tui.styles import status_text


class MeetingScreen(Screen[None]):
    CSS_PATH = "meeting_screen.tcss"
    HELP = (
        "Sammanträdets ärendelista. Flytta med **pil upp/ned**; till höger visas det valda "
        "ärendet: Dnr, handläggare, förslag till beslut, beskrivning, beslut och vart "
        "beslutet skickas.\n\n**Esc** går tillbaka till listan över sammanträden."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="meeting.back"),
        Binding("d", "focus_detail", "Läs ärendet", id="meeting.detail"),
        Binding("l", "focus_list", "Ärendelistan", id="meeting.list", show=False),
    ]

    def __init__(self, mote: Sammantrade, organ: Organ) -> None:
        super().__init__()
        self.mote = mote
        self.organ = organ

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        yield Static(self._summary(), id="meeting-summary")
        with Horizontal():
            yield DataTable(id="arende-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="arende-detail"):
                yield Static(id="arende-text")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.title = f"{self.organ.namn} {kort_datum(self.mote.datum)}"
        self.sub_title = self.organ.kommun
        table = self.query_one("#arende-table", DataTable)
        table.add_column("Nr", key="nr")
        table.add_column("Ärende", key="rubrik", width=40)
        table.add_column("Dnr", key="dnr")
        table.add_column("Typ", key="typ")
        table.add_column("§", key="paragraf")
        for nummer, arende in enumerate(self.mote.arenden, 1):
            paragraf = self.mote.paragraf_for(arende.id)
            rubrik = arende.rubrik + (" (extra)" if arende.extra else "")
            table.add_row(
                Text(str(nummer), justify="right"),
                Text(rubrik, style="italic" if arende.sekretess else ""),
                arende.dnr.removeprefix("Dnr ").removeprefix("Dnr: "),
                Text(arende.typ.value, style="dim"),
                f"§ {paragraf.nummer}" if paragraf else "",
                key=arende.id,
            )
        table.focus()
        if self.mote.arenden:
            self._show(self.mote.arenden[0])

    def _summary(self) -> Text:
        mote = self.mote
        when = mote.rubrik_datum + (f" {klockslag(mote.tid)}" if mote.tid else "")
        lines = [
            Text.assemble(
                (self.organ.namn, "bold"), f", {self.organ.kommun}  ", status_text(mote.status)
            ),
            Text(f"{when[0].upper()}{when[1:]}" + (f", {mote.plats}" if mote.plats else "")),
        ]
        if mote.kallad_datum:
            lines.append(Text(f"Kallelsen skickad {kort_datum(mote.kallad_datum)}", style="dim"))
        lines.append(
            Text(f"{len(mote.arenden)} ärenden, {len(mote.paragrafer)} paragrafer", style="dim")
        )
        return Text("\n").join(lines)

    @on(DataTable.RowHighlighted, "#arende-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self._show(self.mote.arende(event.row_key.value))

    def _show(self, arende: Arende) -> None:
        self.query_one("#arende-text", Static).update(
            arende_detail(arende, self.mote.paragraf_for(arende.id), self.organ)
        )

    def action_focus_detail(self) -> None:
        self.query_one("#arende-detail").focus()

    def action_focus_list(self) -> None:
        self.query_one("#arende-table").focus()


def arende_detail(arende: Arende, paragraf: Paragraf | None, organ: Organ) -> Text:
    """The chosen ärende as text blocks, in the order a protocol prints them."""
    parts: list[Text] = [Text(arende.rubrik, style="bold")]
    meta = [arende.dnr, arende.typ.value]
    if arende.extra:
        meta.append("extra ärende")
    if arende.sekretess:
        meta.append(f"sekretess {arende.osl}".strip())
    parts.append(Text(" · ".join(m for m in meta if m), style="dim"))
    if arende.tidigare:
        parts.append(Text("Tidigare: " + ", ".join(arende.tidigare), style="dim"))
    if arende.handlaggare:
        h = arende.handlaggare
        parts.append(
            Text(f"Handläggare: {', '.join(x for x in (h.namn, h.titel) if x)}", style="dim")
        )

    def section(title: str, body: str | list[str]) -> None:
        if not body:
            return
        parts.append(Text(""))
        parts.append(Text(title, style="bold underline"))
        parts.append(Text("\n".join(body) if isinstance(body, list) else body))

    if paragraf is not None:
        beslut = paragraf.beslut or (paragraf.utfall.value.capitalize() if paragraf.utfall else "")
        section(f"§ {paragraf.nummer} {organ.namn}s beslut", beslut)
    for forslag in arende.forslag:
        numbered = [
            f"{i}. {p}" if len(forslag.punkter) > 1 else p for i, p in enumerate(forslag.punkter, 1)
        ]
        title = "Förslag till beslut" + (f" {forslag.till_organ}" if forslag.till_organ else "")
        section(title, numbered)
    section("Beskrivning", arende.beskrivning)
    section("Ekonomiska konsekvenser", arende.ekonomiska_konsekvenser)
    section(
        "Förteckning",
        [
            " ".join(x for x in (str(p.nummer), p.dnr, p.datum.isoformat() if p.datum else "") if x)
            + f"\n   {p.text}"
            + (f" ({p.avsandare})" if p.avsandare else "")
            for p in arende.poster
        ],
    )
    if paragraf is not None:
        section("Behandling", paragraf.behandling)
        section("Yrkanden", [_yrkande(y, organ) for y in paragraf.yrkanden])
        if paragraf.omrostning is not None:
            section("Omröstning", _omrostning(paragraf.omrostning, organ))
        for anteckning in paragraf.anteckningar:
            names = ", ".join(_namn(organ, i) for i in anteckning.ledamot_ids)
            body = names + (f": {anteckning.motivering}" if anteckning.motivering else "")
            section(anteckning.typ.value.capitalize(), body)
        section(
            "Jäv",
            [
                f"{_namn(organ, j.ledamot_id)} anmäler jäv"
                + (f"; {_namn(organ, j.ersatt_av)} tjänstgör" if j.ersatt_av else "")
                for j in paragraf.jav
            ],
        )
    section("Beslutsunderlag", [f"– {u.titel} ({u.typ.value})" for u in arende.beslutsunderlag])
    section(
        "Beslut skickas till",
        [f"{m.namn}" + ("" if m.pseudo else f", {m.syfte.value}") for m in arende.skickas_till],
    )
    return Text("\n").join(parts)


def _namn(organ: Organ, ledamot_id: str) -> str:
    try:
        return organ.ledamot(ledamot_id).visningsnamn
    except DomainError:
        return ledamot_id


def _yrkande(yrkande: Yrkande, organ: Organ) -> str:
    text = f"{_namn(organ, yrkande.ledamot_id)}: {yrkande.typ.value}"
    if yrkande.text:
        text += f" – {yrkande.text}"
    if yrkande.instammande:
        text += f" (instämmer: {', '.join(_namn(organ, i) for i in yrkande.instammande)})"
    return text


def _omrostning(omrostning: Omrostning, organ: Organ) -> list[str]:
    tally = omrostning.resultat()
    lines = [f"Ja: {omrostning.ja_forslag}", f"Nej: {omrostning.nej_forslag}"]
    for rost in Rost:
        names = [_namn(organ, i) for i, r in omrostning.roster.items() if r is rost]
        lines.append(f"{rost.value.capitalize()} ({tally[rost]}): {', '.join(names)}")
    if omrostning.vinnare:
        lines.append(f"Utfall: {omrostning.vinnare}")
    return lines
