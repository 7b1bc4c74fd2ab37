"""The repository: the one place that turns store files into domain objects and back.

Layout of a store folder (every file a small TinyDB JSON document, written atomically):

    kallelse.json                       format marker and schema_version
    register.json                       organ (with members) and the meetings index
    sammantraden/<år>/<id>.json         one meeting: header, ärenden, paragrafer
    bilagor/<ab>/<sha256>[.txt]         attached files by content hash, and their text
    registerrader.json                  the registers beside the meetings (delegationsbeslut, …)
    sokindex.sqlite                     the search index (derived; rebuilt when missing)
    .lock, .writer                      the writer lock and who holds it

An edit rewrites only its meeting's file, so ten years of meetings cost nothing per save.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import errno
import fcntl
import os
import socket
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tinydb import Query, TinyDB
from tinydb.table import Document

from kallelse_tui.domain.errors import os_orsak
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
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreLockedProtocolError,
    StoreReadOnlyError,
    StoreVersionError,
    StoreWriteError,
)
from kallelse_tui.store.paths import inside, valid_id
from kallelse_tui.store.serialize import from_dict, to_dict
from kallelse_tui.store.storage import (
    DIR_MODE,
    FILE_MODE,
    TMP_SUFFIX,
    AtomicJSONStorage,
    Check,
    bak_path,
    corrupt,
    read_json,
    write_atomic,
)

if TYPE_CHECKING:  # attachments, extraction, search and justering load on first use
    from kallelse_tui.domain.verifiering import Kedjehuvud
    from kallelse_tui.store.attachments import StoredFile
    from kallelse_tui.store.extract import Extraction
    from kallelse_tui.store.search import HistorikRad, SokIndex, Traff

SCHEMA_VERSION = 1
OPEN_SHARDS = 16
META_FILE = "kallelse.json"
REGISTER_FILE = "register.json"
ROWS_FILE = "registerrader.json"  # one table per REGISTER_KINDS entry
MEETINGS_DIR = "sammantraden"
ASIDE_DIR = "avskilda"  # crash leftovers that could not be put back
FORMAT = "kallelse-store"
CHAINS_TABLE = "kedjor"  # in register.json: one Kedjehuvud per organ

# Migrations: MIGRATIONS[n] upgrades a store folder from schema n to n + 1, in place, with
# the writer lock held. Each must be idempotent: a crash halfway is re-run on next open.
MIGRATIONS: dict[int, Callable[[Path], None]] = {}

_Q = Query()
_LOCKED = frozenset(s.value for s in LASTA)


def _tinydb(path: Path, readonly: bool, check: Check | None = None) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, readonly=readonly, check=check)


class Store:
    """An open store folder. Use `Store.open(...)`; close it (or use `with`)."""

    def __init__(self, root: Path, readonly: bool, lock: int | None) -> None:
        self.root = root
        self.readonly = readonly
        self.background_saves = True  # see StoreApi
        self._lock = lock
        self._register = _tinydb(root / REGISTER_FILE, readonly, _check_register)
        # What opening found and did (crash leftovers put back), for the user to be told.
        self.meddelanden: list[str] = []
        self._shards: OrderedDict[str, TinyDB] = OrderedDict()  # the recently used meetings
        self._rows: AtomicJSONStorage | None = None  # registerrader.json, on first use
        self._search: SokIndex | None = None
        self._search_checked = False

    # -- opening and closing ---------------------------------------------------------

    @classmethod
    def open(cls, root: str | os.PathLike[str], *, readonly: bool = False) -> Store:
        """Open (and when writable, create) the store in `root`.

        Raises StoreLockedError when another process writes to it, StoreVersionError when
        it was written by a newer Kallelse, StoreError when the folder is not a store.
        """
        root = Path(root).expanduser().resolve()
        if not root.exists():
            if readonly:
                raise StoreError(f"Det finns inget lager i {root}. Ange rätt mapp med --store.")
            root.mkdir(mode=DIR_MODE, parents=True)
        if not root.is_dir():
            raise StoreError(f"{root} är en fil, inte en mapp. Ange en lagermapp med --store.")
        meta_path = root / META_FILE
        if not meta_path.exists() and any(p for p in root.iterdir() if p.name != ".lock"):
            raise StoreError(
                f"Mappen {root} är inte ett Kallelse-lager ({META_FILE} saknas) och är inte "
                f"tom. Välj en tom mapp eller ett befintligt lager."
            )
        lock = None if readonly else _acquire_lock(root)
        try:
            for name in (META_FILE, REGISTER_FILE, MEETINGS_DIR):
                inside(root, name)  # a link out of the store is never read nor written
            meta = read_json(meta_path) if meta_path.exists() else None
            if meta is None:
                if readonly:
                    raise StoreError(f"Det finns inget lager i {root}.")
                _init_store(root)
                meta = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
            version = _schema_version(meta, meta_path)
            if version > SCHEMA_VERSION:
                raise StoreVersionError(
                    f"Lagret i {root} har schemaversion {version}, men den här versionen av "
                    f"Kallelse känner bara till version {SCHEMA_VERSION}. Uppdatera Kallelse; "
                    f"lagret har inte ändrats."
                )
            if version < SCHEMA_VERSION:
                if readonly:
                    raise StoreVersionError(
                        f"Lagret i {root} har den äldre schemaversionen {version} och behöver "
                        f"uppgraderas; öppna det en gång med skrivrätt."
                    )
                _migrate(root, version)
            if not readonly:
                _remove_temp_files(root)
            store = cls(root, readonly, lock)
            store._load_register()
            if not readonly:
                store.meddelanden += store._recover_leftovers()
        except BaseException:
            if lock is not None:
                _release_lock(root, lock)
            raise
        return store

    def close(self) -> None:
        if self._search is not None:
            self._search.close()
            self._search = None
        self._register.close()
        for db in self._shards.values():
            db.close()
        self._shards.clear()
        if self._lock is not None:
            _release_lock(self.root, self._lock)
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def plats(self) -> str:
        return str(self.root)

    def reopen(self, *, readonly: bool = False) -> Store:
        return Store.open(self.root, readonly=readonly)

    # -- organs ------------------------------------------------------------------------

    def organs(self) -> list[Organ]:
        table = self._register.table("organ")
        organs = [self._load(Organ, doc, REGISTER_FILE) for doc in table.all()]
        return sorted(organs, key=lambda o: (o.kommun, o.namn))

    def organ(self, organ_id: str) -> Organ:
        doc = self._register.table("organ").get(_Q.id == organ_id)
        if doc is None:
            raise StoreError(f"Det finns inget organ med id ”{organ_id}” i lagret.")
        return self._load(Organ, doc, REGISTER_FILE)

    def save_organ(self, organ: Organ) -> None:
        self._check_writable()
        self._register.table("organ").upsert(to_dict(organ), _Q.id == organ.id)

    # -- meetings ----------------------------------------------------------------------

    def meetings(self, organ_id: str | None = None) -> list[SammantradeIndex]:
        """The meetings index, newest first; reads no meeting file."""
        table = self._register.table("sammantraden")
        docs = table.all() if organ_id is None else table.search(_Q.organ_id == organ_id)
        rows = [self._load(SammantradeIndex, doc, REGISTER_FILE) for doc in docs]
        return sorted(rows, key=lambda r: (r.datum, r.tid or datetime.min.time()), reverse=True)

    def meeting(self, meeting_id: str) -> Sammantrade:
        db = self._shard(meeting_id)
        return self._read_meeting(db, self._shard_path(meeting_id).relative_to(self.root))

    def _read_meeting(self, db: TinyDB, filename: Path) -> Sammantrade:
        header = db.table("sammantrade").get(doc_id=1)
        if header is None:
            raise StoreCorruptError(f"Filen {filename} saknar sammanträdets huvuduppgifter.")
        mote: Sammantrade = self._load(Sammantrade, header, filename)
        if f"{mote.id}.json" != filename.name:
            raise StoreCorruptError(
                f"Filen {filename} innehåller sammanträdet ”{mote.id}”, inte det som filen "
                f"heter efter. Ingenting har skrivits över."
            )
        arenden = sorted(db.table("arenden").all(), key=lambda d: d.get("ordning", 0))
        mote.arenden = [self._load(Arende, doc, filename) for doc in arenden]
        paragrafer = db.table("paragrafer").all()
        mote.paragrafer = sorted(
            (self._load(Paragraf, doc, filename) for doc in paragrafer), key=lambda p: p.nummer
        )
        return mote

    def sista_paragraf(self, mote: Sammantrade) -> int | None:
        """The organ's last § this year before `mote` (by date), for the § series to
        continue from; None when no earlier meeting of the year has one."""
        latest: int | None = None
        for row in self.meetings(mote.organ_id):
            if row.id == mote.id or row.datum.year != mote.datum.year or row.datum > mote.datum:
                continue
            numbers = [p.nummer for p in self.meeting(row.id).paragrafer]
            if numbers and (latest is None or max(numbers) > latest):
                latest = max(numbers)
        return latest

    def meetings_naming(self, organ_id: str, ledamot_id: str) -> list[SammantradeIndex]:
        """The organ's meetings that name the member (närvaro, yrkanden, votes, jäv …),
        oldest first: a member with such a history must stay in the register."""
        from kallelse_tui.domain.narvaro import namngivna_ledamoter

        return [
            row
            for row in reversed(self.meetings(organ_id))
            if ledamot_id in namngivna_ledamoter(self.meeting(row.id))
        ]

    def new_meeting_id(self, organ: Organ, datum: Any) -> str:
        taken = {doc["id"] for doc in self._register.table("sammantraden").all()}
        return sammantrade_id(organ, datum, taken)

    def save_meeting(self, mote: Sammantrade) -> None:
        """Write the whole meeting in one atomic replace, then its index row.

        Refuses (StoreLockedProtocolError, nothing written) what would change a justerat
        protokoll or an omedelbart justerad § compared with the stored version.
        """
        self._check_writable()
        self.organ(mote.organ_id)  # refuse meetings of an unknown organ
        if not valid_id(mote.id):
            raise StoreError(
                f"Sammanträdets id ”{mote.id}” kan inte bli ett filnamn (bara bokstäver, "
                f"siffror, - och _); sammanträdet sparades inte."
            )
        self._check_change(self._stored_to_compare(mote.id), mote)
        # The header without its ärenden and §§, which follow as documents of their own
        # (converting them inside the header too doubled the time of every autosave).
        header = to_dict(dataclasses.replace(mote, arenden=[], paragrafer=[]))
        header.pop("arenden")
        header.pop("paragrafer")
        tables = {
            "sammantrade": {"1": header},
            "arenden": {
                str(i): {**to_dict(a), "ordning": i} for i, a in enumerate(mote.arenden, 1)
            },
            "paragrafer": {str(i): to_dict(p) for i, p in enumerate(mote.paragrafer, 1)},
        }
        path = self._shard_path(mote.id, mote.datum.year)
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        old = self._shards.pop(mote.id, None)
        db = _tinydb(path, readonly=False, check=_check_shard)
        if old is not None:
            # The file as read before: it need not be read again to become the .bak.
            cast(AtomicJSONStorage, db.storage).trust(cast(AtomicJSONStorage, old.storage))
            old.close()
        db.storage.write(tables)  # raises before anything is cached; then the disk decides
        # Kept open with what was just written: the next save (autosave, every pause in
        # typing) compares with it and need not read and parse the file again.
        self._keep_shard(mote.id, db)
        index = {**to_dict(SammantradeIndex.av(mote)), "fil": str(path.relative_to(self.root))}
        previous = self._register_row(mote.id)
        if previous is None or dict(previous) != index:  # typing a beslut changes no index row
            self._register.table("sammantraden").upsert(index, _Q.id == mote.id)
        if previous is not None and previous["fil"] != index["fil"]:
            # The date moved to another year: the register now points at the new file.
            old_path = inside(self.root, _shard_name(mote.id, previous["datum"][:4]))
            for stale in (old_path, bak_path(old_path)):
                stale.unlink(missing_ok=True)
        if (search := self._search_index_if_built()) is not None:
            search.uppdatera_sammantrade(mote, self.organ(mote.organ_id).kortnamn)

    def save_arende(self, meeting_id: str, arende: Arende) -> None:
        """Save one edited ärende: converts and indexes only it (the meeting's file is
        still rewritten whole, atomically)."""

        def swap(mote: Sammantrade) -> None:
            mote.arenden = [arende if a.id == arende.id else a for a in mote.arenden]

        self._save_part(
            meeting_id,
            "arenden",
            _Q.id == arende.id,
            lambda existing: {**to_dict(arende), "ordning": existing["ordning"]},
            swap,
            lambda search: search.uppdatera_arende(meeting_id, arende),
            f"Ärendet {arende.id} finns inte i sammanträdet {meeting_id}; spara "
            f"sammanträdet för att lägga till nya ärenden.",
        )

    def save_paragraf(self, meeting_id: str, paragraf: Paragraf) -> None:
        """Save one § whose text or record changed (meeting mode's autosave): converts
        only it and re-indexes only its ärende. The § must be stored under the same number
        already: a new § or a renumbering is a save_meeting."""

        def swap(mote: Sammantrade) -> None:
            mote.paragrafer = [
                paragraf if p.arende_id == paragraf.arende_id else p for p in mote.paragrafer
            ]

        def index(search: SokIndex) -> bool:
            doc = self._shard(meeting_id).table("arenden").get(_Q.id == paragraf.arende_id)
            filename = self._shard_path(meeting_id).relative_to(self.root)
            arende = self._load(Arende, doc, filename)
            return search.uppdatera_paragraf(meeting_id, arende, paragraf)

        self._save_part(
            meeting_id,
            "paragrafer",
            (_Q.arende_id == paragraf.arende_id) & (_Q.nummer == paragraf.nummer),
            lambda _existing: to_dict(paragraf),
            swap,
            index,
            f"§ {paragraf.nummer} finns inte sparad i sammanträdet {meeting_id}; spara "
            f"sammanträdet för att lägga till eller numrera om paragrafer.",
            locks=paragraf.omedelbar is not None,
        )

    def _save_part(
        self,
        meeting_id: str,
        table_name: str,
        which: Any,
        document: Callable[[Document], dict[str, Any]],
        swap: Callable[[Sammantrade], None],
        index: Callable[[SokIndex], bool],
        missing: str,
        locks: bool = False,
    ) -> None:
        """Write one stored document of the meeting's file (an ärende or a §) and index
        it: `swap` puts the part into a copy of the stored meeting for the lock check
        (`locks`: the part carries a lock of its own, a § justerad omedelbart, checked
        even when nothing stored is locked yet), `index` re-indexes it after the write
        (False: not indexed yet, so the whole meeting is)."""
        self._check_writable()
        table = self._shard(meeting_id).table(table_name)
        existing = table.get(which)
        if existing is None:
            raise StoreError(missing)
        gammal = self._stored_to_compare(meeting_id)
        if gammal is not None or locks:  # else nothing in the meeting is or becomes locked
            ny = copy.deepcopy(gammal) if gammal is not None else self.meeting(meeting_id)
            swap(ny)
            self._check_change(gammal, ny)
        table.update(document(existing), doc_ids=[existing.doc_id])
        if (search := self._search_index_if_built()) is None:
            return
        if not index(search):
            mote = self.meeting(meeting_id)  # not indexed yet: index the whole meeting
            search.uppdatera_sammantrade(mote, self.organ(mote.organ_id).kortnamn)

    def justera(
        self, meeting_id: str, datum: date, justerare: Sequence[str] | None = None
    ) -> Sammantrade:
        """Justera the protokoll (see domain/justering.py), linked to the end of its
        organ's chain of justerade protokoll, and save it; returns the justerat meeting."""
        from kallelse_tui.domain.justering import justera
        from kallelse_tui.domain.verifiering import kedjans_slut
        from kallelse_tui.store.integritet import save_chain_head, text_hashes

        self._check_writable()
        mote = self.meeting(meeting_id)
        organ = self.organ(mote.organ_id)
        tidigare = [
            self.meeting(row.id)
            for row in self.meetings(organ.id)
            if row.id != mote.id and row.status in LASTA
        ]
        justera(mote, organ, datum, kedjans_slut(tidigare), justerare, text_hashes(self, mote))
        self.save_meeting(mote)
        save_chain_head(self, organ.id)
        return mote

    def lease(self, meeting_id: str) -> str:
        return ""  # the writer lock on the whole folder already makes one editor

    def release(self, meeting_id: str) -> None:
        pass

    def follow(self, callback: Callable[[str], None]) -> None:
        pass  # one writer, this one: nothing changes behind its back

    def chain_head(self, organ_id: str) -> Kedjehuvud | None:
        """The end of the organ's chain as recorded in the register (None before any)."""
        from kallelse_tui.domain.verifiering import Kedjehuvud

        doc = self._register.table(CHAINS_TABLE).get(_Q.organ_id == organ_id)
        return None if doc is None else self._load(Kedjehuvud, doc, REGISTER_FILE)

    def save_chain_head(self, huvud: Kedjehuvud) -> None:
        self._check_writable()
        self._register.table(CHAINS_TABLE).upsert(to_dict(huvud), _Q.organ_id == huvud.organ_id)

    # -- registers ---------------------------------------------------------------------

    def _rows_file(self) -> AtomicJSONStorage:
        # TinyDB's format (a table per kind, rows by doc id) without TinyDB's tables: a
        # batch must be one atomic write, and TinyDB writes once per operation.
        if self._rows is None:
            self._rows = AtomicJSONStorage(inside(self.root, ROWS_FILE), self.readonly)
        return self._rows

    def register_rows(self, kind: str, organ_id: str | None = None) -> list[dict[str, Any]]:
        check_register_rows(kind, [])
        rows = list(((self._rows_file().read() or {}).get(kind) or {}).values())
        if organ_id is not None:
            rows = [r for r in rows if r.get("organ_id") == organ_id]
        return sorted((dict(r) for r in rows), key=lambda r: str(r["id"]))

    def save_register_rows(self, kind: str, rows: Sequence[dict[str, Any]]) -> None:
        self._check_writable()
        check_register_rows(kind, rows)
        storage = self._rows_file()
        data = copy.deepcopy(storage.read() or {})
        table = data.setdefault(kind, {})
        keys = {str(doc["id"]): key for key, doc in table.items()}
        following = max((int(k) for k in table), default=0) + 1
        for row in rows:
            key = keys.get(str(row["id"]))
            if key is None:
                key = keys[str(row["id"])] = str(following)
                following += 1
            table[key] = dict(row)
        storage.write(data)

    # -- attachments ---------------------------------------------------------------------

    def add_attachment(self, path: Path, *, allowed_dir: Path | None = None) -> StoredFile:
        """Copy a file into the store by its SHA-256 (the same bytes are kept once)."""
        from kallelse_tui.store.attachments import store_file

        self._check_writable()
        return store_file(self.root, path, allowed_dir=allowed_dir)

    def extract_attachment(self, sha256: str, filnamn: str) -> Extraction:
        """Read a stored file's text and keep it beside the file. Safe in a worker thread:
        it touches only the attachment folder, never TinyDB."""
        from kallelse_tui.store.extract import extract_text, save_extraction

        self._check_writable()
        extraction = extract_text(self.attachment_path(sha256), filnamn)
        save_extraction(self.root, sha256, extraction)
        return extraction

    def attachment_path(self, sha256: str) -> Path:
        from kallelse_tui.store.attachments import attachment_path

        return attachment_path(self.root, sha256)

    def attachment_text(self, sha256: str) -> str:
        from kallelse_tui.store.attachments import attachment_text

        return attachment_text(self.root, sha256)

    def save_attachment_text(self, sha256: str, text: str) -> None:
        from kallelse_tui.store.attachments import text_path, write_text_atomic

        self._check_writable()
        write_text_atomic(text_path(self.root, sha256), text)

    def attachment_text_hash(self, sha256: str) -> str:
        import hashlib

        from kallelse_tui.store.attachments import text_path

        try:
            data = text_path(self.root, sha256).read_bytes()
        except (OSError, StoreError):
            return ""
        return hashlib.sha256(data).hexdigest()

    def verify(self) -> list[str]:
        """One Swedish sentence per problem: a justerat protokoll (or an omedelbart
        justerad §, an anslag, a rättelse) changed since it was recorded, a broken link in
        an organ's chain of justerade protokoll or a chain that no longer fits the head the
        register keeps, an attachment or its extracted text missing or changed."""
        from kallelse_tui.store.attachments import attachment_path, verify_attachments
        from kallelse_tui.store.integritet import verify_store
        from kallelse_tui.store.utcheckning import stayed_behind

        stayed = stayed_behind(self.root)

        def attachments(wanted: list[tuple[str, str]]) -> list[str]:
            # A checkout folder holds the earlier meetings without their attachment files
            # (those stayed at the source): absent is expected there, changed is not.
            return verify_attachments(
                self.root,
                [
                    (sha256, what)
                    for sha256, what in wanted
                    if what.split(" ", 1)[0] not in stayed
                    or attachment_path(self.root, sha256).exists()
                ],
            )

        return verify_store(self, attachments)

    # -- search --------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 50, organ_id: str | None = None) -> list[Traff]:
        """Meetings, ärenden, beslut and attachment texts; a Dnr in any shape by its key."""
        return self._search_index().sok(query, grans=limit, organ_id=organ_id)

    def history(self, dnr: str) -> list[HistorikRad]:
        """Every meeting and § where this Dnr has appeared, oldest first."""
        return self._search_index().historik(dnr)

    def index_attachment(self, meeting_id: str, arende_id: str, underlag: Beslutsunderlag) -> None:
        if (search := self._search_index_if_built()) is not None:
            text = self.attachment_text(underlag.sha256) if underlag.sha256 else ""
            search.uppdatera_bilaga(
                meeting_id, arende_id, underlag.id, underlag.titel, text, underlag.sekretess
            )

    @property
    def search_in_memory(self) -> bool:
        """True when searches use an index built in memory (see _search_index)."""
        return self._search is not None and self._search.i_minnet

    def search_needs_build(self) -> bool:
        """True when the next search must first build the index (seconds on a big store)."""
        from kallelse_tui.store.search import SokIndex

        if self._search is None:
            self._search = SokIndex(self.root, readonly=self.readonly)
        return self._search.behover_byggas()

    def _search_index(self) -> SokIndex:
        """The search index, built from the whole store the first time it is needed. It is
        derived data: deleting it only costs a rebuild."""
        from kallelse_tui.store.search import kallor

        if self.search_needs_build():
            assert self._search is not None
            if self.readonly:
                # Another process writes (the TUI), or the store is read-only: build the
                # index in memory for this process; the file stays the writer's.
                from kallelse_tui.store.search import SokIndex

                self._search.close()
                self._search = SokIndex(self.root, i_minnet=True)
            self._search.bygg_om(*kallor(self, self.attachment_text))
            self._search_checked = True
        assert self._search is not None
        if not self._search_checked and not self.readonly:
            self._search_checked = True
            self._mend_search_index(self._search)
        return self._search

    def _mend_search_index(self, search: SokIndex) -> None:
        """A crash between a meeting file and the index leaves them apart: re-index what is
        missing, drop what no longer exists (once per session, before the first use)."""
        stored = {row.id for row in self.meetings()}
        indexed = search.indexerade()
        for meeting_id in stored - indexed:
            mote = self.meeting(meeting_id)
            search.uppdatera_sammantrade(mote, self.organ(mote.organ_id).kortnamn)
        for meeting_id in indexed - stored:
            search.ta_bort_sammantrade(meeting_id)

    def _search_index_if_built(self) -> SokIndex | None:
        """Saves keep an existing index current; they never build one (that waits for the
        first search, where the user is told)."""
        from kallelse_tui.store.search import INDEX_FILE

        if self._search is None and not (self.root / INDEX_FILE).exists():
            return None
        return None if self.search_needs_build() else self._search_index()

    # -- checkout and bulk writes (see api.StoreApi) ----------------------------------

    def take_checkout(self, meeting_id: str, mapp: str) -> None:
        """No leases here: one process writes the folder, and checkin compares the meeting
        with what was checked out (store/utcheckning.py)."""

    def end_checkout(self, meeting_id: str) -> None:
        pass

    def transaction(self, what: str) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()

    def lock_chain(self, organ_id: str) -> None:
        pass  # the writer lock on the whole folder already makes one writer

    # -- crash leftovers ----------------------------------------------------------------

    def leftovers(self) -> list[str]:
        """One sentence per meeting file the register does not name (a crash while a
        meeting was created or moved); a writable open puts them back."""
        return [
            f"Filen {path.relative_to(self.root)} finns inte i registret (ett avbrutet "
            f"sparande?). Öppna lagret med skrivrätt så läggs sammanträdet tillbaka."
            for path in self._leftover_files()
        ]

    def _leftover_files(self) -> list[Path]:
        registered = {
            _shard_name(doc["id"], doc["datum"][:4])
            for doc in self._register.table("sammantraden").all()
        }
        # Every writable open looks: os.scandir, since pathlib's glob over ten years of
        # meeting files was a tenth of the app's start-up.
        found = []
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            with os.scandir(self.root / MEETINGS_DIR) as years:
                for year in years:
                    if not year.is_dir():
                        continue
                    with os.scandir(year.path) as files:
                        found += [
                            f"{MEETINGS_DIR}/{year.name}/{f.name}"
                            for f in files
                            if f.name.endswith(".json") and not f.name.startswith(".")
                        ]
        return [self.root / name for name in sorted(found) if name not in registered]

    def _recover_leftovers(self) -> list[str]:
        """Register each leftover meeting file again, or set it aside in avskilda/ when it
        cannot be read, belongs to no organ, or is older than the registered copy."""
        messages = []
        for path in self._leftover_files():
            name = path.relative_to(self.root)
            try:
                mote = self._read_leftover(path)
            except StoreError as exc:
                messages.append(
                    f"Filen {name} fanns inte i registret och kunde inte läsas ({exc}); den "
                    f"har flyttats till {self._set_aside(path)}."
                )
                continue
            row = self._register_row(mote.id)
            if row is not None:  # a crash while the meeting moved to another year
                registered = self._shard_path(mote.id)
                if registered.exists():
                    older, newer = sorted((registered, path), key=lambda p: p.stat().st_mtime_ns)
                    messages.append(
                        f"Sammanträdet {mote.id} fanns i två filer efter ett avbrutet "
                        f"sparande; den äldre, {older.relative_to(self.root)}, har flyttats "
                        f"till {self._set_aside(older)}."
                    )
                    if newer == registered:
                        continue
            index = {**to_dict(SammantradeIndex.av(mote)), "fil": str(name)}
            self._register.table("sammantraden").upsert(index, _Q.id == mote.id)
            messages.append(
                f"Sammanträdet {mote.id} ({name}) saknades i registret efter ett avbrutet "
                f"sparande och har lagts tillbaka."
            )
        return messages

    def _read_leftover(self, path: Path) -> Sammantrade:
        name = path.relative_to(self.root)
        year = path.parent.name
        if not valid_id(path.stem) or not (len(year) == 4 and year.isascii() and year.isdigit()):
            raise StoreCorruptError(f"namnet {name} är inte ett sammanträdes")
        inside(self.root, name)
        db = _tinydb(path, readonly=True, check=_check_shard)
        try:
            mote = self._read_meeting(db, name)
        finally:
            db.close()
        if str(mote.datum.year) != path.parent.name:
            raise StoreCorruptError(f"datumet {mote.datum} hör inte till mappen {name.parent}")
        self.organ(mote.organ_id)
        return mote

    def _set_aside(self, path: Path) -> Path:
        """Move a meeting file (and its .bak) to avskilda/<år>/; returns where it went."""
        target = self.root / ASIDE_DIR / path.relative_to(self.root / MEETINGS_DIR)
        while target.exists():
            target = target.with_name("_" + target.name)
        try:
            target.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            os.replace(path, target)
            if bak_path(path).exists():
                os.replace(bak_path(path), bak_path(target))
        except OSError as exc:
            raise StoreWriteError(
                f"Kunde inte flytta {path} till {target}: {os_orsak(exc)}. Flytta filen "
                f"dit själv, eller lägg den i ordning, och öppna lagret igen."
            ) from None
        return target.relative_to(self.root)

    # -- internals ---------------------------------------------------------------------

    def _stored_to_compare(self, meeting_id: str) -> Sammantrade | None:
        """The stored meeting when a save must be compared with it: a justerat protokoll,
        or one with an omedelbart justerad §. None for a new meeting or an open one, where
        nothing is locked (kontrollera_andring then checks the new version alone). Looks at
        the raw documents first, so that saving an open meeting parses nothing more."""
        if self._register_row(meeting_id) is None:
            return None
        db = self._shard(meeting_id)
        header = db.table("sammantrade").get(doc_id=1)
        locked = isinstance(header, dict) and header.get("status") in _LOCKED
        if not locked and not any(doc.get("omedelbar") for doc in db.table("paragrafer").all()):
            return None
        return self.meeting(meeting_id)

    def _load_register(self) -> None:
        """Read and check the register at open, so a damaged one is reported at once. A
        missing one is damage too when a .bak or meeting files show it existed."""
        path = self.root / REGISTER_FILE
        if not path.exists() and (
            bak_path(path).exists() or any((self.root / MEETINGS_DIR).glob("*/*.json"))
        ):
            raise corrupt(path, "saknas, men lagret har sammanträden")
        self._register.storage.read()

    @staticmethod
    def _check_change(gammal: Sammantrade | None, ny: Sammantrade) -> None:
        # Imported here: hashlib and the justering code stay off the start-up path.
        from kallelse_tui.domain.justering import ProtokollLastError, kontrollera_andring

        try:
            kontrollera_andring(gammal, ny)
        except ProtokollLastError as exc:
            raise StoreLockedProtocolError(str(exc)) from None

    def _check_writable(self) -> None:
        if self.readonly:
            raise StoreReadOnlyError(
                f"Lagret i {self.root} är öppnat skrivskyddat (en annan process skriver till "
                f"det); ändringen sparades inte."
            )

    def _register_row(self, meeting_id: str) -> Document | None:
        """The meeting's register row. `search` rather than `get`: TinyDB caches a
        query's result until the table is written, so an autosave does not scan the
        register (hundreds of rows over ten years) again and again."""
        rows = self._register.table("sammantraden").search(_Q.id == meeting_id)
        return rows[0] if rows else None

    def _shard_path(self, meeting_id: str, year: int | None = None) -> Path:
        """Derived from the (validated) id and year, never from a path read from a file."""
        if year is None:
            row = self._register_row(meeting_id)
            if row is None:
                raise StoreError(f"Det finns inget sammanträde med id ”{meeting_id}” i lagret.")
            year = int(row["datum"][:4])
        return inside(self.root, _shard_name(meeting_id, year))

    def _shard(self, meeting_id: str) -> TinyDB:
        db = self._shards.get(meeting_id)
        if db is None:
            path = self._shard_path(meeting_id)
            if not path.exists():
                raise StoreCorruptError(
                    f"Sammanträdet {meeting_id} finns i registret men filen {path} saknas."
                )
            db = _tinydb(path, self.readonly, _check_shard)
        self._keep_shard(meeting_id, db)
        return db

    def _keep_shard(self, meeting_id: str, db: TinyDB) -> None:
        self._shards[meeting_id] = db
        self._shards.move_to_end(meeting_id)
        while len(self._shards) > OPEN_SHARDS:  # reading ten years must not keep them all
            self._shards.popitem(last=False)[1].close()

    @staticmethod
    def _load(cls: type[Any], doc: Any, filename: Any) -> Any:
        try:
            return from_dict(cls, dict(doc))
        except StoreCorruptError as exc:
            raise StoreCorruptError(f"I filen {filename}: {exc}") from None


def _shard_name(meeting_id: str, year: int | str) -> str:
    return f"{MEETINGS_DIR}/{year}/{meeting_id}.json"


def _check_register(path: Path, data: dict[str, Any]) -> None:
    """The register as read from disk: every organ and index row whole, every meeting id a
    file name, its `fil` the one derived from id and year (anything else is corruption,
    not a path to follow), no id twice."""
    for doc in data.get("organ", {}).values():
        Store._load(Organ, doc, path)
    seen: set[str] = set()
    for doc in data.get("sammantraden", {}).values():
        row = Store._load(SammantradeIndex, doc, path)
        if not valid_id(row.id):
            raise corrupt(path, f"har ett sammanträde med ogiltigt id ”{row.id}”")
        if doc.get("fil") != _shard_name(row.id, row.datum.year):
            raise corrupt(
                path,
                f"pekar ut filen ”{doc.get('fil')}” för sammanträdet {row.id}, men den ska "
                f"vara {_shard_name(row.id, row.datum.year)}",
            )
        if row.id in seen:
            raise corrupt(path, f"har sammanträdet {row.id} två gånger")
        seen.add(row.id)


def _check_shard(path: Path, data: dict[str, Any]) -> None:
    """A meeting file as read from disk: the ärenden carry their place in the list."""
    for doc in data.get("arenden", {}).values():
        if type(doc.get("ordning")) is not int:
            raise corrupt(path, "har ett ärende utan giltig ordning (ett heltal)")


def _schema_version(meta: Any, path: Path) -> int:
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise StoreCorruptError(f"Filen {path} är inte ett Kallelse-lagers huvudfil.")
    version = meta.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise StoreCorruptError(f"Filen {path} har ingen giltig schema_version.")
    return version


def _write_meta(root: Path, version: int) -> None:
    write_atomic(
        root / META_FILE,
        (f'{{\n  "format": "{FORMAT}",\n  "schema_version": {version}\n}}\n').encode(),
    )


def _init_store(root: Path) -> None:
    os.chmod(root, DIR_MODE)
    (root / MEETINGS_DIR).mkdir(mode=DIR_MODE, exist_ok=True)
    _write_meta(root, SCHEMA_VERSION)


def _migrate(root: Path, version: int) -> None:
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise StoreVersionError(
                f"Det finns ingen uppgradering från schemaversion {version} för lagret i {root}."
            )
        step(root)
        version += 1
        _write_meta(root, version)


def _acquire_lock(root: Path) -> int:
    """An exclusive flock on .lock, held while the store is open; the OS drops it when the
    process dies, so a crash never leaves the store locked."""
    try:
        fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
    except OSError as exc:
        raise StoreError(f"Kunde inte låsa lagret i {root}: {exc.strerror or exc}.") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            raise StoreError(f"Kunde inte låsa lagret i {root}: {exc.strerror or exc}.") from None
        holder = ""
        with contextlib.suppress(OSError):
            holder = (root / ".writer").read_text(encoding="utf-8").strip()
        raise StoreLockedError(
            f"Lagret i {root} används redan av en annan process"
            + (f" ({holder})" if holder else "")
            + ". Stäng det andra fönstret först, eller öppna lagret skrivskyddat."
        ) from None
    # Who holds the lock, for the message above; only a hint, so written without the two
    # fsyncs of write_atomic, which on a busy disk were the slowest step of starting the app.
    with contextlib.suppress(OSError):
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
        writer = os.open(root / ".writer", flags, FILE_MODE)
        try:
            os.write(
                writer,
                f"pid {os.getpid()} på {socket.gethostname()} sedan "
                f"{datetime.now():%Y-%m-%d %H:%M}".encode(),
            )
        finally:
            os.close(writer)
    return fd


def _release_lock(root: Path, fd: int) -> None:
    with contextlib.suppress(OSError):
        (root / ".writer").unlink()
    os.close(fd)  # closing the descriptor releases the flock


def _remove_temp_files(root: Path) -> None:
    """Temp files left by a crash are never the only copy of anything: drop them."""
    for tmp in _walk_temp(root):
        with contextlib.suppress(OSError):
            tmp.unlink()


def _walk_temp(root: Path) -> Iterator[Path]:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.startswith(".") and name.endswith(TMP_SUFFIX):
                yield Path(folder) / name
