"""Publishing the digital anslagstavla from a store: the one use case `kallelse
anslagstavla` and the TUI share. Reads every meeting once, registers the anslag days the
board puts up for the first time (when asked), checks each current protokoll against its
justering, writes the site (export/anslagstavla.py) and saves the registrations just
before the new site is swapped in, so the board and the store agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kallelse_tui.domain.anslagstavla import (
    Registrering,
    Slag,
    registrera_publicering,
    tillkannagivanden,
)
from kallelse_tui.domain.model import Organ, Sammantrade
from kallelse_tui.domain.verifiering import kontrollsummelista
from kallelse_tui.export.anslagstavla import Kalla, Rapport, Resultat, skriv_anslagstavla

if TYPE_CHECKING:
    from kallelse_tui.store import StoreApi


@dataclass
class Publicering:
    resultat: Resultat
    registrerade: list[Registrering] = field(default_factory=list)
    # Justerade protokoll (or §§) left off because the store no longer matches them, and
    # notices the board cannot show until their day is registered.
    utelamnade: list[str] = field(default_factory=list)
    oregistrerade: list[Registrering] = field(default_factory=list)


def publicera_anslagstavla(
    store: StoreApi,
    mal: Path,
    idag: date,
    *,
    registrera: bool = False,
    rapport: Rapport | None = None,
    forvaringsplats: dict[str, str] | None = None,
) -> Publicering:
    """Write the board for `idag` into the folder `mal` (see the module); `forvaringsplats`
    gives the place a protokoll registered now is kept (meeting id → place)."""
    from kallelse_tui.domain.verifiering import kontrollera_kedjehuvud
    from kallelse_tui.export.anslag import standard_forvaringsplats
    from kallelse_tui.store.integritet import chain_head, meeting_problems

    if rapport:
        rapport(0, 1, "Läser sammanträdena")
    organs = {o.id: o for o in store.organs()}
    moten = [store.meeting(row.id) for row in store.meetings()]

    def organ_for(mote: Sammantrade) -> Organ:
        frusen = mote.justering.organ if mote.justering else None
        return frusen or organs[mote.organ_id]

    # Where a protokoll registered now is kept: as typed, else where the anslagsbevis
    # would say, written into the anslag so the protokoll's own box names it too.
    skrivna = forvaringsplats or {}
    platser = {m.id: skrivna.get(m.id) or standard_forvaringsplats(organ_for(m)) for m in moten}
    registreringar = registrera_publicering(
        moten, organ_for, idag, utfor=registrera, forvaringsplats=platser
    )
    kedjefel: dict[str, list[str]] = {}
    kallor: list[Kalla] = []
    utelamnade: list[str] = []
    for mote in moten:
        organ = organ_for(mote)
        notiser = tillkannagivanden(mote, organ)
        justerade = [t for t in notiser if t.slag is not Slag.KUNGORELSE and t.aktuell(idag)]
        # Handed out now: the protokoll checked against its justering, and the organ's
        # chain against the head the register keeps (a rewritten newest protokoll no longer
        # fits it). Every link of ten years of chain is `kallelse verify`'s work.
        if justerade:
            if mote.organ_id not in kedjefel:
                kedja = [m for m in moten if m.organ_id == mote.organ_id and m.last]
                huvud = chain_head(store, mote.organ_id)
                kedjefel[mote.organ_id] = kontrollera_kedjehuvud(kedja, organ, huvud)
            if problem := meeting_problems(store, mote.id, mote, organ) + kedjefel[mote.organ_id]:
                utelamnade.append(
                    f"{organ.namn} {mote.datum.isoformat()} ({mote.id}) visas inte: "
                    f"{problem[0]} Kör kallelse verify för alla avvikelser."
                )
                notiser = [t for t in notiser if t not in justerade]
        kallor += [Kalla(t, organ) for t in notiser]
    sparas = {r.mote_id for r in registreringar} if registrera else set()

    def spara() -> None:
        for mote in moten:
            if mote.id in sparas:
                store.save_meeting(mote)

    resultat = skriv_anslagstavla(
        kallor,
        idag,
        Path(mal),
        kontrollsummelista(moten),
        rapport,
        kommuner=[o.kommun for o in organs.values()],
        innan_bytet=spara,
    )
    return Publicering(
        resultat,
        registreringar if registrera else [],
        utelamnade,
        [] if registrera else registreringar,
    )


def att_registrera(store: StoreApi, idag: date) -> list[Registrering]:
    """What publishing on `idag` would register, for the question asked before it. Only the
    meetings still on their way are read (not utkast, not anslaget), not ten years of
    finished ones."""
    from kallelse_tui.domain.status import Status

    organs = {o.id: o for o in store.organs()}
    klara = (Status.UTKAST, Status.ANSLAGET)
    moten = [store.meeting(r.id) for r in store.meetings() if r.status not in klara]

    def organ_for(mote: Sammantrade) -> Organ:
        return organs[mote.organ_id]

    return registrera_publicering(moten, organ_for, idag, utfor=False)


def sammanfattning(pub: Publicering) -> str:
    """The sentence naming what was written, for the CLI and the TUI alike."""
    from kallelse_tui.export.anslagstavla import (
        ARKIV,
        ATOM,
        INDEX,
        JSON_FIL,
        KONTROLLSUMMOR,
        STIL,
    )

    res = pub.resultat
    nya = len(res.nya_dokument)
    dokument = f"{nya} {'ny PDF' if nya == 1 else 'nya PDF'}"
    if res.ateranvanda:
        dokument += f" ({res.ateranvanda} oförändrade)"
    return (
        f"Anslagstavlan skrevs till {res.mapp}: {INDEX} ({res.aktuella} aktuella), {ARKIV} "
        f"({res.arkiverade} nedtagna), {ATOM}, {JSON_FIL}, {KONTROLLSUMMOR}, {STIL} och "
        f"{dokument}."
    )
