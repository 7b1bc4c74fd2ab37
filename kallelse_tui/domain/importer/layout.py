"""The layout of a line: cleaning Word and PDF artefacts, columns, headers, page furniture."""

from __future__ import annotations

import re

_RADBRYTNING = re.compile(r"\r\n|\r|\n")
# Longer lines are prose or garbage, never an agenda row; the cap also bounds regex work.
_MAX_RAD = 2000

# PDF-to-text and Word conversion glue bold runs to their neighbours: "KOMMUN**Tekniska
# nämnden**KALLELSE", "2021-03-22**Tid** 13.15". A bold label starts a field of its own and
# a "**" between two words is a line break that was lost.
_FETT_ETIKETT = re.compile(
    r"\*\*\s*(?P<etikett>(?:sammanträdes|mötes)?(?:datum|tid|plats|lokal)(?: och (?:tid|plats))?"
    r"|organ)\s*:?\s*\*\*\s*:?",
    re.IGNORECASE,
)
_FETT_IHOP = re.compile(r"(?<=\S)\*\*(?=\S)")


def logiska_rader(text: str) -> tuple[list[str], list[int]]:
    """The lines to read and, for each, the index of the printed line it comes from."""
    rader: list[str] = []
    fran: list[int] = []
    for i, rad in enumerate(_RADBRYTNING.split(text)):
        if "**" in rad and len(rad) <= _MAX_RAD:
            rad = _FETT_IHOP.sub("\n", _FETT_ETIKETT.sub(lambda m: f"\n{m['etikett']}: ", rad))
            delar = [d for d in rad.split("\n") if d.strip()] or [rad]
        else:
            delar = [rad]
        rader += delar
        fran += [i] * len(delar)
    return rader, fran


_NR_ORD = {"nr", "nummer", "§", "punkt", "#", "ärendenummer"}
_RUBRIK_ORD = {
    "ärende",
    "ärenden",
    "ärendemening",
    "rubrik",
    "titel",
    "ärendelista",
    "föredragningslista",
    "dagordning",
}
_DNR_ORD = {"dnr", "diarienummer", "diarienr"}
_ANDRA_RUBRIKORD = {"föredragande", "handläggare", "kommentar", "anteckning", "och", "kallelse"}

_HANDLINGAR = re.compile(
    r"(?:§|förslag till beslut.*|beskrivning av ärendet|ärendebeskrivning|beslutsunderlag"
    r"|tjänsteskrivelse|beslut skickas till|sammanfattning|bakgrund)[:.]?",
    re.IGNORECASE,
)
# "Sida 2 av 3", "2 (3)", "2/3", "- 2 -"; never the "2020/434" of a Dnr.
_SIDNUMMER = re.compile(
    r"\bsid(?:a|\.)?\s*\d{1,3}(?:\s*(?:av|/)\s*\d{1,3}|\s*\(\s*\d{1,3}\s*\))?(?![\d/])"
    r"|(?<![\d/-])\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3}|/\s*\d{1,3})(?![\d/-])"
    r"|^[-–]\s*\d{1,3}\s*[-–]$",
    re.IGNORECASE,
)
_SIDHUVUDORD = {
    "kallelse",
    "föredragningslista",
    "dagordning",
    "ärendelista",
    "sammanträdesdatum",
    "och",
}
_BREVHUVUD = re.compile(r"[A-ZÅÄÖ][A-ZÅÄÖ -]* (?:KOMMUN|REGION)")
_AVDELARE = set("|+:-=_* \t")

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_RUBRIKMARKERING = re.compile(r"^#{1,6}\s+")
_KOLUMNMELLANRUM = re.compile(r"[ \u00a0]{2,}")


def _rensa(text: str) -> str:
    """Markdown bold, escapes and heading marks removed, whitespace collapsed."""
    text = _ESCAPE.sub(r"\1", text.replace("**", ""))
    return _RUBRIKMARKERING.sub("", " ".join(text.split()))


def _celler(raw: str) -> tuple[list[str], str]:
    """The columns of a row and how they were separated: "pipe", "tab" or "text".

    Only pipe cells keep their empty cells: there an empty number cell marks a wrapped row.
    """
    s = raw.replace("**", "").strip()
    if "|" in s:
        s = s.removeprefix("|").removesuffix("|")
        return [_rensa(c) for c in s.split("|")], "pipe"
    if "\t" in s:
        return [c for c in map(_rensa, s.split("\t")) if c], "tab"
    return [c for c in map(_rensa, _KOLUMNMELLANRUM.split(s)) if c], "text"


def _ord(text: str) -> list[str]:
    return [o.strip(".:") for o in re.split(r"[\s/,&]+", text.lower()) if o.strip(".:")]


def _roll(cell: str) -> str | None:
    """The column a header cell names ("nr", "rubrik", "dnr", "övrigt"), None if no header."""
    ord_ = _ord(cell)
    if not ord_ or not set(ord_) <= _NR_ORD | _RUBRIK_ORD | _DNR_ORD | _ANDRA_RUBRIKORD:
        return None
    for roll, ordlista in (("rubrik", _RUBRIK_ORD), ("dnr", _DNR_ORD), ("nr", _NR_ORD)):
        if set(ord_) & ordlista:
            return roll
    return "övrigt"


def _rubrikrad(celler: list[str]) -> list[str] | None:
    """The column roles when the row is an agenda header ("Nr | Ärende | Dnr", "Ärende")."""
    roller = [_roll(c) if c else "övrigt" for c in celler]
    if any(r is None for r in roller) or set(roller) == {"övrigt"}:
        return None
    return [r or "övrigt" for r in roller]
