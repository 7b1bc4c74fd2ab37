"""Search on the server: PostgreSQL full text with the `swedish` configuration, plus the
Dnr keys, for the PostgreSQL store.

The rows are the folder store's (store/search/rows.py builds them: one per meeting, ärende,
beslut and attachment, with title, text, context and Dnr keys), written in the transaction
that saves the meeting, so the index is never behind and never needs a build. The results
contract is the same (Traff, HistorikRad, the same utdrag), and so are the rules: every
word must occur, three letters or more as a prefix, "quoted" as a phrase; a query that is
a Dnr in any shape searches by key with the series rule; "§ 177" finds that §; the title
weighs most, then the keys, the text and the context; ties newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import Connection

from kallelse_tui.domain.model import Arende, Sammantrade
from kallelse_tui.store.search.dnr_keys import (
    _dnr_i_text,
    _dnr_ordning,
    _las_dnr,
    _nyckel_token,
    _nycklar,
)
from kallelse_tui.store.search.query import (
    _PARAGRAF,
    _SLUT,
    _START,
    HistorikRad,
    Traff,
    _dnr_utdrag,
    _markerat_utdrag,
    _ren,
    _snygga,
    _Term,
    _termer,
    _traff,
)
from kallelse_tui.store.search.rows import _arende_rader, _bilaga_ram, _Dok, _Mote, _mote_rad
from kallelse_tui.store.search.schema import ARENDE, BESLUT, BILAGA

SCHEMA = """
CREATE TABLE sok_dok (
    id bigserial PRIMARY KEY,
    slag text NOT NULL,
    meeting_id text NOT NULL REFERENCES sammantrade (id) ON DELETE CASCADE,
    organ_id text NOT NULL,
    kortnamn text NOT NULL,
    datum date NOT NULL,
    arende_id text,
    underlag_id text,
    sha256 text,
    nummer integer,
    paragraf integer,
    visad_rubrik text NOT NULL,
    dnr text NOT NULL,
    beslut text NOT NULL,
    sekretess boolean NOT NULL,
    summa text NOT NULL,
    rubrik text NOT NULL,
    text text NOT NULL,
    ram text NOT NULL,
    nycklar text[] NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish', rubrik), 'A')
        || setweight(to_tsvector('swedish', text), 'C')
        || setweight(to_tsvector('swedish', ram), 'D')) STORED
);
CREATE INDEX sok_dok_tsv ON sok_dok USING gin (tsv);
CREATE INDEX sok_dok_nycklar ON sok_dok USING gin (nycklar);
CREATE INDEX sok_dok_mote ON sok_dok (meeting_id);
CREATE INDEX sok_dok_bilaga ON sok_dok (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX sok_dok_paragraf ON sok_dok (paragraf, datum) WHERE slag = 'ärende';
CREATE TABLE sok_dnr (
    nyckel text NOT NULL,
    serie text NOT NULL,
    dnr text NOT NULL,
    meeting_id text NOT NULL REFERENCES sammantrade (id) ON DELETE CASCADE,
    organ_id text NOT NULL,
    datum date NOT NULL,
    arende_id text NOT NULL,
    nummer integer NOT NULL,
    paragraf integer,
    rubrik text NOT NULL,
    beslut text NOT NULL,
    post integer NOT NULL
);
CREATE INDEX sok_dnr_nyckel ON sok_dnr (nyckel);
CREATE INDEX sok_dnr_mote ON sok_dnr (meeting_id);
"""

# ts_rank's weights for D (context), C (text), B (unused), A (title): the folder index's
# bm25 weights 0.5, 1, 2, 8 scaled to at most 1.
_VIKTER = "{0.0625, 0.125, 0.25, 1.0}"
_FONSTER = 2000  # as the folder index: rank the newest matches of a very common word
_RAD = (
    "id, slag, meeting_id, organ_id, datum::text, arende_id, nummer, paragraf, "
    "visad_rubrik, dnr, sekretess, underlag_id"
)
_INSERT = (
    "INSERT INTO sok_dok (slag, meeting_id, organ_id, kortnamn, datum, arende_id, "
    "underlag_id, sha256, nummer, paragraf, visad_rubrik, dnr, beslut, sekretess, summa, "
    "rubrik, text, ram, nycklar) VALUES "
    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


@dataclass(frozen=True)
class _Del:
    """The rows of one ärende (or of the meeting itself) as written: their fingerprints
    and Dnr rows."""

    summor: frozenset[str]
    dnrrader: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Indexed:
    """A meeting's search rows as written, by ärende ("" for the meeting's own row), and
    the meeting's place they were made for."""

    mote: _Mote
    delar: dict[str, _Del]


def index_meeting(
    conn: Connection[Any],
    mote: Sammantrade,
    kortnamn: str,
    known: Indexed | None,
    arende_id: str | None = None,
) -> Indexed:
    """Bring the meeting's rows up to date inside the caller's transaction; a row whose
    fingerprint is unchanged is left alone. `known` is what this session wrote for the
    stored version: then nothing need be read, and when only the ärende `arende_id`
    changed (an autosave), only its rows are made; the others are known to be current."""
    m = _Mote(mote.id, mote.organ_id, kortnamn, mote.datum)
    only = arende_id if known is not None and known.mote == m else None
    made, doks = _delar(m, mote, only)
    if known is None:
        before: dict[str, _Del] = {}
        stored = frozenset(
            r[0]
            for r in conn.execute(
                "SELECT summa FROM sok_dok WHERE meeting_id = %s", (mote.id,)
            ).fetchall()
        )
    else:
        before = known.delar if only is None else {only: known.delar.get(only, _INGEN)}
        stored = frozenset(s for d in before.values() for s in d.summor)
    wanted = frozenset(doks)
    if gone := [s for s in stored if s not in wanted]:
        conn.execute(
            "DELETE FROM sok_dok WHERE meeting_id = %s AND summa = ANY(%s)", (mote.id, gone)
        )
    new = [(s, *doks[s]) for s in wanted if s not in stored]
    texts = _texts(conn, sorted({sha for _s, _d, sha in new if sha}))
    rows = []
    for summa, dok, sha in new:
        if sha is not None:
            dok = _med_text(dok, texts.get(sha, ""))
        rows.append(_values(m, dok, sha, summa))
    if rows:
        with conn.cursor() as cur:
            cur.executemany(_INSERT, rows)
    _index_dnr(conn, m, before if known is not None else None, made)
    return Indexed(m, {**known.delar, **made} if known is not None and only else made)


_INGEN = _Del(frozenset(), ())


def _delar(
    m: _Mote, mote: Sammantrade, only: str | None
) -> tuple[dict[str, _Del], dict[str, tuple[_Dok, str | None]]]:
    """The rows of the whole meeting, or of the ärende `only`, by ärende, and every row
    made by its fingerprint."""
    delar: dict[str, _Del] = {}
    doks: dict[str, tuple[_Dok, str | None]] = {}

    def add(key: str, rader: list[tuple[_Dok, str | None]], dnr: list[Any]) -> None:
        summor = {dok.summa(m): (dok, sha) for dok, sha in rader}
        doks.update(summor)
        delar[key] = _Del(
            frozenset(summor),
            tuple((n, s, d, m.id, m.organ_id, m.datum, *rest) for n, s, d, *rest in dnr),
        )

    if only is None:
        add("", [(_mote_rad(m, mote), None)], [])
    for nummer, arende in enumerate(mote.arenden, 1):
        if only is not None and arende.id != only:
            continue
        paragraf = mote.paragraf_for(arende.id)
        rader, dnr = _arende_rader(m, nummer, arende, paragraf)
        bilagor = _bilagor(m, nummer, arende, paragraf.nummer if paragraf is not None else None)
        add(arende.id, [*((dok, None) for dok in rader), *bilagor], dnr)
    return delar, doks


def _index_dnr(
    conn: Connection[Any],
    m: _Mote,
    before: dict[str, _Del] | None,
    made: dict[str, _Del],
) -> None:
    """The Dnr rows of the ärenden whose rows changed (all of them when what is stored is
    not known)."""
    if before is None:
        conn.execute("DELETE FROM sok_dnr WHERE meeting_id = %s", (m.id,))
        changed = list(made)
    else:
        changed = [
            key
            for key in before.keys() | made.keys()
            if before.get(key, _INGEN).dnrrader != made.get(key, _INGEN).dnrrader
        ]
        if not changed:
            return
        conn.execute(
            "DELETE FROM sok_dnr WHERE meeting_id = %s AND arende_id = ANY(%s)",
            (m.id, changed),
        )
    if dnr := [row for key in changed if key in made for row in made[key].dnrrader]:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO sok_dnr VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                dnr,
            )


def index_text(conn: Connection[Any], sha256: str, text: str) -> None:
    """An attachment's extracted text, into every row that shows it."""
    for dok_id, rubrik in conn.execute(
        "SELECT id, rubrik FROM sok_dok WHERE sha256 = %s", (sha256,)
    ).fetchall():
        text = _ren(text)
        conn.execute(
            "UPDATE sok_dok SET text = %s, nycklar = %s WHERE id = %s",
            (text, _tokens(_nycklar(_dnr_i_text(f"{rubrik}\n{text}"))), dok_id),
        )


def _bilagor(
    m: _Mote, nummer: int, arende: Arende, paragraf: int | None
) -> list[tuple[_Dok, str | None]]:
    """An ärende's attachment rows without their text (fetched only for new rows): the
    file's hash stands in for it in the fingerprint."""
    rows: list[tuple[_Dok, str | None]] = []
    for u in arende.beslutsunderlag:
        if not u.sha256:
            continue
        titel = _ren(u.titel)
        dok = _Dok(
            BILAGA,
            titel,
            rubrik=titel,
            text=u.sha256,
            ram=_bilaga_ram(m, arende.rubrik, arende.dnr),
            arende_id=arende.id,
            underlag_id=u.id,
            nummer=nummer,
            paragraf=paragraf,
            dnr=arende.dnr,
            sekretess=u.sekretess or arende.sekretess,
            egen_sekretess=u.sekretess,
        )
        rows.append((dok, u.sha256))
    return rows


def _med_text(dok: _Dok, text: str) -> _Dok:
    from dataclasses import replace

    text = _ren(text)
    return replace(dok, text=text, nycklar=_nycklar(_dnr_i_text(f"{dok.rubrik}\n{text}")))


def _texts(conn: Connection[Any], shas: list[str]) -> dict[str, str]:
    if not shas:
        return {}
    return {
        sha: text or ""
        for sha, text in conn.execute(
            "SELECT sha256, text FROM bilaga WHERE sha256 = ANY(%s)", (shas,)
        ).fetchall()
    }


def _tokens(nycklar: str) -> list[str]:
    return nycklar.split()


def _values(m: _Mote, dok: _Dok, sha: str | None, summa: str) -> tuple[Any, ...]:
    return (
        dok.slag,
        m.id,
        m.organ_id,
        m.kortnamn,
        m.datum,
        dok.arende_id,
        dok.underlag_id,
        sha,
        dok.nummer,
        dok.paragraf,
        dok.visad_rubrik,
        dok.dnr,
        dok.beslut,
        dok.sekretess,
        summa,
        _ren(dok.rubrik),
        _ren(dok.text),
        _ren(dok.ram),
        _tokens(dok.nycklar),
    )


# -- searching ---------------------------------------------------------------------------


def search(
    conn: Connection[Any], fraga: str, grans: int = 50, organ_id: str | None = None
) -> list[Traff]:
    fraga = _ren(fraga).strip()
    if grans <= 0 or not fraga:
        return []
    paragraf = _PARAGRAF.match(fraga)
    if paragraf is not None:
        traffar = _sok_paragraf(conn, paragraf["organ"], int(paragraf["nr"]), grans, organ_id)
        if traffar:
            return traffar
    dnr = _las_dnr(fraga)
    if dnr is not None:
        traffar = _sok_dnr(conn, *dnr, grans, organ_id)
        if traffar:
            return traffar
    termer = _termer(fraga)
    return _sok_text(conn, termer, grans, organ_id) if termer else []


def _filter(organ_id: str | None) -> tuple[str, list[Any]]:
    return (" AND organ_id = %s", [organ_id]) if organ_id is not None else ("", [])


def _dnr_tokens(nyckel: str, serie: str) -> list[str]:
    if not serie:
        return [_nyckel_token(nyckel)]
    return [_nyckel_token(nyckel, serie), _nyckel_token(nyckel, "")]


def _tsquery(term: _Term) -> str:
    """A term's words in to_tsquery's syntax: a phrase, the last word a prefix when long
    enough. The tokens are letters and digits only (see _termer): nothing typed reaches
    the syntax raw."""
    lexemes = [f"'{token}'" for token in term.tokens]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def _sok_text(
    conn: Connection[Any], termer: list[_Term], grans: int, organ_id: str | None
) -> list[Traff]:
    """Every term must match. A Dnr-shaped term matches its words or its key; the others
    go into one query, where the swedish configuration drops stop words ("och")."""
    villkor, params = _filter(organ_id)
    words = " & ".join(_tsquery(t) for t in termer if t.dnr is None)
    match: list[str] = []
    match_params: list[Any] = []
    if words:
        match.append("tsv @@ to_tsquery('swedish', %s)")
        match_params.append(words)
    for term in termer:
        if term.dnr is not None:
            match.append("(tsv @@ to_tsquery('swedish', %s) OR nycklar && %s)")
            match_params += [_tsquery(term), _dnr_tokens(*term.dnr)]
    ranked = " & ".join(_tsquery(t) for t in termer)
    rows = conn.execute(
        f"SELECT {_RAD}, text, rubrik, ram FROM ("
        f"SELECT *, ts_rank('{_VIKTER}', tsv, to_tsquery('swedish', %s), 1) AS poang "
        f"FROM sok_dok WHERE {' AND '.join(match)}{villkor} "
        f"ORDER BY datum DESC, id DESC LIMIT {_FONSTER}) AS traffar "
        f"ORDER BY poang DESC, datum DESC, id DESC LIMIT %s",
        (ranked, *match_params, *params, grans),
    ).fetchall()
    return [_traff(row[:12], _markerat_utdrag(termer, row[1], *row[12:])) for row in rows]


def _sok_dnr(
    conn: Connection[Any], nyckel: str, serie: str, grans: int, organ_id: str | None
) -> list[Traff]:
    """Newest first; with a series, the rows printed with that very series first."""
    villkor, params = _filter(organ_id)
    rows = conn.execute(
        f"SELECT {_RAD}, text, rubrik, ram FROM sok_dok WHERE nycklar && %s{villkor} "
        f"ORDER BY datum DESC, id DESC LIMIT 1000",
        (_dnr_tokens(nyckel, serie), *params),
    ).fetchall()
    return [
        _traff(rad[:12], _dnr_utdrag(rad[:12], nyckel, serie, *rad[12:]))
        for rad in sorted(rows, key=_dnr_ordning(nyckel, serie))[:grans]
    ]


def _sok_paragraf(
    conn: Connection[Any], kortnamn: str | None, nummer: int, grans: int, organ_id: str | None
) -> list[Traff]:
    """Every § with this number (the series restarts each year), newest first."""
    villkor, params = _filter(organ_id)
    if kortnamn:
        villkor += " AND lower(kortnamn) = %s"
        params.append(kortnamn.lower())
    rows = conn.execute(
        f"SELECT {_RAD}, beslut FROM sok_dok WHERE slag = %s AND paragraf = %s{villkor} "
        f"ORDER BY datum DESC, meeting_id LIMIT %s",
        (ARENDE, nummer, *params, grans),
    ).fetchall()
    return [
        _traff((row[0], BESLUT, *row[2:12]), _snygga(f"{_START}§ {nummer}{_SLUT} {row[12]}"))
        for row in rows
    ]


def history(conn: Connection[Any], dnr_text: str) -> list[HistorikRad]:
    dnr = _las_dnr(_ren(dnr_text))
    if dnr is None:
        return []
    nyckel, serie = dnr
    sql = (
        "SELECT meeting_id, organ_id, datum, arende_id, nummer, paragraf, rubrik, beslut, "
        "dnr FROM sok_dnr WHERE nyckel = %s"
    )
    params = [nyckel]
    if serie:
        sql += " AND serie IN (%s, '')"
        params.append(serie)
    sql += " ORDER BY datum, meeting_id, nummer, post"
    return [HistorikRad(*row) for row in conn.execute(sql, params).fetchall()]
