"""Pick a file to attach: a path typed directly, or found in a folder tree filtered to the
document types the app can store."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Input, Label, Static

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.store.attachments import TILLATNA, check_source
from kallelse_tui.store.paths import path_kind, shown, typed_path
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.styles import shown_path


class DocumentTree(DirectoryTree):
    """Folders and documents only; hidden files left out; the home folder shown as "~"."""

    async def watch_path(self) -> None:
        await super().watch_path()
        self.root.set_label(shown_path(Path(self.path)))

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        for path in paths:
            if path.name.startswith("."):
                continue
            try:
                if path.is_dir() or path.suffix.lower() in TILLATNA:
                    yield path
            except OSError:
                continue  # a broken link or a folder we may not read: just leave it out


class FilePicker(ModalScreen[Path | None]):
    """Returns the chosen file; the folder it was picked in is `picked_in` (symlinks that
    lead out of it are refused when the file is stored)."""

    CSS_PATH = "file_picker.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Avbryt", id="picker.cancel"),
        Binding("f5", "focus_tree", "Mappträdet", id="picker.tree"),
    ]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start
        self.picked_in = start

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static("Välj en fil att bifoga", id="picker-title")
            yield Label("Sökväg (Enter väljer filen, eller visar mappen i trädet)")
            yield Input(shown_path(self.start).rstrip("/") + "/", id="picker-path")
            yield Static("", id="picker-error")
            yield DocumentTree(self.start, id="picker-tree")
            yield Static(
                "Visar pdf, docx, odt, txt, md, xlsx och bilder. Enter på en fil väljer den.",
                id="picker-hint",
            )
        yield KallelseFooter()

    def on_mount(self) -> None:
        self.query_one("#picker-path", Input).focus()

    def action_focus_tree(self) -> None:
        self.query_one("#picker-tree").focus()

    @on(Input.Submitted, "#picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        path = typed_path(event.value)
        error = self.query_one("#picker-error", Static)
        kind = path_kind(path)
        if kind == "dir":
            self.picked_in = path
            self.query_one("#picker-tree", DocumentTree).path = path
            self.query_one("#picker-tree").focus()
            error.update("")
        elif kind == "file" or _exists(path):
            self._pick(path, path.parent)
        else:
            error.update(f"{shown(path)} finns inte.")

    def _pick(self, path: Path, folder: Path) -> None:
        """Only what may be attached leaves the picker (the store's one rule: no devices,
        fifos, /proc or /sys files, no links out of the folder); else the reason."""
        try:
            check_source(path, folder)
        except DomainError as exc:
            self.query_one("#picker-error", Static).update(str(exc))
            return
        self.picked_in = folder
        self.dismiss(path)

    @on(DirectoryTree.FileSelected, "#picker-tree")
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        tree = self.query_one("#picker-tree", DocumentTree)
        self._pick(event.path, Path(tree.path))


def _exists(path: Path) -> bool:
    """Something is there (a fifo, a device, a dangling link), if not a regular file."""
    try:
        return os.path.lexists(path)
    except ValueError:  # a NUL byte
        return False
