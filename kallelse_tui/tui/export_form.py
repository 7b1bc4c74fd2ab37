"""Where and how to export the kallelse."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Sammantrade
from kallelse_tui.tui.form import FormScreen, field

FORMATS = [
    ("PDF", "pdf"),
    ("HTML (webb, utskrift)", "html"),
    ("Markdown", "md"),
    ("Text", "txt"),
    ("Word (docx)", "docx"),
]


HANDLINGAR = "handlingar"


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: Path
    public: bool


class ExportForm(FormScreen[ExportRequest]):
    ASK_BEFORE_DISCARD = False

    def __init__(self, mote: Sammantrade) -> None:
        super().__init__()
        self.mote = mote
        self.title = "Exportera kallelsen eller handlingarna"

    def form_fields(self) -> Iterable[Widget]:
        yield field("Format", Select(FORMATS, value="pdf", allow_blank=False, id="format"))
        yield field(
            "Spara som",
            Input(f"kallelse-{self.mote.id}.pdf", id="path"),
            "En sökväg utan mapp sparas i mappen där programmet startades.",
        )
        yield field(
            "",
            Checkbox("Publik version (utan sekretessärenden och personnummer)", id="public"),
        )

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.query_one("#format").focus()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one("#path", Input)
        if event.value == HANDLINGAR:
            path_input.value = f"handlingar-{self.mote.id}.pdf"
        elif Path(path_input.value).name.startswith("handlingar-"):
            path_input.value = f"kallelse-{self.mote.id}.{event.value}"
        else:
            path_input.value = str(Path(path_input.value).with_suffix(f".{event.value}"))

    def build(self) -> ExportRequest:
        text = self.text("path")
        if not text:
            raise ValidationError("path", "Ange var filen ska sparas.")
        path = Path(text).expanduser().resolve()
        if path.is_dir():
            raise ValidationError("path", f"{path} är en mapp; ange ett filnamn.")
        return ExportRequest(str(self.selected("format")), path, self.checked("public"))
