from __future__ import annotations

import os
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


# -- PostgreSQL: one throwaway server per test session (per xdist worker) ----------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server of the `pgserver` package (it runs as root too), with a template
    database already holding the Kallelse schema; yields the template's URL. CI fails
    rather than skips when the server cannot start."""
    import tempfile
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR under CI
            import pgserver

            # Not under pytest's tmp folders: as root, pgserver runs the server as its own
            # user, who must reach the data folder (the socket lives there too).
            pgdata = tempfile.mkdtemp(prefix="kallelse-pg-")
            server = pgserver.get_server(pgdata, cleanup_mode="delete")
        import psycopg

        admin = server.get_uri()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE kallelse_mall")
        from kallelse_tui.store.pg import PgStore

        PgStore.open(server.get_uri("kallelse_mall")).close()
    except Exception as exc:  # any reason at all: say it, and let CI fail on it
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL för testerna kunde inte startas: {exc!r}")
        pytest.skip(f"PostgreSQL kunde inte startas: {exc!r}")
    yield admin
    server.cleanup()  # here, not at exit: an xdist worker may end without running atexit


@pytest.fixture
def pg_url(pg_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database (a copy of the schema template) for one test; attachments opened
    from it are cached in the test's folder, not the user's."""
    import uuid

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE kallelse_mall STRATEGY FILE_COPY")
    yield pg_server.replace("/postgres?", f"/{name}?", 1)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=["mapp", "postgresql"])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store contract runs on both backends: a new folder, or a fresh database."""
    if request.param == "mapp":
        return str(tmp_path / "lager")
    return str(request.getfixturevalue("pg_url"))
