"""The signed PDF of a justerat protokoll, with pyHanko: the archived PDF with a visible
signature field per signer in the signature block, one PAdES signature per signer as an
incremental update, the signer's key from a PKCS#12 file or a PKCS#11 token (an
e-tjänstekort such as SITHS), and the validation `verify` reports.

pyHanko, cryptography and typst load inside the functions: the TUI starts without them.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import logging
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Organ, Sammantrade
from kallelse_tui.domain.signatur import Undertecknande, undertecknanden
from kallelse_tui.export.common import TEMPLATES, typst_pdf
from kallelse_tui.export.forsta_sidan import och, underskrifter

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer

DIGEST = "sha256"
_STAMPEL = (226.8, 23.5)  # pt: the field over a signature line (80 mm, 9 mm less the gap)
_BESTAMD = {"Sekreterare": "sekreteraren", "Ordförande": "ordföranden", "Justerande": "justeraren"}


@dataclass(frozen=True)
class P12:
    """A key and certificate in a PKCS#12 file, opened with its password."""

    fil: Path
    losenord: str


@dataclass(frozen=True)
class Pkcs11:
    """A key on a token, through its PKCS#11 library, opened with the PIN."""

    bibliotek: Path
    pin: str


Nyckel = P12 | Pkcs11


@dataclass(frozen=True)
class PdfSignatur:
    """One signature in a PDF as pyHanko's validator sees it."""

    falt: str
    intakt: bool  # the bytes it covers are unchanged
    giltig: bool  # intact, and the signature value fits the certificate
    betrodd: bool  # the certificate chains to a trusted CA
    certifikat: bytes  # DER
    subjekt: str
    tid: str
    orsak: str  # the /Reason, which names the protokoll's hash


def protokollets_undertecknanden(mote: Sammantrade, organ: Organ) -> list[Undertecknande]:
    return undertecknanden(underskrifter(mote, organ, ""))


# Beside the "Underskrifter" heading of a signed protokoll (no line of its own).
KORT = "Justerat digitalt med elektroniska underskrifter (PAdES)"


def digitalt_data(mote: Sammantrade, vantade: Sequence[Undertecknande]) -> dict[str, Any]:
    """The first page's "Justerat digitalt" box. The PDF is typeset before the first
    signature, so it names every signer the protokoll asks for; their fields fill in."""
    namn = och([f"{_BESTAMD.get(u.roll, u.roll.lower())} {u.namn}" for u in vantade])
    datum = mote.justering.datum.isoformat() if mote.justering and mote.justering.datum else ""
    return {
        "rubrik": "Justerat digitalt",
        "kort": KORT,
        "signerat": {},
        "text": (
            f"Justerat {datum} med elektroniska underskrifter (PAdES) av {namn}, var och en "
            "i sitt fält under Underskrifter; de kontrolleras i en PDF-läsare eller med "
            "kallelse verify."
        ),
    }


def signerat_data(mote: Sammantrade) -> dict[str, Any] | None:
    """ "Justerat digitalt" with who has signed and when, for every rendering of a signed
    protokoll but the signed PDF itself (which says it from before its first signature)."""
    if not mote.signaturer:
        return None
    vilka = "; ".join(f"{s.namn}, {s.roll.lower()}, {s.tid[:10]}" for s in mote.signaturer)
    return {
        "rubrik": "Justerat digitalt",
        "kort": KORT,
        # Each signer's line on the first page says when they signed (no extra lines: the
        # ANSLAG/BEVIS box must still fit on the first page).
        "signerat": {
            s.namn: f"Signerat digitalt {s.tid[:16].replace('T', ' ')} UTC" for s in mote.signaturer
        },
        "text": (
            f"Underskrivet med elektroniska underskrifter (PAdES) av {vilka}. Originalet är "
            "den signerade PDF-filen; underskrifterna kontrolleras med kallelse verify."
        ),
    }


def grund_pdf(mote: Sammantrade, organ: Organ) -> bytes:
    """The archived PDF to sign: the protokoll with the "Justerat digitalt" box and an
    empty signature field over each signature line (placed where typst put the line)."""
    import typst

    from kallelse_tui.domain.rensa import rensa_data
    from kallelse_tui.export.protokoll import protokoll_data

    data = protokoll_data(mote, organ, public=False)
    vantade = undertecknanden(data["underskrifter"])
    falt = iter(vantade)
    for rad in data["underskrifter"]:
        if rad["namn"].strip():
            rad["falt"] = next(falt).falt
    data["digitalt"] = digitalt_data(mote, vantade)
    pdf = typst_pdf("protokoll.typ", data)
    svar = typst.query(
        str(TEMPLATES / "protokoll.typ"),
        "<signaturfalt>",
        field="value",
        sys_inputs={"data": json.dumps(rensa_data(data), ensure_ascii=False)},
        ignore_system_fonts=True,
    )
    platser = json.loads(svar)
    return _med_falt(pdf, platser)


def _med_falt(pdf: bytes, platser: list[dict[str, Any]]) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field
    from pypdf import PdfReader

    hojder = [float(p.mediabox.height) for p in PdfReader(io.BytesIO(pdf)).pages]
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for plats in platser:
        sida = int(plats["sida"]) - 1
        x, y, bredd = float(plats["x"]), float(plats["y"]), float(plats["bredd"])
        hojd = float(plats["hojd"]) - 2  # stays clear of the line under it
        topp = hojder[sida] - y  # typst measures from the top, PDF from the bottom
        ruta = (round(x), round(topp - hojd), round(x + bredd), round(topp))
        append_signature_field(writer, SigFieldSpec(plats["falt"], on_page=sida, box=ruta))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@contextlib.contextmanager
def oppna_nyckel(nyckel: Nyckel, namn: str) -> Iterator[Signer]:
    """A pyHanko signer for the key; on a token, the certificate issued to `namn` (or the
    token's only one). Wrong password, PIN or file: a DomainError naming what."""
    if isinstance(nyckel, P12):
        yield _p12(nyckel)
        return
    with _pkcs11(nyckel, namn) as signer:
        yield signer


def _p12(nyckel: P12) -> Signer:
    from pyhanko.sign.signers import SimpleSigner

    try:
        data = nyckel.fil.read_bytes()
    except OSError as exc:
        raise DomainError(
            f"Kunde inte läsa certifikatfilen {nyckel.fil}: {exc.strerror or exc}."
        ) from None
    try:
        signer = SimpleSigner.load_pkcs12_data(
            data, other_certs=[], passphrase=nyckel.losenord.encode() or None
        )
    except ValueError:
        raise DomainError(
            f"Kunde inte öppna {nyckel.fil}: fel lösenord, eller så är filen inte en "
            "PKCS#12-fil (.p12/.pfx) med nyckel och certifikat."
        ) from None
    if signer.signing_cert is None:
        raise DomainError(f"{nyckel.fil} innehåller inget certifikat att signera med.")
    return signer


@contextlib.contextmanager
def _pkcs11(nyckel: Pkcs11, namn: str) -> Iterator[Signer]:
    try:
        import pkcs11
        from pyhanko.sign.pkcs11 import PKCS11Signer
    except ImportError:
        raise DomainError(
            "Stöd för PKCS#11 saknas i installationen (python-pkcs11); installera om kallelse."
        ) from None
    if not nyckel.bibliotek.is_file():
        raise DomainError(f"PKCS#11-biblioteket {nyckel.bibliotek} finns inte.")
    try:
        session, cert_id = _oppna_kort(pkcs11.lib(str(nyckel.bibliotek)), nyckel.pin, namn)
    except (pkcs11.PKCS11Error, OSError, RuntimeError) as exc:
        raise DomainError(
            f"Kunde inte öppna kortet eller token via {nyckel.bibliotek}: {_pkcs11_orsak(exc)}."
        ) from None
    try:
        # Hashed here, signed on the card: smart cards seldom hash themselves.
        yield PKCS11Signer(session, cert_id=cert_id, key_id=cert_id, use_raw_mechanism=True)
    finally:
        session.close()


def _oppna_kort(lib: Any, pin: str, namn: str) -> tuple[Any, bytes]:
    """A session on the token holding the certificate issued to `namn` (a reader may show
    several slots, some empty), else on the first token with a certificate; and that
    certificate's id, which is also its key's."""
    from pkcs11 import Attribute, ObjectClass, TokenFlag

    from kallelse_tui.domain.signatur import namnnyckel

    forsta: tuple[Any, bytes] | None = None
    for slot in lib.get_slots(token_present=True):
        token = slot.get_token()
        if not token.flags & TokenFlag.TOKEN_INITIALIZED:
            continue
        session = token.open(user_pin=pin)
        certifikat = [
            (bytes(o[Attribute.ID]), certifikatnamn(bytes(o[Attribute.VALUE])))
            for o in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
        ]
        for cert_id, namnen in certifikat:
            if any(namnnyckel(n) == namnnyckel(namn) for n in namnen):
                if forsta is not None:
                    forsta[0].close()
                return session, cert_id
        if forsta is None and certifikat:
            forsta = (session, certifikat[0][0])  # the name check that follows says whose
        else:
            session.close()
    if forsta is None:
        raise DomainError("Inget kort eller ingen token med ett certifikat hittades.")
    return forsta


def _pkcs11_orsak(exc: Exception) -> str:
    namn = type(exc).__name__
    if "Pin" in namn:
        return "fel PIN-kod eller låst kort"
    if "Token" in namn or "Slot" in namn:
        return "inget kort eller ingen token hittades"
    return str(exc) or namn


def certifikat_der(signer: Signer) -> bytes:
    cert = signer.signing_cert
    assert cert is not None
    return bytes(cert.dump())


def certifikatnamn(der: bytes) -> list[str]:
    """The names a certificate is issued to: its CN, and förnamn + efternamn."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    subject = x509.load_der_x509_certificate(der).subject

    def varden(oid: x509.ObjectIdentifier) -> list[str]:
        return [str(a.value) for a in subject.get_attributes_for_oid(oid)]

    fornamn, efternamn = varden(NameOID.GIVEN_NAME), varden(NameOID.SURNAME)
    namn = varden(NameOID.COMMON_NAME)
    if fornamn and efternamn:
        namn.append(f"{fornamn[0]} {efternamn[0]}")
    return namn


def certifikat_subjekt(der: bytes) -> str:
    from cryptography import x509

    return x509.load_der_x509_certificate(der).subject.rfc4514_string()


def signera_pdf(pdf: bytes, u: Undertecknande, signer: Signer, orsak: str, tid: datetime) -> bytes:
    """`pdf` with one more PAdES signature, in `u`'s field, appended as an incremental
    update: the bytes before stay exactly as they were, so every earlier signature holds.
    Its visible appearance says who signed and when, typeset by typst (fonts embedded)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
    from pyhanko.stamp import StaticStampStyle

    meta = PdfSignatureMetadata(
        field_name=u.falt, reason=orsak, name=u.namn, subfilter=SigSeedSubFilter.PADES
    )
    stampel = typst_pdf(
        "signaturstampel.typ",
        {
            "titel": f"Underskrift av {u.namn}",
            "rad1": f"Signerat digitalt av {u.namn}",
            "rad2": f"{u.roll}, {tid.strftime('%Y-%m-%d %H:%M')} UTC",
            "bredd": _STAMPEL[0],
            "hojd": _STAMPEL[1],
        },
    )
    with tempfile.TemporaryDirectory(prefix="kallelse-stampel-") as folder:
        fil = Path(folder) / "stampel.pdf"
        fil.write_bytes(stampel)
        stil = StaticStampStyle.from_pdf_file(
            str(fil),
            border_width=0,
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0),
            ),
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = io.BytesIO()
        try:
            PdfSigner(meta, signer=signer, stamp_style=stil).sign_pdf(writer, output=out)
        except Exception as exc:  # pyHanko and the token raise many kinds; one sentence
            orsak = str(exc) or type(exc).__name__
            raise DomainError(f"Signeringen misslyckades: {orsak}.") from None
    return out.getvalue()


def signera_data(signer: Signer, data: bytes) -> str:
    """The key's raw signature over `data` (the record of the protokoll's hash), base64."""
    import asyncio

    raw = asyncio.run(signer.async_sign_raw(data, DIGEST))
    return base64.b64encode(raw).decode("ascii")


def stammer_data(certifikat: bytes, data: bytes, signatur: str) -> bool:
    """Whether `signatur` (base64) is the certificate's key's signature over `data`."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    try:
        nyckel = x509.load_der_x509_certificate(certifikat).public_key()
        sig = base64.b64decode(signatur, validate=True)
        if isinstance(nyckel, rsa.RSAPublicKey):
            nyckel.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(nyckel, ec.EllipticCurvePublicKey):
            nyckel.verify(sig, data, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True


def granska_pdf(pdf: bytes, betrodda: Sequence[bytes] = ()) -> list[PdfSignatur]:
    """Every signature in `pdf` through pyHanko's validator, trusting the CA
    certificates `betrodda` (DER). No network: revocation is not checked."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signaturer = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DomainError(f"Den signerade PDF-filen går inte att läsa: {exc}.") from None
    # Without a trusted CA the validator logs a traceback per signature; we say it in words.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    roots = [asn1_x509.Certificate.load(b) for b in betrodda]
    resultat = []
    for sig in signaturer:
        kontext = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(sig, kontext)
        except Exception:  # a broken signature is "not valid", never a traceback
            resultat.append(PdfSignatur(sig.field_name, False, False, False, b"", "", "", ""))
            continue
        cert = status.signing_cert
        tid = status.signer_reported_dt.isoformat() if status.signer_reported_dt else ""
        orsak = str(sig.sig_object.get("/Reason", ""))
        resultat.append(
            PdfSignatur(
                falt=sig.field_name,
                intakt=bool(status.intact),
                giltig=bool(status.intact and status.valid),
                betrodd=bool(status.trusted),
                certifikat=bytes(cert.dump()) if cert is not None else b"",
                subjekt=cert.subject.human_friendly if cert is not None else "",
                tid=tid,
                orsak=orsak,
            )
        )
    return resultat
