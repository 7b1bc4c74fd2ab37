"""Närvaro: who serves, who replaces whom, who is present, who is absent; changes per §
("lämnar sammanträdet efter § 12", "tjänstgör från § 14"); övriga närvarande; and the
beslutförhet, recomputed at every change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import time
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from kallelse_tui.domain.datum import parse_tid
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.ledamotval import ledamot_nummer
from kallelse_tui.domain.model import (
    Ledamot,
    NarvaroPost,
    NarvaroTyp,
    Organ,
    OvrigNarvarande,
    Sammantrade,
)
from kallelse_tui.domain.narvaro import beslutforhet, forsta_narvaro, kontrollera_narvaro
from kallelse_tui.domain.paragrafer import namn
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.form import FormScreen, field
from kallelse_tui.tui.item_list import ItemListScreen
from kallelse_tui.tui.ledamot_pick import PickingForm, pick_field
from kallelse_tui.tui.skrivskydd import SkrivskyddRad, skrivskydd
from kallelse_tui.tui.title_bar import TitleBar

TYP_STIL = {
    NarvaroTyp.TJANSTGOR: "bold",
    NarvaroTyp.ERSATTARE_TJANSTGOR: "bold cyan",
    NarvaroTyp.NARVARANDE_ERSATTARE: "",
    NarvaroTyp.FRANVARANDE: "dim",
}


def _kl(tid: time | None) -> str:
    return f" kl {tid:%H:%M}" if tid else ""


class ErsatterForm(PickingForm[str]):
    ASK_BEFORE_DISCARD = False

    def __init__(
        self, ersattare: Ledamot, kandidater: list[Ledamot], nummer: dict[str, int]
    ) -> None:
        super().__init__()
        self.kandidater = kandidater
        self.pickers = {"for": (kandidater, False)}
        self.nummer = nummer
        self.title = f"{ersattare.visningsnamn} tjänstgör för"

    def form_fields(self) -> Iterable[Widget]:
        yield pick_field("Ersätter", "for", self.kandidater, nummer=self.nummer)
        if len(self.kandidater) == 1:
            yield Static("F2 väljer den enda som är borta.", classes="field-hint")

    def build(self) -> str:
        chosen = self.picked("for")
        if not chosen and len(self.kandidater) == 1:
            return self.kandidater[0].id  # the only one who is away
        if not chosen:
            raise ValidationError("for", "För vem? Skriv nummer eller del av namnet.")
        return chosen[0].id


class ParagrafForm(FormScreen[tuple[int, time | None]]):
    """One § number and the clock time of the change (for the arvodesunderlag); an empty
    number removes both. The result is wrapped: None means cancelled, -1 "no number"."""

    ASK_BEFORE_DISCARD = False

    def __init__(self, title: str, value: int | None, hint: str, tid: time | None = None) -> None:
        super().__init__()
        self.title = title
        self.value = value
        self.hint = hint
        self.tid = tid

    def form_fields(self) -> Iterable[Widget]:
        shown = "" if self.value is None else str(self.value)
        yield field("§", Input(shown, id="nummer", placeholder="t.ex. 12"), self.hint)
        yield field(
            "Klockan",
            Input(
                "" if self.tid is None else f"{self.tid:%H:%M}", id="klockan", placeholder="10.50"
            ),
            "När det skedde; arvodesunderlaget räknar tiden härifrån.",
        )

    def build(self) -> tuple[int, time | None]:
        text = self.text("nummer").lstrip("§ ").strip()
        if not text:
            return -1, None  # "no number": the caller clears it
        if not text.isdigit():
            raise ValidationError("nummer", "Skriv paragrafens nummer, t.ex. 12.")
        klockan = self.text("klockan")
        return int(text), parse_tid(klockan, "klockan") if klockan else None


class OvrigForm(FormScreen[OvrigNarvarande]):
    def __init__(self, ovrig: OvrigNarvarande) -> None:
        super().__init__()
        self.ovrig = ovrig
        self.title = "Övrig närvarande"

    def form_fields(self) -> Iterable[Widget]:
        yield field("Namn", Input(self.ovrig.namn, id="namn"))
        yield field(
            "Titel eller uppdrag",
            Input(self.ovrig.titel, id="titel"),
            "t.ex. kommundirektör, sekreterare, §§ 5–7",
        )

    def build(self) -> OvrigNarvarande:
        if not self.text("namn"):
            raise ValidationError("namn", "Vem? Skriv ett namn.")
        return OvrigNarvarande(self.text("namn"), self.text("titel"))


class OvrigaScreen(ItemListScreen[OvrigNarvarande]):
    COLUMNS = ("Namn", "Titel")
    EMPTY = "Inga övriga närvarande. Tryck a för att lägga till."
    HELP = (
        "Övriga närvarande (tjänstepersoner, sekreterare, gäster): **a** ny, **Enter** "
        "ändrar, **Delete** tar bort."
    )

    def row(self, item: OvrigNarvarande) -> Iterable[Any]:
        return item.namn, item.titel

    def form(self, item: OvrigNarvarande | None) -> OvrigForm:
        return OvrigForm(item or OvrigNarvarande(""))


class NarvaroScreen(Screen[None]):
    CSS_PATH = "narvaro_screen.tcss"
    HELP = (
        "Närvaron vid sammanträdet (upprop). Flytta med **pil upp/ned**.\n\n"
        "- **t** tjänstgör: en ledamot tjänstgör; för en ersättare frågas för vem.\n"
        "- **e** närvarande ersättare (tjänstgör inte), **f** frånvarande.\n"
        "- **l** lämnar sammanträdet efter § …, **k** tjänstgör från § … (tomt tar bort).\n"
        "- **o** övriga närvarande (namn och titel).\n\n"
        "En ledamot som lämnat kommer inte tillbaka in (en period per ledamot); jäv är inte att "
        "lämna: det anges per paragraf i sammanträdet (**j**). Beslutförheten och "
        "kontrollerna uppdateras direkt. Allt sparas direkt. **Esc** går tillbaka."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="narvaro.back", show=False),
        Binding("t", "serve", "Tjänstgör", id="narvaro.serve"),
        Binding("e", "set('närvarande ersättare')", "Närv. ersättare", id="narvaro.present"),
        Binding("f", "set('frånvarande')", "Frånvarande", id="narvaro.absent"),
        Binding("l", "leaves", "Lämnar efter §", id="narvaro.leaves"),
        Binding("k", "arrives", "Tjänstgör från §", id="narvaro.arrives"),
        Binding("o", "others", "Övriga närvarande", id="narvaro.others"),
    ]
    EDITING = {"serve", "set", "leaves", "arrives"}

    def __init__(
        self,
        mote: Sammantrade,
        organ: Organ,
        save: Callable[[], bool],
        nummer: int | None = None,
    ) -> None:
        super().__init__()
        self.mote = mote
        self.organ = organ
        self.save = save
        self.nummer = nummer  # the § the meeting is at, for the quorum line
        self.title = f"Närvaro {organ.namn} {mote.kort_rubrik}"

    @property
    def editable(self) -> bool:
        return not self.mote.last and not skrivskydd(self)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SkrivskyddRad()
        yield Static(id="narvaro-quorum")
        yield DataTable(id="narvaro-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="narvaro-problems")
        yield KallelseFooter()

    def on_mount(self) -> None:
        if not self.mote.narvaro and self.editable:
            self.mote.narvaro = forsta_narvaro(self.organ, self.mote)
            self.save()
            self.notify(
                "Närvarolistan är påbörjad: alla ledamöter tjänstgör, ersättarna är närvarande.",
                timeout=6,
            )
        table = self.query_one("#narvaro-table", DataTable)
        table.add_column("Nr", key="nr")
        table.add_column("Namn", key="namn", width=23)
        table.add_column("Roll", key="roll", width=19)
        table.add_column("Närvaro", key="typ", width=23)
        table.add_column("Ersätter", key="ersatter", width=17)
        table.add_column("Period", key="period")
        self.members = [m for m in self.organ.ledamoter if m.har_mandat(self.mote.datum)]
        for i, m in enumerate(self.members, 1):
            table.add_row(
                Text(str(i), justify="right"), m.visningsnamn, m.roll.value, "", "", "", key=m.id
            )
        self.redraw()
        table.focus()

    def post(self, ledamot_id: str) -> NarvaroPost | None:
        return next((p for p in self.mote.narvaro if p.ledamot_id == ledamot_id), None)

    def redraw(self) -> None:
        table = self.query_one("#narvaro-table", DataTable)
        for m in self.members:
            p = self.post(m.id)
            if p is None:
                cells = [Text("inte antecknad", style="italic dim"), "", ""]
            else:
                period = []
                if p.fran_paragraf is not None:
                    period.append(f"från § {p.fran_paragraf}" + _kl(p.fran_tid))
                if p.till_paragraf is not None:
                    lamnar = f"lämnar {p.till_tid:%H:%M}" if p.till_tid else "lämnar"
                    period.append(f"{lamnar} efter § {p.till_paragraf}")
                cells = [
                    Text(p.typ.value, style=TYP_STIL[p.typ]),
                    namn(self.organ, p.ersatter) if p.ersatter else "",
                    ", ".join(period),
                ]
            for key, value in zip(("typ", "ersatter", "period"), cells, strict=True):
                table.update_cell(m.id, key, value)
        lines = [self._quorum(None)]
        if self.nummer is not None:
            lines.append(self._quorum(self.nummer))
        self.query_one("#narvaro-quorum", Static).update(Text("\n").join(lines))
        problems = kontrollera_narvaro(self.mote, self.organ)
        self.query_one("#narvaro-problems", Static).update(
            Text("\n").join(Text(f"! {p}", style="yellow") for p in problems)
            if problems
            else Text(
                f"Övriga närvarande: {len(self.mote.ovriga_narvarande)} (o). "
                "Inga problem i närvarolistan.",
                style="dim",
            )
        )

    def _quorum(self, nummer: int | None) -> Text:
        b = beslutforhet(self.mote, self.organ, nummer)
        where = "Vid början" if nummer is None else f"Vid § {nummer}"
        return Text(
            f"{where}: {b.text()}", style="bold green" if b.beslutfor else "bold reverse red"
        )

    def current(self) -> Ledamot | None:
        table = self.query_one("#narvaro-table", DataTable)
        return self.members[table.cursor_row] if self.members else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITING and not self.editable:
            return None
        return True

    def _changed(self, move_down: bool = True) -> None:
        self.mote.narvaro.sort(
            key=lambda p: (
                [m.id for m in self.organ.ledamoter].index(p.ledamot_id)
                if p.ledamot_id in {m.id for m in self.organ.ledamoter}
                else 10**6
            )
        )
        self.save()
        self.redraw()
        table = self.query_one("#narvaro-table", DataTable)
        if move_down and table.cursor_row < len(self.members) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def _ensure(self, m: Ledamot) -> NarvaroPost:
        p = self.post(m.id)
        if p is None:
            p = NarvaroPost(m.id, NarvaroTyp.FRANVARANDE)
            self.mote.narvaro.append(p)
        return p

    def action_set(self, value: str) -> None:
        m = self.current()
        if m is None or not self.editable:
            return
        typ = NarvaroTyp(value)
        if typ is NarvaroTyp.NARVARANDE_ERSATTARE and m.roll.ar_ledamot:
            self.notify(
                f"{m.visningsnamn} är ledamot, inte ersättare: t tjänstgör, f frånvarande.",
                severity="warning",
            )
            return
        p = self._ensure(m)
        p.typ = typ
        p.ersatter = ""
        self._changed()

    def action_serve(self) -> None:
        m = self.current()
        if m is None or not self.editable:
            return
        if m.roll.ar_ledamot:
            p = self._ensure(m)
            p.typ = NarvaroTyp.TJANSTGOR
            p.ersatter = ""
            self._changed()
            return
        taken = {p.ersatter for p in self.mote.narvaro if p.ersatter and p.ledamot_id != m.id}
        kandidater = [
            o
            for o in self.organ.ordinarie(self.mote.datum)
            if o.id not in taken and self._replaceable(o.id)
        ]
        if not kandidater:
            self.notify(
                "Alla ledamöter tjänstgör själva; markera först den som är borta med f.",
                severity="warning",
            )
            return

        def done(for_id: str | None) -> None:
            if for_id is None:
                return
            p = self._ensure(m)
            p.typ = NarvaroTyp.ERSATTARE_TJANSTGOR
            p.ersatter = for_id
            replaced = self.post(for_id)
            if (
                replaced is not None
                and replaced.till_paragraf is not None
                and p.fran_paragraf is None
            ):
                # Steps in when the other left: the same § boundary, the same clock time.
                p.fran_paragraf, p.fran_tid = replaced.till_paragraf + 1, replaced.till_tid
                self.notify(
                    f"{m.visningsnamn} tjänstgör från § {p.fran_paragraf}{_kl(p.fran_tid)}.",
                    timeout=4,
                )
            self._changed()

        self.app.push_screen(
            ErsatterForm(m, kandidater, ledamot_nummer(self.organ, self.mote.datum)), done
        )

    def _replaceable(self, ledamot_id: str) -> bool:
        """Absent, left during the meeting, or came later: an ersättare may serve for them."""
        p = self.post(ledamot_id)
        return (
            p is None
            or p.typ is NarvaroTyp.FRANVARANDE
            or p.till_paragraf is not None
            or p.fran_paragraf is not None
        )

    def action_leaves(self) -> None:
        self._span("till")

    def action_arrives(self) -> None:
        self._span("fran")

    def _span(self, which: str) -> None:
        m = self.current()
        if m is None or not self.editable:
            return
        p = self._ensure(m)
        if p.typ is NarvaroTyp.FRANVARANDE and which == "till":
            self.notify(f"{m.visningsnamn} är antecknad som frånvarande.", severity="warning")
            return
        current = p.till_paragraf if which == "till" else p.fran_paragraf
        title = f"{m.visningsnamn} " + (
            "lämnar sammanträdet efter §" if which == "till" else "tjänstgör från §"
        )
        hint = "Tomt tar bort." + (f" Sammanträdet är vid § {self.nummer}." if self.nummer else "")

        def done(value: tuple[int, time | None] | None) -> None:
            if value is None:
                return
            number = None if value[0] == -1 else value[0]
            tid = value[1]
            if which == "till":
                if number is not None and p.fran_paragraf is not None and number < p.fran_paragraf:
                    self.notify(
                        f"{m.visningsnamn} tjänstgör från § {p.fran_paragraf} och kan inte "
                        "lämna före det.",
                        severity="error",
                    )
                    return
                p.till_paragraf, p.till_tid = number, tid
            else:
                if number is not None and p.till_paragraf is not None and number > p.till_paragraf:
                    self.notify(
                        f"{m.visningsnamn} lämnade sammanträdet efter § {p.till_paragraf} "
                        "och kan inte komma tillbaka in (en period per ledamot). Var det "
                        "jäv? Ange det vid paragrafen med j.",
                        severity="error",
                        timeout=10,
                    )
                    return
                p.fran_paragraf, p.fran_tid = number, tid
                if p.typ is NarvaroTyp.FRANVARANDE and number is not None:
                    p.typ = (
                        NarvaroTyp.TJANSTGOR
                        if m.roll.ar_ledamot
                        else NarvaroTyp.NARVARANDE_ERSATTARE
                    )
            self._changed(move_down=False)

        default = current if current is not None else self.nummer
        tid = p.till_tid if which == "till" else p.fran_tid
        self.app.push_screen(ParagrafForm(title, default, hint, tid), done)

    def action_others(self) -> None:
        def closed(_: None) -> None:
            self.redraw()

        self.app.push_screen(
            OvrigaScreen(
                "Övriga närvarande", self.mote.ovriga_narvarande, self.save, self.editable
            ),
            closed,
        )

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_serve()
