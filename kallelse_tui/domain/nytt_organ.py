"""A new organ from what a user (or a kallelse's heading) says: name, short name, kind, kommun.

Shared by the organ form, `kallelse organ add` and the import, so an organ gets the same id
and the same guesses however it is created.
"""

from __future__ import annotations

import re
import unicodedata

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Organ, OrganTyp

# The common organs' usual short names; any other name gets its initials (see kortnamn_for).
_KANDA_KORTNAMN = {
    "kommunfullmäktige": "KF",
    "kommunstyrelsen": "KS",
    "kommunstyrelsens arbetsutskott": "KSAU",
    "regionfullmäktige": "RF",
    "regionstyrelsen": "RS",
}
# The last kind word in the name says the kind: "Kommunstyrelsens arbetsutskott" is an
# utskott, "Direktionen för Räddningstjänsten Mellanälv" a direktion.
_TYP_AV_SLUT = (
    ("nämnd", OrganTyp.NAMND),
    ("nämnden", OrganTyp.NAMND),
    ("fullmäktige", OrganTyp.FULLMAKTIGE),
    ("styrelse", OrganTyp.STYRELSE),
    ("styrelsen", OrganTyp.STYRELSE),
    ("utskott", OrganTyp.UTSKOTT),
    ("utskottet", OrganTyp.UTSKOTT),
    ("direktion", OrganTyp.DIREKTION),
    ("direktionen", OrganTyp.DIREKTION),
)


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


def typ_for(namn: str) -> OrganTyp:
    """The kind the name says; a nämnd when it says none."""
    for word in reversed(re.findall(r"\w+", namn.lower())):
        for slut, typ in _TYP_AV_SLUT:
            if word.endswith(slut):
                return typ
    return OrganTyp.NAMND


def kortnamn_for(namn: str) -> str:
    """KS for Kommunstyrelsen; otherwise the initials of the name's words, a nämnd's with
    its N ("Barn- och utbildningsnämnden" → "BUN", "Tekniska nämnden" → "TN")."""
    key = " ".join(namn.lower().split())
    if key in _KANDA_KORTNAMN:
        return _KANDA_KORTNAMN[key]
    bokstaver = ""
    for word in re.findall(r"\w+", namn):
        if word.lower() in {"och", "för", "i", "med", "av"}:
            continue
        bokstaver += word[0].upper()
        if len(word) > 8 and word.lower().rstrip("s").endswith(("nämnden", "nämnd")):
            bokstaver += "N"
    return bokstaver[:6] or "ORGAN"


def nytt_organ(
    namn: str,
    organs: list[Organ],
    *,
    kortnamn: str | None = None,
    typ: OrganTyp | None = None,
    kommun: str = "",
) -> Organ:
    """A new organ with the reglemente's defaults; a DomainError when it already exists."""
    namn, kommun = " ".join(namn.split()), " ".join(kommun.split())
    if not namn:
        raise DomainError("Organet behöver ett namn, t.ex. ”Kommunstyrelsen”.")
    kortnamn = (kortnamn or "").strip() or kortnamn_for(namn)
    for other in organs:
        if other.kommun.lower() == kommun.lower() and (
            other.namn.lower() == namn.lower() or other.kortnamn.lower() == kortnamn.lower()
        ):
            raise DomainError(
                f"{other.namn} ({other.kortnamn}, {other.kommun or 'utan kommun'}) finns redan "
                f"i lagret med id {other.id}."
            )
    return Organ(
        id=organ_id(kommun, kortnamn, {o.id for o in organs}),
        namn=namn,
        kortnamn=kortnamn,
        typ=typ or typ_for(namn),
        kommun=kommun,
    )
