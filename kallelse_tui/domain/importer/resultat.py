"""What the importer reads: the items, the meeting's facts and the lines it could not place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from kallelse_tui.domain.model import Forslag, Handlaggare, Mottagare, Undertecknare


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
class ImportHandling:
    """What the handlingar after the agenda say about agenda item `nummer`, found by its
    Dnr: offered to the secretary, never applied unasked."""

    nummer: int
    dnr: str  # as printed in the handling
    rad: int  # the line of that Dnr
    forslag: list[Forslag] = field(default_factory=list)
    handlaggare: Handlaggare | None = None
    skickas_till: list[Mottagare] = field(default_factory=list)


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
    handlingar: list[ImportHandling] = field(default_factory=list)
