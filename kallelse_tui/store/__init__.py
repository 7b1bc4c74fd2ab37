"""The only code that touches TinyDB, PostgreSQL and the store's files."""

from kallelse_tui.store.api import StoreApi, open_store
from kallelse_tui.store.errors import (
    StoreConflictError,
    StoreConnectionError,
    StoreCorruptError,
    StoreError,
    StoreLeaseError,
    StoreLockedError,
    StoreLockedProtocolError,
    StoreReadOnlyError,
    StoreVersionError,
    StoreWriteError,
)
from kallelse_tui.store.repository import Store

__all__ = [
    "Store",
    "StoreApi",
    "StoreConflictError",
    "StoreConnectionError",
    "StoreCorruptError",
    "StoreError",
    "StoreLeaseError",
    "StoreLockedError",
    "StoreLockedProtocolError",
    "StoreReadOnlyError",
    "StoreVersionError",
    "StoreWriteError",
    "open_store",
]
