"""Picking members quickly by typing: a number from the list shown, or part of a name."""

from __future__ import annotations

import re

from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Ledamot


def valj_ledamot(text: str, kandidater: list[Ledamot], field: str = "vem") -> Ledamot:
    """One member: '3' is the third candidate, 'berg' the one whose name contains it."""
    query = text.strip()
    if not query:
        raise ValidationError(field, "Skriv ett nummer eller en del av namnet.")
    if re.fullmatch(r"\d{1,3}", query):
        n = int(query)
        if 1 <= n <= len(kandidater):
            return kandidater[n - 1]
        raise ValidationError(field, f"Det finns ingen nummer {n}; välj 1–{len(kandidater)}.")
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


def valj_ledamoter(text: str, kandidater: list[Ledamot], field: str = "vem") -> list[Ledamot]:
    """Several members, separated by commas or spaces between numbers: '2, 5 berg'."""
    parts = [p for p in re.split(r"[,;]|\s+(?=\d)|(?<=\d)\s+", text) if p.strip()]
    chosen: list[Ledamot] = []
    for part in parts:
        member = valj_ledamot(part, kandidater, field)
        if member not in chosen:
            chosen.append(member)
    return chosen


def numrerad(kandidater: list[Ledamot]) -> str:
    """'1 Anna Berg (S) · 2 Per Ek (M) …', the list the numbers refer to."""
    return " · ".join(f"{i} {m.visningsnamn}" for i, m in enumerate(kandidater, 1))
