"""The checksums of a justerat protokoll: its canonical form and the SHA-256 over it.

Canonical form: plain data (dataclasses → dicts, enums → their value, dates ISO, times
"HH:MM") as compact JSON with sorted keys, UTF-8. Dataclass fields that still hold their
default value are left out, so a field added to the model later (with a default) leaves
the hash of every protokoll justerat before it unchanged.

Version 1 (protokoll justerade before the frozen record) hashes each § with the protocol
fields of its ärende, and the protokoll over the meeting header and the § hashes. Version 2
hashes everything any export of the protokoll prints: the whole meeting as locked, every
ärende in full (list rows, attachment titles, dates and sekretess marks), the organ with its
members as frozen at justering, and the SHA-256 of each attachment's extracted text; one
hash per part, so that `verify` can name what changed. Both carry the meeting's id and organ
and the organ's previous protokoll hash (the chain).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date, time
from enum import Enum
from typing import Any

from kallelse_tui.domain.model import Arende, Justering, Paragraf, Sammantrade

# Part of every hashed document: a later, different canonical form gets a new tag.
FORMAT = "kallelse-protokoll/1"
FORMAT_2 = "kallelse-protokoll/2"
FORMAT_ANSLAG = "kallelse-anslag/1"
VERSION = 2  # what a justering records now

# The ärende's fields that its § prints in the protokoll, in version 1 (besides the
# beslutsunderlag's titles and file hashes, added separately).
ARENDE_I_PROTOKOLLET = ("rubrik", "dnr", "sekretess", "osl", "beskrivning", "skickas_till")

# What a justerat protokoll may still receive, as top-level fields of the meeting: the
# anslag, the one status step justerat → anslaget, the expediering records, and rättelser
# (appended only, each hashed and chained of its own) and digital signatures (appended only,
# each over the protokoll hash). Everything else is locked and hashed.
TILLATET_EFTER_JUSTERING = frozenset(
    {"anslag", "status", "expediering", "rattelser", "tillagda_mottagare", "signaturer"}
)
# What an omedelbart justerad § may still receive: the day it was posted.
TILLATET_EFTER_OMEDELBAR = frozenset({"anslag"})

# The parts of a version 2 protokoll, and how verify names them.
DELAR = {
    "sammantrade": "uppgifterna om sammanträdet, närvaron eller ärendena utan paragraf",
    "organ": "organets namn eller ledamöternas namn, partier och roller som de var vid justeringen",
    "bilagetexter": "listan över bilagornas utlästa texter",
    "justering": "justerarna, justeringens tid och plats eller datum",
}


def plain(obj: Any) -> Any:
    """JSON-ready plain data, leaving out dataclass fields that hold their default."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: plain(getattr(obj, f.name))
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
        return [plain(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    return obj


def _ar_standard(f: dataclasses.Field[Any], value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


def sha256(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _arende_for(mote: Sammantrade, paragraf: Paragraf) -> Arende | None:
    return next((a for a in mote.arenden if a.id == paragraf.arende_id), None)


def version(mote: Sammantrade) -> int:
    return mote.justering.version if mote.justering else VERSION


def paragraf_dokument(mote: Sammantrade, paragraf: Paragraf, ver: int = 1) -> dict[str, Any]:
    """What a § hash covers: the § (without its own omedelbar justering record, which
    holds the hash) and the protocol fields of its ärende; from version 2 the whole ärende
    and the omedelbar record (but for its anslag day, which may come later)."""
    doc = plain(paragraf)
    omedelbar = doc.pop("omedelbar", None)
    arende = _arende_for(mote, paragraf)
    if ver >= 2:
        if isinstance(omedelbar, dict):
            doc["omedelbar"] = {
                k: v for k, v in omedelbar.items() if k not in TILLATET_EFTER_OMEDELBAR
            }
        return {
            "format": FORMAT_2,
            "paragraf": doc,
            "arende": plain(arende) if arende is not None else None,
        }
    arende_doc: dict[str, Any] | None = None
    if arende is not None:
        arende_doc = {name: plain(getattr(arende, name)) for name in ARENDE_I_PROTOKOLLET}
        arende_doc["beslutsunderlag"] = [
            {"titel": u.titel, "sha256": u.sha256} for u in arende.beslutsunderlag
        ]
    return {"format": FORMAT, "paragraf": doc, "arende": arende_doc}


def paragraf_hash(mote: Sammantrade, paragraf: Paragraf, ver: int = 1) -> str:
    return sha256(paragraf_dokument(mote, paragraf, ver))


def omedelbar_hash(mote: Sammantrade, paragraf: Paragraf) -> str:
    """The hash an omedelbar justering records for its § (without the record itself), in
    the record's version; a § not yet justerad omedelbart gets the current version."""
    ver = paragraf.omedelbar.version if paragraf.omedelbar is not None else VERSION
    doc = paragraf_dokument(mote, paragraf, ver)
    doc["paragraf"].pop("omedelbar", None)
    return sha256(doc)


def paragraf_hashar(mote: Sammantrade, ver: int | None = None) -> dict[str, str]:
    """Every § hash as it is now (in the protokoll's own version), keyed by the § number."""
    ver = version(mote) if ver is None else ver
    return {str(p.nummer): paragraf_hash(mote, p, ver) for p in mote.paragrafer}


def delar(mote: Sammantrade) -> dict[str, str]:
    """Version 2: the hash of each part of the protokoll besides its §§ (see DELAR)."""
    justering = mote.justering or Justering()
    doc: dict[str, Any] = plain(mote)
    for name in (*TILLATET_EFTER_JUSTERING, "justering", "paragrafer"):
        doc.pop(name, None)
    med_paragraf = {p.arende_id for p in mote.paragrafer}
    doc["arenden"] = [plain(a) for a in mote.arenden if a.id not in med_paragraf]
    just = {
        "justerare": justering.justerare,
        "tid_och_plats": justering.tid_och_plats,
        "datum": plain(justering.datum),
        "namn": justering.namn,
        "version": justering.version,
    }
    return {
        "sammantrade": sha256(doc),
        "organ": sha256(plain(justering.organ)),
        "bilagetexter": sha256(justering.texter),
        "justering": sha256(just),
    }


def protokoll_dokument(
    mote: Sammantrade,
    hashar: dict[str, str],
    foregaende_hash: str,
    delhashar: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the protokoll hash covers, from the § hashes (and in version 2 the part hashes)
    given: as recorded, to check the record; as recomputed, to check the content."""
    if version(mote) >= 2:
        return {
            "format": FORMAT_2,
            "sammantrade": mote.id,
            "organ": mote.organ_id,
            "delar": delhashar if delhashar is not None else delar(mote),
            "paragrafer": hashar,
            "foregaende_hash": foregaende_hash,
        }
    justering = mote.justering or Justering()
    return {
        "format": FORMAT,
        "sammantrade": mote.id,
        "organ": mote.organ_id,
        "datum": plain(mote.datum),
        "tid": plain(mote.tid),
        "plats": mote.plats,
        "narvaro": plain(mote.narvaro),
        "ovriga_narvarande": plain(mote.ovriga_narvarande),
        "undertecknare": plain(mote.undertecknare),
        "justering": {
            "justerare": justering.justerare,
            "tid_och_plats": justering.tid_och_plats,
            "datum": plain(justering.datum),
            "namn": justering.namn,
        },
        "paragrafer": hashar,
        "foregaende_hash": foregaende_hash,
    }


def protokoll_hash(mote: Sammantrade) -> str:
    """The whole protokoll's hash as it is now (its § and part hashes recomputed), linked
    to the `foregaende_hash` recorded in its justering."""
    foregaende = mote.justering.foregaende_hash if mote.justering else ""
    return sha256(protokoll_dokument(mote, paragraf_hashar(mote), foregaende))


def anslag_hash(mote: Sammantrade) -> str:
    """The anslag as a record of its own: its days and place, the days the omedelbart
    justerade §§ went up, tied to the meeting, its organ and the protokoll's hash."""
    anslag = mote.anslag
    return sha256(
        {
            "format": FORMAT_ANSLAG,
            "sammantrade": mote.id,
            "organ": mote.organ_id,
            "protokoll_hash": mote.justering.protokoll_hash if mote.justering else "",
            "anslag": {k: v for k, v in plain(anslag).items() if k != "hash"} if anslag else None,
            "omedelbara": {
                str(p.nummer): plain(p.omedelbar.anslag)
                for p in mote.paragrafer
                if p.omedelbar is not None and p.omedelbar.anslag is not None
            },
        }
    )


def grupperad(summa: str) -> str:
    """'3f2a 9c01 …': the 64 hex digits in groups of four, easier to read aloud and compare."""
    return " ".join(summa[i : i + 4] for i in range(0, len(summa), 4))


def kontrollsumma_mening(paragraf: bool = False) -> str:
    """What the checksum printed on the anslagsbevis is for, in words a reader understands."""
    vad = "paragrafens" if paragraf else "protokollets"
    return (
        f"Kontrollsumman är ett fingeravtryck av {vad} justerade text med namn, närvaro, "
        "texter och bilagor: ändras ett enda tecken blir summan en annan. Räknas den fram på "
        "nytt ur protokollet i arkivet och blir densamma, har texten inte ändrats sedan "
        "justeringen. Samma summa står i kommunens lista över publicerade kontrollsummor."
    )
