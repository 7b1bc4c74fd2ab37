"""Dates and times as Swedish secretaries write them, and Swedish date formatting."""

from __future__ import annotations

import re
from datetime import date, time
from functools import cache

from kallelse_tui.domain.errors import ValidationError

MANADER = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
# "måndagen den 11 december 2023": the definite form is what kallelser print.
VECKODAGAR_BESTAMD = (
    "måndagen",
    "tisdagen",
    "onsdagen",
    "torsdagen",
    "fredagen",
    "lördagen",
    "söndagen",
)
VECKODAGAR = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SHORT = re.compile(r"^(\d{2})-(\d{2})-(\d{2})$")  # "23-12-11" as in "ks 23-12-11"
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./ ](\d{4})$")
_WORDS = re.compile(
    r"^(?:(?:" + "|".join(VECKODAGAR_BESTAMD + VECKODAGAR) + r")\s+)?(?:den\s+)?"
    r"(\d{1,2})\s+(" + "|".join(MANADER) + r")\s+(\d{4})$"
)
_TIME = re.compile(r"^(?:kl(?:ockan)?\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?$")
_TIME_COMPACT = re.compile(r"^(?:kl(?:ockan)?\.?\s*)?(\d{2})(\d{2})$")

DATUM_EXEMPEL = "”2023-12-11”, ”11 december 2023” eller ”11/12 2023”"
TID_EXEMPEL = "”09:00”, ”kl 9.30” eller ”14.00”"


def parse_datum(text: str, field: str = "datum") -> date:
    """Read a date; raise ValidationError naming the field otherwise."""
    cleaned = " ".join(text.lower().replace(",", " ").split())
    if not cleaned:
        raise ValidationError(field, "Datumet är tomt.")
    parts: tuple[int, int, int] | None = None
    if m := _ISO.match(cleaned) or _COMPACT.match(cleaned):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _SHORT.match(cleaned):
        parts = (2000 + int(m[1]), int(m[2]), int(m[3]))
    elif m := _DMY.match(cleaned):
        parts = (int(m[3]), int(m[2]), int(m[1]))
    elif m := _WORDS.match(cleaned):
        parts = (int(m[3]), MANADER.index(m[2]) + 1, int(m[1]))
    if parts is None:
        raise ValidationError(
            field, f"”{text.strip()}” är inget datum som går att läsa; skriv t.ex. {DATUM_EXEMPEL}."
        )
    try:
        return date(*parts)
    except ValueError:
        raise ValidationError(
            field, f"”{text.strip()}” är inget giltigt datum i kalendern."
        ) from None


def parse_tid(text: str, field: str = "tid") -> time:
    """Read a clock time such as "kl 09:00", "9.30", "14.00" or "1400"."""
    cleaned = " ".join(text.lower().split())
    if not cleaned:
        raise ValidationError(field, "Tiden är tom.")
    m = _TIME.match(cleaned) or _TIME_COMPACT.match(cleaned)
    if m is None:
        raise ValidationError(
            field,
            f"”{text.strip()}” är inget klockslag som går att läsa; skriv t.ex. {TID_EXEMPEL}.",
        )
    hour, minute = int(m[1]), int(m[2] or 0)
    if hour > 23 or minute > 59:
        raise ValidationError(field, f"”{text.strip()}” är inget giltigt klockslag (00:00–23:59).")
    return time(hour, minute)


def lang_datum(d: date) -> str:
    """'måndagen den 11 december 2023'."""
    return f"{VECKODAGAR_BESTAMD[d.weekday()]} den {d.day} {MANADER[d.month - 1]} {d.year}"


def kort_datum(d: date) -> str:
    """'11 december 2023'."""
    return f"{d.day} {MANADER[d.month - 1]} {d.year}"


def veckodag(d: date) -> str:
    return VECKODAGAR[d.weekday()]


def klockslag(t: time) -> str:
    """'kl 09:00', as the kallelser print it."""
    return f"kl {t:%H:%M}"


# Swedish holidays: here rather than in the rules engine, since both the rules (regler) and
# the statutory deadlines (tidsfrister) need them.
@cache
def _helgdagar(ar: int) -> dict[date, str]:
    # Imported here: holidays takes ~80 ms to import and must stay off the start-up path.
    import holidays

    # Midsommar-, jul- and nyårsafton are "de_facto" holidays in the library, not "public".
    # Sundays are left out: weekends are named by helgdag() itself.
    kalender = holidays.country_holidays(
        "SE", years=ar, language="sv", categories=("public", "de_facto"), include_sundays=False
    )
    return {dag: " och ".join(map(_gemen, namn.split("; "))) for dag, namn in kalender.items()}


def _gemen(namn: str) -> str:
    """Holiday names are written in lower case in running text, except Kristi himmelsfärdsdag."""
    return namn if namn.startswith("Kristi") else namn[:1].lower() + namn[1:]


def helgdag(dag: date) -> str | None:
    """The Swedish name of the holiday on `dag` ("juldagen", "midsommarafton"), else
    "lördag" or "söndag" on a weekend, else None. A holiday's name wins over the weekday."""
    if namn := _helgdagar(dag.year).get(dag):
        return namn
    if dag.weekday() >= 5:
        return veckodag(dag)
    return None
