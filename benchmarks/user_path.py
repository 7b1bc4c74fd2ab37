"""The app in process, driven as a secretary uses it, for benchmarks/run.py.

Keys are posted as the terminal driver posts them (Pilot.press would add its own idle waits
of 2 x 20 ms and more to every key). Every frame the app hands to the (headless) terminal is
recorded with what the phase looks for, so a time runs from the key to the first frame that
shows its effect. Where keys come on a clock (10 keys per second), the time runs from the
moment the key was due, not from when the busy event loop got round to taking it, just as a
real terminal's key waits in its buffer.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import BenchError, p95
from synth import Generator

from kallelse_tui.store import Store

TUI_SIZE = (120, 40)
TYPING_INTERVAL_S = (0.05, 0.15)  # between two keys: on average 10 keys per second
SENTENCE_PAUSE_S = 0.5  # after a full stop the typist looks up (the debounced save fires)


@dataclass(frozen=True)
class TuiJob:
    store_dir: Path
    big_meeting: str  # the 60-item meeting in progress, typed into in meeting mode
    big_rows: int
    cold: list[str]  # meetings opened once each, files not cached
    warm_opens: int  # repeat opens of the big meeting
    keystrokes: int  # the old metric: each key after the previous one settled
    typed_keys: int  # the new one: keys on a 10-per-second clock, saves included
    queries: list[str]  # typed into the search screen
    seed: int


def measure_tui(job: TuiJob) -> dict[str, float]:
    thresholds = gc.get_threshold()
    try:
        return asyncio.run(_measure(job))
    finally:  # the app set the collector up for itself (see _measure); the benchmark goes on
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        gc.enable()


def typing_text(seed: int, keys: int) -> str:
    """What a secretary types into a beslut: Swedish sentences, `keys` characters."""
    gen = Generator(f"{seed}:typing")
    text = ""
    while len(text) < keys:
        text += " " + gen.sentence()
    return text[:keys]


def uncache(store_dir: Path, meeting_ids: list[str]) -> None:
    """Drop the meetings' files from the page cache (their pages only: the machine's other
    files stay), so the first open reads them from disk as after a reboot."""
    for meeting_id in meeting_ids:
        for path in store_dir.glob(f"sammantraden/*/{meeting_id}.json"):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _send_key(app: Any, key: str) -> None:
    """Post one key event to the app as the terminal driver would."""
    from textual import events
    from textual.keys import _character_to_key

    char = key if len(key) == 1 else None
    if char is not None and not char.isalnum():
        key = _character_to_key(char)
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def _until(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    """Yield to the app's tasks until `condition()` holds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise BenchError(f"Tidsgränsen nåddes: {what}.")
        await asyncio.sleep(0)


async def _frame(frames: Frames, since: int, at_least: Any, what: str) -> float:
    """Wait for the first frame from `since` on whose probe said `at_least`; its time."""
    deadline = time.perf_counter() + 30
    while (at := frames.first(since, at_least)) is None:
        if time.perf_counter() > deadline:
            raise BenchError(f"Tidsgränsen nåddes: {what} syntes aldrig på skärmen.")
        await asyncio.sleep(0)
    return at


async def _search_done(done: list[tuple[float, str]], since: int, query: str) -> int:
    """Wait for the search screen to have searched for `query`; that search's number."""
    deadline = time.perf_counter() + 30
    while True:
        for i in range(since, len(done)):
            if done[i][1] == query:
                return i
        if time.perf_counter() > deadline:
            raise BenchError(f"Tidsgränsen nåddes: sökningen {query!r} kördes inte.")
        await asyncio.sleep(0)


async def _settled(pilot: Any, screen: Any) -> None:
    """Every widget of the screen has handled what is queued, then the screen is painted."""
    await pilot._wait_for_screen()
    await screen.wait_for_refresh()


class Frames:
    """Every frame written to the terminal: (time, the UI thread's CPU time then, what
    `probe` said about the app then)."""

    def __init__(self, app: Any) -> None:
        self.seen: list[tuple[float, float, Any]] = []
        self.probe: Callable[[], Any] = lambda: None
        original = app._display

        def display(*args: Any) -> None:
            original(*args)
            self.seen.append((time.perf_counter(), time.thread_time(), self.probe()))

        app._display = display

    def first(self, since: int, at_least: Any = True) -> float | None:
        """When the first frame from `since` on was written whose probe said `at_least`."""
        drawn = self.first_cpu(since, at_least)
        return None if drawn is None else drawn[0]

    def first_cpu(self, since: int, at_least: Any) -> tuple[float, float] | None:
        """The first frame's time as `first`, and the UI thread's CPU time then."""
        return next(((at, cpu) for at, cpu, state in self.seen[since:] if state >= at_least), None)

    def cpu_before(self, moment: float) -> float:
        """The UI thread's CPU time at the last frame before `moment`."""
        return next(cpu for at, cpu, _state in reversed(self.seen) if at < moment)


async def _scheduled(keys: str, app: Any, rng: random.Random) -> list[float]:
    """Post `keys` on a typist's clock; returns when each key was due."""
    due: list[float] = []
    at = time.perf_counter() + 0.05
    for char in keys:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        due.append(at)
        _send_key(app, char)
        at += rng.uniform(*TYPING_INTERVAL_S) + (SENTENCE_PAUSE_S if char == "." else 0)
    return due


async def _measure(job: TuiJob) -> dict[str, float]:
    from textual.widgets import Input, OptionList, TextArea

    from kallelse_tui.tui.app import make_app
    from kallelse_tui.tui.footer import KallelseFooter
    from kallelse_tui.tui.meeting_screen import MeetingScreen
    from kallelse_tui.tui.meetings_screen import MeetingsScreen
    from kallelse_tui.tui.sammantrade_screen import SammantradeScreen
    from kallelse_tui.tui.search_screen import DEBOUNCE_S, SearchScreen

    with Store.open(job.store_dir, readonly=True) as store:
        rows = {r.id: r for r in store.meetings()}
    # Garbage collection as the command line has it (cli.run_tui): off while the app starts,
    # then the app freezes what start-up made and turns it on. What earlier phases of the
    # benchmark left goes first; what they keep is frozen with the app's own start-up.
    gc.collect()
    gc.disable()
    app = make_app(Store.open(job.store_dir))
    rng = random.Random(job.seed)
    metrics: dict[str, float] = {}
    async with app.run_test(size=TUI_SIZE) as pilot:
        frames = Frames(app)

        def list_ready() -> bool:
            screen = app.screen
            if not isinstance(screen, MeetingsScreen):
                return False
            return screen.query_one("#meeting-table", OptionList).option_count == len(rows)

        def meeting_shown(expected: int) -> bool:
            screen = app.screen
            if not isinstance(screen, MeetingScreen) or not any(
                f.entries for f in screen.query(KallelseFooter)
            ):
                return False
            lists = screen.query("#arende-table").results(OptionList)
            return any(rows.option_count == expected for rows in lists)

        async def open_meeting(meeting_id: str) -> tuple[float, float]:
            """Enter on the meeting's row → (first complete frame, settled), in ms."""
            await _until(list_ready, "sammanträdeslistan fylldes inte")
            table = app.screen.query_one("#meeting-table", OptionList)
            table.highlighted = table.get_option_index(meeting_id)
            await pilot.pause()
            expected = rows[meeting_id].antal_arenden
            frames.probe = lambda: meeting_shown(expected)
            seen = len(frames.seen)
            start = time.perf_counter()
            _send_key(app, "enter")
            await _until(lambda: meeting_shown(expected), f"sammanträdet {meeting_id} visades inte")
            await _settled(pilot, app.screen)
            settled = (time.perf_counter() - start) * 1000
            shown = frames.first(seen)
            if shown is None:
                raise BenchError(f"Sammanträdet {meeting_id} syntes aldrig på skärmen.")
            await pilot.press("escape")
            return (shown - start) * 1000, settled

        # -- opening meetings: the first (imports the screen's modules), then each cold one
        # once (uncached, never opened in this process), then the big one again and again.
        uncache(job.store_dir, job.cold)
        first, _ = await open_meeting(job.big_meeting)
        cold = [(await open_meeting(meeting_id))[0] for meeting_id in job.cold]
        warm, warm_settled = [], []
        for _ in range(job.warm_opens):
            shown, settled = await open_meeting(job.big_meeting)
            warm.append(shown)
            warm_settled.append(settled)
        metrics |= {
            "open_meeting_first_ms": first,
            "open_meeting_cold_ms": statistics.median(cold),
            "open_meeting_cold_p95_ms": p95(cold),
            "open_meeting_warm_ms": statistics.median(warm),
            "open_meeting_ms": statistics.median(warm),  # the old metric: the same repeats
            "open_meeting_p95_ms": p95(warm),
            "open_meeting_settled_ms": statistics.median(warm_settled),
        }

        # -- search: a query typed at 10 keys per second → its results painted
        await _until(list_ready, "sammanträdeslistan fylldes inte")
        await pilot.press("slash")
        await _until(lambda: isinstance(app.screen, SearchScreen), "sökskärmen öppnades inte")
        search = app.screen
        assert isinstance(search, SearchScreen)
        field = search.query_one("#search-input", Input)
        done: list[tuple[float, str]] = []  # each search run: when it finished, its query
        run_search = search.run_search

        def counted() -> None:
            run_search()
            done.append((time.perf_counter(), field.value.strip()))

        search.run_search = counted  # type: ignore[method-assign]
        frames.probe = lambda: len(done)
        e2e_total: list[float] = []
        for query in job.queries:
            field.value = ""
            await pilot.pause(DEBOUNCE_S * 2)
            await _settled(pilot, search)
            seen, searched = len(frames.seen), len(done)
            due = await _scheduled(query, app, rng)
            ran = await _search_done(done, searched, query.strip())
            painted = await _frame(frames, seen, ran + 1, f"träffarna för {query!r}")
            e2e_total.append((painted - due[-1]) * 1000)
        await pilot.press("escape")
        debounce_ms = DEBOUNCE_S * 1000
        metrics |= {
            "search_debounce_ms": debounce_ms,
            "search_e2e_p50_ms": statistics.median(e2e_total) - debounce_ms,
            "search_e2e_p95_ms": p95(e2e_total) - debounce_ms,
            "search_e2e_total_p95_ms": p95(e2e_total),
        }

        # -- meeting mode: type into the beslut of the first § not written yet
        await _until(list_ready, "sammanträdeslistan fylldes inte")
        table = app.screen.query_one("#meeting-table", OptionList)
        table.highlighted = table.get_option_index(job.big_meeting)
        await pilot.press("enter")
        await _until(lambda: meeting_shown(job.big_rows), "sammanträdet visades inte")
        await pilot.press("p")
        await _until(lambda: isinstance(app.screen, SammantradeScreen), "mötesläget öppnades inte")
        screen = app.screen
        assert isinstance(screen, SammantradeScreen)
        await pilot.press("e")
        area = screen.query_one("#beslut", TextArea)
        if screen.focused is not area or screen.autosave.shown is None:
            raise BenchError("Beslutsrutan fick inte fokus i mötesläget.")
        paragraf = screen.autosave.shown
        await pilot.pause()
        frames.probe = lambda: len(area.text)
        saves: list[tuple[float, float]] = []  # every write of the meeting: start, end
        app_store = app.store

        def timed(save: Callable[..., None]) -> Callable[..., None]:
            def timed_save(*args: Any) -> None:
                start = time.perf_counter()
                try:
                    save(*args)
                finally:
                    saves.append((start, time.perf_counter()))

            return timed_save

        # Meeting mode writes a § alone as typing goes on, the whole meeting otherwise.
        app_store.save_meeting = timed(app_store.save_meeting)  # type: ignore[method-assign]
        app_store.save_paragraf = timed(app_store.save_paragraf)  # type: ignore[method-assign]
        before = area.text

        # The old metric: each key after the one before has settled (a save too).
        text = typing_text(job.seed, job.keystrokes)
        key_ms: list[float] = []
        settled_ms: list[float] = []
        for char in text:
            length = len(area.text)
            seen = len(frames.seen)
            start = time.perf_counter()
            _send_key(app, char)
            shown_at = await _frame(frames, seen, length + 1, f"tangenten {char!r}")
            await _settled(pilot, screen)
            settled_ms.append((time.perf_counter() - start) * 1000)
            key_ms.append((shown_at - start) * 1000)
            await asyncio.sleep(0.6 if char == "." else rng.uniform(0.06, 0.18))
        await pilot.pause(1.0)
        old_saves = len(saves)

        # The new one: keys on the clock, whatever the app is doing.
        typed = typing_text(job.seed + 1, job.typed_keys)
        start_len = len(area.text)
        seen = len(frames.seen)
        due = await _scheduled(typed, app, rng)
        end_len = start_len + len(typed)
        await _until(lambda: len(area.text) >= end_len, "tangenterna kom inte fram")
        await _settled(pilot, screen)
        await pilot.pause(1.0)  # the last autosave
        latency: list[float] = []
        # The UI thread's CPU time from the last frame before each key was due to the frame
        # showing it (a key is posted late when the thread was busy, so not from then).
        cpu_ms: list[float] = []
        behind_save: list[float] = []
        for i, at in enumerate(due):
            drawn = frames.first_cpu(seen, start_len + i + 1)
            if drawn is None:
                raise BenchError(f"Tangent {i + 1} av {len(typed)} syntes aldrig på skärmen.")
            key_at, key_cpu = drawn
            latency.append((key_at - at) * 1000)
            cpu_ms.append((key_cpu - frames.cpu_before(at)) * 1000)
            if any(s < key_at and e > at for s, e in saves[old_saves:]):
                behind_save.append(latency[-1])
        written = before + text + typed
        if area.text != written:
            raise BenchError(f"Beslutsrutan visar inte det som skrevs: {area.text[-200:]!r}")
        if len(saves) <= old_saves:
            raise BenchError("Autosparningen gick aldrig i mötesläget.")
        nummer = paragraf.nummer
        save_ms = [(e - s) * 1000 for s, e in saves]
        metrics |= {
            "keystroke_p50_ms": statistics.median(latency),
            "keystroke_p95_ms": p95(latency),
            "keystroke_max_ms": max(latency),
            "keystroke_max_cpu_ms": cpu_ms[latency.index(max(latency))],
            "keys_behind_save": len(behind_save),
            "keystroke_behind_save_max_ms": max(behind_save, default=0.0),
            "keystroke_ms": p95(key_ms),  # the old metric
            "keystroke_settled_p95_ms": p95(settled_ms),
            "autosaves": len(saves),
            "autosave_p50_ms": statistics.median(save_ms),
            "autosave_ms": p95(save_ms),
        }
    with Store.open(job.store_dir, readonly=True) as store:
        stored = next(p for p in store.meeting(job.big_meeting).paragrafer if p.nummer == nummer)
    if stored.beslut != written:
        raise BenchError(f"§ {nummer}: det som skrevs finns inte på disken.")
    return metrics
