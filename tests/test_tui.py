"""Pilot tests: keys pressed as a secretary would, the screen and the store checked."""

from __future__ import annotations

import asyncio
import gc
import weakref

from textual.command import CommandPalette
from textual.widgets import DataTable, Input, OptionList, Static

from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.arende_form import ArendeForm
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.help_screen import HelpScreen
from kallelse_tui.tui.meeting_screen import MeetingScreen, arende_columns
from kallelse_tui.tui.meetings_screen import MeetingsScreen

SIZE = (120, 40)


def table_rows(screen, selector: str) -> list[str]:
    widget = screen.query_one(selector)
    if isinstance(widget, OptionList):
        return [str(widget.get_option_at_index(i).id) for i in range(widget.option_count)]
    return [str(key.value) for key in widget.rows]


async def test_meetings_screen_lists_every_meeting_newest_first(demo_dir):
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert table_rows(app.screen, "#meeting-table") == [
            "sjobacka-ks-2026-12-08",
            "norrvik-kf-2026-11-30",
            "sjobacka-sbn-2026-11-17",
            "norrvik-ksau-2026-11-09",
            "norrvik-ks-2026-10-19",
            "sjobacka-ks-2026-09-29",
        ]
        table = app.screen.query_one("#meeting-table", OptionList)
        line = str(table.get_option("norrvik-ks-2026-10-19").prompt)
        assert line.split()[:7] == [
            "2026-10-19",
            "mån",
            "KS",
            "Norrviks",
            "kommun",
            "Justerat",
            "11",
        ]


async def test_choosing_an_organ_filters_the_meetings(demo_dir):
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        organ_list = app.screen.query_one("#organ-list", OptionList)
        assert app.screen.focused is organ_list
        # Alla organ, [Norrviks kommun], KF, KS ...
        await pilot.press("down")
        assert organ_list.get_option_at_index(organ_list.highlighted).id == "norrvik-kf"
        assert table_rows(app.screen, "#meeting-table") == ["norrvik-kf-2026-11-30"]
        title = app.screen.query_one("#meeting-title", Static)
        assert "Kommunfullmäktige, Norrviks kommun" in str(title.content)
        await pilot.press("enter")  # picks the organ and moves to the meetings
        assert app.screen.focused is app.screen.query_one("#meeting-table")
        await pilot.press("a")
        assert len(table_rows(app.screen, "#meeting-table")) == 6


async def test_enter_opens_the_meeting_overview_and_escape_returns(demo_dir):
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.mote.id == "norrvik-ks-2026-10-19"
        assert len(table_rows(screen, "#arende-table")) == 11
        summary = str(screen.query_one("#meeting-summary", Static).render())
        assert "Måndagen den 19 oktober 2026 kl 09:00, Kommunhuset, Sessionssalen" in summary
        for _ in range(5):
            await pilot.press("down")
        detail = str(screen.query_one("#arende-text", Static).render())
        assert "Fördelning av kommunstyrelsens internbudget 2027" in detail
        assert "§ 176 Kommunstyrelsens beslut" in detail
        assert "Omröstning" in detail and "Ja (8)" in detail and "Nej (2)" in detail
        assert "Reservation" in detail and "Malin Rönnqvist (SD)" in detail
        await pilot.press("down", "down")
        detail = str(screen.query_one("#arende-text", Static).render())
        assert "Rolf Hägglund (S) anmäler jäv; Kerstin Öhman (S) tjänstgör" in detail
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingsScreen)


async def test_the_footer_draws_the_screens_keys_and_a_click_presses_one(demo_dir):
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the newest meeting: a draft
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        footer = app.screen.query_one(KallelseFooter)
        line = footer.render().plain
        assert line.startswith(" n Nytt ärende  m Uppgifter ") and " f1 Hjälp " in line
        assert footer.shown()["Exportera"]
        x = 0
        for entry in footer.entries:
            if entry.action == "new_arende":
                break
            x += entry.cells
        await pilot.click(KallelseFooter, offset=(x + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, ArendeForm)


def test_the_arendelista_columns_fit_the_line_and_show_only_what_some_arende_has():
    draft = [
        ("1", "Upprop", "", "standard", "", ""),
        ("2", "Avfallsplan", "KS 2020/434", "beslut", "", ""),
    ]
    columns = arende_columns(draft, 78)
    assert [title for _i, (title, *_rest) in columns] == ["Nr", "Ärende", "Dnr", "Typ"]
    assert sum(width for _i, (_t, width, _j) in columns) + 2 * len(columns) == 78
    held = [*draft, ("3", "Delårsrapport", "", "beslut", "§ 12", "2")]
    titles = [title for _i, (title, *_rest) in arende_columns(held, 78)]
    assert titles == ["Nr", "Ärende", "Dnr", "Typ", "§", "Underlag"]
    assert dict(arende_columns(held, 20))[1][1] == 16  # the title is never squeezed away


async def test_the_arendelista_fits_its_width_from_the_first_frame_and_after_a_resize(demo_dir):
    app = make_app(Store.open(demo_dir))
    fitted_at_resume: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        original = MeetingScreen.refresh_meeting

        def recording(self, cursor=None):
            original(self, cursor)
            fitted_at_resume.append(self._fitted)

        MeetingScreen.refresh_meeting = recording  # type: ignore[method-assign]
        try:
            await pilot.press("down", "down", "down", "down", "enter")
            await pilot.pause()
        finally:
            MeetingScreen.refresh_meeting = original  # type: ignore[method-assign]
        screen = app.screen
        rows = screen.query_one("#arende-table", OptionList)
        width = rows.scrollable_content_region.width
        assert fitted_at_resume[0] == width  # the lines of the first frame were made to fit

        def lines() -> list[str]:
            return [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]

        assert all(len(line.rstrip()) <= width for line in lines())
        assert "§ 176" in lines()[5]  # the § column is on the line at 120 columns
        cut = lines()[5]
        await pilot.press("down", "down")
        await pilot.resize_terminal(160, 40)
        await pilot.pause(0.2)
        wider = rows.scrollable_content_region.width
        assert wider > width and screen._fitted == wider
        assert len(lines()[5].split("  ")[1]) > len(cut.split("  ")[1])  # a longer title
        assert screen.current_id() == screen.mote.arenden[2].id  # the cursor stayed

        # The cursor stops at the ends, as the DataTable's did: no jump to the other end.
        await pilot.press("up", "up", "up", "up")
        assert screen.current_id() == screen.mote.arenden[0].id
        await pilot.press(*["down"] * (rows.option_count + 3))
        assert screen.current_id() == screen.mote.arenden[-1].id


async def test_help_lists_the_screens_keys(demo_dir):
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys", DataTable)
        described = {str(keys.get_row_at(i)[1]) for i in range(keys.row_count)}
        assert {"Öppna", "Välj organ", "Alla organ", "Avsluta", "Hjälp"} <= described
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_command_palette_opens_a_meeting_by_name(demo_dir):
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        palette_input = app.screen.query_one(Input)
        palette_input.value = "Öppna sammanträde: SBN"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.mote.id == "sjobacka-sbn-2026-11-17"


async def test_command_palette_reaches_the_screen_actions_in_swedish(demo_dir):
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        from kallelse_tui.tui.commands import _commands

        names = {name for name, _help, _cb in _commands(app.screen)}
        assert {"Öppna", "Välj organ", "Alla organ", "Läs om lagret", "Hjälp", "Avsluta"} <= names
        assert "Byt färgtema" in names
        assert "Öppna sammanträde: KF 2026-11-30" in names
        await pilot.press("q")
    assert app.return_code == 0


async def test_readonly_store_is_shown_and_noticed(demo_dir):
    app = make_app(Store.open(demo_dir, readonly=True), notice="Öppnat skrivskyddat.")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "skrivskyddat" in app.screen.sub_title
        assert any("skrivskyddat" in n.message for n in app._notifications)


async def test_empty_store_says_so(tmp_path):
    app = make_app(Store.open(tmp_path / "tomt"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = app.screen.query_one("#empty-note", Static)
        assert note.display and "Lagret är tomt" in str(note.content)
        await pilot.press("enter", "down", "a", "r")
        assert isinstance(app.screen, MeetingsScreen)


async def test_a_closed_screen_leaves_no_rendered_lines_behind(demo_dir, monkeypatch):
    """Textual's StylesCache.get_inner_outer (an lru_cache on a method, textual#6665) kept
    the render caches of removed widgets alive, and every full garbage collection walked
    them: the app empties it when a screen leaves. With the collector running as usual (as
    here) the app freezes nothing: frozen widgets would outlive their screen."""
    from kallelse_tui.tui import app as app_module

    monkeypatch.setattr(app_module, "_FULL_AFTER", 0)  # a collection always due,
    monkeypatch.setattr(app_module, "_PAUSES", ((0, 0.0),))  # at once
    app = make_app(Store.open(demo_dir))
    frozen = gc.get_freeze_count()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await asyncio.sleep(1.2)  # time for one
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        caches = [weakref.ref(w._styles_cache) for w in screen.query("*")]
        await pilot.press("escape")
        await pilot.pause()
        del screen
        gc.collect()
        assert isinstance(app.screen, MeetingsScreen)
        assert caches and all(ref() is None for ref in caches)
        assert gc.get_freeze_count() == frozen


async def test_full_collections_wait_until_the_keyboard_rests(demo_dir, monkeypatch):
    """After the first frame the collector runs no full collection by itself; the app
    runs one once it is due and no key has come for a second (or when long overdue), and
    freezes what survives it; a deep one (all unfrozen) after a long rest."""
    from kallelse_tui.tui import app as app_module

    thresholds = gc.get_threshold()
    collected: list[int] = []
    calls: list[str] = []
    monkeypatch.setattr(app_module.gc, "collect", lambda *a: collected.append(1) or 0)
    monkeypatch.setattr(app_module.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(app_module.gc, "unfreeze", lambda: calls.append("unfreeze"))
    gc.disable()  # as the command line starts the app
    try:
        app = make_app(Store.open(demo_dir))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.isenabled() and gc.get_threshold()[2] >= 1_000_000
            app._gc_timer.pause()  # the calls below are the test's alone
            assert calls[:1] == ["freeze"]  # what start-up made
            collected.clear()
            calls.clear()
            full = app_module._FULL_AFTER
            counts = [(0, 0, full)]
            monkeypatch.setattr(app_module.gc, "get_count", lambda: counts[0])
            await pilot.press("down")
            app._collect_when_idle()
            app._last_input -= 0.5
            app._collect_when_idle()
            assert collected == []  # just due: it waits for a reading pause
            app._last_input -= 0.5
            app._collect_when_idle()
            assert collected == [1]
            await pilot.press("up")
            counts[0] = (0, 0, 3 * full)
            app._collect_when_idle()
            assert collected == [1]  # a key just now
            app._last_input -= 0.3
            app._collect_when_idle()
            assert collected == [1, 1]  # three times over: a pause between sentences will do
            await pilot.press("down")
            counts[0] = (0, 0, 20 * full)
            app._collect_when_idle()
            assert collected == [1, 1, 1]  # typing on and on: it runs anyway
            assert calls == ["freeze"] * 3  # what each one left

            # Leaving a screen: a collection there as soon as one is due.
            counts[0] = (0, 0, full - 1)
            await pilot.press("enter", "escape")
            assert isinstance(app.screen, MeetingsScreen) and collected == [1, 1, 1]
            counts[0] = (0, 0, full)
            await pilot.press("enter", "escape")
            assert isinstance(app.screen, MeetingsScreen) and collected == [1, 1, 1, 1]

            # Not due, and a long rest: a deep collection once enough has been frozen.
            counts[0] = (0, 0, 0)
            frozen = [app._deep_at + app_module._DEEP_GROWTH - 1]
            monkeypatch.setattr(app_module.gc, "get_freeze_count", lambda: frozen[0])
            app._last_input -= app_module.DEEP_IDLE_S
            app._collect_when_idle()
            assert len(collected) == 4  # too little frozen since the last deep one
            frozen[0] += 1
            app._collect_when_idle()
            assert len(collected) == 5 and calls[-2:] == ["unfreeze", "freeze"]
            app._collect_when_idle()
            assert len(collected) == 5  # counted from this deep one now
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        gc.enable()
