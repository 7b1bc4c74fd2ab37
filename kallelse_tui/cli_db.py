"""`kallelse db init URL` and `kallelse db grant INLOGGNING --organ ID`: setting up a shared
PostgreSQL store for a kommun. Hooked into cli.py by add_commands and run."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from kallelse_tui.domain.errors import DomainError

EXIT_OK = 0
COMMANDS = {"db"}


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    db = command("db", "en delad PostgreSQL-server: skapa lagret och ge skrivrätt")
    db_sub = db.add_subparsers(dest="db_command", metavar="init|grant", required=True)
    init = db_sub.add_parser(
        "init",
        help="skapa lagret och rollen för sekreterare på servern",
        description="skapa lagret och rollen för sekreterare på servern",
    )
    init.add_argument("url", metavar="URL", help="postgresql://admin@server/databas")
    grant = db_sub.add_parser(
        "grant",
        help="låt en inloggning skriva ett eller flera organs sammanträden",
        description="låt en inloggning skriva ett eller flera organs sammanträden",
    )
    grant.add_argument("login", metavar="INLOGGNING", help="PostgreSQL-inloggningen")
    grant.add_argument(
        "--organ", metavar="ID", action="append", required=True, help="organets id (upprepas)"
    )
    grant.add_argument("--store", metavar="URL", dest="sub_store", help="servern")


def run(args: argparse.Namespace, spec: str) -> int:
    from kallelse_tui.store.api import is_server

    target = args.url if args.db_command == "init" else spec
    if not is_server(target):
        raise DomainError(
            "kallelse db gäller en PostgreSQL-server: ange adressen som postgresql://… "
            "(för grant med --store eller KALLELSE_STORE)."
        )
    from kallelse_tui.store.pg.roles import grant, init_db

    lines = init_db(target) if args.db_command == "init" else grant(target, args.login, args.organ)
    for line in lines:
        print(line)
    return EXIT_OK
