"""The anslagstavla being written: a progress bar and what is being done now, in a worker
so the screen keeps drawing; closes with the result (None after an error, which it names)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.tavla import Publicering, publicera_anslagstavla
from kallelse_tui.tui.footer import KallelseFooter

if TYPE_CHECKING:
    from kallelse_tui.store import StoreApi


class PubliceringScreen(ModalScreen[Publicering | None]):
    CSS_PATH = "publicering_screen.tcss"

    def __init__(
        self,
        store: StoreApi,
        mapp: Path,
        idag: date,
        registrera: bool,
        forvaringsplats: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.forvaringsplats = forvaringsplats
        self.store = store
        self.mapp = mapp
        self.idag = idag
        self.registrera = registrera

    def compose(self) -> ComposeResult:
        with Vertical(id="publicering-box"):
            yield Static("Publicerar anslagstavlan", id="publicering-titel")
            yield Static(str(self.mapp), id="publicering-mapp")
            yield ProgressBar(id="publicering-progress", show_eta=False)
            yield Static("", id="publicering-steg")
        yield KallelseFooter()

    def on_mount(self) -> None:
        self._publicera()

    def _steg(self, gjort: int, totalt: int, text: str) -> None:
        self.query_one("#publicering-progress", ProgressBar).update(total=totalt, progress=gjort)
        self.query_one("#publicering-steg", Static).update(text)

    @work(thread=True, exclusive=True, group="anslagstavla")
    def _publicera(self) -> None:
        def rapport(gjort: int, totalt: int, text: str) -> None:
            self.app.call_from_thread(self._steg, gjort, totalt, text)

        try:
            pub = publicera_anslagstavla(
                self.store,
                self.mapp,
                self.idag,
                registrera=self.registrera,
                rapport=rapport,
                forvaringsplats=self.forvaringsplats,
            )
        except DomainError as exc:
            self.app.call_from_thread(self._fel, str(exc))
            return
        self.app.call_from_thread(self.dismiss, pub)

    def _fel(self, text: str) -> None:
        self.app.notify(text, title="Anslagstavlan publicerades inte", severity="error", timeout=20)
        self.dismiss(None)
