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
    """Parse a store file; a broken one raises StoreCorruptError naming file and position."""
    raw = path.read_bytes()
    try:
        return orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError as exc:
        line = raw.count(b"\n", 0, exc.pos) + 1
        column = exc.pos - (raw.rfind(b"\n", 0, exc.pos) + 1) + 1
        backup = bak_path(path)
        restore = (
            f" Den senaste fungerande versionen finns kvar: återställ den med\n"
            f"    cp '{backup}' '{path}'"
            if backup.exists()
            else " Det finns ingen säkerhetskopia (.bak) av filen."
        )
        raise StoreCorruptError(
            f"Filen {path} är skadad och går inte att läsa (rad {line}, kolumn {column}: "
            f"{exc.msg}). Ingenting har skrivits över.{restore}"
        ) from None


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
        os.fsync(fd)
    finally:
        os.close(fd)


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


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic replace on write, reads from memory, optional read-only."""

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._cache: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._cache is None:
            if not self.path.exists():
                return None
            data = read_json(self.path)
            if data is not None and not (
                isinstance(data, dict) and all(isinstance(t, dict) for t in data.values())
            ):
                raise StoreCorruptError(
                    f"Filen {self.path} har fel form (en tabell är inte ett JSON-objekt). "
                    f"Ingenting har skrivits över; återställ den från {bak_path(self.path)}."
                )
            self._cache = data
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        if self.readonly:
            raise StoreReadOnlyError(
                f"Lagret är öppnat skrivskyddat; {self.path.name} kan inte sparas."
            )
        try:
            write_atomic(self.path, orjson.dumps(data, option=orjson.OPT_INDENT_2))
        except BaseException:
            # TinyDB changed the cached tables in place before calling write(): forget them
            # so the next read shows what is really on disk.
            self._cache = None
            raise
        self._cache = data

    def close(self) -> None:
        self._cache = None
