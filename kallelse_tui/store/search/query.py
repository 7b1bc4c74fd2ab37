"""Queries: the user's words as an FTS5 expression, the search SQL, the utdrag (a hit
marked [like this]) and the result types, Traff and HistorikRad."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from kallelse_tui.store.search.dnr_keys import (
    _DATUM,
    _dnr_ordning,
    _dnr_traffar,
    _dnr_uttryck,
    _parse,
    _serie_passar,
)
from kallelse_tui.store.search.schema import ARENDE, BESLUT, _Rad

# bm25 weights for (rubrik, text, ram, nycklar).
_VIKTER = (8.0, 1.0, 0.5, 2.0)
_TEXTKOLUMNER = "{rubrik text ram}"
_MAX_TERMER = 12  # more words than this add nothing but time
_MAX_TOKEN = 64
_UTDRAG_LANGD = 120
_UTDRAG_MAX = 160
_FONSTER = 2000  # rows ranked by bm25 at most (see _sok_text)
_START, _SLUT = "\x01", "\x02"  # snippet markers; never in indexed text (see _ren)
# "§ 176", "KS § 176", "ks §176": a § number, optionally with the organ's short name.
_PARAGRAF = re.compile(r"^(?:(?P<organ>[^\W\d_][\w-]{0,15})\s*)?§\s*(?P<nr>\d{1,5})$")
_TOKEN = re.compile(r"[^\W_]+")
_KONTROLL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Traff:
    """One search hit."""

    slag: str  # "sammanträde" | "ärende" | "beslut" | "bilaga"
    meeting_id: str
    organ_id: str
    datum: date
    arende_id: str | None
    nummer: int | None  # agenda number (1-based position)
    paragraf: int | None  # § number when a beslut exists
    rubrik: str  # ärende title, attachment title, or "KS 19 oktober 2026" for a meeting
    dnr: str  # as printed
    utdrag: str  # ~120 characters around the hit, hit marked [like this]
    sekretess: bool = False  # the ärende or attachment is marked sekretess
    underlag_id: str | None = None  # the attachment, for slag "bilaga"


@dataclass(frozen=True)
class HistorikRad:
    """One appearance of a Dnr: an ärende (or a line in a meddelanden list) in a meeting."""

    meeting_id: str
    organ_id: str
    datum: date
    arende_id: str
    nummer: int
    paragraf: int | None
    rubrik: str
    beslut: str
    dnr: str


# -- queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    tokens: tuple[str, ...]
    prefix: bool
    dnr: tuple[str, str] | None  # a Dnr-shaped word, also searched by its key

    @property
    def uttryck(self) -> str:
        term = f'{_TEXTKOLUMNER} : "{" ".join(self.tokens)}"{"*" if self.prefix else ""}'
        if self.dnr is not None:
            term = f"({term} OR {_dnr_uttryck(*self.dnr)})"
        return term


def _termer(fraga: str) -> list[_Term]:
    """The user's words as terms. Nothing the user typed reaches the MATCH syntax raw:
    words are cut into the tokenizer's tokens (letters and digits only) and quoted, so
    quotes, parentheses, *, -, AND/OR/NOT are plain words or separators."""
    termer: list[_Term] = []
    for fras, citerad in _delar(fraga):
        if len(termer) >= _MAX_TERMER:
            break
        tokens = tuple(t[:_MAX_TOKEN] for t in _TOKEN.findall(fras.lower()))
        if not tokens:
            continue
        if citerad:
            termer.append(_Term(tokens, False, None))
            continue
        # Words of one or two letters match exactly: as prefixes they would match a good part
        # of the language (and "bu" while typing "budget" need not search yet).
        prefix = len(tokens[-1]) > 2
        dnr = _parse(fras) if len(tokens) >= 2 and not _DATUM.fullmatch(fras) else None
        termer.append(_Term(tokens, prefix, dnr))  # "2020/434" in a longer query: by key too
    return termer


def _fts_uttryck(termer: list[_Term]) -> str:
    return " AND ".join(t.uttryck for t in termer)


def _delar(fraga: str) -> Iterator[tuple[str, bool]]:
    """Split into (text, quoted): "…" is a phrase (an unclosed quote runs to the end)."""
    for i, part in enumerate(fraga.replace("”", '"').replace("“", '"').split('"')):
        if i % 2 == 1:
            yield part, True
        else:
            for word in part.split():
                yield word, False


def _filter(organ_id: str | None, dolj_sekretess: bool) -> tuple[str, list[str]]:
    villkor, params = "", []
    if organ_id is not None:
        villkor += " AND dok.organ_id = ?"
        params.append(organ_id)
    if dolj_sekretess:
        villkor += " AND dok.sekretess = 0"
    return villkor, params


# -- searching -----------------------------------------------------------------------------
# SokIndex.sok calls these under its lock, with its open connection.


def _sok_text(
    conn: sqlite3.Connection,
    termer: list[_Term],
    grans: int,
    organ_id: str | None,
    dolj_sekretess: bool,
) -> list[Traff]:
    villkor, params = _filter(organ_id, dolj_sekretess)
    # bm25 costs a few microseconds per matching row, and a common word in ten years of
    # text matches tens of thousands of rows. So rank the newest _FONSTER matches
    # (FTS5 streams them in rowid order, and rowids follow the meeting date, see
    # _ny_dok): every match when there are fewer, and for a very common word the best
    # among the most recent meetings.
    # Ties: the higher id is the newer meeting.
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM (SELECT dok.id AS id, "
            f"bm25(fts, {', '.join(map(str, _VIKTER))}) AS poang "
            f"FROM fts JOIN dok ON dok.id = fts.rowid WHERE fts MATCH ?{villkor} "
            f"ORDER BY fts.rowid DESC LIMIT {_FONSTER}) ORDER BY poang, id DESC LIMIT ?",
            (_fts_uttryck(termer), *params, grans),
        )
    ]
    if not ids:
        return []
    # Utdrag in Python from the stored text: FTS5's snippet() re-reads the position
    # lists of every query term for every row, which for prefixes costs more than the
    # search itself.
    texter = _texter(conn, ids)
    dok = _dok_rader(conn, ids)
    return [
        _traff(dok[i], _markerat_utdrag(termer, dok[i][1], *texter.get(i, ("", "", ""))))
        for i in ids
        if i in dok
    ]


def _texter(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """The stored text, rubrik and ram of these rows, for their utdrag."""
    return {
        r[0]: r[1:]
        for r in conn.execute(
            f"SELECT rowid, text, rubrik, ram FROM fts "
            f"WHERE rowid IN ({', '.join('?' * len(ids))})",
            ids,
        )
    }


def _sok_dnr(
    conn: sqlite3.Connection,
    nyckel: str,
    serie: str,
    grans: int,
    organ_id: str | None,
    dolj_sekretess: bool,
) -> list[Traff]:
    """Newest first; with a series, the ärenden printed with that very series come
    before those printed without one."""
    villkor, params = _filter(organ_id, dolj_sekretess)
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT dok.id FROM fts JOIN dok ON dok.id = fts.rowid "
            f"WHERE fts MATCH ?{villkor} ORDER BY fts.rowid DESC LIMIT 1000",
            (_dnr_uttryck(nyckel, serie), *params),
        )
    ]
    rader = _dok_rader(conn, ids)
    valda = sorted(rader.values(), key=_dnr_ordning(nyckel, serie))[:grans]
    if not valda:
        return []
    texter = _texter(conn, [rad[0] for rad in valda])
    return [
        _traff(rad, _dnr_utdrag(rad, nyckel, serie, *texter.get(rad[0], ("", "", ""))))
        for rad in valda
    ]


def _sok_paragraf(
    conn: sqlite3.Connection,
    kortnamn: str | None,
    nummer: int,
    grans: int,
    organ_id: str | None,
    dolj_sekretess: bool,
) -> list[Traff]:
    """Every § with this number (the series restarts each year), newest first."""
    villkor, params = _filter(organ_id, dolj_sekretess)
    if kortnamn:
        villkor += " AND lower(mote.kortnamn) = ?"
        params.append(kortnamn.lower())
    rows = conn.execute(
        f"SELECT dok.id, dok.beslut FROM dok JOIN mote ON mote.id = dok.meeting_id "
        f"WHERE dok.slag = ? AND dok.paragraf = ?{villkor} "
        f"ORDER BY dok.datum DESC, dok.meeting_id LIMIT ?",
        (ARENDE, nummer, *params, grans),
    ).fetchall()
    rader = _dok_rader(conn, [r[0] for r in rows])
    traffar = []
    for dok_id, beslut in rows:
        rad = (*rader[dok_id][:1], BESLUT, *rader[dok_id][2:])
        traffar.append(_traff(rad, _snygga(f"{_START}§ {nummer}{_SLUT} {beslut}")))
    return traffar


def _dok_rader(conn: sqlite3.Connection, ids: list[int]) -> dict[int, _Rad]:
    rader: dict[int, _Rad] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in conn.execute(
            "SELECT id, slag, meeting_id, organ_id, datum, arende_id, nummer, paragraf, "
            f"rubrik, dnr, sekretess, underlag_id FROM dok "
            f"WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ):
            rader[row[0]] = row
    return rader


# -- text helpers --------------------------------------------------------------------------


def _ren(text: str) -> str:
    """NFC, and no control characters (so the snippet markers cannot occur in the text)."""
    text = unicodedata.normalize("NFC", text)
    return _KONTROLL.sub(" ", text) if _KONTROLL.search(text) else text


def _hakfri(text: str) -> str:
    """[ and ] mark the hit in an utdrag; the text's own brackets become parentheses."""
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def _snygga(snippet: str) -> str:
    text = _hakfri(snippet).replace(_START, "[").replace(_SLUT, "]")
    if len(text) <= _UTDRAG_MAX:
        return text
    cut = text[:_UTDRAG_MAX].rstrip()
    if cut.count("[") > cut.count("]"):
        cut += "]"
    return cut + "…"


def _markerat_utdrag(termer: list[_Term], slag: str, text: str, rubrik: str, ram: str) -> str:
    """~120 characters of the first field with a hit, around the spot where the most
    different query words occur close together, each hit marked [like this]. A beslut
    found by its ärende's title (in `ram`) shows the start of the beslut instead."""
    for falt in (text, rubrik) if slag == BESLUT else (text, rubrik, ram):
        traffar = _hitta(termer, falt)
        if not traffar:
            continue
        narhet = _UTDRAG_LANGD - 30
        basta = max(
            range(len(traffar)),
            key=lambda j: (
                len({t[2] for t in traffar if 0 <= t[0] - traffar[j][0] <= narhet}),
                -j,
            ),
        )
        start = max(0, traffar[basta][0] - 30)
        if start > 0:
            space = falt.find(" ", start, traffar[basta][0])
            start = space + 1 if space >= 0 else start
        slut = min(len(falt), start + _UTDRAG_LANGD)
        if slut < len(falt):
            space = falt.rfind(" ", traffar[basta][1], slut)
            slut = space if space > 0 else max(slut, traffar[basta][1])
        delar = ["…" if start > 0 else ""]
        pos = start
        for t_start, t_slut, _term in traffar:
            if t_start >= pos and t_slut <= slut:
                delar += [falt[pos:t_start], _START, falt[t_start:t_slut], _SLUT]
                pos = t_slut
        delar += [falt[pos:slut], "…" if slut < len(falt) else ""]
        return _snygga("".join(delar))
    return _klipp(_hakfri(text or rubrik), _UTDRAG_LANGD)


_ORDSLUT = re.compile(r"[^\W_]*")
_PER_TERM = 12  # hits per term looked at when choosing the utdrag


def _hitta(termer: list[_Term], falt: str) -> list[tuple[int, int, int]]:
    """(start, end, term number) of the first hits of each term, in text order.

    str.find on the lower-cased text, not a regex: a regex over the body of 50 attachments
    costs more than the search (Python's re has no fast literal scan for alternations)."""
    lag = falt.lower()
    if len(lag) != len(falt):  # a few characters lower-case to two: keep offsets true
        lag = "".join(c if len(c.lower()) != 1 else c.lower() for c in falt)
    traffar: list[tuple[int, int, int]] = []
    for nr, term in enumerate(termer):
        first, rest = term.tokens[0], term.tokens[1:]
        pos, antal = 0, 0
        while antal < _PER_TERM:
            i = lag.find(first, pos)
            if i < 0:
                break
            pos = i + 1
            if i > 0 and lag[i - 1].isalnum():
                continue
            slut = i + len(first)
            for token in rest:  # a phrase: the next tokens after separators only
                j = slut
                while j < len(lag) and not lag[j].isalnum():
                    j += 1
                if j == slut or not lag.startswith(token, j):
                    slut = -1
                    break
                slut = j + len(token)
            if slut < 0:
                continue
            if term.prefix:
                match = _ORDSLUT.match(lag, slut)
                slut = match.end() if match else slut
            elif slut < len(lag) and lag[slut].isalnum():
                continue
            traffar.append((i, slut, nr))
            antal += 1
    traffar.sort()
    return traffar


def _klipp(text: str, langd: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= langd else text[: langd - 1].rstrip() + "…"


def _fonster(text: str, start: int, slut: int) -> str:
    """About 120 characters around text[start:slut], that part marked."""
    fore = text[max(0, start - 50) : start]
    efter = text[slut : slut + 70]
    if start > 50:
        fore = "…" + (fore.split(" ", 1)[-1] if " " in fore else fore)
    if slut + 70 < len(text):
        efter = (efter.rsplit(" ", 1)[0] if " " in efter else efter) + "…"
    return _snygga(f"{fore}{_START}{text[start:slut]}{_SLUT}{efter}")


def _dnr_utdrag(
    rad: _Rad,
    nyckel: str,
    serie: str,
    text: str,
    rubrik: str,
    ram: str,
) -> str:
    """Utdrag for a Dnr hit: the ärende's own Dnr with its title, else the first mention."""
    printed = str(rad[9])
    own = _parse(printed)
    if rad[1] == ARENDE and own is not None and own[0] == nyckel and _serie_passar(serie, own[1]):
        return _klipp(f"[{_hakfri(printed)}] {_hakfri(rubrik)}", _UTDRAG_MAX)
    for falt in (text, rubrik, ram):
        for start, slut, key, dnr_serie in _dnr_traffar(falt):
            if key == nyckel and _serie_passar(serie, dnr_serie):
                return _fonster(falt, start, slut)
    return _klipp(_hakfri(rubrik or text), _UTDRAG_MAX)


def _traff(rad: _Rad, utdrag: str) -> Traff:
    (_id, slag, meeting_id, organ_id, datum, arende_id, nummer, paragraf, rubrik, dnr) = rad[:10]
    return Traff(
        slag=str(slag),
        meeting_id=str(meeting_id),
        organ_id=str(organ_id),
        datum=date.fromisoformat(str(datum)),
        arende_id=None if arende_id is None else str(arende_id),
        nummer=None if nummer is None else int(str(nummer)),
        paragraf=None if paragraf is None else int(str(paragraf)),
        rubrik=str(rubrik),
        dnr=str(dnr),
        utdrag=utdrag,
        sekretess=bool(rad[10]),
        underlag_id=None if rad[11] is None else str(rad[11]),
    )
