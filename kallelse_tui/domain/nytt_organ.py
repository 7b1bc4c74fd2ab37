"""A new organ from its name as printed: id, short name and kind guessed, all editable later.

Used where an organ is created without a form (`kallelse import kallelse` for a kallelse of
an organ the store does not know; save it with `Store.save_organ`), and by the organ form
for the id."""

from __future__ import annotations

import re
import unicodedata

from kallelse_tui.domain.model import Organ, OrganTyp

_KORTNAMN = {
    "kommunfullmäktige": "KF",
    "kommunstyrelsen": "KS",
    "kommunstyrelsens arbetsutskott": "KSAU",
    "regionfullmäktige": "RF",
    "regionstyrelsen": "RS",
}
_SMAORD = {"och", "för", "i", "med", "av"}
# The last matching word decides: "Kommunstyrelsens arbetsutskott" is an utskott.
_TYP = [
    (re.compile(r"fullmäktige"), OrganTyp.FULLMAKTIGE),
    (re.compile(r"styrelse"), OrganTyp.STYRELSE),
    (re.compile(r"nämnd"), OrganTyp.NAMND),
    (re.compile(r"utskott|beredning"), OrganTyp.UTSKOTT),
    (re.compile(r"direktion"), OrganTyp.DIREKTION),
]


def organ_id(kommun: str, kortnamn: str, taken: set[str]) -> str:
    """'norrvik-ks' from 'Norrviks kommun' and 'KS'; ASCII so it is easy to type."""
    base_kommun = re.sub(r"s? kommun$", "", kommun.strip(), flags=re.IGNORECASE)
    text = f"{base_kommun}-{kortnamn}".lower()
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "organ"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def gissa_organtyp(namn: str) -> OrganTyp:
    typ = OrganTyp.NAMND
    for ord_ in namn.lower().split():
        for monster, kandidat in _TYP:
            if monster.search(ord_):
                typ = kandidat
    return typ


def gissa_kortnamn(namn: str) -> str:
    """'KS', 'BUN' from 'Barn- och utbildningsnämnden', 'TN' from 'Tekniska nämnden'."""
    text = " ".join(namn.split())
    if kort := _KORTNAMN.get(text.lower()):
        return kort
    bokstaver = ""
    for ord_ in text.split():
        if ord_.lower() in _SMAORD or not ord_[0].isalpha():
            continue
        bokstaver += ord_[0].upper()
        if ord_.lower().rstrip("s").endswith(("nämnden", "nämnd")) and len(ord_) > 8:
            bokstaver += "N"
    return bokstaver[:6] or "ORGAN"


def nytt_organ(
    namn: str,
    kommun: str,
    taken: set[str],
    kortnamn: str = "",
    typ: OrganTyp | None = None,
) -> Organ:
    """An organ named as printed, with a free id among `taken`."""
    namn = " ".join(namn.split())
    kortnamn = kortnamn.strip() or gissa_kortnamn(namn)
    return Organ(
        id=organ_id(kommun, kortnamn, taken),
        namn=namn,
        kortnamn=kortnamn,
        typ=typ or gissa_organtyp(namn),
        kommun=" ".join(kommun.split()),
    )
