"""The signature: greetings, names with titles, "Ort den …"."""

from __future__ import annotations

import re

from kallelse_tui.domain.importer.huvud import _DATUM, _ar_organ

_HALSNING = re.compile(
    r"(?:välkomna|välkommen|(?:med )?vänlig(?:a)? hälsning(?:ar)?|hälsningar|mvh"
    r"|enligt uppdrag|på uppdrag av .+)[!.,]*",
    re.IGNORECASE,
)
_KONTAKT = re.compile(
    r"@|^(?:tfn|tel|telefon|mobil|e-post|epost|mejl|växel)\b|^[+\d][\d ()-]{5,}$",
    re.IGNORECASE,
)
_PARTI = re.compile(r"\s*\([A-ZÅÄÖa-zåäö]{1,4}\)$")
_PARTIKLAR = {"af", "von", "van", "de", "der", "den", "la", "le", "da", "di", "du"}
_TITELORD = (
    "sekreterare",
    "sekr",
    "ordförande",
    "ordf",
    "direktör",
    "chef",
    "handläggare",
    "administratör",
    "registrator",
    "kanslist",
    "samordnare",
    "strateg",
    "jurist",
    "controller",
    "utredare",
    "kommunalråd",
)


def _ar_titel(text: str) -> bool:
    ord_ = [o.strip(",.;()") for o in text.lower().split()]
    return (
        1 <= len(ord_) <= 6 and not text.endswith(":") and any(o.endswith(_TITELORD) for o in ord_)
    )


def _ar_namn(text: str) -> bool:
    ord_ = _PARTI.sub("", text).split()
    if not 2 <= len(ord_) <= 5 or _ar_titel(text) or _ar_organ(text):
        return False
    return ord_[0][:1].isupper() and all(_namnord(o) for o in ord_)


def _namnord(o: str) -> bool:
    if o in _PARTIKLAR:
        return True
    return (
        o[0].isupper()
        and not (len(o) > 2 and o.isupper())
        and all(c.isalpha() or c in "-'’." for c in o)
    )


def _ort_och_datum(text: str) -> bool:
    """ "Kalix den 1 december 2023" above a signature."""
    m = _DATUM.search(text)
    if m is None or text[m.end() :].strip(" .,"):
        return False
    ort = text[: m.start()].split()
    if ort and ort[-1].lower() == "den":
        ort.pop()
    return len(ort) == 1 and ort[0].rstrip(",")[:1].isupper() and ort[0].rstrip(",").isalpha()
