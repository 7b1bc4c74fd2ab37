"""When the meeting ran: start, end and its ajourneringar, as the protokoll's "Plats och
tid" prints them ("kl 09:00–11:45, ajournering 10:15–10:30"), and the checks on what the
secretary types in meeting mode. Pure domain code."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time

from kallelse_tui.domain.datum import klockslag, parse_tid
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Ajournering, Sammantrade

# "10.15–10.30", "10:15 - 10:30", "10.15" (a break still going on)
_SPANN = re.compile(r"^\s*([^–—-]+?)\s*(?:[–—-]\s*(.+?))?\s*$")


def _hhmm(t: time) -> str:
    return f"{t:%H:%M}"


def ajournering_text(a: Ajournering) -> str:
    return f"{_hhmm(a.fran)}–{_hhmm(a.till)}" if a.till else f"från {_hhmm(a.fran)}"


def tid_text(mote: Sammantrade) -> str:
    """'kl 09:00–11:45, ajournering 10:15–10:30'; '' when no start time is recorded."""
    if mote.tid is None:
        return ""
    text = klockslag(mote.tid) + (f"–{_hhmm(mote.sluttid)}" if mote.sluttid else "")
    if mote.ajourneringar:
        ord_ = "ajournering" if len(mote.ajourneringar) == 1 else "ajourneringar"
        delar = [ajournering_text(a) for a in sorted(mote.ajourneringar, key=lambda a: a.fran)]
        lista = delar[0] if len(delar) == 1 else ", ".join(delar[:-1]) + " och " + delar[-1]
        text += f", {ord_} {lista}"
    return text


def las_ajourneringar(text: str, falt: str = "ajourneringar") -> list[Ajournering]:
    """One ajournering per line, '10.15–10.30' (or '10.15' while it lasts)."""
    resultat = []
    for nr, rad in enumerate((r for r in text.splitlines() if r.strip()), 1):
        m = _SPANN.match(rad)
        assert m is not None  # the pattern matches any non-empty line
        try:
            fran = parse_tid(m[1], falt)
            till = parse_tid(m[2], falt) if m[2] else None
        except ValidationError as exc:
            raise ValidationError(falt, f"Ajournering {nr}: {exc.message}") from None
        resultat.append(Ajournering(fran, till))
    return resultat


def kontrollera_tider(
    start: time | None, slut: time | None, ajourneringar: Sequence[Ajournering]
) -> None:
    """The end after the start, each break inside the meeting and ending after it began,
    the breaks not overlapping; ValidationError naming the field otherwise."""
    if slut is not None and start is not None and slut <= start:
        raise ValidationError(
            "sluttid",
            f"Sammanträdet kan inte sluta {_hhmm(slut)}, före eller när det började "
            f"{_hhmm(start)}.",
        )
    foregaende: Ajournering | None = None
    for nr, a in enumerate(sorted(ajourneringar, key=lambda a: a.fran), 1):
        if a.till is not None and a.till <= a.fran:
            raise ValidationError(
                "ajourneringar", f"Ajournering {nr} slutar före eller när den börjar."
            )
        utanfor = (start is not None and a.fran <= start) or (
            slut is not None and (a.till or a.fran) >= slut
        )
        if utanfor:
            raise ValidationError(
                "ajourneringar",
                f"Ajourneringen {ajournering_text(a)} ligger utanför sammanträdet.",
            )
        if foregaende is not None and (foregaende.till is None or a.fran < foregaende.till):
            raise ValidationError(
                "ajourneringar",
                f"Ajourneringarna {ajournering_text(foregaende)} och {ajournering_text(a)} "
                "överlappar.",
            )
        foregaende = a
