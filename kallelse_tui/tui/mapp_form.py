"""Which folder to save exported files in (default: the last export folder, else ~)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.widget import Widget
from textual.widgets import Input, Static

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.store.paths import path_kind, typed_path
from kallelse_tui.tui.form import FormScreen, field
from kallelse_tui.tui.styles import shown_path


class MappForm(FormScreen[Path]):
    ASK_BEFORE_DISCARD = False

    def __init__(self, title: str, folder: Path, files: Iterable[str]) -> None:
        super().__init__()
        self.title = title
        self.folder = folder
        self.files = list(files)

    def form_fields(self) -> Iterable[Widget]:
        yield field(
            "Spara i mappen",
            Input(shown_path(self.folder), id="mapp"),
            "En fil med samma namn ersätts.",
        )
        yield Static("Filer: " + ", ".join(self.files), classes="field-hint", id="mapp-filer")

    def build(self) -> Path:
        text = self.text("mapp")
        if not text:
            raise ValidationError("mapp", "Ange en mapp.")
        folder = typed_path(text)
        if path_kind(folder) != "dir":
            raise ValidationError("mapp", f"Mappen {folder} finns inte; skapa den först.")
        return folder
