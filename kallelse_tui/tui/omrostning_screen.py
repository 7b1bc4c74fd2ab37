"""Omröstning at one §: one row per member who may vote (serving, never jävig); j / n / a
record ja / nej / avstår and move down; the tally and the chair's casting vote live."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.ledamotval import ledamot_nummer
from kallelse_tui.domain.model import Arende, Omrostning, Organ, Paragraf, Rost, Sammantrade
from kallelse_tui.domain.paragrafer import (
    forslagsnamn,
    kan_rosta,
    ordforande,
    rakna,
    rosta,
    standardetiketter,
    vinnande_yrkande,
)
from kallelse_tui.domain.rensa import rensa_text
from kallelse_tui.tui.footer import KallelseFooter

ROST_STIL = {Rost.JA: "bold green", Rost.NEJ: "bold red", Rost.AVSTAR: "yellow"}


class OmrostningScreen(ModalScreen[None]):
    CSS_PATH = "omrostning_screen.tcss"
    HELP = (
        "Omröstning vid paragrafen. En rad per ledamot som får rösta: tjänstgörande, aldrig "
        "en jävig.\n\n"
        "- **j** ja, **n** nej, **a** avstår: rösten antecknas och markören går till nästa.\n"
        "- **Delete** tar bort en röst, **u** växlar ordförandens utslagsröst vid lika "
        "röstetal (annars räknas ordförandens egen röst).\n"
        "- **f** ändrar vad ja och nej står för (förifyllt från de två första yrkandena i "
        "propositionsordningen); **Enter** går tillbaka till listan.\n\n"
        "**Esc** stänger; utfallet markerar det vinnande yrkandet som bifallet. En omröstning "
        "utan röster tas bort när den stängs."
    )
    BINDINGS = [
        Binding("escape", "close", "Klar", id="omrostning.close"),
        Binding("j", "vote('ja')", "Ja", id="omrostning.ja"),
        Binding("n", "vote('nej')", "Nej", id="omrostning.nej"),
        Binding("a", "vote('avstår')", "Avstår", id="omrostning.avstar"),
        Binding("delete", "vote('')", "Ta bort röst", id="omrostning.clear"),
        Binding("u", "casting", "Utslagsröst", id="omrostning.utslag"),
        Binding("f", "labels", "Förslagen", id="omrostning.labels"),
    ]
    EDITING = {"vote", "casting", "labels"}

    def __init__(
        self,
        paragraf: Paragraf,
        mote: Sammantrade,
        organ: Organ,
        on_change: Callable[[], object],
        editable: bool = True,
    ) -> None:
        super().__init__()
        self.paragraf = paragraf
        self.mote = mote
        self.organ = organ
        self.on_change = on_change
        self.editable = editable
        self.title = f"Omröstning § {paragraf.nummer}"
        self.arende: Arende | None = next(
            (a for a in mote.arenden if a.id == paragraf.arende_id), None
        )
        if paragraf.omrostning is None:
            ja, nej = standardetiketter(paragraf, organ, self.arende)
            paragraf.omrostning = Omrostning(ja, nej)
        self.omrostning: Omrostning = paragraf.omrostning
        may = kan_rosta(mote, paragraf.nummer)
        self.voters = [m for m in organ.ledamoter if m.id in may]
        self.chair = ordforande(organ, mote)

    def compose(self) -> ComposeResult:
        with Vertical(id="vote-box"):
            yield Static(self.title or "", id="vote-title")
            with Horizontal(classes="vote-labels"):
                yield Label("Ja: ", classes="vote-label")
                yield Input(self.omrostning.ja_forslag, id="ja-forslag")
            with Horizontal(classes="vote-labels"):
                yield Label("Nej:", classes="vote-label")
                yield Input(self.omrostning.nej_forslag, id="nej-forslag")
            yield DataTable(id="vote-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="vote-tally")
        yield KallelseFooter()

    def on_mount(self) -> None:
        table = self.query_one("#vote-table", DataTable)
        table.add_column("Nr", key="nr")
        table.add_column("Ledamot", key="namn", width=44)
        table.add_column("Röst", key="rost", width=10)
        nummer = ledamot_nummer(self.organ, self.mote.datum)
        for m in self.voters:
            chair = " (ordf.)" if m.id == self.chair else ""
            shown = Text(str(nummer.get(m.id, "")), justify="right")
            table.add_row(shown, m.visningsnamn + chair, "", key=m.id)
        self._refresh_votes()
        first_open = next(
            (i for i, m in enumerate(self.voters) if m.id not in self.omrostning.roster), 0
        )
        table.move_cursor(row=first_open)
        table.focus()
        for widget in self.query(Input):
            widget.disabled = not self.editable

    def _refresh_votes(self) -> None:
        table = self.query_one("#vote-table", DataTable)
        for m in self.voters:
            rost = self.omrostning.roster.get(m.id)
            cell = Text(rost.value, style=ROST_STIL[rost]) if rost else Text("–", style="dim")
            table.update_cell(m.id, "rost", cell)
        r = rakna(self.omrostning, self.chair)
        rostat = r.ja + r.nej + r.avstar
        parts = [
            Text.assemble(
                ("Ja ", "bold"),
                (str(r.ja), "bold green"),
                ("   Nej ", "bold"),
                (str(r.nej), "bold red"),
                ("   Avstår ", "bold"),
                str(r.avstar),
                f"   ({rostat} av {len(self.voters)} har röstat)",
            )
        ]
        if r.ja == r.nej and rostat:
            utslag = self.omrostning.utslagsrost
            parts.append(
                Text(
                    "Lika röstetal: ordförandens utslagsröst "
                    + (f"är {utslag.value} (u växlar)." if utslag else "saknas (u anger den)."),
                    style="yellow",
                )
            )
        if r.vinnare:
            parts.append(
                Text.assemble(("Utfall: ", "bold"), r.vinnare, " (utslagsröst)" if r.utslag else "")
            )
        self.query_one("#vote-tally", Static).update(Text("\n").join(parts))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITING and not self.editable:
            return None
        if action in {"vote", "casting"} and isinstance(self.focused, Input):
            return False  # typing a label: j/n/a are letters
        return True

    def action_vote(self, value: str) -> None:
        table = self.query_one("#vote-table", DataTable)
        if not self.voters:
            return
        member = self.voters[table.cursor_row]
        try:
            rosta(self.mote, self.paragraf, member.id, Rost(value) if value else None)
        except DomainError as exc:
            self.notify(str(exc), severity="error")
            return
        self._refresh_votes()
        self.on_change()
        if value and table.cursor_row < len(self.voters) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_casting(self) -> None:
        cycle = {None: Rost.JA, Rost.JA: Rost.NEJ, Rost.NEJ: None, Rost.AVSTAR: None}
        self.omrostning.utslagsrost = cycle[self.omrostning.utslagsrost]
        self._refresh_votes()
        self.on_change()

    def action_labels(self) -> None:
        self.query_one("#ja-forslag", Input).focus()

    @on(Input.Changed)
    def _label_changed(self, event: Input.Changed) -> None:
        if event.input.id == "ja-forslag":
            self.omrostning.ja_forslag = rensa_text(event.value).strip()
        else:
            self.omrostning.nej_forslag = rensa_text(event.value).strip()
        self._refresh_votes()

    @on(Input.Submitted)
    def _label_done(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "ja-forslag":
            self.query_one("#nej-forslag", Input).focus()
        else:
            self.query_one("#vote-table", DataTable).focus()
        self.on_change()

    def action_close(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#vote-table", DataTable).focus()
            return
        if self.editable:
            if not self.omrostning.roster:
                self.paragraf.omrostning = None
            else:
                winner = vinnande_yrkande(self.paragraf, self.organ, self.arende)
                if winner is not None:
                    o = self.omrostning
                    loser = o.nej_forslag if o.vinnare == o.ja_forslag else o.ja_forslag
                    losers = {
                        y.id
                        for y in self.paragraf.yrkanden
                        if forslagsnamn(y, self.organ, self.arende) == loser
                    }
                    self.paragraf.bifallna = [
                        i for i in self.paragraf.bifallna if i not in losers
                    ] + ([winner.id] if winner.id not in self.paragraf.bifallna else [])
            self.on_change()
        self.dismiss(None)
