"""Faults while saving and exporting: a full disk, a read-only store or target folder, and a
store folder copied while another process writes to it.

The tests may run as root, where chmod does not stop a write, so the errors are injected:
the module that writes (kallelse_tui.store.storage, kallelse_tui.export.common) gets an
`os` whose write or open fails as the kernel would, and nothing else in the process is
touched. Every case checks what the user sees (one Swedish sentence, never a traceback),
that no file changed or was left behind, and that the next save after the fault works.

Already covered elsewhere and not repeated here: the store-level ENOSPC on os.replace
(test_store.py), a save_meeting replaced by a failing function in meeting mode
(test_tui_sammantrade.py), the export helper's own PermissionError and ENOSPC on replace
(test_export_kallelse.py) and a full disk inside the handlingar PDF writer
(test_export_handlingar.py).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from textual.widgets import Input, TextArea

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Organ, Sammantrade
from kallelse_tui.export import common
from kallelse_tui.store import Store, storage
from kallelse_tui.store.storage import TMP_SUFFIX
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.arende_form import ArendeForm
from kallelse_tui.tui.meeting_screen import MeetingScreen
from tests.test_store_processes import HOLDER
from tests.test_tui_sammantrade import KS_MOTE, SIZE, TODAY, new_ks_meeting, read

ROOT = Path(__file__).resolve().parent.parent

# (errno, the os function that fails, what the user is told)
FAULTS = [
    pytest.param(errno.ENOSPC, "write", "disken är full", id="ENOSPC"),
    pytest.param(errno.EROFS, "open", "skrivskyddad", id="EROFS"),
    pytest.param(errno.EACCES, "open", "behörighet saknas", id="EACCES"),
]


class _FaultyOs:
    """Stands in for `os` in one module: `call` fails with `code`, the rest is the real os.
    A failing open fails only for writing, as on a read-only file system."""

    def __init__(self, call: str, code: int) -> None:
        self._call = call
        self._code = code
        self.failures = 0

    def _fail(self) -> None:
        self.failures += 1
        raise OSError(self._code, os.strerror(self._code))  # EACCES → PermissionError

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name != self._call:
            return real
        if name == "open":

            def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
                if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                    self._fail()
                return real(path, flags, *args, **kwargs)

            return open_
        if name == "fdopen":  # the export's file: a disk that fills up halfway

            def fdopen(fd: int, *args: Any, **kwargs: Any) -> IO[bytes]:
                return _FillingFile(real(fd, *args, **kwargs), self)

            return fdopen

        def fail(*_args: Any, **_kwargs: Any) -> Any:
            self._fail()

        return fail


class _FillingFile:
    """A file whose disk is full after the first 100 bytes."""

    def __init__(self, raw: IO[bytes], fault: _FaultyOs) -> None:
        self._raw = raw
        self._fault = fault
        self._left = 100

    def write(self, data: Any) -> int:
        data = bytes(data)
        if len(data) > self._left:
            self._raw.write(data[: self._left])
            self._left = 0
            self._fault._fail()
        self._left -= len(data)
        return self._raw.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw.close()


def inject(monkeypatch: pytest.MonkeyPatch, module: Any, call: str, code: int) -> _FaultyOs:
    fault = _FaultyOs(call, code)
    monkeypatch.setattr(module, "os", fault)
    return fault


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root`, byte for byte."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(TMP_SUFFIX)]


def messages(app: Any, title: str) -> list[str]:
    return [str(n.message) for n in app._notifications if n.title == title]


# -- (a, b) saving in meeting mode --------------------------------------------------------


@pytest.mark.parametrize(("code", "call", "told"), FAULTS)
async def test_meeting_mode_autosave_fault_keeps_the_text_and_every_file(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, code: int, call: str, told: str
) -> None:
    new_ks_meeting(demo_dir)
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "p", "j", "escape", "ctrl+n", "ctrl+n", "ctrl+n", "e")
        await pilot.press(*"Hej")
        await pilot.pause(0.6)
        assert read(demo_dir).paragraf_for("a9").beslut.endswith("Hej")  # after the förslag
        before = files(demo_dir)

        fault = inject(monkeypatch, storage, call, code)
        await pilot.press(*" då")
        await pilot.pause(0.6)  # the debounced autosave fires and fails
        screen = app.screen
        assert fault.failures
        state = str(screen.query_one("#save-state").content)
        assert "INTE SPARAT" in state and told in state
        (message,) = messages(app, "Inte sparat")
        assert told in message and "finns kvar på skärmen" in message
        assert "Traceback" not in message and "Errno" not in message
        assert screen.query_one("#beslut", TextArea).text.endswith("Hej då")
        assert files(demo_dir) == before
        assert temp_files(demo_dir) == []

        monkeypatch.undo()  # room on the disk again, or the store writable again
        await pilot.press("!")  # the next change saves by itself
        await pilot.pause(0.6)
        assert "Sparat" in str(screen.query_one("#save-state").content)
        assert "INTE SPARAT" not in str(screen.query_one("#save-state").content)
        assert messages(app, "Inte sparat") == [message]  # told once, not per key
    assert read(demo_dir).paragraf_for("a9").beslut.endswith("Hej då!")


# -- (a, b) saving a form (the ärende form, F2) -------------------------------------------


@pytest.mark.parametrize(("code", "call", "told"), FAULTS)
async def test_arende_form_save_fault_keeps_the_form_and_every_file(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, code: int, call: str, told: str
) -> None:
    new_ks_meeting(demo_dir)
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")  # the KS meeting, newest, first in the list
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press(*["down"] * 12, "enter")  # the last ärende, "Taxa för bygglov 2027"
        form = app.screen
        assert isinstance(form, ArendeForm)
        rubrik = form.query_one("#rubrik", Input)
        assert rubrik.value == "Taxa för bygglov 2027"
        rubrik.focus()
        await pilot.press("end", *" och 2028")
        before = files(demo_dir)

        fault = inject(monkeypatch, storage, call, code)
        await pilot.press("f2")
        await pilot.pause()
        assert fault.failures
        (message,) = messages(app, "Inte sparat")
        assert told in message and "Filen är oförändrad" in message
        assert "Traceback" not in message and "Errno" not in message
        form = app.screen  # the form is back, with what was typed
        assert isinstance(form, ArendeForm)
        assert form.query_one("#rubrik", Input).value == "Taxa för bygglov 2027 och 2028"
        assert files(demo_dir) == before
        assert temp_files(demo_dir) == []

        monkeypatch.undo()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    assert read(demo_dir).arende("a9").rubrik == "Taxa för bygglov 2027 och 2028"


# -- (c) exports whose target cannot be written --------------------------------------------

EXPORT_FAULTS = [
    pytest.param(errno.ENOSPC, "fdopen", "disken är full", id="ENOSPC-while-writing"),
    pytest.param(errno.EROFS, "open", "skrivskyddad", id="EROFS"),
    pytest.param(errno.EACCES, "open", "skrivrätt", id="EACCES"),
]
DOKUMENT = ["kallelse", "protokoll", "handlingar"]
PROTOKOLL_MOTE = "norrvik-ks-2026-10-19"  # justerat, with attachments


def exporter(store: Store, dokument: str) -> Callable[[Path], Path]:
    mote: Sammantrade = store.meeting(PROTOKOLL_MOTE)
    organ: Organ = store.organ(mote.organ_id)
    if dokument == "kallelse":
        from kallelse_tui.export.kallelse import export_kallelse

        return lambda target: export_kallelse(mote, organ, "pdf", target)
    if dokument == "protokoll":
        from kallelse_tui.export.protokoll import export_protokoll

        return lambda target: export_protokoll(mote, organ, "pdf", target)
    from kallelse_tui.export.handlingar import export_handlingar

    assert any(u.sha256 for a in mote.arenden for u in a.beslutsunderlag)
    return lambda target: export_handlingar(
        mote,
        organ,
        target,
        fil_for=lambda u: store.attachment_path(u.sha256),
        text_for=lambda u: store.attachment_text(u.sha256),
    )


@pytest.mark.parametrize("dokument", DOKUMENT)
@pytest.mark.parametrize(("code", "call", "told"), EXPORT_FAULTS)
@pytest.mark.parametrize("old", [False, True], ids=["new-file", "over-old-file"])
def test_export_to_an_unwritable_target_leaves_nothing_behind(
    demo_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dokument: str,
    code: int,
    call: str,
    told: str,
    old: bool,
) -> None:
    export = exporter(demo_store, dokument)
    ut = tmp_path / "ut"
    ut.mkdir()
    target = ut / f"{dokument}.pdf"
    if old:
        target.write_bytes(b"den gamla versionen")
    fault = inject(monkeypatch, common, call, code)
    with pytest.raises(DomainError) as err:
        export(target)
    assert fault.failures
    message = str(err.value)
    assert message.startswith("Kan inte spara ") and told in message and str(target) in message
    assert "Errno" not in message
    expected = {target.name: b"den gamla versionen"} if old else {}
    assert files(ut) == expected  # no half file, no temp file

    monkeypatch.undo()
    assert export(target) == target  # the target is writable again: it works
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in ut.iterdir()] == [target.name]


# -- (d) a store folder copied while it is open for writing --------------------------------


def check_copy(copy: Path, meeting_ids: set[str]) -> None:
    """The copy opens for writing (no stale-lock refusal), verifies, and every meeting
    loads and can be saved."""
    assert (copy / ".lock").exists()  # copied with the lock file and the writer note
    with Store.open(copy) as store:
        assert not store.readonly
        assert store.verify() == []
        loaded = {row.id for row in store.meetings()}
        assert loaded == meeting_ids
        for meeting_id in loaded:
            store.meeting(meeting_id)
        mote = store.meeting(KS_MOTE)
        mote.plats = "Kopian"
        store.save_meeting(mote)
    with Store.open(copy, readonly=True) as store:
        assert store.meeting(KS_MOTE).plats == "Kopian"


def test_copy_of_a_store_another_process_writes_to_opens_cleanly(
    demo_dir: Path, tmp_path: Path
) -> None:
    new_ks_meeting(demo_dir)
    with Store.open(demo_dir, readonly=True) as store:
        meeting_ids = {row.id for row in store.meetings()}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(demo_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "klar"
        assert f"pid {holder.pid}" in (demo_dir / ".writer").read_text(encoding="utf-8")
        copy = tmp_path / "kopia"
        shutil.copytree(demo_dir, copy)
        assert (copy / ".writer").exists()
        check_copy(copy, meeting_ids)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)


async def test_copy_of_a_store_the_app_holds_open_cleanly(demo_dir: Path, tmp_path: Path) -> None:
    new_ks_meeting(demo_dir)
    with Store.open(demo_dir, readonly=True) as store:
        meeting_ids = {row.id for row in store.meetings()}
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "p", "j", "escape", "ctrl+n", "e")
        await pilot.press(*"Mitt i")
        await pilot.pause(0.6)  # saved: the copy is taken between two writes
        copy = tmp_path / "kopia"
        shutil.copytree(demo_dir, copy)
        check_copy(copy, meeting_ids)
        assert not app.store.readonly  # the app still holds its own store
