"""Benchmark harness: startup, save latency, store opening, search and memory on a synthetic store.

    python benchmarks/run.py [--quick] [--json] [--seed N]

Builds a deterministic multi-year store (3 organs x 10 years x 11 meetings x 25 ärenden;
--quick: 1 organ x 2 years) in a temporary folder with the project's own Store API, measures,
then adds one 60-item meeting in progress and drives the app in process with Textual's
Pilot, prints the metrics (with --json one JSON object per line on stdout, progress on
stderr) and the targets from the issue, then removes the folder. Exit status 0 unless a
measurement itself failed (a missed target is reported, not an error).

The app metrics (keys are posted as the terminal driver posts them; Pilot.press would add
its own idle waits of 2 x 20 ms and more to every key):

    open_meeting_ms       Enter on the 60-item meeting's row in the list → the first frame
                          written to the terminal that shows all 60 rows (and the footer);
                          median of several opens, the first (imports) apart
    open_meeting_settled  … → also everything the screen does after that frame, painted
    keystroke_ms          p95, a key typed into a § beslut in meeting mode → the first
                          frame that shows the character
    keystroke_settled     p95, … → also every handler it set off done and painted (a
                          save that ran then, too)
    autosave_ms           p95 of the save itself (SammantradeScreen.save: the meeting's
                          file, its search index rows) each time the debounce fires
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # synth.py, next to this file

from pg import measure_pg, report_pg  # noqa: E402  (the PostgreSQL section)
from synth import (  # noqa: E402
    ADJEKTIV,
    AMNESORD,
    EFTERNAMN,
    SUBSTANTIV,
    Generator,
    generate,
    pagaende_mote,
    underlagstexter,
)
from tinydb import TinyDB  # noqa: E402

from kallelse_tui.domain.status import LASTA  # noqa: E402
from kallelse_tui.store import Store  # noqa: E402
from kallelse_tui.store.search import INDEX_FILE, SokIndex  # noqa: E402
from kallelse_tui.store.serialize import to_dict  # noqa: E402

EXIT_ENV = "KALLELSE_EXIT_AFTER_FIRST_FRAME"
HELLO_APP = """\
from textual.app import App


class Hello(App):
    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)


if __name__ == "__main__":
    Hello().run(headless=True)
"""


@dataclass(frozen=True)
class Size:
    organs: int
    years: int
    meetings_per_year: int
    arenden: int
    startup_runs: int
    saves: int
    tinydb_saves: int
    open_runs: int = 5
    search_queries: int = 200
    meeting_opens: int = 15
    keystrokes: int = 300


FULL = Size(3, 10, 11, 25, startup_runs=7, saves=200, tinydb_saves=20)
QUICK = Size(
    1,
    2,
    11,
    25,
    startup_runs=3,
    saves=50,
    tinydb_saves=5,
    search_queries=60,
    meeting_opens=5,
    keystrokes=80,
)
LAST_YEAR = 2025

# (metric, comparison, limit, label): the targets from the issue.
TARGETS = [
    ("startup_ratio", "<=", 1.5, "target:startup_ratio<=1.5"),
    ("save_p95_ms", "<=", 20.0, "target:save_p95_ms<=20"),
    ("save_speedup", ">=", 50.0, "target:save_speedup>=50"),
    ("rss_mb", "<=", 200.0, "target:rss_mb<=200"),
    ("export_kallelse_pdf_ms", "<=", 100.0, "target:export_kallelse_pdf_ms<=100"),
    ("export_protokoll_pdf_ms", "<=", 200.0, "target:export_protokoll_pdf_ms<=200"),
    ("search_p95_ms", "<=", 50.0, "target:search_p95_ms<=50"),
    ("export_handlingar_s", "<=", 3.0, "target:export_handlingar_s<=3"),
    ("open_meeting_ms", "<=", 150.0, "target:open_meeting_ms<=150"),
    ("keystroke_ms", "<=", 30.0, "target:keystroke_ms<=30"),
    ("anslagstavla_s", "<=", 2.0, "target:anslagstavla_s<=2"),
]
BIG_MEETING_ARENDEN = 60
BIG_MEETING_DONE = 30  # §§ already written: the meeting is halfway
TUI_SIZE = (120, 40)


class BenchError(Exception):
    pass


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# -- the synthetic store ---------------------------------------------------------------------


def build_store(store_dir: Path, tinydb_file: Path, size: Size, seed: int) -> tuple[int, int]:
    """Write the store with the Store API, and the same documents into one TinyDB JSON file.

    Returns (meetings, ärenden).
    """
    years = list(range(LAST_YEAR - size.years + 1, LAST_YEAR + 1))
    organs, meetings = generate(seed, size.organs, years, size.meetings_per_year, size.arenden)
    tables: dict[str, dict[str, Any]] = {
        "organ": {},
        "sammantraden": {},
        "arenden": {},
        "paragrafer": {},
    }
    n_meetings = n_arenden = 0
    with Store.open(store_dir) as store:
        for organ in organs:
            store.save_organ(organ)
            tables["organ"][str(len(tables["organ"]) + 1)] = to_dict(organ)
        for mote in meetings:
            store.save_meeting(mote)
            header = to_dict(mote)
            arenden = header.pop("arenden")
            paragrafer = header.pop("paragrafer")
            n_meetings += 1
            tables["sammantraden"][str(n_meetings)] = header
            for ordning, doc in enumerate(arenden, 1):
                n_arenden += 1
                tables["arenden"][str(n_arenden)] = {
                    **doc,
                    "sammantrade_id": mote.id,
                    "ordning": ordning,
                }
            for doc in paragrafer:
                key = str(len(tables["paragrafer"]) + 1)
                tables["paragrafer"][key] = {**doc, "sammantrade_id": mote.id}
            if n_meetings % 50 == 0:
                log(f"  {n_meetings} sammanträden skrivna")
    # TinyDB's own format: {table: {str(doc_id): doc}}, written as JSONStorage writes it.
    with tinydb_file.open("w", encoding="utf-8") as handle:
        json.dump(tables, handle)
    return n_meetings, n_arenden


# -- startup ---------------------------------------------------------------------------------


def measure_startup(store_dir: Path, work: Path, runs: int) -> dict[str, float]:
    """Startup of the app and of a minimal Textual app, run from benchmarks/launch.py."""
    hello = work / "hello_app.py"
    hello.write_text(HELLO_APP, encoding="utf-8")
    job = {
        "commands": {
            "app": [sys.executable, "-m", "kallelse_tui", "--store", str(store_dir)],
            "hello": [sys.executable, str(hello)],
        },
        "runs": runs,
        "cwd": str(ROOT),
        "env": {**os.environ, EXIT_ENV: "1"},
    }
    # -I -S: no site-packages, so the launcher's own peak RSS stays small (see launch.py).
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(HERE / "launch.py")],
        input=json.dumps(job),
        stdout=subprocess.PIPE,
        text=True,
        cwd=work,
    )
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise BenchError(f"launch.py gav inget resultat (kod {done.returncode}).") from None
    if "error" in result:
        raise BenchError(result["error"])
    times, rss = result["times"], result["rss_mb"]
    startup = statistics.median(times["app"])
    hello_startup = statistics.median(times["hello"])
    return {
        "startup_s": startup,
        "hello_startup_s": hello_startup,
        "startup_ratio": startup / hello_startup,
        "rss_mb": max(rss["app"]),
        "hello_rss_mb": max(rss["hello"]),
    }


# -- saving ----------------------------------------------------------------------------------


def measure_save(store_dir: Path, saves: int) -> dict[str, float]:
    timings: list[float] = []
    with Store.open(store_dir) as store:
        # A meeting still open: a justerat protokoll refuses the edit (the same shard size).
        rows = [r for r in store.meetings() if r.status not in LASTA]
        meeting_id = rows[len(rows) // 2].id
        mote = store.meeting(meeting_id)
        arende = mote.arenden[len(mote.arenden) // 2]
        original = arende.beskrivning
        for i in range(saves):
            arende.beskrivning = f"{original} Ändrad i körning {i}."
            start = time.perf_counter()
            store.save_arende(meeting_id, arende)
            timings.append((time.perf_counter() - start) * 1000)
    with Store.open(store_dir, readonly=True) as store:  # from disk, not from the cache
        check = store.meeting(meeting_id).arende(arende.id).beskrivning
    if check != arende.beskrivning:
        raise BenchError(f"save_arende sparade inte ärendet {arende.id} i {meeting_id}.")
    return {"save_p50_ms": statistics.median(timings), "save_p95_ms": p95(timings)}


def measure_tinydb_default(tinydb_file: Path, saves: int) -> dict[str, float]:
    timings: list[float] = []
    db = TinyDB(tinydb_file)  # the default JSONStorage: reads and rewrites the whole file
    try:
        table = db.table("arenden")
        doc_id = len(table) // 2
        original = table.get(doc_id=doc_id)
        if original is None:
            raise BenchError(f"TinyDB-filen saknar ärende {doc_id}.")
        for i in range(saves):
            text = f"{original['beskrivning']} Ändrad i körning {i}."
            start = time.perf_counter()
            table.update({"beskrivning": text}, doc_ids=[doc_id])
            timings.append((time.perf_counter() - start) * 1000)
    finally:
        db.close()
    return {"tinydb_default_save_p95_ms": p95(timings)}


def measure_open(store_dir: Path, runs: int) -> dict[str, float]:
    timings: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        store = Store.open(store_dir, readonly=True)
        store.organs()
        store.meetings()
        timings.append(time.perf_counter() - start)
        store.close()
    return {"open_store_s": statistics.median(timings)}


def measure_export(store_dir: Path, work: Path, runs: int) -> dict[str, float]:
    """A 25-item kallelse to PDF, in process, warm (the first call loads typst)."""
    from kallelse_tui.export.kallelse import export_kallelse

    with Store.open(store_dir, readonly=True) as store:
        row = next(r for r in store.meetings() if r.antal_arenden >= 25)
        mote = store.meeting(row.id)
        organ = store.organ(mote.organ_id)
    target = work / "kallelse.pdf"
    export_kallelse(mote, organ, "pdf", target)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        export_kallelse(mote, organ, "pdf", target)
        timings.append((time.perf_counter() - start) * 1000)
    return {"export_kallelse_pdf_ms": statistics.median(timings)}


def measure_export_protokoll(store_dir: Path, work: Path, runs: int) -> dict[str, float]:
    """A protokoll of 25 §§ to PDF, in process, warm (typst loaded): each run a different
    meeting, since typst memoizes and typesetting the same data again takes a fraction."""
    from kallelse_tui.export.protokoll import export_protokoll

    with Store.open(store_dir, readonly=True) as store:
        rows = [r for r in store.meetings() if r.antal_arenden >= 25]
        moten = [m for m in (store.meeting(r.id) for r in rows) if len(m.paragrafer) >= 25]
        moten = moten[: runs + 1]
        organs = {m.organ_id: store.organ(m.organ_id) for m in moten}
    if len(moten) < 2:
        raise BenchError("the synthetic store has no two meetings with 25 paragrafer")
    target = work / "protokoll.pdf"
    export_protokoll(moten[0], organs[moten[0].organ_id], "pdf", target)
    timings = []
    for mote in moten[1:]:
        start = time.perf_counter()
        export_protokoll(mote, organs[mote.organ_id], "pdf", target)
        timings.append((time.perf_counter() - start) * 1000)
    return {"export_protokoll_pdf_ms": statistics.median(timings)}


def search_queries(moten: list[Any], count: int, seed: int) -> list[tuple[str, str | None]]:
    """(query, organ filter) pairs, a fixed mix of what a secretary types: single words,
    two words, prefixes, a phrase, names, and Dnr in several shapes."""
    rng = random.Random(seed)
    arenden = [(m, a) for m in moten for a in m.arenden if a.dnr]
    organ_ids = sorted({m.organ_id for m in moten})

    def dnr_shape(i: int) -> str:
        _mote, arende = rng.choice(arenden)
        year, nr = arende.dnr.split()[1].split("-")  # "Dnr 2019-00123 04"
        shapes = (
            arende.dnr,
            f"{year}/{int(nr)}",
            f"KS {year}/{int(nr)}",
            f"Dnr {year}-{nr}",
            f"KS/{year}:{int(nr)}",
        )
        return shapes[i % len(shapes)]

    def word() -> str:
        return rng.choice(SUBSTANTIV + AMNESORD).split()[0]

    kinds: list[Callable[[int], str]] = [
        lambda i: word(),
        lambda i: f"{word()} {word()}",
        lambda i: word()[: rng.randint(3, 5)],
        lambda i: f'"{rng.choice(ADJEKTIV)} {rng.choice(SUBSTANTIV)}"',
        dnr_shape,
        lambda i: rng.choice(EFTERNAMN),
        lambda i: f"{rng.choice(ADJEKTIV)[:4]} {word()[:4]}",
        dnr_shape,
    ]
    queries = []
    for i in range(count):
        query = kinds[i % len(kinds)](i // len(kinds))
        organ = rng.choice(organ_ids) if i % 10 == 9 else None
        queries.append((query, organ))
    return queries


HANDLING_TYP = """#set page(paper: "a4")
#set text(font: "Libertinus Serif", lang: "sv")
#for s in range(1, 5) [
  = Bilaga, sida #s
  #lorem(350)
  #pagebreak(weak: true)
]
"""


def measure_handlingar(store_dir: Path, work: Path, runs: int) -> dict[str, float]:
    """A handlingar bundle of 25 ärenden with 50 four-page PDF attachments (~200 pages)."""
    import typst

    from kallelse_tui.domain.model import Beslutsunderlag
    from kallelse_tui.export.handlingar import export_handlingar

    source = work / "bilaga.typ"
    source.write_text(HANDLING_TYP, encoding="utf-8")
    pdf = typst.compile(str(source))
    with Store.open(store_dir) as store:
        row = next(r for r in store.meetings() if r.antal_arenden >= 25)
        mote = store.meeting(row.id)
        organ = store.organ(mote.organ_id)
        for i, arende in enumerate(mote.arenden[:25]):
            arende.beslutsunderlag = []
            for j in range(2):
                path = work / f"bilaga-{i}-{j}.pdf"
                path.write_bytes(pdf + f"\n% {i}-{j}\n".encode())  # distinct files, as in life
                stored = store.add_attachment(path)
                arende.beslutsunderlag.append(
                    Beslutsunderlag(
                        f"u{i}-{j}",
                        f"Bilaga {j + 1}",
                        filnamn=path.name,
                        sha256=stored.sha256,
                        storlek=stored.storlek,
                    )
                )
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            export_handlingar(
                mote,
                organ,
                work / "handlingar.pdf",
                fil_for=lambda u: store.attachment_path(u.sha256),
                text_for=lambda u: store.attachment_text(u.sha256),
            )
            timings.append(time.perf_counter() - start)
    return {"export_handlingar_s": statistics.median(timings)}


def measure_anslagstavla(store_dir: Path, work: Path, runs: int) -> dict[str, float]:
    """`kallelse anslagstavla` on the whole store, as a user runs it (a new process), on the
    synthetic store's reference day so its newest protokoll are up: each run into a new
    folder, so the public PDFs are typeset every time. The synthetic store is justerat
    without the store, so first each organ's chain head goes into the register, as
    `Store.justera` would have put it (a board leaves out what it cannot vouch for)."""
    from kallelse_tui.store.integritet import save_chain_head

    with Store.open(store_dir) as store:
        for organ in store.organs():
            save_chain_head(store, organ.id)
    timings = []
    for run in range(runs):
        target = work / f"anslagstavla-{run}"
        cmd = [sys.executable, "-m", "kallelse_tui", "--store", str(store_dir), "anslagstavla"]
        start = time.perf_counter()
        done = subprocess.run(
            [*cmd, "-o", str(target), "--datum", f"{LAST_YEAR}-10-01"], capture_output=True
        )
        timings.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise BenchError(f"kallelse anslagstavla: {done.stderr.decode(errors='replace')}")
    return {"anslagstavla_s": statistics.median(timings)}


def measure_search(store_dir: Path, runs: int, seed: int = 0) -> dict[str, float]:
    """Build the search index over the store with the generated attachment texts (the
    attachment store is another module's; the texts come straight from synth.py), then
    time `runs` queries."""
    with Store.open(store_dir, readonly=True) as store:
        kortnamn = {o.id: o.kortnamn for o in store.organs()}
        moten = [store.meeting(row.id) for row in store.meetings()]
    bilagor = list(underlagstexter(seed, moten))
    index_file = store_dir / INDEX_FILE
    index_file.unlink(missing_ok=True)
    start = time.perf_counter()
    index = SokIndex(store_dir)
    index.bygg_om(((m, kortnamn[m.organ_id]) for m in moten), bilagor)
    build_s = time.perf_counter() - start
    try:
        if index.behover_byggas():
            raise BenchError("Sökindexet blev inte färdigbyggt.")
        queries = search_queries(moten, runs, seed)
        index.sok(queries[0][0])  # warm the page cache like a second search would
        timings: list[float] = []
        empty = 0
        for query, organ in queries:
            start = time.perf_counter()
            hits = index.sok(query, organ_id=organ)
            timings.append((time.perf_counter() - start) * 1000)
            empty += not hits
        if empty > len(queries) // 4:
            raise BenchError(f"{empty} av {len(queries)} sökningar gav inga träffar.")
        # Index updates as the Store's save hooks make them: one § changed in a meeting
        # (uppdatera_sammantrade rewrites only changed rows), one ärende edited.
        mote = next(m for m in reversed(moten) if m.paragrafer)
        paragraf = mote.paragrafer[len(mote.paragrafer) // 2]
        original = paragraf.beslut
        update: list[float] = []
        for i in range(20):
            paragraf.beslut = f"{original} Ändrat i körning {i}."
            start = time.perf_counter()
            index.uppdatera_sammantrade(mote, kortnamn[mote.organ_id])
            update.append((time.perf_counter() - start) * 1000)
        arende = mote.arenden[len(mote.arenden) // 2]
        original = arende.beskrivning
        update_arende: list[float] = []
        for i in range(20):
            arende.beskrivning = f"{original} Ändrad i körning {i}."
            start = time.perf_counter()
            index.uppdatera_arende(mote.id, arende)
            update_arende.append((time.perf_counter() - start) * 1000)
        if not index.sok(f"körning {19}", organ_id=mote.organ_id):
            raise BenchError("Sökindexet hittar inte den senaste ändringen.")
    finally:
        index.close()
    return {
        "search_build_s": build_s,
        "search_index_mb": index_file.stat().st_size / 1e6,
        "search_attachments": len(bilagor),
        "search_p50_ms": statistics.median(timings),
        "search_p95_ms": p95(timings),
        "search_update_meeting_p95_ms": p95(update),
        "search_update_arende_p95_ms": p95(update_arende),
    }


# -- the app, in process ---------------------------------------------------------------------


def add_big_meeting(store_dir: Path, seed: int) -> str:
    """A 60-item KS meeting in progress, newest in the store, halfway through its §§ (the
    numbers continue the organ's series of the year). Returns its id."""
    with Store.open(store_dir) as store:
        organ = store.organ("ekby-ks")
        rows = [r for r in store.meetings(organ.id) if r.datum.year == LAST_YEAR]
        numbers = [p.nummer for r in rows for p in store.meeting(r.id).paragrafer]
        mote = pagaende_mote(
            seed,
            organ,
            date(LAST_YEAR, 12, 22),
            BIG_MEETING_ARENDEN,
            BIG_MEETING_DONE,
            max(numbers, default=0) + 1,
            {r.id for r in store.meetings()},
        )
        store.save_meeting(mote)
    if len(mote.arenden) != BIG_MEETING_ARENDEN:
        raise BenchError(f"Det stora sammanträdet fick {len(mote.arenden)} ärenden.")
    return mote.id


def measure_tui(
    store_dir: Path, meeting_id: str, opens: int, keystrokes: int, seed: int
) -> dict[str, float]:
    return asyncio.run(_measure_tui(store_dir, meeting_id, opens, keystrokes, seed))


async def _until(pilot: Any, condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    """Yield to the app's tasks until `condition()` holds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise BenchError(f"Tidsgränsen nåddes: {what}.")
        await asyncio.sleep(0)


def _send_key(app: Any, key: str) -> None:
    """Post one key event to the app as the terminal driver would. Pilot.press does the
    same and then waits for the process to look idle (at least 2 x 20 ms of sleeps in
    textual._wait), which would swamp the times measured here."""
    from textual import events
    from textual.keys import _character_to_key

    char = key if len(key) == 1 else None
    if char is not None and not char.isalnum():
        key = _character_to_key(char)
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def _settled(pilot: Any, screen: Any) -> None:
    """Every widget of the screen has handled what is queued, then the screen is painted."""
    await pilot._wait_for_screen()
    await screen.wait_for_refresh()


def typing_text(seed: int, keys: int) -> str:
    """What a secretary types into a beslut: Swedish sentences, `keys` characters."""
    gen = Generator(f"{seed}:typing")
    text = ""
    while len(text) < keys:
        text += " " + gen.sentence()
    return text[:keys]


async def _measure_tui(
    store_dir: Path, meeting_id: str, opens: int, keystrokes: int, seed: int
) -> dict[str, float]:
    from textual.widgets import DataTable, OptionList, TextArea

    from kallelse_tui.tui.app import make_app
    from kallelse_tui.tui.meeting_screen import MeetingScreen
    from kallelse_tui.tui.meetings_screen import MeetingsScreen
    from kallelse_tui.tui.sammantrade_screen import SammantradeScreen

    with Store.open(store_dir, readonly=True) as store:
        n_rows = len(store.meetings())
    app = make_app(Store.open(store_dir))
    rng = random.Random(seed)
    async with app.run_test(size=TUI_SIZE) as pilot:

        def list_ready() -> bool:
            screen = app.screen
            if not isinstance(screen, MeetingsScreen):
                return False
            return screen.query_one("#meeting-table", OptionList).option_count == n_rows

        def meeting_shown() -> bool:
            screen = app.screen
            if not isinstance(screen, MeetingScreen):
                return False
            tables = screen.query("#arende-table").results(DataTable)
            return any(t.row_count == BIG_MEETING_ARENDEN for t in tables)

        # Every frame written to the (headless) terminal, with what the benchmark looks for.
        frames: list[tuple[float, bool, int]] = []
        original_display = app._display
        area: TextArea | None = None

        def display(*args: Any) -> None:
            original_display(*args)
            complete = meeting_shown() and bool(app.screen.query("FooterKey"))
            frames.append((time.perf_counter(), complete, len(area.text) if area else 0))

        app._display = display  # type: ignore[method-assign]

        # -- open the meeting from the list: Enter on its row → the first frame that shows
        # its ärendelista (all 60 rows) and its footer; "settled" also waits for what the
        # screen does after that frame.
        open_ms: list[float] = []
        settled_open_ms: list[float] = []
        for _ in range(opens + 1):  # the first open also imports the screen's modules
            await _until(pilot, list_ready, "sammanträdeslistan fylldes inte")
            table = app.screen.query_one("#meeting-table", OptionList)
            table.highlighted = table.get_option_index(meeting_id)
            await pilot.pause()
            seen = len(frames)
            start = time.perf_counter()
            _send_key(app, "enter")
            await _until(pilot, meeting_shown, "sammanträdet visades inte")
            await _settled(pilot, app.screen)
            settled_open_ms.append((time.perf_counter() - start) * 1000)
            shown = next((at for at, ok, _n in frames[seen:] if ok), None)
            if shown is None:
                raise BenchError("Sammanträdet syntes aldrig på skärmen.")
            open_ms.append((shown - start) * 1000)
            await pilot.press("escape")
        first_open = open_ms.pop(0)
        settled_open_ms.pop(0)

        # -- meeting mode: type into the beslut of the first § not written yet
        await _until(pilot, list_ready, "sammanträdeslistan fylldes inte")
        await pilot.press("enter")
        await _until(pilot, meeting_shown, "sammanträdet visades inte")
        await pilot.press("p")
        await _until(
            pilot, lambda: isinstance(app.screen, SammantradeScreen), "mötesläget öppnades inte"
        )
        screen = app.screen
        assert isinstance(screen, SammantradeScreen)
        await pilot.press("e")
        area = screen.query_one("#beslut", TextArea)
        if screen.focused is not area or screen._shown is None:
            raise BenchError("Beslutsrutan fick inte fokus i mötesläget.")
        paragraf = screen._shown
        area.move_cursor(area.document.end)  # type after the prefilled förslag
        await pilot.pause()
        save_ms: list[float] = []
        original_save = screen.save

        def timed_save() -> bool:
            start = time.perf_counter()
            try:
                return original_save()
            finally:
                save_ms.append((time.perf_counter() - start) * 1000)

        screen.save = timed_save  # type: ignore[method-assign]
        before = area.text
        text = typing_text(seed, keystrokes)
        key_ms: list[float] = []  # key → the first frame showing it
        settled_ms: list[float] = []  # key → everything it set off handled (a save too) and painted
        for char in text:
            length = len(area.text)
            seen = len(frames)
            start = time.perf_counter()
            _send_key(app, char)
            await _until(pilot, lambda n=length: len(area.text) > n, f"tangenten {char!r}")
            await _settled(pilot, screen)
            settled_ms.append((time.perf_counter() - start) * 1000)
            shown = next((at for at, _ok, n in frames[seen:] if n > length), None)
            if shown is None:
                raise BenchError(f"Tangenten {char!r} syntes aldrig på skärmen.")
            key_ms.append((shown - start) * 1000)
            if len(area.text) != length + 1:
                raise BenchError(f"Tangenten {char!r} kom inte fram till beslutsrutan.")
            # A typist: 60-180 ms between keys, now and then a pause that lets the
            # debounced autosave fire (otherwise MAX_UNSAVED_SECONDS saves mid-typing).
            pause = 0.6 if char == "." else rng.uniform(0.06, 0.18)
            await asyncio.sleep(pause)
        await pilot.pause(1.0)
        if area.text != before + text:
            raise BenchError(f"Beslutsrutan visar inte det som skrevs: {area.text[-200:]!r}")
        if not save_ms:
            raise BenchError("Autosparningen gick aldrig i mötesläget.")
        nummer = paragraf.nummer
    with Store.open(store_dir, readonly=True) as store:
        stored = next(p for p in store.meeting(meeting_id).paragrafer if p.nummer == nummer)
    if stored.beslut != before + text:
        raise BenchError(f"§ {nummer}: det som skrevs finns inte på disken.")
    return {
        "open_meeting_first_ms": first_open,
        "open_meeting_ms": statistics.median(open_ms),
        "open_meeting_p95_ms": p95(open_ms),
        "open_meeting_settled_ms": statistics.median(settled_open_ms),
        "keystroke_p50_ms": statistics.median(key_ms),
        "keystroke_ms": p95(key_ms),
        "keystroke_settled_p95_ms": p95(settled_ms),
        "autosaves": len(save_ms),
        "autosave_p50_ms": statistics.median(save_ms),
        "autosave_ms": p95(save_ms),
    }


# -- reporting -------------------------------------------------------------------------------

UNITS = {
    "store_meetings": "count",
    "store_arenden": "count",
    "store_mb": "MB",
    "tinydb_file_mb": "MB",
    "startup_s": "s",
    "hello_startup_s": "s",
    "startup_ratio": "ratio",
    "rss_mb": "MB",
    "hello_rss_mb": "MB",
    "open_store_s": "s",
    "save_p50_ms": "ms",
    "save_p95_ms": "ms",
    "tinydb_default_save_p95_ms": "ms",
    "save_speedup": "ratio",
    "export_kallelse_pdf_ms": "ms",
    "export_protokoll_pdf_ms": "ms",
    "search_build_s": "s",
    "search_index_mb": "MB",
    "search_attachments": "count",
    "search_p50_ms": "ms",
    "search_p95_ms": "ms",
    "search_update_meeting_p95_ms": "ms",
    "search_update_arende_p95_ms": "ms",
    "save_with_index_p95_ms": "ms",
    "export_handlingar_s": "s",
    "anslagstavla_s": "s",
    "open_meeting_first_ms": "ms",
    "open_meeting_ms": "ms",
    "open_meeting_p95_ms": "ms",
    "open_meeting_settled_ms": "ms",
    "keystroke_p50_ms": "ms",
    "keystroke_ms": "ms",
    "keystroke_settled_p95_ms": "ms",
    "autosaves": "count",
    "autosave_p50_ms": "ms",
    "autosave_ms": "ms",
}


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def evaluate(metrics: dict[str, float]) -> list[tuple[str, bool, str]]:
    checks: dict[str, Callable[[float, float], bool]] = {
        "<=": lambda a, b: a <= b,
        ">=": lambda a, b: a >= b,
    }
    results = []
    for metric, op, limit, label in TARGETS:
        value = metrics[metric]
        results.append(
            (label, checks[op](value, limit), f"{metric} = {value:.3g} ({op} {limit:g})")
        )
    return results


def rounded(value: float) -> float | int:
    if float(value).is_integer() and abs(value) < 1e15:
        return int(value)
    return float(f"{value:.4g}")


def report(metrics: dict[str, float], as_json: bool, size_label: str, quick: bool) -> None:
    targets = evaluate(metrics)
    if as_json:
        for name, value in metrics.items():
            print(json.dumps({"metric": name, "value": rounded(value), "unit": UNITS[name]}))
        for label, ok, _detail in targets:
            print(json.dumps({"metric": label, "value": ok, "unit": "bool"}))
        return
    print(f"Kallelse benchmark ({size_label})")
    width = max(len(name) for name in metrics)
    for name, value in metrics.items():
        print(f"  {name:<{width}}  {rounded(value):>12}  {UNITS[name]}")
    print()
    for label, ok, detail in targets:
        print(f"  {'PASS' if ok else 'FAIL'}  {label:<28} {detail}")
    if quick:
        print(
            "\n  (--quick: a small store, so save_speedup and startup_ratio are lower than on "
            "the\n  10-year store the targets are meant for; run without --quick to judge them.)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 organ x 2 years, fewer runs")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--seed", type=int, default=20240611, help="generator seed")
    parser.add_argument(
        "--pg-only", action="store_true", help="build the store, measure only PostgreSQL"
    )
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    size_label = (
        f"{size.organs} organ x {size.years} år x {size.meetings_per_year} sammanträden x "
        f"{size.arenden} ärenden"
    )
    work = Path(tempfile.mkdtemp(prefix="kallelse-bench-"))
    try:
        store_dir = work / "lager"
        tinydb_file = work / "tinydb-default.json"
        log(f"bygger lagret ({size_label}) i {work}")
        start = time.perf_counter()
        n_meetings, n_arenden = build_store(store_dir, tinydb_file, size, args.seed)
        log(f"  klart på {time.perf_counter() - start:.1f} s")
        if args.pg_only:
            meeting_id = add_big_meeting(store_dir, args.seed)
            pg_metrics = measure_pg(
                store_dir, meeting_id, size.saves, size.search_queries, args.seed
            )
            report_pg(pg_metrics, args.json)
            return 0
        metrics: dict[str, float] = {
            "store_meetings": n_meetings,
            "store_arenden": n_arenden,
            "store_mb": folder_mb(store_dir),
            "tinydb_file_mb": tinydb_file.stat().st_size / 1e6,
        }
        log(f"start: {size.startup_runs} körningar var efter en uppvärmning")
        metrics.update(measure_startup(store_dir, work, size.startup_runs))
        log("öppna lagret")
        metrics.update(measure_open(store_dir, size.open_runs))
        log(f"spara: {size.saves} save_arende")
        metrics.update(measure_save(store_dir, size.saves))
        log(f"spara med TinyDB:s standardlagring: {size.tinydb_saves} uppdateringar")
        metrics.update(measure_tinydb_default(tinydb_file, size.tinydb_saves))
        metrics["save_speedup"] = metrics["tinydb_default_save_p95_ms"] / metrics["save_p95_ms"]
        log("exportera kallelsen som PDF")
        metrics.update(measure_export(store_dir, work, 10))
        log("exportera protokollet (25 §§) som PDF")
        metrics.update(measure_export_protokoll(store_dir, work, 10))
        log("exportera handlingarna: 25 ärenden, 50 PDF-bilagor")
        metrics.update(measure_handlingar(store_dir, work, 3))
        log("anslagstavlan: hela lagret som webbplats")
        metrics.update(measure_anslagstavla(store_dir, work, 3))
        log(f"sök: bygg sökindexet och kör {size.search_queries} sökningar")
        metrics.update(measure_search(store_dir, size.search_queries, args.seed))
        log(f"spara med sökindexet på plats: {size.saves} save_arende")
        with_index = measure_save(store_dir, size.saves)
        metrics["save_with_index_p95_ms"] = with_index["save_p95_ms"]
        log(f"appen: ett sammanträde med {BIG_MEETING_ARENDEN} ärenden läggs till")
        meeting_id = add_big_meeting(store_dir, args.seed)
        log(
            f"appen: öppna det {size.meeting_opens} gånger, skriv {size.keystrokes} tecken "
            "i ett beslut i mötesläget"
        )
        metrics.update(
            measure_tui(store_dir, meeting_id, size.meeting_opens, size.keystrokes, args.seed)
        )
        pg_metrics = measure_pg(store_dir, meeting_id, size.saves, size.search_queries, args.seed)
    except BenchError as exc:
        print(f"benchmark: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    order = list(UNITS)
    report({k: metrics[k] for k in order if k in metrics}, args.json, size_label, args.quick)
    report_pg(pg_metrics, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
