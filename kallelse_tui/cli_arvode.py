"""`kallelse arvode --fran D --till D [--organ ID] -o FIL`: the arvodesunderlag for payroll
(CSV) or for the politicians to check (PDF). Hooked into cli.py by add_commands and run."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

EXIT_OK = 0
COMMANDS = {"arvode"}


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    cmd = command(
        "arvode", "arvodesunderlag ur närvaron: per person varje sammanträde, roll och tid"
    )
    cmd.add_argument("--fran", required=True, metavar="DATUM", help="periodens första dag")
    cmd.add_argument("--till", required=True, metavar="DATUM", help="periodens sista dag")
    cmd.add_argument("--organ", metavar="ORGAN", help="ett organs id, kortnamn eller namn")
    cmd.add_argument("-o", dest="output", required=True, metavar="FIL", help="målfil")
    cmd.add_argument(
        "--format",
        dest="fmt",
        metavar="FORMAT",
        help="csv (för lönesystemet) | pdf (för ledamöterna); annars filens ändelse",
    )


def run(args: argparse.Namespace, spec: str) -> int:
    from kallelse_tui.domain.arvode import timmar_text
    from kallelse_tui.domain.datum import parse_datum
    from kallelse_tui.domain.errors import DomainError, ValidationError
    from kallelse_tui.export.arvode import las_arvodesunderlag, skriv_arvode
    from kallelse_tui.store import open_store

    try:
        fran = parse_datum(args.fran, "--fran")
        till = parse_datum(args.till, "--till")
    except ValidationError as exc:
        raise DomainError(f"{exc.field}: {exc.message}") from None
    with open_store(spec, readonly=True) as store:
        underlag = las_arvodesunderlag(store, fran, till, args.organ)
    path = skriv_arvode(underlag, Path(args.output), args.fmt)
    ofullstandiga = sum(p.ofullstandiga for p in underlag.personer)
    print(
        f"{len(underlag.personer)} personer, {underlag.moten} sammanträden, "
        f"{timmar_text(sum(p.minuter for p in underlag.personer))} sparade i {path}."
    )
    if ofullstandiga:
        print(f"{ofullstandiga} rader saknar klockslag och har ingen tid; se kolumnen Anmärkning.")
    return EXIT_OK
