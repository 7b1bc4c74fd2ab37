"""Members from a CSV file (namn;parti;roll[;från;till]): preview, errors per line, confirm."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static, TextArea

from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.domain.ledamot_csv import CsvRad, parse_ledamoter_csv
from kallelse_tui.store.paths import typed_path
from kallelse_tui.store.textfil import read_csv_text
from kallelse_tui.tui.form import FormScreen, field


class CsvImportScreen(FormScreen[list[CsvRad]]):
    CSS_PATH = ["form.tcss", "csv_import_screen.tcss"]

    def __init__(self, organ_namn: str) -> None:
        super().__init__()
        self.title = f"Importera ledamöter – {organ_namn}"
        self.rows: list[CsvRad] = []

    def form_fields(self) -> Iterable[Widget]:
        yield field(
            "CSV-fil",
            Input(id="fil", placeholder="/sökväg/till/ledamoter.csv – Enter läser filen"),
        )
        yield field(
            "Innehåll",
            TextArea(id="csv", soft_wrap=False),
            "En ledamot per rad: namn;parti;roll[;mandat från;mandat till]. "
            "Roller: ordförande, 1:e vice ordförande, 2:e vice ordförande, ledamot, ersättare.",
        )
        yield Static("", id="csv-summary")
        yield DataTable(id="csv-rows", cursor_type="row", zebra_stripes=True)
        yield Static("", id="csv-problems")

    def on_mount(self) -> None:
        self.query_one("#csv-rows", DataTable).add_columns(
            "Rad", "Namn", "Parti", "Roll", "Från", "Till"
        )

    @on(Input.Submitted, "#fil")
    def _read_file(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            text = read_csv_text(typed_path(event.value))
        except DomainError as exc:
            self.show_error("fil", str(exc))
            return
        self.show_error("fil", "")
        self.query_one("#csv", TextArea).text = text

    @on(TextArea.Changed, "#csv")
    def _preview(self) -> None:
        self.rows, problems = parse_ledamoter_csv(self.query_one("#csv", TextArea).text)
        table = self.query_one("#csv-rows", DataTable)
        table.clear()
        for r in self.rows:
            table.add_row(
                str(r.rad),
                r.namn,
                r.parti,
                r.roll.value,
                r.fran.isoformat() if r.fran else "",
                r.till.isoformat() if r.till else "",
            )
        summary = f"{len(self.rows)} ledamöter kan läsas in"
        if problems:
            summary += f", {len(problems)} rader har fel och hoppas över"
        self.query_one("#csv-summary", Static).update(Text(summary, style="bold"))
        self.query_one("#csv-problems", Static).update(
            Text("\n").join(Text(f"{p.orsak}  ”{p.text[:50]}”", style="yellow") for p in problems)
        )

    def build(self) -> list[CsvRad]:
        if not self.rows:
            raise ValidationError("csv", "Det finns inga ledamöter att läsa in.")
        return self.rows
