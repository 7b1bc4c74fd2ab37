"""Attachments stored by content hash: copy, dedup, refusals, verification."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from kallelse_tui.store import attachments
from kallelse_tui.store.attachments import (
    ATTACHMENTS_DIR,
    attachment_path,
    attachment_text,
    files_in_folder,
    store_file,
    verify_attachments,
)
from kallelse_tui.store.errors import StoreError, StoreWriteError

PDF_BYTES = b"%PDF-1.4\n" + bytes(range(256)) * 50


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "lager"
    path.mkdir(mode=0o700)
    return path


@pytest.fixture
def picked(tmp_path: Path) -> Path:
    folder = tmp_path / "valda"
    folder.mkdir()
    return folder


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_store_copies_by_hash_with_private_modes(root: Path, picked: Path) -> None:
    source = write(picked / "Tjänsteskrivelse 2023-00463.pdf", PDF_BYTES)
    stored = store_file(root, source)
    sha = hashlib.sha256(PDF_BYTES).hexdigest()
    assert stored.sha256 == sha
    assert stored.storlek == len(PDF_BYTES)
    assert stored.filnamn == "Tjänsteskrivelse 2023-00463.pdf"
    assert stored.ny and stored.varning == ""
    target = attachment_path(root, sha)
    assert target == root / ATTACHMENTS_DIR / sha[:2] / sha
    assert target.read_bytes() == PDF_BYTES
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE((root / ATTACHMENTS_DIR).stat().st_mode) == 0o700
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    # No temp files left beside it.
    assert [p.name for p in target.parent.iterdir()] == [sha]
    assert [p.name for p in (root / ATTACHMENTS_DIR).iterdir()] == [sha[:2]]


def test_original_can_be_deleted_afterwards(root: Path, picked: Path) -> None:
    source = write(picked / "a.pdf", PDF_BYTES)
    stored = store_file(root, source)
    source.unlink()
    assert attachment_path(root, stored.sha256).read_bytes() == PDF_BYTES
    assert verify_attachments(root, [(stored.sha256, "ärende 6")]) == []


def test_same_bytes_twice_are_stored_once(root: Path, picked: Path) -> None:
    first = store_file(root, write(picked / "a.pdf", PDF_BYTES))
    target = attachment_path(root, first.sha256)
    before = target.stat()
    second = store_file(root, write(picked / "kopia med annat namn.pdf", PDF_BYTES))
    assert second.sha256 == first.sha256
    assert not second.ny and first.ny
    assert second.filnamn == "kopia med annat namn.pdf"
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_damaged_stored_copy_is_repaired_by_storing_again(root: Path, picked: Path) -> None:
    source = write(picked / "a.pdf", PDF_BYTES)
    stored = store_file(root, source)
    target = attachment_path(root, stored.sha256)
    target.write_bytes(b"trasig")
    again = store_file(root, source)
    assert again.ny
    assert target.read_bytes() == PDF_BYTES


def test_large_file_is_copied_in_chunks(
    root: Path, picked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "CHUNK", 7)
    data = os.urandom(1000)
    stored = store_file(root, write(picked / "b.bin", data))
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment_path(root, stored.sha256).read_bytes() == data


def test_over_the_size_limit_warns_but_stores(
    root: Path, picked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "STORA_FILER", 100)
    stored = store_file(root, write(picked / "karta.tif", b"x" * 101))
    assert stored.ny
    assert "karta.tif" in stored.varning and "MB" in stored.varning
    assert store_file(root, write(picked / "liten.txt", b"x" * 100)).varning == ""


# -- refusals ----------------------------------------------------------------------------


def refused(root: Path, source: Path, **kwargs: Path) -> str:
    with pytest.raises(StoreError) as err:
        store_file(root, source, **kwargs)
    message = str(err.value)
    assert str(source) in message
    assert message.endswith(".")
    # Nothing half-stored.
    folder = root / ATTACHMENTS_DIR
    assert not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))
    return message


def test_refuses_a_folder(root: Path, picked: Path) -> None:
    assert "är en mapp" in refused(root, picked)


def test_refuses_a_missing_file(root: Path, picked: Path) -> None:
    assert "finns inte" in refused(root, picked / "saknas.pdf")


def test_refuses_an_empty_file(root: Path, picked: Path) -> None:
    assert "är tom" in refused(root, write(picked / "tom.pdf", b""))


def test_refuses_an_unreadable_file(
    root: Path, picked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(picked / "hemlig.pdf", PDF_BYTES)
    real_open = os.open

    # Tests run as root, where chmod 000 does not stop reading: fake the refusal.
    def deny(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if os.fspath(path) == str(source.resolve()):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", deny)
    assert "behörighet saknas" in refused(root, source)


def test_refuses_a_read_error_halfway(
    root: Path, picked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(picked / "trasig-disk.pdf", PDF_BYTES)
    real_read = os.read
    calls = {"n": 0}

    def failing(fd: int, n: int) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(5, "Input/output error")
        return real_read(fd, n)

    monkeypatch.setattr(attachments, "CHUNK", 100)
    monkeypatch.setattr(os, "read", failing)
    assert "går inte att läsa" in refused(root, source)


def test_refuses_a_symlink_out_of_the_picked_folder(
    root: Path, picked: Path, tmp_path: Path
) -> None:
    outside = write(tmp_path / "utanfor.pdf", PDF_BYTES)
    link = picked / "länk.pdf"
    link.symlink_to(outside)
    message = refused(root, link, allowed_dir=picked)
    assert "symbolisk länk" in message and "utanför" in message
    # A file named on its own (attach --item) keeps to the folder it is named in.
    assert "utanför" in refused(root, link)


def test_refuses_a_file_in_a_linked_folder_outside(
    root: Path, picked: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "annan"
    elsewhere.mkdir()
    write(elsewhere / "x.pdf", PDF_BYTES)
    (picked / "sub").symlink_to(elsewhere, target_is_directory=True)
    assert "utanför" in refused(root, picked / "sub" / "x.pdf", allowed_dir=picked)


def test_a_symlink_inside_the_picked_folder_is_fine(root: Path, picked: Path) -> None:
    target = write(picked / "original.pdf", PDF_BYTES)
    link = picked / "genväg.pdf"
    link.symlink_to(target.name)
    stored = store_file(root, link, allowed_dir=picked)
    assert stored.filnamn == "genväg.pdf"
    assert stored.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()


def test_refuses_a_dangling_symlink(root: Path, picked: Path) -> None:
    link = picked / "död.pdf"
    link.symlink_to(picked / "finns-inte.pdf")
    assert "som inte finns" in refused(root, link, allowed_dir=picked)


def test_refuses_a_fifo_without_hanging(root: Path, picked: Path) -> None:
    fifo = picked / "rör.pdf"
    os.mkfifo(fifo)
    assert "inte en vanlig fil" in refused(root, fifo, allowed_dir=picked)


def test_refuses_a_device(root: Path) -> None:
    assert "inte en vanlig fil" in refused(root, Path("/dev/null"))


def test_write_failure_is_a_store_write_error(
    root: Path, picked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(picked / "a.pdf", PDF_BYTES)

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(StoreWriteError) as err:
        store_file(root, source)
    assert str(source) in str(err.value)
    assert not any(p.is_file() for p in (root / ATTACHMENTS_DIR).rglob("*"))


# -- hashes, text, verification -----------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "abc", "../" * 21 + "x", "A" * 64, "g" * 64])
def test_attachment_path_takes_only_a_real_hash(root: Path, bad: str) -> None:
    with pytest.raises(StoreError):
        attachment_path(root, bad)


def test_attachment_text_is_empty_when_none_was_saved(root: Path) -> None:
    assert attachment_text(root, "a" * 64) == ""


def test_verify_finds_a_changed_byte_and_a_missing_file(root: Path, picked: Path) -> None:
    one = store_file(root, write(picked / "a.pdf", PDF_BYTES))
    two = store_file(root, write(picked / "b.pdf", PDF_BYTES + b"2"))
    three = store_file(root, write(picked / "c.pdf", PDF_BYTES + b"3"))
    assert verify_attachments(root, [(one.sha256, "x"), (two.sha256, "y")]) == []

    changed = attachment_path(root, one.sha256)
    data = bytearray(changed.read_bytes())
    data[100] ^= 0x01
    changed.write_bytes(bytes(data))
    attachment_path(root, two.sha256).unlink()

    problems = verify_attachments(
        root,
        [
            (one.sha256, "norrvik-ks-2026-10-19 ärende 6 ”Tjänsteskrivelse”"),
            (two.sha256, "norrvik-ks-2026-10-19 ärende 7 ”Yttrande”"),
            (three.sha256, "norrvik-ks-2026-10-19 ärende 8 ”Karta”"),
            (one.sha256, "norrvik-ks-2026-11-02 ärende 3 ”Tjänsteskrivelse”"),
            ("inte-en-hash", "norrvik-ks-2026-11-02 ärende 4 ”Bilaga”"),
        ],
    )
    assert len(problems) == 4
    assert "ärende 6 ”Tjänsteskrivelse”" in problems[0] and str(changed) in problems[0]
    assert "stämmer inte längre" in problems[0]
    assert "ärende 7 ”Yttrande”" in problems[1] and "saknas" in problems[1]
    assert str(attachment_path(root, two.sha256)) in problems[1]
    assert "2026-11-02 ärende 3" in problems[2]
    assert "ärende 4 ”Bilaga”" in problems[3]
    assert all(p.endswith(".") for p in problems)


def test_files_in_folder_skips_other_types_and_lock_files(picked: Path) -> None:
    for name in ["b.PDF", "a.docx", "~$a.docx", ".DS_Store", "Thumbs.db", "noter.txt"]:
        write(picked / name, b"x")
    (picked / "undermapp").mkdir()
    usable, skipped = files_in_folder(picked)
    assert [p.name for p in usable] == ["a.docx", "b.PDF", "noter.txt"]
    assert sorted(p.name for p in skipped) == [".DS_Store", "Thumbs.db", "~$a.docx"]


def test_files_in_folder_refuses_a_missing_folder(picked: Path) -> None:
    with pytest.raises(StoreError, match="finns inte"):
        files_in_folder(picked / "saknas")


def test_check_source_refuses_before_anything_is_read(picked: Path, tmp_path: Path) -> None:
    outside = write(tmp_path / "utanfor.pdf", PDF_BYTES)
    (picked / "länk.pdf").symlink_to(outside)
    inside = write(picked / "a.pdf", PDF_BYTES)
    assert attachments.check_source(inside, picked) == str(inside.resolve())
    with pytest.raises(StoreError, match="utanför"):
        attachments.check_source(picked / "länk.pdf", picked)


@pytest.mark.parametrize(
    "system_file", ["/proc/self/environ", "/proc/self/status", "/proc/cpuinfo"]
)
def test_refuses_proc_and_sys_files_even_picked_in_their_folder(
    root: Path, system_file: str
) -> None:
    path = Path(system_file)
    message = refused(root, path, allowed_dir=path.parent)
    assert "systemfil" in message and "/proc" in message
    assert not (root / ATTACHMENTS_DIR).exists()


def test_refuses_sys_files(root: Path) -> None:
    sys_file = next((p for p in Path("/sys/kernel").glob("*") if p.is_file()), None)
    if sys_file is None:
        pytest.skip("no readable /sys here")
    assert "systemfil" in refused(root, sys_file)


def test_refuses_a_symlink_to_a_proc_file_inside_the_picked_folder(
    root: Path, picked: Path
) -> None:
    (picked / "miljö.txt").symlink_to("/proc/self/environ")
    assert "systemfil" in refused(root, picked / "miljö.txt", allowed_dir=picked)
