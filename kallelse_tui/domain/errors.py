"""Errors the domain raises; every message is a whole Swedish sentence for the user."""


class DomainError(ValueError):
    """A user-facing rule or validation failure."""


class ValidationError(DomainError):
    """A value typed by the user could not be read (Dnr, datum, tid ...)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
