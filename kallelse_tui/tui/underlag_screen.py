"""The documents of one ärende: attach, rename, reorder, remove, open."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Arende, Beslutsunderlag, Sammantrade, TextStatus
from kallelse_tui.domain.rensa import rensa_text
from kallelse_tui.domain.underlag import (
    gissa_underlagstyp,
    redan_bifogad,
    storlek_text,
    titel_fran_filnamn,
)
from kallelse_tui.store import StoreApi
from kallelse_tui.tui.confirm_screen import ConfirmScreen
from kallelse_tui.tui.file_picker import FilePicker
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.skrivskydd import SkrivskyddRad
from kallelse_tui.tui.styles import cursor_key
from kallelse_tui.tui.title_bar import TitleBar
from kallelse_tui.tui.underlag_form import UnderlagForm

if TYPE_CHECKING:
    from kallelse_tui.tui.meeting_screen import MeetingScreen


@dataclass
class Stored:
    """What the worker found out about a file: it is in the store, its text extracted."""

    sha256: str
    storlek: int
    textstatus: TextStatus
    sidor: int
    varning: str


class UnderlagScreen(Screen[None]):
    CSS_PATH = "underlag_screen.tcss"
    HELP = (
        "Ärendets beslutsunderlag: tjänsteskrivelser, protokollsutdrag, bilagor och "
        "yttranden, i den ordning de ska ligga i handlingarna.\n\n"
        "- **a** bifogar en fil (den kopieras in i lagret; originalet behövs inte sedan).\n"
        "- **Enter** ändrar titel, slag, datum och sekretess.\n"
        "- **Skift+pil** eller **K**/**J** flyttar, **Delete** tar bort (efter en fråga).\n"
        "- **v** öppnar filen i visaren (`$KALLELSE_OPEN`, annars `xdg-open`).\n\n"
        "Texten i PDF- och Word-filer läses in för sökningen. **Esc** går tillbaka."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="underlag.back"),
        Binding("a", "attach", "Bifoga fil", id="underlag.attach"),
        Binding("enter", "edit", "Ändra", id="underlag.edit"),
        Binding("delete", "remove", "Ta bort", id="underlag.remove"),
        Binding("shift+up,K", "move(-1)", "Flytta upp", id="underlag.up", show=False),
        Binding("shift+down,J", "move(1)", "Flytta ned", id="underlag.down", show=False),
        Binding("v", "open_file", "Visa", id="underlag.open"),
    ]
    EDITING = {"attach", "edit", "remove", "move"}

    def __init__(self, owner: MeetingScreen, arende_id: str, nummer: int) -> None:
        super().__init__()
        self.owner = owner  # holds the meeting and saves it; we edit one of its ärenden
        self.arende_id = arende_id
        self.nummer = nummer

    @property
    def store(self) -> StoreApi:
        return self.owner.store

    @property
    def mote(self) -> Sammantrade:
        return self.owner.mote

    def save_meeting(self, change: str) -> bool:
        return self.owner.save(change)

    @property
    def arende(self) -> Arende:
        return self.mote.arende(self.arende_id)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SkrivskyddRad()
        yield Static(id="underlag-head")
        yield DataTable(id="underlag-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="underlag-status")
        yield KallelseFooter()

    def on_mount(self) -> None:
        self.title = f"Beslutsunderlag – ärende {self.nummer}"
        table = self.query_one("#underlag-table", DataTable)
        for label in ("Nr", "Titel", "Slag", "Datum", "Fil", "Storlek", "Text"):
            table.add_column(label, key=label)
        self.refresh_list()

    def refresh_list(self, cursor: str | None = None) -> None:
        arende = self.arende
        head = Text.assemble((arende.rubrik, "bold"), f"  {arende.dnr}".rstrip())
        self.query_one("#underlag-head", Static).update(head)
        table = self.query_one("#underlag-table", DataTable)
        current = cursor or self._current_id()
        table.clear()
        for nummer, u in enumerate(arende.beslutsunderlag, 1):
            titel = Text(u.titel)
            if u.sekretess:
                titel.append(f"  sekretess {u.osl}".rstrip(), style="bold red")
            table.add_row(
                str(nummer),
                titel,
                u.typ.value,
                u.datum.isoformat() if u.datum else "",
                u.filnamn,
                storlek_text(u.storlek) if u.storlek else "",
                Text(u.textstatus.value, style="dim"),
                key=u.id,
            )
        ids = [u.id for u in arende.beslutsunderlag]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        status = self.query_one("#underlag-status", Static)
        status.update(
            "" if ids else Text("Inga handlingar ännu. Tryck a för att bifoga en fil.", style="dim")
        )

    def _current_id(self) -> str | None:
        return cursor_key(self.query_one("#underlag-table", DataTable))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITING and (self.mote.last or self.owner.read_only):
            return None
        if action in {"edit", "remove", "move", "open_file"} and not self.arende.beslutsunderlag:
            return None
        return True

    # -- attaching -----------------------------------------------------------------------

    def action_attach(self) -> None:
        start = self.app.last_attach_folder or Path.home()  # type: ignore[attr-defined]
        picker = FilePicker(start)

        def picked(path: Path | None) -> None:
            if path is None:
                return
            self.app.last_attach_folder = picker.picked_in  # type: ignore[attr-defined]
            new = Beslutsunderlag(
                id=self._new_id(),
                titel=titel_fran_filnamn(path.name),
                typ=gissa_underlagstyp(path.name),
                # No date: the file's own is the day it was downloaded, not the document's.
                datum=None,
                filnamn=rensa_text(path.name),
            )

            def described(result: Beslutsunderlag | None) -> None:
                if result is not None:
                    self.query_one("#underlag-status", Static).update(
                        Text(f"Läser in {path.name} …", style="italic")
                    )
                    self._store_file(path, picker.picked_in, result)

            self.app.push_screen(UnderlagForm(new, f"ärende {self.nummer}"), described)

        self.app.push_screen(picker, picked)

    def _new_id(self) -> str:
        used = {u.id for a in self.mote.arenden for u in a.beslutsunderlag}
        n = len(used) + 1
        while f"u{n}" in used:
            n += 1
        return f"u{n}"

    @work(thread=True, group="attach")
    def _store_file(self, path: Path, picked_in: Path, underlag: Beslutsunderlag) -> None:
        """Copy and read the file off the UI thread; the meeting is saved back on it."""
        try:
            stored = self.store.add_attachment(path, allowed_dir=picked_in)
            extraction = self.store.extract_attachment(stored.sha256, path.name)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        result = Stored(
            stored.sha256, stored.storlek, extraction.status, extraction.sidor, stored.varning
        )
        self.app.call_from_thread(self._attached, underlag, result)

    def _failed(self, message: str) -> None:
        self.query_one("#underlag-status", Static).update("")
        self.notify(message, title="Inte bifogad", severity="error", timeout=15)

    def _attached(self, underlag: Beslutsunderlag, stored: Stored) -> None:
        if (already := redan_bifogad(self.arende, stored.sha256)) is not None:
            self.query_one("#underlag-status", Static).update("")
            self.notify(already, title="Inte bifogad igen", severity="warning", timeout=10)
            return
        underlag.sha256, underlag.storlek = stored.sha256, stored.storlek
        underlag.textstatus, underlag.sidor = stored.textstatus, stored.sidor
        self.arende.beslutsunderlag.append(underlag)
        if self.save_meeting(f"Handlingen ”{underlag.titel}” bifogad till ärende {self.nummer}."):
            self.store.index_attachment(self.mote.id, self.arende_id, underlag)
            self.notify(f"”{underlag.titel}” är bifogad ({underlag.textstatus.value}).")
            if stored.varning:
                self.notify(stored.varning, severity="warning", timeout=10)
        self.refresh_list(underlag.id)

    # -- editing -------------------------------------------------------------------------

    def action_edit(self) -> None:
        current = self._current_id()
        if current is None:
            return
        items = self.arende.beslutsunderlag
        index = [u.id for u in items].index(current)

        def done(result: Beslutsunderlag | None) -> None:
            if result is not None:
                items[index] = result
                self.save_meeting(f"Handlingen ”{result.titel}” i ärende {self.nummer} ändrad.")
                self.refresh_list(result.id)

        self.app.push_screen(UnderlagForm(items[index], f"ärende {self.nummer}"), done)

    @on(DataTable.RowSelected, "#underlag-table")
    def _selected(self) -> None:
        if self.check_action("edit", ()):
            self.action_edit()

    def action_remove(self) -> None:
        current = self._current_id()
        if current is None:
            return
        items = self.arende.beslutsunderlag
        underlag = next(u for u in items if u.id == current)

        def answered(yes: bool | None) -> None:
            if yes:
                items.remove(underlag)
                self.save_meeting(
                    f"Handlingen ”{underlag.titel}” borttagen ur ärende {self.nummer}."
                )
                self.refresh_list()

        self.app.push_screen(
            ConfirmScreen(
                f"Ta bort ”{underlag.titel}” ur ärendet?",
                "Filen finns kvar i lagret om den används någon annanstans.",
            ),
            answered,
        )

    def action_move(self, step: int) -> None:
        current = self._current_id()
        items = self.arende.beslutsunderlag
        ids = [u.id for u in items]
        if current is None:
            return
        index, target = ids.index(current), ids.index(current) + step
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
            self.save_meeting(f"Handlingarna i ärende {self.nummer} har ny ordning.")
            self.refresh_list(current)

    # -- viewing -------------------------------------------------------------------------

    def action_open_file(self) -> None:
        current = self._current_id()
        if current is None:
            return
        underlag = next(u for u in self.arende.beslutsunderlag if u.id == current)
        viewer = os.environ.get("KALLELSE_OPEN")
        if not viewer and not shutil.which("xdg-open"):
            self.notify(
                "Ingen visare hittades: sätt KALLELSE_OPEN, t.ex. KALLELSE_OPEN=less.",
                severity="warning",
            )
            return
        # The store names files by hash; viewers want the original name and suffix.
        folder = Path(tempfile.mkdtemp(prefix="kallelse-visa-"))
        copy = folder / (underlag.filnamn or f"{underlag.sha256}.bin")
        shutil.copyfile(self.store.attachment_path(underlag.sha256), copy)
        try:
            if viewer:  # a terminal program: hand it the terminal, wait for it
                with self.app.suspend():
                    subprocess.run([*viewer.split(), str(copy)], check=False)
            else:
                subprocess.Popen(
                    ["xdg-open", str(copy)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
        except SuspendNotSupported:
            self.notify("Terminalen kan inte lämnas över till visaren här.", severity="warning")
        except OSError as exc:
            self.notify(f"Kunde inte öppna filen: {exc.strerror or exc}.", severity="error")
