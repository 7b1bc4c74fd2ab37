import errno
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from kallelse_tui.domain.model import Arende, Organ, OrganTyp, nytt_sammantrade
from kallelse_tui.store import (
    Store,
    StoreCorruptError,
    StoreError,
    StoreReadOnlyError,
    StoreVersionError,
    StoreWriteError,
    repository,
    storage,
)


def make_store(root: Path) -> tuple[Store, str]:
    store = Store.open(root)
    organ = Organ(id="x-ks", namn="Kommunstyrelsen", kortnamn="KS", typ=OrganTyp.STYRELSE)
    store.save_organ(organ)
    mote = nytt_sammantrade(organ, date(2024, 3, 4), set())
    mote.arenden.append(Arende(id=mote.nytt_arende_id(), rubrik="Budget", dnr="KS 2024/12"))
    store.save_meeting(mote)
    return store, mote.id


def test_meeting_round_trip_keeps_everything(demo_store):
    for row in demo_store.meetings():
        mote = demo_store.meeting(row.id)
        demo_store.save_meeting(mote)
        assert demo_store.meeting(row.id) == mote


def test_json_is_readable_utf8(demo_dir):
    text = (demo_dir / "register.json").read_text(encoding="utf-8")
    assert "Samhällsbyggnadsnämnden" in text
    assert "\\u00e4" not in text


def test_an_arende_edit_rewrites_only_its_meeting_file(tmp_path):
    store, meeting_id = make_store(tmp_path / "s")
    other = nytt_sammantrade(store.organ("x-ks"), date(2024, 4, 1), set())
    store.save_meeting(other)
    files = {p: p.stat().st_mtime_ns for p in (tmp_path / "s").rglob("*.json")}
    mote = store.meeting(meeting_id)
    mote.arenden[-1].beskrivning = "Ny text med åäö och §"
    store.save_arende(meeting_id, mote.arenden[-1])
    changed = {p.name for p, t in files.items() if p.stat().st_mtime_ns != t}
    assert changed == {f"{meeting_id}.json"}
    store.close()
    with Store.open(tmp_path / "s", readonly=True) as again:
        assert again.meeting(meeting_id).arenden[-1].beskrivning == "Ny text med åäö och §"


def test_files_0600_and_folders_0700(tmp_path):
    store, _ = make_store(tmp_path / "s")
    store.close()
    for path in [tmp_path / "s", *(tmp_path / "s").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_previous_version_is_kept_as_bak(tmp_path):
    store, meeting_id = make_store(tmp_path / "s")
    path = next((tmp_path / "s").rglob(f"{meeting_id}.json"))
    before = path.read_bytes()
    mote = store.meeting(meeting_id)
    mote.plats = "Sessionssalen"
    store.save_meeting(mote)
    assert path.with_name(path.name + ".bak").read_bytes() == before
    store.close()


def test_corrupted_file_names_file_and_position_and_is_not_overwritten(tmp_path):
    store, meeting_id = make_store(tmp_path / "s")
    mote = store.meeting(meeting_id)
    store.save_meeting(mote)  # creates the .bak
    store.close()
    path = next((tmp_path / "s").rglob(f"{meeting_id}.json"))
    broken = path.read_bytes().replace(b'"rubrik": "Budget"', b'"rubrik": "Budget",,', 1)
    path.write_bytes(broken)
    with Store.open(tmp_path / "s") as store:
        with pytest.raises(StoreCorruptError) as err:
            store.meeting(meeting_id)
        message = str(err.value)
        assert str(path) in message
        assert "rad " in message and "kolumn " in message
        assert f"cp '{path}.bak' '{path}'" in message
        with pytest.raises(StoreCorruptError):
            store.save_arende(meeting_id, mote.arenden[-1])
    assert path.read_bytes() == broken
    os.replace(f"{path}.bak", path)  # the restore the message describes
    with Store.open(tmp_path / "s") as store:
        assert store.meeting(meeting_id).arenden[-1].rubrik == "Budget"


def test_corrupted_register_is_reported(tmp_path):
    store, _ = make_store(tmp_path / "s")
    store.close()
    (tmp_path / "s" / "register.json").write_text('{"organ": {"1": {"id": ', encoding="utf-8")
    with pytest.raises(StoreCorruptError, match="register.json"):  # at open, not later
        Store.open(tmp_path / "s", readonly=True)


def test_wrong_shape_is_reported_with_field(tmp_path):
    store, meeting_id = make_store(tmp_path / "s")
    store.close()
    path = next((tmp_path / "s").rglob(f"{meeting_id}.json"))
    path.write_bytes(path.read_bytes().replace(b'"datum": "2024-03-04"', b'"datum": "4 mars"'))
    with Store.open(tmp_path / "s") as store:
        with pytest.raises(StoreCorruptError, match="datum"):
            store.meeting(meeting_id)


def test_newer_schema_is_refused_and_left_alone(tmp_path):
    store, _ = make_store(tmp_path / "s")
    store.close()
    meta = tmp_path / "s" / "kallelse.json"
    meta.write_text('{"format": "kallelse-store", "schema_version": 99}', encoding="utf-8")
    before = {p: p.read_bytes() for p in (tmp_path / "s").rglob("*") if p.is_file()}
    with pytest.raises(StoreVersionError, match="schemaversion 99"):
        Store.open(tmp_path / "s")
    after = {p: p.read_bytes() for p in (tmp_path / "s").rglob("*") if p.is_file()}
    assert before.items() <= after.items()


def test_migration_hook_runs_once_and_bumps_version(tmp_path, monkeypatch):
    store, _ = make_store(tmp_path / "s")
    store.close()
    calls = []
    monkeypatch.setattr(repository, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(repository, "MIGRATIONS", {1: calls.append})
    with pytest.raises(StoreVersionError, match="uppgraderas"):
        Store.open(tmp_path / "s", readonly=True)
    Store.open(tmp_path / "s").close()
    Store.open(tmp_path / "s").close()
    assert calls == [(tmp_path / "s").resolve()]
    assert '"schema_version": 2' in (tmp_path / "s" / "kallelse.json").read_text()


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "mina-dokument").mkdir()
    (tmp_path / "mina-dokument" / "brev.txt").write_text("hej")
    with pytest.raises(StoreError, match="inte ett Kallelse-lager"):
        Store.open(tmp_path / "mina-dokument")
    with pytest.raises(StoreError, match="inget lager"):
        Store.open(tmp_path / "saknas", readonly=True)


def test_leftover_temp_files_are_removed_at_open(tmp_path):
    store, meeting_id = make_store(tmp_path / "s")
    store.close()
    leftover = tmp_path / "s" / "sammantraden" / "2024" / f".{meeting_id}.json.4242.tmp"
    leftover.write_text("{half")
    Store.open(tmp_path / "s").close()
    assert not leftover.exists()


def test_readonly_store_refuses_writes(tmp_path):
    store, meeting_id = make_store(tmp_path / "s")
    store.close()
    with Store.open(tmp_path / "s", readonly=True) as ro:
        mote = ro.meeting(meeting_id)
        with pytest.raises(StoreReadOnlyError, match="skrivskyddat"):
            ro.save_meeting(mote)


def test_failed_write_leaves_file_and_memory_unchanged(tmp_path, monkeypatch):
    store, meeting_id = make_store(tmp_path / "s")
    path = next((tmp_path / "s").rglob(f"{meeting_id}.json"))
    before = path.read_bytes()
    mote = store.meeting(meeting_id)
    mote.arenden[-1].beskrivning = "texten som inte får plats"

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "replace", full_disk)
    with pytest.raises(StoreWriteError, match="Filen är oförändrad"):
        store.save_arende(meeting_id, mote.arenden[-1])
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert store.meeting(meeting_id).arenden[-1].beskrivning == ""
    assert not list(path.parent.glob(".*.tmp"))
    store.save_arende(meeting_id, mote.arenden[-1])  # and it works once there is room
    assert store.meeting(meeting_id).arenden[-1].beskrivning == "texten som inte får plats"
    store.close()


def test_unknown_meeting_and_organ_are_clear_errors(demo_store):
    with pytest.raises(StoreError, match="inget sammanträde"):
        demo_store.meeting("finns-inte")
    with pytest.raises(StoreError, match="inget organ"):
        demo_store.organ("finns-inte")


def test_moving_a_meeting_to_another_year_leaves_one_file(tmp_path):
    store, meeting_id = make_store(tmp_path / "s")
    mote = store.meeting(meeting_id)
    store.save_meeting(mote)  # a .bak too
    mote.datum = date(2025, 12, 1)
    store.save_meeting(mote)
    files = sorted(p.relative_to(tmp_path / "s") for p in (tmp_path / "s").rglob("*.json*"))
    shard = [str(p) for p in files if p.parts[0] == "sammantraden"]
    assert shard == [f"sammantraden/2025/{meeting_id}.json"]
    assert store.meeting(meeting_id).datum == date(2025, 12, 1)
    store.close()
