"""The store interface: what the TUI, the CLI and the exports may ask of a store.

Two backends implement it: the folder store (`repository.Store`, TinyDB files, the default
for one secretary and for offline work) and the PostgreSQL store (`pg.PgStore`, shared by a
kommun's secretaries). Nothing above the store knows which one it holds: it calls
`open_store(spec)` and uses this interface.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from kallelse_tui.domain.model import (
        Arende,
        Beslutsunderlag,
        Organ,
        Paragraf,
        Sammantrade,
        SammantradeIndex,
    )
    from kallelse_tui.domain.verifiering import Kedjehuvud
    from kallelse_tui.store.attachments import StoredFile
    from kallelse_tui.store.extract import Extraction
    from kallelse_tui.store.search import HistorikRad, Traff

ENV = "KALLELSE_STORE"
# The registers kept beside the meetings: rows that are not meetings, each a plain JSON
# object with an "id" and the "organ_id" it belongs to (domain/delegationsbeslut.py,
# domain/motioner.py turn them into dataclasses).
REGISTER_KINDS = ("delegationsbeslut", "motioner")
_PG_SCHEMES = ("postgresql://", "postgres://")
_LIBPQ_KEYWORDS = re.compile(r"\s*(host|hostaddr|port|dbname|user|service|sslmode)\s*=")


class StoreApi(Protocol):
    """An open store. Close it (or use `with`)."""

    readonly: bool
    # Whether a save may run on a worker thread while the UI thread goes on: the folder
    # store's files and caches are this process's alone; a PostgreSQL store's one
    # connection also serves what its listener's notices make the screens read.
    background_saves: bool
    # What opening found and did (crash leftovers put back, a lease held by someone else),
    # for the user to be told.
    meddelanden: list[str]

    @property
    def plats(self) -> str:
        """Where the store is, fit to show: a folder, or a server URL without password."""
        ...

    def reopen(self, *, readonly: bool = False) -> StoreApi:
        """The same store opened again (the TUI asks for write access once it is free)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> StoreApi: ...

    def __exit__(self, *exc: object) -> None: ...

    # -- organs ------------------------------------------------------------------------

    def organs(self) -> list[Organ]: ...

    def organ(self, organ_id: str) -> Organ: ...

    def save_organ(self, organ: Organ) -> None: ...

    # -- meetings ----------------------------------------------------------------------

    def meetings(self, organ_id: str | None = None) -> list[SammantradeIndex]:
        """The meetings index, newest first."""
        ...

    def meeting(self, meeting_id: str) -> Sammantrade: ...

    def sista_paragraf(self, mote: Sammantrade) -> int | None:
        """The organ's last § this year before `mote` (by date), or None."""
        ...

    def meetings_naming(self, organ_id: str, ledamot_id: str) -> list[SammantradeIndex]: ...

    def new_meeting_id(self, organ: Organ, datum: Any) -> str: ...

    def save_meeting(self, mote: Sammantrade) -> None:
        """Write the whole meeting. Refuses (StoreLockedProtocolError) a change to a
        justerat protokoll; on a shared store also a stale write (StoreConflictError) and a
        meeting someone else edits (StoreLeaseError)."""
        ...

    def save_arende(self, meeting_id: str, arende: Arende) -> None: ...

    def save_paragraf(self, meeting_id: str, paragraf: Paragraf) -> None:
        """Save one § already stored under the same number (meeting mode's autosave)."""
        ...

    def justera(
        self, meeting_id: str, datum: date, justerare: Sequence[str] | None = None
    ) -> Sammantrade: ...

    # -- edit leases: one editor per meeting ---------------------------------------------

    def lease(self, meeting_id: str) -> str:
        """Take the meeting's edit lease: "" when this session may edit it, else who does
        ("Anna Berg redigerar sammanträdet sedan 09:12 …"): then open it read-only."""
        ...

    def release(self, meeting_id: str) -> None:
        """Give the lease back (the meeting is closed)."""
        ...

    def follow(self, callback: Callable[[str], None]) -> None:
        """Have `callback(change)` called, from a background thread, each time another
        session saves a meeting (its id) or an organ ("organ:<id>"). A store nobody else
        writes to never calls it."""
        ...

    # -- the organ's chain of justerade protokoll ---------------------------------------

    def chain_head(self, organ_id: str) -> Kedjehuvud | None: ...

    def save_chain_head(self, huvud: Kedjehuvud) -> None: ...

    # -- attachments --------------------------------------------------------------------

    def add_attachment(self, path: Path, *, allowed_dir: Path | None = None) -> StoredFile: ...

    def extract_attachment(self, sha256: str, filnamn: str) -> Extraction: ...

    def attachment_path(self, sha256: str) -> Path:
        """A file on this machine with the attachment's bytes (to open or copy)."""
        ...

    def attachment_text(self, sha256: str) -> str: ...

    def attachment_text_hash(self, sha256: str) -> str:
        """SHA-256 of the attachment's extracted text as stored ("" when there is none)."""
        ...

    def save_attachment_text(self, sha256: str, text: str) -> None:
        """Store an attachment's extracted text as given (a copy keeps the text whose hash
        a justering holds, rather than extracting it again)."""
        ...

    def verify(self) -> list[str]: ...

    # -- search ------------------------------------------------------------------------

    def search(
        self, query: str, *, limit: int = 50, organ_id: str | None = None
    ) -> list[Traff]: ...

    def history(self, dnr: str) -> list[HistorikRad]: ...

    def index_attachment(
        self, meeting_id: str, arende_id: str, underlag: Beslutsunderlag
    ) -> None: ...

    @property
    def search_in_memory(self) -> bool: ...

    def search_needs_build(self) -> bool: ...

    # -- checkout (kallelse checkout/checkin) and bulk writes ----------------------------

    def take_checkout(self, meeting_id: str, mapp: str) -> None:
        """Mark the meeting checked out to `mapp` for work without network: on a shared
        store nobody edits it until end_checkout. A folder store has no leases: no-op."""
        ...

    def end_checkout(self, meeting_id: str) -> None: ...

    def transaction(self, what: str) -> AbstractContextManager[object]:
        """Many writes as one: on a server all of them or none (a folder store writes each
        file atomically and has no wider transaction: copy-store builds a folder aside)."""
        ...

    def lock_chain(self, organ_id: str) -> None:
        """Inside transaction(): hold the organ's chain of justerade protokoll (and § series)
        until it ends, as justera does. A folder store has one writer: no-op."""
        ...

    # -- registers (REGISTER_KINDS) ------------------------------------------------------

    def register_rows(self, kind: str, organ_id: str | None = None) -> list[dict[str, Any]]:
        """The rows of register `kind`, of one organ or all, ordered by id."""
        ...

    def save_register_rows(self, kind: str, rows: Sequence[dict[str, Any]]) -> None:
        """Add or replace rows (matched by "id"), all of them or, on failure, none."""
        ...

    # -- crash leftovers ----------------------------------------------------------------

    def leftovers(self) -> list[str]: ...


def check_register_rows(kind: str, rows: Sequence[dict[str, Any]]) -> None:
    """What both backends refuse before writing: an unknown register, a row without id or
    organ."""
    from kallelse_tui.store.errors import StoreError

    if kind not in REGISTER_KINDS:
        raise StoreError(f"Lagret har inget register ”{kind}”.")
    for row in rows:
        if not row.get("id") or not row.get("organ_id"):
            raise StoreError(f"En rad i registret {kind} saknar id eller organ; inget sparades.")


def is_server(spec: str | os.PathLike[str]) -> bool:
    """True when `spec` names a PostgreSQL server rather than a folder: a URL, or libpq's
    "host=… dbname=…" (never taken for a folder to create)."""
    return isinstance(spec, str) and (
        spec.startswith(_PG_SCHEMES) or _LIBPQ_KEYWORDS.match(spec) is not None
    )


def store_spec(arg: str | None) -> str:
    """The store the user chose: --store, else $KALLELSE_STORE, else the user's folder."""
    if arg:
        return arg
    if env := os.environ.get(ENV):
        return env
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("kallelse", appauthor=False)) / "lager")


def open_store(spec: str | os.PathLike[str], *, readonly: bool = False) -> StoreApi:
    """Open the store `spec` names: `postgresql://…` (libpq parameters such as sslmode
    pass through) or a folder. Raises StoreError with a Swedish message."""
    if is_server(spec):
        from kallelse_tui.store.pg import PgStore

        return PgStore.open(str(spec), readonly=readonly)
    from kallelse_tui.store.repository import Store

    return Store.open(spec, readonly=readonly)
