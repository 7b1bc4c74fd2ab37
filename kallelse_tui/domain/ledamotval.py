"""Picking members quickly by typing: a number from the list shown, or part of a name."""

from __future__ import annotations

import re
from datetime import date

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Ledamot, Organ

Nummer = dict[str, int]  # ledamot id → the number shown beside the name


def ledamot_nummer(organ: Organ, dag: date) -> Nummer:
    """Numbers that stay the same in every list of a meeting: the member's place among
    those with a mandate that day, as the närvaro list shows them."""
    return {m.id: i for i, m in enumerate((m for m in organ.ledamoter if m.har_mandat(dag)), 1)}


def _nummer(kandidater: list[Ledamot], nummer: Nummer | None) -> Nummer:
    return nummer if nummer is not None else {m.id: i for i, m in enumerate(kandidater, 1)}


def valj_ledamot(
    text: str, kandidater: list[Ledamot], field: str = "vem", nummer: Nummer | None = None
) -> Ledamot:
    """One member: '3' is the one numbered 3 (by default the third candidate), 'berg'
    the one whose name contains it."""
    query = text.strip()
    if not query:
        raise ValidationError(field, "Skriv ett nummer eller en del av namnet.")
    if re.fullmatch(r"\d{1,3}", query):
        n = int(query)
        numbers = _nummer(kandidater, nummer)
        for m in kandidater:
            if numbers.get(m.id) == n:
                return m
        raise ValidationError(field, f"Nummer {n} finns inte bland dem som kan väljas här.")
    lowered = query.lower()
    hits = [m for m in kandidater if lowered in m.visningsnamn.lower()]
    exact = [m for m in hits if m.namn.lower() == lowered]
    if len(exact) == 1:
        return exact[0]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise ValidationError(field, f"Ingen av de valbara heter något med ”{query}”.")
    names = ", ".join(m.visningsnamn for m in hits[:4])
    raise ValidationError(field, f"”{query}” passar flera: {names}. Skriv mer av namnet.")


def valj_ledamoter(
    text: str, kandidater: list[Ledamot], field: str = "vem", nummer: Nummer | None = None
) -> list[Ledamot]:
    """Several members, separated by commas or spaces between numbers: '2, 5 berg'."""
    parts = [p for p in re.split(r"[,;]|\s+(?=\d)|(?<=\d)\s+", text) if p.strip()]
    chosen: list[Ledamot] = []
    for part in parts:
        member = valj_ledamot(part, kandidater, field, nummer)
        if member not in chosen:
            chosen.append(member)
    return chosen


def numrerad(kandidater: list[Ledamot], nummer: Nummer | None = None) -> str:
    """'1 Anna Berg (S) · 2 Per Ek (M) …', the list the numbers refer to."""
    numbers = _nummer(kandidater, nummer)
    return " · ".join(f"{numbers.get(m.id, '?')} {m.visningsnamn}" for m in kandidater)
