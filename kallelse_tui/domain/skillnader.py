"""What differs between two versions of one meeting, in Swedish: a refused check-in names
what changed on the server and what changed in the checked-out copy."""

from __future__ import annotations

from typing import Any

from kallelse_tui.domain.kontrollsumma import plain
from kallelse_tui.domain.model import Arende, Paragraf, Sammantrade

_FALT = {
    "datum": "datumet",
    "tid": "tiden",
    "plats": "platsen",
    "status": "status",
    "distans": "distansdeltagandet",
    "osa": "OSA-raden",
    "adressater": "adressaterna",
    "undertecknare": "undertecknarna",
    "narvaro": "närvaron",
    "ovriga_narvarande": "övriga närvarande",
    "justering": "justeringen",
    "anslag": "anslaget",
    "kallad_datum": "dagen då kallelsen skickades",
    "andringar": "ändringslistan",
    "expediering": "expedieringen",
    "rattelser": "rättelserna",
    "sluttid": "sluttiden",
    "ajourneringar": "ajourneringarna",
    "kungorelse_uppsatt": "kungörelsen",
    "tillagda_mottagare": "mottagarna",
}
_ARENDE_FALT = {
    "rubrik": "rubriken",
    "dnr": "Dnr",
    "beskrivning": "beskrivningen",
    "forslag": "förslaget till beslut",
    "beslutsunderlag": "beslutsunderlaget",
    "ekonomiska_konsekvenser": "de ekonomiska konsekvenserna",
    "skickas_till": "”Beslut skickas till”",
    "sekretess": "sekretessen",
    "poster": "listraderna",
}
_PARAGRAF_FALT = {
    "beslut": "beslutet",
    "behandling": "behandlingen",
    "utfall": "utfallet",
    "yrkanden": "yrkandena",
    "omrostning": "omröstningen",
    "anteckningar": "reservationerna och anteckningarna",
    "jav": "jäven",
    "omedelbar": "den omedelbara justeringen",
}


def skillnader(fore: Sammantrade, efter: Sammantrade) -> list[str]:
    """One phrase per change from `fore` to `efter`, in the meeting's order: its own
    details, then ärenden (by id), then §§ (by number)."""
    a, b = plain(fore), plain(efter)
    found = [
        f"{_FALT.get(key, key)} ändrad"
        for key in _nycklar(a, b)
        if key not in ("arenden", "paragrafer") and a.get(key) != b.get(key)
    ]
    found += _lista(
        {x.id: x for x in fore.arenden},
        {x.id: x for x in efter.arenden},
        lambda x: f"ärendet ”{x.rubrik}”",
        _ARENDE_FALT,
    )
    found += _lista(
        {p.nummer: p for p in fore.paragrafer},
        {p.nummer: p for p in efter.paragrafer},
        lambda p: f"§ {p.nummer}",
        _PARAGRAF_FALT,
    )
    return found


def _lista(
    fore: dict[Any, Arende] | dict[Any, Paragraf],
    efter: dict[Any, Arende] | dict[Any, Paragraf],
    namn: Any,
    falt: dict[str, str],
) -> list[str]:
    found = []
    for key, x in efter.items():
        if key not in fore:
            found.append(f"{namn(x)} tillagt")
            continue
        old, new = plain(fore[key]), plain(x)
        if old != new:
            what = [falt[k] for k in _nycklar(old, new) if k in falt and old.get(k) != new.get(k)]
            found.append(f"{namn(x)} ändrat" + (f" ({', '.join(what)})" if what else ""))
    found += [f"{namn(x)} borttaget" for key, x in fore.items() if key not in efter]
    return found


def _nycklar(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Both versions' fields (plain() leaves out those at their default), in order."""
    return [*a, *(k for k in b if k not in a)]
