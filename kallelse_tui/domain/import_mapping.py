"""From an imported kallelse (domain.importer) to ärenden and a meeting of an organ.

Shared by `kallelse import kallelse` and the import screen, so both make the same meeting.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date, time

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.importer import ImportHandling, ImportRad, KallelseImport
from kallelse_tui.domain.model import Arende, ArendeTyp, Organ, Sammantrade, nytt_sammantrade

# First matching pattern wins; titles are compared in lower case.
_TYP_MONSTER: list[tuple[str, ArendeTyp]] = [
    (r"^meddelanden?\b", ArendeTyp.MEDDELANDEN),
    # A list of decisions made on delegation; "Revidering av delegationsordning" is a decision.
    (
        r"delegationsbeslut|delegerade (?:ärenden|beslut)|beslut på delegation",
        ArendeTyp.DELEGATIONSBESLUT,
    ),
    (r"^val\b|^val av (?!justerare)|fyllnadsval|avsägelse", ArendeTyp.VAL),
    (r"^motion|motionssvar|svar på motion", ArendeTyp.MOTION),
    (r"^information\b|^informationsärende|^muntlig information", ArendeTyp.INFORMATION),
]
_STANDARD = {
    "upprop",
    "val av justerare",
    "godkännande av ärendelista",
    "godkännande av dagordningen",
    "anmälan av extra ärenden",
    "fastställande av dagordning",
}


def gissa_typ(rubrik: str, organ: Organ) -> ArendeTyp:
    text = rubrik.strip().lower()
    standard = _STANDARD | {s.lower() for s in organ.reglemente.standardarenden}
    if text in standard:
        return ArendeTyp.STANDARD
    for pattern, typ in _TYP_MONSTER:
        if re.search(pattern, text):
            return typ
    return ArendeTyp.BESLUT


def som_arenden(
    rader: list[ImportRad],
    organ: Organ,
    nytt_id: Callable[[], str],
    handlingar: list[ImportHandling] | None = None,
) -> list[Arende]:
    """The items as printed; with `handlingar` (when the secretary took them) also their
    förslag till beslut, handläggare and "Beslut skickas till"."""
    ur_handlingar = {h.nummer: h for h in handlingar or []}
    arenden = []
    for r in rader:
        arende = Arende(id=nytt_id(), rubrik=r.rubrik, dnr=r.dnr, typ=gissa_typ(r.rubrik, organ))
        if h := ur_handlingar.get(r.nummer):
            arende.forslag = list(h.forslag)
            arende.handlaggare = h.handlaggare
            arende.skickas_till = list(h.skickas_till)
        arenden.append(arende)
    return arenden


def _organ_som_heter(namn: str, organs: list[Organ], kommun: str) -> list[Organ]:
    wanted = namn.strip().lower()
    found = [o for o in organs if wanted in {o.namn.lower(), o.kortnamn.lower(), o.id.lower()}]
    if len(found) > 1 and kommun:
        found = [o for o in found if o.kommun.lower() == kommun.strip().lower()] or found
    return found


def hitta_organ(namn: str, organs: list[Organ], kommun: str = "") -> Organ:
    """The organ named `namn` (its name, short name or id), or a DomainError saying why not.

    Several organs of that name in different kommuner: the one in `kommun`, when given."""
    organ = organ_for_import(namn, organs, kommun)
    if organ is None:
        known = ", ".join(f"{o.id} ({o.namn_och_kommun})" for o in organs) or "inga"
        raise DomainError(f"Hittar inget organ som heter ”{namn}”. Organ i lagret: {known}.")
    return organ


def organ_for_import(namn: str, organs: list[Organ], kommun: str = "") -> Organ | None:
    """As `hitta_organ`, but None when no organ has that name (the import creates it)."""
    found = _organ_som_heter(namn, organs, kommun)
    if len(found) > 1:
        options = ", ".join(f"{o.id} ({o.kommun})" for o in found)
        raise DomainError(f"Flera organ heter ”{namn}”: {options}. Ange organets id med --organ.")
    return found[0] if found else None


def som_sammantrade(
    imp: KallelseImport,
    organ: Organ,
    upptagna: set[str],
    datum: date | None = None,
    tid: time | None = None,
    plats: str = "",
    med_handlingar: bool = False,
) -> Sammantrade:
    """A new meeting in utkast holding exactly the imported items (no template items).

    `datum`, `tid` and `plats` (typed by the secretary) win over what the text says; the
    handlingar's proposals are taken only `med_handlingar`."""
    datum = datum or imp.datum
    if datum is None:
        raise DomainError(
            "Kallelsen anger inget sammanträdesdatum som gick att läsa; ange datumet."
        )
    mote = nytt_sammantrade(organ, datum, upptagna)
    mote.arenden = []
    mote.arenden = som_arenden(
        imp.arenden,
        organ,
        mote.nytt_arende_id_generator(),
        imp.handlingar if med_handlingar else None,
    )
    return dataclasses.replace(
        mote,
        tid=tid or imp.tid or mote.tid,
        plats=plats.strip() or imp.plats or mote.plats,
        undertecknare=imp.undertecknare or mote.undertecknare,
    )
