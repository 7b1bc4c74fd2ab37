"""Runs the startup measurements for benchmarks/run.py from a small, fresh process.

Why a separate process: on Linux a child's ru_maxrss starts at the high-water RSS of the
process that spawned it (exec records the old address space's peak). Spawned from the
harness, which holds the whole synthetic store in memory, every child would report the
harness's peak. This launcher imports only the standard library, so its own peak is far
below any Textual app's and the numbers are the children's own.

Reads a JSON job on stdin: {"commands": {name: argv}, "runs": n, "cwd": dir, "env": {...},
"pty": [name, ...]}. Runs every command once as a warm-up, then `runs` rounds, interleaved.
The commands named in "pty" run on a fresh 120x40 pseudo-terminal (stdin, stdout and stderr)
whose output is read as a terminal would, so the app draws with its real driver. Writes
{"times": {name: [s, ...]}, "rss_mb": {name: [MB, ...]}} to stdout, or on a failing command
{"error": message} and exit status 1. Progress goes to stderr.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

PTY_SIZE = (40, 120)  # rows, columns


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


def run_on_pty(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Run `cmd` on a new pseudo-terminal, reading everything it writes; (wall s, RSS MB)."""
    start = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:  # the child: the pty is its terminal
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", *PTY_SIZE, 0, 0))
            os.chdir(cwd)
            os.execvpe(cmd[0], cmd, {**env, "TERM": "xterm-256color"})
        finally:
            os._exit(127)
    output = bytearray()
    try:
        while True:
            ready, _w, _x = select.select([master], [], [], 30)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise Failed(f"{' '.join(cmd)} svarade inte på 30 s på pty:n.")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child has closed the terminal
                break
            if not chunk:
                break
            output += chunk[-4000:]
            del output[:-4000]
    finally:
        _pid, status, usage = os.wait4(pid, 0)
        os.close(master)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = output.decode("utf-8", "replace")[-1500:]
        raise Failed(f"{' '.join(cmd)} (pty) avslutades med kod {code}:\n{tail}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> int:
    job = json.load(sys.stdin)
    commands: dict[str, list[str]] = job["commands"]
    env, cwd, runs = job["env"], job["cwd"], job["runs"]
    on_pty = set(job.get("pty", []))
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for name, cmd in commands.items():  # warm-up: bytecode caches, page cache
            (run_on_pty if name in on_pty else run_once)(cmd, env, cwd)
        for i in range(runs):  # interleaved, so drift in machine load hits all alike
            for name, cmd in commands.items():
                elapsed, mb = (run_on_pty if name in on_pty else run_once)(cmd, env, cwd)
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
