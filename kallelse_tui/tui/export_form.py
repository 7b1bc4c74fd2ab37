"""What to export (kallelse, handlingar, protokoll, utdrag), where and in which format."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.expediering import justerade_paragrafer
from kallelse_tui.domain.model import Sammantrade
from kallelse_tui.tui.form import FormScreen, field

FORMATS = [
    ("PDF", "pdf"),
    ("HTML (webb, utskrift)", "html"),
    ("Markdown", "md"),
    ("Text", "txt"),
    ("Word (docx)", "docx"),
]

KALLELSE, HANDLINGAR, PROTOKOLL = "kallelse", "handlingar", "protokoll"
UTDRAG = "utdrag"
DOKUMENT = [
    ("Kallelse", KALLELSE),
    ("Handlingar: kallelsen och alla underlag (PDF med bokmärken)", HANDLINGAR),
    ("Protokoll", PROTOKOLL),
]
# Offered once a § is justerad (the whole protokoll, or a § at the meeting).
UTDRAG_VAL = ("Protokollsutdrag: justerade paragrafer", UTDRAG)
# The handlingar bundle merges PDFs: it has no other format.
FORMAT_FOR = {HANDLINGAR: ("pdf",)}


@dataclass(frozen=True)
class ExportRequest:
    dokument: str
    fmt: str
    path: Path
    public: bool
    paragrafer: tuple[int, ...] = ()  # for an utdrag


class ExportForm(FormScreen[ExportRequest]):
    ASK_BEFORE_DISCARD = False

    def __init__(
        self, mote: Sammantrade, forval: str | None = None, paragrafer: Iterable[int] = ()
    ) -> None:
        super().__init__()
        self.mote = mote
        self.title = "Exportera"
        self.justerade = justerade_paragrafer(mote)
        self.dokument = DOKUMENT + ([UTDRAG_VAL] if self.justerade else [])
        # Once the meeting has paragrafer the protokoll is what is usually wanted.
        self.forval = forval or (PROTOKOLL if mote.paragrafer else KALLELSE)
        self.paragrafer = [n for n in paragrafer if n in self.justerade]

    def form_fields(self) -> Iterable[Widget]:
        yield field(
            "Dokument", Select(self.dokument, value=self.forval, allow_blank=False, id="dokument")
        )
        if self.justerade:
            from kallelse_tui.export.protokoll import paragrafspann

            yield field(
                "Paragrafer (för protokollsutdrag)",
                Input(", ".join(map(str, self.paragrafer)), id="paragrafer"),
                f"Justerade: {paragrafspann(sorted(self.justerade))}. Flera med komma: 175, 177.",
            )
        yield field("Format", Select(FORMATS, value="pdf", allow_blank=False, id="format"))
        yield field(
            "Spara som",
            Input(self._filnamn(self.forval, "pdf"), id="path"),
            "En sökväg utan mapp sparas i mappen där programmet startades.",
        )
        yield field(
            "",
            Checkbox("Publik version (utan sekretessärenden och personnummer)", id="public"),
        )

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.query_one("#dokument").focus()

    def _filnamn(self, dokument: str, fmt: str) -> str:
        return f"{dokument}-{self.mote.id}.{fmt}"

    @on(Select.Changed, "#dokument")
    @on(Select.Changed, "#format")
    def _choice_changed(self, event: Select.Changed) -> None:
        dokument = str(self.selected("dokument"))
        fmt = str(self.selected("format"))
        tillatna = FORMAT_FOR.get(dokument)
        if tillatna is not None and fmt not in tillatna:
            fmt = tillatna[0]
            self.query_one("#format", Select).value = fmt
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        # A name the form made itself follows the choice; one the user typed keeps its stem.
        if any(path.name.startswith(f"{d}-") for _label, d in self.dokument):
            path_input.value = str(path.with_name(self._filnamn(dokument, fmt)))
        else:
            path_input.value = str(path.with_suffix(f".{fmt}"))

    def build(self) -> ExportRequest:
        path = self.file_to_write()
        dokument, fmt = str(self.selected("dokument")), str(self.selected("format"))
        if fmt not in FORMAT_FOR.get(dokument, (fmt,)):
            raise ValidationError("format", "Handlingarna exporteras bara som PDF.")
        paragrafer = self._paragrafer() if dokument == UTDRAG else ()
        return ExportRequest(dokument, fmt, path, self.checked("public"), paragrafer)

    def _paragrafer(self) -> tuple[int, ...]:
        text = self.text("paragrafer")
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        if not numbers or re.sub(r"[\d\s,;§]", "", text):
            raise ValidationError(
                "paragrafer", "Ange paragrafernas nummer för utdraget, t.ex. 175 eller 175, 177."
            )
        if ej := [n for n in numbers if n not in self.justerade]:
            from kallelse_tui.export.protokoll import paragrafspann

            raise ValidationError(
                "paragrafer",
                f"§ {ej[0]} är inte justerad; utdrag går bara av "
                f"{paragrafspann(sorted(self.justerade))}.",
            )
        return tuple(dict.fromkeys(numbers))
