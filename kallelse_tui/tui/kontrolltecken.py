"""No terminal escape taken from data: the last step before the screen.

Text is cleaned where it enters (domain/rensa.py), but a store written before that may
still hold an ESC or a C1 control; Textual passes those through to the terminal. This line
filter removes them from every rendered line (Textual's own control segments are kept).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from kallelse_tui.domain.rensa import ORENT, rensa_text


class Kontrollfilter(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = segments
        for i, segment in enumerate(segments):
            if segment.control or not ORENT.search(segment.text):
                continue  # every rendered segment passes here: one search, no copies
            text = rensa_text(segment.text)
            if text != segment.text:
                if out is segments:
                    out = list(segments)
                out[i] = Segment(text.replace("\n", " "), segment.style, segment.control)
        return out


KONTROLLFILTER = Kontrollfilter()
