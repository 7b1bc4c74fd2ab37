"""Typed paths: every answer is a kind or None, never an exception."""

from pathlib import Path

from kallelse_tui.store.paths import path_kind, typed_path


def test_path_kinds(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    assert path_kind(tmp_path) == "dir"
    assert path_kind(tmp_path / "a.txt") == "file"
    assert path_kind(tmp_path / "saknas") is None
    assert path_kind(Path("x" * 5000)) is None  # longer than the file system allows
    assert path_kind(Path("a\x00b")) is None


def test_typed_paths_are_absolute_and_expand_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert typed_path("  ~/ut.pdf ") == tmp_path / "ut.pdf"
    assert typed_path("~ingen-sadan-anvandare/x").is_absolute()
    assert typed_path("rel.pdf") == Path.cwd() / "rel.pdf"
