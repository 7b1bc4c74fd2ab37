"""Expediering: one row per recipient of "Beslut skickas till", with the justerade §§ that
concern them; export each recipient's protokollsutdrag as one PDF and mark it sent."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.expediering import (
    Mottagarrad,
    justerade_paragrafer,
    kontrollera_utdrag,
    markera_skickat,
    mottagare,
    utdrag_filnamn,
)
from kallelse_tui.export.protokoll import paragrafspann
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.meeting_part import MeetingPartScreen
from kallelse_tui.tui.skrivskydd import SkrivskyddRad, vagra
from kallelse_tui.tui.title_bar import TitleBar

if TYPE_CHECKING:
    from kallelse_tui.domain.model import Organ, Sammantrade
    from kallelse_tui.tui.meeting_screen import MeetingScreen


def _paragrafer(nummer: list[int]) -> str:
    return ", ".join(f"§ {n}" for n in nummer)


class ExpedieringScreen(MeetingPartScreen):
    CSS_PATH = "expediering_screen.tcss"
    HELP = (
        "Expediering: protokollsutdrag till dem som står under ”Beslut skickas till” i "
        "ärendena. En rad per mottagare, med alla justerade paragrafer som gäller den.\n\n"
        "- **e** sparar mottagarens utdrag som en PDF (alla dess paragrafer) i en mapp du "
        "väljer.\n"
        "- **s** markerar utdraget som skickat, med datum.\n\n"
        "Akten och liknande visas men får inga utdrag. Paragrafer som inte är justerade "
        "kan inte expedieras.\n\n"
        "- **n** lägger till en mottagare som inte står i protokollet (även efter "
        "justeringen: protokollet ändras inte).\n\n**Esc** går tillbaka."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="expediering.back"),
        Binding("e", "export", "Exportera utdrag", id="expediering.export"),
        Binding("s", "mark_sent", "Markera skickat", id="expediering.sent"),
        Binding("n", "new_recipient", "Ny mottagare", id="expediering.new"),
    ]

    def __init__(self, owner: MeetingScreen) -> None:
        super().__init__(owner)
        self.rader: list[Mottagarrad] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SkrivskyddRad()
        yield Static(id="expediering-head")
        yield DataTable(id="mottagare-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="expediering-detail")
        yield KallelseFooter()

    def on_mount(self) -> None:
        self.title = f"Expediering – {self.organ.namn} {self.mote.datum.isoformat()}"
        self.sub_title = self.organ.kommun
        table = self.query_one("#mottagare-table", DataTable)
        table.add_column("Mottagare", key="namn", width=34)
        table.add_column("Syfte", key="syfte", width=30)
        table.add_column("Justerade §§", key="paragrafer", width=22)
        table.add_column("Skickat", key="skickat")
        self.refresh_rows()
        table.focus()

    def refresh_rows(self, cursor: str | None = None) -> None:
        self.rader = mottagare(self.mote)
        justerade = justerade_paragrafer(self.mote)
        if self.mote.last:
            head = "Protokollet är justerat: utdrag kan skickas för alla paragrafer."
        elif justerade:
            head = (
                f"Protokollet är inte justerat; {_paragrafer(sorted(justerade))} är omedelbart "
                "justerade och kan expedieras nu."
            )
        else:
            head = "Protokollet är inte justerat än: inga utdrag kan skickas (justera med j)."
        if not self.rader:
            head += " Inget ärende har någon mottagare under ”Beslut skickas till”."
        self.query_one("#expediering-head", Static).update(head)
        table = self.query_one("#mottagare-table", DataTable)
        table.clear()
        for rad in self.rader:
            stil = "dim italic" if rad.pseudo else ""
            namn = rad.namn + (" (skickas inte)" if rad.pseudo else "")
            paragrafer = _paragrafer(rad.justerade) or "–"
            if rad.ej_justerade:
                paragrafer += f" (+{len(rad.ej_justerade)} ej just.)"
            skickat = rad.skickat.isoformat() if rad.skickat else ""
            table.add_row(
                Text(namn, style=stil),
                Text(rad.syfte_text, style=stil or "dim"),
                Text(paragrafer, style=stil),
                Text(skickat, style="green"),
                key=rad.namn,
            )
        namn_ = [r.namn for r in self.rader]
        if cursor in namn_:
            table.move_cursor(row=namn_.index(cursor))
        self._show(self.current())

    def current(self) -> Mottagarrad | None:
        table = self.query_one("#mottagare-table", DataTable)
        if not table.row_count or not 0 <= table.cursor_row < len(self.rader):
            return None
        return self.rader[table.cursor_row]

    @on(DataTable.RowHighlighted, "#mottagare-table")
    def _highlighted(self) -> None:
        self._show(self.current())

    def _show(self, rad: Mottagarrad | None) -> None:
        detail = self.query_one("#expediering-detail", Static)
        if rad is None:
            detail.update("")
            return
        rubriker = {
            p.nummer: next((a.rubrik for a in self.mote.arenden if a.id == p.arende_id), "")
            for p in self.mote.paragrafer
        }
        lines = [Text(f"{rad.namn} – {rad.syfte_text}", style="bold")]
        lines += [Text(f"  § {n} {rubriker.get(n, '')}") for n in rad.justerade]
        lines += [
            Text(f"  § {n} {rubriker.get(n, '')} (inte justerad än)", style="dim")
            for n in rad.ej_justerade
        ]
        if rad.pseudo:
            lines.append(Text("Beslutet läggs till akten; inget utdrag skickas.", style="dim"))
        elif rad.justerade:
            lines.append(Text(f"Fil: {utdrag_filnamn(self.mote, rad)}", style="dim"))
        detail.update(Text("\n").join(lines))

    # -- actions -------------------------------------------------------------------------

    def _kan_skickas(self) -> tuple[Mottagarrad, list[int]] | None:
        rad = self.current()
        if rad is None:
            self.notify("Ingen mottagare att expediera till.", severity="warning")
            return None
        try:
            return rad, kontrollera_utdrag(self.mote, rad)
        except DomainError as exc:
            self.notify(str(exc), title="Inget utdrag", severity="warning", timeout=10)
            return None

    def action_export(self) -> None:
        found = self._kan_skickas()
        if found is None:
            return
        rad, paragrafer = found
        from kallelse_tui.tui.mapp_form import MappForm

        filnamn = utdrag_filnamn(self.mote, rad)

        def done(folder: Path | None) -> None:
            if folder is not None:
                from kallelse_tui.store.integritet import export_source

                self.app.last_export_folder = folder  # type: ignore[attr-defined]
                try:  # the utdrag renders from the frozen record, once checked
                    mote, organ = export_source(self.store, self.mote.id)
                except DomainError as exc:
                    self.notify(str(exc), title="Exporten vägrades", severity="error", timeout=15)
                    return
                self._export(rad, paragrafer, folder / filnamn, mote, organ)

        folder = getattr(self.app, "last_export_folder", None) or Path.home()
        title = f"Utdrag till {rad.namn} ({paragrafspann(paragrafer)})"
        self.app.push_screen(MappForm(title, folder, [filnamn]), done)

    @work(thread=True, exclusive=True, group="export")
    def _export(
        self, rad: Mottagarrad, paragrafer: list[int], target: Path, mote: Sammantrade, organ: Organ
    ) -> None:
        from kallelse_tui.export.utdrag import export_utdrag

        idag: date = self.owner.idag()
        try:
            path = export_utdrag(mote, organ, "pdf", target, paragrafer, datum=idag)
        except DomainError as exc:
            self._notify(str(exc), "Exporten misslyckades", error=True)
        except Exception as exc:  # a bug in a template must not take the screen down
            self._notify(
                f"Oväntat fel vid export ({type(exc).__name__}: {exc}); rapportera felet.",
                "Exporten misslyckades",
                error=True,
            )
        else:
            self._notify(
                f"Utdrag till {rad.namn} ({_paragrafer(paragrafer)}) sparat i {path}. "
                "Tryck s när det är skickat.",
                "Utdrag exporterat",
            )

    def _notify(self, message: str, title: str, error: bool = False) -> None:
        self.app.call_from_thread(
            self.notify,
            message,
            title=title,
            severity="error" if error else "information",
            timeout=10,
        )

    def action_new_recipient(self) -> None:
        if vagra(self):
            return
        from kallelse_tui.domain.expediering import lagg_till_mottagare
        from kallelse_tui.tui.mottagare_form import MottagareForm, NyMottagare

        if not justerade_paragrafer(self.mote):
            self.notify("Inga paragrafer är justerade än; justera protokollet först (j).")
            return

        def done(ny: NyMottagare | None) -> None:
            if ny is None:
                return
            try:
                post = lagg_till_mottagare(self.mote, ny.namn, ny.syfte, ny.paragrafer)
                self.store.save_meeting(self.mote)
            except DomainError as exc:
                self.notify(str(exc), title="Inte tillagd", severity="error", timeout=15)
                self.owner.mote = self.store.meeting(self.mote.id)
            else:
                self.notify(f"{post.namn} får utdrag av {_paragrafer(post.paragrafer)}.")
                self.refresh_rows(post.namn)

        self.app.push_screen(MottagareForm(sorted(justerade_paragrafer(self.mote))), done)

    def action_mark_sent(self) -> None:
        found = self._kan_skickas()
        if found is None:
            return
        rad, paragrafer = found
        if vagra(self):
            return
        from kallelse_tui.tui.datum_form import DatumForm

        def done(dag: date | None) -> None:
            if dag is None:
                return
            try:
                markera_skickat(self.mote, rad, dag)
                self.store.save_meeting(self.mote)
            except DomainError as exc:
                self.notify(str(exc), title="Inte sparat", severity="error", timeout=15)
                self.owner.mote = self.store.meeting(self.mote.id)
            else:
                self.notify(f"Utdrag till {rad.namn} markerat som skickat {dag.isoformat()}.")
            self.refresh_rows(rad.namn)

        self.app.push_screen(
            DatumForm(
                f"Utdrag till {rad.namn} skickat",
                f"{_paragrafer(paragrafer)} till {rad.namn}, {rad.syfte_text}.",
                "Skickat den",
                self.owner.idag(),
                earliest=self.mote.datum,
            ),
            done,
        )
