"""A damaged store is never read as an empty one (issue 11.7).

Every store file that is empty, whitespace, `null` or JSON of the wrong shape is reported as
corrupt with the file's name, nothing is overwritten and no `.bak` is replaced by a copy of
a file that failed to load; the CLI says so in one Swedish sentence (exit 2) and the TUI in
a notification. A hypothesis fuzz mutates the register and a meeting file at random places:
loading, checking and verifying may only succeed or raise the project's StoreError.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kallelse_tui.cli import main
from kallelse_tui.domain.regler import kontrollera
from kallelse_tui.store import Store, StoreCorruptError, StoreError
from kallelse_tui.tui.app import make_app
from tests.conftest import SAMPLE

MOTE = "norrvik-ks-2026-10-19"  # justerat, with paragrafer, votes and attachments
SHARD = f"sammantraden/2026/{MOTE}.json"

EMPTY_LIKE = [b"", b"  \n\t ", b"null", b"null\n"]
WRONG_SHAPES: list[tuple[str, Any]] = [
    ("a string", "register"),
    ("a list", [1, 2]),
    ("a number", 7),
    ("a table that is a list", {"organ": [], "sammantraden": {}}),
    ("a document that is a string", {"organ": {"1": "Kommunstyrelsen"}}),
    ("a document id that is not a number", {"organ": {"x": {}}}),
]


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def with_baks(demo_dir: Path) -> Path:
    """The demo store after one save of each file, so every file has a .bak to protect."""
    with Store.open(demo_dir) as store:
        organ = store.organs()[0]
        store.save_organ(organ)
        store.save_organ(organ)
        store.save_meeting(store.meeting(MOTE))
    assert (demo_dir / "register.json.bak").exists() and (demo_dir / f"{SHARD}.bak").exists()
    return demo_dir


def open_and_read_all(root: Path, readonly: bool) -> None:
    with Store.open(root, readonly=readonly) as store:
        store.organs()
        for row in store.meetings():
            store.meeting(row.id)
        if not readonly:  # a save must not get past the damage either
            store.save_organ(store.organs()[0])
            store.save_meeting(store.meeting(MOTE))


@pytest.mark.parametrize("name", ["register.json", SHARD, "kallelse.json"])
@pytest.mark.parametrize("content", EMPTY_LIKE, ids=["empty", "whitespace", "null", "null-nl"])
@pytest.mark.parametrize("readonly", [True, False], ids=["readonly", "writable"])
def test_empty_or_null_file_is_corrupt_and_nothing_is_written(
    demo_dir: Path, name: str, content: bytes, readonly: bool
) -> None:
    root = with_baks(demo_dir)
    (root / name).write_bytes(content)
    before = files(root)
    with pytest.raises(StoreCorruptError) as err:
        open_and_read_all(root, readonly)
    message = str(err.value)
    assert str(root / name) in message and "Ingenting har skrivits över" in message
    if name != "kallelse.json":
        assert f"cp '{root / name}.bak'" in message
    after = files(root)
    after.pop(".lock", None)
    assert after == {k: v for k, v in before.items() if k != ".lock"}


@pytest.mark.parametrize(("what", "doc"), WRONG_SHAPES, ids=[w for w, _ in WRONG_SHAPES])
@pytest.mark.parametrize("name", ["register.json", SHARD])
def test_wrong_shape_is_corrupt_and_nothing_is_written(
    demo_dir: Path, what: str, doc: Any, name: str
) -> None:
    root = with_baks(demo_dir)
    (root / name).write_text(json.dumps(doc), encoding="utf-8")
    before = files(root)
    with pytest.raises(StoreCorruptError, match=str(root / name).replace(".", r"\.")):
        open_and_read_all(root, readonly=False)
    after = files(root)
    after.pop(".lock", None)
    assert after == {k: v for k, v in before.items() if k != ".lock"}


def edit_json(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


REGISTER_EDITS = {
    "organ a string": lambda d: d["organ"].update({"1": {**d["organ"]["1"], "ledamoter": "x"}}),
    "organ without id": lambda d: d["organ"]["1"].pop("id"),
    "organ name a number": lambda d: d["organ"]["1"].update(namn=12),
    "index row without datum": lambda d: d["sammantraden"]["1"].pop("datum"),
    "index row status unknown": lambda d: d["sammantraden"]["1"].update(status="klar?"),
    "index row counted in text": lambda d: d["sammantraden"]["1"].update(antal_arenden="tre"),
    "a meeting twice": lambda d: d["sammantraden"].update({"99": d["sammantraden"]["1"]}),
}
SHARD_EDITS = {
    "header missing": lambda d: d.pop("sammantrade"),
    "arende a list": lambda d: d["arenden"].update({"1": [1]}),
    "ordning a text": lambda d: d["arenden"]["1"].update(ordning="1"),
    "paragraf nummer a text": lambda d: d["paragrafer"]["1"].update(nummer="§ 3"),
    "beslutsunderlag a dict": lambda d: d["arenden"]["2"].update(beslutsunderlag={}),
    "another meeting's header": lambda d: d["sammantrade"]["1"].update(id="norrvik-ks-annan"),
}


@pytest.mark.parametrize("edit", list(REGISTER_EDITS))
def test_register_of_the_wrong_shape_names_the_file(demo_dir: Path, edit: str) -> None:
    edit_json(demo_dir / "register.json", REGISTER_EDITS[edit])
    before = files(demo_dir)
    with pytest.raises(StoreCorruptError, match="register.json"):
        open_and_read_all(demo_dir, readonly=False)
    assert files(demo_dir).items() - {(".lock", b"")} <= before.items()


@pytest.mark.parametrize("edit", list(SHARD_EDITS))
def test_meeting_file_of_the_wrong_shape_names_the_file(demo_dir: Path, edit: str) -> None:
    edit_json(demo_dir / SHARD, SHARD_EDITS[edit])
    before = files(demo_dir)
    with pytest.raises(StoreCorruptError, match=f"{MOTE}.json"):
        open_and_read_all(demo_dir, readonly=False)
    assert files(demo_dir).items() - {(".lock", b"")} <= before.items()


def test_missing_register_beside_its_bak_is_corrupt_not_a_new_store(demo_dir: Path) -> None:
    root = with_baks(demo_dir)
    (root / "register.json").unlink()
    before = files(root)
    with pytest.raises(StoreCorruptError, match="register.json saknas"):
        Store.open(root)
    assert not (root / "register.json").exists()
    assert files(root).items() - {(".lock", b"")} <= before.items()


def test_a_file_damaged_while_open_is_not_saved_over_nor_made_the_bak(demo_dir: Path) -> None:
    root = with_baks(demo_dir)
    with Store.open(root) as store:
        mote = store.meeting(MOTE)
        organ = store.organs()[0]
        good_baks = {n: (root / f"{n}.bak").read_bytes() for n in ("register.json", SHARD)}
        (root / SHARD).write_bytes(b"")  # e.g. an editor truncating it meanwhile
        (root / "register.json").write_bytes(b"null")
        with pytest.raises(StoreCorruptError, match=f"{MOTE}.json"):
            store.save_meeting(mote)
        with pytest.raises(StoreCorruptError, match="register.json"):
            store.save_organ(organ)
    assert (root / SHARD).read_bytes() == b""
    assert (root / "register.json").read_bytes() == b"null"
    for name, content in good_baks.items():
        assert (root / f"{name}.bak").read_bytes() == content


@pytest.mark.parametrize("command", [["list"], ["verify"], ["check", MOTE], ["search", "budget"]])
@pytest.mark.parametrize("name", ["register.json", SHARD])
def test_cli_reports_damage_in_one_swedish_sentence(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], command: list[str], name: str
) -> None:
    (demo_dir / name).write_text('"en text där ett organ skulle stå"', encoding="utf-8")
    code = main([*command, "--store", str(demo_dir)])
    out, err = capsys.readouterr()
    if name == SHARD and command == ["list"]:
        assert code == 0  # the list reads only the register
        return
    assert code == 2
    assert err.startswith("kallelse: Filen ") and name in err and "skrivits över" in err
    assert "Traceback" not in err + out


async def test_tui_reports_a_damaged_meeting_and_keeps_running(demo_dir: Path) -> None:
    (demo_dir / SHARD).write_bytes(b"null")
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = app.screen
        screen.open_meeting(MOTE)  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.screen is screen  # still on the list, the app alive
        (note,) = [n for n in app._notifications if n.severity == "error"]
        assert f"{MOTE}.json" in note.message and "skrivits över" in note.message
    assert (demo_dir / SHARD).read_bytes() == b"null"


def test_tui_refuses_a_damaged_register_with_a_message(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_dir / "register.json").write_bytes(b"[]")
    assert main(["--store", str(demo_dir)]) == 2
    err = capsys.readouterr().err
    assert "register.json" in err and "Traceback" not in err


# -- fuzz ------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3000) | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def mutate(draw: Any, node: Any) -> Any:
    """`node` with one place, chosen by `draw`, replaced by random JSON or removed."""
    if not isinstance(node, dict | list):
        return draw(JSON)
    children = list(node.items() if isinstance(node, dict) else enumerate(node))
    if not children or draw(st.integers(0, 5)) == 0:
        return draw(JSON)
    key, child = children[draw(st.integers(0, len(children) - 1))]
    if isinstance(node, dict) and draw(st.integers(0, 6)) == 0:
        return {k: v for k, v in node.items() if k != key}  # a missing key
    copy: Any = dict(node) if isinstance(node, dict) else list(node)
    copy[key] = mutate(draw, child)
    return copy


def small_store() -> dict[str, Any]:
    """The register (with only MOTE) and MOTE's file from the demo store, as JSON."""
    register = json.loads((SAMPLE / "register.json").read_text(encoding="utf-8"))
    register["sammantraden"] = {
        k: v for k, v in register["sammantraden"].items() if v["id"] == MOTE
    }
    shard = json.loads((SAMPLE / SHARD).read_text(encoding="utf-8"))
    return {"register.json": register, SHARD: shard}


SMALL_STORE = small_store()


def load_everything(root: Path) -> None:
    """What list, check, verify and opening a meeting do; StoreError is the only way out."""
    try:
        with Store.open(root) as store:
            organs = {o.id: o for o in store.organs()}
            for row in store.meetings():
                mote = store.meeting(row.id)
                if mote.organ_id in organs:
                    kontrollera(mote, organs[mote.organ_id], date(2026, 12, 1))
            store.verify()
            store.leftovers()
    except StoreError as exc:
        assert str(exc).strip() and "Traceback" not in str(exc)


def _fuzz(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["register.json", SHARD]))
    with tempfile.TemporaryDirectory() as tmp:
        _fuzz_in(Path(tmp) / "lager", name, data)


def _fuzz_in(root: Path, name: str, data: st.DataObject) -> None:
    (root / "sammantraden" / "2026").mkdir(parents=True)
    shutil.copy(SAMPLE / "kallelse.json", root / "kallelse.json")
    for file in ("register.json", SHARD):
        doc = SMALL_STORE[file]
        if file == name:
            doc = mutate(data.draw, doc)
        (root / file).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    load_everything(root)


def _fuzz_settings(n: int) -> Any:
    return settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck))


test_fuzz_store_shapes = _fuzz_settings(120)(given(data=st.data())(_fuzz))
test_fuzz_store_shapes_slow = pytest.mark.slow(_fuzz_settings(3000)(given(data=st.data())(_fuzz)))


@pytest.mark.parametrize("content", [b"", b"null", b"SQLite format 3\x00" + b"x" * 500])
def test_a_damaged_search_index_is_rebuilt_from_the_store_with_a_message(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    assert main(["search", "budget", "--store", str(demo_dir)]) == 0
    found = capsys.readouterr().out
    (demo_dir / "sokindex.sqlite").write_bytes(content)
    before = {k: v for k, v in files(demo_dir).items() if not k.startswith("sokindex")}
    assert main(["search", "budget", "--store", str(demo_dir)]) == 0
    out, err = capsys.readouterr()
    assert out == found  # derived data: rebuilt, nothing lost
    assert "Traceback" not in err and (not err or "sokindex.sqlite" in err)
    after = {k: v for k, v in files(demo_dir).items() if not k.startswith("sokindex")}
    assert after == before


async def test_tui_meeting_mode_refuses_with_a_damaged_meeting_in_the_series(
    demo_dir: Path,
) -> None:
    from tests.test_tui_sammantrade import SIZE, TODAY, new_ks_meeting

    new_ks_meeting(demo_dir)  # norrvik-ks-2026-12-14, its § series follows MOTE's
    (demo_dir / SHARD).write_bytes(b"   ")
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        meeting_screen = app.screen
        await pilot.press("p")
        for _ in range(20):
            await pilot.pause(0.05)
        assert app.screen is meeting_screen  # not entered, the app alive
        assert any(
            f"{MOTE}.json" in n.message and "är tom" in n.message for n in app._notifications
        )
    assert (demo_dir / SHARD).read_bytes() == b"   "
