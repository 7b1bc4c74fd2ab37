"""Dnr keys: a Dnr in any shape, in a field, a query or running text, as the tokens the
index stores (`nk<år>x<löpnr>`, `nk<år>x<löpnr>s<serie>`), and the series rule."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from kallelse_tui.domain.dnr import parse_dnr
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.store.search.schema import ARENDE, BESLUT, BILAGA, SAMMANTRADE, _Rad

_SLAG_ORDNING = {ARENDE: 0, BESLUT: 1, BILAGA: 2, SAMMANTRADE: 3}

# A Dnr inside running text: found by its "år/löpnummer" core (a cheap scan: the pattern
# starts with a digit), then the series is looked for just before it. Stricter than
# parse_dnr: the series must be written in capitals ("KS 2020/434"), so "beslut 2020/434"
# is not read as series BESLUT. A date ("2026-10-19") matches the core and is dropped.
_DNR_KARNA = re.compile(
    r"(?P<ar>(?:19|20)\d\d)\s?[-/:]\s?(?P<lopnr>\d{1,7})(?P<klass>-\d{1,4})?(?!\d|[-/:.]\d)"
)
_DNR_FORE = re.compile(
    r"(?:(?<![\w/:.-])(?:[Dd][Nn][Rr]\.?:?\s{0,2})?"
    r"(?:(?P<serie>[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,9})(?:\s?/\s?|\s))?)$"
)
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse(text: str) -> tuple[str, str] | None:
    """(nyckel, serie) of a Dnr field, or None."""
    if not text.strip():
        return None
    try:
        dnr = parse_dnr(text)
    except ValidationError:
        return None
    return dnr.nyckel, dnr.serie


def _las_dnr(fraga: str) -> tuple[str, str] | None:
    """The query as a Dnr: (nyckel, serie) or None."""
    if len(fraga) > 40:
        return None
    return _parse(fraga)


def _dnr_traffar(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, nyckel, serie) of each Dnr in running text."""
    for match in _DNR_KARNA.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        karna = match.group()
        if _DATUM.fullmatch(karna.replace(" ", "")):
            continue
        fore = _DNR_FORE.search(text, max(0, start - 18), start)
        if fore is None or (fore.start() == start and start and text[start - 1] in "/:.-"):
            continue  # "12/2020-434", "x.2020/434": part of something else
        serie = fore["serie"] or ""
        nyckel = f"{int(match['ar'])}-{int(match['lopnr'])}"
        yield fore.start(), match.end(), nyckel, "" if serie == "DNR" else serie


def _dnr_i_text(text: str) -> set[tuple[str, str]]:
    return {(nyckel, serie) for _s, _e, nyckel, serie in _dnr_traffar(text)}


def _nyckel_token(nyckel: str, serie: str | None = None) -> str:
    token = "nk" + nyckel.replace("-", "x")
    if serie is not None:
        token += "s" + serie.lower()
    return token


def _nycklar(nycklar: Iterable[tuple[str, str]]) -> str:
    tokens: set[str] = set()
    for nyckel, serie in nycklar:
        tokens.add(_nyckel_token(nyckel))
        tokens.add(_nyckel_token(nyckel, serie))
    return " ".join(sorted(tokens))


def _dnr_uttryck(nyckel: str, serie: str) -> str:
    if not serie:
        return f'nycklar : "{_nyckel_token(nyckel)}"'
    alternativ = (_nyckel_token(nyckel, serie), _nyckel_token(nyckel, ""))
    return "nycklar : (" + " OR ".join(f'"{t}"' for t in alternativ) + ")"


def _dnr_ordning(nyckel: str, serie: str) -> Callable[[_Rad], tuple[int, int, str, int, int]]:
    """The order of Dnr hits: with a series, the rows printed with that very series
    first; then newest first, by meeting, agenda number and kind."""

    def ordning(rad: _Rad) -> tuple[int, int, str, int, int]:
        own = _parse(str(rad[9]))
        exakt = bool(serie) and own is not None and own == (nyckel, serie)
        return (
            0 if exakt else 1,
            -date.fromisoformat(rad[4]).toordinal(),
            rad[2],
            rad[6] or 0,
            _SLAG_ORDNING.get(rad[1], 9),
        )

    return ordning


def _serie_passar(fraga_serie: str, serie: str) -> bool:
    return not fraga_serie or serie in ("", fraga_serie)
