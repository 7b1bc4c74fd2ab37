"""The digital anslagstavla (KL 8 kap. 9–12 §§): which tillkännagivanden stand on it on a
given day, which have come down (the archive), and what must be registered in the store
before the board can show it.

Three kinds of tillkännagivande:
- the justering of a protokoll: up from the anslag day until the appeal time has run out
  (it may come down the day after the last day to appeal, tidsfrister.nedtagning);
- an omedelbart justerad §, posted and appealed on its own with its own anslag day;
- a fullmäktige meeting's kungörelse (KL 5 kap. 11 §), up from the day it was put up (a
  week before the meeting at the latest) until the meeting has been held.

The board shows only what the store records: a justerat protokoll without a registered
anslag day is not on it until the day is registered (`registrera_publicering`, the
CLI's --registrera-anslag or the question in the TUI), so the board and the store agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kallelse_tui.domain.justering import registrera_anslag, registrera_omedelbart_anslag
from kallelse_tui.domain.model import Organ, OrganTyp, Sammantrade
from kallelse_tui.domain.status import Status


class Slag(StrEnum):
    PROTOKOLL = "protokoll"
    PARAGRAF = "paragraf"
    KUNGORELSE = "kungörelse"


@dataclass(frozen=True)
class Tillkannagivande:
    """One notice on the board: what, of which meeting, and the days it is up."""

    slag: Slag
    mote: Sammantrade
    uppsatt: date
    nedtas: date  # the first day it is no longer up
    paragraf: int | None = None  # the omedelbart justerad §

    @property
    def id(self) -> str:
        """Stable across runs: the meeting id, and the § or "kungorelse"."""
        if self.slag is Slag.PARAGRAF:
            return f"{self.mote.id}-p{self.paragraf}"
        if self.slag is Slag.KUNGORELSE:
            return f"{self.mote.id}-kungorelse"
        return self.mote.id

    def aktuell(self, idag: date) -> bool:
        return self.uppsatt <= idag < self.nedtas

    def arkiverad(self, idag: date) -> bool:
        return self.nedtas <= idag


def tillkannagivanden(mote: Sammantrade, organ: Organ) -> list[Tillkannagivande]:
    """Every notice the store records for `mote`, whatever the day."""
    ut = []
    if mote.last and mote.justering is not None and mote.anslag is not None:
        anslag = mote.anslag
        ut.append(
            Tillkannagivande(Slag.PROTOKOLL, mote, anslag.uppsatt, anslag.tidigast_nedtagning)
        )
    for p in sorted(mote.paragrafer, key=lambda p: p.nummer):
        omedelbar = p.omedelbar
        if omedelbar is not None and omedelbar.anslag is not None:
            ned = omedelbar.tidigast_nedtagning or omedelbar.anslag
            ut.append(Tillkannagivande(Slag.PARAGRAF, mote, omedelbar.anslag, ned, p.nummer))
    if organ.typ is OrganTyp.FULLMAKTIGE and mote.kungorelse_uppsatt is not None:
        ned = mote.datum + timedelta(days=1)
        ut.append(Tillkannagivande(Slag.KUNGORELSE, mote, mote.kungorelse_uppsatt, ned))
    return ut


def ordning(t: Tillkannagivande) -> tuple[date, date, str]:
    """Newest first on the board and in the archive; the id keeps the order stable."""
    return (t.uppsatt, t.mote.datum, t.id)


@dataclass(frozen=True)
class Registrering:
    """One anslag day the board needs and the store lacks (or has just been given)."""

    mote_id: str
    vad: str  # "Kommunstyrelsen 2026-10-19: protokollets anslag"
    dag: date

    @property
    def text(self) -> str:
        return f"{self.vad} uppsatt {self.dag.isoformat()}"


def _vad(organ: Organ, mote: Sammantrade, vad: str) -> str:
    return f"{organ.namn} {mote.datum.isoformat()}: {vad}"


def registrera_publicering(
    moten: Iterable[Sammantrade],
    organ_for: Callable[[Sammantrade], Organ],
    idag: date,
    *,
    utfor: bool,
    forvaringsplats: Mapping[str, str] | None = None,
) -> list[Registrering]:
    """What publishing the board on `idag` puts up for the first time: a justerat protokoll
    without an anslag, an omedelbart justerad § not yet posted, a kallad fullmäktige
    meeting still ahead without a kungörelse day. With `utfor` each is recorded on the
    meeting (the caller saves it), a protokoll's anslag with the place it is kept from
    `forvaringsplats` (meeting id → place; else the organ's standard); without, they are
    only listed."""
    ut = []
    for mote in moten:
        organ = organ_for(mote)
        justering = mote.justering
        if (
            mote.status is Status.JUSTERAT
            and mote.anslag is None
            and justering is not None
            and (justering.datum is None or justering.datum <= idag)
        ):
            if utfor:
                registrera_anslag(mote, idag, (forvaringsplats or {}).get(mote.id, ""))
            ut.append(Registrering(mote.id, _vad(organ, mote, "protokollets anslag"), idag))
        for p in sorted(mote.paragrafer, key=lambda p: p.nummer):
            omedelbar = p.omedelbar
            if omedelbar is not None and omedelbar.anslag is None and omedelbar.datum <= idag:
                if utfor:
                    registrera_omedelbart_anslag(mote, p.nummer, idag)
                vad = _vad(organ, mote, f"anslaget av § {p.nummer}")
                ut.append(Registrering(mote.id, vad, idag))
        if (
            organ.typ is OrganTyp.FULLMAKTIGE
            and mote.status is Status.KALLAD
            and mote.kungorelse_uppsatt is None
            and mote.datum >= idag
        ):
            if utfor:
                mote.kungorelse_uppsatt = idag
            ut.append(Registrering(mote.id, _vad(organ, mote, "kungörelsen"), idag))
    return ut
