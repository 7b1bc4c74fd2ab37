"""Diarienummer (Dnr) in all the shapes municipalities print.

Accepted, among others: "Dnr 2023-00463 102", "Dnr 2023-00497", "2020/434",
"KS 2020/434", "KS 2019/507-00", "Dnr 2021-000001", "KS/2020:226", "SBN 2020/877".
The original text is always kept; `nyckel` is the normalised form used to match and search
("2020-434"), so the same ärende is found whichever shape was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kallelse_tui.domain.errors import ValidationError

_DNR = re.compile(
    r"""^\s*
    (?:dnr\.?\s*:?\s*)?                              # "Dnr", "Dnr:", "dnr."
    (?:(?P<serie>[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,9})\s*[ /]\s*)? # diarieserie: "KS ", "KS/"
    (?P<ar>(?:19|20)\d{2})
    \s*[-/:]\s*
    (?P<lopnr>\d{1,7})
    (?:\s*(?P<klass>-\s*\d{1,4}(?:\.\d{1,4})*|\s\d{1,4}(?:\.\d{1,4})*))? # "-00", " 102", " 1.2"
    \s*$""",
    re.VERBOSE | re.IGNORECASE,
)

_DATE = re.compile(r"(?:19|20)\d{2}-\d{2}-\d{2}")

EXEMPEL = "”Dnr 2023-00463 102”, ”KS 2020/434” eller ”KS/2020:226”"


@dataclass(frozen=True, slots=True)
class Dnr:
    original: str
    serie: str  # "" when the number has no diarieserie
    ar: int
    lopnummer: int
    klass: str  # classification code or suffix as printed, "" if none

    @property
    def nyckel(self) -> str:
        """Normalised key: year and running number without zero padding."""
        return f"{self.ar}-{self.lopnummer}"

    def __str__(self) -> str:
        return self.original


def parse_dnr(text: str) -> Dnr:
    """Read a Dnr; raise ValidationError with a Swedish explanation otherwise."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValidationError("dnr", "Diarienumret är tomt.")
    if _DATE.fullmatch(cleaned):
        raise ValidationError("dnr", f"”{cleaned}” ser ut som ett datum, inte ett diarienummer.")
    match = _DNR.match(cleaned)
    if match is None or (match["serie"] and match["serie"].lower() == "dnr"):
        raise ValidationError(
            "dnr", f"”{cleaned}” är inte ett diarienummer som går att läsa; skriv t.ex. {EXEMPEL}."
        )
    klass = (match["klass"] or "").strip()
    klass = re.sub(r"^-\s*", "-", klass)
    return Dnr(
        original=cleaned,
        serie=(match["serie"] or "").upper(),
        ar=int(match["ar"]),
        lopnummer=int(match["lopnr"]),
        klass=klass,
    )


def dnr_nyckel(text: str) -> str | None:
    """The normalised key of a Dnr text, or None when it is not a Dnr."""
    try:
        return parse_dnr(text).nyckel
    except ValidationError:
        return None
