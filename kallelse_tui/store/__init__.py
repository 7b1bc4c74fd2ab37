"""The only code that touches TinyDB and the file system."""

from kallelse_tui.store.errors import (
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreLockedProtocolError,
    StoreReadOnlyError,
    StoreVersionError,
    StoreWriteError,
)
from kallelse_tui.store.repository import Store

__all__ = [
    "Store",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreLockedProtocolError",
    "StoreReadOnlyError",
    "StoreVersionError",
    "StoreWriteError",
]
