"""Meddelanden and delegationsbeslut lists pasted as lines of text → ListPost.

Columns are separated by a tab, a semicolon or two or more spaces (what Word, Excel and a
PDF viewer give when copied). A line with single spaces only is read from the left: an
optional number, a Dnr, a date, then the text. Columns are recognised by their shape: a
Dnr in any of its shapes, a Swedish date, a delegation point ("3.2", "punkt 4.1"). The
first other column is the text, the next the sender or delegate (with title). A line
that gives nothing but one text, or a date that is not in the calendar, is reported by
its number and never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.dnr import parse_dnr
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import ListPost
from kallelse_tui.domain.rensa import rensa_text

_SPLIT = re.compile(r"\t|;|\s{2,}")
_NUMMER = re.compile(r"^(\d{1,3})[.)]?$")
_PUNKT = re.compile(
    r"^(?:(?:deleg(?:ations)?(?:punkt|ordning(?:en)?)?|punkt|p)\.?\s*)?(\d{1,2}(?:\.\d{1,2}){1,3})$",
    re.IGNORECASE,
)
# Something that tries to be a date: a calendar check failing here is reported.
_DATUMLIK = re.compile(r"^\d{2,4}[-./]\d{1,2}[-./]\d{1,4}$")


@dataclass(frozen=True)
class Olasbar:
    """A line that could not be read: its number (from 1), the text, and why."""

    rad: int
    text: str
    orsak: str

    def mening(self) -> str:
        return f"Rad {self.rad} (”{self.text}”): {self.orsak}"


def _datum(text: str) -> ValidationError | object:
    try:
        return parse_datum(text)
    except ValidationError as exc:
        return exc


def _ar_dnr(text: str) -> bool:
    try:
        parse_dnr(text)
    except ValidationError:
        return False
    return True


def _kolumner(rad: str) -> list[str]:
    columns = [c.strip() for c in _SPLIT.split(rad)]
    columns = [c for c in columns if c]
    if len(columns) > 1:
        return columns
    return _fran_vanster(rad.split())


def _fran_vanster(ord_: list[str]) -> list[str]:
    """Single spaces only: peel number, Dnr and date off the start, the rest is text."""
    columns: list[str] = []
    i = 0
    if i < len(ord_) and _NUMMER.match(ord_[i]) and len(ord_) > 1:
        columns.append(ord_[i])
        i += 1
    for size in (3, 2, 1):  # "Dnr KS 2020/434", "KS 2020/434", "2020/434"
        candidate = " ".join(ord_[i : i + size])
        if i + size <= len(ord_) and not _DATUMLIK.match(candidate) and _ar_dnr(candidate):
            columns.append(candidate)
            i += size
            break
    for size in (3, 1):  # "3 november 2026", "2026-11-03"
        candidate = " ".join(ord_[i : i + size])
        if i + size <= len(ord_) and (
            _DATUMLIK.match(candidate) or not isinstance(_datum(candidate), ValidationError)
        ):
            columns.append(candidate)
            i += size
            break
    if i < len(ord_):
        columns.append(" ".join(ord_[i:]))
    return columns


def parse_listposter(text: str, forsta_nummer: int = 1) -> tuple[list[ListPost], list[Olasbar]]:
    """The posts read from `text`, numbered on from `forsta_nummer` unless a line gives its
    own number, and the lines that could not be read."""
    text = rensa_text(text)
    posts: list[ListPost] = []
    problems: list[Olasbar] = []
    nummer = forsta_nummer
    for radnummer, rad in enumerate(text.splitlines(), 1):
        if not rad.strip():
            continue
        columns = _kolumner(rad)
        egen_nummer: int | None = None
        dnr = ""
        datum = None
        punkt = ""
        texter: list[str] = []
        fel = ""
        for index, column in enumerate(columns):
            if index == 0 and (m := _NUMMER.match(column)) and len(columns) > 1:
                egen_nummer = int(m[1])
                continue
            if not punkt and (m := _PUNKT.match(column)):
                punkt = m[1]
                continue
            if not datum and (_DATUMLIK.match(column) or _ord_datum(column)):
                parsed = _datum(column)
                if isinstance(parsed, ValidationError):
                    fel = parsed.message
                    break
                datum = parsed
                continue
            if not dnr and _ar_dnr(column):
                dnr = parse_dnr(column).original
                continue
            texter.append(column)
        shown = rad.strip()
        if fel:
            problems.append(Olasbar(radnummer, shown, fel))
            continue
        if not texter:
            problems.append(
                Olasbar(radnummer, shown, "raden saknar text om vad meddelandet eller beslutet är.")
            )
            continue
        if len(texter) == 1 and not (dnr or datum or punkt or egen_nummer is not None):
            problems.append(
                Olasbar(
                    radnummer,
                    shown,
                    "raden har bara text, inget Dnr, datum eller nummer; är den fortsättningen "
                    "på raden ovan? Slå ihop dem, eller skilj kolumnerna med tabb eller semikolon.",
                )
            )
            continue
        if egen_nummer is not None:
            nummer = egen_nummer
        posts.append(
            ListPost(
                nummer=nummer,
                text=texter[0],
                dnr=dnr,
                datum=datum,  # type: ignore[arg-type]
                avsandare=", ".join(texter[1:]),
                delegationspunkt=punkt,
            )
        )
        nummer += 1
    return posts, problems


def _ord_datum(column: str) -> bool:
    """'3 november 2026', 'tisdag 3 november 2026'."""
    return not isinstance(_datum(column), ValidationError)


def format_listposter(posts: list[ListPost]) -> str:
    """The posts as semicolon lines that parse_listposter reads back."""
    lines = []
    for p in posts:
        columns = [
            str(p.nummer),
            p.dnr,
            p.datum.isoformat() if p.datum else "",
            p.text,
            p.avsandare,
            p.delegationspunkt,
        ]
        lines.append("; ".join(columns).rstrip("; "))
    return "\n".join(lines)
