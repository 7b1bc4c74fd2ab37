"""`kallelse motioner add|list|remiss|besvara|anmal|report`: fullmäktige's register of motioner,
medborgarförslag, interpellationer and frågor, its one-year rule (KL 5 kap. 35 §) and the
twice-yearly report of obesvarade motioner. Hooked into cli.py by add_commands and run."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kallelse_tui.cli_delegation import subcommands
from kallelse_tui.domain.errors import DomainError

if TYPE_CHECKING:
    from kallelse_tui.store.api import StoreApi

EXIT_OK, EXIT_RULE = 0, 1
COMMANDS = {"motioner"}
_TYPER = ("motion", "medborgarförslag", "interpellation", "fråga")


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    cmd = command(
        "motioner", "motioner, medborgarförslag, interpellationer och frågor i fullmäktige"
    )
    parser = subcommands(
        cmd,
        "motioner_command",
        "add|list|remiss|besvara|anmal|report",
        organ_help="fullmäktige, när lagret har flera",
    )

    add = parser(
        "add", "registrera en väckt motion, ett medborgarförslag, en interpellation eller fråga"
    )
    add.add_argument("titel", metavar="RUBRIK", help="rubriken")
    add.add_argument(
        "--av", required=True, metavar="NAMN", help="vem som väckte den, t.ex. ”Karin Ek (C)”"
    )
    add.add_argument("--vackt", required=True, metavar="DATUM", help="datum då den väcktes")
    add.add_argument(
        "--typ", choices=_TYPER, default="motion", metavar="TYP", help=" | ".join(_TYPER)
    )
    add.add_argument("--dnr", default="", metavar="DNR", help="diarienummer")
    add.add_argument(
        "--remiss", default="", metavar="ORGAN", help="remitterad till, t.ex. Kommunstyrelsen"
    )

    rem = parser("remiss", "anteckna att den har remitterats för beredning")
    rem.add_argument("id", metavar="ID", help="radens id (se motioner list)")
    rem.add_argument("--till", required=True, metavar="ORGAN", help="t.ex. Kommunstyrelsen")
    rem.add_argument("--datum", required=True, metavar="DATUM", help="remissens datum")

    ans = parser("besvara", "anteckna att fullmäktige har besvarat eller behandlat den")
    ans.add_argument("id", metavar="ID", help="radens id (se motioner list)")
    ans.add_argument("--datum", required=True, metavar="DATUM", help="sammanträdesdatum")
    ans.add_argument("--paragraf", required=True, metavar="§", help="t.ex. ”KF § 45”")
    ans.add_argument(
        "--svar", default="besvarad", metavar="TEXT", help="bifall, avslag, besvarad …"
    )

    lst = parser("list", "lista registret med ettårsregeln")
    lst.add_argument("--obesvarade", action="store_true", help="bara de som inte är besvarade")
    lst.add_argument("--per", metavar="DATUM", help="läget denna dag (annars i dag)")
    lst.add_argument("--json", action="store_true", help="skriv ut JSON")

    anm = parser("anmal", "fyll fullmäktiges kallelse med det som väckts sedan förra sammanträdet")
    anm.add_argument("meeting", metavar="SAMMANTRÄDE", help="fullmäktigesammanträdets id")

    rep = parser("report", "redovisning av obesvarade motioner och medborgarförslag (halvårsvis)")
    rep.add_argument("--per", metavar="DATUM", help="redovisningens datum (annars i dag)")
    rep.add_argument(
        "--format",
        default="pdf",
        choices=("pdf", "md", "txt"),
        metavar="FORMAT",
        help="pdf | md | txt",
    )
    rep.add_argument("-o", "--output", required=True, metavar="FIL", help="filen att skriva")


def _per(text: str | None) -> date:
    from kallelse_tui.domain.datum import parse_datum

    return parse_datum(text, "--per") if text else date.today()


def run(args: argparse.Namespace, spec: str) -> int:
    from kallelse_tui.store import open_store

    command = args.motioner_command
    with open_store(spec, readonly=command in ("list", "report")) as store:
        if command == "add":
            return _add(store, args)
        if command in ("besvara", "remiss"):
            return _andra(store, args)
        if command == "report":
            return _report(store, args)
        if command == "anmal":
            from kallelse_tui.cli_delegation import fyll

            return fyll(store, args.meeting)
        return _list(store, args)


def _add(store: StoreApi, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kallelse_tui.domain.datum import parse_datum
    from kallelse_tui.domain.motioner import MotionTyp, ny_motion
    from kallelse_tui.store import registers

    kf = registers.fullmaktige(store, args.organ)
    vackt = parse_datum(args.vackt, "--vackt")
    motion = ny_motion(
        kf.id,
        registers.motioner(store),
        typ=MotionTyp(args.typ),
        vackt=vackt,
        av=args.av,
        titel=args.titel,
        dnr=args.dnr,
    )
    if args.remiss:
        motion = replace(motion, remiss_till=args.remiss.strip(), remiss_datum=vackt)
    registers.save_motioner(store, [motion])
    print(motion.id)
    return EXIT_OK


def _andra(store: StoreApi, args: argparse.Namespace) -> int:
    """`besvara` and `remiss`: one row changed."""
    from kallelse_tui.domain.datum import parse_datum
    from kallelse_tui.domain.motioner import besvara, remittera
    from kallelse_tui.store import registers

    kf = registers.fullmaktige(store, args.organ)
    rows = {m.id: m for m in registers.motioner(store, kf.id)}
    if args.id not in rows:
        raise DomainError(
            f"Registret har ingen motion med id ”{args.id}”; se kallelse motioner list."
        )
    datum = parse_datum(args.datum, "--datum")
    if args.motioner_command == "remiss":
        motion = remittera(rows[args.id], args.till, datum)
        said = f"remitterad till {motion.remiss_till} {datum}"
    else:
        motion = besvara(rows[args.id], datum, args.svar, args.paragraf)
        said = f"{motion.svar} {motion.paragraf} {datum}"
    registers.save_motioner(store, [motion])
    print(f"{motion.id}: {said}")
    return EXIT_OK


def _list(store: StoreApi, args: argparse.Namespace) -> int:
    from kallelse_tui.domain.motioner import frist
    from kallelse_tui.store import registers
    from kallelse_tui.store.serialize import to_dict

    per = _per(args.per)
    kf = registers.fullmaktige(store, args.organ)
    moten = store.meetings(kf.id)
    rows = registers.motioner(store, kf.id)
    if args.obesvarade:
        rows = [m for m in rows if m.obesvarad(per)]
    if args.json:
        out = [
            {**to_dict(m), "frist": frist(m, per, moten).text, "niva": frist(m, per, moten).niva}
            for m in rows
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    if not rows:
        print(
            "Registret har inga motioner. Lägg till med: "
            "kallelse motioner add RUBRIK --av NAMN --vackt DATUM"
        )
    for m in rows:
        f = frist(m, per, moten)
        mark = {0: "  ", 6: "! ", 11: "!!", 12: "!!"}[f.niva]
        print(f"{mark} {m.id:<16} {m.vackt}  {m.typ.value:<16} {m.dnr:<14} {m.titel}")
        remiss = f" · remiss {m.remiss_till}" if m.remiss_till else ""
        svar = f" · {m.svar} {m.paragraf}" if m.besvarad else ""
        print(f"{'':20}{m.av}{remiss}{svar} · {f.text}")
    return EXIT_OK


def _report(store: StoreApi, args: argparse.Namespace) -> int:
    from kallelse_tui.export.obesvarade_motioner import export_rapport
    from kallelse_tui.store import registers

    kf = registers.fullmaktige(store, args.organ)
    per = _per(args.per)
    path = export_rapport(
        kf,
        registers.motioner(store, kf.id),
        per,
        args.format,
        Path(args.output),
        store.meetings(kf.id),
    )
    print(path)
    return EXIT_OK
