"""What the register screens share (delegationsbeslut, motioner): one organ's rows in a
table under a line of facts, the editing keys dimmed on a read-only store, a save whose
failure is said, and filling the organ's next meeting from the registers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Organ
from kallelse_tui.domain.status import LASTA
from kallelse_tui.store import StoreApi, registers
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.title_bar import TitleBar

R = TypeVar("R")


def kort(text: str, bredd: int) -> str:
    """Cut to fit a 120-column register table, saying so with an ellipsis."""
    return text if len(text) <= bredd else text[: bredd - 1] + "…"


class RegisterScreen(Screen[None], Generic[R]):
    """Subclasses give COLUMNS, `load()` (fill the table and the facts) and `save_rows()`."""

    CSS_PATH = "register_screen.tcss"
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    EDITING: ClassVar[frozenset[str]] = frozenset()  # actions that write

    def __init__(self, store: StoreApi, organ: Organ, idag: date | None = None) -> None:
        super().__init__()
        self.store, self.organ = store, organ
        self.idag = idag or date.today()
        self.rows: list[R] = []
        self.sub_title = f"{organ.namn} ({organ.kommun})" if organ.kommun else organ.namn

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="register-facts")
        yield DataTable(id="register-table", cursor_type="row", zebra_stripes=True)
        yield KallelseFooter()

    def on_mount(self) -> None:
        table = self.table
        for label in self.COLUMNS:
            table.add_column(label)
        self.load()
        table.focus()

    @property
    def table(self) -> DataTable[object]:
        return self.query_one("#register-table", DataTable)

    def facts(self, text: str) -> None:
        self.query_one("#register-facts", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITING and self.store.readonly:
            return None
        return True

    def load(self) -> None:
        raise NotImplementedError

    def save_rows(self, rows: Sequence[R]) -> None:
        raise NotImplementedError

    def save(self, rows: Sequence[R], said: str) -> None:
        try:
            self.save_rows(rows)
        except DomainError as exc:
            self.notify(str(exc), title="Inte sparat", severity="error", timeout=15)
            return
        row = self.table.cursor_row  # stay on the row just changed
        self.load()
        self.table.move_cursor(row=row)
        self.notify(said)

    def action_fill(self) -> None:
        """Fill the organ's next meeting (not justerat, today or later) from the registers:
        its redovisning of delegationsbeslut and, for fullmäktige, its anmälan of motioner."""
        kommande = [
            m
            for m in sorted(self.store.meetings(self.organ.id), key=lambda m: m.datum)
            if m.status not in LASTA and m.datum >= self.idag
        ]
        if not kommande:
            self.notify(
                f"{self.organ.namn} har inget kommande sammanträde som inte är justerat; "
                "skapa det först (n i sammanträdeslistan).",
                title="Inget att fylla",
                severity="warning",
            )
            return
        mote = self.store.meeting(kommande[0].id)
        try:
            said = registers.fyll_moteslistor(self.store, mote, self.organ)
        except DomainError as exc:
            self.notify(str(exc), title="Inte ifyllt", severity="error", timeout=15)
            return
        self.load()
        self.notify(" ".join(said) or "Inget att anmäla.", title=f"Sammanträdet {mote.datum}")
