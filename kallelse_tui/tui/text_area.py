"""A TextArea whose wrapped lines are drawn again only when what they show has changed.

Textual's TextArea forgets every rendered line at each edit, and with soft wrap also at
each cursor move, and takes its colours from the CSS again at every render: a key typed
into a beslut of ten visible lines rendered all ten, the largest part of the key's time.
Here a line of wrapped text is cached by what decides how it looks (its own characters,
whether the cursor is in it and where, the widget's state), so a key renders the section
it changed and the ones its re-wrap moved; the colours are taken again when the styles
change (Textual says so with notify_style_update, or a new theme object).

Only the plain case takes this path: soft wrap, no selection, no syntax highlighting,
line numbers, suggestion, bracket match or tab in the line; everything else is Textual's
own render_line. tests/test_text_area.py compares each line with Textual's uncached
rendering, and the colours with a fresh reading of the CSS, after random typing, moves,
selections, theme changes and resizes. Textual is pinned exactly (pyproject.toml); the
internals read here are that version's.
"""

from __future__ import annotations

from typing import NamedTuple

from textual._text_area_theme import TextAreaTheme
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea


class _State(NamedTuple):
    """What every line's look depends on besides its text and the cursor in it."""

    cursor: tuple[int, int]
    scroll_x: int
    scroll_y: int
    rest: tuple[object, ...]


class KallelseTextArea(TextArea):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._sections: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._css_read_for: TextAreaTheme | None = None  # the theme object it was read into
        self._state: _State | None = None  # while render_lines runs
        self._rendering = False

    def notify_style_update(self) -> None:
        self._sections.clear()
        self._css_read_for = None
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        theme = self._theme
        if theme is not None and theme is not self._css_read_for:
            theme.apply_css(self)
            self._css_read_for = theme
        self._state = self._widget_state()  # the same for every line of this render
        self._rendering = True
        try:
            return Widget.render_lines(self, crop)  # TextArea's own reads the CSS again
        finally:
            self._rendering = False

    def render_line(self, y: int) -> Strip:
        state = self._state if self._rendering else self._widget_state()
        key = None if state is None else self._section_key(y, state)
        if key is None:
            return super().render_line(y)
        strip = self._sections.get(key)
        if strip is None:
            strip = self._sections[key] = self._render_line(y)
        return strip

    def _widget_state(self) -> _State | None:
        """None outside the plain case."""
        selection = self.selection
        if (
            not self.soft_wrap
            or self.show_line_numbers
            or self._highlights
            or self.suggestion
            or self._matching_bracket_location is not None
            or selection.start != selection.end
            or self._theme is None
            or (self.placeholder and not self.document.text)
        ):
            return None
        scroll_x, scroll_y = self.scroll_offset
        rest = (
            self._draw_cursor,
            self._has_cursor,
            self.highlight_cursor_line,
            self.has_focus,
            self.read_only,
            self.show_cursor,
            self.theme,
            self.size,
            self.scrollable_content_region.size,
        )
        return _State(selection.end, scroll_x, scroll_y, rest)

    def _section_key(self, y: int, state: _State) -> tuple[object, ...] | None:
        """What the wrapped line `y` shows (None first: blank), or None where Textual's
        own renders it."""
        cursor_row, cursor_column = state.cursor
        wrapped = self.wrapped_document
        try:
            line_index, section = wrapped._offset_to_line_info[state.scroll_y + y]
        except IndexError:
            return (None, *state.rest)  # below the text: blank, all alike
        line = self.document[line_index]
        if "\t" in line:
            return None  # a tab's width depends on the sections before it
        offsets = wrapped.get_offsets(line_index)
        start = offsets[section - 1] if section else 0
        end = offsets[section] if section < len(offsets) else len(line)
        on_cursor_row = cursor_row == line_index
        cursor = cursor_column - start if on_cursor_row and start <= cursor_column <= end else None
        return (
            line[start:end],
            section == len(offsets),  # the last section ends with the cursor's cell
            on_cursor_row,
            cursor,
            state.scroll_x,
            *state.rest,
        )
