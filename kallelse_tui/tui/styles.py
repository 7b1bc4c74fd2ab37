"""Small presentation helpers shared by the screens."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import OptionList

from kallelse_tui.domain.status import Status

if TYPE_CHECKING:  # DataTable stays off the start-up path (the meetings list has none)
    from textual.widgets import DataTable

STATUS_STYLE = {
    Status.UTKAST: "italic",
    Status.KALLAD: "bold cyan",
    Status.PAGAR: "bold yellow",
    Status.PROTOKOLL_KLART: "bold magenta",
    Status.JUSTERAT: "bold green",
    Status.ANSLAGET: "green",
}


def status_text(status: Status) -> Text:
    return Text(status.etikett, style=STATUS_STYLE[status])


Column = tuple[str, int, str]  # title, width (0: what is left of the line), justify


def column_line(cells: Iterable[str | Text], columns: Sequence[Column]) -> Text:
    """One row of a list drawn as fixed-width columns (two spaces between them): the lists
    that need none of a DataTable's features are OptionLists of such lines, since a
    DataTable renders each cell on its own (some 2 ms a row) and styles a dozen parts."""
    line = Text(no_wrap=True, overflow="ellipsis")
    for cell, (_title, width, justify) in zip(cells, columns, strict=True):
        if isinstance(cell, str) and width and (length := cell_len(cell)) <= width:
            pad = " " * (width - length)  # plain text that fits: no Text to build and cut
            line.append(f"{pad}{cell}  " if justify == "right" else f"{cell}{pad}  ")
            continue
        text = cell.copy() if isinstance(cell, Text) else Text(cell)
        if width:
            text.truncate(width, overflow="ellipsis")
            if justify == "right":
                text.pad_left(width - text.cell_len)
            text.pad_right(width - text.cell_len + 2)
        line.append_text(text)
    return line


class ColumnList(OptionList):
    """An OptionList of column lines whose cursor stops at the first and last row, as a
    DataTable's does: holding a key down past the end must not jump to the other end."""

    def action_cursor_up(self) -> None:
        if self.highlighted != 0:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted != self.option_count - 1:
            super().action_cursor_down()


def shown_path(path: Path) -> str:
    """A path as people read it: the home folder as "~"."""
    home = Path.home()
    if path == home:
        return "~"
    return f"~/{path.relative_to(home)}" if path.is_relative_to(home) else str(path)


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the table's cursor; None in an empty table."""
    if not table.row_count:
        return None
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
