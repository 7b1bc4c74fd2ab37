"""The search index: SQLite FTS5 in `<store>/sokindex.sqlite` (0600), derived from the store.

Reading every meeting file of a ten-year store to answer one query would take seconds, so
search runs against this index instead. It is derived data: it can always be rebuilt from
the store (`bygg_om`); a missing, corrupt or old-version index is recreated empty and
`behover_byggas()` says so; a failed index write never fails a save (the change is rolled
back and `behover_byggas()` turns True). A read-only index never writes or repairs.

What is indexed, one FTS row each:
    sammanträde  organ, date, place, notes ("KS oktober", "Sessionssalen")
    ärende       title, beskrivning, förslag, ekonomiska konsekvenser, meddelanden and
                 delegationsbeslut lines, attachment titles
    beslut       the § text (beslut, behandling, yrkanden, reservationer)
    bilaga       an attachment's extracted text (`uppdatera_bilaga`, `bygg_om`)

Columns: `rubrik` (title, weighted high), `text` (body), `ram` (context: organ, year,
Dnr as printed, §, handläggare; weighted low, so "KS budget 2026" narrows as expected) and
`nycklar` (Dnr keys). The tokenizer is unicode61 without removing diacritics: case-folded,
"år" ≠ "ar", "Å" = "å". Text and queries are NFC-normalised first: a decomposed "ä"
(a + U+0308, common in PDF text) would otherwise split the word.

Queries: every word must occur; a word of three letters or more is a prefix ("budg" finds
"budget", "intern" finds "internbudget"; a compound is found by its first part only);
"quoted words" are a phrase. Nothing typed reaches FTS5's query syntax raw. Ranking: bm25,
ties newest first. Row ids follow the meeting date, so FTS5 yields matches newest first
for free; a word matching more than _FONSTER rows is ranked among its newest _FONSTER
matches (bm25 over 20,000 rows alone would cost ~50 ms). "§ 177" / "KS § 177" finds that §.

Dnr: every Dnr (the ärende's own, list lines, and Dnr-shaped text in bodies and
attachments) is indexed as tokens `nk<år>x<löpnr>` and `nk<år>x<löpnr>s<serie>` (serie ""
when none). A query that is a Dnr in any shape searches by key. The series rule: a query
WITH a series ("KS 2020/434") matches that series or a Dnr printed without one
("2020/434"), the same series listed first; a query without a series matches every series.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from kallelse_tui.domain.datum import kort_datum
from kallelse_tui.domain.dnr import parse_dnr
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Arende, Paragraf, Sammantrade
from kallelse_tui.store.errors import StoreReadOnlyError
from kallelse_tui.store.paths import inside

log = logging.getLogger(__name__)

INDEX_FILE = "sokindex.sqlite"
# Bump when the schema or what goes into a row changes: an index of another version is
# dropped and rebuilt.
INDEX_VERSION = 3
FILE_MODE = 0o600

SAMMANTRADE = "sammanträde"
ARENDE = "ärende"
BESLUT = "beslut"
BILAGA = "bilaga"
_SLAG_ORDNING = {ARENDE: 0, BESLUT: 1, BILAGA: 2, SAMMANTRADE: 3}

# bm25 weights for (rubrik, text, ram, nycklar).
_VIKTER = (8.0, 1.0, 0.5, 2.0)
_TEXTKOLUMNER = "{rubrik text ram}"
_MAX_TERMER = 12  # more words than this add nothing but time
_MAX_TOKEN = 64
_UTDRAG_LANGD = 120
_UTDRAG_MAX = 160
_FONSTER = 2000  # rows ranked by bm25 at most (see _sok_text)
_DAGSKIFT = 24  # dok.id = day number << 24 | counter
# SQLite errors after which the index is intact but missed a change.
_TILLFALLIGA = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_FULL",
    "SQLITE_IOERR",
    "SQLITE_READONLY",
    "SQLITE_CANTOPEN",
    "SQLITE_NOMEM",
    "SQLITE_INTERRUPT",
    "SQLITE_PROTOCOL",
)
_CACHE_KIB = -32768  # 32 MB page cache (allocated as used): a rebuild and repeated searches
_WAL_BYTE = 4 << 20  # WAL size that starts a checkpoint (SQLite's default: 1000 pages)
_START, _SLUT = "\x01", "\x02"  # snippet markers; never in indexed text (see _ren)

_SCHEMA_META = "CREATE TABLE meta (nyckel TEXT PRIMARY KEY, varde TEXT NOT NULL)"
_SCHEMA_DATA = """
CREATE TABLE mote (
    id TEXT PRIMARY KEY, organ_id TEXT NOT NULL, kortnamn TEXT NOT NULL, datum TEXT NOT NULL
);
CREATE TABLE dok (
    id INTEGER PRIMARY KEY,
    slag TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    organ_id TEXT NOT NULL,
    datum TEXT NOT NULL,
    arende_id TEXT,
    underlag_id TEXT,
    nummer INTEGER,
    paragraf INTEGER,
    rubrik TEXT NOT NULL,
    dnr TEXT NOT NULL,
    beslut TEXT NOT NULL DEFAULT '',
    sekretess INTEGER NOT NULL,
    egen_sekretess INTEGER NOT NULL DEFAULT 0,
    summa TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dok_mote ON dok (meeting_id, arende_id);
CREATE TABLE dnrrad (
    nyckel TEXT NOT NULL,
    serie TEXT NOT NULL,
    dnr TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    organ_id TEXT NOT NULL,
    datum TEXT NOT NULL,
    arende_id TEXT NOT NULL,
    nummer INTEGER NOT NULL,
    paragraf INTEGER,
    rubrik TEXT NOT NULL,
    beslut TEXT NOT NULL,
    post INTEGER NOT NULL
);
CREATE INDEX dnrrad_nyckel ON dnrrad (nyckel);
CREATE INDEX dnrrad_mote ON dnrrad (meeting_id, arende_id);
CREATE VIRTUAL TABLE fts USING fts5 (
    rubrik, text, ram, nycklar,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '3 4'
);
"""
_TABLES = ("meta", "mote", "dok", "dnrrad", "fts")

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


# (meeting_id, arende_id, underlag_id, titel, text, sekretess)
BilagaRad = tuple[str, str, str, str, str, bool]
_Rad = tuple[Any, ...]  # a row of `dok`, as _dok_rader selects it


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


class SokIndex:
    """The search index of one store. One SQLite connection; a lock makes it safe to search
    from a worker thread while the UI thread writes."""

    def __init__(self, root: Path, readonly: bool = False, i_minnet: bool = False) -> None:
        """`i_minnet`: an empty index in memory, for this process only (a read-only store
        whose index file is missing or stale); the file is never touched."""
        self.path = inside(Path(root), INDEX_FILE)  # never a link out of the store
        self.readonly = readonly
        self.i_minnet = i_minnet
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._byggt = False
        self._missade = False  # a write failed, so the index lacks a change
        self._underhall: ThreadPoolExecutor | None = None  # WAL checkpoints
        self._checkpoint_vantar = False
        if i_minnet:
            self._conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            _skapa(self._conn)
        elif readonly:
            self._open_readonly()
        else:
            self._open_writable()

    # -- opening -----------------------------------------------------------------------

    def _open_readonly(self) -> None:
        """Never creates, repairs or writes; an unusable index just reports it needs a
        build (SQLite may create its -wal/-shm coordination files next to it)."""
        if not self.path.exists():
            return
        try:
            conn = sqlite3.connect(
                f"file:{quote(str(self.path))}?mode=ro",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error:
            return
        try:
            conn.execute("PRAGMA busy_timeout = 2000")
            conn.execute(f"PRAGMA cache_size = {_CACHE_KIB}")
            self._byggt = _las_status(conn)
        except sqlite3.DatabaseError:
            conn.close()
            return
        self._conn = conn

    def _open_writable(self) -> None:
        """Open, or create. A corrupt file or one of another version is deleted and created
        anew (it is derived data). If even that fails (a read-only disk, say) the index
        stays closed: searches find nothing and behover_byggas() says so; the store itself
        is not affected."""
        try:
            opened = self._connect_writable()
        except (sqlite3.DatabaseError, OSError) as exc:
            log.warning("Sökindexet %s gick inte att öppna (%s); det byggs om.", self.path, exc)
            opened = None
        if opened is None:
            self._radera_filer()
            try:
                opened = self._connect_writable()
            except (sqlite3.DatabaseError, OSError) as exc:
                log.warning("Sökindexet %s kan inte skapas (%s).", self.path, exc)
        if opened is not None:
            self._conn, self._byggt = opened

    def _connect_writable(self) -> tuple[sqlite3.Connection, bool] | None:
        """The open index and whether it is built; None when it has another layout."""
        # Create the file ourselves so it is 0600 from the start; SQLite gives its -wal and
        # -shm files the same mode.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE))
        os.chmod(self.path, FILE_MODE)
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout = 2000")
            # WAL + NORMAL: a commit is a write to the WAL, no fsync, so an index update adds
            # about a millisecond to a save. A power cut can lose the last updates but not
            # corrupt the file; the index is derived data.
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            # No checkpoint inside a commit: copying 4 MB of WAL into the index and two
            # fsyncs took ~50 ms, and the UI waits for a save. _efter_sparande runs them
            # on a thread of their own instead.
            conn.execute("PRAGMA wal_autocheckpoint = 0")
            # After a checkpoint the next commit starts the WAL over from its beginning and
            # cuts the file to what that commit wrote, so the file's size keeps telling how
            # much is waiting. Without it the file stayed at its largest and every save
            # after the first 4 MB started another checkpoint beside it.
            conn.execute("PRAGMA journal_size_limit = 0")
            conn.execute(f"PRAGMA cache_size = {_CACHE_KIB}")
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if not tables:
                _skapa(conn)
                return conn, False
            if not set(_TABLES) <= tables or _las_version(conn) != INDEX_VERSION:
                conn.close()
                return None
            return conn, _las_status(conn)
        except BaseException:
            conn.close()
            raise

    def _radera_filer(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")

    def _trasig(self, exc: sqlite3.DatabaseError) -> None:
        """An index write or read failed. Busy, full disk, I/O: this change is missing, so
        report a needed build. Anything else (corrupt file, missing table): start over
        empty, and report a needed build."""
        self._missade = True
        if (
            getattr(exc, "sqlite_errorname", "").startswith(_TILLFALLIGA)
            or self.readonly
            or self.i_minnet
        ):
            log.warning("Sökindexet %s kunde inte användas (%s).", self.path, exc)
            return
        log.warning("Sökindexet %s är trasigt (%s); det byggs om.", self.path, exc)
        self._byggt = False
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        self._radera_filer()
        self._open_writable()

    def close(self) -> None:
        if self._underhall is not None:
            self._underhall.shutdown()
            self._underhall = None
        with self._lock:
            if self._conn is None:
                return
            with contextlib.suppress(sqlite3.Error):
                if not self.readonly:
                    self._conn.execute("PRAGMA optimize")
            self._conn.close()
            self._conn = None

    def __enter__(self) -> SokIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- state -------------------------------------------------------------------------

    def behover_byggas(self) -> bool:
        """True when the index is missing, was corrupt or of an old layout, or a build was
        interrupted: call `bygg_om` (a read-only index only reports it)."""
        with self._lock:
            if self._conn is None:
                return True
            if not self._byggt:  # another SokIndex (a build in a worker) may have finished
                with contextlib.suppress(sqlite3.Error):
                    self._byggt = _las_status(self._conn)
            return self._missade or not self._byggt

    def indexerade(self) -> set[str]:
        """The ids of the meetings in the index (to compare with the store's register)."""
        with self._lock:
            if self._conn is None:
                return set()
            try:
                return {r[0] for r in self._conn.execute("SELECT id FROM mote")}
            except sqlite3.DatabaseError as exc:
                self._trasig(exc)
                return set()

    # -- writing -----------------------------------------------------------------------

    def _skriv(
        self, work: Callable[[sqlite3.Connection], None], efter_sparande: bool = False
    ) -> None:
        """Run `work` in one transaction. An SQLite error does not reach the caller (whose
        save has succeeded): the change is rolled back and behover_byggas() becomes True;
        a corrupt index is recreated empty (see _trasig). Other errors are re-raised.
        `efter_sparande`: the store has just saved the change (see _efter_sparande)."""
        if self.readonly:
            raise StoreReadOnlyError(
                f"Sökindexet {self.path} är öppnat skrivskyddat; det uppdaterades inte."
            )
        self._transaktion(work, efter_sparande)

    def _transaktion(
        self, work: Callable[[sqlite3.Connection], None], efter_sparande: bool
    ) -> None:
        with self._lock:
            conn = self._conn
            if conn is None:
                self._missade = True
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
                work(conn)
                conn.execute("COMMIT")
                if efter_sparande:
                    self._efter_sparande()
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if not isinstance(exc, sqlite3.DatabaseError):
                    raise
                self._trasig(exc)

    def _efter_sparande(self) -> None:
        """Once the WAL has grown past _WAL_BYTE, checkpoint it on a thread and connection
        of its own (a PASSIVE checkpoint runs beside writers and readers, and SQLite lets
        go of the GIL while it copies and syncs), never inside a save. Other writes leave
        the WAL to the next save, or to the close."""
        if self._checkpoint_vantar or self.i_minnet:
            return
        try:
            if os.stat(f"{self.path}-wal").st_size < _WAL_BYTE:
                return
        except OSError:
            return
        if self._underhall is None:
            self._underhall = ThreadPoolExecutor(1, thread_name_prefix="sokindex-wal")
        self._checkpoint_vantar = True
        self._underhall.submit(self._checkpoint)

    def _checkpoint(self) -> None:
        try:
            # mode=rw: never creates the file (the index may just have been recreated, 0600)
            conn = sqlite3.connect(
                f"file:{quote(str(self.path))}?mode=rw", uri=True, isolation_level=None
            )
            try:
                conn.execute("PRAGMA busy_timeout = 2000")
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            finally:
                conn.close()
        except sqlite3.Error as exc:  # the WAL just stays longer; the next save tries again
            log.warning("Sökindexets WAL kunde inte skrivas in i indexet (%s).", exc)
        finally:
            self._checkpoint_vantar = False

    # The store's saves call these after their write has succeeded, not beside it on a
    # thread: the commit does not sync (WAL, NORMAL), so an update is CPU work, and beside
    # the write it only slowed the write's system calls (save_arende p95 3.2–4.6 ms beside,
    # 2.4–3.1 ms after, on the 10-year benchmark store).

    def uppdatera_sammantrade(self, mote: Sammantrade, organ_kortnamn: str) -> None:
        """Replace everything indexed for this meeting; attachments already indexed keep
        their text (their ärende's title, number and § are brought up to date), those whose
        ärende or underlag is gone are dropped."""
        rader = _mote_rader(mote, organ_kortnamn)
        self._skriv(lambda conn: _indexera_mote(conn, rader, ny=False), efter_sparande=True)

    def uppdatera_arende(self, meeting_id: str, arende: Arende) -> bool:
        """Re-index one edited ärende (for Store.save_arende), far cheaper than the whole
        meeting. Returns False when the ärende is not in the index: then index the meeting
        with `uppdatera_sammantrade`."""
        return self._skriv_del(lambda conn: _indexera_ett_arende(conn, meeting_id, arende))

    def uppdatera_paragraf(self, meeting_id: str, arende: Arende, paragraf: Paragraf) -> bool:
        """Re-index the ärende whose § changed (for Store.save_paragraf, meeting mode's
        autosave): its ärende row and beslut row only. False when the ärende is not in the
        index: then index the meeting with `uppdatera_sammantrade`."""
        return self._skriv_del(lambda conn: _indexera_paragraf(conn, meeting_id, arende, paragraf))

    def _skriv_del(self, work: Callable[[sqlite3.Connection], bool]) -> bool:
        """_skriv after a save of a part of a meeting: whether `work` found it indexed."""
        found = [False]

        def run(conn: sqlite3.Connection) -> None:
            found[0] = work(conn)

        self._skriv(run, efter_sparande=True)
        return found[0]

    def ta_bort_sammantrade(self, meeting_id: str) -> None:
        self._skriv(lambda conn: _ta_bort_mote(conn, meeting_id))

    def uppdatera_bilaga(
        self,
        meeting_id: str,
        arende_id: str,
        underlag_id: str,
        titel: str,
        text: str,
        sekretess: bool,
    ) -> None:
        """Index (or replace) an attachment's text. The meeting must be indexed first;
        otherwise nothing happens (the next uppdatera_sammantrade does not bring it back,
        a rebuild does)."""
        self._skriv(
            lambda conn: _indexera_bilaga(
                conn, (meeting_id, arende_id, underlag_id, titel, text, sekretess)
            )
        )

    def ta_bort_bilaga(self, meeting_id: str, arende_id: str, underlag_id: str) -> None:
        def work(conn: sqlite3.Connection) -> None:
            ids = conn.execute(
                "SELECT id FROM dok WHERE meeting_id = ? AND arende_id = ? AND slag = ? "
                "AND underlag_id = ?",
                (meeting_id, arende_id, BILAGA, underlag_id),
            ).fetchall()
            _ta_bort_dok(conn, [r[0] for r in ids])

        self._skriv(work)

    def bygg_om(
        self, moten: Iterable[tuple[Sammantrade, str]], bilagor: Iterable[BilagaRad]
    ) -> None:
        """Rebuild the whole index in one transaction (readers see the old one until it
        commits; a crash midway leaves the old one, still marked as needing a build).

        `moten` is consumed completely before `bilagor`, so `bilagor` may be a generator
        fed while `moten` is read (see `kallor`)."""

        def work(conn: sqlite3.Connection) -> None:
            _satt_meta(conn, "byggt", "0")
            # Drop and create: deleting FTS rows one by one costs as much as inserting them.
            for table in _TABLES:
                if table != "meta":
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
            _skapa_tabeller(conn)
            for mote, kortnamn in moten:
                _indexera_mote(conn, _mote_rader(mote, kortnamn), ny=True)
            for rad in bilagor:
                _indexera_bilaga(conn, rad)
            _satt_meta(conn, "byggt", "1")

        with self._lock:
            self._missade = False
            self._skriv(work)
            if self._conn is None:
                return
            try:
                # Merge the FTS b-trees into one: queries touch fewer pages afterwards.
                self._conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._byggt = _las_status(self._conn)
            except sqlite3.DatabaseError as exc:
                self._trasig(exc)

    # -- searching ---------------------------------------------------------------------

    def sok(
        self,
        fraga: str,
        *,
        grans: int = 50,
        organ_id: str | None = None,
        dolj_sekretess: bool = False,
    ) -> list[Traff]:
        """Search. A query that is a Dnr (any shape) finds that Dnr by its normalised key,
        newest first; otherwise every word must occur (as a word prefix), "quoted words"
        as a phrase, ranked by bm25, newest first on ties. Never raises on odd input.
        `dolj_sekretess` leaves out sekretess-marked ärenden, beslut and attachments."""
        fraga = _ren(fraga).strip()
        if grans <= 0 or not fraga:
            return []
        with self._lock:
            if self._conn is None:
                return []
            try:
                paragraf = _PARAGRAF.match(fraga)
                if paragraf is not None:
                    traffar = self._sok_paragraf(
                        paragraf["organ"], int(paragraf["nr"]), grans, organ_id, dolj_sekretess
                    )
                    if traffar:
                        return traffar
                dnr = _las_dnr(fraga)
                if dnr is not None:
                    traffar = self._sok_dnr(*dnr, grans, organ_id, dolj_sekretess)
                    if traffar:
                        return traffar
                termer = _termer(fraga)
                if not termer:
                    return []
                return self._sok_text(termer, grans, organ_id, dolj_sekretess)
            except sqlite3.DatabaseError as exc:
                self._trasig(exc)
                return []

    def _sok_text(
        self, termer: list[_Term], grans: int, organ_id: str | None, dolj_sekretess: bool
    ) -> list[Traff]:
        assert self._conn is not None
        villkor, params = _filter(organ_id, dolj_sekretess)
        # bm25 costs a few microseconds per matching row, and a common word in ten years of
        # text matches tens of thousands of rows. So rank the newest _FONSTER matches
        # (FTS5 streams them in rowid order, and rowids follow the meeting date, see
        # _ny_dok): every match when there are fewer, and for a very common word the best
        # among the most recent meetings.
        # Ties: the higher id is the newer meeting.
        ids = [
            r[0]
            for r in self._conn.execute(
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
        texter = {
            r[0]: r[1:]
            for r in self._conn.execute(
                f"SELECT rowid, text, rubrik, ram FROM fts "
                f"WHERE rowid IN ({', '.join('?' * len(ids))})",
                ids,
            )
        }
        dok = self._dok_rader(ids)
        return [
            _traff(dok[i], _markerat_utdrag(termer, dok[i][1], *texter.get(i, ("", "", ""))))
            for i in ids
            if i in dok
        ]

    def _sok_dnr(
        self,
        nyckel: str,
        serie: str,
        grans: int,
        organ_id: str | None,
        dolj_sekretess: bool,
    ) -> list[Traff]:
        """Newest first; with a series, the ärenden printed with that very series come
        before those printed without one."""
        assert self._conn is not None
        villkor, params = _filter(organ_id, dolj_sekretess)
        ids = [
            r[0]
            for r in self._conn.execute(
                f"SELECT dok.id FROM fts JOIN dok ON dok.id = fts.rowid "
                f"WHERE fts MATCH ?{villkor} ORDER BY fts.rowid DESC LIMIT 1000",
                (_dnr_uttryck(nyckel, serie), *params),
            )
        ]
        rader = self._dok_rader(ids)
        valda = sorted(rader.values(), key=_dnr_ordning(nyckel, serie))[:grans]
        if not valda:
            return []
        texter = {
            r[0]: r[1:]
            for r in self._conn.execute(
                f"SELECT rowid, rubrik, text, ram FROM fts "
                f"WHERE rowid IN ({', '.join('?' * len(valda))})",
                [rad[0] for rad in valda],
            )
        }
        return [
            _traff(rad, _dnr_utdrag(rad, nyckel, serie, *texter.get(rad[0], ("", "", ""))))
            for rad in valda
        ]

    def _sok_paragraf(
        self,
        kortnamn: str | None,
        nummer: int,
        grans: int,
        organ_id: str | None,
        dolj_sekretess: bool,
    ) -> list[Traff]:
        """Every § with this number (the series restarts each year), newest first."""
        assert self._conn is not None
        villkor, params = _filter(organ_id, dolj_sekretess)
        if kortnamn:
            villkor += " AND lower(mote.kortnamn) = ?"
            params.append(kortnamn.lower())
        rows = self._conn.execute(
            f"SELECT dok.id, dok.beslut FROM dok JOIN mote ON mote.id = dok.meeting_id "
            f"WHERE dok.slag = ? AND dok.paragraf = ?{villkor} "
            f"ORDER BY dok.datum DESC, dok.meeting_id LIMIT ?",
            (ARENDE, nummer, *params, grans),
        ).fetchall()
        rader = self._dok_rader([r[0] for r in rows])
        traffar = []
        for dok_id, beslut in rows:
            rad = (*rader[dok_id][:1], BESLUT, *rader[dok_id][2:])
            traffar.append(_traff(rad, _snygga(f"{_START}§ {nummer}{_SLUT} {beslut}")))
        return traffar

    def _dok_rader(self, ids: list[int]) -> dict[int, _Rad]:
        assert self._conn is not None
        rader: dict[int, _Rad] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in self._conn.execute(
                "SELECT id, slag, meeting_id, organ_id, datum, arende_id, nummer, paragraf, "
                f"rubrik, dnr, sekretess, underlag_id FROM dok "
                f"WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            ):
                rader[row[0]] = row
        return rader

    def historik(self, dnr_text: str) -> list[HistorikRad]:
        """Every meeting and § where this Dnr (any shape) appears as an ärende's Dnr or on a
        meddelanden/delegationsbeslut line, oldest first. Series rule as in the module doc;
        [] when the text is not a Dnr."""
        dnr = _las_dnr(_ren(dnr_text))
        if dnr is None:
            return []
        nyckel, serie = dnr
        with self._lock:
            if self._conn is None:
                return []
            sql = (
                "SELECT meeting_id, organ_id, datum, arende_id, nummer, paragraf, rubrik, "
                "beslut, dnr FROM dnrrad WHERE nyckel = ?"
            )
            params: list[str] = [nyckel]
            if serie:
                sql += " AND serie IN (?, '')"
                params.append(serie)
            sql += " ORDER BY datum, meeting_id, nummer, post"
            try:
                rows = self._conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                self._trasig(exc)
                return []
        return [
            HistorikRad(m, o, date.fromisoformat(d), a, n, p, r, b, t)
            for m, o, d, a, n, p, r, b, t in rows
        ]


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


def _skapa_tabeller(conn: sqlite3.Connection) -> None:
    """Everything but `meta`."""
    for statement in _SCHEMA_DATA.split(";"):
        if statement.strip():
            conn.execute(statement)


def _skapa(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN")
    conn.execute(_SCHEMA_META)
    _skapa_tabeller(conn)
    _satt_meta(conn, "version", str(INDEX_VERSION))
    _satt_meta(conn, "byggt", "0")
    conn.execute("COMMIT")


def _satt_meta(conn: sqlite3.Connection, nyckel: str, varde: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (nyckel, varde) VALUES (?, ?)", (nyckel, varde))


def _las_version(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT varde FROM meta WHERE nyckel = 'version'").fetchone()
    try:
        return int(row[0]) if row else None
    except ValueError:
        return None


def _las_status(conn: sqlite3.Connection) -> bool:
    """Built and of this version; raises DatabaseError on a file that is not an index."""
    if _las_version(conn) != INDEX_VERSION:
        return False
    row = conn.execute("SELECT varde FROM meta WHERE nyckel = 'byggt'").fetchone()
    return bool(row and row[0] == "1")


def _ta_bort_dok(conn: sqlite3.Connection, ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        conn.execute(f"DELETE FROM fts WHERE rowid IN ({marks})", chunk)
        conn.execute(f"DELETE FROM dok WHERE id IN ({marks})", chunk)


def _ta_bort_mote(conn: sqlite3.Connection, meeting_id: str) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM dok WHERE meeting_id = ?", (meeting_id,))]
    _ta_bort_dok(conn, ids)
    conn.execute("DELETE FROM dnrrad WHERE meeting_id = ?", (meeting_id,))
    conn.execute("DELETE FROM mote WHERE id = ?", (meeting_id,))


@dataclass(frozen=True)
class _Mote:
    id: str
    organ_id: str
    kortnamn: str
    datum: date


@dataclass(frozen=True)
class _Dok:
    """One FTS row and what a hit on it shows."""

    slag: str
    visad_rubrik: str  # Traff.rubrik
    rubrik: str = ""  # the indexed columns
    text: str = ""
    ram: str = ""
    nycklar: str = ""
    arende_id: str | None = None
    underlag_id: str | None = None
    nummer: int | None = None
    paragraf: int | None = None
    dnr: str = ""
    beslut: str = ""  # the § text, kept on ärende rows for uppdatera_arende
    sekretess: bool = False  # the row's own or its ärende's
    egen_sekretess: bool = False  # an attachment's own flag

    def summa(self, m: _Mote) -> str:
        """A fingerprint: a row whose fingerprint is unchanged is not rewritten."""
        return hashlib.blake2b(
            repr((m.organ_id, m.kortnamn, m.datum, self)).encode(), digest_size=16
        ).hexdigest()


# A row of dnrrad: (nyckel, serie, Dnr as printed, arende_id, nummer, paragraf, rubrik,
# beslut, post), post being the line number in a meddelanden list or 0.
_DnrRad = tuple[str, str, str, str, int, int | None, str, str, int]


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


@dataclass(frozen=True)
class _MotesRader:
    """A meeting's rows as they should be indexed, each with its fingerprint."""

    mote: Sammantrade
    m: _Mote
    dokument: list[tuple[_Dok, str]]
    dnrrader: list[_DnrRad]


def _mote_rader(mote: Sammantrade, kortnamn: str) -> _MotesRader:
    m = _Mote(mote.id, mote.organ_id, kortnamn, mote.datum)
    dokument, dnrrader = _mote_dokument(m, mote)
    return _MotesRader(mote, m, [(d, d.summa(m)) for d in dokument], dnrrader)


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


def _mote_dokument(m: _Mote, mote: Sammantrade) -> tuple[list[_Dok], list[_DnrRad]]:
    dokument = [_mote_rad(m, mote)]
    dnrrader: list[_DnrRad] = []
    for nummer, arende in enumerate(mote.arenden, 1):
        rader, dnr = _arende_rader(m, nummer, arende, mote.paragraf_for(arende.id))
        dokument += rader
        dnrrader += dnr
    return dokument, dnrrader


def _mote_rad(m: _Mote, mote: Sammantrade) -> _Dok:
    """The meeting's own row: what it says besides its ärenden."""
    delar = [mote.plats, mote.distans, mote.osa, " ".join(mote.adressater)]
    delar += [a.text for a in mote.andringar]
    if mote.justering is not None:
        delar.append(mote.justering.tid_och_plats)
    if mote.anslag is not None:
        delar.append(mote.anslag.forvaringsplats)
    visad = f"{m.kortnamn} {kort_datum(m.datum)}".strip()
    return _Dok(
        SAMMANTRADE,
        visad,
        rubrik=visad,
        text="\n".join(d for d in delar if d),
        ram=f"{m.kortnamn} {m.datum.year}",
    )


def _arende_rader(
    m: _Mote, nummer: int, arende: Arende, paragraf: Paragraf | None
) -> tuple[list[_Dok], list[_DnrRad]]:
    """One ärende's rows (the ärende, and its beslut once there is one) and Dnr rows: they
    depend on nothing else of the meeting than its place and its §."""
    dok, dnrrader = _arende_dokument(
        m,
        nummer,
        arende,
        paragraf.nummer if paragraf is not None else None,
        paragraf.beslut if paragraf is not None else "",
    )
    beslut = _beslut_text(paragraf) if paragraf is not None else ""
    if paragraf is None or not beslut.strip():
        return [dok], dnrrader
    besluts_rad = _Dok(
        BESLUT,
        arende.rubrik,
        text=beslut,
        ram=_beslut_ram(m, paragraf.nummer, arende),
        nycklar=_nycklar(_dnr_i_text(beslut)),
        arende_id=arende.id,
        nummer=nummer,
        paragraf=paragraf.nummer,
        dnr=arende.dnr,
        sekretess=arende.sekretess,
    )
    return [dok, besluts_rad], dnrrader


def _beslut_ram(m: _Mote, paragraf: int | None, arende: Arende) -> str:
    return f"{m.kortnamn} {m.datum.year} § {paragraf} {arende.rubrik} {arende.dnr}"


def _beslut_text(p: Paragraf) -> str:
    delar = [p.beslut, p.behandling]
    delar += [y.text for y in p.yrkanden]
    delar += [a.motivering for a in p.anteckningar]
    if p.jav:  # recorded, not typed: the protokoll words it in Behandling
        delar.append("Anmälan om jäv.")
    return "\n".join(d for d in delar if d)


def _arende_text(arende: Arende) -> str:
    delar = [arende.beskrivning]
    for forslag in arende.forslag:
        if forslag.till_organ:
            delar.append(f"Förslag till beslut {forslag.till_organ}")
        delar.extend(forslag.punkter)
    delar.append(arende.ekonomiska_konsekvenser)
    for post in arende.poster:
        rad = f"{post.nummer}. {post.text}"
        if post.avsandare:
            rad += f" {post.avsandare}"
        if post.dnr:
            rad += f" ({post.dnr})"
        delar.append(rad)
    delar.extend(u.titel for u in arende.beslutsunderlag)
    return "\n".join(d for d in delar if d)


def _arende_dokument(
    m: _Mote, nummer: int, arende: Arende, paragraf: int | None, beslut: str
) -> tuple[_Dok, list[_DnrRad]]:
    text = _arende_text(arende)
    rader: list[_DnrRad] = []
    own = _parse(arende.dnr)
    if own is not None:
        rader.append((*own, arende.dnr, arende.id, nummer, paragraf, arende.rubrik, beslut, 0))
    for post in arende.poster:
        key = _parse(post.dnr)
        if key is not None:
            rubrik = f"{arende.rubrik}: {post.text}"
            rader.append((*key, post.dnr, arende.id, nummer, paragraf, rubrik, beslut, post.nummer))
    nycklar = {(r[0], r[1]) for r in rader} | _dnr_i_text(f"{arende.rubrik}\n{text}")
    ram = [m.kortnamn, str(m.datum.year), arende.dnr, arende.osl]
    if paragraf is not None:
        ram.append(f"§ {paragraf}")
    if arende.handlaggare is not None:
        ram.append(arende.handlaggare.namn)
    ram.extend(arende.tidigare)
    dok = _Dok(
        ARENDE,
        arende.rubrik,
        rubrik=arende.rubrik,
        text=text,
        ram=" ".join(r for r in ram if r),
        nycklar=_nycklar(nycklar),
        arende_id=arende.id,
        nummer=nummer,
        paragraf=paragraf,
        dnr=arende.dnr,
        beslut=beslut,
        sekretess=arende.sekretess,
    )
    return dok, rader


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


def _bilaga_ram(m: _Mote, rubrik: str, dnr: str) -> str:
    return f"{m.kortnamn} {m.datum.year} {rubrik} {dnr}"


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
    old = conn.execute(
        "SELECT id FROM dok WHERE meeting_id = ? AND arende_id = ? AND slag = ? "
        "AND underlag_id = ?",
        (meeting_id, arende_id, BILAGA, underlag_id),
    ).fetchall()
    _ta_bort_dok(conn, [r[0] for r in old])
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


# -- Dnr -----------------------------------------------------------------------------------


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


def _dnr_utdrag(
    rad: _Rad,
    nyckel: str,
    serie: str,
    rubrik: str,
    text: str,
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
