"""Writing rows into the index: a whole meeting (only the rows that changed), one
ärende or § after a save, an attachment's text; and `kallor`, a store read for a rebuild."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Protocol

from kallelse_tui.domain.model import Arende, Paragraf, Sammantrade
from kallelse_tui.store.search.dnr_keys import _dnr_i_text, _nycklar
from kallelse_tui.store.search.query import _ren
from kallelse_tui.store.search.rows import (
    _arende_dokument,
    _arende_rader,
    _beslut_ram,
    _bilaga_ram,
    _DnrRad,
    _Dok,
    _Mote,
    _MotesRader,
)
from kallelse_tui.store.search.schema import ARENDE, BESLUT, BILAGA

log = logging.getLogger(__name__)

_DAGSKIFT = 24  # dok.id = day number << 24 | counter

# (meeting_id, arende_id, underlag_id, titel, text, sekretess)
BilagaRad = tuple[str, str, str, str, str, bool]


class _MedId(Protocol):
    @property
    def id(self) -> str: ...


class _OrganLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def kortnamn(self) -> str: ...


class _StoreLike(Protocol):
    """What `kallor` reads: Store's meetings(), meeting(id) and organs()."""

    def meetings(self) -> Sequence[_MedId]: ...

    def meeting(self, meeting_id: str) -> Sammantrade: ...

    def organs(self) -> Sequence[_OrganLike]: ...


# -- sources for a rebuild -----------------------------------------------------------------


def kallor(
    store: _StoreLike, bilagetext: Callable[[str], str]
) -> tuple[Iterator[tuple[Sammantrade, str]], Iterator[BilagaRad]]:
    """What `bygg_om` needs, read from a store lazily: each meeting file is read once and
    `bilagetext(sha256)` gives an attachment's extracted text ("" when none)."""
    kortnamn = {o.id: o.kortnamn for o in store.organs()}
    underlag: list[tuple[str, str, str, str, str, bool]] = []

    def moten() -> Iterator[tuple[Sammantrade, str]]:
        for row in store.meetings():
            mote = store.meeting(row.id)
            for arende in mote.arenden:
                for u in arende.beslutsunderlag:
                    if u.sha256:
                        underlag.append((mote.id, arende.id, u.id, u.titel, u.sha256, u.sekretess))
            yield mote, kortnamn.get(mote.organ_id, "")

    def bilagor() -> Iterator[BilagaRad]:
        for meeting_id, arende_id, underlag_id, titel, sha256, sekretess in underlag:
            yield meeting_id, arende_id, underlag_id, titel, bilagetext(sha256), sekretess

    return moten(), bilagor()


# -- indexing ------------------------------------------------------------------------------


def _ta_bort_dok(conn: sqlite3.Connection, ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        conn.execute(f"DELETE FROM fts WHERE rowid IN ({marks})", chunk)
        conn.execute(f"DELETE FROM dok WHERE id IN ({marks})", chunk)


def _ta_bort_bilaga(
    conn: sqlite3.Connection, meeting_id: str, arende_id: str, underlag_id: str
) -> None:
    ids = conn.execute(
        "SELECT id FROM dok WHERE meeting_id = ? AND arende_id = ? AND slag = ? "
        "AND underlag_id = ?",
        (meeting_id, arende_id, BILAGA, underlag_id),
    ).fetchall()
    _ta_bort_dok(conn, [r[0] for r in ids])


def _ta_bort_mote(conn: sqlite3.Connection, meeting_id: str) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM dok WHERE meeting_id = ?", (meeting_id,))]
    _ta_bort_dok(conn, ids)
    conn.execute("DELETE FROM dnrrad WHERE meeting_id = ?", (meeting_id,))
    conn.execute("DELETE FROM mote WHERE id = ?", (meeting_id,))


def _ny_dok(conn: sqlite3.Connection, m: _Mote, dok: _Dok, summa: str | None = None) -> None:
    # Row ids grow with the meeting date (day number << 24, then a counter), whatever the
    # order of indexing: FTS5 streams matches in rowid order, so "newest first" is free.
    bas = m.datum.toordinal() << _DAGSKIFT
    senast = conn.execute(
        "SELECT max(id) FROM dok WHERE id >= ? AND id < ?", (bas, bas + (1 << _DAGSKIFT))
    ).fetchone()[0]
    rowid = bas if senast is None else senast + 1
    if rowid >= bas + (1 << _DAGSKIFT):  # 16 million rows on one day: rebuild instead
        raise sqlite3.DatabaseError("radnummerserien för dagen är slut")
    conn.execute(
        "INSERT INTO dok (id, slag, meeting_id, organ_id, datum, arende_id, underlag_id, "
        "nummer, paragraf, rubrik, dnr, beslut, sekretess, egen_sekretess, summa) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            rowid,
            dok.slag,
            m.id,
            m.organ_id,
            m.datum.isoformat(),
            dok.arende_id,
            dok.underlag_id,
            dok.nummer,
            dok.paragraf,
            dok.visad_rubrik,
            dok.dnr,
            dok.beslut,
            int(dok.sekretess),
            int(dok.egen_sekretess),
            dok.summa(m) if summa is None else summa,
        ),
    )
    conn.execute(
        "INSERT INTO fts (rowid, rubrik, text, ram, nycklar) VALUES (?, ?, ?, ?, ?)",
        (rowid, _ren(dok.rubrik), _ren(dok.text), _ren(dok.ram), dok.nycklar),
    )


def _skriv_dnrrader(conn: sqlite3.Connection, m: _Mote, rader: list[_DnrRad]) -> None:
    conn.executemany(
        "INSERT INTO dnrrad (nyckel, serie, dnr, meeting_id, organ_id, datum, arende_id, "
        "nummer, paragraf, rubrik, beslut, post) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(n, s, d, m.id, m.organ_id, m.datum.isoformat(), *rest) for n, s, d, *rest in rader],
    )


def _indexera_mote(conn: sqlite3.Connection, rader: _MotesRader, *, ny: bool) -> None:
    """Index a meeting. Unless `ny` (a rebuild, nothing indexed yet), compare with what is
    indexed and rewrite only the rows that changed: a save during the meeting usually
    changes one §, and rewriting 50 FTS rows would cost ~20 ms on every save."""
    m = rader.m
    befintliga: dict[tuple[str, str | None], tuple[int, str]] = {}
    if not ny:
        for dok_id, slag, arende_id, summa in conn.execute(
            "SELECT id, slag, arende_id, summa FROM dok WHERE meeting_id = ? AND slag != ?",
            (m.id, BILAGA),
        ):
            befintliga[(slag, arende_id)] = (dok_id, summa)
        conn.execute("DELETE FROM dnrrad WHERE meeting_id = ?", (m.id,))
    _byt_dok(conn, m, rader.dokument, befintliga)
    _skriv_dnrrader(conn, m, rader.dnrrader)
    conn.execute(
        "INSERT OR REPLACE INTO mote (id, organ_id, kortnamn, datum) VALUES (?, ?, ?, ?)",
        (m.id, m.organ_id, m.kortnamn, m.datum.isoformat()),
    )
    if not ny:
        _folj_upp_bilagor(conn, m, rader.mote.arenden)


def _byt_dok(
    conn: sqlite3.Connection,
    m: _Mote,
    dokument: list[tuple[_Dok, str]],
    befintliga: dict[tuple[str, str | None], tuple[int, str]],
) -> None:
    """Make the indexed rows `befintliga` ((slag, ärende) → (id, fingerprint)) the rows
    `dokument`: a row whose fingerprint is unchanged stays, the others are rewritten,
    those no longer made are dropped."""
    for dok, summa in dokument:
        gammal = befintliga.pop((dok.slag, dok.arende_id), None)
        if gammal is not None:
            if gammal[1] == summa:
                continue
            _ta_bort_dok(conn, [gammal[0]])
        _ny_dok(conn, m, dok, summa)
    _ta_bort_dok(conn, [dok_id for dok_id, _summa in befintliga.values()])


def _indexera_ett_arende(conn: sqlite3.Connection, meeting_id: str, arende: Arende) -> bool:
    row = conn.execute(
        "SELECT dok.id, dok.nummer, dok.paragraf, dok.beslut, dok.summa, mote.organ_id, "
        "mote.kortnamn, mote.datum FROM dok JOIN mote ON mote.id = dok.meeting_id "
        "WHERE dok.meeting_id = ? AND dok.arende_id = ? AND dok.slag = ?",
        (meeting_id, arende.id, ARENDE),
    ).fetchone()
    if row is None:
        return False
    dok_id, nummer, paragraf, beslut, summa, organ_id, kortnamn, datum = row
    m = _Mote(meeting_id, organ_id, kortnamn, date.fromisoformat(datum))
    dok, rader = _arende_dokument(m, nummer, arende, paragraf, beslut)
    if dok.summa(m) != summa:
        _ta_bort_dok(conn, [dok_id])
        _ny_dok(conn, m, dok)
    conn.execute(
        "DELETE FROM dnrrad WHERE meeting_id = ? AND arende_id = ?", (meeting_id, arende.id)
    )
    _skriv_dnrrader(conn, m, rader)
    # The beslut row shows the ärende's title and Dnr. Its text comes from the § (not at
    # hand here), so patch it; summa '' makes the next uppdatera_sammantrade rewrite it.
    beslut_rad = conn.execute(
        "SELECT dok.id, fts.ram FROM dok JOIN fts ON fts.rowid = dok.id "
        "WHERE dok.meeting_id = ? AND dok.arende_id = ? AND dok.slag = ?",
        (meeting_id, arende.id, BESLUT),
    ).fetchone()
    if beslut_rad is not None:
        ram = _ren(_beslut_ram(m, paragraf, arende))
        if beslut_rad[1] != ram:
            conn.execute("UPDATE fts SET ram = ? WHERE rowid = ?", (ram, beslut_rad[0]))
        conn.execute(
            "UPDATE dok SET rubrik = ?, dnr = ?, sekretess = ?, summa = '' WHERE id = ?",
            (arende.rubrik, arende.dnr, int(arende.sekretess), beslut_rad[0]),
        )
    _folj_upp_bilagor(conn, m, [arende])
    return True


def _indexera_paragraf(
    conn: sqlite3.Connection, meeting_id: str, arende: Arende, paragraf: Paragraf
) -> bool:
    """Re-index the rows of one ärende whose § changed under the same number (its
    attachments name the number and stay as they are)."""
    rows = conn.execute(
        "SELECT dok.id, dok.slag, dok.nummer, dok.summa, mote.organ_id, mote.kortnamn, "
        "mote.datum FROM dok JOIN mote ON mote.id = dok.meeting_id "
        "WHERE dok.meeting_id = ? AND dok.arende_id = ? AND dok.slag IN (?, ?)",
        (meeting_id, arende.id, ARENDE, BESLUT),
    ).fetchall()
    nummer = next((r[2] for r in rows if r[1] == ARENDE), None)
    if nummer is None:
        return False
    _id, _slag, _nummer, _summa, organ_id, kortnamn, datum = rows[0]
    m = _Mote(meeting_id, organ_id, kortnamn, date.fromisoformat(datum))
    dokument, dnrrader = _arende_rader(m, nummer, arende, paragraf)
    _byt_dok(
        conn,
        m,
        [(d, d.summa(m)) for d in dokument],
        {(slag, arende.id): (dok_id, summa) for dok_id, slag, _n, summa, *_ in rows},
    )
    conn.execute(
        "DELETE FROM dnrrad WHERE meeting_id = ? AND arende_id = ?", (meeting_id, arende.id)
    )
    _skriv_dnrrader(conn, m, dnrrader)
    return True


def _folj_upp_bilagor(conn: sqlite3.Connection, m: _Mote, arenden: list[Arende]) -> None:
    """Bring indexed attachments in line with their (re-indexed) ärenden: drop those whose
    ärende or underlag is gone; follow the ärende's title, Dnr, number, § and sekretess,
    and the meeting's date (a new date moves the row, see _ny_dok)."""
    nummer = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            "SELECT arende_id, nummer, paragraf FROM dok WHERE meeting_id = ? AND slag = ?",
            (m.id, ARENDE),
        )
    }
    per_id = {a.id: a for a in arenden}
    sql = (
        "SELECT dok.id, dok.arende_id, dok.underlag_id, dok.rubrik, dok.egen_sekretess, "
        "dok.datum, dok.organ_id, dok.nummer, dok.paragraf, dok.dnr, dok.sekretess, fts.ram "
        "FROM dok JOIN fts ON fts.rowid = dok.id WHERE dok.meeting_id = ? AND dok.slag = ?"
    )
    params: list[str] = [m.id, BILAGA]
    if len(arenden) == 1:
        sql += " AND dok.arende_id = ?"
        params.append(arenden[0].id)
    gone: list[int] = []
    for row in conn.execute(sql, params).fetchall():
        dok_id, arende_id, underlag_id, titel, egen, datum, *visat, ram = row
        arende = per_id.get(arende_id)
        if arende is None or all(u.id != underlag_id for u in arende.beslutsunderlag):
            gone.append(dok_id)
            continue
        nr, paragraf = nummer.get(arende.id, (None, None))
        ny_ram = _ren(_bilaga_ram(m, arende.rubrik, arende.dnr))
        sekretess = bool(egen) or arende.sekretess
        if datum != m.datum.isoformat():
            fts_rubrik, text, nycklar = conn.execute(
                "SELECT rubrik, text, nycklar FROM fts WHERE rowid = ?", (dok_id,)
            ).fetchone()
            gone.append(dok_id)
            dok = _Dok(
                BILAGA,
                titel,
                rubrik=fts_rubrik,
                text=text,
                ram=ny_ram,
                nycklar=nycklar,
                arende_id=arende.id,
                underlag_id=underlag_id,
                nummer=nr,
                paragraf=paragraf,
                dnr=arende.dnr,
                sekretess=sekretess,
                egen_sekretess=bool(egen),
            )
            _ny_dok(conn, m, dok)
            continue
        if ram != ny_ram:
            conn.execute("UPDATE fts SET ram = ? WHERE rowid = ?", (ny_ram, dok_id))
        nytt = [m.organ_id, nr, paragraf, arende.dnr, int(sekretess)]
        if visat != nytt:
            conn.execute(
                "UPDATE dok SET organ_id = ?, nummer = ?, paragraf = ?, dnr = ?, sekretess = ? "
                "WHERE id = ?",
                (*nytt, dok_id),
            )
    _ta_bort_dok(conn, gone)


def _indexera_bilaga(conn: sqlite3.Connection, rad: BilagaRad) -> None:
    meeting_id, arende_id, underlag_id, titel, text, sekretess = rad
    row = conn.execute(
        "SELECT dok.nummer, dok.paragraf, dok.rubrik, dok.dnr, dok.sekretess, mote.organ_id, "
        "mote.kortnamn, mote.datum FROM dok JOIN mote ON mote.id = dok.meeting_id "
        "WHERE dok.meeting_id = ? AND dok.arende_id = ? AND dok.slag = ?",
        (meeting_id, arende_id, ARENDE),
    ).fetchone()
    if row is None:
        log.info(
            "Bilagan %s i %s/%s: ärendet är inte indexerat.", underlag_id, meeting_id, arende_id
        )
        return
    nummer, paragraf, rubrik, dnr, arende_sekretess, organ_id, kortnamn, datum = row
    m = _Mote(meeting_id, organ_id, kortnamn, date.fromisoformat(datum))
    _ta_bort_bilaga(conn, meeting_id, arende_id, underlag_id)
    titel, text = _ren(titel), _ren(text)
    dok = _Dok(
        BILAGA,
        titel,
        rubrik=titel,
        text=text,
        ram=_bilaga_ram(m, rubrik, dnr),
        nycklar=_nycklar(_dnr_i_text(f"{titel}\n{text}")),
        arende_id=arende_id,
        underlag_id=underlag_id,
        nummer=nummer,
        paragraf=paragraf,
        dnr=dnr,
        sekretess=bool(sekretess) or bool(arende_sekretess),
        egen_sekretess=bool(sekretess),
    )
    _ny_dok(conn, m, dok)
