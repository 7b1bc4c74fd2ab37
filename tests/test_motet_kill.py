"""SIGKILL in the middle of typing a beslut: at most the last second of typing is lost.

The real app runs headless in a subprocess and types into the beslut of a §, one key at a
time, reporting each key with the time; the test kills it with SIGKILL, reopens the store
and checks that everything typed more than a second before the kill is on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kallelse_tui.store import Store
from tests.test_tui_sammantrade import KS_MOTE, new_ks_meeting

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import asyncio, sys, time
from datetime import date
from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app

async def main():
    app = make_app(Store.open(sys.argv[1]), idag=lambda: date(2026, 12, 14))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "p", "j", "escape", "ctrl+n", "ctrl+n", "ctrl+n", "e")
        print("READY", flush=True)
        n = 0
        while True:
            await pilot.press("abcdefghij"[n % 10])
            n += 1
            print(f"T {n} {time.monotonic()}", flush=True)

asyncio.run(main())
"""


def test_a_kill_mid_typing_loses_at_most_the_last_second(demo_dir, tmp_path):
    new_ks_meeting(demo_dir)
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(demo_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    typed: list[tuple[int, float]] = []
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "READY"
        start = time.monotonic()
        for line in child.stdout:
            _, n, at = line.split()
            typed.append((int(n), float(at)))
            if time.monotonic() - start > 2.5:
                break
        killed_at = time.monotonic()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(10)
    assert len(typed) > 10, "the child typed too little to judge"
    must_have = max((n for n, at in typed if at <= killed_at - 1.0), default=0)
    assert must_have > 0
    with Store.open(demo_dir, readonly=True) as store:
        beslut = store.meeting(KS_MOTE).paragraf_for("a9").beslut
    draft, _, typed_text = beslut.partition("Taxan gäller från 1 januari 2027.")
    assert draft.startswith("1. Taxan antas.")  # the draft is intact, typing went after it
    saved = len(typed_text)
    assert saved >= must_have, (saved, must_have, len(typed))
    print(
        f"\nTyped {len(typed)} keys, {typed[-1][0] - saved} unsaved at the kill; {must_have} "
        "had to be saved"
    )
