"""One snapshot per screen (review diffs, then `pytest --snapshot-update`)."""

from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app

SIZE = (120, 40)


def test_meetings_screen(snap_compare, fixed_demo_dir):
    assert snap_compare(make_app(Store.open(fixed_demo_dir)), terminal_size=SIZE)


def test_meetings_screen_one_organ(snap_compare, fixed_demo_dir):
    app = make_app(Store.open(fixed_demo_dir))
    assert snap_compare(app, terminal_size=SIZE, press=["o", "down", "down", "enter"])


def test_meeting_screen(snap_compare, fixed_demo_dir):
    app = make_app(Store.open(fixed_demo_dir))
    keys = ["down", "down", "down", "down", "enter", *["down"] * 5]
    assert snap_compare(app, terminal_size=SIZE, press=keys)


def test_help_screen(snap_compare, fixed_demo_dir):
    assert snap_compare(make_app(Store.open(fixed_demo_dir)), terminal_size=SIZE, press=["f1"])
