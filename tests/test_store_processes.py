"""Tests with real processes: a writer killed at random moments, and two writers."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from kallelse_tui.domain.model import Arende, Organ, OrganTyp, nytt_sammantrade
from kallelse_tui.store import Store, StoreLockedError, StoreReadOnlyError

WRITER = textwrap.dedent(
    """
    import sys
    from kallelse_tui.store import Store
    store = Store.open(sys.argv[1])
    mote = store.meeting(sys.argv[2])
    arende = mote.arenden[-1]
    i = int(sys.argv[3])
    while True:
        i += 1
        if i % 4 == 0:   # a whole-meeting save also rewrites the register's index row
            mote.plats = f"plats {i}"
            mote.arenden[-1].beskrivning = f"version {i} " + "text " * 200
            store.save_meeting(mote)
        else:
            arende.beskrivning = f"version {i} " + "text " * 200
            store.save_arende(mote.id, arende)
        print(i, flush=True)
    """
)


def new_store(root: Path) -> str:
    with Store.open(root) as store:
        organ = Organ(id="x-ks", namn="Kommunstyrelsen", kortnamn="KS", typ=OrganTyp.STYRELSE)
        store.save_organ(organ)
        mote = nytt_sammantrade(organ, date(2024, 3, 4), set())
        mote.arenden.append(Arende(id="a9", rubrik="Budget", beskrivning="version 0"))
        store.save_meeting(mote)
        return mote.id


def stored_version(root: Path, meeting_id: str) -> int:
    with Store.open(root) as store:  # opens, cleans temp files, reads every file
        mote = store.meeting(meeting_id)
        version = int(mote.arenden[-1].beskrivning.split()[1])
        assert store.meetings()[0].id == meeting_id
        return version


def kill_trials(tmp_path: Path, trials: int) -> None:
    root = tmp_path / "s"
    meeting_id = new_store(root)
    rng = random.Random(20261122)
    last = 0
    for _trial in range(trials):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), meeting_id, str(last)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # the writer is running
        assert first.strip(), "writer did not start"
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        acked = [int(x) for x in [first, *rest.split()] if x.strip()]
        stored = stored_version(root, meeting_id)
        # Every acknowledged write is there; at most the one in flight went further.
        assert stored in (acked[-1], acked[-1] + 1), (acked[-1], stored)
        last = stored


def test_store_survives_kill_at_random_moments(tmp_path):
    kill_trials(tmp_path, 50)


@pytest.mark.slow
def test_store_survives_many_kills(tmp_path):
    kill_trials(tmp_path, 400)


HOLDER = textwrap.dedent(
    """
    import sys
    from kallelse_tui.store import Store
    store = Store.open(sys.argv[1])
    print("klar", flush=True)
    sys.stdin.readline()
    store.close()
    """
)


def test_second_writer_process_is_refused_but_may_read(tmp_path):
    root = tmp_path / "s"
    meeting_id = new_store(root)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "klar"
        with pytest.raises(StoreLockedError) as err:
            Store.open(root)
        assert "används redan av en annan process" in str(err.value)
        assert f"pid {holder.pid}" in str(err.value)
        with Store.open(root, readonly=True) as reader:
            mote = reader.meeting(meeting_id)
            assert mote.arenden[-1].rubrik == "Budget"
            with pytest.raises(StoreReadOnlyError):
                reader.save_meeting(mote)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
    Store.open(root).close()  # free again once the first writer is gone


def test_lock_is_released_when_the_writer_is_killed(tmp_path):
    root = tmp_path / "s"
    new_store(root)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"klar"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    Store.open(root).close()


def test_second_writer_in_the_same_process_is_refused(tmp_path):
    root = tmp_path / "s"
    new_store(root)
    with Store.open(root):
        with pytest.raises(StoreLockedError):
            Store.open(root)
