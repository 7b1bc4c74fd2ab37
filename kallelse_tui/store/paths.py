"""Paths the user types (a folder to export to, a file to attach): read without surprises.

Whatever is typed or pasted — a name longer than the file system allows, a NUL byte, an
unknown ~user — is an answer ("finns inte"), never an exception.
"""

from __future__ import annotations

import os
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
