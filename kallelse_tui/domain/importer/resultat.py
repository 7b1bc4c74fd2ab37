"""What the importer reads: the items, the meeting's facts and the lines it could not place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from kallelse_tui.domain.model import Undertecknare


@dataclass
class ImportRad:
    """One agenda item as printed."""

    nummer: int
    rubrik: str
    dnr: str
    rad: int


@dataclass
class ImportProblem:
    """A line that could not be read, and why (a Swedish sentence)."""

    rad: int
    text: str
    orsak: str


@dataclass
class KallelseImport:
    organ: str
    datum: date | None
    tid: time | None
    plats: str
    arenden: list[ImportRad]
    undertecknare: list[Undertecknare]
    problem: list[ImportProblem]
    kommun: str = ""  # as a letterhead or footer prints it: "Kalix kommun"
    tid_slut: time | None = None  # "13.15–16.30": the planned end
