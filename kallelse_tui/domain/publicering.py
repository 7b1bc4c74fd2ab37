"""Publication: what must go before a kallelse or protokoll is published (OSL, GDPR).

Personnummer and samordningsnummer are replaced by the placeholder Swedish forms print
("ÅÅMMDD-XXXX", "ÅÅÅÅMMDD-XXXX"), keeping the separator as written, so a reader sees that
a number stood there. Sekretess-marked ärenden keep their place but show only
"Sekretess enligt <OSL reference>".

What counts as a personnummer:
- with a separator ('-' or '+'): YYMMDD-XXXX or YYYYMMDD-XXXX with a real month and day
  (day + 60 for samordningsnummer). No check digit test, so a mistyped number is still
  masked.
- without a separator: 10 or 12 digits shaped the same way whose last digit is a valid
  Luhn check digit; this keeps most plain numbers (timestamps, account numbers) readable.
Never masked: Dnr ("2023-00463"), dates ("2023-12-11"), phone numbers ("0920-45 61 20"),
amounts ("36 013 kr"), organisationsnummer (month digits 20 and above).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from typing import Any, TypeVar

from kallelse_tui.domain.model import Arende

SEKRETESS_RUBRIK = "Sekretess enligt {osl}"
OSL = "OSL"
BORTTAGEN = "[sekretess]"

T = TypeVar("T")

_PERSONNUMMER = re.compile(
    r"(?<!\d)"
    r"(?P<sekel>18|19|20)?(?P<ar>\d{2})(?P<manad>\d{2})(?P<dag>\d{2})"
    r"(?P<sep>[-+]?)"
    r"(?P<nummer>\d{4})"
    r"(?!\d)"
)


def _luhn(siffror: str) -> bool:
    total = 0
    for i, tecken in enumerate(siffror):
        produkt = int(tecken) * (2 if i % 2 == 0 else 1)
        total += produkt - 9 if produkt > 9 else produkt
    return total % 10 == 0


def _ar_personnummer(m: re.Match[str]) -> bool:
    manad, dag = int(m["manad"]), int(m["dag"])
    if dag > 60:  # samordningsnummer
        dag -= 60
    # 2000 is a leap year, so 29 February passes whatever the century.
    if not (1 <= manad <= 12 and 1 <= dag <= calendar.monthrange(2000, manad)[1]):
        return False
    return bool(m["sep"]) or _luhn(m["ar"] + m["manad"] + m["dag"] + m["nummer"])


def _mask(m: re.Match[str]) -> str:
    if not _ar_personnummer(m):
        return m[0]
    return ("ÅÅÅÅ" if m["sekel"] else "ÅÅ") + "MMDD" + m["sep"] + "XXXX"


def maska_personnummer(text: str) -> str:
    """Replace every personnummer and samordningsnummer in `text` with a placeholder."""
    return _PERSONNUMMER.sub(_mask, text)


def publik_rubrik(arende: Arende) -> str:
    """The title a published document shows: 'Sekretess enligt OSL 29 kap. 1 §' for a
    sekretess-marked ärende, otherwise the title itself."""
    if not arende.sekretess:
        return arende.rubrik
    osl = arende.osl.strip()
    if osl[:1].isdigit():  # "29 kap. 1 §" written without the law's name
        osl = f"{OSL} {osl}"
    return SEKRETESS_RUBRIK.format(osl=osl or OSL)


def publik_text(text: str, arenden: Iterable[Arende]) -> str:
    """Free text made fit to publish: personnummer masked, and the title and Dnr of every
    sekretess-marked ärende replaced, so a note such as an ändring cannot reveal them."""
    for arende in arenden:
        if not arende.sekretess:
            continue
        if arende.rubrik.strip():
            text = text.replace(arende.rubrik.strip(), publik_rubrik(arende))
        if arende.dnr.strip():
            text = text.replace(arende.dnr.strip(), BORTTAGEN)
    return maska_personnummer(text)


def publicera(varde: T, arenden: Iterable[Arende]) -> T:
    """`publik_text` applied to every string in a JSON-like value (dicts, lists, strings),
    so a whole export's data is made public in one pass and no field can be forgotten."""
    dolda = [a for a in arenden if a.sekretess]

    def rensa(v: Any) -> Any:
        if isinstance(v, str):
            return publik_text(v, dolda)
        if isinstance(v, list):
            return [rensa(x) for x in v]
        if isinstance(v, dict):
            return {k: rensa(x) for k, x in v.items()}
        return v

    return rensa(varde)
