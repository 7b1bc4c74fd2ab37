"""Structured fields edited as plain text in the forms, and back.

A secretary types lists faster than she fills in sub-forms, so förslag till beslut,
"Beslut skickas till" and signatories are edited as lines:

    1. Kommunstyrelsen fastställer internbudgeten.        förslag, point by point
    Förslag till beslut fullmäktige:                      a new group, addressed to another organ
    1. Kommunfullmäktige antar planen.

    Ekonomiavdelningen, för verkställighet                one recipient per line, purpose last
    Akten

    Johanna Sträng, Nämndsekreterare                      name, title
"""

from __future__ import annotations

import re

from kallelse_tui.domain.model import Forslag, Mottagare, Syfte, Undertecknare

_GROUP = re.compile(r"^(?:förslag till beslut|till)\s+(?P<organ>[^:]+?)\s*:\s*$", re.IGNORECASE)
_POINT = re.compile(r"^\s*(?:\d{1,3}\s*[.)]|[-–•*])\s*")


def lines(text: str) -> list[str]:
    """Non-empty, stripped lines."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_forslag(text: str) -> list[Forslag]:
    groups: list[Forslag] = []
    current = Forslag([])
    for line in lines(text):
        if m := _GROUP.match(line):
            if current.punkter or current.till_organ:
                groups.append(current)
            current = Forslag([], m["organ"].strip())
            continue
        point = _POINT.sub("", line, count=1).strip()
        if point:
            current.punkter.append(point)
    if current.punkter or current.till_organ:
        groups.append(current)
    return groups


def format_forslag(groups: list[Forslag]) -> str:
    out: list[str] = []
    for group in groups:
        if group.till_organ:
            out.append(f"Förslag till beslut {group.till_organ}:")
        numbered = len(group.punkter) > 1
        out += [f"{i}. {p}" if numbered else p for i, p in enumerate(group.punkter, 1)]
    return "\n".join(out)


def parse_mottagare(text: str) -> list[Mottagare]:
    result = []
    for line in lines(text):
        name, sep, purpose = line.rpartition(",")
        syfte = next((s for s in Syfte if s.value == purpose.strip().lower()), None)
        if sep and syfte is not None and name.strip():
            result.append(Mottagare(name.strip(), syfte))
        else:
            result.append(Mottagare(line))
    return result


def format_mottagare(mottagare: list[Mottagare]) -> str:
    return "\n".join(m.namn if m.pseudo else f"{m.namn}, {m.syfte.value}" for m in mottagare)


def parse_undertecknare(text: str) -> list[Undertecknare]:
    result = []
    for line in lines(text):
        name, _sep, title = line.partition(",")
        result.append(Undertecknare(name.strip(), title.strip()))
    return result


def format_undertecknare(people: list[Undertecknare]) -> str:
    return "\n".join(f"{u.namn}, {u.titel}" if u.titel else u.namn for u in people)
