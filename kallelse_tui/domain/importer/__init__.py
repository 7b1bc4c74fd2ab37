"""Reads a kallelse pasted from Word or a PDF into structured data.

`parse_kallelse_text` never raises. It reads the organ, the date, time and place of the
meeting, the numbered ärenden with their Dnr, and the signatories, and it stops where the
kallelse ends: at the signature, or at the first heading of the handlingar that follow.
Every line it cannot place is listed in `problem` with its line number and a Swedish
explanation; it never makes up an ärende that is not numbered in the text.

Line numbers count "\\n", "\\r\\n" and "\\r" breaks, as an editor does; a form feed (a PDF
page break) is whitespace inside a line.

The package follows the reading: `layout` (cleaning a line, its columns, page furniture),
`huvud` (organ, date, time, place), `agenda` (one agenda row), `signatur`, `lasare` (the
one pass over the lines) and `handlingar` (what the pages after the agenda propose, by Dnr).
"""

from __future__ import annotations

from kallelse_tui.domain.importer.lasare import _Lasare
from kallelse_tui.domain.importer.resultat import (
    ImportHandling,
    ImportProblem,
    ImportRad,
    KallelseImport,
)

__all__ = ["ImportHandling", "ImportProblem", "ImportRad", "KallelseImport", "parse_kallelse_text"]


def parse_kallelse_text(text: str) -> KallelseImport:
    """Read a pasted kallelse; what cannot be read is reported in `problem`."""
    return _Lasare(text).las()
