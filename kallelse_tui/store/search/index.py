"""SokIndex: the index of one store, its SQLite connection and file, and its
transactions (a failed index write never fails a save), WAL checkpoints and searches."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import quote

from kallelse_tui.domain.model import Arende, Paragraf, Sammantrade
from kallelse_tui.store.errors import StoreReadOnlyError
from kallelse_tui.store.paths import inside
from kallelse_tui.store.search.dnr_keys import _las_dnr
from kallelse_tui.store.search.indexing import (
    BilagaRad,
    _indexera_bilaga,
    _indexera_ett_arende,
    _indexera_mote,
    _indexera_paragraf,
    _ta_bort_bilaga,
    _ta_bort_mote,
)
from kallelse_tui.store.search.query import (
    _PARAGRAF,
    HistorikRad,
    Traff,
    _ren,
    _sok_dnr,
    _sok_paragraf,
    _sok_text,
    _termer,
)
from kallelse_tui.store.search.rows import _mote_rader
from kallelse_tui.store.search.schema import (
    _TABLES,
    INDEX_VERSION,
    _las_status,
    _las_version,
    _satt_meta,
    _skapa,
    _skapa_tabeller,
)

log = logging.getLogger(__name__)

INDEX_FILE = "sokindex.sqlite"
FILE_MODE = 0o600
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
        self._skriv(lambda conn: _ta_bort_bilaga(conn, meeting_id, arende_id, underlag_id))

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
                    traffar = _sok_paragraf(
                        self._conn,
                        paragraf["organ"],
                        int(paragraf["nr"]),
                        grans,
                        organ_id,
                        dolj_sekretess,
                    )
                    if traffar:
                        return traffar
                dnr = _las_dnr(fraga)
                if dnr is not None:
                    traffar = _sok_dnr(self._conn, *dnr, grans, organ_id, dolj_sekretess)
                    if traffar:
                        return traffar
                termer = _termer(fraga)
                if not termer:
                    return []
                return _sok_text(self._conn, termer, grans, organ_id, dolj_sekretess)
            except sqlite3.DatabaseError as exc:
                self._trasig(exc)
                return []

    def historik(self, dnr_text: str) -> list[HistorikRad]:
        """Every meeting and § where this Dnr (any shape) appears as an ärende's Dnr or on a
        meddelanden/delegationsbeslut line, oldest first. Series rule as in the package doc;
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
