"""Runs the startup measurements for benchmarks/run.py from a small, fresh process.

Why a separate process: on Linux a child's ru_maxrss starts at the high-water RSS of the
process that spawned it (exec records the old address space's peak). Spawned from the
harness, which holds the whole synthetic store in memory, every child would report the
harness's peak. This launcher imports only the standard library, so its own peak is far
below any Textual app's and the numbers are the children's own.

Reads a JSON job on stdin: {"commands": {name: argv}, "runs": n, "cwd": dir, "env": {...}}.
Runs every command once as a warm-up, then `runs` rounds, interleaved. Writes
{"times": {name: [s, ...]}, "rss_mb": {name: [MB, ...]}} to stdout, or on a failing command
{"error": message} and exit status 1. Progress goes to stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time


class Failed(Exception):
    pass


def run_once(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Run `cmd` to completion; return (wall seconds, max RSS in MB)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if proc.returncode != 0:
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace").rstrip()
            raise Failed(f"{' '.join(cmd)} avslutades med kod {proc.returncode}:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> int:
    job = json.load(sys.stdin)
    commands: dict[str, list[str]] = job["commands"]
    env, cwd, runs = job["env"], job["cwd"], job["runs"]
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for cmd in commands.values():  # warm-up: bytecode caches, page cache
            run_once(cmd, env, cwd)
        for i in range(runs):  # interleaved, so drift in machine load hits all alike
            for name, cmd in commands.items():
                elapsed, mb = run_once(cmd, env, cwd)
                times[name].append(elapsed)
                rss[name].append(mb)
            done = ", ".join(f"{name} {times[name][-1]:.3f} s" for name in commands)
            print(f"[bench]   start {i + 1}/{runs}: {done}", file=sys.stderr, flush=True)
    except Failed as exc:
        json.dump({"error": str(exc)}, sys.stdout)
        return 1
    json.dump({"times": times, "rss_mb": rss}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
