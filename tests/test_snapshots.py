"""One snapshot per screen (review diffs, then `pytest --snapshot-update`)."""

from datetime import date

import pytest

from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app

SIZE = (120, 40)
TODAY = date(2026, 11, 20)
UTKAST = ["enter"]  # the newest meeting, Sjöbacka KS 2026-12-08, is an utkast
JUSTERAT = ["down", "down", "down", "down", "enter"]
KF = ["down", "enter"]  # Norrvik KF 2026-11-30, kallad: meeting mode starts it
MOTET = [*KF, "p", "j", "escape", *["ctrl+n"] * 5]  # at "Lokalförsörjningsplan", § 1–6 opened


def app_for(store_dir):
    return make_app(Store.open(store_dir), idag=lambda: TODAY)


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param([], id="meetings"),
        pytest.param(["o", "down", "down", "enter"], id="meetings-one-organ"),
        pytest.param(["f1"], id="help"),
        pytest.param(["n"], id="meeting-form"),
        pytest.param(["i"], id="import-kallelse"),
        pytest.param(UTKAST, id="meeting-editor"),
        pytest.param([*JUSTERAT, *["down"] * 5], id="meeting-justerat"),
        pytest.param([*UTKAST, "down", "down", "down", "down", "enter"], id="arende-form"),
        pytest.param([*UTKAST, "delete"], id="confirm"),
        pytest.param([*UTKAST, "s"], id="send-form"),
        pytest.param([*UTKAST, "x"], id="export-form"),
        pytest.param(["g"], id="organ-register"),
        pytest.param(["g", "e"], id="organ-form"),
        pytest.param(["g", "tab", "enter"], id="ledamot-form"),
        pytest.param(["g", "c"], id="csv-import"),
        pytest.param([*UTKAST, *["down"] * 5, "b"], id="underlag"),
        pytest.param(["slash"], id="search-empty"),
        pytest.param(["down", "down", "enter", "j"], id="justering"),
        pytest.param([*JUSTERAT, "u"], id="expediering"),
        pytest.param([*JUSTERAT, "j", "f9"], id="publicera-anslagstavlan"),
    ],
)
def test_screen(snap_compare, fixed_demo_dir, keys):
    async def run(pilot):
        await pilot.press(*keys)
        await without_blinking(pilot)

    assert snap_compare(app_for(fixed_demo_dir), terminal_size=SIZE, run_before=run)


async def without_blinking(pilot):
    """Cursors shown steadily: a blinking one was drawn or not by how long the keys took
    (a slow CI machine drew an ärende form without it)."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def test_arvode_form(snap_compare, fixed_demo_dir):
    async def open_form(pilot):
        pilot.app.screen.arvodesunderlag()  # the palette's "Arvodesunderlag …"
        await pilot.pause()

    assert snap_compare(app_for(fixed_demo_dir), terminal_size=SIZE, run_before=open_form)


def test_search_with_hits(snap_compare, fixed_demo_dir):
    async def search(pilot):
        await pilot.press("slash")
        screen = pilot.app.screen
        screen.query_one("#search-input").value = "KS 2025/207"
        await pilot.pause(0.3)  # past the debounce, then draw once more from a settled state
        screen.query_one("#search-input").cursor_blink = False
        screen.run_search()
        await pilot.pause()

    assert snap_compare(app_for(fixed_demo_dir), terminal_size=SIZE, run_before=search)


def test_file_picker(snap_compare, fixed_demo_dir):
    async def open_picker(pilot):
        await pilot.press(*UTKAST, *["down"] * 5, "b", "a")
        tree = pilot.app.screen.query_one("#picker-tree")
        for _ in range(100):  # the folder tree loads in a worker of its own
            if tree.root.children:
                break
            await pilot.pause(0.05)
        pilot.app.screen.query_one("#picker-path").cursor_blink = False  # waited: no blinking
        await pilot.pause()

    assert snap_compare(app_for(fixed_demo_dir), terminal_size=SIZE, run_before=open_picker)


@pytest.mark.parametrize(
    ("before", "keys"),
    [
        pytest.param(KF, ["p", "j"], id="narvaro"),
        pytest.param(MOTET, [], id="sammantrade"),
        pytest.param(MOTET, ["u"], id="utfall"),
        pytest.param(MOTET, ["y"], id="yrkanden"),
        pytest.param(MOTET, ["y", "a"], id="yrkande-form"),
        pytest.param(MOTET, ["o", "j", "j", "n"], id="omrostning"),
        pytest.param(MOTET, ["r", "a"], id="anteckning-form"),
        pytest.param(MOTET, ["j"], id="jav"),
        pytest.param(MOTET, ["m"], id="omedelbar-justering"),
        pytest.param([*JUSTERAT, "p", *["up"] * 7], ["l"], id="listposter"),
        pytest.param([*JUSTERAT, "j"], ["f8"], id="signera-form"),
    ],
)
def test_meeting_mode(snap_compare, fixed_demo_dir, before, keys):
    """Meeting mode announces itself with toasts; they go before the screen is drawn (a
    toast under a modal fades at its own pace)."""

    async def run(pilot):
        await pilot.press(*before)
        pilot.app.clear_notifications()
        await pilot.pause()
        await pilot.press(*keys)
        pilot.app.clear_notifications()
        await without_blinking(pilot)

    assert snap_compare(app_for(fixed_demo_dir), terminal_size=SIZE, run_before=run)
