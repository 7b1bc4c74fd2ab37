"""Paths the user types (a folder to export to, a file to attach): read without surprises.

Whatever is typed or pasted — a name longer than the file system allows, a NUL byte, an
unknown ~user — is an answer ("finns inte"), never an exception.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
from pathlib import Path
from typing import Literal


def typed_path(text: str) -> Path:
    """`text` as an absolute path, ~ expanded when it can be."""
    path = Path(text.strip())
    try:
        path = path.expanduser()
    except RuntimeError:  # "~someone" with no such user: taken literally
        pass
    return Path(os.path.abspath(path))


def path_kind(path: Path) -> Literal["dir", "file"] | None:
    """ "dir" or "file" when `path` is one (links followed), None when it is neither or
    cannot be looked at (missing, too long, a NUL byte, no permission)."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else None


def shown(path: Path | str, most: int = 80) -> str:
    """A typed path in a message: a pasted page of text is cut, not repeated."""
    text = str(path)
    return text if len(text) <= most else text[: most - 1] + "…"


# -- inside the store -------------------------------------------------------------------

_ID = re.compile(r"\w[\w.-]{0,199}")


def valid_id(value: object) -> bool:
    """An id that can name a file: letters, digits, "_", "-", "." (not first), no "/"."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def inside(root: Path, relative: str | Path) -> Path:
    """`root / relative`, refused (StoreCorruptError) unless it lies inside `root` once
    ".." and symlinks are resolved: a path read from a store file is never followed out."""
    from kallelse_tui.store.errors import StoreCorruptError

    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts or "\x00" in str(candidate):
        raise StoreCorruptError(
            f"Sökvägen ”{shown(relative)}” pekar utanför lagret {root} och används inte."
        )
    path = root / candidate
    real, base = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([base, real]) != base:
        raise StoreCorruptError(
            f"{path} är en symbolisk länk ut ur lagret {root} (till {real}) och används inte. "
            f"Ersätt länken med filen själv."
        )
    return path


def swap_in_folder(new: Path, target: Path) -> None:
    """Put the finished folder `new` in place of `target` (a site, an export, a store copy):
    one rename when the target is new or empty; else the old one moves aside, the new one
    in, and the old one is removed only once the new one stands (put back if that fails)."""
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        os.replace(new, target)
        return
    old = target.with_name(f".{target.name}.{secrets.token_hex(4)}.gammal")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
