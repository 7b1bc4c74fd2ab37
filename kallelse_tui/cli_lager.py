"""`kallelse copy-store`, `kallelse checkout` and `kallelse checkin`: moving a store, and
one meeting out to the meeting room and back. Hooked into cli.py by add_commands and run."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kallelse_tui.domain.errors import DomainError

EXIT_OK = 0
COMMANDS = {"copy-store", "checkout", "checkin"}


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    copy = sub.add_parser(
        "copy-store",
        help="kopiera ett helt lager till ett annat (mapp eller postgresql://…)",
        description="Kopierar organ, sammanträden, kedjor och bilagor oförändrade, så att "
        "kallelse verify ger samma svar på båda lagren.",
    )
    copy.add_argument("fran", metavar="FRÅN", help="källan: en mapp eller postgresql://…")
    copy.add_argument("till", metavar="TILL", help="målet: en ny eller tom mapp, eller en server")
    copy.add_argument(
        "--sammanfoga",
        action="store_true",
        help="kopiera in i ett lager som inte är tomt (det som finns i båda måste vara lika)",
    )
    out = command("checkout", "checka ut ett sammanträde till en mapp för arbete utan nätverk")
    out.add_argument("meeting", metavar="SAMMANTRÄDE", help="sammanträdets id")
    out.add_argument("--to", metavar="MAPP", help="en ny eller tom mapp")
    out.add_argument(
        "--avbryt",
        action="store_true",
        help="ge upp en utcheckning utan att skriva tillbaka något (kopian förlorad)",
    )
    back = command("checkin", "skriv tillbaka ett utcheckat sammanträde och släpp det")
    back.add_argument("mapp", metavar="MAPP", help="mappen som kallelse checkout skapade")


def run(args: argparse.Namespace, spec: str) -> int:
    if args.command == "copy-store":
        return cmd_copy_store(args.fran, args.till, args.sammanfoga)
    if args.command == "checkout" and args.avbryt:
        return cmd_abandon(spec, args.meeting)
    if args.command == "checkout":
        if not args.to:
            raise DomainError("Ange mappen för kopian med --to MAPP (en ny eller tom mapp).")
        return cmd_checkout(spec, args.meeting, Path(args.to))
    return cmd_checkin(spec, Path(args.mapp))


def cmd_copy_store(fran: str, till: str, sammanfoga: bool) -> int:
    from kallelse_tui.store.kopiering import copy_store

    with _progress() as progress:
        kopia = copy_store(fran, till, sammanfoga=sammanfoga, progress=progress)
    for message in kopia.meddelanden:
        print(f"kallelse: {message}", file=sys.stderr)
    print(f"Klart: {kopia.sammanfattning()} Kontrollera med: kallelse verify --store …")
    return EXIT_OK


def cmd_checkout(spec: str, meeting_id: str, folder: Path) -> int:
    from kallelse_tui.store import open_store
    from kallelse_tui.store.utcheckning import checkout

    with open_store(spec) as source:
        record = checkout(source, meeting_id, folder)
    print(
        f"Sammanträdet {record.sammantrade} är utcheckat till {folder}. Arbeta där med "
        f"kallelse --store {folder}, och skriv tillbaka med kallelse checkin {folder}."
    )
    return EXIT_OK


def cmd_abandon(spec: str, meeting_id: str) -> int:
    from kallelse_tui.store import open_store
    from kallelse_tui.store.utcheckning import abandon

    with open_store(spec) as source:
        abandon(source, meeting_id)
    print(f"Utcheckningen av {meeting_id} är avbruten; inget skrevs tillbaka.")
    return EXIT_OK


def cmd_checkin(spec: str, folder: Path) -> int:
    from kallelse_tui.store import open_store
    from kallelse_tui.store.utcheckning import checkin

    with open_store(spec) as target:
        result = checkin(target, folder)
    what = ", ".join(result.andringar) if result.andringar else "inga ändringar"
    print(f"Sammanträdet {result.sammantrade} är incheckat ({what}) och släppt.")
    return EXIT_OK


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    """A Rich progress bar on a terminal; otherwise one quiet line per step on stderr."""
    if not sys.stderr.isatty():
        shown: set[str] = set()

        def line(what: str, _done: int, total: int) -> None:
            if what not in shown:
                shown.add(what)
                print(f"kallelse: {what} …", file=sys.stderr)

        yield line
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description:<20}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("kopierar", total=None)

        def update(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=total)

        yield update
