"""Omröstning at one §: one row per member who may vote (serving, never jävig); j / n / a
record ja / nej / avstår and move down; the tally and the chair's casting vote live.
The same screen records the huvudvotering and, with three or more alternatives, the
kontrapropositionsvotering that picks the motförslag."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from kallelse_tui.domain.beslutsgang import (
    ny_motforslagsvotering,
    ny_votering,
    tillampa_votering,
)
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.ledamotval import ledamot_nummer
from kallelse_tui.domain.model import Arende, Omrostning, Organ, Paragraf, Rost, Sammantrade
from kallelse_tui.domain.paragrafer import kan_rosta, ordforande, rakna, rosta
from kallelse_tui.domain.rensa import rensa_text
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.skrivskydd import SkrivskyddRad

ROST_STIL = {Rost.JA: "bold green", Rost.NEJ: "bold red", Rost.AVSTAR: "yellow"}


class OmrostningScreen(ModalScreen[None]):
    CSS_PATH = "omrostning_screen.tcss"
    HELP = (
        "Omröstning vid paragrafen. En rad per ledamot som får rösta: tjänstgörande, aldrig "
        "en jävig.\n\n"
        "- **j** ja, **n** nej, **a** avstår: rösten antecknas och markören går till nästa.\n"
        "- **Delete** tar bort en röst, **u** växlar ordförandens utslagsröst vid lika "
        "röstetal (annars räknas ordförandens egen röst).\n"
        "- **f** ändrar vad ja och nej står för (förifyllt: ja för det yrkande ordföranden "
        "fann bifallet, nej för motförslaget); **Enter** går tillbaka till listan.\n\n"
        "Med tre eller fler förslag utses först motförslaget: **v** bland yrkandena öppnar "
        "den omröstningen (kontrapropositionsvotering).\n\n"
        "**Esc** stänger; utfallet markerar det vinnande yrkandet som bifallet (eller som "
        "motförslag). En omröstning utan röster tas bort när den stängs."
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
        motforslag: bool = False,
    ) -> None:
        super().__init__()
        self.paragraf = paragraf
        self.mote = mote
        self.organ = organ
        self.on_change = on_change
        self.editable = editable
        self.motforslag = motforslag
        vad = "Omröstning om motförslag" if motforslag else "Omröstning"
        self.title = f"{vad} § {paragraf.nummer}"
        self.arende: Arende | None = next(
            (a for a in mote.arenden if a.id == paragraf.arende_id), None
        )
        self.omrostning: Omrostning = self._votering()
        may = kan_rosta(mote, paragraf.nummer)
        self.voters = [m for m in organ.ledamoter if m.id in may]
        self.chair = ordforande(organ, mote)

    def _votering(self) -> Omrostning:
        """The votering this screen records, created with its voteringsproposition."""
        p = self.paragraf
        if self.motforslag:
            if p.motforslagsvotering is None:
                p.motforslagsvotering = ny_motforslagsvotering(p, self.organ, self.arende)
            return p.motforslagsvotering
        if p.omrostning is None:
            p.omrostning = ny_votering(p, self.organ, self.arende)
        return p.omrostning

    def compose(self) -> ComposeResult:
        with Vertical(id="vote-box"):
            yield Static(self.title or "", id="vote-title")
            yield SkrivskyddRad()
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
            rost = Rost(value) if value else None
            rosta(self.mote, self.paragraf, member.id, rost, self.omrostning)
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
        o, text = self.omrostning, rensa_text(event.value).strip()
        # A label typed over no longer stands for the yrkande it was made from.
        if event.input.id == "ja-forslag" and text != o.ja_forslag:
            o.ja_forslag, o.ja_yrkande = text, ""
        elif event.input.id == "nej-forslag" and text != o.nej_forslag:
            o.nej_forslag, o.nej_yrkande = text, ""
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
                if self.motforslag:
                    self.paragraf.motforslagsvotering = None
                else:
                    self.paragraf.omrostning = None
            else:
                tillampa_votering(self.paragraf, self.mote, self.organ)
            self.on_change()
        self.dismiss(None)
