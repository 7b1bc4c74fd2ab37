"""From an imported kallelse (domain.importer) to ärenden and a meeting of an organ.

Shared by `kallelse import kallelse` and the import screen, so both make the same meeting.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.importer import ImportRad, KallelseImport
from kallelse_tui.domain.model import Arende, ArendeTyp, Organ, Sammantrade, nytt_sammantrade

# First matching pattern wins; titles are compared in lower case.
_TYP_MONSTER: list[tuple[str, ArendeTyp]] = [
    (r"^meddelanden?\b", ArendeTyp.MEDDELANDEN),
    (r"delegation|delegera", ArendeTyp.DELEGATIONSBESLUT),
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


def som_arenden(rader: list[ImportRad], organ: Organ, nytt_id: Callable[[], str]) -> list[Arende]:
    return [
        Arende(id=nytt_id(), rubrik=r.rubrik, dnr=r.dnr, typ=gissa_typ(r.rubrik, organ))
        for r in rader
    ]


def hitta_organ(namn: str, organs: list[Organ]) -> Organ:
    """The organ named `namn` (its name, short name or id), or a DomainError saying why not."""
    wanted = namn.strip().lower()
    found = [o for o in organs if wanted in {o.namn.lower(), o.kortnamn.lower(), o.id.lower()}]
    if len(found) == 1:
        return found[0]
    if not found:
        known = ", ".join(f"{o.id} ({o.namn}, {o.kommun})" for o in organs) or "inga"
        raise DomainError(f"Hittar inget organ som heter ”{namn}”. Organ i lagret: {known}.")
    options = ", ".join(f"{o.id} ({o.kommun})" for o in found)
    raise DomainError(f"Flera organ heter ”{namn}”: {options}. Ange organets id med --organ.")


def som_sammantrade(
    imp: KallelseImport, organ: Organ, upptagna: set[str], datum: date | None = None
) -> Sammantrade:
    """A new meeting in utkast holding exactly the imported items (no template items)."""
    datum = datum or imp.datum
    if datum is None:
        raise DomainError(
            "Kallelsen anger inget sammanträdesdatum som gick att läsa; ange datumet."
        )
    mote = nytt_sammantrade(organ, datum, upptagna)
    mote.arenden = []
    mote.arenden = som_arenden(imp.arenden, organ, mote.nytt_arende_id_generator())
    return dataclasses.replace(
        mote,
        tid=imp.tid or mote.tid,
        plats=imp.plats or mote.plats,
        undertecknare=imp.undertecknare or mote.undertecknare,
    )
