"""Match handlingar to ärenden by Dnr (`kallelse attach MEETING --by-dnr DIR`).

Titles differ between the kallelse and the tjänsteskrivelse, the Dnr does not: a file is
matched by the Dnr in its name, or failing that on its first page. Never a guess: when
the Dnr fit more than one ärende, the file is reported as ambiguous with its candidates.

`hitta_dnr` finds Dnr in free text and file names, where "/" is often written "_" or "-"
and the diarieserie is often left out, while leaving alone what only looks like one:
dates (2023-12-11), year spans (2026-2027, läsåret 2023/24), year-months (2023-12),
statute numbers (SFS 2006:545, AFS 2001:1, (EU) 2016/679, prop. 2016/17:171).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kallelse_tui.domain.dnr import Dnr
from kallelse_tui.domain.model import Arende

_CANDIDATE = re.compile(
    r"""
    (?<![0-9A-Za-zÅÄÖåäöÉéÜü])                           # not inside a word or number
    (?:(?P<dnr>(?i:diarienummer|diarienr|dnr))\.?:?[\s_-]{0,3})?   # "Dnr", "Dnr:", "dnr_"
    (?:(?P<serie>[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,7})(?:[ ]{0,2}[/_-][ ]{0,2}|[ ]{1,2}|))?  # "KS ", "KS/"
    (?P<ar>(?:19|20)\d{2})
    (?P<sep>[-/:_])
    (?P<lopnr>\d{1,7})(?!\d)
    (?:-(?P<suffix>\d{1,4})(?![\d/:_-])                    # "-00", a document number "-2"
      |[ \t](?P<klass>\d{1,4}(?:\.\d{1,4})*)(?![ \t]?[\d/:_.,-]?\d))?   # " 102" after "Dnr"
    """,
    re.VERBOSE,
)

# Series of statutes and EU acts: "SFS 2006:545", "AFS 2001:1", "SOU 2019:16", "EU 2016/679".
_NOT_A_SERIES = frozenset({"SFS", "SOU", "DS", "PROP", "BET", "RSKR", "SKR", "EU", "EG", "EEG"})
_EU_BEFORE = re.compile(r"\(?\b(?:EU|EG|EEG|EUT)\)?\s{0,2}$")
_DATE_AFTER = re.compile(r"(?P<dag>\d{2})(?!\d)")
_PAGE_BREAK = "\f"
FORSTA_SIDAN_TECKEN = 4000


@dataclass(frozen=True)
class Matchning:
    filnamn: str
    arende_id: str | None  # set when exactly one ärende matches
    kandidater: tuple[str, ...]  # ärende ids when more than one matches; () otherwise
    orsak: str  # Swedish, for the report: why this ärende, or why none


def hitta_dnr(text: str) -> list[Dnr]:
    """Every Dnr in `text`, in order of appearance, once per normalised key."""
    found: list[Dnr] = []
    keys: set[str] = set()
    pos = 0
    while (match := _CANDIDATE.search(text, pos)) is not None:
        dnr = _accept(match, text)
        if dnr is None:
            # Resume just after the start: a shorter candidate may hide inside this one.
            pos = match.start() + 1
            continue
        pos = match.end()
        if dnr.nyckel not in keys:
            keys.add(dnr.nyckel)
            found.append(dnr)
    return found


def forsta_sidan(text: str) -> str:
    """The first page of an extracted text (pages are split by form feed), or its start
    when the format has no pages."""
    return text.split(_PAGE_BREAK, 1)[0][:FORSTA_SIDAN_TECKEN]


def matcha(filnamn: str, forsta_sidan: str, arenden: list[Arende]) -> Matchning:
    """Which ärende a file belongs to. `arenden` is the meeting's whole list, in agenda
    order (its positions are the ärende numbers in the messages)."""
    egna, rader = _index(arenden)
    i_namnet = hitta_dnr(filnamn)
    pa_sidan = hitta_dnr(forsta_sidan)

    if i_namnet:
        hit = _resolve(i_namnet, egna, rader)
        if hit is not None:
            return _result(filnamn, hit, "i filnamnet", "filnamnet", arenden)
        orsak = f"{_dnr_lista(i_namnet)} i filnamnet hör inte till något ärende i sammanträdet"
        # The name wins: a matching Dnr on the page is only mentioned, never used.
        on_page = _resolve(pa_sidan, egna, rader)
        if on_page is not None:
            orsak += f"; första sidan nämner {_beskriv(on_page, arenden)}"
        return Matchning(filnamn, None, (), orsak)

    hit = _resolve(pa_sidan, egna, rader)
    if hit is not None:
        return _result(filnamn, hit, "på första sidan", "första sidan", arenden)
    if pa_sidan:
        return Matchning(
            filnamn,
            None,
            (),
            f"inget Dnr i filnamnet, och {_dnr_lista(pa_sidan)} på första sidan hör inte "
            f"till något ärende i sammanträdet",
        )
    return Matchning(filnamn, None, (), "inget Dnr i filnamnet eller på första sidan")


# -- finding ----------------------------------------------------------------------------


def _accept(match: re.Match[str], text: str) -> Dnr | None:
    labelled = match["dnr"] is not None
    serie = match["serie"] or ""
    ar, sep, lopnr = int(match["ar"]), match["sep"], match["lopnr"]
    if serie and (serie in _NOT_A_SERIES or serie.endswith("FS")):
        return None  # SFS, AFS, BFS, HSLF-FS …: a statute, not a Dnr
    after = text[match.end("lopnr") : match.end("lopnr") + 4]  # enough for "-11", ":171"
    if _is_date(sep, lopnr, after):
        return None
    if after[:1] == ":" and after[1:2].isalnum():
        return None  # riksdag numbering "2016/17:171"
    if not labelled:
        if _is_year_span(ar, sep, lopnr):
            return None
        if sep in "-_" and len(lopnr) <= 2:
            return None  # "Månadsrapport 2023-12", "Budget_2024-1"
        if not serie:
            if sep == ":":
                return None  # "(2017:725)" is an SFS number
            if _EU_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
                return None
    klass = ""
    if match["suffix"] is not None:
        klass = "-" + match["suffix"]
    elif match["klass"] is not None and labelled:
        klass = match["klass"]
    end = match.end() if klass or match["klass"] is None else match.end("lopnr")
    return Dnr(
        original=" ".join(text[match.start() : end].split()),
        serie=serie,
        ar=ar,
        lopnummer=int(lopnr),
        klass=klass,
    )


def _is_date(sep: str, lopnr: str, after: str) -> bool:
    """2023-12-11, 2023_12_11, 2023/12/11."""
    if len(lopnr) != 2 or not 1 <= int(lopnr) <= 12 or not after.startswith(sep):
        return False
    day = _DATE_AFTER.match(after, 1)
    return day is not None and 1 <= int(day["dag"]) <= 31


def _is_year_span(ar: int, sep: str, lopnr: str) -> bool:
    """2026-2027, 2020/2021, läsåret 2023/24."""
    if len(lopnr) == 4 and ar < int(lopnr) <= ar + 10:
        return True
    return sep == "/" and len(lopnr) == 2 and int(lopnr) == (ar + 1) % 100


# -- matching ---------------------------------------------------------------------------

_Index = dict[str, list[int]]  # nyckel → positions in the agenda
_Hit = tuple[list[tuple[Dnr, list[int]]], bool]  # (Dnr found → ärenden), via a list line


def _index(arenden: list[Arende]) -> tuple[_Index, _Index]:
    """Keys of each ärende's own Dnr, and of the lines in its meddelanden or
    delegationsbeslut list (a document for such a line belongs to that ärende)."""
    egna: _Index = {}
    rader: _Index = {}
    for pos, arende in enumerate(arenden):
        for key in _keys(arende.dnr, arende.dnr_tolkat):
            egna.setdefault(key, []).append(pos)
        for post in arende.poster:
            for key in _keys(post.dnr, None):
                if pos not in rader.setdefault(key, []):
                    rader[key].append(pos)
    return egna, rader


def _keys(text: str, parsed: Dnr | None) -> set[str]:
    # hitta_dnr too: a field may hold two numbers ("KS 2020/434, KS 2020/435").
    keys = {d.nyckel for d in hitta_dnr(text)} if text else set()
    if parsed is not None:
        keys.add(parsed.nyckel)
    return keys


def _resolve(found: list[Dnr], egna: _Index, rader: _Index) -> _Hit | None:
    """The ärenden the found Dnr point to; an ärende's own Dnr before a list line's."""
    for index, via_rad in ((egna, False), (rader, True)):
        hits = [(dnr, index[dnr.nyckel]) for dnr in found if dnr.nyckel in index]
        if hits:
            return hits, via_rad
    return None


def _result(filnamn: str, hit: _Hit, var: str, kalla: str, arenden: list[Arende]) -> Matchning:
    hits, via_rad = hit
    positions = sorted({pos for _dnr, found in hits for pos in found})
    if len(positions) == 1:
        pos = positions[0]
        orsak = f"{_visa(hits[0][0])} {var}"
        if via_rad:
            orsak += f" (en rad i listan i ärende {pos + 1})"
        return Matchning(filnamn, arenden[pos].id, (), orsak)
    kandidater = tuple(arenden[pos].id for pos in positions)
    if len(hits) == 1:
        bada = "både " if len(positions) == 2 else ""
        orsak = f"{_visa(hits[0][0])} {var} passar {bada}{_arende_lista(positions)}"
    else:
        orsak = f"{kalla} har Dnr för flera ärenden: {_beskriv(hit, arenden)}"
    return Matchning(filnamn, None, kandidater, orsak)


def _beskriv(hit: _Hit, arenden: list[Arende]) -> str:
    hits, _via_rad = hit
    parts = [f"{_visa(dnr)} ({_arende_lista(found, bara=True)})" for dnr, found in hits]
    return _och(parts)


def _arende_lista(positions: Iterable[int], *, bara: bool = False) -> str:
    numbers = [str(pos + 1) for pos in sorted(positions)]
    if len(numbers) == 1:
        return f"ärende {numbers[0]}"
    if len(numbers) == 2 and not bara:
        return f"ärende {numbers[0]} och {numbers[1]}"
    return f"ärende {_och(numbers)}"


def _dnr_lista(found: list[Dnr]) -> str:
    shown = [_visa(dnr) for dnr in found[:3]]
    more = " med flera" if len(found) > 3 else ""
    return _och(shown) + more


def _visa(dnr: Dnr) -> str:
    return dnr.original if _has_label(dnr) else f"Dnr {dnr.original}"


def _has_label(dnr: Dnr) -> bool:
    return dnr.original[:3].lower() == "dnr" or dnr.original.lower().startswith("diarie")


def _och(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1]
