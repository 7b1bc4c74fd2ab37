"""The delegationsbeslut register of one organ: record a decision, paste a list, and fill
the next meeting's "Redovisning av delegationsbeslut" with the rows not yet reported."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static, TextArea

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.delegationsbeslut import Delegationsbeslut, las_lista, nytt_beslut
from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.domain.model import Organ
from kallelse_tui.store import registers
from kallelse_tui.tui.form import FormScreen, field
from kallelse_tui.tui.register_screen import RegisterScreen, kort


class DelegationForm(FormScreen[Delegationsbeslut]):
    FORM_TITLE = "Nytt delegationsbeslut"
    CHECKS = {"datum": parse_datum}

    def __init__(self, organ: Organ, befintliga: list[Delegationsbeslut]) -> None:
        super().__init__()
        self.organ, self.befintliga = organ, befintliga

    def form_fields(self) -> Iterable[Widget]:
        yield field("Beslutsdatum", Input(id="datum", placeholder="2026-11-03"))
        yield field("Vad beslutades", Input(id="text"))
        yield field("Delegat (namn, titel)", Input(id="delegat"))
        yield field("Delegationspunkt", Input(id="punkt", placeholder="3.2"))
        yield field("Dnr", Input(id="dnr"))
        yield field("", Checkbox("Kan överklagas", id="overklagbart"))

    def build(self) -> Delegationsbeslut:
        if not self.text("datum"):
            raise ValidationError("datum", "Ange beslutsdatum.")
        try:
            return nytt_beslut(
                self.organ,
                self.befintliga,
                datum=parse_datum(self.text("datum")),
                delegat=self.text("delegat"),
                text=self.text("text"),
                punkt=self.text("punkt"),
                dnr=self.text("dnr"),
                overklagbart=self.checked("overklagbart"),
            )
        except ValidationError:
            raise
        except DomainError as exc:
            raise ValidationError(
                "delegat" if "delegat" in str(exc) else "text", str(exc)
            ) from None


class DelegationPasteForm(FormScreen[list[Delegationsbeslut]]):
    FORM_TITLE = "Klistra in delegationsbeslut"

    def __init__(self, organ: Organ, befintliga: list[Delegationsbeslut]) -> None:
        super().__init__()
        self.organ, self.befintliga = organ, befintliga

    def form_fields(self) -> Iterable[Widget]:
        yield field(
            "Rader",
            TextArea(id="rader"),
            "En rad per beslut, från Excel, Word, en CSV-fil eller en PDF. Kolumner med tabb, "
            "semikolon eller flera mellanslag: datum; text; delegat; punkt; Dnr; ”överklagbart”.",
        )
        yield Static("", id="paste-result")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        rows, problems = las_lista(event.text_area.text, self.organ, self.befintliga)
        lines = [Text(f"{len(rows)} beslut går att läsa.", style="bold")]
        lines += [Text(p.mening(), style="yellow") for p in problems]
        self.query_one("#paste-result", Static).update(Text("\n").join(lines))

    def build(self) -> list[Delegationsbeslut]:
        rows, problems = las_lista(self.text("rader"), self.organ, self.befintliga)
        if problems:
            raise ValidationError(
                "rader",
                f"{len(problems)} rader går inte att läsa (se ovan); rätta eller ta bort dem.",
            )
        if not rows:
            raise ValidationError("rader", "Klistra in minst en rad.")
        return rows


class DelegationScreen(RegisterScreen[Delegationsbeslut]):
    TITLE = "Delegationsbeslut"
    HELP = (
        "Organets register över delegationsbeslut (KL 6 kap. 40 §): datum, delegationspunkt, "
        "Dnr, vad som beslutades, delegat och om beslutet kan överklagas.\n\n"
        "- **n** registrerar ett beslut, **i** klistrar in en lista (från Excel, Word eller "
        "en CSV-fil); rader som inte går att läsa visas, inget gissas.\n"
        "- **f** fyller nästa sammanträdes ärende ”Redovisning av delegationsbeslut” med de "
        "beslut som inte är anmälda och fattades minst så många dagar före sammanträdet som "
        "reglementet säger. De blir anmälda när protokollet justeras.\n\n"
        "**Esc** går tillbaka."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="delegation.back"),
        Binding("n", "new", "Nytt beslut", id="delegation.new"),
        Binding("i", "paste", "Klistra in", id="delegation.paste"),
        Binding("f", "fill", "Fyll nästa sammanträde", id="delegation.fill"),
    ]
    COLUMNS = ("Datum", "Punkt", "Dnr", "Beslut", "Delegat", "Status")
    EDITING = frozenset({"new", "paste", "fill"})

    def load(self) -> None:
        if not self.store.readonly:
            registers.markera_anmalda(self.store, self.organ.id)
        self.rows = registers.delegationsbeslut(self.store, self.organ.id)
        moten = {m.id: m.datum.isoformat() for m in self.store.meetings(self.organ.id)}
        table = self.table
        table.clear()
        for r in self.rows:
            planerad = f"planerad {moten.get(r.anmals_i, r.anmals_i)}"
            shown = planerad if r.anmals_i and not r.anmald else r.status
            status = Text(shown, style="green" if r.anmald else ("" if r.anmals_i else "yellow"))
            text = r.text + (" (överklagbart)" if r.overklagbart else "")
            table.add_row(
                r.datum.isoformat(),
                r.punkt,
                r.dnr,
                kort(text, 36),
                kort(r.delegat, 24),
                status,
                key=r.id,
            )
        ej = sum(1 for r in self.rows if r.anmald is None and not r.anmals_i)
        dagar = self.organ.reglemente.delegation_dagar_fore
        self.facts(
            f"{len(self.rows)} beslut, {ej} ej anmälda. Beslut anmäls vid första sammanträdet "
            f"minst {dagar} dagar efter beslutet (delegationsordningen)."
            if self.rows
            else "Registret är tomt. Tryck n för att registrera ett beslut eller i för att "
            "klistra in en lista."
        )

    def save_rows(self, rows: Sequence[Delegationsbeslut]) -> None:
        registers.save_delegationsbeslut(self.store, rows)

    def action_new(self) -> None:
        def done(beslut: Delegationsbeslut | None) -> None:
            if beslut is not None:
                self.save([beslut], f"Delegationsbeslutet {beslut.datum} är registrerat.")

        self.app.push_screen(DelegationForm(self.organ, self.rows), done)

    def action_paste(self) -> None:
        def done(rows: list[Delegationsbeslut] | None) -> None:
            if rows:
                self.save(rows, f"{len(rows)} delegationsbeslut är inlästa.")

        self.app.push_screen(DelegationPasteForm(self.organ, self.rows), done)
