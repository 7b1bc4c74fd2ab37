"""Expediering: who gets a protokollsutdrag of which §§, once they are justerade.

The recipients come from each ärende's "Beslut skickas till"; one recipient named under
several §§ gets one utdrag with all of them. Pseudo-recipients ("Akten") are listed, so the
list matches the protokoll, but never sent anything. What was sent is kept on the meeting
(`Sammantrade.expediering`), a field the justering lock leaves open.

Pure domain code: no Textual, no files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Expediering,
    Mottagare,
    Sammantrade,
    Syfte,
    TillagdMottagare,
)


@dataclass
class Mottagarrad:
    """One recipient across the meeting: the §§ concerning them and why."""

    namn: str
    pseudo: bool
    syften: list[Syfte] = field(default_factory=list)
    justerade: list[int] = field(default_factory=list)  # §§ an utdrag may be sent of
    ej_justerade: list[int] = field(default_factory=list)  # §§ still waiting for justering
    skickat: date | None = None  # last time all of `justerade` were sent

    @property
    def syfte_text(self) -> str:
        return ", ".join(s.value for s in self.syften)

    @property
    def alla(self) -> list[int]:
        return sorted(self.justerade + self.ej_justerade)


def justerade_paragrafer(mote: Sammantrade) -> set[int]:
    """The §§ whose decisions may be sent: all once the protokoll is justerat, else those
    justerade at the meeting (omedelbar justering)."""
    if mote.last:
        return {p.nummer for p in mote.paragrafer}
    return {p.nummer for p in mote.paragrafer if p.omedelbar is not None}


def _nyckel(namn: str) -> str:
    return " ".join(namn.split()).casefold()


def mottagare(mote: Sammantrade) -> list[Mottagarrad]:
    """Every recipient of "Beslut skickas till" over the meeting's §§, in the order they
    first appear; real recipients before pseudo-recipients."""
    justerade = justerade_paragrafer(mote)
    rader: dict[str, Mottagarrad] = {}
    for paragraf in sorted(mote.paragrafer, key=lambda p: p.nummer):
        arende = next((a for a in mote.arenden if a.id == paragraf.arende_id), None)
        if arende is None:
            continue
        for m in arende.skickas_till:
            if not m.namn.strip():
                continue
            rad = rader.setdefault(_nyckel(m.namn), Mottagarrad(m.namn.strip(), m.pseudo))
            if m.syfte not in rad.syften:
                rad.syften.append(m.syfte)
            lista = rad.justerade if paragraf.nummer in justerade else rad.ej_justerade
            if paragraf.nummer not in lista:
                lista.append(paragraf.nummer)
    for tillagd in mote.tillagda_mottagare:
        rad = rader.setdefault(_nyckel(tillagd.namn), Mottagarrad(tillagd.namn, pseudo=False))
        if tillagd.syfte not in rad.syften:
            rad.syften.append(tillagd.syfte)
        for nummer in tillagd.paragrafer:
            lista = rad.justerade if nummer in justerade else rad.ej_justerade
            if nummer not in rad.alla:
                lista.append(nummer)
    for rad in rader.values():
        rad.justerade.sort()
        rad.skickat = skickat(mote, rad.namn, rad.justerade)
    return sorted(rader.values(), key=lambda r: r.pseudo)


def skickat(mote: Sammantrade, namn: str, paragrafer: Iterable[int]) -> date | None:
    """The last day an utdrag covering all of `paragrafer` went to `namn`; None if never
    (or if a § has been added since)."""
    onskade = set(paragrafer)
    if not onskade:
        return None
    dagar = [
        e.skickat
        for e in mote.expediering
        if _nyckel(e.mottagare) == _nyckel(namn) and onskade <= set(e.paragrafer)
    ]
    return max(dagar) if dagar else None


def kontrollera_utdrag(mote: Sammantrade, rad: Mottagarrad) -> list[int]:
    """The §§ an utdrag for `rad` may contain, or a DomainError saying why none."""
    if rad.pseudo:
        raise DomainError(
            f"”{rad.namn}” är ingen mottagare som får utdrag; beslutet läggs till akten."
        )
    if not rad.justerade:
        vilka = ", ".join(f"§ {n}" for n in rad.ej_justerade) or "paragraferna"
        justerad = "justerad" if len(rad.ej_justerade) == 1 else "justerade"
        raise DomainError(
            f"Utdrag till {rad.namn} kan inte skickas: {vilka} är inte {justerad} än. "
            "Justera protokollet (j) eller paragrafen omedelbart först."
        )
    return sorted(rad.justerade)


def markera_skickat(mote: Sammantrade, rad: Mottagarrad, dag: date) -> Expediering:
    """Record that `rad`'s utdrag (its justerade §§) were sent on `dag`."""
    paragrafer = kontrollera_utdrag(mote, rad)
    if dag < mote.datum:
        raise DomainError(
            f"Utdraget kan inte ha skickats {dag.isoformat()}, före sammanträdet "
            f"{mote.datum.isoformat()}."
        )
    post = Expediering(rad.namn, paragrafer, dag)
    mote.expediering.append(post)
    rad.skickat = dag
    return post


def lagg_till_mottagare(
    mote: Sammantrade, namn: str, syfte: Syfte, paragrafer: Iterable[int]
) -> TillagdMottagare:
    """Add a recipient of an utdrag after justering, without touching the protokoll."""
    namn = " ".join(namn.split())
    if not namn:
        raise DomainError("Mottagaren behöver ett namn, t.ex. ”Miljöförvaltningen”.")
    if Mottagare(namn).pseudo:
        raise DomainError(f"”{namn}” får inga utdrag; beslutet läggs till akten.")
    valda = sorted(set(paragrafer))
    justerade = justerade_paragrafer(mote)
    if not valda:
        raise DomainError("Ange vilka paragrafer mottagaren ska få utdrag av.")
    if ej := [n for n in valda if n not in justerade]:
        raise DomainError(
            f"§ {ej[0]} är inte justerad; utdrag kan bara skickas av justerade paragrafer."
        )
    finns = next((r for r in mottagare(mote) if _nyckel(r.namn) == _nyckel(namn)), None)
    if finns is not None and set(valda) <= set(finns.alla):
        raise DomainError(
            f"{finns.namn} får redan utdrag av {', '.join(f'§ {n}' for n in finns.alla)}."
        )
    post = TillagdMottagare(namn, syfte, valda)
    mote.tillagda_mottagare.append(post)
    return post


def slug(namn: str) -> str:
    """'Ekonomiavdelningen' → 'ekonomiavdelningen', 'Sakägare enligt sändlista' →
    'sakagare-enligt-sandlista': for file names."""
    ascii_ = unicodedata.normalize("NFKD", namn).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "mottagare"


def utdrag_filnamn(mote: Sammantrade, rad: Mottagarrad) -> str:
    return f"utdrag-{mote.id}-{slug(rad.namn)}.pdf"
