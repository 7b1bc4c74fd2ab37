"""Errors the domain raises; every message is a whole Swedish sentence for the user."""


class DomainError(ValueError):
    """A user-facing rule or validation failure."""


class ValidationError(DomainError):
    """A value typed by the user could not be read (Dnr, datum, tid ...)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def os_orsak(exc: OSError) -> str:
    """Why a file operation failed, in Swedish for the common causes (the system's own
    text, often English, for the rest)."""
    import errno

    kanda = {
        errno.ENOSPC: "disken är full",
        errno.EDQUOT: "diskkvoten är slut",
        errno.EROFS: "platsen är skrivskyddad (filsystemet är monterat skrivskyddat)",
        errno.EACCES: "behörighet saknas",
        errno.EPERM: "behörighet saknas",
        errno.ENOENT: "filen finns inte",
        errno.EISDIR: "det är en mapp",
        errno.ENAMETOOLONG: "namnet är för långt",
    }
    return kanda.get(exc.errno or 0) or exc.strerror or str(exc)
