"""Pilot tests of publishing the anslagstavla: from the justering screen (F9) and from the
command palette, the question about registering the anslag, the progress screen, the
message naming what was written, and the board and the store on disk."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from textual.widgets import Checkbox, Input, Static

from kallelse_tui.domain.status import Status
from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.justering_screen import JusteringScreen
from kallelse_tui.tui.meetings_screen import MeetingsScreen
from kallelse_tui.tui.publicera_form import PubliceraForm

SIZE = (120, 40)
KS_ID = "norrvik-ks-2026-10-19"
KS = ["down", "down", "down", "down", "enter"]  # norrvik-ks-2026-10-19, justerat
IDAG = date(2026, 12, 2)


def _meddelanden(app) -> list[str]:
    return [n.message for n in app._notifications]


async def _vanta(pilot, villkor) -> None:
    for _ in range(200):
        if villkor():
            return
        await pilot.pause(0.05)
    raise AssertionError("publiceringen blev inte klar")


def _tavla(mapp: Path) -> dict:
    return json.loads((mapp / "anslag.json").read_text(encoding="utf-8"))


async def test_publish_from_the_justering_screen_registers_the_anslag(demo_dir, tmp_path):
    app = make_app(Store.open(demo_dir), idag=lambda: IDAG)
    mapp = tmp_path / "tavla"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*KS, "j")
        await pilot.pause()
        justering = app.screen
        assert isinstance(justering, JusteringScreen)
        justering.query_one("#forvaringsplats", Input).value = "Kommunkansliet, Norrvik"
        await pilot.press("f9")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PubliceraForm)
        assert form.query_one("#registrera", Checkbox).value is True  # asked, yes by default
        assert "Kommunstyrelsen 2026-10-19: protokollets anslag" in str(
            form.query_one("#publicera-nya", Static).render()
        )
        form.query_one("#mapp", Input).value = str(mapp)
        await pilot.press("f2")
        await _vanta(pilot, lambda: app.screen is justering and (mapp / "index.html").exists())
        await pilot.pause()
        text = "\n".join(_meddelanden(app))
        assert f"Anslagstavlan skrevs till {mapp}: index.html (2 aktuella)" in text
        assert "Anslaget registrerat: Kommunstyrelsen 2026-10-19" in text
        with Store.open(demo_dir, readonly=True) as store:
            mote = store.meeting(KS_ID)
        assert mote.status is Status.ANSLAGET and mote.anslag is not None
        assert (mote.anslag.uppsatt, mote.anslag.forvaringsplats) == (
            IDAG,
            "Kommunkansliet, Norrvik",
        )
        ks = next(p for p in _tavla(mapp)["tillkannagivanden"] if p["id"] == KS_ID)
        assert (ks["uppsatt"], ks["forvaringsplats"]) == ("2026-12-02", "Kommunkansliet, Norrvik")
        assert (mapp / ks["dokument"]["href"]).exists()
        status = str(justering.query_one("#justering-status", Static).render())
        assert "Anslaget uppsatt 2026-12-02" in status
        assert justering.query_one("#uppsatt", Input).value == "2026-12-02"


async def test_publish_from_the_palette_without_registering(demo_dir, tmp_path):
    app = make_app(Store.open(demo_dir), idag=lambda: IDAG)
    mapp = tmp_path / "tavla"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "Publicera anslagstavlan"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PubliceraForm)
        form.query_one("#mapp", Input).value = str(mapp)
        form.query_one("#registrera", Checkbox).value = False
        await pilot.press("f2")
        await _vanta(pilot, lambda: isinstance(app.screen, MeetingsScreen) and mapp.exists())
        await pilot.pause()
        text = "\n".join(_meddelanden(app))
        assert "Visas inte förrän anslaget registreras: Kommunstyrelsen 2026-10-19" in text
    assert KS_ID not in {p["id"] for p in _tavla(mapp)["tillkannagivanden"]}
    with Store.open(demo_dir, readonly=True) as store:
        assert store.meeting(KS_ID).anslag is None


async def test_a_folder_that_is_not_a_board_is_refused_with_a_message(demo_dir, tmp_path):
    annan = tmp_path / "annan"
    annan.mkdir()
    (annan / "viktig.txt").write_text("behåll", encoding="utf-8")
    app = make_app(Store.open(demo_dir), idag=lambda: IDAG)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one("#mapp", Input).value = str(annan)
        await pilot.press("f2")
        await _vanta(pilot, lambda: isinstance(app.screen, MeetingsScreen))
        await pilot.pause()
        assert any("ersätts inte" in m for m in _meddelanden(app))
    assert [p.name for p in annan.iterdir()] == ["viktig.txt"]
    with Store.open(demo_dir, readonly=True) as store:
        assert store.meeting(KS_ID).anslag is None
