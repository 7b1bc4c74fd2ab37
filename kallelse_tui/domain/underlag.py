"""Sensible defaults for a document being attached: its title and kind from the file name."""

from __future__ import annotations

import re
from pathlib import PurePath

from kallelse_tui.domain.model import Arende, UnderlagTyp
from kallelse_tui.domain.rensa import rensa_text

_KIND_WORDS: list[tuple[str, UnderlagTyp]] = [
    (r"tj[aä]nsteskrivelse|tj[aä]nsteutl[aå]tande", UnderlagTyp.TJANSTESKRIVELSE),
    (r"protokollsutdrag|protokoll|utdrag|§", UnderlagTyp.PROTOKOLLSUTDRAG),
    (r"yttrande|remissvar", UnderlagTyp.YTTRANDE),
]


def titel_fran_filnamn(filnamn: str) -> str:
    """'Tjänsteskrivelse_internbudget-2027.pdf' → 'Tjänsteskrivelse internbudget-2027'."""
    filnamn = rensa_text(filnamn)
    stem = PurePath(filnamn).stem
    text = re.sub(r"[_]+", " ", stem).strip()
    return text[:1].upper() + text[1:] if text else filnamn


def gissa_underlagstyp(filnamn: str) -> UnderlagTyp:
    lowered = filnamn.lower()
    for pattern, typ in _KIND_WORDS:
        if re.search(pattern, lowered):
            return typ
    return UnderlagTyp.BILAGA


def storlek_text(storlek: int) -> str:
    """'1,2 MB', '340 kB', as Swedish writes it."""
    if storlek >= 1_000_000:
        return f"{storlek / 1_000_000:.1f} MB".replace(".", ",")
    if storlek >= 1000:
        return f"{round(storlek / 1000)} kB"
    return f"{storlek} byte"


def redan_bifogad(arende: Arende, sha256: str) -> str | None:
    """A sentence naming the document with this content already attached to the ärende
    (the same file twice is a slip, not a second document), or None."""
    for underlag in arende.beslutsunderlag:
        if underlag.sha256 == sha256:
            return f"”{underlag.titel}” ({underlag.filnamn or 'samma innehåll'}) finns redan här."
    return None
