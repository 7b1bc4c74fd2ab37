from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kallelse_tui.cli import copy_sample_data
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
def fixed_demo_dir() -> Iterator[Path]:
    """The demo store at a fixed path, for snapshots that show the path."""
    base = Path("/tmp/kallelse-test-snapshot")
    shutil.rmtree(base, ignore_errors=True)
    yield copy_sample_data(base / "lager")
    shutil.rmtree(base, ignore_errors=True)
