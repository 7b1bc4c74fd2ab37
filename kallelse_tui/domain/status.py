"""The meeting's life as a state machine: utkast → kallad → pågår → protokoll klart →
justerat → anslaget. Only the transitions below are allowed."""

from __future__ import annotations

from enum import StrEnum

from kallelse_tui.domain.errors import DomainError


class Status(StrEnum):
    UTKAST = "utkast"
    KALLAD = "kallad"
    PAGAR = "pågår"
    PROTOKOLL_KLART = "protokoll klart"
    JUSTERAT = "justerat"
    ANSLAGET = "anslaget"

    @property
    def etikett(self) -> str:
        return self.value.capitalize()


# Backward steps exist where a secretary must be able to correct: a kallelse not yet sent
# after all, or a protokoll reopened before justering. After justering nothing goes back.
OVERGANGAR: dict[Status, frozenset[Status]] = {
    Status.UTKAST: frozenset({Status.KALLAD}),
    Status.KALLAD: frozenset({Status.UTKAST, Status.PAGAR}),
    Status.PAGAR: frozenset({Status.PROTOKOLL_KLART}),
    Status.PROTOKOLL_KLART: frozenset({Status.PAGAR, Status.JUSTERAT}),
    Status.JUSTERAT: frozenset({Status.ANSLAGET}),
    Status.ANSLAGET: frozenset(),
}

LASTA = frozenset({Status.JUSTERAT, Status.ANSLAGET})


def kontrollera_overgang(fran: Status, till: Status) -> None:
    """Raise DomainError when the meeting may not go from `fran` to `till`."""
    if till in OVERGANGAR[fran]:
        return
    mojliga = ", ".join(f"”{s.value}”" for s in sorted(OVERGANGAR[fran], key=list(Status).index))
    hint = f" Härifrån går det till: {mojliga}." if mojliga else " Sammanträdet är avslutat."
    raise DomainError(
        f"Ett sammanträde med status ”{fran.value}” kan inte få status ”{till.value}”.{hint}"
    )
