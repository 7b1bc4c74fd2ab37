"""`kallelse sign`: digital justering from the command line, and what `verify` and
`export protokoll --format pdf` do with a signed protokoll. Hooked into cli.py by
add_commands, run, verifiera and signerad_export."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kallelse_tui.domain.errors import DomainError

if TYPE_CHECKING:
    from kallelse_tui.store import StoreApi

EXIT_OK = 0
COMMANDS = {"sign"}
LOSENORD_ENV = "KALLELSE_P12_LOSENORD"
PIN_ENV = "KALLELSE_PIN"
BETRODDA_ENV = "KALLELSE_BETRODDA_CA"  # PEM file with the CA certificates verify trusts


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    command: Callable[[str, str], argparse.ArgumentParser],
) -> None:
    sign = command(
        "sign", "signera ett justerat protokoll digitalt (sekreterare, ordförande, justerare)"
    )
    sign.add_argument("meeting", metavar="SAMMANTRÄDE", help="sammanträdets id")
    sign.add_argument(
        "--som", required=True, metavar="NAMN", help="den som signerar, som i protokollet"
    )
    nyckel = sign.add_mutually_exclusive_group(required=True)
    nyckel.add_argument(
        "--p12",
        metavar="FIL",
        help=f"certifikat och nyckel i en PKCS#12-fil (lösenordet från ${LOSENORD_ENV} "
        "eller frågas efter)",
    )
    nyckel.add_argument(
        "--pkcs11",
        metavar="BIBLIOTEK",
        help=f"kortets PKCS#11-bibliotek, t.ex. för SITHS (PIN från ${PIN_ENV} eller frågas efter)",
    )


def run(args: argparse.Namespace, spec: str) -> int:
    from kallelse_tui.export.signering import P12, Nyckel, Pkcs11
    from kallelse_tui.store import open_store
    from kallelse_tui.store.signaturer import kvar, signera

    nyckel: Nyckel
    if args.p12:
        fil = Path(args.p12)
        if not fil.is_file():
            raise DomainError(f"Certifikatfilen {fil} finns inte.")
        nyckel = P12(fil, _hemlighet(LOSENORD_ENV, f"Lösenord för {fil}: "))
    else:
        bibliotek = Path(args.pkcs11)
        if not bibliotek.is_file():
            raise DomainError(f"PKCS#11-biblioteket {bibliotek} finns inte.")
        nyckel = Pkcs11(bibliotek, _hemlighet(PIN_ENV, "PIN-kod för kortet: "))
    with open_store(spec) as store:
        signatur, pdf = signera(store, args.meeting, args.som, nyckel)
        mote = store.meeting(args.meeting)
        vantar = kvar(
            mote, (mote.justering.organ if mote.justering else None) or store.organ(mote.organ_id)
        )
    print(
        f"{signatur.namn} har signerat protokollet {args.meeting} som "
        f"{signatur.roll.lower()}. Den signerade PDF-filen: {pdf}"
    )
    if vantar:
        print(
            f"Väntar på underskrift av: {'; '.join(f'{u.namn}, {u.roll.lower()}' for u in vantar)}."
        )
    else:
        print(
            "Alla har signerat; kallelse export protokoll … --format pdf ger den signerade filen."
        )
    return EXIT_OK


def _hemlighet(env: str, fraga: str) -> str:
    """From the environment, else asked without echo; never stored, never printed."""
    if (varde := os.environ.get(env)) is not None:
        return varde
    if not sys.stdin.isatty():
        raise DomainError(
            f"Ingen terminal att fråga efter lösenordet eller PIN-koden i; ange det i ${env}."
        )
    try:
        return getpass.getpass(fraga)
    except EOFError:
        raise DomainError("Inget lösenord angavs; ingenting signerades.") from None


def betrodda() -> list[bytes]:
    """The CA certificates (DER) named by $KALLELSE_BETRODDA_CA, [] when unset."""
    fil = os.environ.get(BETRODDA_ENV)
    if not fil:
        return []
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        certs = x509.load_pem_x509_certificates(Path(fil).read_bytes())
    except (OSError, ValueError) as exc:
        raise DomainError(
            f"Kunde inte läsa de betrodda CA-certifikaten i {fil} (${BETRODDA_ENV}): "
            f"{getattr(exc, 'strerror', None) or 'inte PEM-certifikat'}."
        ) from None
    return [c.public_bytes(Encoding.DER) for c in certs]


def verifiera(store: StoreApi) -> list[str]:
    """`verify`: print every digital signature (signer, time, certificate, valid or not)
    and return one sentence per problem."""
    from kallelse_tui.store.signaturer import granska

    ca = betrodda()
    problems: list[str] = []
    for row in store.meetings():
        mote = store.meeting(row.id)
        if not mote.signaturer:
            continue
        granskningar, fel = granska(store, mote, ca)
        for g in granskningar:
            print(f"Underskrift  {g.rad()}")
        problems += fel
    return problems
