"""Small presentation helpers shared by the screens."""

from pathlib import Path

from rich.text import Text

from kallelse_tui.domain.status import Status

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
