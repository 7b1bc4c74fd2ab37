"""Rättelse of a justerat protokoll: an obvious error (skrivfel, räknefel) is corrected by
an appended, dated note naming the §, what it said, what it should say and who decided it.
The protokoll itself is never rewritten (JO 581-2013, JO 3339-2013).

Each rättelse is hashed with the meeting's id and organ and linked to the one before it
(the first to the protokoll's hash), so the rättelser form a chain like the protokoll.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from kallelse_tui.domain.datum import kort_datum
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.justering import ProtokollLastError
from kallelse_tui.domain.kontrollsumma import plain, sha256
from kallelse_tui.domain.model import Organ, Rattelse, Sammantrade

FORMAT = "kallelse-rattelse/1"
RUBRIK = "Rättelser"
KALLA = "JO 581-2013"


def rattelse_hash(mote: Sammantrade, rattelse: Rattelse) -> str:
    doc = {k: v for k, v in plain(rattelse).items() if k != "hash"}
    return sha256({"format": FORMAT, "sammantrade": mote.id, "organ": mote.organ_id, **doc})


def _forsta_lank(mote: Sammantrade) -> str:
    return mote.justering.protokoll_hash if mote.justering else ""


def lagg_till_rattelse(
    mote: Sammantrade, paragraf: int, var: str, ska_vara: str, beslutad_av: str, datum: date
) -> Rattelse:
    """Append a rättelse to the justerat protokoll; a DomainError says what is missing."""
    vem = f"Protokollet för {mote.id}"
    if not mote.last or mote.justering is None or not mote.justering.protokoll_hash:
        raise DomainError(f"{vem} är inte justerat: rätta texten direkt i protokollet i stället.")
    if paragraf not in {p.nummer for p in mote.paragrafer}:
        raise DomainError(f"{vem} har ingen § {paragraf}.")
    var, ska_vara, beslutad_av = var.strip(), ska_vara.strip(), beslutad_av.strip()
    if not var or not ska_vara:
        raise DomainError("Ange både vad som stod och vad det ska stå i rättelsen.")
    if var == ska_vara:
        raise DomainError("Rättelsen ändrar ingenting: det som stod och det som ska stå är lika.")
    if not beslutad_av:
        raise DomainError("Ange vem som beslutade om rättelsen.")
    justerad = mote.justering.datum
    if justerad is not None and datum < justerad:
        raise DomainError(
            f"Rättelsen kan inte dateras {datum.isoformat()}, före justeringen "
            f"{justerad.isoformat()}."
        )
    foregaende = mote.rattelser[-1].hash if mote.rattelser else _forsta_lank(mote)
    rattelse = Rattelse(paragraf, var, ska_vara, beslutad_av, datum, foregaende)
    rattelse.hash = rattelse_hash(mote, rattelse)
    mote.rattelser.append(rattelse)
    return rattelse


def _fel_i_kedjan(mote: Sammantrade) -> int | None:
    """The index of the first rättelse whose hash or link does not fit, else None."""
    lank = _forsta_lank(mote)
    for i, rattelse in enumerate(mote.rattelser):
        if rattelse.foregaende_hash != lank or rattelse.hash != rattelse_hash(mote, rattelse):
            return i
        lank = rattelse.hash
    return None


def kontrollera_rattelser(mote: Sammantrade, organ: Organ) -> list[str]:
    """One sentence when the chain of rättelser is broken (one changed or removed)."""
    i = _fel_i_kedjan(mote)
    if i is None:
        return []
    r = mote.rattelser[i]
    return [
        f"Rättelse {i + 1} av {organ.kortnamn} § {r.paragraf} i {mote.id} (den "
        f"{kort_datum(r.datum)}) har ändrats, eller en rättelse före den har tagits bort."
    ]


def kontrollera_nya_rattelser(gammal: Sammantrade, ny: Sammantrade) -> None:
    """A save may only append rättelser that fit the chain; the old ones stay as they are."""
    antal = len(gammal.rattelser)
    if ny.rattelser[:antal] != gammal.rattelser:
        raise ProtokollLastError(
            f"Rättelserna i protokollet för {gammal.id} kan inte ändras eller tas bort, bara "
            "nya läggas till."
        )
    i = _fel_i_kedjan(ny)
    if i is not None:
        raise DomainError(
            f"Rättelse {i + 1} i protokollet för {ny.id} har en kontrollsumma som inte "
            "stämmer; lägg till rättelsen med kommandot rattelse eller i programmet."
        )


def rattelser_data(
    mote: Sammantrade, paragrafer: Collection[int], public: bool = False
) -> list[dict[str, Any]]:
    """The rättelser of the §§ printed, for the end of the protokoll or utdrag, each shaped
    as a titled section. In a public version a sekretess § keeps only its number."""
    hemliga = {
        p.nummer
        for p in mote.paragrafer
        if public and any(a.id == p.arende_id and a.sekretess for a in mote.arenden)
    }
    block = []
    for r in mote.rattelser:
        if r.paragraf not in paragrafer:
            continue
        if r.paragraf in hemliga:
            stycken = ["Paragrafen omfattas av sekretess; rättelsen visas inte."]
        else:
            stycken = [
                f"Det står: {r.var}",
                f"Det ska stå: {r.ska_vara}",
                f"Rättelsen beslutades av {r.beslutad_av}.",
            ]
        rubrik = f"Rättelse {kort_datum(r.datum)} av § {r.paragraf}"
        block.append({"rubrik": rubrik, "stycken": stycken, "punkter": [], "tabell": None})
    return block
