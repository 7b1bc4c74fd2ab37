"""Control characters out of text: the one cleaning every entry of text uses.

Text arrives from pasted kallelser, member CSV files, forms, file names and the text read
out of attached documents. C0 and C1 control characters in it (ESC starts a terminal
escape; most are not allowed in XML, so a DOCX could not be written) are removed; newline
and tab stay, a carriage return becomes a newline. Lone surrogates (a file name that was
not UTF-8) become U+FFFD, as they cannot be saved as UTF-8.
"""

from __future__ import annotations

import re
from typing import Any

_STYRTECKEN = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff"
_BORT = re.compile(f"[{_STYRTECKEN}\x0c]")
_BORT_UTOM_SIDBRYTNING = re.compile(f"[{_STYRTECKEN}]")
_SURROGAT = re.compile("[\ud800-\udfff]")
# Anything rensa_text would change: one search answers "clean already?" for the screen.
ORENT = re.compile(f"[\r\x0c{_STYRTECKEN}\ud800-\udfff]")


def rensa_text(text: str, *, sidbrytningar: bool = False) -> str:
    """`text` without control characters except newline and tab (and form feed, the page
    break of extracted PDF text, when `sidbrytningar`)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = (_BORT_UTOM_SIDBRYTNING if sidbrytningar else _BORT).sub("", text)
    return _SURROGAT.sub("\ufffd", text)


def rensa_data(value: Any) -> Any:
    """`value` (a document's data: dicts, lists, strings) with every string cleaned, for
    text stored before cleaning at entry existed; a DOCX cannot hold control characters."""
    if isinstance(value, str):
        return rensa_text(value)
    if isinstance(value, dict):
        return {k: rensa_data(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(rensa_data(v) for v in value)
    return value
