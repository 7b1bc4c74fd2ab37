"""Fullmäktige's motioner, medborgarförslag, interpellationer and frågor: what is väckt,
its remiss and answer, and the one-year rule (KL 5 kap. 35 §) as colour and text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, Select

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.domain.model import Organ
from kallelse_tui.domain.motioner import (
    Frist,
    Motion,
    MotionTyp,
    besvara,
    frist,
    ny_motion,
    obesvarade,
    remittera,
)
from kallelse_tui.store import registers
from kallelse_tui.tui.form import FormScreen, field
from kallelse_tui.tui.register_screen import RegisterScreen, kort
from kallelse_tui.tui.styles import shown_path

_SLAG = {
    MotionTyp.MOTION: "motion",
    MotionTyp.MEDBORGARFORSLAG: "medb.förslag",
    MotionTyp.INTERPELLATION: "interpellation",
    MotionTyp.FRAGA: "fråga",
}
_STIL = {0: "", 6: "yellow", 11: "bold yellow", 12: "bold red"}


def _lage(motion: Motion, f: Frist) -> str:
    """Short, for the table: 'frist · 2027-09-21', '11 mån · 2026-12-08', 'för sent · …'."""
    if motion.besvarad:
        return f"{motion.svar} {motion.paragraf}".strip()
    dag = f.sista_dag.isoformat() if f.sista_dag else "nästa möte"
    return {0: "frist", 6: "6 mån", 11: "11 mån", 12: "för sent"}[f.niva] + f" · {dag}"


class MotionForm(FormScreen[Motion]):
    FORM_TITLE = "Väckt i fullmäktige"
    CHECKS = {"vackt": parse_datum}

    def __init__(self, organ: Organ, befintliga: list[Motion]) -> None:
        super().__init__()
        self.organ, self.befintliga = organ, befintliga

    def form_fields(self) -> Iterable[Widget]:
        yield field(
            "Slag",
            Select([(t.value.capitalize(), t.value) for t in MotionTyp], value="motion", id="typ"),
        )
        yield field("Rubrik", Input(id="titel"))
        yield field("Väckt av", Input(id="av", placeholder="Karin Ek (C)"))
        yield field("Väckt datum", Input(id="vackt", placeholder="2026-11-30"))
        yield field("Dnr", Input(id="dnr"))
        yield field("Remitterad till", Input(id="remiss", placeholder="Kommunstyrelsen"))

    def build(self) -> Motion:
        if not self.text("vackt"):
            raise ValidationError("vackt", "Ange när den väcktes.")
        vackt = parse_datum(self.text("vackt"))
        try:
            motion = ny_motion(
                self.organ.id,
                self.befintliga,
                typ=MotionTyp(self.selected("typ") or "motion"),
                vackt=vackt,
                av=self.text("av"),
                titel=self.text("titel"),
                dnr=self.text("dnr"),
            )
        except DomainError as exc:
            raise ValidationError("av" if "väckt" in str(exc) else "titel", str(exc)) from None
        remiss = self.text("remiss")
        return replace(motion, remiss_till=remiss, remiss_datum=vackt if remiss else None)


class RemissForm(FormScreen[Motion]):
    CHECKS = {"datum": parse_datum}

    def __init__(self, motion: Motion) -> None:
        super().__init__()
        self.motion = motion
        self.title = f"Remiss: {motion.titel}"

    def form_fields(self) -> Iterable[Widget]:
        m = self.motion
        yield field(
            "Remitteras till", Input(m.remiss_till, id="till", placeholder="Kommunstyrelsen")
        )
        dag = (m.remiss_datum or m.vackt).isoformat()
        yield field("Datum", Input(dag, id="datum"))

    def build(self) -> Motion:
        try:
            return remittera(self.motion, self.text("till"), parse_datum(self.text("datum")))
        except ValidationError:
            raise
        except DomainError as exc:
            raise ValidationError("till" if "Ange" in str(exc) else "datum", str(exc)) from None


class BesvaraForm(FormScreen[Motion]):
    CHECKS = {"datum": parse_datum}

    def __init__(self, motion: Motion) -> None:
        super().__init__()
        self.motion = motion
        self.title = f"Besvara: {motion.titel}"

    def form_fields(self) -> Iterable[Widget]:
        yield field("Fullmäktiges sammanträde", Input(id="datum", placeholder="2026-11-30"))
        yield field("Paragraf", Input(id="paragraf", placeholder="KF § 45"))
        yield field("Beslut", Input("besvarad", id="svar"), "bifall, avslag, besvarad, avskriven …")

    def build(self) -> Motion:
        if not self.text("datum"):
            raise ValidationError("datum", "Ange sammanträdets datum.")
        if not self.text("paragraf"):
            raise ValidationError("paragraf", "Ange paragrafen som behandlade den.")
        try:
            return besvara(
                self.motion,
                parse_datum(self.text("datum")),
                self.text("svar"),
                self.text("paragraf"),
            )
        except ValidationError:
            raise
        except DomainError as exc:
            raise ValidationError("datum", str(exc)) from None


@dataclass(frozen=True)
class RapportBegaran:
    per: date
    fmt: str
    path: Path


class RapportForm(FormScreen[RapportBegaran]):
    """The twice-yearly redovisning of obesvarade motioner: its day, format and file (what
    `kallelse motioner report` asks for)."""

    ASK_BEFORE_DISCARD = False
    CHECKS = {"per": parse_datum}
    FORMAT = [("PDF", "pdf"), ("Markdown", "md"), ("Text", "txt")]

    def __init__(self, idag: date, folder: Path) -> None:
        super().__init__()
        self.title = "Redovisning av obesvarade motioner"
        self.idag, self.folder = idag, folder

    def form_fields(self) -> Iterable[Widget]:
        yield field(
            "Redovisning per",
            Input(self.idag.isoformat(), id="per"),
            "Obesvarade motioner och medborgarförslag denna dag, och de som besvarats under "
            "halvåret fram till den.",
        )
        yield field("Format", Select(self.FORMAT, value="pdf", allow_blank=False, id="format"))
        namn = f"obesvarade-motioner-{self.idag.isoformat()}.pdf"
        yield field(
            "Spara som",
            Input(shown_path(self.folder / namn), id="path"),
            "En fil med samma namn ersätts.",
        )

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one("#path", Input)
        path_input.value = str(Path(path_input.value).with_suffix(f".{event.value}"))

    def build(self) -> RapportBegaran:
        if not self.text("per"):
            raise ValidationError("per", "Ange redovisningens datum.")
        per = parse_datum(self.text("per"), "per")
        path = self.file_to_write()
        return RapportBegaran(per, str(self.selected("format")), path)


class MotionerScreen(RegisterScreen[Motion]):
    TITLE = "Motioner och medborgarförslag"
    HELP = (
        "Det som väckts i fullmäktige: motioner, medborgarförslag, interpellationer och frågor, "
        "med remiss och svar.\n\n"
        "En motion eller ett medborgarförslag ska behandlas inom ett år (KL 5 kap. 35 §): "
        "gult efter 6 månader, gult i fetstil efter 11, rött när året har gått. En "
        "interpellation eller fråga besvaras vid nästa sammanträde.\n\n"
        "- **n** registrerar något nytt som väckts, **r** antecknar remissen, **b** svaret "
        "och paragrafen.\n"
        "- **f** fyller nästa sammanträdes ärende som anmäler de nya (i kallelsen).\n"
        "- **o** skriver redovisningen av obesvarade motioner (PDF, Markdown eller text), "
        "som fullmäktige får två gånger om året.\n\n"
        "**Esc** går tillbaka."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="motioner.back"),
        Binding("n", "new", "Ny", id="motioner.new"),
        Binding("r", "remiss", "Remiss", id="motioner.remiss"),
        Binding("b", "answer", "Besvara", id="motioner.answer"),
        Binding("f", "fill", "Anmäl i nästa kallelse", id="motioner.fill"),
        Binding("o", "report", "Obesvarade …", id="motioner.report"),
    ]
    COLUMNS = ("Väckt", "Läge", "Slag", "Rubrik", "Väckt av", "Remiss")
    EDITING = frozenset({"new", "remiss", "answer", "fill"})

    def load(self) -> None:
        moten = self.store.meetings(self.organ.id)
        self.rows = registers.motioner(self.store, self.organ.id)
        table = self.table
        table.clear()
        for m in self.rows:
            f = frist(m, self.idag, moten)
            table.add_row(
                m.vackt.isoformat(),
                Text(_lage(m, f), style=_STIL[f.niva]),
                _SLAG[m.typ],
                kort(m.titel, 28),
                kort(m.av, 18),
                kort(m.remiss_till, 16),
                key=m.id,
            )
        sena = sum(1 for m in self.rows if frist(m, self.idag, moten).niva == 12)
        obesvarade = sum(1 for m in self.rows if m.obesvarad(self.idag))
        self.facts(
            f"{len(self.rows)} i registret, {obesvarade} obesvarade, {sena} över tiden "
            f"(läget {self.idag.isoformat()})."
            if self.rows
            else "Registret är tomt. Tryck n när en motion eller ett medborgarförslag väcks."
        )

    def save_rows(self, rows: Sequence[Motion]) -> None:
        registers.save_motioner(self.store, rows)

    def action_new(self) -> None:
        def done(motion: Motion | None) -> None:
            if motion is not None:
                self.save(
                    [motion], f"{motion.typ.value.capitalize()} ”{motion.titel}” är registrerad."
                )

        self.app.push_screen(MotionForm(self.organ, self.rows), done)

    def _change(self, form: type[RemissForm] | type[BesvaraForm]) -> None:
        if not self.rows:
            return

        def done(motion: Motion | None) -> None:
            if motion is not None:
                said = (
                    f"{motion.svar} {motion.paragraf}"
                    if form is BesvaraForm
                    else f"remitterad till {motion.remiss_till}"
                )
                self.save([motion], f"”{motion.titel}”: {said}.")

        self.app.push_screen(form(self.rows[self.table.cursor_row]), done)

    def action_remiss(self) -> None:
        self._change(RemissForm)

    def action_answer(self) -> None:
        self._change(BesvaraForm)

    def action_report(self) -> None:
        def done(begaran: RapportBegaran | None) -> None:
            if begaran is not None:
                self.app.last_export_folder = begaran.path.parent  # type: ignore[attr-defined]
                self._skriv_rapport(begaran)

        folder = getattr(self.app, "last_export_folder", None) or Path.home()
        self.app.push_screen(RapportForm(self.idag, folder), done)

    @work(thread=True, exclusive=True, group="export")
    def _skriv_rapport(self, begaran: RapportBegaran) -> None:
        from kallelse_tui.export.obesvarade_motioner import export_rapport

        try:
            rader = registers.motioner(self.store, self.organ.id)
            path = export_rapport(
                self.organ,
                rader,
                begaran.per,
                begaran.fmt,
                begaran.path,
                self.store.meetings(self.organ.id),
            )
        except DomainError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Redovisningen sparades inte", severity="error"
            )
            return
        antal = len(obesvarade(rader, begaran.per))
        self.app.call_from_thread(
            self.notify,
            f"{antal} obesvarade per {begaran.per.isoformat()}: sparat i {path}.",
            title="Redovisning av obesvarade motioner",
            timeout=10,
        )
