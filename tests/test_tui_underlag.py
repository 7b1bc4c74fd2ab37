"""Pilot tests: attaching documents to an ärende, and searching the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, OptionList

from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.file_picker import FilePicker
from kallelse_tui.tui.meeting_screen import MeetingScreen
from kallelse_tui.tui.search_screen import SearchScreen
from kallelse_tui.tui.underlag_form import UnderlagForm
from kallelse_tui.tui.underlag_screen import UnderlagScreen

SIZE = (120, 40)
TODAY = date(2026, 11, 20)
MEETING = "sjobacka-ks-2026-12-08"


def docs(store_dir, nummer):
    with Store.open(store_dir, readonly=True) as store:
        return store.meeting(MEETING).arenden[nummer - 1].beslutsunderlag


async def attach(pilot, app, path: Path) -> None:
    await pilot.press("a")
    assert isinstance(app.screen, FilePicker)
    app.screen.query_one("#picker-path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, UnderlagForm)
    await pilot.press("f2")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_attach_rename_reorder_and_remove_documents(demo_dir, tmp_path):
    (tmp_path / "Tjänsteskrivelse_avfallsplan.txt").write_text("Avfallsplanens mål.", "utf-8")
    (tmp_path / "bilaga_karta.md").write_text("Karta över återvinningscentraler.", "utf-8")
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", *["down"] * 5, "b")  # ärende 6, Avfallsplan
        assert isinstance(app.screen, UnderlagScreen)
        await attach(pilot, app, tmp_path / "Tjänsteskrivelse_avfallsplan.txt")
        await attach(pilot, app, tmp_path / "bilaga_karta.md")
        assert [(d.titel, d.typ.value, d.textstatus.value) for d in docs(demo_dir, 6)] == [
            ("Tjänsteskrivelse avfallsplan", "tjänsteskrivelse", "text"),
            ("Bilaga karta", "bilaga", "text"),
        ]
        # Rename the tjänsteskrivelse (the cursor is on the document attached last).
        await pilot.press("up", "enter")
        assert isinstance(app.screen, UnderlagForm)
        app.screen.query_one("#titel", Input).value = "Tjänsteskrivelse om avfallsplan"
        await pilot.press("f2")
        await pilot.press("J")  # move it below the map
        assert [d.titel for d in docs(demo_dir, 6)] == [
            "Bilaga karta",
            "Tjänsteskrivelse om avfallsplan",
        ]
        await pilot.press("delete", "j")
        assert [d.titel for d in docs(demo_dir, 6)] == ["Bilaga karta"]
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingScreen)
        rows = app.screen.query_one("#arende-table", OptionList)
        line = str(rows.get_option(app.screen.mote.arenden[5].id).prompt)
        assert line.rstrip().endswith(" 1")  # the Underlag column counts documents


async def test_a_folder_or_a_missing_file_is_refused_in_the_picker(demo_dir, tmp_path):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", *["down"] * 5, "b", "a")
        picker = app.screen
        picker.query_one("#picker-path", Input).value = str(tmp_path / "finns-inte.pdf")
        await pilot.press("enter")
        assert isinstance(app.screen, FilePicker)
        assert "finns inte" in str(picker.query_one("#picker-error").render())
        (tmp_path / "tom.txt").write_text("")
        picker.query_one("#picker-path", Input).value = str(tmp_path / "tom.txt")
        await pilot.press("enter", "f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(n.title == "Inte bifogad" and "tom" in n.message for n in app._notifications)
        assert docs(demo_dir, 6) == []


async def test_search_by_word_and_by_dnr_opens_the_ärende(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#search-input", Input).value = "förskola"
        await pilot.press("enter")
        results = app.screen.query_one("#search-results", OptionList)
        assert results.option_count >= 2
        # A Dnr in another shape finds the same ärende and shows its history.
        app.screen.query_one("#search-input", Input).value = "Dnr 2025-00207"
        await pilot.pause(0.3)
        history = app.screen.query_one("#search-history", OptionList)
        assert history.display and history.option_count == 3  # heading + KS + KF
        await pilot.press("down")  # into the history, then open the first row
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.current_id() is not None
        arende = app.screen.mote.arende(app.screen.current_id())
        assert arende.dnr == "KS 2025/207"


async def test_open_in_viewer_passes_a_named_copy_as_a_list_argument(demo_dir, monkeypatch):
    import contextlib
    import subprocess

    calls = []
    monkeypatch.setenv("KALLELSE_OPEN", "less -R")
    monkeypatch.setattr(subprocess, "run", lambda args, **kw: calls.append(args))
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(4):
            await pilot.press("down")
        await pilot.press("enter", *["down"] * 5, "b", "v")  # KS 2026-10-19, ärende 6
        assert isinstance(app.screen, UnderlagScreen)
    [args] = calls
    assert args[:2] == ["less", "-R"]
    opened = Path(args[2])
    assert opened.name == "Tjänsteskrivelse internbudget 2027.txt"
    assert "412,6 mkr" in opened.read_text(encoding="utf-8")


async def test_whatever_is_pasted_as_a_path_is_answered_not_raised(demo_dir):
    # Found by the monkey test: a page of pasted text as a file name raised
    # "File name too long" out of pathlib; a NUL byte and an unknown ~user did the same.
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", *["down"] * 5, "b", "a")
        picker = app.screen
        for text in ("Detaljplan § 12 kvarteret Åkern " * 300, "rapport\x00.pdf", "~ingen/x.pdf"):
            picker.query_one("#picker-path", Input).value = text
            await pilot.press("enter")
            assert isinstance(app.screen, FilePicker)
            message = str(picker.query_one("#picker-error").render())
            assert "finns inte" in message and len(message) < 200


async def test_a_scanned_document_is_marked_checked_for_publication(demo_dir, tmp_path):
    from textual.widgets import Checkbox

    (tmp_path / "skannad.txt").write_text("Avtalet.", "utf-8")
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", *["down"] * 5, "b")
        await attach(pilot, app, tmp_path / "skannad.txt")
        assert docs(demo_dir, 6)[0].granskad_for_publicering is False
        await pilot.press("enter")
        assert isinstance(app.screen, UnderlagForm)
        app.screen.query_one("#granskad", Checkbox).value = True
        await pilot.press("f2")
        await pilot.pause()
        assert docs(demo_dir, 6)[0].granskad_for_publicering is True
