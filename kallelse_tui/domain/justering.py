"""Justering: locking a protokoll, and making any later change to it visible.

At justering every § gets a SHA-256 of its canonical form (the § with the protocol
fields of its ärende), and the whole protokoll one more over the meeting header, the §
hashes and the previous justerat protokoll's hash of the same organ. The protokoll of an
organ thus form a chain: rewriting or removing one breaks the link from the next.

Canonical form: plain data (dataclasses → dicts, enums → their value, dates ISO, times
"HH:MM") as compact JSON with sorted keys, UTF-8. Dataclass fields that still hold their
default value are left out, so a field added to the model later (with a default) leaves
the hash of every protokoll justerat before it unchanged.

Pure domain code: the store calls `kontrollera_andring` before each save, so the TUI, the
command line and the store API all refuse the same changes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date, time
from enum import Enum
from typing import Any

from kallelse_tui.domain.datum import kort_datum
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Anslag,
    Arende,
    Justering,
    OmedelbarJustering,
    Organ,
    Paragraf,
    Sammantrade,
)
from kallelse_tui.domain.narvaro import namngivna_ledamoter
from kallelse_tui.domain.status import Status
from kallelse_tui.domain.tidsfrister import nedtagning

# Part of every hashed document: a later, different canonical form gets a new tag.
FORMAT = "kallelse-protokoll/1"

# The ärende's fields that its § prints in the protokoll (besides the beslutsunderlag's
# titles and file hashes, added separately).
ARENDE_I_PROTOKOLLET = ("rubrik", "dnr", "sekretess", "osl", "beskrivning", "skickas_till")

# What a justerat protokoll may still receive, as top-level fields of the meeting: the
# anslag, the one status step justerat → anslaget, and the expediering records (the field
# the expediering stage keeps on the meeting). Everything else is locked.
TILLATET_EFTER_JUSTERING = frozenset({"anslag", "status", "expediering", "tillagda_mottagare"})
# What an omedelbart justerad § may still receive: the day it was posted.
TILLATET_EFTER_OMEDELBAR = frozenset({"anslag"})

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


# --- canonical form and hashes ----------------------------------------------------------


def _plain(obj: Any) -> Any:
    """JSON-ready plain data, leaving out dataclass fields that hold their default."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: _plain(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if not _ar_standard(f, getattr(obj, f.name))
        }
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, time):
        return obj.strftime("%H:%M")  # as the store keeps it
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    return obj


def _ar_standard(f: dataclasses.Field[Any], value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


def _sha256(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _arende_for(mote: Sammantrade, paragraf: Paragraf) -> Arende | None:
    return next((a for a in mote.arenden if a.id == paragraf.arende_id), None)


def paragraf_dokument(mote: Sammantrade, paragraf: Paragraf) -> dict[str, Any]:
    """What a § hash covers: the § (without its own omedelbar justering record, which
    holds the hash) and the protocol fields of its ärende."""
    doc = _plain(paragraf)
    doc.pop("omedelbar", None)
    arende = _arende_for(mote, paragraf)
    arende_doc: dict[str, Any] | None = None
    if arende is not None:
        arende_doc = {name: _plain(getattr(arende, name)) for name in ARENDE_I_PROTOKOLLET}
        arende_doc["beslutsunderlag"] = [
            {"titel": u.titel, "sha256": u.sha256} for u in arende.beslutsunderlag
        ]
    return {"format": FORMAT, "paragraf": doc, "arende": arende_doc}


def paragraf_hash(mote: Sammantrade, paragraf: Paragraf) -> str:
    return _sha256(paragraf_dokument(mote, paragraf))


def paragraf_hashar(mote: Sammantrade) -> dict[str, str]:
    """Every § hash as it is now, keyed by the § number as text."""
    return {str(p.nummer): paragraf_hash(mote, p) for p in mote.paragrafer}


def _protokoll_dokument(
    mote: Sammantrade, hashar: dict[str, str], foregaende_hash: str
) -> dict[str, Any]:
    justering = mote.justering or Justering()
    return {
        "format": FORMAT,
        "sammantrade": mote.id,
        "organ": mote.organ_id,
        "datum": _plain(mote.datum),
        "tid": _plain(mote.tid),
        "plats": mote.plats,
        "narvaro": _plain(mote.narvaro),
        "ovriga_narvarande": _plain(mote.ovriga_narvarande),
        "undertecknare": _plain(mote.undertecknare),
        "justering": {
            "justerare": justering.justerare,
            "tid_och_plats": justering.tid_och_plats,
            "datum": _plain(justering.datum),
            "namn": justering.namn,
        },
        "paragrafer": hashar,
        "foregaende_hash": foregaende_hash,
    }


def protokoll_hash(mote: Sammantrade) -> str:
    """The whole protokoll's hash as it is now (its § hashes recomputed), linked to the
    `foregaende_hash` recorded in its justering."""
    foregaende = mote.justering.foregaende_hash if mote.justering else ""
    return _sha256(_protokoll_dokument(mote, paragraf_hashar(mote), foregaende))


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
) -> None:
    """Justera the protokoll on `datum`: hash every § and the whole protokoll (linked to
    `foregaende_hash`, the organ's previous justerat protokoll, "" for the first), keep the
    members' names as they are, and move the meeting from protokoll klart to justerat.

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
        if p.omedelbar is not None and paragraf_hash(mote, p) != p.omedelbar.paragraf_hash:
            raise DomainError(
                f"§ {p.nummer} i {mote.id} har ändrats efter den omedelbara justeringen "
                f"den {kort_datum(p.omedelbar.datum)}; protokollet kan inte justeras."
            )
    valda = _justerare(mote, organ, justerare, f"Protokollet för {mote.id}")
    ids = sorted(namngivna_ledamoter(mote, med_justerare=False) | set(valda))
    namn = {i: organ.ledamot(i).visningsnamn for i in ids}
    gammal = mote.justering
    mote.justering = dataclasses.replace(
        gammal or Justering(),
        justerare=valda,
        datum=datum,
        namn=namn,
        paragraf_hashar=paragraf_hashar(mote),
        foregaende_hash=foregaende_hash,
    )
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
    paragraf.omedelbar = OmedelbarJustering(datum, valda, paragraf_hash(mote, paragraf))
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
    return record


# --- checking ---------------------------------------------------------------------------


def _nummerordning(nummer: str) -> tuple[int, str]:
    return (int(nummer), nummer) if nummer.isdigit() else (10**9, nummer)


def kontrollera_hashar(mote: Sammantrade, organ: Organ) -> list[str]:
    """One Swedish sentence per § or protokoll that no longer matches its justering;
    [] when the meeting is untouched (or not justerat at all)."""
    problem: list[str] = []
    nu = paragraf_hashar(mote)
    justering = mote.justering
    har_hashar = justering is not None and bool(justering.protokoll_hash)
    namngivna: set[str] = set()
    if justering is not None and har_hashar:
        sparade = justering.paragraf_hashar
        for nummer in sorted(set(sparade) | set(nu), key=_nummerordning):
            var = f"{organ.kortnamn} § {nummer} i {mote.id}"
            if nummer not in nu:
                problem.append(f"{var} har tagits bort efter justeringen.")
            elif nummer not in sparade:
                problem.append(f"{var} har lagts till efter justeringen.")
            elif nu[nummer] != sparade[nummer]:
                problem.append(f"{var} har ändrats efter justeringen.")
            else:
                continue
            namngivna.add(nummer)
    for p in sorted(mote.paragrafer, key=lambda p: p.nummer):
        nummer = str(p.nummer)
        if p.omedelbar is None or nummer in namngivna:
            continue
        if nu[nummer] != p.omedelbar.paragraf_hash:
            problem.append(
                f"{organ.kortnamn} § {nummer} i {mote.id} har ändrats efter den omedelbara "
                f"justeringen den {kort_datum(p.omedelbar.datum)}."
            )
    if justering is not None and har_hashar:
        huvud = _protokoll_dokument(mote, justering.paragraf_hashar, justering.foregaende_hash)
        if _sha256(huvud) != justering.protokoll_hash:
            problem.append(
                f"Protokollet {mote.id} ({organ.kortnamn} {kort_datum(mote.datum)}) har ändrats "
                "efter justeringen: uppgifterna om sammanträdet, närvaron eller justeringen "
                "stämmer inte med kontrollsumman."
            )
    elif mote.last:
        problem.append(
            f"Protokollet {mote.id} ({organ.kortnamn} {kort_datum(mote.datum)}) har status "
            f"”{mote.status.value}” men saknar kontrollsummor, så det går inte att visa att "
            "det är oförändrat."
        )
    return problem


def kedjeordning(mote: Sammantrade) -> tuple[date, date, time, str]:
    """The order justerade protokoll are expected in: by justering, then meeting date."""
    justerad = mote.justering.datum if mote.justering and mote.justering.datum else mote.datum
    return (justerad, mote.datum, mote.tid or time.min, mote.id)


def _kedja(moten: Iterable[Sammantrade], organ_id: str | None = None) -> list[Sammantrade]:
    return sorted(
        (
            m
            for m in moten
            if m.justering is not None
            and m.justering.protokoll_hash
            and (organ_id is None or m.organ_id == organ_id)
        ),
        key=kedjeordning,
    )


def kedjans_slut(moten: Iterable[Sammantrade], utom: str = "") -> str:
    """The hash a new justering links to: the protokoll_hash at the end of the chain of
    these (one organ's) meetings, "" when none is justerat with hashes yet.

    The end is the justerat protokoll no other one points to, so a protokoll justerat
    late (after a later meeting's) does not fork the chain; should the chain be broken
    and have several ends, the last by `kedjeordning` is taken."""
    kedja = [m for m in _kedja(moten) if m.id != utom]
    if not kedja:
        return ""
    pekade = {m.justering.foregaende_hash for m in kedja if m.justering}
    slut = [m for m in kedja if m.justering and m.justering.protokoll_hash not in pekade]
    sista = (slut or kedja)[-1]
    assert sista.justering is not None
    return sista.justering.protokoll_hash


def kontrollera_kedja(moten: Iterable[Sammantrade], organ: Organ) -> list[str]:
    """One Swedish sentence per link that is broken in the organ's chain of justerade
    protokoll: each one's foregaende_hash must be the hash (as recomputed now) of another
    of them, no two may point to the same one, and only one may be the first."""
    kedja = _kedja(moten, organ.id)
    nu = {protokoll_hash(m): m for m in kedja}
    sparade = {m.justering.protokoll_hash: m for m in kedja if m.justering}
    efterfoljare: dict[str, Sammantrade] = {}
    forsta: Sammantrade | None = None
    problem: list[str] = []
    vems = f"{organ.namn} ({organ.kortnamn})"
    for mote in kedja:
        assert mote.justering is not None
        lank = mote.justering.foregaende_hash
        bryts = f"Kedjan av justerade protokoll för {vems} bryts vid {mote.id}"
        if not lank:
            if forsta is None:
                forsta = mote
                continue
            problem.append(
                f"{bryts}: det anges vara organets första justerade protokoll, men "
                f"{forsta.id} är justerat före det."
            )
        elif lank in nu and nu[lank] is not mote:
            if lank in efterfoljare:
                problem.append(
                    f"{bryts}: {efterfoljare[lank].id} anger redan samma föregående "
                    f"protokoll ({nu[lank].id})."
                )
            else:
                efterfoljare[lank] = mote
        elif lank in sparade and sparade[lank] is not mote:
            problem.append(
                f"{bryts}: det föregående protokollet {sparade[lank].id} har ändrats efter "
                "att det justerades."
            )
        else:
            problem.append(
                f"{bryts}: det föregående justerade protokollet (kontrollsumma {lank[:12]}…) "
                "finns inte oförändrat i lagret; det har ändrats eller tagits bort."
            )
    return problem


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
    doc: dict[str, Any] = _plain(mote)
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
    record = _plain(paragraf.omedelbar)
    for name in TILLATET_EFTER_OMEDELBAR:
        record.pop(name, None)
    return (paragraf_dokument(mote, paragraf), record)


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
        if paragraf.omedelbar.paragraf_hash != paragraf_hash(ny, paragraf):
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
    kontrollera_anslag(ny)
