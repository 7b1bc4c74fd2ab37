"""`kallelse anslagstavla -o MAPP`: the digital anslagstavla as a static site (KL 8 kap.
9–12 §§). Hooked into cli.py by add_commands and run."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_RULE = 0, 1
COMMANDS = {"anslagstavla"}


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    cmd = command(
        "anslagstavla",
        "skriv den digitala anslagstavlan (en statisk webbplats) med aktuella "
        "tillkännagivanden, arkiv, Atom-flöde, JSON och kontrollsummor",
    )
    cmd.add_argument("-o", dest="output", required=True, metavar="MAPP", help="målmapp")
    cmd.add_argument(
        "--registrera-anslag",
        action="store_true",
        help="registrera dagens datum som anslagsdag för justerade protokoll (och omedelbart "
        "justerade paragrafer, fullmäktiges kungörelser) som publiceras för första gången",
    )
    cmd.add_argument(
        "--datum",
        metavar="ÅÅÅÅ-MM-DD",
        help="publiceringsdagen (standard: i dag): avgör vad som är aktuellt och vad som "
        "registreras",
    )


def run(args: argparse.Namespace, spec: str) -> int:
    from kallelse_tui.domain.datum import parse_datum
    from kallelse_tui.store import open_store
    from kallelse_tui.tavla import publicera_anslagstavla, sammanfattning

    idag = parse_datum(args.datum, "--datum") if args.datum else date.today()
    open_store(spec, readonly=True).close()  # not a store: say so, and create none
    with open_store(spec, readonly=not args.registrera_anslag) as store:
        pub = publicera_anslagstavla(
            store, Path(args.output), idag, registrera=args.registrera_anslag
        )
    for r in pub.registrerade:
        print(f"registrerat  {r.text}")
    for r in pub.oregistrerade:
        print(
            f"kallelse: {r.vad} är inte registrerat och visas inte; --registrera-anslag "
            f"sätter upp det {r.dag.isoformat()}.",
            file=sys.stderr,
        )
    for text in pub.utelamnade:
        print(f"kallelse: {text}", file=sys.stderr)
    print(sammanfattning(pub))
    return EXIT_RULE if pub.utelamnade else EXIT_OK
