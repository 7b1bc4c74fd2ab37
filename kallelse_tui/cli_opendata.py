"""`kallelse opendata -o MAPP [--url BAS]`: the public record as OParl 1.1 JSON, to publish
next to the anslagstavla. Hooked into cli.py by add_commands and run."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

EXIT_OK = 0
COMMANDS = {"opendata"}
# Where the folder is served when --url is not given: a local test server.
STANDARD_BAS = "http://localhost:8000"


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    cmd = command(
        "opendata", "öppna data: kallelser, protokoll och omröstningar som OParl 1.1-JSON"
    )
    cmd.add_argument("-o", dest="output", required=True, metavar="MAPP", help="målmapp (ersätts)")
    cmd.add_argument(
        "--url",
        default=STANDARD_BAS,
        metavar="BAS",
        help=f"adressen mappen publiceras på, t.ex. https://www.kommun.se/anslagstavla/oparl "
        f"(annars {STANDARD_BAS})",
    )


def run(args: argparse.Namespace, spec: str) -> int:
    from kallelse_tui.export.oparl import skriv_opendata
    from kallelse_tui.store import open_store

    with open_store(spec, readonly=True) as store:
        antal = skriv_opendata(store, Path(args.output), args.url)
    print(
        f"{antal} sammanträden publicerade som OParl 1.1 i {args.output} ({args.url}/system.json)."
    )
    return EXIT_OK
