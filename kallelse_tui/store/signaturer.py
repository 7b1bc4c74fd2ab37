"""The store's side of digital justering: sign a justerat protokoll, keep each signed PDF
content-addressed among the attachments, record the signature in the meeting, hand out
the signed PDF, and check every signature for `verify`.

Only the store's interface is used (meeting, save_meeting, add_attachment,
attachment_path): the signatures travel inside the meeting document and the PDFs as
attachments, so every backend carries them without tables of its own.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Organ, Sammantrade, Signatur
from kallelse_tui.domain.signatur import (
    Undertecknande,
    kontrollera_certifikatnamn,
    kontrollera_signerbart,
    signatur_dokument,
    vem_signerar,
)

if TYPE_CHECKING:
    from kallelse_tui.export.signering import Nyckel, PdfSignatur
    from kallelse_tui.store.api import StoreApi as Store


@dataclass(frozen=True)
class Granskning:
    """One recorded signature as `verify` reports it."""

    mote_id: str
    signatur: Signatur
    subjekt: str
    giltig: bool
    betrodd: bool

    def rad(self) -> str:
        s = self.signatur
        tid = s.tid.replace("T", " ")[:16] + " UTC"
        if not self.giltig:
            status = "OGILTIG"
        elif self.betrodd:
            status = "giltig, certifikatet betrott"
        else:
            status = "giltig (certifikatets utfärdare är inte angiven som betrodd)"
        vem = f"{s.namn}, {s.roll.lower()}, {tid}"
        return f"{self.mote_id}: {vem}, certifikat {self.subjekt}: {status}"


def orsak(mote: Sammantrade) -> str:
    """The /Reason of each PDF signature: it names the protokoll and its hash."""
    assert mote.justering is not None
    return f"Justering av protokoll {mote.id}, kontrollsumma {mote.justering.protokoll_hash}"


@dataclass
class Underskrift:
    """A signature about to be made: the checked meeting, the signer and the PDF it goes
    into (None: the first, typeset then)."""

    mote: Sammantrade
    organ: Organ
    vem: Undertecknande
    pdf: bytes | None


def forbered(store: Store, meeting_id: str, namn: str) -> Underskrift:
    """Check that `namn` may sign the justerat protokoll now; reads the store only."""
    from kallelse_tui.export.signering import protokollets_undertecknanden
    from kallelse_tui.store.integritet import export_source

    mote, organ = export_source(store, meeting_id)  # refuses a protokoll that has changed
    kontrollera_signerbart(mote)
    u = vem_signerar(protokollets_undertecknanden(mote, organ), namn, mote.id)
    kontrollera_signerbart(mote, u)
    pdf = _las_pdf(store, mote.signaturer[-1].pdf_sha256, mote.id) if mote.signaturer else None
    return Underskrift(mote, organ, u, pdf)


def underteckna(
    f: Underskrift, nyckel: Nyckel, framsteg: Callable[[str], None] = lambda _steg: None
) -> tuple[Signatur, bytes]:
    """Sign with the key: the signed PDF and the record over the protokoll's hash. Touches
    no store, so it may run in a worker thread while the key (a card) is slow."""
    from kallelse_tui.export.signering import (
        certifikat_der,
        certifikatnamn,
        grund_pdf,
        oppna_nyckel,
        signera_data,
        signera_pdf,
    )

    mote, u = f.mote, f.vem
    assert mote.justering is not None
    framsteg("Öppnar nyckeln")
    with oppna_nyckel(nyckel, u.namn) as signer:
        der = certifikat_der(signer)
        kontrollera_certifikatnamn(u, certifikatnamn(der))
        if f.pdf is None:
            framsteg("Sätter protokollet med signaturfält")
        pdf = f.pdf if f.pdf is not None else grund_pdf(mote, f.organ)
        framsteg(f"Signerar som {u.roll.lower()}")
        nu = datetime.now(UTC).replace(microsecond=0)
        signerad = signera_pdf(pdf, u, signer, orsak(mote), nu)
        signatur = Signatur(
            namn=u.namn,
            roll=u.roll,
            falt=u.falt,
            tid=nu.isoformat(),
            protokoll_hash=mote.justering.protokoll_hash,
            pdf_sha256=hashlib.sha256(signerad).hexdigest(),
            certifikat=base64.b64encode(der).decode("ascii"),
            signatur="",
            rattelser=len(mote.rattelser),
        )
        signatur.signatur = signera_data(signer, signatur_dokument(mote, signatur))
    return signatur, signerad


def spara(store: Store, f: Underskrift, signatur: Signatur, signerad: bytes) -> Path:
    """Keep the signed PDF among the attachments and the record in the meeting."""
    sha = _spara_pdf(store, signerad)
    assert sha == signatur.pdf_sha256
    f.mote.signaturer.append(signatur)
    store.save_meeting(f.mote)
    return store.attachment_path(sha)


def signera(
    store: Store,
    meeting_id: str,
    namn: str,
    nyckel: Nyckel,
    framsteg: Callable[[str], None] = lambda _steg: None,
) -> tuple[Signatur, Path]:
    """Sign the justerat protokoll as `namn` (its secretary, ordförande or a justerare)
    with the key, and record it. Returns the record and the stored signed PDF."""
    f = forbered(store, meeting_id, namn)
    signatur, signerad = underteckna(f, nyckel, framsteg)
    return signatur, spara(store, f, signatur, signerad)


def kvar(mote: Sammantrade, organ: Organ) -> list[Undertecknande]:
    """Who has yet to sign."""
    from kallelse_tui.export.signering import protokollets_undertecknanden

    gjorda = {s.falt for s in mote.signaturer}
    return [u for u in protokollets_undertecknanden(mote, organ) if u.falt not in gjorda]


def _spara_pdf(store: Store, pdf: bytes) -> str:
    fd, name = tempfile.mkstemp(prefix="kallelse-signerat-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as fil:
            fil.write(pdf)
        return store.add_attachment(Path(name)).sha256
    finally:
        Path(name).unlink(missing_ok=True)


def _las_pdf(store: Store, sha256: str, meeting_id: str) -> bytes:
    """The stored signed PDF, refused when missing or changed."""
    try:
        data = store.attachment_path(sha256).read_bytes()
    except OSError:
        raise DomainError(
            f"Den signerade PDF-filen för {meeting_id} saknas i lagret ({sha256[:12]}…); "
            "kör kallelse verify."
        ) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DomainError(
            f"Den signerade PDF-filen för {meeting_id} har ändrats i lagret "
            f"({sha256[:12]}…); kör kallelse verify."
        )
    return data


def signerad_pdf(store: Store, mote: Sammantrade) -> bytes | None:
    """The signed PDF a signed protokoll is handed out as, None when it is unsigned."""
    if not mote.signaturer:
        return None
    return _las_pdf(store, mote.signaturer[-1].pdf_sha256, mote.id)


def exportera_signerad(
    store: Store, mote: Sammantrade, fmt: str, target: Path, public: bool
) -> Path | None:
    """A signed protokoll asked for as a PDF (not the public version) is handed out as the
    signed PDF itself, written to `target`; None for anything else, and when a rättelse
    was added after the signatures (the typeset protokoll then carries it, and says who
    signed digitally)."""
    from kallelse_tui.export.common import skriv_atomiskt

    if fmt.strip().lower().lstrip(".") != "pdf" or public or not mote.signaturer:
        return None
    if len(mote.rattelser) > mote.signaturer[-1].rattelser:
        return None
    pdf = signerad_pdf(store, mote)
    if pdf is None:
        return None
    return skriv_atomiskt(target, pdf, "det signerade protokollet", privat=True)


def granska(
    store: Store, mote: Sammantrade, betrodda: Sequence[bytes] = ()
) -> tuple[list[Granskning], list[str]]:
    """Every signature of the meeting checked, and one sentence per problem: a record
    whose key signature does not fit, a record over another protokoll hash than the
    justering's (re-justerat), a signed PDF missing or changed, a PDF signature that
    pyHanko's validator does not accept or that is not the one recorded."""
    from kallelse_tui.export.signering import certifikat_subjekt, granska_pdf, stammer_data

    if not mote.signaturer:
        return [], []
    problems: list[str] = []
    hash_ = mote.justering.protokoll_hash if mote.justering else ""
    pdf_status: dict[str, PdfSignatur] = {}
    try:
        pdf = _las_pdf(store, mote.signaturer[-1].pdf_sha256, mote.id)
        pdf_status = {p.falt: p for p in granska_pdf(pdf, betrodda)}
    except DomainError as exc:
        problems.append(str(exc))
        pdf = b""
    if pdf and len(pdf_status) != len(mote.signaturer):
        problems.append(
            f"Den signerade PDF-filen för {mote.id} har {len(pdf_status)} underskrifter, "
            f"men lagret har {len(mote.signaturer)}."
        )
    granskningar = []
    for s in mote.signaturer:
        vem = f"{s.namn}s underskrift ({s.roll.lower()}) av protokollet {mote.id}"
        fel: list[str] = []
        try:
            der = base64.b64decode(s.certifikat, validate=True)
            subjekt = certifikat_subjekt(der)
        except ValueError:
            der, subjekt = b"", "(oläsligt certifikat)"
        if s.protokoll_hash != hash_:
            fel.append(
                f"{vem} gäller ett annat protokoll än det justerade (kontrollsumman "
                f"{s.protokoll_hash[:12]}… i stället för {hash_[:12]}…): protokollet har "
                "justerats om eller ändrats efter underskriften."
            )
        if not der or not stammer_data(der, signatur_dokument(mote, s), s.signatur):
            fel.append(f"{vem}: underskriften i lagret stämmer inte med certifikatet.")
        status = pdf_status.get(s.falt)
        if pdf and status is None:
            fel.append(f"{vem} finns inte i den signerade PDF-filen.")
        elif status is not None:
            if not status.giltig:
                fel.append(f"{vem}: PDF-underskriften är inte giltig (filen har ändrats).")
            elif status.certifikat != der or hash_ not in status.orsak:
                fel.append(f"{vem}: PDF-underskriften är inte den som lagret anger.")
        if pdf and not _foregaende_ingar(store, mote, s, pdf):
            fel.append(
                f"{vem}: PDF-filen efter underskriften saknas eller ingår inte i den senaste."
            )
        problems += fel
        betrodd = status is not None and status.betrodd
        granskningar.append(Granskning(mote.id, s, subjekt, not fel, betrodd and not fel))
    return granskningar, problems


def _foregaende_ingar(store: Store, mote: Sammantrade, s: Signatur, senaste: bytes) -> bool:
    """Each signature's PDF is the start of the latest: signatures only append."""
    try:
        data = _las_pdf(store, s.pdf_sha256, mote.id)
    except DomainError:
        return False
    return senaste.startswith(data)
