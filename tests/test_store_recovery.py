"""Crash leftovers are recovered (issue 11.10): a meeting file the register does not name
(a crash between writing the meeting and its register row) is put back at the next
writable open, or set aside in avskilda/ when it cannot be; `list` and `verify` report it
while the store is only read."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.model import nytt_sammantrade
from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app


def crash_while_creating(root: Path) -> tuple[str, Path]:
    """A new meeting whose file was written but whose register row was not."""
    with Store.open(root) as store:
        before = (root / "register.json").read_bytes()
        organ = store.organ("norrvik-ks")
        mote = nytt_sammantrade(organ, date(2026, 12, 14), {r.id for r in store.meetings()})
        mote.plats = "Krasch-salen"
        store.save_meeting(mote)
    (root / "register.json").write_bytes(before)  # the row never reached the disk
    path = root / "sammantraden" / "2026" / f"{mote.id}.json"
    assert path.exists()
    return mote.id, path


def test_list_and_verify_report_a_leftover_without_touching_it(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_id, path = crash_while_creating(demo_dir)
    content = path.read_bytes()
    assert main(["list", "--store", str(demo_dir)]) == 0
    out, err = capsys.readouterr()
    assert meeting_id not in out
    assert f"sammantraden/2026/{meeting_id}.json finns inte i registret" in err
    assert main(["verify", "--store", str(demo_dir)]) == 1
    out, err = capsys.readouterr()
    assert f"{meeting_id}.json finns inte i registret" in out and "Traceback" not in out + err
    assert path.read_bytes() == content
    with Store.open(demo_dir, readonly=True) as store:
        assert meeting_id not in {r.id for r in store.meetings()}


def test_writable_open_puts_the_meeting_back_with_a_message(demo_dir: Path) -> None:
    meeting_id, _ = crash_while_creating(demo_dir)
    with Store.open(demo_dir) as store:
        (message,) = store.meddelanden
        assert meeting_id in message and "lagts tillbaka" in message
        assert store.meeting(meeting_id).plats == "Krasch-salen"
        assert meeting_id in {r.id for r in store.meetings()}
        assert store.leftovers() == []
    with Store.open(demo_dir) as store:
        assert store.meddelanden == []  # once
        assert store.verify() == []


def test_unreadable_leftover_is_set_aside_in_a_named_folder(demo_dir: Path) -> None:
    stray = demo_dir / "sammantraden" / "2026" / "norrvik-ks-2026-12-24.json"
    stray.write_bytes(b'{"sammantrade": ')
    with Store.open(demo_dir) as store:
        (message,) = store.meddelanden
        assert "avskilda/2026/norrvik-ks-2026-12-24.json" in message
        assert "kunde inte läsas" in message
    assert not stray.exists()
    assert (demo_dir / "avskilda" / "2026" / stray.name).read_bytes() == b'{"sammantrade": '
    with Store.open(demo_dir, readonly=True) as store:
        assert store.leftovers() == []


def test_leftover_of_an_unknown_organ_is_set_aside(demo_dir: Path) -> None:
    meeting_id, path = crash_while_creating(demo_dir)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sammantrade"]["1"]["organ_id"] = "okant-organ"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(demo_dir) as store:
        (message,) = store.meddelanden
        assert "okant-organ" in message and "avskilda" in message
        assert meeting_id not in {r.id for r in store.meetings()}


def test_crash_while_moving_a_meeting_to_another_year_keeps_the_newer_file(
    demo_dir: Path,
) -> None:
    meeting_id = "norrvik-ksau-2026-11-09"
    register = (demo_dir / "register.json").read_bytes()
    with Store.open(demo_dir) as store:
        mote = store.meeting(meeting_id)
        mote.datum = date(2027, 1, 11)
        store.save_meeting(mote)
    old = demo_dir / "sammantraden" / "2026" / f"{meeting_id}.json"
    new = demo_dir / "sammantraden" / "2027" / f"{meeting_id}.json"
    # As if killed after the new file was written: register and old file as before.
    (demo_dir / "register.json").write_bytes(register)
    old.write_bytes(
        (Path(__file__).parent.parent / "sample_data" / old.relative_to(demo_dir)).read_bytes()
    )
    os.utime(old, ns=(1, 1))
    with Store.open(demo_dir) as store:
        assert any("lagts tillbaka" in m for m in store.meddelanden)
        assert store.meeting(meeting_id).datum == date(2027, 1, 11)
    assert new.exists() and not old.exists()
    assert (demo_dir / "avskilda" / "2026" / old.name).exists()


async def test_tui_tells_what_was_put_back(demo_dir: Path) -> None:
    meeting_id, _ = crash_while_creating(demo_dir)
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert any(
            meeting_id in n.message and "lagts tillbaka" in n.message for n in app._notifications
        )


def test_moved_meeting_whose_old_file_is_gone_is_taken_from_the_new_one(demo_dir: Path) -> None:
    meeting_id = "norrvik-ksau-2026-11-09"
    register = (demo_dir / "register.json").read_bytes()
    with Store.open(demo_dir) as store:
        mote = store.meeting(meeting_id)
        mote.datum = date(2027, 1, 11)
        store.save_meeting(mote)
    (demo_dir / "register.json").write_bytes(register)  # still points at 2026, now gone
    with Store.open(demo_dir) as store:
        (message,) = store.meddelanden
        assert "lagts tillbaka" in message
        assert store.meeting(meeting_id).datum == date(2027, 1, 11)
        assert store.leftovers() == []


def test_a_set_aside_file_keeps_its_bak(demo_dir: Path) -> None:
    stray = demo_dir / "sammantraden" / "2026" / "norrvik-ks-2026-12-24.json"
    stray.write_bytes(b"null")
    Path(f"{stray}.bak").write_bytes(b'{"sammantrade": {}}')
    with Store.open(demo_dir) as store:
        assert "avskilda/2026/norrvik-ks-2026-12-24.json" in store.meddelanden[0]
    aside = demo_dir / "avskilda" / "2026"
    assert sorted(p.name for p in aside.iterdir()) == [stray.name, f"{stray.name}.bak"]
    assert not Path(f"{stray}.bak").exists()
