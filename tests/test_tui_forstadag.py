"""A kommun's first day in the TUI: an empty store, its first organ, no dead ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.confirm_screen import ConfirmScreen
from kallelse_tui.tui.import_screen import ImportScreen
from kallelse_tui.tui.meeting_form import MeetingForm
from kallelse_tui.tui.meetings_screen import MeetingsScreen
from kallelse_tui.tui.organ_form import OrganForm

SIZE = (120, 40)


async def test_empty_store_explains_the_first_steps(tmp_path: Path) -> None:
    app = make_app(Store.open(tmp_path / "tomt"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = str(app.screen.query_one("#empty-note", Static).content)
        for step in ("organregistret", "CSV-fil", "importerar en kallelse", "nytt sammanträde"):
            assert step in note
        # Every key the note names is the one the screen binds.
        keys = {b.key: b.action for b in MeetingsScreen.BINDINGS}
        assert keys["g"] == "organ_register" and keys["n"] == "new_meeting"
        assert keys["i"] == "import_kallelse"
        assert app.screen.check_action("new_meeting", ()) is True


@pytest.mark.parametrize(("key", "then"), [("n", MeetingForm), ("i", ImportScreen)])
async def test_n_and_i_without_an_organ_offer_to_create_it(tmp_path: Path, key, then) -> None:
    root = tmp_path / "tomt"
    app = make_app(Store.open(root))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "inget organ" in app.screen.question
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, OrganForm)
        app.screen.query_one("#namn", Input).value = "Kommunstyrelsen"
        app.screen.query_one("#kortnamn", Input).value = "KS"
        app.screen.query_one("#kommun", Input).value = "Åbo kommun"
        await pilot.press("f2")
        await pilot.pause()
        # The organ is saved and the user goes on to what they asked for.
        assert isinstance(app.screen, then)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert "nytt sammanträde" in str(app.screen.query_one("#empty-note", Static).content)
    with Store.open(root, readonly=True) as store:
        assert [(o.id, o.namn) for o in store.organs()] == [("abo-ks", "Kommunstyrelsen")]


async def test_declining_the_organ_leaves_the_store_empty(tmp_path: Path) -> None:
    root = tmp_path / "tomt"
    app = make_app(Store.open(root))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    with Store.open(root, readonly=True) as store:
        assert store.organs() == []
