"""The `kallelse` command: the TUI and the scripting surface (DESIGN.md section 4).

Heavy imports (Textual, exporters) happen inside the commands that need them, so that
`kallelse list` and the start of the TUI stay fast.
"""

from __future__ import annotations

import argparse
import gc
import gettext
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kallelse_tui import (
    __version__,
    cli_anslagstavla,
    cli_arvode,
    cli_db,
    cli_delegation,
    cli_lager,
    cli_motioner,
    cli_opendata,
    cli_register,
    cli_sign,
)
from kallelse_tui.domain.errors import DomainError

if TYPE_CHECKING:
    from kallelse_tui.domain.regler import Fynd
    from kallelse_tui.store import StoreApi

EXIT_OK, EXIT_RULE, EXIT_USAGE = 0, 1, 2

# Command groups kept in their own modules: each has COMMANDS, add_commands and run.
COMMAND_MODULES = (
    cli_register,
    cli_db,
    cli_lager,
    cli_anslagstavla,
    cli_sign,
    cli_arvode,
    cli_opendata,
    cli_delegation,
    cli_motioner,
)

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
    "one of the arguments %s is required": "ett av argumenten %s behövs",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "not allowed with argument %s": "går inte att kombinera med %s",
    "invalid %(type)s value: %(value)r": "ogiltigt värde (%(type)s): %(value)r",
    "expected at least one argument": "flaggan behöver minst ett värde",
    "expected at most one argument": "flaggan tar högst ett värde",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydig flagga: %(option)s kan vara %(matches)s"
    ),
    "ignored explicit argument %r": "flaggan tar inget värde: %r",
}


def _sv(message: str) -> str:
    return _ARGPARSE_SV.get(message, message)


def sample_data_dir() -> Path:
    """$KALLELSE_SAMPLE_DATA, else the copy an installed package carries (setup.py builds
    it from sample_data/), else sample_data/ of this checkout (an editable install)."""
    if env := os.environ.get("KALLELSE_SAMPLE_DATA"):
        return Path(env)
    here = Path(__file__).resolve().parent
    packaged = here / "demodata"
    return packaged if (packaged / "kallelse.json").exists() else here.parent / "sample_data"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kallelse",
        description="Kallelse: sammanträden från kallelse till anslag, i terminalen.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kallelse {__version__}",
        help="visa versionsnumret och avsluta",  # argparse's default is English, untranslated
    )
    parser.add_argument(
        "--store",
        metavar="MAPP",
        help="lagret: en mapp eller postgresql://… (standard: $KALLELSE_STORE)",
    )
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
    import_cmd.add_argument(
        "--organ",
        metavar="NAMN",
        help="organets namn, kortnamn eller id (finns det inte skapas det)",
    )
    import_cmd.add_argument(
        "--datum", metavar="DATUM", help="sammanträdets datum, om texten saknar det"
    )
    import_cmd.add_argument("--tid", metavar="TID", help="klockslaget, t.ex. 13.15")
    import_cmd.add_argument("--plats", metavar="PLATS", help="platsen, t.ex. Stadshuset, KS-salen")
    import_cmd.add_argument(
        "--med-handlingar",
        action="store_true",
        help="ta med förslag till beslut, handläggare och mottagare ur handlingarna efter listan",
    )
    check_cmd = command(
        "check", "kontrollera kallelse, protokoll, justering och anslag mot lag och reglemente"
    )
    check_cmd.add_argument("meeting", metavar="SAMMANTRÄDE", help="sammanträdets id")
    check_cmd.add_argument("--json", action="store_true", help="skriv ut JSON")
    attach_cmd = command("attach", "bifoga handlingar till ärenden")
    attach_cmd.add_argument("meeting", metavar="SAMMANTRÄDE", help="sammanträdets id")
    target = attach_cmd.add_mutually_exclusive_group(required=True)
    target.add_argument("--item", type=int, metavar="N", help="ärendets nummer i ärendelistan")
    target.add_argument(
        "--by-dnr", metavar="MAPP", help="matcha filerna i MAPP mot ärendena via Dnr"
    )
    attach_cmd.add_argument("files", nargs="*", metavar="FIL", help="filer (med --item)")
    verify_cmd = command("verify", "kontrollera att justerade protokoll och bilagor är oförändrade")
    verify_cmd.add_argument(
        "--mot",
        metavar="FIL",
        help="jämför också med en lista över kontrollsummor som publicerats tidigare",
    )
    summor_cmd = command(
        "kontrollsummor", "skriv listan över de justerade protokollens kontrollsummor"
    )
    summor_cmd.add_argument("-o", dest="output", metavar="FIL", help="målfil (standard: skärmen)")
    rattelse_cmd = command("rattelse", "rätta ett uppenbart fel i ett justerat protokoll")
    rattelse_cmd.add_argument("meeting", metavar="SAMMANTRÄDE", help="sammanträdets id")
    rattelse_cmd.add_argument("--paragraf", type=int, required=True, metavar="N", help="§")
    rattelse_cmd.add_argument("--var", required=True, metavar="TEXT", help="det som stod")
    rattelse_cmd.add_argument("--ska-vara", required=True, metavar="TEXT", help="det som ska stå")
    rattelse_cmd.add_argument(
        "--beslutad-av", required=True, metavar="NAMN", help="vem som beslutade rättelsen"
    )
    rattelse_cmd.add_argument("--datum", metavar="ÅÅÅÅ-MM-DD", help="standard: i dag")
    search_cmd = command("search", "sök i sammanträden, ärenden, beslut och bilagor")
    search_cmd.add_argument("query", nargs="+", metavar="FRÅGA", help="sökord eller Dnr")
    search_cmd.add_argument("--json", action="store_true", help="skriv ut JSON")
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
    export_cmd.add_argument(
        "--paragraf",
        type=int,
        action="append",
        metavar="N",
        help="paragraf (för utdrag, kan upprepas; för anslag: en omedelbart justerad)",
    )
    for module in COMMAND_MODULES:
        module.add_commands(sub, command)
    return parser


EXPORT_KINDS = ["kallelse", "protokoll", "utdrag", "anslag", "handlingar"]


def main(argv: Sequence[str] | None = None) -> int:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are ours to phrase
    argparse._ = _sv  # type: ignore[attr-defined]
    gettext.gettext = _sv  # argparse looks some strings up through gettext directly
    parser = build_parser()
    # argparse cannot take positionals after an option ("attach ID --item 3 a.pdf b.pdf"):
    # the files come back as extras, which only `attach` accepts.
    args, extra = parser.parse_known_args(argv)
    if extra and args.command == "attach" and not any(e.startswith("-") for e in extra):
        args.files = [*args.files, *extra]
    elif extra:
        parser.error(_sv("unrecognized arguments: %s") % " ".join(extra))
    store_arg = getattr(args, "sub_store", None) or args.store
    from kallelse_tui.store.api import store_spec

    saved = sys.stdout, sys.stderr
    if args.command not in (None, "demo"):  # the TUI cleans its own screen
        sys.stdout, sys.stderr = RensadUtskrift(sys.stdout), RensadUtskrift(sys.stderr)
    try:
        if args.command == "list":
            return cmd_list(store_spec(store_arg), as_json=args.json)
        if args.command == "import":
            return cmd_import(store_spec(store_arg), Path(args.file), args.organ, args)
        if args.command == "check":
            return cmd_check(store_spec(store_arg), args.meeting, as_json=args.json)
        if args.command == "export":
            return cmd_export(store_spec(store_arg), args)
        if args.command == "attach":
            return cmd_attach(store_spec(store_arg), args)
        if args.command == "verify":
            return cmd_verify(store_spec(store_arg), args.mot)
        if args.command == "kontrollsummor":
            return cmd_kontrollsummor(store_spec(store_arg), args.output)
        if args.command == "rattelse":
            return cmd_rattelse(store_spec(store_arg), args)
        if args.command == "search":
            return cmd_search(store_spec(store_arg), " ".join(args.query), as_json=args.json)
        if args.command == "demo":
            return cmd_demo()
        for module in COMMAND_MODULES:
            if args.command in module.COMMANDS:
                return module.run(args, store_spec(store_arg))
        return run_tui(store_spec(store_arg))
    except DomainError as exc:
        print(f"kallelse: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `kallelse list | head`: the reader has gone, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        sys.stdout, sys.stderr = saved


class RensadUtskrift:
    """stdout or stderr of a command: names, titles and texts from the store are printed
    without control characters, so data never sends the terminal an escape."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from kallelse_tui.domain.rensa import rensa_text

        self._stream.write(rensa_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def cmd_import(
    spec: str,
    file: Path,
    organ_name: str | None,
    extra: argparse.Namespace,
) -> int:
    """Import a kallelse text as a new meeting; the organ it names is created when missing.
    `extra` carries --datum, --tid, --plats and --med-handlingar."""
    from kallelse_tui.domain.datum import parse_datum, parse_tid
    from kallelse_tui.domain.import_mapping import organ_for_import, som_sammantrade
    from kallelse_tui.domain.importer import parse_kallelse_text
    from kallelse_tui.domain.nytt_organ import nytt_organ
    from kallelse_tui.domain.rensa import rensa_text
    from kallelse_tui.store import open_store

    datum = parse_datum(extra.datum, "datum") if extra.datum else None
    tid = parse_tid(extra.tid) if extra.tid else None
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except IsADirectoryError:
        raise DomainError(f"{file} är en mapp; ange kallelsens textfil.") from None
    except OSError as exc:
        raise DomainError(f"Kunde inte läsa {file}: {exc.strerror or exc}.") from None
    imp = parse_kallelse_text(rensa_text(text))
    for problem in imp.problem:
        print(
            f"kallelse: {file}:{problem.rad}: {problem.orsak} ({problem.text.strip()})",
            file=sys.stderr,
        )
    if not imp.arenden:
        raise DomainError(f"Hittade inga numrerade ärenden i {file}; inget sammanträde skapades.")
    with open_store(spec) as store:
        tell_recovered(store)
        name = organ_name or imp.organ
        if not name:
            raise DomainError(f"Kallelsen i {file} namnger inget organ; ange det med --organ.")
        organs = store.organs()
        organ = organ_for_import(name, organs, imp.kommun)
        ny = organ is None
        if organ is None:
            organ = nytt_organ(name, organs, kommun=imp.kommun)
        mote = som_sammantrade(
            imp,
            organ,
            {r.id for r in store.meetings()},
            datum,
            tid,
            extra.plats or "",
            med_handlingar=extra.med_handlingar,
        )
        if ny:  # only now: a kallelse that cannot be imported creates no organ
            store.save_organ(organ)
        store.save_meeting(mote)
    if ny:
        kommun = f"i {organ.kommun}" if organ.kommun else "utan kommun"
        print(
            f"kallelse: skapade organet ”{organ.namn}” {kommun} (id {organ.id}, kortnamn "
            f"{organ.kortnamn}, {organ.typ.value}); komplettera ledamöter och reglemente "
            "i organregistret.",
            file=sys.stderr,
        )
    if imp.handlingar and not extra.med_handlingar:
        nummer = ", ".join(str(h.nummer) for h in imp.handlingar)
        print(
            f"kallelse: handlingarna efter listan föreslår beslut, handläggare eller mottagare "
            f"för ärende {nummer}; importera med --med-handlingar för att ta med dem.",
            file=sys.stderr,
        )
    print(mote.id)
    return EXIT_OK


def cmd_check(spec: str, meeting_id: str, as_json: bool) -> int:
    from kallelse_tui.domain.regler import Allvar, kontrollera
    from kallelse_tui.store import open_store
    from kallelse_tui.store.registers import registerfynd

    with open_store(spec, readonly=True) as store:
        mote = store.meeting(meeting_id)
        organ = store.organ(mote.organ_id)
        findings = kontrollera(mote, organ, date.today()) + _integritet(store, meeting_id)
        findings += registerfynd(store, mote, organ, date.today())
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


def _integritet(store: StoreApi, meeting_id: str) -> list[Fynd]:
    """`check` also says when a justerat protokoll no longer matches its justering."""
    from kallelse_tui.domain.regler import Allvar, Fynd
    from kallelse_tui.store.integritet import protocol_problems

    mote = store.meeting(meeting_id)
    organ = mote.justering.organ if mote.justering and mote.justering.organ else None
    problems = protocol_problems(store, meeting_id, mote, organ or store.organ(mote.organ_id))
    return [Fynd("integritet", Allvar.FEL, p, "kallelse verify") for p in problems]


def cmd_export(spec: str, args: argparse.Namespace) -> int:
    from kallelse_tui.store import open_store

    if args.kind not in ("kallelse", "handlingar", "protokoll", "utdrag", "anslag"):
        raise DomainError(f"Export av {args.kind} finns inte ännu i den här versionen.")
    if args.kind == "utdrag" and not args.paragraf:
        raise DomainError("Ange vilken paragraf utdraget gäller med --paragraf N.")
    if args.paragraf and args.kind not in ("utdrag", "anslag"):
        raise DomainError(
            "--paragraf gäller bara utdrag och anslag: kallelse export utdrag … --paragraf N."
        )
    if args.kind == "anslag" and len(args.paragraf or []) > 1:
        raise DomainError(
            "Ett anslagsbevis gäller hela protokollet eller en omedelbart justerad paragraf: "
            "ange högst en --paragraf."
        )
    from kallelse_tui.store.integritet import export_source

    with open_store(spec, readonly=True) as store:
        mote, organ = export_source(store, args.meeting)
        if args.kind == "handlingar":
            from kallelse_tui.export.handlingar import export_handlingar

            if args.fmt != "pdf":
                raise DomainError("Handlingarna exporteras bara som PDF: ange --format pdf.")
            warnings: list[str] = []
            path = export_handlingar(
                mote,
                organ,
                Path(args.output),
                fil_for=lambda u: store.attachment_path(u.sha256),
                text_for=lambda u: store.attachment_text(u.sha256),
                public=args.public,
                varningar=warnings,
            )
            for warning in warnings:
                print(f"kallelse: {warning}", file=sys.stderr)
        elif args.kind == "protokoll":
            from kallelse_tui.export.protokoll import export_protokoll
            from kallelse_tui.store.signaturer import exportera_signerad

            path = exportera_signerad(
                store, mote, args.fmt, Path(args.output), args.public
            ) or export_protokoll(mote, organ, args.fmt, Path(args.output), public=args.public)
        elif args.kind == "anslag":
            from kallelse_tui.export.anslag import export_anslag

            if args.public:
                raise DomainError("Anslagsbeviset är redan offentligt: utelämna --public.")
            paragraf = args.paragraf[0] if args.paragraf else None
            path = export_anslag(mote, organ, args.fmt, Path(args.output), paragraf=paragraf)
        elif args.kind == "utdrag":
            from kallelse_tui.export.utdrag import export_utdrag

            path = export_utdrag(
                mote,
                organ,
                args.fmt,
                Path(args.output),
                args.paragraf,
                public=args.public,
                datum=date.today(),  # the day the secretary certifies it
            )
        else:
            from kallelse_tui.export.kallelse import export_kallelse

            path = export_kallelse(mote, organ, args.fmt, Path(args.output), public=args.public)
    print(path)
    return EXIT_OK


def cmd_attach(spec: str, args: argparse.Namespace) -> int:
    from kallelse_tui.domain.dnr_match import forsta_sidan, matcha
    from kallelse_tui.domain.justering import kontrollera_ej_last
    from kallelse_tui.domain.model import Beslutsunderlag
    from kallelse_tui.domain.rensa import rensa_text
    from kallelse_tui.domain.underlag import (
        gissa_underlagstyp,
        redan_bifogad,
        titel_fran_filnamn,
    )
    from kallelse_tui.store import open_store
    from kallelse_tui.store.attachments import StoredFile, check_source, files_in_folder
    from kallelse_tui.store.extract import Extraction, extract_text

    with open_store(spec) as store:
        tell_recovered(store)
        mote = store.meeting(args.meeting)
        kontrollera_ej_last(mote)  # before any file is copied into the store
        if args.by_dnr:
            if args.files:
                raise DomainError(
                    "Ange antingen --by-dnr MAPP eller --item N med filer, inte båda."
                )
            files, skipped = files_in_folder(Path(args.by_dnr))
            for path in skipped:
                print(
                    f"kallelse: {path.name}: inte en handling som kan bifogas; hoppas över.",
                    file=sys.stderr,
                )
            plan: list[tuple[Path, StoredFile, Extraction, str]] = []
            folder = Path(args.by_dnr)
            for path in files:
                # Read the file where it lies; only a matched file is copied into the store,
                # so an unrelated (perhaps confidential) file never ends up there.
                try:
                    check_source(path, folder)
                except DomainError as exc:
                    print(f"ej bifogad  {path.name}: {exc}")
                    continue
                match = matcha(path.name, forsta_sidan(extract_text(path).text), mote.arenden)
                if match.arende_id is None:
                    print(f"ej bifogad  {path.name}: {match.orsak}")
                    continue
                try:
                    kontrollera_ej_last(mote, match.arende_id)
                except DomainError as exc:
                    print(f"ej bifogad  {path.name}: {exc}")
                    continue
                stored = store.add_attachment(path, allowed_dir=folder)
                extraction = store.extract_attachment(stored.sha256, path.name)
                plan.append((path, stored, extraction, match.arende_id))
        else:
            if not args.files:
                raise DomainError("Ange filerna som ska bifogas efter --item N.")
            if not 1 <= args.item <= len(mote.arenden):
                raise DomainError(
                    f"Sammanträdet {mote.id} har ärendena 1–{len(mote.arenden)}; "
                    f"det finns inget ärende {args.item}."
                )
            arende_id = mote.arenden[args.item - 1].id
            kontrollera_ej_last(mote, arende_id)
            stored_files = [(Path(f), store.add_attachment(Path(f))) for f in args.files]
            plan = [
                (path, stored, store.extract_attachment(stored.sha256, path.name), arende_id)
                for path, stored in stored_files
            ]
        used = {u.id for a in mote.arenden for u in a.beslutsunderlag}
        attached = []
        for path, stored, extraction, arende_id in plan:
            if (already := redan_bifogad(mote.arende(arende_id), stored.sha256)) is not None:
                print(f"ej bifogad  {path.name}: {already}")
                continue
            n = len(used) + 1
            while f"u{n}" in used:
                n += 1
            used.add(f"u{n}")
            underlag = Beslutsunderlag(
                id=f"u{n}",
                titel=titel_fran_filnamn(path.name),  # cleaned of control characters
                typ=gissa_underlagstyp(path.name),
                filnamn=rensa_text(path.name),
                sha256=stored.sha256,
                storlek=stored.storlek,
                textstatus=extraction.status,
                sidor=extraction.sidor,
            )
            mote.arende(arende_id).beslutsunderlag.append(underlag)
            attached.append((path, arende_id, underlag, stored))
        if attached:
            mote.registrera_andring(f"{len(attached)} handlingar bifogade.", date.today())
            store.save_meeting(mote)
        ids = [a.id for a in mote.arenden]
        for path, arende_id, underlag, stored in attached:
            print(
                f"bifogad    {path.name} → ärende {ids.index(arende_id) + 1} "
                f"({underlag.textstatus.value})"
            )
            if stored.varning:
                print(f"kallelse: {stored.varning}", file=sys.stderr)
    left_out = len(attached) < len(plan) or (args.by_dnr and len(attached) < len(files))
    return EXIT_RULE if left_out else EXIT_OK


def cmd_search(spec: str, query: str, as_json: bool) -> int:
    from kallelse_tui.store import StoreLockedError, open_store

    open_store(spec, readonly=True).close()  # not a store: say so, and create nothing
    try:
        store = open_store(spec)  # writable, so a missing index can be built
    except StoreLockedError:
        store = open_store(spec, readonly=True)
    with store:
        tell_recovered(store)
        hits = store.search(query)
        organs = {o.id: o for o in store.organs()}
        if store.search_in_memory:
            print(
                "kallelse: en annan process skriver till lagret; sökindexet byggdes i minnet "
                "för den här sökningen.",
                file=sys.stderr,
            )
    if as_json:
        rows = [
            {
                "slag": h.slag,
                "sammantrade": h.meeting_id,
                "organ": organs[h.organ_id].namn if h.organ_id in organs else h.organ_id,
                "datum": h.datum.isoformat(),
                "arende": h.nummer,
                "paragraf": h.paragraf,
                "rubrik": h.rubrik,
                "dnr": h.dnr,
                "utdrag": h.utdrag,
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not hits:
        print(f"Inga träffar på ”{query}”.")
    for h in hits:
        organ = organs.get(h.organ_id)
        where = [h.datum.isoformat(), f"{organ.kortnamn} {organ.kommun}" if organ else h.organ_id]
        where.append(h.slag)
        if h.nummer:
            where.append(f"ärende {h.nummer}")
        if h.paragraf:
            where.append(f"§ {h.paragraf}")
        print(f"{'  '.join(where)}  {h.meeting_id}  {h.dnr}".rstrip())
        print(f"    {h.rubrik}")
        if h.utdrag:
            print(f"    {h.utdrag}")
    return EXIT_OK


def cmd_verify(spec: str, mot: str | None = None) -> int:
    from kallelse_tui.store import open_store
    from kallelse_tui.store.integritet import verify_against

    lista = _read_text(Path(mot)) if mot else None
    with open_store(spec, readonly=True) as store:
        problems = store.verify()
        problems += store.leftovers()  # a crash left a meeting outside the register
        problems += cli_sign.verifiera(store)
        if lista is not None and mot:
            problems += verify_against(store, lista, mot)
    for problem in problems:
        print(problem)
    if not problems:
        print(
            "Allt stämmer: de justerade protokollen och bilagorna är oförändrade"
            + (f" och stämmer med {mot}." if mot else ".")
        )
    return EXIT_RULE if problems else EXIT_OK


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        orsak = getattr(exc, "strerror", None) or "inte UTF-8-text"
        raise DomainError(f"Kunde inte läsa {path}: {orsak}.") from None


def cmd_kontrollsummor(spec: str, output: str | None) -> int:
    """The list of checksums to publish; `verify --mot` reads it back later."""
    from kallelse_tui.store import open_store
    from kallelse_tui.store.integritet import published_list
    from kallelse_tui.store.storage import write_atomic

    with open_store(spec, readonly=True) as store:
        text = published_list(store)
    if not output:
        print(text, end="")
        return EXIT_OK
    try:
        write_atomic(Path(output), text.encode("utf-8"), keep_backup=False)
    except OSError as exc:
        raise DomainError(f"Kunde inte skriva {output}: {exc.strerror or exc}.") from None
    print(output)
    return EXIT_OK


def cmd_rattelse(spec: str, args: argparse.Namespace) -> int:
    from kallelse_tui.domain.datum import parse_datum
    from kallelse_tui.store import open_store
    from kallelse_tui.store.integritet import add_rattelse

    datum = parse_datum(args.datum, "--datum") if args.datum else date.today()
    with open_store(spec) as store:
        rattelse = add_rattelse(
            store, args.meeting, args.paragraf, args.var, args.ska_vara, args.beslutad_av, datum
        )
    print(
        f"Rättelse av § {rattelse.paragraf} i {args.meeting} den {rattelse.datum.isoformat()} "
        f"tillagd (kontrollsumma {rattelse.hash[:12]})."
    )
    return EXIT_OK


def cmd_list(spec: str, as_json: bool) -> int:
    from kallelse_tui.store import open_store

    with open_store(spec, readonly=True) as store:
        organs = {o.id: o for o in store.organs()}
        rows = store.meetings()
        for leftover in store.leftovers():
            print(f"kallelse: {leftover}", file=sys.stderr)
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


def tell_recovered(store: Any) -> None:
    """What a writable open put right (a crash's leftovers), on stderr."""
    for message in store.meddelanden:
        print(f"kallelse: {message}", file=sys.stderr)


def run_tui(spec: str, demo: bool = False) -> int:
    # No garbage collection while the app starts: imports and the first screen make
    # long-lived objects only, and the collector walked them several times over. The app
    # freezes them and turns it back on after its first frame (KallelseApp.on_mount).
    gc.disable()
    from kallelse_tui.store import StoreLockedError, open_store

    notice = ""
    try:
        store = open_store(spec)
    except StoreLockedError as exc:
        store = open_store(spec, readonly=True)
        notice = f"{exc} Öppnat skrivskyddat: ändringar kan inte sparas."
    if demo:
        notice = (
            notice or "Demoläge: en tillfällig kopia av demodata. Den tas bort när du avslutar."
        )

    from kallelse_tui.tui.app import EXIT_AFTER_FIRST_FRAME, make_app

    app = make_app(store, notice, locked_out=store.readonly)
    app.run(headless=bool(os.environ.get(EXIT_AFTER_FIRST_FRAME)))
    return EXIT_OK


def copy_sample_data(target: Path) -> Path:
    """Copy sample_data/ to `target` with private permissions; sample_data is never opened."""
    source = sample_data_dir()
    if not (source / "kallelse.json").exists():
        raise DomainError(
            f"Hittar inte demodata i {source}. Installera om paketet (pip install .) "
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
        return run_tui(str(copy_sample_data(Path(tmp) / "lager")), demo=True)


if __name__ == "__main__":
    raise SystemExit(main())
