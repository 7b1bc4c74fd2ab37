"""`kallelse delegation add|import|list|fyll`: the delegationsbeslut register from the
command line (KL 6 kap. 40 §). Hooked into cli.py by add_commands and run."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kallelse_tui.domain.errors import DomainError

if TYPE_CHECKING:
    from kallelse_tui.store.api import StoreApi

EXIT_OK, EXIT_RULE = 0, 1
COMMANDS = {"delegation"}


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    cmd = command(
        "delegation", "delegationsbeslut: registrera, läs in, lista, anmäl vid sammanträde"
    )
    parser = subcommands(cmd, "delegation_command", "add|import|list|fyll")

    add = parser("add", "registrera ett delegationsbeslut")
    add.add_argument("organ", metavar="ORGAN", help="organets id, kortnamn eller namn")
    add.add_argument(
        "--datum", required=True, metavar="DATUM", help="beslutsdatum, t.ex. 2026-11-03"
    )
    add.add_argument(
        "--delegat", required=True, metavar="NAMN", help="vem som beslutade, med titel"
    )
    add.add_argument("--text", required=True, metavar="TEXT", help="vad som beslutades")
    add.add_argument(
        "--punkt", default="", metavar="PUNKT", help="delegationsordningens punkt, t.ex. 3.2"
    )
    add.add_argument("--dnr", default="", metavar="DNR", help="diarienummer")
    add.add_argument("--overklagbart", action="store_true", help="beslutet kan överklagas")

    imp = parser("import", "läs in delegationsbeslut från en CSV-fil eller inklistrad lista")
    imp.add_argument("organ", metavar="ORGAN", help="organets id, kortnamn eller namn")
    imp.add_argument("file", metavar="FIL", help="CSV-fil eller textfil; - läser från stdin")
    imp.add_argument(
        "--dry-run", action="store_true", help="visa vad som skulle läsas in, spara inget"
    )

    lst = parser("list", "lista registret")
    lst.add_argument("organ", metavar="ORGAN", nargs="?", help="bara detta organ")
    lst.add_argument("--ej-anmalda", action="store_true", help="bara de som inte är anmälda")
    lst.add_argument("--json", action="store_true", help="skriv ut JSON")

    fyll = parser("fyll", "fyll sammanträdets redovisning av delegationsbeslut ur registret")
    fyll.add_argument("meeting", metavar="SAMMANTRÄDE", help="sammanträdets id")


def subcommands(
    cmd: argparse.ArgumentParser, dest: str, metavar: str, *, organ_help: str = ""
) -> Callable[[str, str], argparse.ArgumentParser]:
    """A maker of sub-commands that each take --store (and --organ with `organ_help`)."""
    sub = cmd.add_subparsers(dest=dest, metavar=metavar, required=True)

    def parser(name: str, text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("--store", metavar="MAPP", dest="sub_store", help="lagret")
        if organ_help:
            p.add_argument("--organ", metavar="ID", help=organ_help)
        return p

    return parser


def run(args: argparse.Namespace, spec: str) -> int:
    from kallelse_tui.store import open_store

    command = args.delegation_command
    with open_store(spec, readonly=command == "list" or getattr(args, "dry_run", False)) as store:
        if command == "add":
            return _add(store, args)
        if command == "import":
            return _import(store, args)
        if command == "fyll":
            return fyll(store, args.meeting)
        return _list(store, args)


def _add(store: StoreApi, args: argparse.Namespace) -> int:
    from kallelse_tui.domain.datum import parse_datum
    from kallelse_tui.domain.delegationsbeslut import nytt_beslut
    from kallelse_tui.domain.import_mapping import hitta_organ
    from kallelse_tui.store import registers

    organ = hitta_organ(args.organ, store.organs())
    beslut = nytt_beslut(
        organ,
        registers.delegationsbeslut(store),
        datum=parse_datum(args.datum, "--datum"),
        delegat=args.delegat,
        text=args.text,
        punkt=args.punkt,
        dnr=args.dnr,
        overklagbart=args.overklagbart,
    )
    registers.save_delegationsbeslut(store, [beslut])
    print(beslut.id)
    return EXIT_OK


def _import(store: StoreApi, args: argparse.Namespace) -> int:
    from kallelse_tui.domain.delegationsbeslut import dubbletter, las_lista
    from kallelse_tui.domain.import_mapping import hitta_organ
    from kallelse_tui.store import registers
    from kallelse_tui.store.textfil import read_csv_text

    name = "stdin" if args.file == "-" else args.file
    text = sys.stdin.read() if args.file == "-" else read_csv_text(Path(args.file))
    organ = hitta_organ(args.organ, store.organs())
    befintliga = registers.delegationsbeslut(store)
    rows, problems = las_lista(text, organ, befintliga)
    for problem in problems:
        print(f"kallelse: {name}: {problem.mening()}", file=sys.stderr)
    if not rows:
        raise DomainError(f"Det finns inga delegationsbeslut att läsa in i {name}; inget sparades.")
    kanda = dubbletter(rows, befintliga)
    for r in kanda:
        print(f"finns redan  {r.datum} {r.text}; hoppas över")
    nya = [r for r in rows if r not in kanda]
    for r in nya:
        print(f"{'läses in' if args.dry_run else 'inläst'}     {r.datum} {r.punkt:<6} {r.text}")
    if not args.dry_run:
        registers.save_delegationsbeslut(store, nya)
    verb = "skulle läsas in" if args.dry_run else "är inlästa"
    print(f"{len(nya)} delegationsbeslut {verb} i {organ.namn}.")
    return EXIT_RULE if problems else EXIT_OK


def _list(store: StoreApi, args: argparse.Namespace) -> int:
    from kallelse_tui.domain.import_mapping import hitta_organ
    from kallelse_tui.store import registers

    organs = {o.id: o for o in store.organs()}
    organ_id = hitta_organ(args.organ, list(organs.values())).id if args.organ else None
    # Rows whose meeting was justerat since: shown reported (a read-only store saves nothing).
    andrade = {r.id: r for r in registers.markera_anmalda(store, organ_id)}
    rows = [andrade.get(r.id, r) for r in registers.delegationsbeslut(store, organ_id)]
    if args.ej_anmalda:
        rows = [r for r in rows if r.anmald is None]
    if args.json:
        from kallelse_tui.store.serialize import to_dict

        print(json.dumps([to_dict(r) for r in rows], ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    if not rows:
        print("Inga delegationsbeslut i registret. Lägg till med: kallelse delegation add ORGAN …")
    for r in rows:
        kort = organs[r.organ_id].kortnamn if r.organ_id in organs else r.organ_id
        status = r.status + (f" ({r.anmals_i})" if r.anmals_i and not r.anmald else "")
        overkl = " · överklagbart" if r.overklagbart else ""
        print(f"{r.datum}  {kort:<6} {r.punkt:<6} {r.dnr:<16} {r.text}")
        print(f"{'':12}{r.delegat}{overkl} · {status}")
    return EXIT_OK


def fyll(store: StoreApi, meeting_id: str) -> int:
    """Fill the meeting's lists from the registers (also `motioner anmal`)."""
    from kallelse_tui.store.registers import fyll_moteslistor

    mote = store.meeting(meeting_id)
    said = fyll_moteslistor(store, mote, store.organ(mote.organ_id))
    for line in said or ["Registren har inget att anmäla vid sammanträdet."]:
        print(f"{meeting_id}: {line}")
    return EXIT_OK
