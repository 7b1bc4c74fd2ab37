"""Header fields: the organ, the date, time and place of the meeting."""

from __future__ import annotations

import re

from kallelse_tui.domain.datum import MANADER, VECKODAGAR, VECKODAGAR_BESTAMD
from kallelse_tui.domain.importer.layout import _SIDHUVUDORD, _rensa

_VECKODAG = "|".join(VECKODAGAR_BESTAMD + VECKODAGAR)
_MANAD = "|".join(MANADER)
_DATUM = re.compile(
    rf"(?:\b(?P<veckodag>{_VECKODAG})\s+)?(?:\bden\s+)?"
    rf"(?P<ord>\b\d{{1,2}}\s+(?:{_MANAD})\s+\d{{4}}\b)"
    r"|(?P<iso>\b\d{4}-\d{1,2}-\d{1,2}\b)"
    r"|(?P<dmy>\b\d{1,2}[./]\d{1,2}[./ ]\d{4}\b)",
    re.IGNORECASE,
)
_TID_KL = re.compile(r"\bkl(?:ockan)?\.?\s*\d{1,2}(?:[:.]\d{2})?(?![\d:.]?\d)", re.IGNORECASE)
# After a "Tid:" label a bare "13.00" is a time as well.
_TID_ETIKETT = re.compile(
    _TID_KL.pattern + r"|(?<![\d.:])\d{1,2}[:.]\d{2}(?![\d:.]?\d)", re.IGNORECASE
)
# "13.15–16.30", "kl 14:00-16:00", "kl 9 till 12": the end of the meeting.
_TID_SLUT = re.compile(
    r"\s*(?:[–—-]|till)\s*(?:kl(?:ockan)?\.?\s*)?(?P<slut>\d{1,2}(?:[:.]\d{2})?)(?![\d:.]?\d)",
    re.IGNORECASE,
)
_ISO_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")

_KALLAS = re.compile(
    r"\bkallas\b|\bsammanträder\b|^kallelse\s+till\s+(?:sammanträde|möte)", re.IGNORECASE
)
_LEDAMOTER = re.compile(
    r"^(?:samtliga\s+)?(?:ordinarie\s+)?(?:ledamöter(?:na)?|ersättare(?:na)?)"
    r"(?:\s+och\s+(?:ledamöter(?:na)?|ersättare(?:na)?))?\s+(?:i|för|till)\s+",
    re.IGNORECASE,
)
_MED_ORGAN = re.compile(r"\b(?:sammanträde|möte)\w*\s+med\s+(?P<organ>.+)", re.IGNORECASE)
_ORGAN_SLUT = re.compile(rf",|\d|\s(?:den|i|på|kl\.?|klockan|för|{_VECKODAG})\b", re.IGNORECASE)
_SAMMANTRADE = re.compile(r"\b(?:sammanträde|möte)\w*", re.IGNORECASE)
_PREPOSITION = re.compile(r"(?:^|\s)(?:i|på)\s+(?=\S)", re.IGNORECASE)
_FOR_ATT = re.compile(r"\bför att\b|\.\s", re.IGNORECASE)
_ORGANORD = re.compile(
    r"(?:styrelse|nämnd|fullmäktige|utskott|direktion|beredning|förbund|revision|presidi)"
    r"(?:e?n|e?t|s|ens|ets|ns|ts|um)?$"
)
_ETIKETT = re.compile(r"(?P<etikett>[^\W\d_][\w ,/&-]{0,40}?)\s*:\s*(?P<varde>.*)")
_ETIKETTORD = {
    "datum",
    "tid",
    "plats",
    "lokal",
    "och",
    "klockan",
    "dag",
    "organ",
    "nämnd",
    "sammanträdesdatum",
    "sammanträdestid",
    "sammanträdesplats",
    "sammanträdeslokal",
    "mötesdatum",
    "mötestid",
    "mötesplats",
    "möteslokal",
    "föredragande",
    "handläggare",
}


def _ar_organ(text: str) -> bool:
    ord_ = text.lower().split()
    return (
        1 <= len(ord_) <= 8
        and not any(c.isdigit() for c in text)
        and not text.endswith((":", "."))
        and any(_ORGANORD.search(o.strip(",.;:()")) for o in ord_)
    )


def _plats(text: str, spann: list[tuple[int, int]], efter_preposition: bool) -> str:
    """The place: what is left between the date and time, after "i"/"på" in a sentence."""
    bitar, start = [], 0
    for a, b in sorted(spann):
        bitar.append(text[start:a])
        start = max(start, b)
    bitar.append(text[start:])
    for bit in bitar:
        bit = _FOR_ATT.split(bit)[0]
        if efter_preposition:
            bit = _SAMMANTRADE.split(bit)[-1]
            m = _PREPOSITION.search(bit)
            if m is None:
                continue
            bit = bit[m.end() :]
        if plats := bit.strip(" ,.;:–-"):
            return plats
    return ""


def _ar_rubrik(text: str) -> bool:
    """A short heading that could name the organ (not the letterhead nor "Kallelse")."""
    ord_ = text.lower().split()
    return (
        len(ord_) <= 6
        and not any(c.isdigit() or c in ":.;" for c in text)
        and not set(ord_) <= _SIDHUVUDORD
        and ord_[-1] != "kommun"
    )


# "KALIX KOMMUN", "Bergviks kommun", "Lindmo kommun, Miljöförvaltningen": a letterhead or
# footer; "Skyddsrum i Kalix kommun" in a title is not one.
_KOMMUN = re.compile(r"(?P<namn>[^\W\d_][\w-]*(?: [^\W\d_][\w-]*){0,2}) kommun(?:\s*,.*)?", re.I)


def kommun_ur(rader: list[str]) -> str:
    """The kommun as printed in the first letterhead or footer line, "" when none."""
    for rad in rader:
        m = _KOMMUN.fullmatch(_rensa(rad)) if len(rad) <= 80 and "ommun" in rad.lower() else None
        if m is None or not all(o[0].isupper() for o in m["namn"].split()):
            continue
        namn = m["namn"]
        if namn.isupper():
            namn = " ".join("-".join(d.capitalize() for d in o.split("-")) for o in namn.split())
        return f"{namn} kommun"
    return ""
