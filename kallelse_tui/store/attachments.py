"""Attachments (beslutsunderlag) stored by content: `<store>/bilagor/<ab>/<sha256>`.

A file is copied into the store once, in chunks, hashing while copying, so a 100 MB file
is read once and the original is never needed again. Same bytes, same name: attaching
the same file twice stores it once. Beside it `<sha256>.txt` holds its extracted text for
search (see extract.py). Everything is written to a temp file, fsynced and `os.replace`d,
so a crash leaves either no file or a whole one; temp names follow storage.TMP_SUFFIX so
Store.open sweeps up what a crash left behind.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kallelse_tui.store.errors import StoreError, StoreWriteError
from kallelse_tui.store.paths import inside
from kallelse_tui.store.storage import DIR_MODE, FILE_MODE, TMP_SUFFIX, fsync_dir, write_atomic

ATTACHMENTS_DIR = "bilagor"
TEXT_SUFFIX = ".txt"
CHUNK = 1024 * 1024
STORA_FILER = 100 * 1024 * 1024

# What the file picker offers and `attach --by-dnr` picks up from a folder.
TILLATNA = frozenset(
    {
        ".pdf",
        ".docx",
        ".doc",
        ".odt",
        ".rtf",
        ".txt",
        ".md",
        ".csv",
        ".xlsx",
        ".xls",
        ".ods",
        ".png",
        ".jpg",
        ".jpeg",
        ".tif",
        ".tiff",
    }
)

_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    storlek: int
    filnamn: str  # the name as picked (of the link, not its target), for display
    ny: bool  # False when the same bytes were already stored
    varning: str = ""


def attachment_path(root: Path, sha256: str) -> Path:
    """Where the file with this hash lives; refuses anything but 64 hex digits, so a hash
    read from a (possibly edited) meeting file can never point outside the store."""
    if len(sha256) != 64 or not set(sha256) <= _HEX:
        raise StoreError(
            f"”{sha256}” är inte en giltig SHA-256-kontrollsumma (64 tecken 0–9, a–f); "
            f"bilagan kan inte hittas i lagret {root}."
        )
    return inside(Path(root), f"{ATTACHMENTS_DIR}/{sha256[:2]}/{sha256}")


def text_path(root: Path, sha256: str) -> Path:
    path = attachment_path(root, sha256)
    return path.with_name(path.name + TEXT_SUFFIX)


def attachment_text(root: Path, sha256: str) -> str:
    """The extracted text of an attachment, "" when none was saved."""
    path = text_path(root, sha256)
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise StoreError(
            f"Kunde inte läsa den sparade texten {path}: {exc.strerror or exc}. "
            f"Kontrollera rättigheterna på lagrets mapp."
        ) from None


def store_file(root: Path, source: Path, *, allowed_dir: Path | None = None) -> StoredFile:
    """Copy `source` into the store and return its hash and size.

    Refuses (StoreError) folders, missing or unreadable files, empty files, devices,
    fifos and sockets, and — when `allowed_dir` is given — anything whose real location
    is outside it (a symlink inside the folder is fine). Warns over STORA_FILER bytes.
    """
    root = Path(root)
    source = Path(source)
    real = check_source(source, allowed_dir)
    fd = _open_source(source, real)
    try:
        folder = inside(root, ATTACHMENTS_DIR)
        tmp = folder / f".in.{os.getpid()}.{secrets.token_hex(6)}{TMP_SUFFIX}"
        try:
            _make_dir(folder)
            sha256, size = _copy_hashing(fd, source, tmp)
            if size == 0:
                raise StoreError(
                    f"Filen {source} är tom (0 byte) och bifogas inte. Kontrollera att det "
                    f"är rätt fil."
                )
            target = attachment_path(root, sha256)
            ny = not _intact(target, sha256)
            if ny:
                _make_dir(target.parent)
                os.replace(tmp, target)
                fsync_dir(target.parent)
        except OSError as exc:
            raise StoreWriteError(
                f"Kunde inte spara en kopia av {source} i lagret {root}: "
                f"{exc.strerror or exc}. Ingenting har bifogats; kontrollera diskutrymme och "
                f"skrivrättigheter och försök igen."
            ) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    finally:
        os.close(fd)
    return StoredFile(sha256, size, source.name, ny, _size_warning(source, size))


def verify_attachments(root: Path, wanted: Iterable[tuple[str, str]]) -> list[str]:
    """One Swedish sentence per attachment that is missing or whose bytes no longer match
    their hash; [] when all are intact. Each file is re-hashed once however often used."""
    root = Path(root)
    checked: dict[str, str] = {}  # sha256 → "" when intact, else what is wrong
    problems: list[str] = []
    for sha256, description in wanted:
        if sha256 not in checked:
            checked[sha256] = _check_stored(root, sha256)
        if checked[sha256]:
            problems.append(f"Bilagan till {description}: {checked[sha256]}")
    return problems


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text sidecar (no .bak: the text can always be extracted again)."""
    _make_dir(path.parent)
    write_atomic(path, text.encode("utf-8"), keep_backup=False)


def files_in_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    """For `attach --by-dnr DIR`: (the files to try, the files skipped), both sorted by name.

    Skipped: other file types, hidden files and Office lock files ("~$…"). Sub-folders are
    not entered; a file that turns out unusable is refused later by store_file.
    """
    folder = Path(folder)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name.casefold())
    except FileNotFoundError:
        raise StoreError(f"Mappen {folder} finns inte. Kontrollera sökvägen.") from None
    except NotADirectoryError:
        raise StoreError(
            f"{folder} är en fil, inte en mapp. Ange mappen med handlingarna."
        ) from None
    except OSError as exc:
        raise StoreError(
            f"Kunde inte läsa mappen {folder}: {exc.strerror or exc}. Kontrollera rättigheterna."
        ) from None
    usable: list[Path] = []
    skipped: list[Path] = []
    for entry in entries:
        if entry.is_dir():
            continue
        if entry.name.startswith((".", "~$")) or entry.suffix.lower() not in TILLATNA:
            skipped.append(entry)
        else:
            usable.append(entry)
    return usable, skipped


def check_source(source: Path, allowed_dir: Path | None = None) -> str:
    """Refuse (StoreError) what cannot be attached; return the real path. store_file calls
    it; call it yourself before reading a file's text when matching a folder by Dnr.

    The one rule for `attach --item`, `--by-dnr` and the TUI's picker: a regular file whose
    real location is inside `allowed_dir` (the chosen folder; by default the folder the
    file is named in) and not in /proc or /sys."""
    try:
        link = os.lstat(source)
    except FileNotFoundError:
        raise StoreError(
            f"Filen {source} finns inte. Kontrollera sökvägen och försök igen."
        ) from None
    except OSError as exc:
        raise _unreadable(source, exc) from None
    real = os.path.realpath(source)
    if allowed_dir is None:
        allowed_dir = Path(os.path.abspath(source)).parent
    system = next((d for d in _SYSTEM_DIRS if _under(real, d)), None)
    if system is not None:
        # Regular files to stat(), but the kernel's: process environments, hardware state.
        raise StoreError(
            f"{source} är en systemfil (i {system}) och kan inte bifogas. Välj ett dokument."
        )
    if not _under(real, os.path.realpath(allowed_dir)):
        # Never follow a link out of the chosen folder: it could reach any file.
        what = "är en symbolisk länk som pekar" if stat.S_ISLNK(link.st_mode) else "ligger"
        raise StoreError(
            f"{source} {what} utanför mappen {allowed_dir} (till {real}) och bifogas inte. "
            f"Kopiera filen in i mappen om den ska bifogas."
        )
    try:
        info = os.stat(real)
    except FileNotFoundError:
        raise StoreError(
            f"{source} är en symbolisk länk till {real}, som inte finns. "
            f"Välj originalfilen i stället."
        ) from None
    except OSError as exc:
        raise _unreadable(source, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{source} är en mapp, inte en fil. Välj filerna i mappen i stället.")
    if not stat.S_ISREG(info.st_mode):
        # Checked before opening: opening a fifo would wait for a writer forever.
        raise StoreError(
            f"{source} är inte en vanlig fil (det är en enhet, en namngiven pipe eller en "
            f"socket) och kan inte bifogas. Välj en vanlig fil."
        )
    return real


# -- helpers ---------------------------------------------------------------------------

_SYSTEM_DIRS = ("/proc", "/sys")  # devices are refused by their file type


def _under(path: str, folder: str) -> bool:
    return os.path.commonpath([folder, path]) == folder


def _open_source(source: Path, real: str) -> int:
    # O_NOFOLLOW + O_NONBLOCK: if the path is swapped for a link or a fifo after the
    # checks, opening fails or returns at once instead of hanging.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(f"{source} ändrades medan den lästes; försök igen.") from None
        raise _unreadable(source, exc) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise StoreError(f"{source} är inte en vanlig fil och kan inte bifogas.")
    return fd


def _copy_hashing(fd: int, source: Path, tmp: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(out, FILE_MODE)  # whatever the umask
        while True:
            try:
                chunk = os.read(fd, CHUNK)
            except OSError as exc:
                raise _unreadable(source, exc) from None
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
            view = memoryview(chunk)
            while view:
                view = view[os.write(out, view) :]
        os.fsync(out)
    finally:
        os.close(out)
    return digest.hexdigest(), size


def _intact(path: Path, sha256: str) -> bool:
    """True when the store already holds these bytes; a damaged copy is replaced."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode) and _hash_file(path) == sha256
    except OSError:
        return False


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_stored(root: Path, sha256: str) -> str:
    try:
        path = attachment_path(root, sha256)
    except StoreError as exc:
        return str(exc)
    try:
        actual = _hash_file(path)
    except FileNotFoundError:
        return f"filen {path} saknas i lagret. Bifoga originalfilen igen."
    except OSError as exc:
        return (
            f"filen {path} går inte att läsa ({exc.strerror or exc}). Kontrollera "
            f"rättigheterna, eller bifoga originalfilen igen."
        )
    if actual != sha256:
        return (
            f"innehållet i {path} har ändrats och stämmer inte längre med kontrollsumman. "
            f"Bifoga originalfilen igen."
        )
    return ""


def _make_dir(folder: Path) -> None:
    if folder.is_dir():
        return
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask
    fsync_dir(folder.parent)


def _unreadable(source: Path, exc: OSError) -> StoreError:
    if isinstance(exc, PermissionError):
        return StoreError(
            f"Filen {source} går inte att läsa: behörighet saknas. Kontrollera filens "
            f"rättigheter eller kopiera den till en mapp du kan läsa."
        )
    return StoreError(f"Filen {source} går inte att läsa: {exc.strerror or exc}.")


def _size_warning(source: Path, size: int) -> str:
    if size <= STORA_FILER:
        return ""
    return (
        f"{source.name} är {size / (1024 * 1024):.0f} MB. Stora bilagor gör lagret och "
        f"handlingarna tunga att skicka; överväg att komprimera filen."
    )
