"""Store errors; each message says what happened, where, and what to do."""

from kallelse_tui.domain.errors import DomainError


class StoreError(DomainError):
    """A store problem the user can act on."""


class StoreLockedError(StoreError):
    pass


class StoreCorruptError(StoreError):
    pass


class StoreVersionError(StoreError):
    pass


class StoreReadOnlyError(StoreError):
    pass


class StoreLockedProtocolError(StoreError):
    """A save that would change a justerat protokoll or an omedelbart justerad §."""


class StoreWriteError(StoreError):
    pass


class StoreConflictError(StoreError):
    """A save based on a version someone else has already replaced (a shared store)."""


class StoreLeaseError(StoreError):
    """A save to a meeting someone else is editing (a shared store)."""


class StoreConnectionError(StoreError):
    """The server cannot be reached, refused the login, or the connection was lost."""
