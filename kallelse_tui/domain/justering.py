"""Justering: locking a protokoll, and making any later change to it visible.

At justering every § and the whole protokoll get a SHA-256 (domain/kontrollsumma.py), the
organ with its members is frozen into the justering, and the protokoll hash links to the
organ's previous justerat protokoll: the protokoll of an organ form a chain, and rewriting
or removing one breaks the link from the next (checked in domain/verifiering.py).

Pure domain code: the store calls `kontrollera_andring` before each save, so the TUI, the
command line and the store API all refuse the same changes.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from kallelse_tui.domain.datum import kort_datum
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.kontrollsumma import (
    TILLATET_EFTER_JUSTERING,
    TILLATET_EFTER_OMEDELBAR,
    VERSION,
    anslag_hash,
    delar,
    omedelbar_hash,
    paragraf_dokument,
    paragraf_hashar,
    plain,
    protokoll_hash,
)
from kallelse_tui.domain.model import (
    Anslag,
    Justering,
    OmedelbarJustering,
    Organ,
    Paragraf,
    Sammantrade,
)
from kallelse_tui.domain.narvaro import namngivna_ledamoter
from kallelse_tui.domain.status import Status
from kallelse_tui.domain.tidsfrister import nedtagning

# How the refusal names what would have changed.
_FALT = {
    "id": "sammanträdets id",
    "organ_id": "organet",
    "datum": "datumet",
    "tid": "tiden",
    "plats": "platsen",
    "status": "statusen",
    "narvaro": "närvaron",
    "ovriga_narvarande": "övriga närvarande",
    "undertecknare": "undertecknarna",
    "justering": "justeringen",
    "andringar": "ändringslistan",
}


class ProtokollLastError(DomainError):
    """A change to a justerat protokoll, or to an omedelbart justerad §."""


# --- justering --------------------------------------------------------------------------


def _paragraf(mote: Sammantrade, nummer: int) -> Paragraf:
    for paragraf in mote.paragrafer:
        if paragraf.nummer == nummer:
            return paragraf
    raise DomainError(f"Sammanträdet {mote.id} har ingen § {nummer}.")


def _kontrollera_organ(mote: Sammantrade, organ: Organ) -> None:
    if organ.id != mote.organ_id:
        raise DomainError(
            f"Sammanträdet {mote.id} hör till organet {mote.organ_id}, inte till {organ.id}."
        )


def _justerare(
    mote: Sammantrade, organ: Organ, justerare: Sequence[str] | None, vad: str
) -> list[str]:
    valda = list(justerare) if justerare is not None else []
    if justerare is None and mote.justering is not None:
        valda = list(mote.justering.justerare)
    if not valda:
        raise DomainError(f"{vad} har inga justerare; ange vilka ledamöter som justerar.")
    for ledamot_id in valda:
        organ.ledamot(ledamot_id)  # an unknown id is a DomainError naming it
    return valda


def justera(
    mote: Sammantrade,
    organ: Organ,
    datum: date,
    foregaende_hash: str,
    justerare: Sequence[str] | None = None,
    texter: Mapping[str, str] | None = None,
) -> None:
    """Justera the protokoll on `datum`: freeze the organ with its members and `texter`
    (each attachment's file SHA-256 → its extracted text's SHA-256), hash every § and the
    whole protokoll (linked to `foregaende_hash`, the organ's previous justerat protokoll,
    "" for the first), and move the meeting from protokoll klart to justerat.

    `justerare` replaces the justerare recorded at the meeting when given. Nothing
    changes when a DomainError is raised.
    """
    _kontrollera_organ(mote, organ)
    if mote.last:
        raise ProtokollLastError(f"Protokollet för {mote.id} är redan justerat{_den(mote)}.")
    if mote.status is not Status.PROTOKOLL_KLART:
        raise DomainError(
            f"Protokollet för {mote.id} har status ”{mote.status.value}” och kan inte "
            f"justeras; det ska först ha status ”{Status.PROTOKOLL_KLART.value}”."
        )
    if datum < mote.datum:
        raise DomainError(
            f"Protokollet för {mote.id} kan inte justeras {datum.isoformat()}, före "
            f"sammanträdet {mote.datum.isoformat()}."
        )
    if not mote.paragrafer:
        raise DomainError(f"Protokollet för {mote.id} har inga paragrafer att justera.")
    nummer = [p.nummer for p in mote.paragrafer]
    if dubbel := sorted({n for n in nummer if nummer.count(n) > 1}):
        raise DomainError(
            f"Protokollet för {mote.id} har § {dubbel[0]} mer än en gång; rätta numreringen "
            "innan det justeras."
        )
    for p in mote.paragrafer:
        if p.omedelbar is not None and omedelbar_hash(mote, p) != p.omedelbar.paragraf_hash:
            raise DomainError(
                f"§ {p.nummer} i {mote.id} har ändrats efter den omedelbara justeringen "
                f"den {kort_datum(p.omedelbar.datum)}; protokollet kan inte justeras."
            )
    valda = _justerare(mote, organ, justerare, f"Protokollet för {mote.id}")
    ids = sorted(namngivna_ledamoter(mote, med_justerare=False) | set(valda))
    namn = {i: organ.ledamot(i).visningsnamn for i in ids}
    filer = {u.sha256 for a in mote.arenden for u in a.beslutsunderlag if u.sha256}
    texter = texter or {}
    mote.justering = dataclasses.replace(
        mote.justering or Justering(),
        justerare=valda,
        datum=datum,
        namn=namn,
        foregaende_hash=foregaende_hash,
        version=VERSION,
        organ=copy.deepcopy(organ),
        texter={sha: texter.get(sha, "") for sha in sorted(filer)},
    )
    mote.justering.paragraf_hashar = paragraf_hashar(mote)
    mote.justering.delar = delar(mote)
    mote.justering.protokoll_hash = protokoll_hash(mote)
    mote.byt_status(Status.JUSTERAT)


def justera_omedelbart(
    mote: Sammantrade,
    organ: Organ,
    paragraf_nummer: int,
    datum: date,
    justerare: Sequence[str] | None = None,
) -> OmedelbarJustering:
    """Justera one § at the meeting; from then on it is locked, while the rest of the
    protokoll stays open. `justerare` defaults to those elected for the protokoll."""
    _kontrollera_organ(mote, organ)
    kontrollera_ej_last(mote)
    if mote.status not in (Status.PAGAR, Status.PROTOKOLL_KLART):
        raise DomainError(
            f"En paragraf kan justeras omedelbart först när sammanträdet har börjat; "
            f"{mote.id} har status ”{mote.status.value}”."
        )
    paragraf = _paragraf(mote, paragraf_nummer)
    if paragraf.omedelbar is not None:
        raise DomainError(
            f"§ {paragraf_nummer} i {mote.id} är redan omedelbart justerad den "
            f"{kort_datum(paragraf.omedelbar.datum)}."
        )
    if datum < mote.datum:
        raise DomainError(
            f"§ {paragraf_nummer} i {mote.id} kan inte justeras {datum.isoformat()}, före "
            f"sammanträdet {mote.datum.isoformat()}."
        )
    valda = _justerare(mote, organ, justerare, f"§ {paragraf_nummer} i {mote.id}")
    paragraf.omedelbar_justering = True
    hash_ = omedelbar_hash(mote, paragraf)  # before the record exists: in VERSION
    paragraf.omedelbar = OmedelbarJustering(datum, valda, hash_, version=VERSION)
    return paragraf.omedelbar


def registrera_anslag(mote: Sammantrade, uppsatt: date, forvaringsplats: str = "") -> Anslag:
    """The justering was posted on `uppsatt`: record it (to come down at the earliest the
    day after the last day to appeal) and move the meeting to anslaget."""
    if mote.status is not Status.JUSTERAT:
        raise DomainError(
            f"Anslaget kan bara registreras för ett justerat protokoll; {mote.id} har status "
            f"”{mote.status.value}”."
        )
    justerad = mote.justering.datum if mote.justering else None
    if justerad is not None and uppsatt < justerad:
        raise DomainError(
            f"Anslaget för {mote.id} kan inte sättas upp {uppsatt.isoformat()}, före "
            f"justeringen {justerad.isoformat()}."
        )
    mote.anslag = Anslag(uppsatt, nedtagning(uppsatt), forvaringsplats)
    mote.anslag.hash = anslag_hash(mote)
    mote.byt_status(Status.ANSLAGET)
    return mote.anslag


def registrera_omedelbart_anslag(
    mote: Sammantrade, paragraf_nummer: int, uppsatt: date
) -> OmedelbarJustering:
    """An omedelbart justerad § was posted on `uppsatt`: its appeal time runs from then,
    so the day is recorded once and not moved afterwards."""
    paragraf = _paragraf(mote, paragraf_nummer)
    record = paragraf.omedelbar
    if record is None:
        raise DomainError(
            f"§ {paragraf_nummer} i {mote.id} är inte omedelbart justerad; den anslås med "
            "resten av protokollet."
        )
    if record.anslag is not None:
        raise DomainError(
            f"§ {paragraf_nummer} i {mote.id} anslogs redan den {kort_datum(record.anslag)}; "
            "tiden för överklagande räknas från den dagen."
        )
    if uppsatt < record.datum:
        raise DomainError(
            f"§ {paragraf_nummer} kan inte anslås {uppsatt.isoformat()}, före den omedelbara "
            f"justeringen {record.datum.isoformat()}."
        )
    record.anslag = uppsatt
    if mote.anslag is not None:  # the protokoll's anslag record names this day too
        mote.anslag.hash = anslag_hash(mote)
    return record


# --- refusing changes -------------------------------------------------------------------


def _den(mote: Sammantrade) -> str:
    justerad = mote.justering.datum if mote.justering else None
    return f" den {kort_datum(justerad)}" if justerad else ""


def _last_text(mote: Sammantrade) -> str:
    return f"Protokollet för {mote.id} är justerat{_den(mote)} och kan inte ändras"


def kontrollera_ej_last(mote: Sammantrade, arende_id: str | None = None) -> None:
    """Refuse (ProtokollLastError) up front to edit a justerat protokoll, or with
    `arende_id` the ärende of an omedelbart justerad §, before any work is done."""
    if mote.last:
        raise ProtokollLastError(_last_text(mote) + ".")
    paragraf = mote.paragraf_for(arende_id) if arende_id is not None else None
    if paragraf is not None and paragraf.omedelbar is not None:
        raise ProtokollLastError(
            f"§ {paragraf.nummer} i {mote.id} är omedelbart justerad den "
            f"{kort_datum(paragraf.omedelbar.datum)} och kan inte ändras."
        )


def _last_innehall(mote: Sammantrade, utan: frozenset[str]) -> dict[str, Any]:
    """The meeting as plain data without the fields that may still change."""
    doc: dict[str, Any] = plain(mote)
    for name in utan:
        doc.pop(name, None)
    for p in doc.get("paragrafer", []):
        if isinstance(p.get("omedelbar"), dict):
            for name in TILLATET_EFTER_OMEDELBAR:
                p["omedelbar"].pop(name, None)
    return doc


def _vad(gammal: Sammantrade, ny: Sammantrade, a: dict[str, Any], b: dict[str, Any]) -> str:
    """Names the first thing that differs between the two meetings' plain data."""
    for key in sorted(set(a) | set(b)):
        if a.get(key) == b.get(key):
            continue
        if key == "paragrafer":
            fore = {p.nummer: d for p, d in zip(gammal.paragrafer, a.get(key, []), strict=False)}
            efter = {p.nummer: d for p, d in zip(ny.paragrafer, b.get(key, []), strict=False)}
            for nummer in sorted(set(fore) | set(efter)):
                if fore.get(nummer) != efter.get(nummer):
                    return f"§ {nummer}"
            return "paragrafernas ordning"
        if key == "arenden":
            fore_a, efter_a = a.get(key, []), b.get(key, [])
            for i, arende in enumerate(gammal.arenden):
                if i >= len(efter_a) or fore_a[i] != efter_a[i]:
                    return f"ärende {i + 1} ”{arende.rubrik}”"
            return "ärendelistan"
        return _FALT.get(key, f"fältet {key}")
    return "protokollet"


def _omedelbar_innehall(mote: Sammantrade, paragraf: Paragraf) -> Any:
    assert paragraf.omedelbar is not None
    record = plain(paragraf.omedelbar)
    for name in TILLATET_EFTER_OMEDELBAR:
        record.pop(name, None)
    return (paragraf_dokument(mote, paragraf, paragraf.omedelbar.version), record)


def _kontrollera_justerat(gammal: Sammantrade, ny: Sammantrade) -> None:
    utan = set(TILLATET_EFTER_JUSTERING)
    steg_ok = ny.status is gammal.status or (
        gammal.status is Status.JUSTERAT and ny.status is Status.ANSLAGET
    )
    if not steg_ok:
        utan.discard("status")
    fore, efter = _last_innehall(gammal, frozenset(utan)), _last_innehall(ny, frozenset(utan))
    if fore != efter or not steg_ok:
        raise ProtokollLastError(
            f"{_last_text(gammal)} (ändringen gäller {_vad(gammal, ny, fore, efter)})."
        )
    from kallelse_tui.domain.rattelse import kontrollera_nya_rattelser

    kontrollera_nya_rattelser(gammal, ny)
    if ny.signaturer[: len(gammal.signaturer)] != gammal.signaturer:
        raise ProtokollLastError(
            f"De digitala underskrifterna av protokollet för {gammal.id} kan inte ändras "
            "eller tas bort, bara nya läggas till."
        )
    if (
        gammal.status is Status.ANSLAGET
        and gammal.anslag is not None
        and (ny.anslag is None or ny.anslag.uppsatt != gammal.anslag.uppsatt)
    ):
        raise ProtokollLastError(
            f"Protokollet för {gammal.id} sattes upp på anslagstavlan den "
            f"{kort_datum(gammal.anslag.uppsatt)}; den dagen kan inte ändras, eftersom "
            "överklagandetiden räknas från den."
        )


def _kontrollera_omedelbara(gammal: Sammantrade | None, ny: Sammantrade) -> None:
    """Omedelbart justerade §§ stay as they were; a new record must match its §."""
    lasta = {p.nummer: p for p in gammal.paragrafer if p.omedelbar} if gammal else {}
    nya = {p.nummer: p for p in ny.paragrafer}
    for nummer, fore in lasta.items():
        assert gammal is not None and fore.omedelbar is not None
        text = (
            f"§ {nummer} i {gammal.id} är omedelbart justerad den "
            f"{kort_datum(fore.omedelbar.datum)} och kan inte"
        )
        efter = nya.get(nummer)
        if efter is None or efter.omedelbar is None:
            raise ProtokollLastError(f"{text} tas bort.")
        if _omedelbar_innehall(gammal, fore) != _omedelbar_innehall(ny, efter):
            raise ProtokollLastError(f"{text} ändras.")
    for nummer, paragraf in nya.items():
        if nummer in lasta or paragraf.omedelbar is None:
            continue
        if paragraf.omedelbar.paragraf_hash != omedelbar_hash(ny, paragraf):
            raise DomainError(
                f"§ {nummer} i {ny.id} har en omedelbar justering vars kontrollsumma inte "
                "stämmer med paragrafen; justera paragrafen omedelbart på nytt."
            )


def _kontrollera_nyss_justerat(ny: Sammantrade) -> None:
    """A meeting only becomes justerat through `justera`: its hashes must fit."""
    justering = ny.justering
    if (
        justering is None
        or not justering.protokoll_hash
        or justering.paragraf_hashar != paragraf_hashar(ny)
        or justering.protokoll_hash != protokoll_hash(ny)
    ):
        raise DomainError(
            f"Sammanträdet {ny.id} kan inte få status ”{ny.status.value}” utan att protokollet "
            "justeras: kontrollsummorna saknas eller stämmer inte. Justera protokollet."
        )


def kontrollera_anslag(ny: Sammantrade) -> None:
    if ny.status is Status.ANSLAGET and ny.anslag is None:
        raise DomainError(
            f"Sammanträdet {ny.id} kan inte få status ”{ny.status.value}” utan ett anslag; "
            "ange dagen då protokollet sattes upp på anslagstavlan."
        )


def kontrollera_andring(gammal: Sammantrade | None, ny: Sammantrade) -> None:
    """Raise DomainError (ProtokollLastError for locked content) when `ny` may not replace
    `gammal` (the stored version; None for a new meeting).

    A justerat or anslaget protokoll may only receive what TILLATET_EFTER_JUSTERING lists;
    an omedelbart justerad § only its anslag day; and a meeting becomes justerat only
    with hashes that fit it (see `justera`).
    """
    if gammal is not None and gammal.last:
        _kontrollera_justerat(gammal, ny)
    else:
        _kontrollera_omedelbara(gammal, ny)
        if ny.last:
            _kontrollera_nyss_justerat(ny)
        if ny.signaturer:
            raise DomainError(
                f"Protokollet för {ny.id} kan signeras digitalt först när det är justerat."
            )
    kontrollera_anslag(ny)
