"""Small presentation helpers shared by the screens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

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
