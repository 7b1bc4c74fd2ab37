"""The repository: the one place that turns store files into domain objects and back.

Layout of a store folder (every file a small TinyDB JSON document, written atomically):

    kallelse.json                       format marker and schema_version
    register.json                       organ (with members) and the meetings index
    sammantraden/<år>/<id>.json         one meeting: header, ärenden, paragrafer
    .lock, .writer                      the writer lock and who holds it

An edit rewrites only its meeting's file, so ten years of meetings cost nothing per save.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from kallelse_tui.domain.model import (
    Arende,
    Organ,
    Paragraf,
    Sammantrade,
    SammantradeIndex,
    sammantrade_id,
)
from kallelse_tui.store.errors import (
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreVersionError,
)
from kallelse_tui.store.serialize import from_dict, to_dict
from kallelse_tui.store.storage import (
    DIR_MODE,
    FILE_MODE,
    TMP_SUFFIX,
    AtomicJSONStorage,
    read_json,
    write_atomic,
)

SCHEMA_VERSION = 1
META_FILE = "kallelse.json"
REGISTER_FILE = "register.json"
MEETINGS_DIR = "sammantraden"
FORMAT = "kallelse-store"

# Migrations: MIGRATIONS[n] upgrades a store folder from schema n to n + 1, in place, with
# the writer lock held. Each must be idempotent: a crash halfway is re-run on next open.
MIGRATIONS: dict[int, Callable[[Path], None]] = {}

_Q = Query()


def _tinydb(path: Path, readonly: bool) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, readonly=readonly)


class Store:
    """An open store folder. Use `Store.open(...)`; close it (or use `with`)."""

    def __init__(self, root: Path, readonly: bool, lock: int | None) -> None:
        self.root = root
        self.readonly = readonly
        self._lock = lock
        self._register = _tinydb(root / REGISTER_FILE, readonly)
        self._shards: dict[str, TinyDB] = {}

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
        except BaseException:
            if lock is not None:
                _release_lock(root, lock)
            raise
        return cls(root, readonly, lock)

    def close(self) -> None:
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
        filename = self._shard_path(meeting_id).relative_to(self.root)
        header = db.table("sammantrade").get(doc_id=1)
        if header is None:
            raise StoreCorruptError(f"Filen {filename} saknar sammanträdets huvuduppgifter.")
        mote = self._load(Sammantrade, header, filename)
        arenden = sorted(db.table("arenden").all(), key=lambda d: d.get("ordning", 0))
        mote.arenden = [self._load(Arende, doc, filename) for doc in arenden]
        paragrafer = db.table("paragrafer").all()
        mote.paragrafer = sorted(
            (self._load(Paragraf, doc, filename) for doc in paragrafer), key=lambda p: p.nummer
        )
        return mote

    def new_meeting_id(self, organ: Organ, datum: Any) -> str:
        taken = {doc["id"] for doc in self._register.table("sammantraden").all()}
        return sammantrade_id(organ, datum, taken)

    def save_meeting(self, mote: Sammantrade) -> None:
        """Write the whole meeting in one atomic replace, then its index row."""
        self._check_writable()
        self.organ(mote.organ_id)  # refuse meetings of an unknown organ
        header = to_dict(mote)
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
        if old is not None:
            old.close()
        storage = AtomicJSONStorage(path)
        storage.write(tables)
        index = {**to_dict(SammantradeIndex.av(mote)), "fil": str(path.relative_to(self.root))}
        self._register.table("sammantraden").upsert(index, _Q.id == mote.id)

    def save_arende(self, meeting_id: str, arende: Arende) -> None:
        """Save one edited ärende: rewrites only that meeting's file."""
        self._check_writable()
        table = self._shard(meeting_id).table("arenden")
        existing = table.get(_Q.id == arende.id)
        if existing is None:
            raise StoreError(
                f"Ärendet {arende.id} finns inte i sammanträdet {meeting_id}; spara "
                f"sammanträdet för att lägga till nya ärenden."
            )
        table.update({**to_dict(arende), "ordning": existing["ordning"]}, doc_ids=[existing.doc_id])

    # -- internals ---------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.readonly:
            raise StoreReadOnlyError(
                f"Lagret i {self.root} är öppnat skrivskyddat (en annan process skriver till "
                f"det); ändringen sparades inte."
            )

    def _shard_path(self, meeting_id: str, year: int | None = None) -> Path:
        if year is None:
            row = self._register.table("sammantraden").get(_Q.id == meeting_id)
            if row is None:
                raise StoreError(f"Det finns inget sammanträde med id ”{meeting_id}” i lagret.")
            return self.root / row["fil"]
        return self.root / MEETINGS_DIR / str(year) / f"{meeting_id}.json"

    def _shard(self, meeting_id: str) -> TinyDB:
        db = self._shards.get(meeting_id)
        if db is None:
            path = self._shard_path(meeting_id)
            if not path.exists():
                raise StoreCorruptError(
                    f"Sammanträdet {meeting_id} finns i registret men filen {path} saknas."
                )
            db = self._shards[meeting_id] = _tinydb(path, self.readonly)
        return db

    @staticmethod
    def _load(cls: type[Any], doc: Any, filename: Any) -> Any:
        try:
            return from_dict(cls, dict(doc))
        except StoreCorruptError as exc:
            raise StoreCorruptError(f"I filen {filename}: {exc}") from None


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
        fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, FILE_MODE)
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
    with contextlib.suppress(OSError):
        write_atomic(
            root / ".writer",
            f"pid {os.getpid()} på {socket.gethostname()} sedan "
            f"{datetime.now():%Y-%m-%d %H:%M}".encode(),
        )
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
