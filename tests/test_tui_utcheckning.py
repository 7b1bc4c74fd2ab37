"""Checkout and checkin from the command palette of the meetings list."""

from __future__ import annotations

import json

from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from kallelse_tui.store import Store, open_store
from kallelse_tui.store.utcheckning import DONE_MARKER, MARKER
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.utcheckning_form import UtcheckningForm
from tests.test_kopiering import OPEN, edit

SIZE = (120, 40)


async def _palette(pilot, app, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    app.screen.query_one(Input).value = command
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def _until(pilot, condition) -> None:
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the worker did not finish")


async def test_checkout_and_checkin_from_the_palette(demo_dir, tmp_path):
    ut = tmp_path / "ut"
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#meeting-table", OptionList)
        table.highlighted = table.get_option_index(OPEN)
        await _palette(pilot, app, "Checka ut sammanträdet")
        assert isinstance(app.screen, UtcheckningForm)
        app.screen.query_one("#mapp", Input).value = str(ut)
        await pilot.press("f2")
        await _until(pilot, lambda: (ut / MARKER).exists())
        await _until(pilot, lambda: any("utcheckat" in n.message for n in app._notifications))
        assert json.loads((ut / MARKER).read_text())["sammantrade"] == OPEN

        # Meanwhile, in the meeting room (another process works on the checkout folder).
        edit(ut, OPEN, lambda m: setattr(m, "plats", "Sammanträdesrummet i Åby"))

        await _palette(pilot, app, "Checka in ett utcheckat")
        app.screen.query_one("#mapp", Input).value = str(ut)
        await pilot.press("f2")
        await _until(pilot, lambda: (ut / DONE_MARKER).exists())
        await _until(pilot, lambda: any("incheckat" in n.message for n in app._notifications))
        assert app.store.meeting(OPEN).plats == "Sammanträdesrummet i Åby"
    with open_store(str(demo_dir), readonly=True) as store:  # on disk, too
        assert store.meeting(OPEN).plats == "Sammanträdesrummet i Åby"


async def test_the_form_refuses_a_folder_in_use_and_a_non_checkout(demo_dir, tmp_path):
    used = tmp_path / "anvand"
    used.mkdir()
    (used / "fil.txt").write_text("x")
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _palette(pilot, app, "Checka ut sammanträdet")
        app.screen.query_one("#mapp", Input).value = str(used)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, UtcheckningForm)
        assert "inte en ny eller tom mapp" in str(app.screen.query_one("#mapp-error").content)
        await pilot.press("escape")
        await pilot.pause()
        await _palette(pilot, app, "Checka in ett utcheckat")
        app.screen.query_one("#mapp", Input).value = str(used)
        await pilot.press("f2")
        await pilot.pause()
        assert "ingen utcheckad kopia" in str(app.screen.query_one("#mapp-error").content)
    assert [p.name for p in used.iterdir()] == ["fil.txt"]


def test_checkout_form_snapshot(snap_compare, fixed_demo_dir):
    from datetime import date

    async def open_form(pilot):
        await pilot.pause()
        await _palette(pilot, pilot.app, "Checka ut sammanträdet")
        pilot.app.screen.query_one("#mapp", Input).cursor_blink = False
        await pilot.pause()

    app = make_app(Store.open(fixed_demo_dir), idag=lambda: date(2026, 11, 20))
    assert snap_compare(app, terminal_size=SIZE, run_before=open_form)
