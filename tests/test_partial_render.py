"""The compositor fix (kallelse_tui/tui/partial_render.py): an update renders only the
widgets it touches, and the terminal receives the same bytes as with Textual's own."""

import subprocess
import sys
import tomllib
from pathlib import Path

from textual._compositor import Compositor
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import TextArea

from kallelse_tui.store import Store
from kallelse_tui.tui import partial_render
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.sammantrade_screen import SammantradeScreen
from tests.test_tui_sammantrade import SIZE, TODAY, new_ks_meeting

ROOT = Path(__file__).resolve().parents[1]


def test_the_fix_is_for_the_pinned_textual_and_installed():
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"textual=={partial_render.FOR_TEXTUAL}" in pins  # a new Textual: look again
    assert Compositor._get_renders is partial_render.get_renders


def test_the_pinned_version_is_known_without_importlib_metadata():
    """Its import and search of sys.path were ~20 ms of every start."""
    code = (
        "import sys; from kallelse_tui.tui import partial_render as p; "
        "assert p._textual_is(p.FOR_TEXTUAL); print('importlib.metadata' in sys.modules); "
        "assert not p._textual_is('0.0.1')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


async def test_a_key_in_the_beslut_renders_the_beslut_and_sends_what_textual_would(
    demo_dir, monkeypatch
):
    new_ks_meeting(demo_dir)
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "p", "j", "escape", "ctrl+n", "ctrl+n", "ctrl+n", "e")
        screen = app.screen
        assert isinstance(screen, SammantradeScreen)
        beslut = screen.query_one("#beslut", TextArea)
        assert screen.focused is beslut
        await pilot.pause()

        rendered: list[Widget] = []
        render_lines = Widget.render_lines

        def counted(widget: Widget, crop: Region):  # type: ignore[no-untyped-def]
            rendered.append(widget)
            return render_lines(widget, crop)

        monkeypatch.setattr(Widget, "render_lines", counted)
        await pilot.press(*"Bifall")
        await pilot.pause()
        monkeypatch.undo()
        assert beslut.text.endswith("Bifall") and beslut in rendered
        behandling = screen.query_one("#behandling", TextArea)
        assert behandling not in rendered  # Textual's own renders it with every key
        assert not any(type(w).__name__ in ("TitleBar", "KallelseFooter") for w in rendered)

        # The bytes for the terminal, for updates of every widget's region alone and of
        # pairs far apart (their bounding box covers widgets neither touches).
        compositor = screen._compositor
        regions = [region for region, _clip in compositor.visible_widgets.values()]
        updates = [[r] for r in regions] + [[regions[0], regions[-1]], [regions[1], beslut.region]]
        for update in updates:
            sent = []
            for get_renders in (partial_render.textual_get_renders, partial_render.get_renders):
                monkeypatch.setattr(Compositor, "_get_renders", get_renders)
                compositor._dirty_regions = set(update)
                chops = compositor.render_partial_update()
                assert chops is not None
                sent.append(chops.render_segments(app.console))
            assert sent[0] and sent[0] == sent[1], update
