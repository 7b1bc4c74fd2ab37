"""Partial screen updates render only the widgets they touch.

Textual's Compositor._get_renders picks the widgets for an update by whether the update
overlaps the widget's *clip* (its container's visible area), not the widget itself: a key
typed into the beslut in meeting mode rendered every widget of the right-hand pane (the
behandling TextArea too) and every direct child of the screen (title bar, footer), about
a sixth of the key's time, only for the compositor to throw those lines away. This
version skips a widget whose visible part does not overlap the update; the lines it
would have drawn lie outside the update's spans, which are all the terminal receives
(tests/test_partial_render.py compares the bytes with Textual's own).

Textual is pinned exactly (pyproject.toml); the fix is for that version only.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import textual
from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

FOR_TEXTUAL = "8.2.8"

textual_get_renders = Compositor._get_renders


def get_renders(
    self: Compositor, crop: Region | None = None
) -> Iterable[tuple[Region, Region, list[Strip]]]:
    """Textual's _get_renders, with the overlap test on what of the widget is shown."""
    _rich_traceback_guard = True  # noqa: F841 (Textual: no traceback frames above this)
    intersection = Region.intersection
    for widget, (region, clip) in self.visible_widgets.items():
        shown = intersection(region, clip)
        if not (shown.width and shown.height) or (crop and not crop.overlaps(shown)):
            continue
        yield (
            region,
            clip,
            widget.render_lines(
                Region(shown.x - region.x, shown.y - region.y, shown.width, shown.height)
            ),
        )


def install() -> bool:
    """Use get_renders where Textual is the version it was written for."""
    if not _textual_is(FOR_TEXTUAL):
        return False
    Compositor._get_renders = get_renders  # type: ignore[method-assign]
    return True


def _textual_is(version: str) -> bool:
    """textual.__version__ asks importlib.metadata, whose import and search of sys.path
    cost ~20 ms of start-up; a regular install names its version in the folder beside the
    package (PEP 627), and only other installs pay for the question."""
    site = Path(textual.__file__).parent.parent
    return (site / f"textual-{version}.dist-info").is_dir() or textual.__version__ == version
