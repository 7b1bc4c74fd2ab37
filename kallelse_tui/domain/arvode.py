"""Arvodesunderlag: who attended which meeting, in what role and for how long, for the
kommun's payroll and for each politician to check.

A person's time at a meeting runs from the meeting's start (or the clock time of "tjänstgör
från § 14") to its end (or the clock time of "lämnar sammanträdet efter § 12"), less the
ajourneringar inside that span. A time that is not recorded is never guessed: the row says
what is missing and counts no minutes. Jäv is not leaving (the member stays at the
meeting), so it does not shorten anyone's time; an ersättare who served at a § because of
jäv is noted. Pure domain code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Ajournering, NarvaroPost, NarvaroTyp, Organ, Sammantrade
from kallelse_tui.domain.status import Status

# Meetings that have been held: those before are plans, their närvaro not yet a fact.
HALLNA = frozenset({Status.PAGAR, Status.PROTOKOLL_KLART, Status.JUSTERAT, Status.ANSLAGET})
JUSTERADE = frozenset({Status.JUSTERAT, Status.ANSLAGET})


@dataclass(frozen=True)
class Narvarotid:
    """One person at one meeting."""

    namn: str
    parti: str
    uppdrag: str  # the seat: "ordförande", "ledamot", "ersättare" …
    roll: NarvaroTyp  # how they took part that day
    organ: str  # "Kommunstyrelsen"
    kommun: str
    organ_kortnamn: str
    mote_id: str
    datum: date
    ersatter: str = ""  # "Anna Berg (S)" a tjänstgörande ersättare served for
    fran: time | None = None
    till: time | None = None
    ajournering_minuter: int = 0
    minuter: int | None = None  # None when a time is missing
    justerat: bool = False
    anmarkningar: tuple[str, ...] = ()

    @property
    def visningsnamn(self) -> str:
        return f"{self.namn} ({self.parti})" if self.parti else self.namn


@dataclass
class Person:
    """Everything one person attended in the period, in date order."""

    namn: str
    parti: str
    kommun: str
    rader: list[Narvarotid] = field(default_factory=list)

    @property
    def visningsnamn(self) -> str:
        return f"{self.namn} ({self.parti})" if self.parti else self.namn

    @property
    def minuter(self) -> int:
        return sum(r.minuter or 0 for r in self.rader)

    @property
    def ofullstandiga(self) -> int:
        """Rows whose time could not be counted."""
        return sum(1 for r in self.rader if r.minuter is None)


@dataclass
class Arvodesunderlag:
    fran: date
    till: date
    organ: list[Organ]  # the organs asked about (all, or the one chosen)
    personer: list[Person]
    moten: int  # held meetings in the period

    @property
    def rader(self) -> list[Narvarotid]:
        return [r for p in self.personer for r in p.rader]


def timmar_text(minuter: int | None) -> str:
    """'2 h 45 min'; '–' when not counted."""
    if minuter is None:
        return "–"
    h, m = divmod(minuter, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def _minuter(t: time) -> int:
    return t.hour * 60 + t.minute


def _overlapp(fran: time, till: time, a: Ajournering) -> int:
    """Minutes of the break `a` inside fran–till; a break still going on runs to `till`."""
    slut = _minuter(a.till) if a.till is not None else _minuter(till)
    return max(0, min(slut, _minuter(till)) - max(_minuter(a.fran), _minuter(fran)))


def _hhmm(t: time) -> str:
    return f"{t:%H:%M}"


def _namn(organ: Organ, mote: Sammantrade, ledamot_id: str) -> tuple[str, str, str]:
    """(name, party, seat), from the register, else as frozen at justering."""
    for register in (organ, mote.justering.organ if mote.justering else None):
        if register is None:
            continue
        for m in register.ledamoter:
            if m.id == ledamot_id:
                return m.namn, m.parti, m.roll.value
    frozen = mote.justering.namn.get(ledamot_id, "") if mote.justering else ""
    return frozen or f"okänd ledamot ”{ledamot_id}”", "", ""


def narvarotid(mote: Sammantrade, organ: Organ, post: NarvaroPost) -> Narvarotid:
    """The span `post` served at the held meeting `mote`, with what is missing said."""
    namn, parti, uppdrag = _namn(organ, mote, post.ledamot_id)
    notes: list[str] = []
    fran = _klockslag(
        post.fran_tid, post.fran_paragraf, "tjänstgör från §", mote.tid, "starttid", notes
    )
    till = _klockslag(
        post.till_tid, post.till_paragraf, "lämnar efter §", mote.sluttid, "sluttid", notes
    )
    paus = minuter = None
    if fran is not None and till is not None:
        if till <= fran:
            notes.append(f"Tiden {_hhmm(fran)}–{_hhmm(till)} slutar innan den börjar.")
        else:
            paus = sum(_overlapp(fran, till, a) for a in mote.ajourneringar)
            minuter = _minuter(till) - _minuter(fran) - paus
    for p in mote.paragrafer:
        if any(j.ersatt_av == post.ledamot_id for j in p.jav):
            notes.append(f"Tjänstgjorde vid § {p.nummer} i stället för en jävig ledamot.")
    if mote.status not in JUSTERADE:
        notes.append("Protokollet är inte justerat.")
    ersatter = ""
    if post.typ is NarvaroTyp.ERSATTARE_TJANSTGOR and post.ersatter:
        e_namn, e_parti, _ = _namn(organ, mote, post.ersatter)
        ersatter = f"{e_namn} ({e_parti})" if e_parti else e_namn
    return Narvarotid(
        namn=namn,
        parti=parti,
        uppdrag=uppdrag,
        roll=post.typ,
        organ=organ.namn,
        kommun=organ.kommun,
        organ_kortnamn=organ.kortnamn,
        mote_id=mote.id,
        datum=mote.datum,
        ersatter=ersatter,
        fran=fran,
        till=till,
        ajournering_minuter=paus or 0,
        minuter=minuter,
        justerat=mote.status in JUSTERADE,
        anmarkningar=tuple(notes),
    )


def narvarotider(mote: Sammantrade, organ: Organ) -> list[Narvarotid]:
    """Everyone who attended the meeting (absent members are not paid), in närvaro order;
    nothing for a meeting not yet held."""
    if mote.status not in HALLNA:
        return []
    return [narvarotid(mote, organ, p) for p in mote.narvaro if p.typ is not NarvaroTyp.FRANVARANDE]


def kontrollera_period(fran: date, till: date) -> None:
    if till < fran:
        raise DomainError(
            f"Perioden slutar ({till.isoformat()}) innan den börjar ({fran.isoformat()}). "
            "Byt plats på --fran och --till."
        )


def arvodesunderlag(
    moten: Iterable[tuple[Sammantrade, Organ]], fran: date, till: date, organ: list[Organ]
) -> Arvodesunderlag:
    """The held meetings of `moten` dated fran–till (both inclusive), per person (by kommun
    and name, so one person in two organs of a kommun is one person), people and rows in
    order."""
    kontrollera_period(fran, till)
    personer: dict[str, Person] = {}
    antal = 0
    for mote, mote_organ in sorted(
        moten, key=lambda mo: (mo[0].datum, mo[0].tid or time(), mo[0].id)
    ):
        if not fran <= mote.datum <= till or mote.status not in HALLNA:
            continue
        antal += 1
        for rad in narvarotider(mote, mote_organ):
            person = personer.setdefault(
                f"{rad.kommun}\n{rad.namn}".casefold(), Person(rad.namn, rad.parti, rad.kommun)
            )
            person.parti = rad.parti or person.parti  # the latest party
            person.rader.append(rad)
    ordning = sorted(personer.values(), key=lambda p: (p.kommun, *_sorteringsnyckel(p.namn)))
    return Arvodesunderlag(fran, till, organ, ordning, antal)


def _sorteringsnyckel(namn: str) -> tuple[str, str]:
    """Surname first, as payroll lists sort."""
    delar = namn.split()
    return (delar[-1].casefold() if delar else "", namn.casefold())


def _klockslag(
    tid: time | None,
    paragraf: int | None,
    vad: str,
    motets: time | None,
    motets_namn: str,
    notes: list[str],
) -> time | None:
    """One end of a person's time: their own clock time, else none when they came or left
    at a § without one (never guessed), else the meeting's start or end."""
    if tid is not None:
        return tid
    if paragraf is not None:
        notes.append(f"Klockslag saknas för ”{vad} {paragraf}”.")
        return None
    if motets is None:
        notes.append(f"Sammanträdets {motets_namn} saknas.")
    return motets
