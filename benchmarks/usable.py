"""Starts Kallelse as `kallelse --store DIR` does and exits at its first usable frame.

    python benchmarks/usable.py DIR [--pty]

Usable: the meetings list with its footer keys and every row it has room for (all rows when
fewer), in the frame just written to the terminal. Headless at 120x40 by default; with --pty
on the real terminal driver of the pseudo-terminal that benchmarks/launch.py gives it. The
start-up measured is this process from exec to exit, so the wrapper adds only its own few
lines: the app's imports, store opening and screens are all inside the window.

The bare Textual app it is compared with is HELLO_APP in run.py, run the same way.
"""

from __future__ import annotations

import os
import sys
from typing import Any

# The old first-frame exit must not fire here: this exits later, at the usable frame.
os.environ.pop("KALLELSE_EXIT_AFTER_FIRST_FRAME", None)

SIZE = (120, 40)


def usable(app: Any) -> bool:
    from textual.widgets import OptionList

    from kallelse_tui.tui.footer import KallelseFooter
    from kallelse_tui.tui.meetings_screen import MeetingsScreen

    screen = app.screen
    if not isinstance(screen, MeetingsScreen) or not any(
        f.entries for f in screen.query(KallelseFooter)
    ):
        return False
    table = screen.query_one("#meeting-table", OptionList)
    wanted = len(screen._rows)  # what the store holds, newest first
    if not wanted:
        return bool(screen._organs) or screen.query_one("#empty-note").display
    room = table.scrollable_content_region.height
    return room > 0 and table.option_count >= min(wanted, room)


def main() -> int:
    store, pty = sys.argv[1], "--pty" in sys.argv[2:]
    from kallelse_tui import cli
    from kallelse_tui.tui.app import KallelseApp

    display, run = KallelseApp._display, KallelseApp.run
    exiting: list[bool] = []

    def display_then_check(self: Any, screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is not None and not exiting and usable(self):
            exiting.append(True)
            self.exit()

    def run_here(self: Any, **kwargs: Any) -> Any:
        return run(self, headless=not pty, size=None if pty else SIZE)

    KallelseApp._display = display_then_check  # type: ignore[method-assign]
    KallelseApp.run = run_here  # type: ignore[method-assign]
    return cli.main(["--store", store])


if __name__ == "__main__":
    raise SystemExit(main())
