"""A modal list of the small things a § or an ärende holds (yrkanden, reservationer, jäv,
övriga närvarande, meddelanden): a adds, Enter changes, Delete removes, K/J reorder.

The list is edited in place; `on_change` saves (the caller's save, on the app thread)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.form import FormScreen
from kallelse_tui.tui.skrivskydd import SkrivskyddRad

T = TypeVar("T")


class ItemListScreen(ModalScreen[None], Generic[T]):
    CSS_PATH = "item_list.tcss"
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    EMPTY: ClassVar[str] = "Listan är tom. Tryck a för att lägga till."
    BINDINGS = [
        Binding("escape", "close", "Klar", id="list.close"),
        Binding("a", "add", "Lägg till", id="list.add"),
        Binding("enter", "edit", "Ändra", id="list.edit"),
        Binding("delete", "remove", "Ta bort", id="list.remove"),
        Binding("shift+up,K", "move(-1)", "Flytta upp", id="list.up", show=False),
        Binding("shift+down,J", "move(1)", "Flytta ned", id="list.down", show=False),
    ]
    EDITING: ClassVar[set[str]] = {"add", "edit", "remove", "move"}

    def __init__(
        self, title: str, items: list[T], on_change: Callable[[], object], editable: bool = True
    ) -> None:
        super().__init__()
        self.title = title
        self.items = items
        self.on_change = on_change
        self.editable = editable

    def compose(self) -> ComposeResult:
        with Vertical(id="list-box"):
            yield Static(self.title or "", id="list-title")
            yield SkrivskyddRad()
            yield from self.above()
            yield DataTable(id="list-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="list-note")
        yield KallelseFooter()

    def above(self) -> Iterable[Static]:
        """Extra lines between the title and the table (subclasses)."""
        return ()

    def on_mount(self) -> None:
        table = self.query_one("#list-table", DataTable)
        for column in self.COLUMNS:
            table.add_column(column)
        self.refresh_rows()
        table.focus()

    # -- subclasses ----------------------------------------------------------------------

    def row(self, item: T) -> Iterable[Any]:
        raise NotImplementedError

    def form(self, item: T | None) -> FormScreen[T]:
        raise NotImplementedError

    def note(self) -> Text | str:
        return ""

    # -- showing -------------------------------------------------------------------------

    def refresh_rows(self, cursor: int | None = None) -> None:
        table = self.query_one("#list-table", DataTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        for index, item in enumerate(self.items):
            table.add_row(*self.row(item), key=str(index))
        if self.items:
            table.move_cursor(row=max(0, min(row, len(self.items) - 1)))
        note = self.note()
        if not self.items:
            note = Text.assemble((self.EMPTY, "dim"), "\n", note)
        self.query_one("#list-note", Static).update(note)

    @property
    def index(self) -> int | None:
        table = self.query_one("#list-table", DataTable)
        return table.cursor_row if self.items else None

    def changed(self, cursor: int | None = None) -> None:
        self.on_change()
        self.refresh_rows(cursor)

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITING and not self.editable:
            return None
        if action in {"edit", "remove", "move"} and not self.items:
            return None
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        if not self.editable:
            return

        def done(item: T | None) -> None:
            if item is not None:
                self.items.append(item)
                self.changed(len(self.items) - 1)

        self.app.push_screen(self.form(None), done)

    @on(DataTable.RowSelected, "#list-table")
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        index = self.index
        if index is None or not self.editable:
            return

        def done(item: T | None) -> None:
            if item is not None:
                self.items[index] = item
                self.changed(index)

        self.app.push_screen(self.form(self.items[index]), done)

    def action_remove(self) -> None:
        index = self.index
        if index is None or not self.editable:
            return
        del self.items[index]
        self.changed(index)
        self.notify("Borttagen.", timeout=3)

    def action_move(self, step: int) -> None:
        index = self.index
        if index is None or not self.editable:
            return
        target = index + step
        if not 0 <= target < len(self.items):
            return
        self.items[index], self.items[target] = self.items[target], self.items[index]
        self.changed(target)
