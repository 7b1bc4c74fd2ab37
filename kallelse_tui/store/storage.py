"""A crash-safe TinyDB storage.

TinyDB's JSONStorage rewrites its file in place, so a kill mid-write can leave a broken
file. Here every write goes to a temp file in the same folder, is fsynced and then
`os.replace`d over the old file, and the folder is fsynced: after a crash the file is the
old version or the new one, never a mix. The previous version stays as `NAME.bak` (a hard
link to the old inode, so keeping it costs no copy). Reads are served from memory.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from kallelse_tui.domain.errors import os_orsak
from kallelse_tui.store.errors import StoreCorruptError, StoreReadOnlyError, StoreWriteError

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_SUFFIX = ".tmp"


def bak_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_json(path: Path) -> Any:
    """Parse a store file; a broken one raises StoreCorruptError naming file and position.
    An empty file, only whitespace or `null` is damage too, never an empty store: read as
    empty, the next save would replace it and its .bak with nothing."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreCorruptError(
            f"Filen {path} går inte att läsa: {os_orsak(exc)}. Ingenting har skrivits över."
        ) from None
    try:
        data = orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError as exc:
        line = raw.count(b"\n", 0, exc.pos) + 1
        column = exc.pos - (raw.rfind(b"\n", 0, exc.pos) + 1) + 1
        raise corrupt(
            path, f"är skadad och går inte att läsa (rad {line}, kolumn {column}: {exc.msg})"
        ) from None
    if data is None:
        raise corrupt(path, "är tom" if not raw.strip() else "innehåller bara null")
    return data


def corrupt(path: Path, what: str) -> StoreCorruptError:
    """The error for a store file that cannot be used: names it, says nothing was
    overwritten, and how to put the last good version (.bak) back."""
    backup = bak_path(path)
    restore = (
        f" Den senaste fungerande versionen finns kvar: återställ den med\n"
        f"    cp '{backup}' '{path}'"
        if backup.exists()
        else " Det finns ingen säkerhetskopia (.bak) av filen."
    )
    return StoreCorruptError(f"Filen {path} {what}. Ingenting har skrivits över.{restore}")


def write_atomic(path: Path, payload: bytes, *, keep_backup: bool = True) -> None:
    """Write bytes so that `path` is always either the old or the new content. The temp
    name is unique, so worker threads writing beside each other never collide."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")
    try:
        _write_synced(tmp, payload)
        if keep_backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreWriteError(
            f"Kunde inte spara {path}: {os_orsak(exc)}. Filen är oförändrad; "
            f"kontrollera diskutrymme och skrivrättigheter och försök igen."
        ) from exc


def _write_synced(path: Path, payload: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        _sync_data(fd)
    finally:
        os.close(fd)


# A new file's data and size are all a reader needs: fdatasync skips the timestamps'
# journal write where the system has it (Linux; macOS has only fsync).
_sync_data = getattr(os, "fdatasync", os.fsync)


def _keep_backup(path: Path) -> None:
    """Point NAME.bak at the current (good) version before it is replaced."""
    backup = bak_path(path)
    link = backup.with_name(f".{backup.name}.{os.getpid()}{TMP_SUFFIX}")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    try:
        try:
            os.link(path, link)
        except OSError:  # file systems without hard links: copy instead
            _write_synced(link, path.read_bytes())
        os.replace(link, backup)
    finally:
        with contextlib.suppress(FileNotFoundError):
            link.unlink()


def check_tables(path: Path, data: Any) -> None:
    """The shape TinyDB needs: {table: {"<doc id>": {…}}}; anything else is corruption,
    reported before TinyDB trips over it."""
    if not isinstance(data, dict):
        raise corrupt(path, "har fel form (den är inte ett JSON-objekt med tabeller)")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise corrupt(path, f"har fel form (tabellen ”{name}” är inte ett JSON-objekt)")
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()) or not isinstance(doc, dict):
                raise corrupt(
                    path, f"har fel form (post ”{doc_id}” i tabellen ”{name}” är inte ett objekt)"
                )


Check = Callable[[Path, dict[str, Any]], None]


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic replace on write, reads from memory, optional read-only.

    `check` validates a file's content once, when it is read from disk (saves are not
    re-validated: they write what the domain produced)."""

    def __init__(
        self, path: str | os.PathLike[str], readonly: bool = False, check: Check | None = None
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._check = check
        self._cache: dict[str, Any] | None = None
        self._seen: tuple[int, int, int] | None = None  # the file as last read or written

    def read(self) -> dict[str, Any] | None:
        if self._cache is None:
            if not self.path.exists():
                return None
            self._cache = self._load()
        return self._cache

    def _load(self) -> dict[str, Any]:
        seen = _signature(self.path)
        data = read_json(self.path)
        check_tables(self.path, data)
        if self._check is not None:
            self._check(self.path, data)
        self._seen = seen
        return data  # type: ignore[no-any-return]  # checked above

    def write(self, data: dict[str, Any]) -> None:
        if self.readonly:
            raise StoreReadOnlyError(
                f"Lagret är öppnat skrivskyddat; {self.path.name} kan inte sparas."
            )
        try:
            current = _signature(self.path)
            if current is not None and current != self._seen:
                # The file changed on disk since it was read (or was never read here): it
                # becomes the .bak only if it still loads, else nothing is written.
                self._load()
            write_atomic(self.path, orjson.dumps(data, option=orjson.OPT_INDENT_2))
        except BaseException:
            # TinyDB changed the cached tables in place before calling write(): forget them
            # so the next read shows what is really on disk.
            self._cache = None
            raise
        self._cache = data
        self._seen = _signature(self.path)

    def trust(self, other: AtomicJSONStorage) -> None:
        """Take over what `other` (the same file, opened before) knows was on disk."""
        if other.path == self.path:
            self._seen = other._seen

    def close(self) -> None:
        self._cache = None


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreCorruptError(
            f"Filen {path} går inte att läsa: {os_orsak(exc)}. Ingenting har skrivits över."
        ) from None
    return (info.st_ino, info.st_size, info.st_mtime_ns)
