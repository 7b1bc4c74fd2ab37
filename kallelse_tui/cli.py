"""The `kallelse` command: the TUI and the scripting surface (DESIGN.md section 4).

Heavy imports (Textual, exporters) happen inside the commands that need them, so that
`kallelse list` and the start of the TUI stay fast.
"""

from __future__ import annotations

import argparse
import gettext
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kallelse_tui import __version__
from kallelse_tui.domain.errors import DomainError

EXIT_OK, EXIT_RULE, EXIT_USAGE = 0, 1, 2

# argparse speaks English; the users do not.
_ARGPARSE_SV = {
    "usage: ": "användning: ",
    "options": "flaggor",
    "positional arguments": "argument",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "the following arguments are required: %s": "de här argumenten saknas: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "okänt val: %(value)r (välj bland %(choices)s)"
    ),
    "expected one argument": "flaggan behöver ett värde",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "show program's version number and exit": "visa versionsnumret och avsluta",
}


def _sv(message: str) -> str:
    return _ARGPARSE_SV.get(message, message)


def _store_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if env := os.environ.get("KALLELSE_STORE"):
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("kallelse", appauthor=False)) / "lager"


def sample_data_dir() -> Path:
    return Path(
        os.environ.get("KALLELSE_SAMPLE_DATA")
        or Path(__file__).resolve().parent.parent / "sample_data"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kallelse",
        description="Kallelse: sammanträden från kallelse till anslag, i terminalen.",
    )
    parser.add_argument("--version", action="version", version=f"kallelse {__version__}")
    parser.add_argument("--store", metavar="MAPP", help="lagret (standard: $KALLELSE_STORE)")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("--store", metavar="MAPP", dest="sub_store", help="lagret")
        return cmd

    sub.add_parser("demo", help="starta på en ny tillfällig kopia av demodata")
    list_cmd = command("list", "lista sammanträden: id, organ, datum, status")
    list_cmd.add_argument("--json", action="store_true", help="skriv ut JSON")
    import_cmd = command("import", "läs in en kallelse (text) som ett nytt sammanträde")
    import_cmd.add_argument("kind", choices=["kallelse"], metavar="kallelse")
    import_cmd.add_argument("file", metavar="FIL", help="textfil med kallelsen")
    import_cmd.add_argument("--organ", metavar="NAMN", help="organets namn, kortnamn eller id")
    check_cmd = command("check", "kontrollera kallelsen mot lagen och reglementet")
    check_cmd.add_argument("meeting", metavar="SAMMANTRÄDE", help="sammanträdets id")
    check_cmd.add_argument("--json", action="store_true", help="skriv ut JSON")
    export_cmd = command("export", "exportera ett dokument")
    export_cmd.add_argument(
        "kind",
        choices=EXPORT_KINDS,
        metavar="SLAG",
        help="kallelse | protokoll | utdrag | anslag | handlingar",
    )
    export_cmd.add_argument("meeting", metavar="SAMMANTRÄDE", help="sammanträdets id")
    export_cmd.add_argument(
        "--format", dest="fmt", required=True, metavar="FORMAT", help="pdf | html | md | txt | docx"
    )
    export_cmd.add_argument("-o", dest="output", required=True, metavar="FIL", help="målfil")
    export_cmd.add_argument(
        "--public", action="store_true", help="publik version: utan sekretess och personnummer"
    )
    export_cmd.add_argument("--paragraf", type=int, metavar="N", help="paragraf (för utdrag)")
    return parser


EXPORT_KINDS = ["kallelse", "protokoll", "utdrag", "anslag", "handlingar"]


def main(argv: Sequence[str] | None = None) -> int:
    argparse._ = _sv  # type: ignore[attr-defined]
    gettext.gettext = _sv  # argparse looks some strings up through gettext directly
    args = build_parser().parse_args(argv)
    store_arg = getattr(args, "sub_store", None) or args.store
    try:
        if args.command == "list":
            return cmd_list(_store_dir(store_arg), as_json=args.json)
        if args.command == "import":
            return cmd_import(_store_dir(store_arg), Path(args.file), args.organ)
        if args.command == "check":
            return cmd_check(_store_dir(store_arg), args.meeting, as_json=args.json)
        if args.command == "export":
            return cmd_export(_store_dir(store_arg), args)
        if args.command == "demo":
            return cmd_demo()
        return run_tui(_store_dir(store_arg))
    except DomainError as exc:
        print(f"kallelse: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `kallelse list | head`: the reader has gone, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def cmd_import(store_dir: Path, file: Path, organ_name: str | None) -> int:
    from kallelse_tui.domain.import_mapping import hitta_organ, som_sammantrade
    from kallelse_tui.domain.importer import parse_kallelse_text
    from kallelse_tui.store import Store

    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except IsADirectoryError:
        raise DomainError(f"{file} är en mapp; ange kallelsens textfil.") from None
    except OSError as exc:
        raise DomainError(f"Kunde inte läsa {file}: {exc.strerror or exc}.") from None
    imp = parse_kallelse_text(text)
    for problem in imp.problem:
        print(
            f"kallelse: {file}:{problem.rad}: {problem.orsak} ({problem.text.strip()})",
            file=sys.stderr,
        )
    if not imp.arenden:
        raise DomainError(f"Hittade inga numrerade ärenden i {file}; inget sammanträde skapades.")
    with Store.open(store_dir) as store:
        name = organ_name or imp.organ
        if not name:
            raise DomainError(f"Kallelsen i {file} namnger inget organ; ange det med --organ.")
        organ = hitta_organ(name, store.organs())
        mote = som_sammantrade(imp, organ, {r.id for r in store.meetings()})
        store.save_meeting(mote)
    print(mote.id)
    return EXIT_OK


def cmd_check(store_dir: Path, meeting_id: str, as_json: bool) -> int:
    from kallelse_tui.domain.regler import Allvar, kontrollera_kallelse
    from kallelse_tui.store import Store

    with Store.open(store_dir, readonly=True) as store:
        mote = store.meeting(meeting_id)
        organ = store.organ(mote.organ_id)
    findings = kontrollera_kallelse(mote, organ, date.today())
    if as_json:
        rows = [
            {
                "regel": f.regel,
                "allvar": f.allvar.value,
                "meddelande": f.meddelande,
                "kalla": f.kalla,
                "arende_id": f.arende_id,
            }
            for f in findings
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not findings:
        print(f"{meeting_id}: inga anmärkningar.")
    else:
        for f in findings:
            print(f"{f.allvar.value.upper():<8} {f.meddelande} ({f.kalla})")
    return EXIT_RULE if any(f.allvar is Allvar.FEL for f in findings) else EXIT_OK


def cmd_export(store_dir: Path, args: argparse.Namespace) -> int:
    from kallelse_tui.store import Store

    if args.kind != "kallelse":
        raise DomainError(f"Export av {args.kind} finns inte ännu i den här versionen.")
    from kallelse_tui.export.kallelse import export_kallelse

    with Store.open(store_dir, readonly=True) as store:
        mote = store.meeting(args.meeting)
        organ = store.organ(mote.organ_id)
    print(export_kallelse(mote, organ, args.fmt, Path(args.output), public=args.public))
    return EXIT_OK


def cmd_list(store_dir: Path, as_json: bool) -> int:
    from kallelse_tui.store import Store

    with Store.open(store_dir, readonly=True) as store:
        organs = {o.id: o for o in store.organs()}
        rows = store.meetings()
    if as_json:
        out = [
            {
                "id": r.id,
                "organ": organs[r.organ_id].namn if r.organ_id in organs else r.organ_id,
                "organ_id": r.organ_id,
                "kommun": organs[r.organ_id].kommun if r.organ_id in organs else "",
                "datum": r.datum.isoformat(),
                "tid": r.tid.strftime("%H:%M") if r.tid else None,
                "status": r.status.value,
                "antal_arenden": r.antal_arenden,
            }
            for r in rows
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        print("Inga sammanträden i lagret.")
        return EXIT_OK
    width = max(len(r.id) for r in rows)
    for r in rows:
        organ = organs.get(r.organ_id)
        name = f"{organ.namn} ({organ.kommun})" if organ else r.organ_id
        count = f"{r.antal_arenden:>3} ärenden"
        print(f"{r.id:<{width}}  {r.datum.isoformat()}  {r.status.value:<15}  {count}  {name}")
    return EXIT_OK


def run_tui(store_dir: Path, demo: bool = False) -> int:
    from kallelse_tui.store import Store, StoreLockedError

    notice = ""
    try:
        store = Store.open(store_dir)
    except StoreLockedError as exc:
        store = Store.open(store_dir, readonly=True)
        notice = f"{exc} Öppnat skrivskyddat: ändringar kan inte sparas."
    if demo:
        notice = (
            notice or "Demoläge: en tillfällig kopia av demodata. Den tas bort när du avslutar."
        )

    from kallelse_tui.tui.app import EXIT_AFTER_FIRST_FRAME, make_app

    app = make_app(store, notice)
    app.run(headless=bool(os.environ.get(EXIT_AFTER_FIRST_FRAME)))
    return EXIT_OK


def copy_sample_data(target: Path) -> Path:
    """Copy sample_data/ to `target` with private permissions; sample_data is never opened."""
    source = sample_data_dir()
    if not (source / "kallelse.json").exists():
        raise DomainError(
            f"Hittar inte demodata i {source}. Kör kommandot från en utcheckning av projektet "
            f"eller ange mappen med KALLELSE_SAMPLE_DATA."
        )
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.py", "__pycache__", "README*"))
    for folder, _dirs, files in os.walk(target):
        os.chmod(folder, 0o700)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o600)
    return target


def cmd_demo() -> int:
    with tempfile.TemporaryDirectory(prefix="kallelse-demo-") as tmp:
        return run_tui(copy_sample_data(Path(tmp) / "lager"), demo=True)


if __name__ == "__main__":
    raise SystemExit(main())
