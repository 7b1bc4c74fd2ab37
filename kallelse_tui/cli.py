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
    sub.add_parser("demo", help="starta på en ny tillfällig kopia av demodata")
    list_cmd = sub.add_parser("list", help="lista sammanträden: id, organ, datum, status")
    list_cmd.add_argument("--store", metavar="MAPP", dest="sub_store", help="lagret")
    list_cmd.add_argument("--json", action="store_true", help="skriv ut JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argparse._ = _sv  # type: ignore[attr-defined]
    gettext.gettext = _sv  # argparse looks some strings up through gettext directly
    args = build_parser().parse_args(argv)
    try:
        if args.command == "list":
            return cmd_list(_store_dir(args.sub_store or args.store), as_json=args.json)
        if args.command == "demo":
            return cmd_demo()
        return run_tui(_store_dir(args.store))
    except DomainError as exc:
        print(f"kallelse: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


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
