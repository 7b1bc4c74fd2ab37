"""Pilot tests of the TUI on a shared PostgreSQL store: two secretaries, one meeting each,
and what the one sees of the other's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from kallelse_tui.store import Store, open_store
from kallelse_tui.store.pg import PgStore
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.meeting_screen import MeetingScreen
from tests.test_store_contract import copy_into

SIZE = (120, 40)
KF = "norrvik-kf-2026-11-30"  # the second row of the meetings list


@pytest.fixture
def kommun(pg_url: str, demo_dir: Path) -> str:
    with Store.open(demo_dir, readonly=True) as source, open_store(pg_url) as target:
        copy_into(source, target)
    return pg_url


@pytest.fixture
def anna(kommun: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[PgStore]:
    monkeypatch.setenv("KALLELSE_ANVANDARE", "Anna Berg")
    store = PgStore.open(kommun)
    yield store
    store.close()


async def test_a_meeting_someone_else_edits_opens_read_only(
    kommun: str, anna: PgStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert anna.lease(KF) == ""
    monkeypatch.setenv("KALLELSE_ANVANDARE", "Bo Ek")
    app = make_app(open_store(kommun))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.mote.id == KF
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Anna Berg redigerar sammanträdet sedan ") for m in said)
        before = len(screen.mote.arenden)
        await pilot.press("n")  # a new ärende: not offered while Anna edits
        await pilot.pause()
        assert app.screen is screen and screen.read_only
        assert len(anna.meeting(KF).arenden) == before
        await pilot.press("escape")
        anna.release(KF)  # Anna closes the meeting: Bo may edit it now
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.redigeras_av == ""
        assert anna.lease(KF).startswith("Bo Ek redigerar")
    assert anna.lease(KF) == ""  # Bo's app closed: his lease went with it


async def test_the_title_shows_the_server_without_the_password(kommun: str) -> None:
    url = kommun.replace("postgresql://postgres:@", "postgresql://postgres:hemligt@")
    app = make_app(open_store(url))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.sub_title.startswith("postgresql://postgres@/")
        assert "hemligt" not in app.screen.sub_title
        assert "hemligt" not in str(app.screen.query_one("#meeting-title", Static).render())


async def test_the_meetings_list_and_a_read_only_view_follow_another_save(
    kommun: str, anna: PgStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from kallelse_tui.domain.model import nytt_sammantrade
    from kallelse_tui.tui.meetings_screen import MeetingsScreen
    from tests.test_tui import table_rows

    monkeypatch.setenv("KALLELSE_ANVANDARE", "Bo Ek")
    app = make_app(open_store(kommun))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)  # the listener connects
        assert isinstance(app.screen, MeetingsScreen)
        ny = nytt_sammantrade(anna.organ("norrvik-ks"), date(2027, 1, 18), set())
        anna.save_meeting(ny)  # Anna, at her own desk
        for _ in range(20):
            await pilot.pause(0.05)
            if ny.id in table_rows(app.screen, "#meeting-table"):
                break
        assert table_rows(app.screen, "#meeting-table")[0] == ny.id  # within a second
        await pilot.press("up", "enter")  # the cursor stayed on the row it was on
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.mote.id == ny.id
        assert screen.read_only  # Anna edits it
        mote = anna.meeting(ny.id)
        mote.plats = "Annas nya plats"
        anna.save_meeting(mote)
        for _ in range(20):
            await pilot.pause(0.05)
            if screen.mote.plats == "Annas nya plats":
                break
        summary = str(screen.query_one("#meeting-summary", Static).render())
        assert "Annas nya plats" in summary


async def test_a_save_while_the_server_is_away_keeps_the_change_and_saves_it_later(
    kommun: str,
) -> None:
    import psycopg

    store = open_store(kommun)
    assert isinstance(store, PgStore)
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.mote.id == KF
        with psycopg.connect(kommun, autocommit=True) as admin:  # the network goes
            admin.execute("SELECT pg_terminate_backend(%s, 5000)", (store._conn.info.backend_pid,))
        screen.mote.plats = "Folkets hus, Lilla salen"
        assert not screen.save(None)
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(f"sammanträdet {KF} sparades inte" in m and "finns kvar" in m for m in said)
        assert screen.mote.plats == "Folkets hus, Lilla salen"  # still on screen
        summary = str(screen.query_one("#meeting-summary", Static).render())
        assert "Lilla salen" in summary
        assert screen.save(None)  # the server is back: the next save carries it
    with open_store(kommun, readonly=True) as again:
        assert again.meeting(KF).plats == "Folkets hus, Lilla salen"


async def test_meeting_mode_is_read_only_while_someone_else_edits(
    kommun: str, anna: PgStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kallelse_tui.tui.sammantrade_screen import SammantradeScreen

    pagar = "sjobacka-sbn-2026-11-17"  # protokoll klart: meeting mode shows its §§
    assert anna.lease(pagar) == ""
    monkeypatch.setenv("KALLELSE_ANVANDARE", "Bo Ek")
    app = make_app(open_store(kommun))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        mote = app.store.meeting(pagar)
        app.push_screen(SammantradeScreen(mote, app.store.organ(mote.organ_id)))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SammantradeScreen)
        assert not screen.editable


async def test_every_screen_of_a_meeting_someone_else_edits_is_read_only(
    kommun: str, anna: PgStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kallelse_tui.tui.skrivskydd import SkrivskyddRad
    from tests.test_tui_skrivskydd import KLART, walk_read_only_screens

    assert anna.lease(KLART) == ""
    before = anna.meeting(KLART)
    monkeypatch.setenv("KALLELSE_ANVANDARE", "Bo Ek")
    app = make_app(open_store(kommun))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await walk_read_only_screens(app, pilot, KLART, "Anna Berg redigerar sammanträdet sedan ")
        line = str(app.screen.query_one(SkrivskyddRad).render())
        assert re.fullmatch(
            r"Skrivskyddat: Anna Berg redigerar sammanträdet sedan \d\d:\d\d.*", line
        )
        assert "skrivskyddat" not in line.lower().removeprefix("skrivskyddat")  # said once
    assert anna.meeting(KLART) == before
