"""The kallelse: organ header, the sentence calling the members, the ärendelista with Dnr,
practical notes and the signatures; as PDF, HTML, Markdown, plain text or DOCX.

`kallelse_data` builds the one dict every format renders from, so the formats cannot
disagree about what a kallelse says, and a public version is made in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kallelse_tui.domain.datum import klockslag, lang_datum
from kallelse_tui.domain.model import Arende, Organ, OrganTyp, Sammantrade
from kallelse_tui.domain.motioner import ANMALAN_RUBRIK, anmalan_rad
from kallelse_tui.domain.publicering import (
    publik_rubrik,
    publik_version,
    sekretess_hanvisning,
)
from kallelse_tui.domain.rensa import rensa_data
from kallelse_tui.export.common import (
    jinja_text,
    kontrollera_format,
    skriv_atomiskt,
    typst_pdf,
)

FORMAT = ("pdf", "html", "md", "txt", "docx")

KALLELSE = "Kallelse"
KUNGORELSE = "Kungörelse och kallelse"
EXTRA_ARENDE = "Extra ärende"
# The Dnr column has its own heading, so a typed "Dnr" prefix would print twice.
_DNR_PREFIX = re.compile(r"^\s*dnr\.?\s*:?\s*", re.IGNORECASE)


def _inledning(mote: Sammantrade, organ: Organ) -> dict[str, str]:
    """The calling sentence in three parts; the middle one (when and where) is set bold."""
    # Fullmäktige announces its meeting publicly; the other organs call their members.
    verb = "sammanträder" if organ.typ is OrganTyp.FULLMAKTIGE else "kallas härmed till sammanträde"
    nar = lang_datum(mote.datum)
    if mote.plats.strip():
        nar += f" i {mote.plats.strip()}"
    if mote.tid is not None:
        nar += f" {klockslag(mote.tid)}"
    return {
        "fore": f"{organ.namn} {verb}",
        "nar": nar,
        "efter": "för att behandla följande ärenden:",
    }


def _kungorelse(mote: Sammantrade, organ: Organ) -> str:
    """Fullmäktige meets in public and says so on the anslagstavla (KL 5 kap. 11–12 §§)."""
    if organ.typ is not OrganTyp.FULLMAKTIGE:
        return ""
    text = "Sammanträdet är offentligt."
    if mote.kungorelse_uppsatt is not None:
        text += (
            " Kungörelsen sattes upp på kommunens anslagstavla "
            f"{mote.kungorelse_uppsatt.isoformat()}."
        )
    return text


def _arende(nummer: int, arende: Arende, public: bool) -> dict[str, Any]:
    # A hidden item keeps its number and Dnr so the public list still matches the members'.
    dold = public and arende.sekretess
    noter = []
    if arende.sekretess:
        noter.append(sekretess_hanvisning(arende.osl))
    if (h := arende.handlaggare) and not dold:
        noter.append("Handläggare: " + ", ".join(x for x in (h.namn, h.titel, h.telefon) if x))
    if arende.rubrik == ANMALAN_RUBRIK and not dold:  # fullmäktige's new motioner, by name
        noter += [anmalan_rad(post) for post in arende.poster]
    return {
        "nummer": nummer,
        "rubrik": publik_rubrik(arende) if dold else arende.rubrik,
        "dnr": _DNR_PREFIX.sub("", arende.dnr).strip(),
        "extra": EXTRA_ARENDE if arende.extra else "",
        "noter": noter,
    }


def kallelse_data(mote: Sammantrade, organ: Organ, *, public: bool) -> dict[str, Any]:
    """Everything a kallelse shows, as JSON-able data; with `public` sekretess-marked
    ärenden show only their public title and OSL reference, and every string has
    personnummer masked (`publik_version`)."""
    publik = publik_version(mote, organ) if public else None
    if publik is not None:
        mote, organ = publik.mote, publik.organ
    datum = mote.datum.isoformat()
    upplysningar = [
        {"rubrik": rubrik, "text": text.strip()}
        for rubrik, text in (("Deltagande på distans", mote.distans), ("OSA", mote.osa))
        if text.strip()
    ]
    dokument = KUNGORELSE if organ.typ is OrganTyp.FULLMAKTIGE else KALLELSE
    skickad = mote.kallad_datum.isoformat() if mote.kallad_datum else ""
    data: dict[str, Any] = {
        "dokument": dokument,
        "titel": f"{dokument} {organ.namn} {datum}",
        "kommun": organ.kommun,
        "organ": organ.namn,
        "datum": datum,
        "inledning": _inledning(mote, organ),
        "skickad": f"Kallelsen skickad {skickad}" if skickad else "",
        "kungorelse": _kungorelse(mote, organ),
        "adressater": list(mote.adressater),
        "upplysningar": upplysningar,
        "arenden": [_arende(n, a, public) for n, a in enumerate(mote.arenden, start=1)],
        "andringar": [{"datum": a.datum.isoformat(), "text": a.text} for a in mote.andringar],
        "undertecknare": [{"namn": u.namn, "titel": u.titel} for u in mote.undertecknare],
        "publik_not": publik.not_text if publik else "",
    }
    return data


def _pdf(data: dict[str, Any]) -> bytes:
    return typst_pdf("kallelse.typ", data)


def kallelse_pdf(data: dict[str, Any]) -> bytes:
    """The kallelse as PDF bytes from `kallelse_data`, for documents that begin with it
    (the handlingar, which add each ärende's page and the bundle's page count)."""
    return _pdf(data)


def _text(mall: str) -> Callable[[dict[str, Any]], bytes]:
    return lambda data: jinja_text(mall, data).encode("utf-8")


def _docx(data: dict[str, Any]) -> bytes:
    from kallelse_tui.export.word import Word

    data = rensa_data(data)  # a DOCX cannot hold control characters from older data
    doc = Word(
        kommun=data["kommun"],
        organ=data["organ"],
        dokument=data["dokument"],
        datum=data["datum"],
        titel=data["titel"],
    )
    doc.titelblock()
    if data["publik_not"]:
        doc.stycke(data["publik_not"], kursiv=True)
    if data["skickad"]:
        doc.stycke(data["skickad"], liten=True)
    if data["adressater"]:
        doc.stycke("Till: " + ", ".join(data["adressater"]), liten=True)
    inledning = data["inledning"]
    doc.stycke(inledning["fore"], (inledning["nar"], True), inledning["efter"])
    if data["kungorelse"]:
        doc.stycke(data["kungorelse"])
    doc.tabell(
        ("", "Ärende", "Dnr"),
        [
            (f"{a['nummer']}.", [a["rubrik"], a["extra"], *a["noter"]], a["dnr"])
            for a in data["arenden"]
        ],
        bredder_mm=(9, 114, 40),
    )
    for upplysning in data["upplysningar"]:
        doc.stycke((upplysning["rubrik"] + ":", True), upplysning["text"])
    if data["andringar"]:
        doc.underrubrik("Ändringar efter utskick")
        for andring in data["andringar"]:
            doc.stycke((andring["datum"], True), andring["text"])
    doc.underskrifter([(u["namn"], u["titel"]) for u in data["undertecknare"]])
    return doc.spara()


_RENDERARE: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "pdf": _pdf,
    "html": _text("kallelse.html.j2"),
    "md": _text("kallelse.md.j2"),
    "txt": _text("kallelse.txt.j2"),
    "docx": _docx,
}


def export_kallelse(
    mote: Sammantrade, organ: Organ, fmt: str, target: Path, *, public: bool = False
) -> Path:
    """Write the kallelse for `mote` as `fmt` to `target` (atomically) and return the path."""
    fmt = kontrollera_format(fmt, FORMAT, "kallelsen")
    data = kallelse_data(mote, organ, public=public)
    return skriv_atomiskt(Path(target), _RENDERARE[fmt](data), "kallelsen", privat=not public)
