"""The arvodesunderlag from the TUI: a period, an organ (or all), a format and a file; the
screen that opens the form writes the file in a worker (see `skriv_arvodesunderlag`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from textual import on
from textual.widget import Widget
from textual.widgets import Input, Select

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Organ
from kallelse_tui.tui.form import FormScreen, field
from kallelse_tui.tui.styles import shown_path

ALLA = "__alla__"
FORMAT = [("CSV för lönesystemet", "csv"), ("PDF för ledamöterna", "pdf")]


@dataclass(frozen=True)
class ArvodeBegaran:
    fran: date
    till: date
    organ: str | None  # organ id; None: every organ
    fmt: str
    path: Path


def forra_manaden(idag: date) -> tuple[date, date]:
    """Payroll runs a month behind: the calendar month before `idag`."""
    sista = idag.replace(day=1) - timedelta(days=1)
    return sista.replace(day=1), sista


class ArvodeForm(FormScreen[ArvodeBegaran]):
    ASK_BEFORE_DISCARD = False

    def __init__(self, organs: list[Organ], idag: date, folder: Path) -> None:
        super().__init__()
        self.title = "Arvodesunderlag"
        self.organs = organs
        self.fran, self.till = forra_manaden(idag)
        self.folder = folder

    def _filnamn(self, fmt: str) -> str:
        return f"arvode-{self.fran.isoformat()}-{self.till.isoformat()}.{fmt}"

    def form_fields(self) -> Iterable[Widget]:
        yield field("Från", Input(self.fran.isoformat(), id="fran"), "Periodens första dag.")
        yield field("Till", Input(self.till.isoformat(), id="till"), "Periodens sista dag.")
        val = [("Alla organ", ALLA)]
        val += [(f"{o.kortnamn} {o.namn_och_kommun}", o.id) for o in self.organs]
        yield field("Organ", Select(val, value=ALLA, allow_blank=False, id="organ"))
        yield field("Format", Select(FORMAT, value="csv", allow_blank=False, id="format"))
        yield field(
            "Spara som",
            Input(shown_path(self.folder / self._filnamn("csv")), id="path"),
            "CSV: semikolon, UTF-8 med BOM (öppnas direkt i Excel). En fil med samma namn ersätts.",
        )

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one("#path", Input)
        path_input.value = str(Path(path_input.value).with_suffix(f".{event.value}"))

    def build(self) -> ArvodeBegaran:
        fran = parse_datum(self.text("fran"), "fran")
        till = parse_datum(self.text("till"), "till")
        if till < fran:
            raise ValidationError("till", "Perioden slutar innan den börjar.")
        path = self.file_to_write()
        organ = str(self.selected("organ"))
        return ArvodeBegaran(
            fran, till, None if organ == ALLA else organ, str(self.selected("format")), path
        )
