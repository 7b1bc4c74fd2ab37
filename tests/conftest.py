from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kallelse_tui.cli import copy_sample_data
from kallelse_tui.domain.model import Organ, Sammantrade
from kallelse_tui.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """A private copy of the demo store."""
    return copy_sample_data(tmp_path / "lager")


@pytest.fixture
def demo_store(demo_dir: Path) -> Iterator[Store]:
    store = Store.open(demo_dir)
    yield store
    store.close()


@pytest.fixture
def fixed_demo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo store in $HOME/lager, so screens show the same "~/lager" in every run."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return copy_sample_data(tmp_path / "lager")


@pytest.fixture
def store(demo_dir: Path) -> Iterator[Store]:
    """The demo store copy, read-only: for tests that export and never save."""
    store = Store.open(demo_dir, readonly=True)
    yield store
    store.close()


@pytest.fixture
def ut(tmp_path: Path) -> Path:
    """An empty output folder beside the demo store copy."""
    mapp = tmp_path / "ut"
    mapp.mkdir()
    return mapp


def mote_och_organ(store: Store, mote_id: str) -> tuple[Sammantrade, Organ]:
    mote = store.meeting(mote_id)
    return mote, store.organ(mote.organ_id)
