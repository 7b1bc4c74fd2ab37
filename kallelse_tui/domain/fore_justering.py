"""What the secretary needs before justering: who justerar, and what is still open.

Pure domain code: the justering screen shows these, `justering.justera` does the work.
"""

from __future__ import annotations

from datetime import date

from kallelse_tui.domain.model import Organ, Sammantrade
from kallelse_tui.domain.paragrafer import ordforande
from kallelse_tui.domain.regler import Fynd, kontrollera_justering, kontrollera_protokoll

VAL_AV_JUSTERARE = "val av justerare"


def _val_av_justerare_text(mote: Sammantrade) -> str:
    for arende in mote.arenden:
        if VAL_AV_JUSTERARE in arende.rubrik.casefold():
            paragraf = mote.paragraf_for(arende.id)
            if paragraf is not None:
                return paragraf.beslut
    return ""


def foreslagna_justerare(mote: Sammantrade, organ: Organ) -> list[str]:
    """Ledamot ids to justera: those recorded at the meeting, else the chair and the
    members whose names the "Val av justerare" § names ("utser Sara Blom (S) att jämte
    ordföranden justera protokollet")."""
    if mote.justering is not None and mote.justering.justerare:
        return list(mote.justering.justerare)
    valda: list[str] = []
    ordf = ordforande(organ, mote)
    if ordf:
        valda.append(ordf)
    text = " ".join(_val_av_justerare_text(mote).casefold().split())
    if text:
        # Longest names first, so "Anna Berg" inside "Anna Bergström" is not taken too.
        for ledamot in sorted(organ.ledamoter, key=lambda m: -len(m.namn)):
            namn = " ".join(ledamot.namn.casefold().split())
            if namn and namn in text and ledamot.id not in valda:
                valda.append(ledamot.id)
                text = text.replace(namn, " ")
    return valda


def oppna_punkter(mote: Sammantrade, organ: Organ, idag: date) -> list[Fynd]:
    """The protokoll rules' findings (reservation without motivation, § without beslut,
    proposition order, quorum, votes …) and the deadline to justera."""
    fynd = kontrollera_protokoll(mote, organ, idag)
    return fynd + [
        f for f in kontrollera_justering(mote, organ, idag) if f.regel == "justering-sen"
    ]
