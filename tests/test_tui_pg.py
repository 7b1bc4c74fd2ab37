"""Pilot tests of the TUI on a shared PostgreSQL store: two secretaries, one meeting each,
and what the one sees of the other's."""

from __future__ import annotations

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
