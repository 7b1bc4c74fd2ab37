"""PgStore: the store interface (store/api.py) on a PostgreSQL server.

A meeting is one row: its index columns, the meeting as a JSONB document and a version
that every save must name (a stale save is refused, never merged); each of its ärenden is
a row of its own beside it, so that an autosave rewrites one ärende. A meeting has
one editor at a time: a session-level advisory lock is the edit lease (the server drops it
when its holder's connection goes away), and the `redigering` row says who holds it. The §
numbers of an organ's year are rows under the organ's series, unique by primary key, and a
justering runs in one transaction holding the organ's row: two secretaries can neither get
the same § nor fork the organ's chain of justerade protokoll.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import Connection
from psycopg.types.json import Jsonb

from kallelse_tui.domain.model import (
    Arende,
    Beslutsunderlag,
    Organ,
    Paragraf,
    Sammantrade,
    SammantradeIndex,
    sammantrade_id,
)
from kallelse_tui.domain.status import LASTA
from kallelse_tui.store.api import check_register_rows
from kallelse_tui.store.errors import (
    StoreConflictError,
    StoreConnectionError,
    StoreCorruptError,
    StoreError,
    StoreLeaseError,
    StoreLockedProtocolError,
    StoreReadOnlyError,
)
from kallelse_tui.store.paths import valid_id
from kallelse_tui.store.pg import search as server_search
from kallelse_tui.store.pg.server import connect, ensure_schema, shown_url, translated
from kallelse_tui.store.serialize import from_dict, to_dict

if TYPE_CHECKING:
    from kallelse_tui.domain.verifiering import Kedjehuvud
    from kallelse_tui.store.attachments import StoredFile
    from kallelse_tui.store.extract import Extraction
    from kallelse_tui.store.search import HistorikRad, Traff

CHANNEL = "kallelse"  # LISTEN/NOTIFY: the payload is what changed
USER_ENV = "KALLELSE_ANVANDARE"  # the name others see on a lease ("Anna Berg")
_LOCKED = [s.value for s in LASTA]
_DOCS_KEPT = 8  # a copy-store saves hundreds of meetings: keep only the last documents
_LEASE_KEY = "SELECT hashtextextended('kallelse-redigering:' || %s, 0)"
# A meeting's document is its row's and its ärenden's, each a row of its own (schema 3: an
# autosave rewrites one ärende, not the whole meeting). Read in one statement, so from one
# snapshot: the meetings `s` that {where} picks, then their ärenden in order (see _whole).
# Row by row: a document assembled on the server (jsonb_agg) doubled the server's time.
_DOCS = (
    "SELECT s.id, -1, s.doc, s.version FROM sammantrade s WHERE {where} UNION ALL "
    "SELECT s.id, a.ordning, a.doc, NULL FROM sammantrade s JOIN arende a "
    "ON a.sammantrade_id = s.id WHERE {where} ORDER BY 1, 2"
)
# Ärenden at their places, from a JSON list (a whole meeting's, or the changed ones').
_PUT_ARENDEN = (
    "INSERT INTO arende SELECT %s, (e->>0)::int, e->1 FROM jsonb_array_elements(%s) AS e "
    "ON CONFLICT (sammantrade_id, ordning) DO UPDATE SET doc = excluded.doc"
)


def who() -> str:
    """The secretary's name as others see it: $KALLELSE_ANVANDARE, else the account's full
    name, else the login name."""
    if name := os.environ.get(USER_ENV, "").strip():
        return name
    try:
        import pwd

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError):
        full = ""
    return full or getpass.getuser()


def _dumps(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


def _jsonb(value: Any) -> Jsonb:
    return Jsonb(value, dumps=_dumps)


class PgStore:
    """An open PostgreSQL store. Use `PgStore.open(url)`; close it (or use `with`)."""

    def __init__(self, spec: str, conn: Connection[Any], readonly: bool) -> None:
        self._spec = spec  # holds the password, if the URL has one: never shown
        self._conn = conn
        self.readonly = readonly
        self.background_saves = False  # see StoreApi
        self.meddelanden: list[str] = []
        self._lock = threading.RLock()  # the TUI's worker threads share the connection
        self._versions: dict[str, int] = {}  # meeting → the version this session read
        self._leases: set[str] = set()  # meetings whose edit lease this session holds
        self._written: dict[str, _Written] = {}  # meeting → what this session last wrote
        # meeting → (version, document) as this session last wrote it (never changed in
        # place), for the few meetings saved last: the next save sends only what differs
        self._docs: dict[str, tuple[int, dict[str, Any]]] = {}
        # meeting → (version, the meeting) as save_arende last saved it; never handed out
        self._own: dict[str, _Own] = {}
        self._followers: list[Callable[[str], None]] = []
        self._listener: threading.Thread | None = None
        self._closing = threading.Event()
        self.vem = who()
        self.dator = socket.gethostname()

    # -- opening and closing ---------------------------------------------------------

    @classmethod
    def open(cls, spec: str, *, readonly: bool = False) -> PgStore:
        conn = connect(spec)
        try:
            with translated(spec, "lagret öppnades inte"):
                ensure_schema(conn, spec, readonly)
        except BaseException:
            conn.close()
            raise
        return cls(spec, conn, readonly)

    @property
    def plats(self) -> str:
        return shown_url(self._spec)

    def reopen(self, *, readonly: bool = False) -> PgStore:
        return PgStore.open(self._spec, readonly=readonly)

    def close(self) -> None:
        self._closing.set()
        self._conn.close()  # the server drops this session's edit leases with it
        if self._listener is not None:
            self._listener.join(timeout=2)

    def __enter__(self) -> PgStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the connection --------------------------------------------------------------

    def _sql(self, query: str, params: Sequence[Any] = (), what: str = "") -> list[tuple[Any, ...]]:
        with self._lock, translated(self._spec, what or "lagret kunde inte läsas"):
            self._reconnect_if_lost()
            cur = self._conn.execute(query, params)  # type: ignore[arg-type]  # our constants
            try:
                return cur.fetchall()  # inside a (pipelined) transaction, this waits for it
            except psycopg.ProgrammingError:
                return []  # a statement without rows

    def _reconnect_if_lost(self) -> None:
        """After a lost connection the next step tries a new one; the leases went with the
        old connection, so they are taken again before the next save."""
        if self._conn.closed or self._conn.broken:
            if self._closing.is_set():
                raise StoreConnectionError(f"Lagret på {self.plats} är stängt.")
            self._conn = connect(self._spec)
            self._leases.clear()

    def _tx(self, what: str) -> _transaction:
        return _transaction(self, what)

    def _check_writable(self) -> None:
        if self.readonly:
            raise StoreReadOnlyError(
                f"Lagret på {self.plats} är öppnat skrivskyddat; ändringen sparades inte."
            )

    # -- following other sessions' saves ------------------------------------------------

    def follow(self, callback: Callable[[str], None]) -> None:
        """LISTEN on a connection of its own, in a thread: the server pushes each save
        (NOTIFY, sent when its transaction commits); nothing is polled."""
        self._followers.append(callback)
        if self._listener is None:
            self._listener = threading.Thread(target=self._listen, name="kallelse-listen")
            self._listener.daemon = True
            self._listener.start()

    def _listen(self) -> None:
        while not self._closing.is_set():
            try:
                with connect(self._spec) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._closing.is_set():
                        # The timeout only lets close() end the thread.
                        for note in conn.notifies(timeout=0.5):
                            if note.pid != self._conn.info.backend_pid:  # not our own saves
                                for callback in list(self._followers):
                                    callback(note.payload)
            except (StoreError, psycopg.Error):
                self._closing.wait(2.0)  # the server is away: listen again when it is back

    # -- organs ------------------------------------------------------------------------

    def organs(self) -> list[Organ]:
        organs = [self._load(Organ, doc) for (doc,) in self._sql("SELECT doc FROM organ")]
        return sorted(organs, key=lambda o: (o.kommun, o.namn))

    def organ(self, organ_id: str) -> Organ:
        rows = self._sql("SELECT doc FROM organ WHERE id = %s", (organ_id,))
        if not rows:
            raise StoreError(f"Det finns inget organ med id ”{organ_id}” i lagret.")
        return self._load(Organ, rows[0][0])

    def save_organ(self, organ: Organ) -> None:
        self._check_writable()
        with self._tx(f"organet {organ.namn} sparades inte") as conn:
            conn.execute(
                "INSERT INTO organ (id, doc) VALUES (%s, %s) "
                "ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
                (organ.id, _jsonb(to_dict(organ))),
            )
            conn.execute(f"SELECT pg_notify('{CHANNEL}', %s)", (f"organ:{organ.id}",))

    # -- meetings ----------------------------------------------------------------------

    def meetings(self, organ_id: str | None = None) -> list[SammantradeIndex]:
        where, params = ("WHERE organ_id = %s", (organ_id,)) if organ_id else ("", ())
        rows = self._sql(
            f"SELECT rad FROM sammantrade {where} "
            "ORDER BY datum DESC, coalesce(tid, '00:00') DESC, id DESC",
            params,
        )
        return [self._load(SammantradeIndex, rad) for (rad,) in rows]

    def meeting(self, meeting_id: str) -> Sammantrade:
        rows = self._sql(_DOCS.format(where="s.id = %s"), (meeting_id, meeting_id))
        if not rows:
            raise StoreError(f"Det finns inget sammanträde med id ”{meeting_id}” i lagret.")
        [(doc, version)] = _whole(rows)
        mote: Sammantrade = self._load(Sammantrade, doc)
        self._versions[meeting_id] = version
        return mote

    def sista_paragraf(self, mote: Sammantrade) -> int | None:
        rows = self._sql(
            "SELECT max(n.nummer) FROM paragrafnummer n JOIN sammantrade s "
            "ON s.id = n.sammantrade_id WHERE n.organ_id = %s AND n.ar = %s "
            "AND s.id <> %s AND s.datum <= %s",
            (mote.organ_id, mote.datum.year, mote.id, mote.datum),
        )
        return rows[0][0] if rows else None

    def meetings_naming(self, organ_id: str, ledamot_id: str) -> list[SammantradeIndex]:
        from kallelse_tui.domain.narvaro import namngivna_ledamoter

        return [
            row
            for row in reversed(self.meetings(organ_id))
            if ledamot_id in namngivna_ledamoter(self.meeting(row.id))
        ]

    def new_meeting_id(self, organ: Organ, datum: Any) -> str:
        base = f"{organ.id}-{datum.isoformat()}"
        rows = self._sql("SELECT id FROM sammantrade WHERE left(id, %s) = %s", (len(base), base))
        return sammantrade_id(organ, datum, {r[0] for r in rows})

    def save_meeting(self, mote: Sammantrade) -> None:
        """One transaction: the lease, the version it was based on, the justerat check,
        the row and its § numbers (refused if another meeting of the organ's year has one)."""
        self._check_writable()
        if not valid_id(mote.id):
            raise StoreError(
                f"Sammanträdets id ”{mote.id}” är ogiltigt (bara bokstäver, siffror, - och _); "
                f"sammanträdet sparades inte."
            )
        self._save_meeting(mote, to_dict(mote))

    def _save_meeting(
        self, mote: Sammantrade, doc: dict[str, Any], arende_id: str | None = None
    ) -> None:
        """save_meeting with the meeting's document already made (`to_dict(mote)`); with
        `arende_id` when nothing but that ärende can differ from this session's last save."""
        self.take_lease(mote.id)
        what = f"sammanträdet {mote.id} sparades inte"
        with self._tx(what) as conn:
            version, written = self._write_meeting(conn, mote, doc, what, arende_id)
        self._versions[mote.id] = version
        self._written[mote.id] = written
        self._docs[mote.id] = (version, doc)  # committed: what the server now holds
        while len(self._docs) > _DOCS_KEPT:
            del self._docs[next(iter(self._docs))]

    def _write_meeting(
        self,
        conn: Connection[Any],
        mote: Sammantrade,
        doc: dict[str, Any],
        what: str,
        arende_id: str | None = None,
    ) -> tuple[int, _Written]:
        """Everything of a save inside the caller's transaction, pipelined: the server is
        waited for only where an answer is needed. Returns the new version and what was
        written (so that the next save of the same version need not ask again)."""
        based_on = self._versions.get(mote.id)
        organ = conn.execute("SELECT doc->>'kortnamn' FROM organ WHERE id = %s", (mote.organ_id,))
        stored = conn.execute(
            "SELECT version, andrad_av, andrad, last FROM sammantrade WHERE id = %s FOR UPDATE",
            (mote.id,),
        )
        kortnamn, row = organ.fetchone(), stored.fetchone()
        if kortnamn is None:
            raise StoreError(f"Det finns inget organ med id ”{mote.organ_id}” i lagret.")
        if row is not None:
            stored_version, by, when, locked = row
            if based_on != stored_version:
                raise StoreConflictError(
                    f"Sammanträdet {mote.id} har ändrats av {by or 'någon annan'} "
                    f"{when.astimezone():%Y-%m-%d %H:%M} sedan du läste det; din ändring "
                    f"sparades inte (inget skrevs över). Öppna sammanträdet igen."
                )
            if locked:
                rows = conn.execute(_DOCS.format(where="s.id = %s"), (mote.id, mote.id)).fetchall()
                _check_change(self._load(Sammantrade, _whole(rows)[0][0]), mote)
        else:
            if based_on is not None:
                raise StoreConflictError(
                    f"Sammanträdet {mote.id} har tagits bort från servern sedan du läste "
                    f"det; din ändring sparades inte."
                )
            _check_change(None, mote)
        # What the next save must compare with, as the folder store decides it.
        last = mote.status in LASTA or any(p.omedelbar for p in mote.paragrafer)
        values = (
            mote.organ_id,
            mote.datum,
            mote.tid,
            _jsonb(to_dict(SammantradeIndex.av(mote))),
            _jsonb({k: v for k, v in doc.items() if k != "arenden"}),
            last,
            self.vem,
            mote.id,
        )
        written = self._written.pop(mote.id, None)  # trusted again once this commits
        known = written if written is not None and row and written.version == row[0] else None
        sent = self._docs.pop(mote.id, None)
        patch = _patch(sent[1], doc) if sent is not None and row and sent[0] == row[0] else None
        if row is not None and patch is not None:
            # The stored document is the one this session wrote (the version says so): only
            # what changed is sent and set in it: an autosave rewrites one ärende's row.
            changed, arenden, cut = patch
            conn.execute(
                "UPDATE sammantrade SET organ_id = %s, datum = %s, tid = %s, rad = %s, "
                f"{'doc = doc || %s, ' if changed else ''}last = %s, version = version + 1, "
                "andrad = now(), andrad_av = %s WHERE id = %s",
                (*values[:4], *([_jsonb(changed)] if changed else []), *values[5:]),
            )
            if cut is not None:
                conn.execute(
                    "DELETE FROM arende WHERE sammantrade_id = %s AND ordning >= %s", (mote.id, cut)
                )
            if arenden:
                conn.execute(_PUT_ARENDEN, (mote.id, _jsonb(arenden)))
            version = row[0] + 1
        else:
            if row is None:
                conn.execute(
                    "INSERT INTO sammantrade (organ_id, datum, tid, rad, doc, last, andrad_av, "
                    "id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    values,
                )
                version = 1
            else:
                conn.execute(
                    "UPDATE sammantrade SET organ_id = %s, datum = %s, tid = %s, rad = %s, "
                    "doc = %s, last = %s, version = version + 1, andrad = now(), "
                    "andrad_av = %s WHERE id = %s",
                    values,
                )
                conn.execute("DELETE FROM arende WHERE sammantrade_id = %s", (mote.id,))
                version = row[0] + 1
            conn.execute(_PUT_ARENDEN, (mote.id, _jsonb(list(enumerate(doc["arenden"])))))
        numbers = self._write_numbers(conn, mote, known.numbers if known else None)
        index = server_search.index_meeting(
            conn, mote, kortnamn[0] or "", known.index if known else None, arende_id
        )
        conn.execute(f"SELECT pg_notify('{CHANNEL}', %s)", (mote.id,))  # sent at commit
        return version, _Written(version, numbers, index)

    def _write_numbers(
        self,
        conn: Connection[Any],
        mote: Sammantrade,
        known: frozenset[tuple[str, int, int]] | None,
    ) -> frozenset[tuple[str, int, int]]:
        """The meeting's § numbers under the organ's series for the year (row-locked), so
        that two meetings can never hold the same §. Only what changed is written."""
        ar = mote.datum.year
        want = frozenset((mote.organ_id, ar, p.nummer) for p in mote.paragrafer)
        stored = (
            known
            if known is not None
            else frozenset(
                conn.execute(
                    "SELECT organ_id, ar, nummer FROM paragrafnummer WHERE sammantrade_id = %s",
                    (mote.id,),
                ).fetchall()
            )
        )
        if stored == want:
            return want  # typing a beslut changes no number: the series is not touched
        if gone := stored - want:
            conn.execute(
                "DELETE FROM paragrafnummer WHERE sammantrade_id = %s AND (organ_id, ar, nummer) "
                "IN (SELECT * FROM unnest(%s::text[], %s::int[], %s::int[]))",
                (mote.id, *map(list, zip(*gone, strict=True))),
            )
        new = sorted(n for _o, _a, n in want - stored)
        if not new:
            return want
        conn.execute(
            "INSERT INTO paragrafserie VALUES (%s, %s) ON CONFLICT DO NOTHING", (mote.organ_id, ar)
        )
        conn.execute(
            "SELECT 1 FROM paragrafserie WHERE organ_id = %s AND ar = %s FOR UPDATE",
            (mote.organ_id, ar),
        )
        taken = conn.execute(
            "SELECT n.nummer, s.rad->>'datum' FROM paragrafnummer n JOIN sammantrade s "
            "ON s.id = n.sammantrade_id WHERE n.organ_id = %s AND n.ar = %s "
            "AND n.nummer = ANY(%s) ORDER BY n.nummer LIMIT 1",
            (mote.organ_id, ar, new),
        ).fetchone()
        if taken is not None:
            raise StoreConflictError(
                f"§ {taken[0]} finns redan i organets sammanträde {taken[1]} (en annan "
                f"sekreterare hann före); sammanträdet {mote.id} sparades inte. Öppna det "
                f"igen så fortsätter numreringen efter det andra sammanträdet."
            )
        conn.execute(
            "INSERT INTO paragrafnummer SELECT %s, %s, n, %s FROM unnest(%s::int[]) AS n",
            (mote.organ_id, ar, mote.id, new),
        )
        return want

    def save_arende(self, meeting_id: str, arende: Arende) -> None:
        self._save_part(
            meeting_id,
            "arenden",
            lambda a: a.id == arende.id,
            arende,
            f"Ärendet {arende.id} finns inte i sammanträdet {meeting_id}; spara "
            f"sammanträdet för att lägga till nya ärenden.",
        )

    def save_paragraf(self, meeting_id: str, paragraf: Paragraf) -> None:
        self._save_part(
            meeting_id,
            "paragrafer",
            lambda p: p.arende_id == paragraf.arende_id and p.nummer == paragraf.nummer,
            paragraf,
            f"§ {paragraf.nummer} finns inte sparad i sammanträdet {meeting_id}; spara "
            f"sammanträdet för att lägga till eller numrera om paragrafer.",
        )

    def _save_part(
        self,
        meeting_id: str,
        field: str,
        which: Callable[[Any], bool],
        part: Arende | Paragraf,
        missing: str,
    ) -> None:
        """Save one ärende or § (`field` of the meeting, the item for which `which` holds)
        into the meeting as this session last saved it here: not read again when the
        version is the one the session knows (the save's version check refuses it anyway
        if the stored meeting is another)."""
        self._check_writable()
        based_on = self._versions.get(meeting_id)
        own = self._own.pop(meeting_id, None)  # put back only once the save has committed
        if own is not None and own.version == based_on:
            mote, doc = own.mote, own.doc
        else:
            mote, doc = self.meeting(meeting_id), None
            if based_on is not None:  # the edit was based on what this session read before
                self._versions[meeting_id] = based_on
        items = [*getattr(mote, field)]
        at = next((i for i, item in enumerate(items) if which(item)), None)
        if at is None:
            raise StoreError(missing)
        ny = to_dict(part)
        items[at] = from_dict(type(part), ny)  # a copy: the caller goes on editing its own
        setattr(mote, field, items)
        if doc is None:
            doc = to_dict(mote)
        else:  # the document's other parts are the ones last written: only this one is new
            doc = {**doc, field: [*doc[field]]}
            doc[field][at] = ny
        arende_id = part.id if isinstance(part, Arende) else part.arende_id
        self._save_meeting(mote, doc, arende_id)
        self._own[meeting_id] = _Own(self._versions[meeting_id], mote, doc)

    def justera(
        self, meeting_id: str, datum: date, justerare: Sequence[str] | None = None
    ) -> Sammantrade:
        """In one transaction holding the organ's row: the chain's end is read, the
        protokoll linked to it and saved, and the chain head moved."""
        from kallelse_tui.domain.justering import justera
        from kallelse_tui.domain.verifiering import kedjans_slut, kedjehuvud
        from kallelse_tui.store.integritet import text_hashes

        self._check_writable()
        self.take_lease(meeting_id)
        what = f"justeringen av {meeting_id} sparades inte"
        with self._tx(what) as conn:
            conn.execute(
                "SELECT 1 FROM organ WHERE id = (SELECT organ_id FROM sammantrade WHERE id = %s) "
                "FOR UPDATE",
                (meeting_id,),
            )
            mote = self.meeting(meeting_id)
            organ = self.organ(mote.organ_id)
            kedja = [
                self._load(Sammantrade, doc)
                for doc, _version in _whole(
                    conn.execute(
                        _DOCS.format(
                            where="s.organ_id = %s AND s.id <> %s AND s.doc->>'status' = ANY(%s)"
                        ),
                        (organ.id, meeting_id, _LOCKED) * 2,
                    ).fetchall()
                )
            ]
            justera(mote, organ, datum, kedjans_slut(kedja), justerare, text_hashes(self, mote))
            version, written = self._write_meeting(conn, mote, to_dict(mote), what)
            self._put_chain_head(conn, kedjehuvud([*kedja, mote], organ.id))
        self._versions[meeting_id] = version
        self._written[meeting_id] = written
        return mote

    # -- the organ's chain -------------------------------------------------------------

    def chain_head(self, organ_id: str) -> Kedjehuvud | None:
        from kallelse_tui.domain.verifiering import Kedjehuvud

        rows = self._sql("SELECT doc FROM kedjehuvud WHERE organ_id = %s", (organ_id,))
        return self._load(Kedjehuvud, rows[0][0]) if rows else None

    def save_chain_head(self, huvud: Kedjehuvud) -> None:
        self._check_writable()
        with self._tx(f"kedjans slut för {huvud.organ_id} sparades inte") as conn:
            self._put_chain_head(conn, huvud)

    @staticmethod
    def _put_chain_head(conn: Connection[Any], huvud: Kedjehuvud) -> None:
        conn.execute(
            "INSERT INTO kedjehuvud VALUES (%s, %s) "
            "ON CONFLICT (organ_id) DO UPDATE SET doc = excluded.doc",
            (huvud.organ_id, _jsonb(to_dict(huvud))),
        )

    # -- registers ---------------------------------------------------------------------

    def register_rows(self, kind: str, organ_id: str | None = None) -> list[dict[str, Any]]:
        check_register_rows(kind, [])
        where, params = ("AND organ_id = %s", (kind, organ_id)) if organ_id else ("", (kind,))
        query = f'SELECT doc FROM registerrad WHERE typ = %s {where} ORDER BY id COLLATE "C"'
        return [dict(doc) for (doc,) in self._sql(query, params)]

    def save_register_rows(self, kind: str, rows: Sequence[dict[str, Any]]) -> None:
        self._check_writable()
        check_register_rows(kind, rows)
        with self._tx(f"{len(rows)} rader i registret {kind} sparades inte") as conn:
            for row in rows:
                conn.execute(
                    "INSERT INTO registerrad VALUES (%s, %s, %s, %s) ON CONFLICT (typ, id) "
                    "DO UPDATE SET organ_id = excluded.organ_id, doc = excluded.doc",
                    (kind, str(row["id"]), row["organ_id"], _jsonb(dict(row))),
                )

    # -- edit leases -------------------------------------------------------------------

    def lease(self, meeting_id: str) -> str:
        """Take the meeting's edit lease: "" when this session holds it, else who does
        ("Anna Berg redigerar sammanträdet sedan 09:12")."""
        if self.readonly:
            return ""
        try:
            self.take_lease(meeting_id)
        except StoreLeaseError as exc:
            return str(exc)
        return ""

    def take_lease(self, meeting_id: str) -> None:
        if meeting_id in self._leases:
            return
        with self._lock:
            rows = self._sql(
                "SELECT o.doc->>'namn', kallelse_far_skriva(s.organ_id), current_user "
                "FROM sammantrade s JOIN organ o ON o.id = s.organ_id WHERE s.id = %s",
                (meeting_id,),
            )
            if rows and not rows[0][1]:
                raise StoreLeaseError(
                    f"Inloggningen {rows[0][2]} har inte skrivrätt till sammanträden i "
                    f"{rows[0][0]} (servern tillåter bara läsning); det är öppnat skrivskyddat."
                )
            (got,) = self._sql(
                f"SELECT pg_try_advisory_lock(({_LEASE_KEY}))", (meeting_id,), "redigeringen"
            )[0]
            if not got:
                raise StoreLeaseError(self._holder(meeting_id))
            if out := self._checked_out(meeting_id):
                self._sql(f"SELECT pg_advisory_unlock(({_LEASE_KEY}))", (meeting_id,))
                raise StoreLeaseError(out)
            self._sql(
                "INSERT INTO redigering VALUES (%s, %s, %s, now(), pg_backend_pid()) "
                "ON CONFLICT (sammantrade_id) DO UPDATE SET vem = excluded.vem, "
                "dator = excluded.dator, sedan = now(), backend_pid = pg_backend_pid()",
                (meeting_id, self.vem, self.dator),
                "redigeringen",
            )
            self._leases.add(meeting_id)

    def release(self, meeting_id: str) -> None:
        """Give the edit lease back (leaving the meeting); the server also drops it when
        this session's connection goes."""
        if meeting_id not in self._leases or self._closing.is_set():
            return  # closing the connection gives every lease back
        self._leases.discard(meeting_id)
        self._sql(
            "DELETE FROM redigering WHERE sammantrade_id = %s AND backend_pid = pg_backend_pid()",
            (meeting_id,),
            "redigeringen",
        )
        self._sql(f"SELECT pg_advisory_unlock(({_LEASE_KEY}))", (meeting_id,), "redigeringen")

    # -- checkout: a lease that outlives the session (kallelse checkout/checkin) --------

    def take_checkout(self, meeting_id: str, mapp: str) -> None:
        """Mark the meeting checked out to `mapp`: until end_checkout nobody (this session
        neither) takes its edit lease. Refused while someone edits or has checked it out."""
        self._check_writable()
        self.take_lease(meeting_id)
        try:
            self._sql(
                "INSERT INTO utcheckning VALUES (%s, %s, %s, now(), %s)",
                (meeting_id, self.vem, self.dator, mapp),
                f"utcheckningen av {meeting_id}",
            )
        finally:
            self.release(meeting_id)

    def end_checkout(self, meeting_id: str) -> None:
        self._check_writable()
        self._sql(
            "DELETE FROM utcheckning WHERE sammantrade_id = %s",
            (meeting_id,),
            f"incheckningen av {meeting_id}",
        )

    def transaction(self, what: str) -> _transaction:
        """Many writes as one: all of them or none (copy-store, checkin)."""
        return self._tx(what)

    def lock_chain(self, organ_id: str) -> None:
        self._sql("SELECT 1 FROM organ WHERE id = %s FOR UPDATE", (organ_id,))

    def _checked_out(self, meeting_id: str) -> str:
        rows = self._sql(
            "SELECT vem, dator, sedan, mapp FROM utcheckning WHERE sammantrade_id = %s",
            (meeting_id,),
        )
        if not rows:
            return ""
        vem, dator, sedan, mapp = rows[0]
        return (
            f"{vem} har checkat ut sammanträdet sedan {sedan.astimezone():%Y-%m-%d %H:%M} "
            f"(till {mapp} på {dator}) för arbete utan nätverk; det är skrivskyddat tills "
            f"det checkas in med kallelse checkin."
        )

    def _holder(self, meeting_id: str) -> str:
        rows = self._sql(
            "SELECT vem, dator, sedan FROM redigering WHERE sammantrade_id = %s", (meeting_id,)
        )
        if not rows:
            return "Någon annan redigerar sammanträdet just nu; det är öppnat skrivskyddat."
        vem, dator, sedan = rows[0]
        local: datetime = sedan.astimezone()
        when = f"{local:%H:%M}" if local.date() == date.today() else f"{local:%Y-%m-%d %H:%M}"
        return (
            f"{vem} redigerar sammanträdet sedan {when} (på {dator}); det är öppnat "
            f"skrivskyddat och dina ändringar sparas inte."
        )

    # -- attachments -------------------------------------------------------------------

    def add_attachment(self, path: Path, *, allowed_dir: Path | None = None) -> StoredFile:
        from kallelse_tui.store.attachments import StoredFile, _size_warning, check_source

        self._check_writable()
        source = Path(path)
        real = check_source(source, allowed_dir)
        try:
            data = Path(real).read_bytes()
        except OSError as exc:
            raise StoreError(f"Filen {source} går inte att läsa: {exc.strerror or exc}.") from None
        if not data:
            raise StoreError(
                f"Filen {source} är tom (0 byte) och bifogas inte. Kontrollera att det är rätt fil."
            )
        sha256 = hashlib.sha256(data).hexdigest()
        rows = self._sql(
            "INSERT INTO bilaga (sha256, storlek, data) VALUES (%s, %s, %s) "
            "ON CONFLICT DO NOTHING RETURNING 1",
            (sha256, len(data), data),
            f"bilagan {source.name} sparades inte",
        )
        return StoredFile(
            sha256, len(data), source.name, bool(rows), _size_warning(source, len(data))
        )

    def extract_attachment(self, sha256: str, filnamn: str) -> Extraction:
        from kallelse_tui.store.extract import extract_text

        self._check_writable()
        extraction = extract_text(self.attachment_path(sha256), filnamn)
        text_hash = hashlib.sha256(extraction.text.encode("utf-8")).hexdigest()
        with self._tx(f"texten ur {filnamn} sparades inte") as conn:
            conn.execute(
                "UPDATE bilaga SET text = %s, text_sha256 = %s WHERE sha256 = %s",
                (extraction.text, text_hash, sha256),
            )
            server_search.index_text(conn, sha256, extraction.text)
        return extraction

    def attachment_path(self, sha256: str) -> Path:
        """The bytes in this machine's cache (named by their hash, so never stale)."""
        from platformdirs import user_cache_dir

        from kallelse_tui.store.attachments import attachment_path
        from kallelse_tui.store.storage import write_atomic

        cache = Path(user_cache_dir("kallelse", appauthor=False))
        path = attachment_path(cache, sha256)  # refuses anything but a SHA-256
        if path.is_file() and path.stat().st_size > 0:
            return path
        rows = self._sql("SELECT data FROM bilaga WHERE sha256 = %s", (sha256,))
        if not rows:
            raise StoreError(f"Bilagan {sha256[:12]}… finns inte i lagret på {self.plats}.")
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, bytes(rows[0][0]), keep_backup=False)
        return path

    def attachment_text(self, sha256: str) -> str:
        rows = self._sql("SELECT text FROM bilaga WHERE sha256 = %s", (sha256,))
        return (rows[0][0] or "") if rows else ""

    def save_attachment_text(self, sha256: str, text: str) -> None:
        self._check_writable()
        self._sql(
            "UPDATE bilaga SET text = %s, text_sha256 = %s WHERE sha256 = %s",
            (text, hashlib.sha256(text.encode("utf-8")).hexdigest(), sha256),
            f"texten till bilagan {sha256[:12]}… sparades inte",
        )

    def attachment_text_hash(self, sha256: str) -> str:
        rows = self._sql(
            "SELECT text_sha256 FROM bilaga WHERE sha256 = %s AND text IS NOT NULL", (sha256,)
        )
        return rows[0][0] if rows else ""

    def verify(self) -> list[str]:
        from kallelse_tui.store.integritet import verify_store

        def attachments(wanted: list[tuple[str, str]]) -> list[str]:
            shas = sorted({sha for sha, _ in wanted})
            intact = {
                sha
                for (sha,) in self._sql(
                    "SELECT sha256 FROM bilaga WHERE sha256 = ANY(%s) "
                    "AND encode(sha256(data), 'hex') = sha256",
                    (shas,),
                )
            }
            return [
                f"Bilagan till {description}: den saknas i lagret eller har ändrats och "
                f"stämmer inte med kontrollsumman. Bifoga originalfilen igen."
                for sha, description in wanted
                if sha not in intact
            ]

        return verify_store(self, attachments)

    # -- search: on the server, always current (pg/search.py) ---------------------------

    def search(self, query: str, *, limit: int = 50, organ_id: str | None = None) -> list[Traff]:
        with self._lock, translated(self._spec, "sökningen gick inte att göra"):
            self._reconnect_if_lost()
            return server_search.search(self._conn, query, limit, organ_id)

    def history(self, dnr: str) -> list[HistorikRad]:
        with self._lock, translated(self._spec, "historiken gick inte att läsa"):
            self._reconnect_if_lost()
            return server_search.history(self._conn, dnr)

    def index_attachment(self, meeting_id: str, arende_id: str, underlag: Beslutsunderlag) -> None:
        pass  # the save and the extraction have indexed it, in their own transactions

    @property
    def search_in_memory(self) -> bool:
        return False

    def search_needs_build(self) -> bool:
        return False

    def leftovers(self) -> list[str]:
        return []  # a transaction leaves nothing half-written

    # -- internals ---------------------------------------------------------------------

    @staticmethod
    def _load(cls: type[Any], doc: Any) -> Any:
        try:
            return from_dict(cls, doc)
        except StoreCorruptError as exc:
            raise StoreCorruptError(f"I databasen: {exc}") from None


@dataclass(frozen=True)
class _Written:
    """What one save wrote of a meeting, beside the row: its § numbers and search rows."""

    version: int
    numbers: frozenset[tuple[str, int, int]]
    index: server_search.Indexed


def _whole(rows: list[tuple[Any, ...]]) -> list[tuple[dict[str, Any], int]]:
    """The meetings' documents and versions from the rows of a _DOCS query."""
    moten: list[tuple[dict[str, Any], int]] = []
    for _id, ordning, doc, version in rows:
        if ordning < 0:
            moten.append(({**doc, "arenden": []}, version))
        else:
            moten[-1][0]["arenden"].append(doc)
    return moten


def _patch(
    old: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[int, Any]], int | None] | None:
    """What turns the stored document `old` into `new`: the changed top-level values, the
    changed (or added) ärenden at their places, and where the list now ends if it got
    shorter; None when a whole document is simpler."""
    if old.keys() != new.keys() or "arenden" not in new:
        return None
    changed = {k: v for k, v in new.items() if k != "arenden" and v != old[k]}
    before, after = old["arenden"], new["arenden"]
    arenden = [(i, a) for i, a in enumerate(after) if i >= len(before) or a != before[i]]
    return changed, arenden, len(after) if len(after) < len(before) else None


@dataclass(frozen=True)
class _Own:
    """A meeting as save_arende or save_paragraf last saved it, and its document as
    written."""

    version: int
    mote: Sammantrade
    doc: dict[str, Any]


def _check_change(gammal: Sammantrade | None, ny: Sammantrade) -> None:
    from kallelse_tui.domain.justering import ProtokollLastError, kontrollera_andring

    try:
        kontrollera_andring(gammal, ny)
    except ProtokollLastError as exc:
        raise StoreLockedProtocolError(str(exc)) from None


class _transaction:
    """`with store._tx(what) as conn:` one transaction, under the store's lock, with the
    failure said in Swedish; the connection is tried again first if it was lost."""

    def __init__(self, store: PgStore, what: str) -> None:
        self.store, self.what = store, what

    def __enter__(self) -> Connection[Any]:
        store = self.store
        store._lock.acquire()
        try:
            with translated(store._spec, self.what):
                store._reconnect_if_lost()
                # Pipelined: BEGIN, the writes and COMMIT go without waiting; the server is
                # waited for only where an answer is read (a save: one round trip, plus
                # the commit).
                self._pipeline = store._conn.pipeline()
                self._pipeline.__enter__()
                self._tx = store._conn.transaction()
                self._tx.__enter__()
        except BaseException:
            store._lock.release()
            raise
        return store._conn

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        try:
            with translated(self.store._spec, self.what):
                try:
                    self._tx.__exit__(kind, exc, tb)  # commits, or rolls back on an exception
                finally:
                    self._pipeline.__exit__(kind, exc, tb)
                if isinstance(exc, psycopg.Error):
                    raise exc  # said in Swedish by `translated`
        finally:
            self.store._lock.release()
