"""`kallelse organ …` and `kallelse ledamoter import`: the register from the command line,
so a kommun can script its set-up. Hooked into cli.py by add_commands and run."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Organ, OrganTyp

EXIT_OK, EXIT_RULE = 0, 1
COMMANDS = {"organ", "ledamoter"}


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    organ_cmd = command("organ", "organregistret: lägg till organ och lista dem med ledamöter")
    organ_sub = organ_cmd.add_subparsers(dest="organ_command", metavar="add|list", required=True)
    add = organ_sub.add_parser("add", help="lägg till ett organ", description="lägg till ett organ")
    add.add_argument("namn", metavar="NAMN", help="organets namn, t.ex. Kommunstyrelsen")
    add.add_argument("--kortnamn", metavar="KORTNAMN", help="t.ex. KS (annars gissat ur namnet)")
    add.add_argument(
        "--typ",
        choices=[t.value for t in OrganTyp],
        metavar="TYP",
        help=" | ".join(t.value for t in OrganTyp) + " (annars gissat ur namnet)",
    )
    add.add_argument("--kommun", metavar="NAMN", default="", help="t.ex. Norrviks kommun")
    add.add_argument("--store", metavar="MAPP", dest="sub_store", help="lagret")
    lst = organ_sub.add_parser(
        "list", help="lista organen med ledamöter", description="lista organen med ledamöter"
    )
    lst.add_argument("--json", action="store_true", help="skriv ut JSON")
    lst.add_argument("--store", metavar="MAPP", dest="sub_store", help="lagret")

    members = command("ledamoter", "ledamöter och ersättare i ett organ")
    members_sub = members.add_subparsers(dest="ledamoter_command", metavar="import", required=True)
    imp = members_sub.add_parser(
        "import",
        help="läs in ledamöter från en CSV-fil (namn;parti;roll[;från;till])",
        description="läs in ledamöter från en CSV-fil (namn;parti;roll[;från;till])",
    )
    imp.add_argument("organ", metavar="ORGAN", help="organets id, kortnamn eller namn")
    imp.add_argument("file", metavar="FIL.csv", help="CSV-filen")
    imp.add_argument(
        "--dry-run", action="store_true", help="visa vad som skulle läsas in, spara inget"
    )
    imp.add_argument("--store", metavar="MAPP", dest="sub_store", help="lagret")


def run(args: argparse.Namespace, spec: str) -> int:
    if args.command == "ledamoter":
        return cmd_ledamoter_import(spec, Path(args.file), args.organ, args.dry_run)
    if args.organ_command == "add":
        return cmd_organ_add(spec, args.namn, args.kortnamn, args.typ, args.kommun)
    return cmd_organ_list(spec, args.json)


def cmd_organ_add(spec: str, namn: str, kortnamn: str | None, typ: str | None, kommun: str) -> int:
    from kallelse_tui.domain.nytt_organ import nytt_organ
    from kallelse_tui.store import open_store

    with open_store(spec) as store:  # the first organ may create the store
        organ = nytt_organ(
            namn,
            store.organs(),
            kortnamn=kortnamn,
            typ=OrganTyp(typ) if typ else None,
            kommun=kommun,
        )
        store.save_organ(organ)
    print(organ.id)
    return EXIT_OK


def cmd_organ_list(spec: str, as_json: bool) -> int:
    from kallelse_tui.store import open_store

    with open_store(spec, readonly=True) as store:
        organs = store.organs()
    if as_json:
        print(json.dumps([_organ_json(o) for o in organs], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not organs:
        print("Inga organ i lagret. Lägg till ett med: kallelse organ add NAMN --kommun KOMMUN")
    for organ in organs:
        print(f"{organ.id}  {organ.kortnamn}  {organ.namn} ({organ.kommun}), {organ.typ.value}")
        for m in organ.ledamoter:
            mandat = " – ".join(d.isoformat() if d else "" for d in (m.fran, m.till))
            print(f"    {m.visningsnamn:<36} {m.roll.value:<22} {mandat}".rstrip(" –"))
        if not organ.ledamoter:
            print("    inga ledamöter ännu")
    return EXIT_OK


def _organ_json(organ: Organ) -> dict[str, object]:
    return {
        "id": organ.id,
        "namn": organ.namn,
        "kortnamn": organ.kortnamn,
        "typ": organ.typ.value,
        "kommun": organ.kommun,
        "ledamoter": [
            {
                "id": m.id,
                "namn": m.namn,
                "parti": m.parti,
                "roll": m.roll.value,
                "fran": m.fran.isoformat() if m.fran else None,
                "till": m.till.isoformat() if m.till else None,
            }
            for m in organ.ledamoter
        ],
    }


def cmd_ledamoter_import(spec: str, file: Path, organ_name: str, dry_run: bool) -> int:
    from kallelse_tui.domain.import_mapping import hitta_organ
    from kallelse_tui.domain.ledamot_csv import parse_ledamoter_csv, som_ledamoter
    from kallelse_tui.store import open_store
    from kallelse_tui.store.textfil import read_csv_text

    text = read_csv_text(file)
    rows, problems = parse_ledamoter_csv(text)
    for problem in problems:
        print(f"kallelse: {file}: {problem.orsak} ({problem.text.strip()[:50]})", file=sys.stderr)
    if not rows:
        raise DomainError(f"Det finns inga ledamöter att läsa in i {file}; inget sparades.")
    with open_store(spec, readonly=dry_run) as store:
        organ = hitta_organ(organ_name, store.organs())
        known = {(m.namn.lower(), m.roll) for m in organ.ledamoter}
        new_rows = [r for r in rows if (r.namn.lower(), r.roll) not in known]
        for r in rows:
            if r not in new_rows:
                print(f"finns redan  {r.namn} ({r.roll.value}); hoppas över")
        ledamoter = som_ledamoter(new_rows, organ)
        for m in ledamoter:
            print(f"{'läses in' if dry_run else 'inläst'}     {m.visningsnamn}, {m.roll.value}")
        if ledamoter and not dry_run:
            organ.ledamoter.extend(ledamoter)
            store.save_organ(organ)
    verb = "skulle läsas in" if dry_run else "är inlästa"
    print(f"{len(ledamoter)} ledamöter {verb} i {organ.namn} ({organ.kommun}).")
    return EXIT_RULE if problems else EXIT_OK
