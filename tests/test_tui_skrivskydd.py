"""Every screen opened from a meeting that cannot be saved (the store opened read-only, or
another secretary holds its edit lease on PostgreSQL) says so on one line, disables its
inputs and answers its save keys with the reason. The PostgreSQL case is in test_tui_pg."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Input, SelectionList, TextArea

from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.skrivskydd import SkrivskyddRad

SIZE = (120, 40)
KLART = "sjobacka-sbn-2026-11-17"  # protokoll klart: it could be justerat now


def rad(app: App[object]) -> str:
    line = app.screen.query_one(SkrivskyddRad)
    return str(line.render()) if line.display else ""


async def walk_read_only_screens(app: App[object], pilot, meeting_id: str, orsak: str) -> None:
    """From the meetings list: the meeting, its justering, meeting mode, närvaro, underlag
    and expediering each show "Skrivskyddat: <orsak>" and save nothing."""
    from kallelse_tui.tui.expediering_screen import ExpedieringScreen
    from kallelse_tui.tui.justering_screen import JusteringScreen
    from kallelse_tui.tui.meeting_screen import MeetingScreen
    from kallelse_tui.tui.narvaro_screen import NarvaroScreen
    from kallelse_tui.tui.sammantrade_screen import SammantradeScreen
    from kallelse_tui.tui.underlag_screen import UnderlagScreen

    store = app.store  # type: ignore[attr-defined]
    mote = store.meeting(meeting_id)
    await app.push_screen(MeetingScreen(mote, store.organ(mote.organ_id)))
    await pilot.pause()
    await pilot.pause()
    expected = f"Skrivskyddat: {orsak}"
    assert rad(app).startswith(expected)

    async def said_after(*keys: str) -> list[str]:
        app.clear_notifications()
        await pilot.press(*keys)
        await pilot.pause()
        return [n.message for n in app._notifications]

    await pilot.press("j")
    await pilot.pause()
    await pilot.pause()
    justering = app.screen
    assert isinstance(justering, JusteringScreen) and rad(app).startswith(expected)
    assert justering.query_one("#justerare", SelectionList).disabled
    assert all(i.disabled for i in justering.query(Input))
    assert any(m.lower().startswith(orsak.lower()[:20]) for m in await said_after("f2"))
    assert app.screen is justering  # no question asked, nothing justerat
    await pilot.press("escape")

    await pilot.press("p")
    await pilot.pause()
    await pilot.pause()
    motet = app.screen
    assert isinstance(motet, SammantradeScreen) and rad(app).startswith(expected)
    assert all(area.read_only for area in motet.query(TextArea))
    assert any(m.lower().startswith(orsak.lower()[:20]) for m in await said_after("f2"))
    await pilot.press("n")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, NarvaroScreen) and rad(app).startswith(expected)
    assert not app.screen.editable
    await pilot.press("f", "t")  # frånvarande, tjänstgör: nothing happens
    await pilot.press("escape", "escape", "j")  # leave the meeting mode: "Lämna?" Ja
    await pilot.pause()
    assert isinstance(app.screen, MeetingScreen)

    await pilot.press("b")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, UnderlagScreen) and rad(app).startswith(expected)
    await pilot.press("escape", "u")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, ExpedieringScreen) and rad(app).startswith(expected)
    await pilot.press("escape")
    await pilot.pause()
    assert store.meeting(meeting_id) == mote


async def test_a_store_opened_read_only_marks_every_screen_of_a_meeting(demo_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in demo_dir.rglob("*.json")}
    app = make_app(Store.open(demo_dir, readonly=True))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await walk_read_only_screens(app, pilot, KLART, "lagret är öppnat bara för läsning")
    assert {p.name: p.read_bytes() for p in demo_dir.rglob("*.json")} == before


async def test_a_writable_meeting_shows_no_read_only_line(demo_dir: Path) -> None:
    from kallelse_tui.tui.meeting_screen import MeetingScreen

    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        mote = app.store.meeting(KLART)
        await app.push_screen(MeetingScreen(mote, app.store.organ(mote.organ_id)))
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        await pilot.pause()
        assert rad(app) == ""
        assert not app.screen.query_one("#justerare", SelectionList).disabled
