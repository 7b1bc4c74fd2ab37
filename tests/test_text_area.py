"""KallelseTextArea (kallelse_tui/tui/text_area.py): every line it draws from its cache is
the line Textual's TextArea renders afresh, through typing, moves, selections, brackets,
tabs, focus changes and resizes; and a key renders fewer lines than Textual's does."""

import copy
import random

from textual.app import App, ComposeResult
from textual.widgets import Input, TextArea

from kallelse_tui.tui.text_area import KallelseTextArea

START = (
    "Kommunstyrelsen föreslår kommunfullmäktige besluta att anta riktlinjerna för "
    "medborgarförslag och att uppdra åt kommunstyrelsen att följa upp dem årligen."
)
WORDS = ["att", "anta", "planen", "för", "förskolan", "i", "Västerbyn", "(bilaga 2)", "§ 14"]


class Form(App[None]):
    # Colours that change without a new theme: with focus, and with read-only (Textual's).
    CSS = "KallelseTextArea:focus .text-area--cursor-line { background: darkred; }"

    def compose(self) -> ComposeResult:
        yield KallelseTextArea(START, id="area", soft_wrap=True)
        yield Input(id="other")


def same_as_textual(area: KallelseTextArea) -> None:
    fresh = copy.copy(area._theme)
    fresh.apply_css(area)
    assert fresh == area._theme  # the colours read at the last change are still the CSS's
    for y in range(area.size.height):
        assert area.render_line(y) == TextArea._render_line(area, y), (y, area.selection)


async def test_every_cached_line_is_the_line_textual_renders():
    rng = random.Random(20261203)
    app = Form()
    async with app.run_test(size=(60, 16)) as pilot:
        area = app.query_one(KallelseTextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause()
        for _step in range(300):
            action = rng.random()
            if action < 0.45:
                area.insert(rng.choice([" ", ""]) + rng.choice(WORDS))
            elif action < 0.55:
                area.insert(rng.choice(["\n", "\n\n", "(", ")", "\t", "."]))
            elif action < 0.7:
                await pilot.press(rng.choice(["left", "right", "up", "down", "home", "end"]))
            elif action < 0.75:
                await pilot.press(rng.choice(["backspace", "delete", "ctrl+w"]))
            elif action < 0.8:
                await pilot.press(rng.choice(["shift+left", "shift+up", "shift+end"]))
            elif action < 0.85:
                row = rng.randrange(area.document.line_count)
                area.move_cursor((row, rng.randrange(len(area.document[row]) + 1)))
            elif action < 0.9:
                await pilot.press("tab" if area.has_focus else "shift+tab")
                if not area.has_focus:
                    await pilot.pause()
                    same_as_textual(area)
                    area.focus()
            elif action < 0.915:
                area.read_only = not area.read_only
            elif action < 0.93:
                await pilot.resize_terminal(rng.choice([40, 60, 83]), rng.choice([10, 16]))
            elif action < 0.95:
                if rng.random() < 0.5:
                    app.theme = rng.choice(["textual-dark", "textual-light", "nord"])
                else:
                    area.theme = rng.choice(["css", "monokai", "github_light"])
            else:
                area.scroll_to(y=rng.randrange(max(1, area.virtual_size.height)), animate=False)
            await pilot.pause()
            same_as_textual(area)
        assert area.document.line_count > 5  # the text grew and wrapped


async def test_a_key_at_the_end_of_a_long_paragraph_renders_only_the_lines_it_changed():
    app = Form()
    async with app.run_test(size=(60, 16)) as pilot:
        area = app.query_one(KallelseTextArea)
        area.focus()
        area.load_text(START * 3)
        area.move_cursor(area.document.end)
        await pilot.pause()
        rendered: list[int] = []
        render_line = TextArea._render_line

        def counted(self: TextArea, y: int):  # type: ignore[no-untyped-def]
            rendered.append(y)
            return render_line(self, y)

        TextArea._render_line = counted  # type: ignore[method-assign]
        try:
            await pilot.press("x")
            await pilot.pause()
        finally:
            TextArea._render_line = render_line  # type: ignore[method-assign]
        assert area.text.endswith("x")
        # Textual's own renders every visible line (eight wrapped lines here).
        assert 1 <= len(rendered) <= 2, rendered
