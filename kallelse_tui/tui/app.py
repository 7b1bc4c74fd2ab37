"""The Textual app: thin, it holds the store and the screens do the work."""

from __future__ import annotations

import contextlib
import gc
import math
import os
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual._styles_cache import StylesCache
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen

from kallelse_tui.store import StoreApi
from kallelse_tui.tui.kontrolltecken import KONTROLLFILTER
from kallelse_tui.tui.meetings_screen import MeetingsScreen
from kallelse_tui.tui.partial_render import install as install_partial_render

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete
    from textual.command import Provider
    from textual.timer import Timer

install_partial_render()  # an update renders only the widgets it touches (see the module)

# Set by benchmarks/run.py: leave as soon as the meetings screen has painted once.
EXIT_AFTER_FIRST_FRAME = "KALLELSE_EXIT_AFTER_FIRST_FRAME"


class KallelseApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Kallelse"
    COMMANDS = {lambda: _palette_provider()}
    BINDINGS = [
        Binding("f1", "help", "Hjälp", id="app.help"),
        Binding("question_mark", "help", "Hjälp", show=False, id="app.help2"),
        Binding("ctrl+p", "command_palette", "Kommandon", id="app.palette"),
        Binding("slash", "search", "Sök", id="app.search"),
        Binding("ctrl+f", "search", "Sök", show=False, id="app.search2"),
        Binding("q", "quit", "Avsluta", id="app.quit"),
    ]

    # How often a store opened read-only (another process wrote to it) is tried for writing.
    REOPEN_POLL_S = 3.0

    def __init__(
        self,
        store: StoreApi,
        notice: str = "",
        idag: Callable[[], date] = date.today,
        locked_out: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.idag = idag  # tests fix the clock here
        self.last_attach_folder: Path | None = None  # the file picker starts there
        self.last_export_folder: Path | None = None  # utdrag and anslagsbevis go there
        self._notice = notice
        self._locked_out = locked_out  # read-only because another process writes
        self._last_input = time.monotonic()
        self._deep_at = 0  # objects frozen after the last deep collection (or start-up)
        self._gc_timer: Timer | None = None  # once the app collects for itself

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        """A full collection once the collector would have run one and the keyboard has
        rested long enough (the longer it is overdue, the shorter the pause it waits
        for); its survivors are frozen, so the next one walks only what came since. What
        the frozen hold that has become garbage since (a closed screen's widgets) goes in a
        deep collection of everything after DEEP_IDLE_S without a key."""
        idle = time.monotonic() - self._last_input
        if idle >= _pause_needed(gc.get_count()[2]):
            gc.collect()
            gc.freeze()
        elif idle >= DEEP_IDLE_S and gc.get_freeze_count() >= self._deep_at + _DEEP_GROWTH:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._deep_at = gc.get_freeze_count()

    def pop_screen(self) -> AwaitComplete:
        # Leaving a screen is a pause of its own: what opening screens left is walked here
        # as soon as it is due, a little at a time, not in one long walk at the next rest.
        if self._gc_timer is not None and gc.get_count()[2] >= _FULL_AFTER:
            gc.collect()
            gc.freeze()
        return super().pop_screen()

    def _collect_from_now_on(self) -> None:
        """After the first frame: what start-up made stays for the app's life, so it is moved
        out of the collector's sight (every later full collection skips it), then collect."""
        gc.freeze()
        self._deep_at = gc.get_freeze_count()
        young, middle, _full = gc.get_threshold()
        gc.set_threshold(young, middle, _NEVER)
        gc.enable()
        # Only an app that took collection over freezes: where the collector runs as usual
        # (tests, an embedding program) freezing would keep closed screens alive for good.
        self._gc_timer = self.set_interval(IDLE_CHECK_S, self._collect_when_idle, name="gc")

    def on_mount(self) -> None:
        self.push_screen(MeetingsScreen(self.store))
        if self._notice:
            self.notify(self._notice, severity="warning", timeout=10)
        for message in self.store.meddelanden:  # crash leftovers put back at open
            self.notify(message, title="Lagret", severity="warning", timeout=20)
        self.store.follow(self._changed_elsewhere)
        if not gc.isenabled():  # the command line starts the app without collecting
            self.screen.call_after_refresh(self._collect_from_now_on)
        if os.environ.get(EXIT_AFTER_FIRST_FRAME):
            self.screen.call_after_refresh(self.exit)
        elif self._locked_out and self.store.readonly:
            self._poll = self.set_interval(self.REOPEN_POLL_S, self._try_writable)

    def _changed_elsewhere(self, change: str) -> None:
        """Another session saved (called from the store's listener thread)."""
        from kallelse_tui.tui.andringar import StoreChanged

        def tell() -> None:
            for screen in self.screen_stack:
                screen.post_message(StoreChanged(change))

        with contextlib.suppress(RuntimeError):  # the app is closing: nothing to follow
            self.call_from_thread(tell)

    def _try_writable(self) -> None:
        """Once the other writer has gone, offer to reopen the store with write access."""
        from kallelse_tui.store import StoreError

        try:
            writable = self.store.reopen()
        except StoreError:
            return  # still held (or gone altogether: the read-only copy stays as it is)
        self._poll.stop()
        from kallelse_tui.tui.confirm_screen import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._reopen(writable))
            else:
                writable.close()

        self.push_screen(
            ConfirmScreen(
                "Den andra processen har stängt lagret. Öppna det med skrivrätt?",
                "Du kommer tillbaka till sammanträdeslistan; inget du sett har ändrats.",
            ),
            answered,
        )

    async def _reopen(self, writable: StoreApi) -> None:
        while len(self.screen_stack) > 2:  # the default screen and the meetings list
            await self.pop_screen()
        self.store.close()
        self.store = writable
        await self.switch_screen(MeetingsScreen(writable))
        self.notify("Lagret är öppnat med skrivrätt.")

    async def _replace_screen(self, screen: Screen[object]) -> Screen[object]:
        """A screen leaves the stack. Textual's StylesCache.get_inner_outer is an
        lru_cache on a method (textual#6665): it keeps up to 1024 StylesCaches of removed
        widgets alive, each with its rendered lines, some 200,000 objects after an hour
        of opening meetings, which every full garbage collection then walks (100-300 ms
        with the keyboard waiting). Emptying it drops the dead ones; the live ones
        recompute on their next paint."""
        replaced = await super()._replace_screen(screen)
        StylesCache.get_inner_outer.cache_clear()
        return replaced

    def action_help(self) -> None:
        from kallelse_tui.tui.help_screen import HelpScreen  # Markdown: off the start-up path

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_search(self) -> None:
        from kallelse_tui.tui.search_screen import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.store))

    def action_command_palette(self) -> None:
        from kallelse_tui.tui.svenska import Kommandopalett

        if self.use_command_palette and not Kommandopalett.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                Kommandopalett(placeholder="Sök ett kommando…", id="--command-palette")
            )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        return ()  # KallelseCommands lists every action in Swedish

    def on_unmount(self) -> None:
        self.store.close()

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), KONTROLLFILTER]  # no escapes from data


# Full collections walk every object the app holds (a 60-item meeting on screen: over
# 100,000, 50-300 ms on a slow machine), so they wait for a pause: the collector's own
# trigger for them is set out of reach, and every IDLE_CHECK_S the app runs one if the
# collector would have by now and no key came for a while, or when a screen is left.
# Young objects are still collected as they go (generations 0 and 1, a millisecond or
# two). Freezing what each one leaves makes the next one cost what came since, so none may
# wait too long: what two minutes of opening meetings and typing without a second's pause
# left took 0.9 s to walk. The rare deep one waits for a real rest.
IDLE_CHECK_S = 0.1
DEEP_IDLE_S = 10.0
_DEEP_GROWTH = 20_000  # objects frozen since the last deep collection: a screen or two
_NEVER = 1_000_000
_FULL_AFTER = gc.get_threshold()[2]  # the collector's own: gen-1 collections per full one
# (gen-1 collections since the last full one, the pause at the keyboard it then waits for):
# a reading pause when just due, a pause between sentences when three times over, and
# none when typing never pauses, before memory grows without end.
_PAUSES = ((20 * _FULL_AFTER, 0.0), (3 * _FULL_AFTER, 0.3), (_FULL_AFTER, 1.0))


def _pause_needed(due: int) -> float:
    """How long the keyboard must have rested for a full collection (inf: not due)."""
    return next((pause for after, pause in _PAUSES if due >= after), math.inf)


def _palette_provider() -> type[Provider]:
    from kallelse_tui.tui.commands import KallelseCommands

    return KallelseCommands


def make_app(
    store: StoreApi,
    notice: str = "",
    idag: Callable[[], date] = date.today,
    locked_out: bool = False,
) -> KallelseApp:
    """The app factory, used by the command line and by the tests. `locked_out`: the store
    is read-only because another process writes to it (the app offers write access once
    it has gone)."""
    return KallelseApp(store, notice, idag, locked_out)
