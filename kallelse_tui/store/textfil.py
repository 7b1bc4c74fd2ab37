"""Reading a text file the user names (a member CSV): Excel's encodings, Swedish errors."""

from __future__ import annotations

from pathlib import Path

from kallelse_tui.domain.errors import DomainError, os_orsak
from kallelse_tui.store.paths import shown


def read_csv_text(path: Path) -> str:
    """UTF-8 (with or without BOM), else cp1252: Excel's "CSV (semikolonavgränsad)"."""
    try:
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            return path.read_text(encoding="cp1252")
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in what was pasted
        reason = os_orsak(exc) if isinstance(exc, OSError) else "ogiltigt namn"
        raise DomainError(f"Kunde inte läsa {shown(path)}: {reason}.") from None
