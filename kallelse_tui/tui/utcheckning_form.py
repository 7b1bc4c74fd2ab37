"""Checkout and checkin from the command palette of the meetings list: which folder, then
the work in a thread (store/utcheckning.py) and a notification saying what happened."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.store.api import StoreApi
from kallelse_tui.store.paths import path_kind, typed_path
from kallelse_tui.store.utcheckning import MARKER
from kallelse_tui.tui.form import FormScreen, field
from kallelse_tui.tui.styles import shown_path


class UtcheckningForm(FormScreen[Path]):
    """The folder: a new or empty one to check out to, or a checkout to check in."""

    ASK_BEFORE_DISCARD = False

    def __init__(self, title: str, hint: str, folder: Path | None, checkin: bool) -> None:
        super().__init__()
        self.title = title
        self.hint = hint
        self.folder = folder
        self.checkin = checkin

    def form_fields(self) -> Iterable[Widget]:
        yield Static(self.hint, classes="field-hint")
        yield field("Mapp", Input(shown_path(self.folder) if self.folder else "", id="mapp"))

    def build(self) -> Path:
        text = self.text("mapp")
        if not text:
            raise ValidationError("mapp", "Ange en mapp.")
        folder = typed_path(text)
        kind = path_kind(folder)
        if self.checkin and not (folder / MARKER).is_file():
            raise ValidationError("mapp", f"{folder} är ingen utcheckad kopia ({MARKER} saknas).")
        if not self.checkin and (kind == "file" or (kind == "dir" and any(folder.iterdir()))):
            raise ValidationError("mapp", f"{folder} är inte en ny eller tom mapp.")
        return folder


def start_checkout(screen: Screen[Any], store: StoreApi, meeting_id: str) -> None:
    from kallelse_tui.store.utcheckning import checkout

    def chosen(folder: Path | None) -> None:
        if folder is None:
            return
        _run(
            screen,
            lambda: checkout(store, meeting_id, folder),
            f"Sammanträdet {meeting_id} är utcheckat till {shown_path(folder)}. Arbeta där "
            f"med kallelse --store {shown_path(folder)}; checka in det här efteråt.",
        )

    screen.app.push_screen(
        UtcheckningForm(
            "Checka ut sammanträdet",
            "Sammanträdet, organet med ledamöterna och bilagorna kopieras till en ny mapp "
            "för arbete utan nätverk. På en server kan ingen annan ändra det förrän det "
            "checkas in.",
            Path.home() / "utcheckat" / meeting_id,
            checkin=False,
        ),
        chosen,
    )


def start_checkin(screen: Screen[Any], store: StoreApi, done: Callable[[], None]) -> None:
    from kallelse_tui.store.utcheckning import checkin

    def chosen(folder: Path | None) -> None:
        if folder is None:
            return

        def work() -> str:
            result = checkin(store, folder)
            what = ", ".join(result.andringar) or "inga ändringar"
            return f"Sammanträdet {result.sammantrade} är incheckat ({what})."

        _run(screen, work, "", done)

    screen.app.push_screen(
        UtcheckningForm(
            "Checka in ett utcheckat sammanträde",
            "Sammanträdet i mappen skrivs tillbaka hit. Har det ändrats här sedan det "
            "checkades ut skrivs inget, och meddelandet säger vad som skiljer.",
            None,
            checkin=True,
        ),
        chosen,
    )


def _run(
    screen: Screen[Any],
    work: Callable[[], object],
    success: str,
    done: Callable[[], None] | None = None,
) -> None:
    """The copy in a thread; the answer as a notification (a refusal stays long)."""
    app = screen.app

    def in_thread() -> None:
        try:
            result = work()
        except DomainError as exc:
            app.call_from_thread(
                app.notify, str(exc), title="Inte gjort", severity="error", timeout=30
            )
            return
        app.call_from_thread(app.notify, success or str(result), timeout=10)
        if done is not None:
            app.call_from_thread(done)

    screen.run_worker(in_thread, thread=True, group="utcheckning")
