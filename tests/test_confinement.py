"""Everything stays inside the store (issue 11.8).

The store reads, writes and deletes only paths derived from validated ids and checked to lie
inside its folder: a `fil` in register.json that points elsewhere, an absolute path, an id
with "/" or a meeting file that is a symlink out of the store is corruption, never followed.
Attaching refuses devices, fifos, /proc and /sys files and links out of the chosen folder,
by the same rule for `attach --item`, `attach --by-dnr` and the TUI's file picker.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from kallelse_tui.cli import main
from kallelse_tui.domain.model import Sammantrade
from kallelse_tui.store import Store, StoreCorruptError
from kallelse_tui.store.paths import inside, valid_id
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.file_picker import FilePicker
from tests.test_tui_sammantrade import SIZE, TODAY

MOTE = "norrvik-ks-2026-10-19"
SHARD = f"sammantraden/2026/{MOTE}.json"
DATUM = date(2026, 10, 19)
ITEM_MEETING = "sjobacka-sbn-2026-11-17"  # an open meeting: attaching is allowed


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".lock"
    }


def edit_register_row(root: Path, **changes: object) -> None:
    path = root / "register.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    row = next(r for r in data["sammantraden"].values() if r["id"] == MOTE)
    row.update(changes)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    "fil",
    ["../elsewhere.json", "/etc/passwd", "sammantraden/2026/../../../x.json", "register.json"],
)
def test_a_fil_pointing_elsewhere_is_corruption(demo_dir: Path, tmp_path: Path, fil: str) -> None:
    (tmp_path / "elsewhere.json").write_text("{}", encoding="utf-8")
    edit_register_row(demo_dir, fil=fil)
    before = files(demo_dir)
    with pytest.raises(StoreCorruptError) as err:
        Store.open(demo_dir)
    assert "register.json" in str(err.value) and MOTE in str(err.value)
    assert files(demo_dir) == before
    assert (tmp_path / "elsewhere.json").read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize("bad_id", ["../../x", "/tmp/x", ".hidden", "a/b", ""])
def test_a_meeting_id_that_is_not_a_file_name_is_corruption(demo_dir: Path, bad_id: str) -> None:
    edit_register_row(demo_dir, id=bad_id, fil=f"sammantraden/2026/{bad_id}.json")
    with pytest.raises(StoreCorruptError, match="register.json"):
        Store.open(demo_dir, readonly=True)


def test_a_meeting_file_that_links_out_of_the_store_is_not_followed(
    demo_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "utanfor.json"
    outside.write_bytes((demo_dir / SHARD).read_bytes())
    (demo_dir / SHARD).unlink()
    (demo_dir / SHARD).symlink_to(outside)
    with Store.open(demo_dir) as store:
        with pytest.raises(StoreCorruptError, match="symbolisk länk ut ur lagret"):
            store.meeting(MOTE)
        before = outside.read_bytes()
        with pytest.raises(StoreCorruptError):
            store.save_meeting(Sammantrade(id=MOTE, organ_id="norrvik-ks", datum=DATUM))
    assert outside.read_bytes() == before
    assert (demo_dir / SHARD).is_symlink()


def test_a_year_folder_that_links_out_is_not_followed(demo_dir: Path, tmp_path: Path) -> None:
    year = demo_dir / "sammantraden" / "2026"
    moved = tmp_path / "2026"
    year.rename(moved)
    year.symlink_to(moved, target_is_directory=True)
    with Store.open(demo_dir, readonly=True) as store:
        with pytest.raises(StoreCorruptError, match="utanför|ut ur lagret"):
            store.meeting(MOTE)


def test_inside_and_valid_id() -> None:
    root = Path("/lager")
    assert inside(root, "sammantraden/2026/x.json") == root / "sammantraden/2026/x.json"
    for bad in ["../x", "/x", "a/../../x", "a\x00b"]:
        with pytest.raises(StoreCorruptError):
            inside(root, bad)
    assert valid_id("norrvik-ks-2026-10-19") and valid_id("sjöbacka_1.2")
    for bad in ["", ".x", "a/b", "a\\b", "../x", "a\x1bb", 12, None, "x" * 300]:
        assert not valid_id(bad)


# -- attaching -----------------------------------------------------------------------------


def attach(demo_dir: Path, *args: str) -> int:
    return main(["attach", ITEM_MEETING, *args, "--store", str(demo_dir)])


def attached(demo_dir: Path) -> int:
    with Store.open(demo_dir, readonly=True) as store:
        return sum(len(a.beslutsunderlag) for a in store.meeting(ITEM_MEETING).arenden)


@pytest.mark.parametrize("source", ["/proc/self/environ", "/proc/self/status", "/dev/null"])
def test_attach_item_refuses_system_files_and_devices(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], source: str
) -> None:
    count = attached(demo_dir)
    assert attach(demo_dir, "--item", "2", source) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kallelse: {source} ") and "Traceback" not in err
    assert attached(demo_dir) == count
    assert not list((demo_dir / "bilagor").rglob(".in.*"))


def test_attach_item_refuses_a_link_out_of_its_folder_and_a_fifo(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "handlingar"
    folder.mkdir()
    (tmp_path / "hemlig.txt").write_text("hemligt", encoding="utf-8")
    (folder / "länk.txt").symlink_to(tmp_path / "hemlig.txt")
    os.mkfifo(folder / "rör.txt")
    count = attached(demo_dir)
    assert attach(demo_dir, "--item", "2", str(folder / "länk.txt")) == 2
    assert "utanför mappen" in capsys.readouterr().err
    assert attach(demo_dir, "--item", "2", str(folder / "rör.txt")) == 2
    assert "inte en vanlig fil" in capsys.readouterr().err
    assert attached(demo_dir) == count


def test_attach_by_dnr_skips_links_out_fifos_and_proc_files(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "handlingar"
    folder.mkdir()
    (tmp_path / "hemlig.txt").write_text("Dnr SBN 2026/1", encoding="utf-8")
    (folder / "länk.txt").symlink_to(tmp_path / "hemlig.txt")
    (folder / "miljö.txt").symlink_to("/proc/self/environ")
    os.mkfifo(folder / "rör.txt")
    count = attached(demo_dir)
    assert attach(demo_dir, "--by-dnr", str(folder)) == 1  # nothing attached: exit 1
    out = capsys.readouterr().out
    assert "ej bifogad  länk.txt" in out and "utanför mappen" in out
    assert "ej bifogad  miljö.txt" in out and "systemfil" in out
    assert "ej bifogad  rör.txt" in out and "inte en vanlig fil" in out
    assert attached(demo_dir) == count


@pytest.mark.parametrize(
    ("make", "told"),
    [
        (lambda d: Path("/proc/self/environ"), "systemfil"),
        (lambda d: (os.mkfifo(d / "rör.pdf"), d / "rör.pdf")[1], "inte en vanlig fil"),
        (lambda d: ((d / "l.pdf").symlink_to("/etc/hostname"), d / "l.pdf")[1], "utanför"),
    ],
    ids=["proc", "fifo", "link-out"],
)
async def test_file_picker_refuses_by_the_same_rule(
    demo_dir: Path, tmp_path: Path, make: object, told: str
) -> None:
    folder = tmp_path / "valda"
    folder.mkdir()
    path = make(folder)  # type: ignore[operator]
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        picker = FilePicker(folder)
        await app.push_screen(picker)
        picker.query_one("#picker-path", Input).value = str(path)
        picker.query_one("#picker-path", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is picker  # not picked
        assert told in str(picker.query_one("#picker-error").render())


@pytest.mark.parametrize("name", ["register.json", "kallelse.json", "bilagor", "sokindex.sqlite"])
def test_store_files_that_link_out_are_refused(demo_dir: Path, tmp_path: Path, name: str) -> None:
    outside = tmp_path / "utanfor"
    (demo_dir / name).rename(outside) if (demo_dir / name).exists() else outside.mkdir()
    (demo_dir / name).symlink_to(outside)
    with pytest.raises(StoreCorruptError, match="ut ur lagret"):
        with Store.open(demo_dir) as store:
            store.verify()
            store.search("budget")
    assert (demo_dir / name).is_symlink()
