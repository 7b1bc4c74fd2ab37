"""The PostgreSQL section of the benchmark (issue 14 point 10), called from run.py.

On a throwaway server (the `pgserver` package, as the tests use; or $KALLELSE_BENCH_PG, a
postgresql:// URL of an empty database) it measures, on the store run.py built:

    pg_copy_store_s          kallelse copy-store of the whole folder store into the server
    pg_save_p50/p95_ms       save_arende on an open meeting (read, version check, write)
    pg_open_meeting_ms       median, the 60-item meeting read from the server as the meeting
                             screen reads it (meeting, organ, the § series); the rendering
                             is the same on both backends (run.py measures it on the folder)
    pg_search_p95_ms         searches after the first (which builds what it needs)
    pg_clients_save_p95_ms   10 processes, each saving its own meeting as fast as it can
    pg_clients_saves_per_s   … all the saves together per second of wall time
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CLIENTS = 10
CLIENT_SECONDS = 5.0
URL_ENV = "KALLELSE_BENCH_PG"

# (metric, comparison, limit): issue 14 point 10.
PG_TARGETS = [
    ("pg_save_p95_ms", "<=", 10.0),
    ("pg_open_meeting_ms", "<=", 150.0),
    ("pg_search_p95_ms", "<=", 50.0),
    ("pg_clients_save_p95_ms", "<=", 25.0),
    ("pg_clients_saves_per_s", ">=", 300.0),
    ("pg_copy_store_s", "<=", 60.0),
]
PG_UNITS = {
    "pg_copy_store_s": "s",
    "pg_copy_meetings": "count",
    "pg_save_p50_ms": "ms",
    "pg_save_p95_ms": "ms",
    "pg_open_meeting_ms": "ms",
    "pg_search_first_s": "s",
    "pg_search_p50_ms": "ms",
    "pg_search_p95_ms": "ms",
    "pg_clients": "count",
    "pg_clients_saves": "count",
    "pg_clients_save_p95_ms": "ms",
    "pg_clients_saves_per_s": "1/s",
}


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@contextmanager
def server() -> Iterator[str]:
    """An empty database: $KALLELSE_BENCH_PG, else a pgserver of its own, removed after."""
    if url := os.environ.get(URL_ENV):
        yield url
        return
    import warnings

    import psycopg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR
        import pgserver

        # Not under a private temp folder: as root, pgserver runs the server as its own user.
        pg = pgserver.get_server(
            tempfile.mkdtemp(prefix="kallelse-bench-pg-"), cleanup_mode="delete"
        )
    admin = pg.get_uri()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE DATABASE kallelse_bench")
    try:
        yield pg.get_uri("kallelse_bench")
    finally:
        pg.cleanup()


def measure_pg(
    store_dir: Path, big_meeting: str | None, saves: int, queries: int, seed: int
) -> dict[str, float]:
    """Copy the folder store into PostgreSQL and measure there (see the module's doc)."""
    from kallelse_tui.store import open_store
    from kallelse_tui.store.kopiering import copy_store

    with server() as url:
        _log("PostgreSQL: copy-store av hela lagret till servern")
        start = time.perf_counter()
        kopia = copy_store(str(store_dir), url)
        metrics: dict[str, float] = {
            "pg_copy_store_s": time.perf_counter() - start,
            "pg_copy_meetings": kopia.sammantraden,
        }
        with open_store(url) as store:
            rows = store.meetings()
            open_rows = [r for r in rows if r.status.value in ("utkast", "kallad")]
            if not open_rows:
                raise RuntimeError("Lagret har inget öppet sammanträde att spara i.")
            _log(f"PostgreSQL: {saves} save_arende")
            metrics.update(_saves(store, open_rows[len(open_rows) // 2].id, saves))
            opened = big_meeting or max(rows, key=lambda r: r.antal_arenden).id
            _log(f"PostgreSQL: öppna {opened}")
            metrics["pg_open_meeting_ms"] = _open(store, opened)
            _log(f"PostgreSQL: {queries} sökningar")
            metrics.update(_searches(store, queries, seed))
            template = store.meeting(open_rows[0].id)
        _log(f"PostgreSQL: {CLIENTS} klienter sparar var sitt sammanträde i {CLIENT_SECONDS:g} s")
        metrics.update(_clients(url, template))
    return metrics


def _saves(store: Any, meeting_id: str, saves: int) -> dict[str, float]:
    mote = store.meeting(meeting_id)
    arende = mote.arenden[len(mote.arenden) // 2]
    original = arende.beskrivning
    timings = []
    for i in range(saves):
        arende.beskrivning = f"{original} Ändrad i körning {i}."
        start = time.perf_counter()
        store.save_arende(meeting_id, arende)
        timings.append((time.perf_counter() - start) * 1000)
    if store.meeting(meeting_id).arende(arende.id).beskrivning != arende.beskrivning:
        raise RuntimeError(f"save_arende sparade inte ärendet i {meeting_id} på servern.")
    return {"pg_save_p50_ms": statistics.median(timings), "pg_save_p95_ms": _p95(timings)}


def _open(store: Any, meeting_id: str, runs: int = 15) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        mote = store.meeting(meeting_id)
        store.organ(mote.organ_id)
        store.sista_paragraf(mote)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _searches(store: Any, count: int, seed: int) -> dict[str, float]:
    """Words of the ärenden's titles and their Dnr, as a secretary would type them."""
    rng = random.Random(seed)
    rows = store.meetings()
    moten = [store.meeting(r.id) for r in rng.sample(rows, min(len(rows), 40))]
    arenden = [a for m in moten for a in m.arenden]
    queries = []
    for _ in range(count):
        arende = rng.choice(arenden)
        words = [w for w in arende.rubrik.split() if len(w) > 4] or [arende.rubrik]
        queries.append(arende.dnr if arende.dnr and rng.random() < 0.3 else rng.choice(words))
    start = time.perf_counter()
    store.search(queries[0])
    first = time.perf_counter() - start
    timings = []
    for query in queries:
        start = time.perf_counter()
        store.search(query)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "pg_search_first_s": first,
        "pg_search_p50_ms": statistics.median(timings),
        "pg_search_p95_ms": _p95(timings),
    }


def _clients(url: str, template: Any) -> dict[str, float]:
    """CLIENTS processes, each with its own connection and its own new meeting (no §§:
    they would compete for the organ's series), saving an ärende over and over."""
    import dataclasses

    from kallelse_tui.store import open_store

    with open_store(url) as store:
        for i in range(CLIENTS):
            store.save_meeting(dataclasses.replace(template, id=f"bench-klient-{i}", paragrafer=[]))
    ctx = multiprocessing.get_context("spawn")
    # All start together once every one has imported and read its meeting: a fixed start
    # time passed before the last import finished on a slow machine (no saves at all).
    ready = ctx.Barrier(CLIENTS)
    with ctx.Pool(CLIENTS, initializer=_set_barrier, initargs=(ready,)) as pool:
        results = pool.starmap(_client, [(url, f"bench-klient-{i}") for i in range(CLIENTS)])
    timings = [t for r in results for t in r]
    return {
        "pg_clients": CLIENTS,
        "pg_clients_saves": len(timings),
        "pg_clients_save_p95_ms": _p95(timings),
        "pg_clients_saves_per_s": len(timings) / CLIENT_SECONDS,
    }


_ready: Any = None  # the clients' barrier, in each client process


def _set_barrier(barrier: Any) -> None:
    global _ready
    _ready = barrier


def _client(url: str, meeting_id: str) -> list[float]:
    from kallelse_tui.store import open_store

    timings = []
    with open_store(url) as store:
        mote = store.meeting(meeting_id)
        arende = mote.arenden[0]
        _ready.wait(timeout=300)
        end = time.time() + CLIENT_SECONDS
        i = 0
        while time.time() < end:
            arende.beskrivning = f"Klienten sparar för {i}:e gången."
            start = time.perf_counter()
            store.save_arende(meeting_id, arende)
            timings.append((time.perf_counter() - start) * 1000)
            i += 1
    return timings


def evaluate_pg(metrics: dict[str, float]) -> list[tuple[str, bool, str]]:
    results = []
    for metric, op, limit in PG_TARGETS:
        value = metrics[metric]
        met = value <= limit if op == "<=" else value >= limit
        results.append((f"target:{metric}{op}{limit:g}", met, f"{value:.3g} ({op} {limit:g})"))
    return results


def report_pg(metrics: dict[str, float], as_json: bool) -> None:
    targets = evaluate_pg(metrics)
    if as_json:
        for name, unit in PG_UNITS.items():
            print(json.dumps({"metric": name, "value": round(metrics[name], 3), "unit": unit}))
        for label, ok, _detail in targets:
            print(json.dumps({"metric": label, "value": ok, "unit": "bool"}))
        return
    print("\nPostgreSQL (issue 14, point 10):")
    width = max(len(name) for name in PG_UNITS)
    for name, unit in PG_UNITS.items():
        print(f"  {name:<{width}}  {round(metrics[name], 3):>12}  {unit}")
    for label, ok, detail in targets:
        print(f"  {'MET   ' if ok else 'MISSED'}  {label:<42} {detail}")
