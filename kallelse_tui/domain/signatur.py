"""Digital justering: who signs a justerat protokoll, whether a certificate is theirs, and
what each signer's key signs besides the PDF.

The secretary, the ordförande and each justerare sign the archived PDF of the justerat
protokoll in their own visible signature field (export/signering.py). Each signature is
also recorded in the meeting (model.Signatur) with the same key's signature over the
protokoll's hash: someone who rewrites the chain's newest protokoll and recomputes its
hashes cannot make those signatures fit the new hash without the signers' keys.

Pure domain code: no PDF, no cryptography library here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Sammantrade, Signatur

FORMAT = "kallelse-signatur/1"  # part of what each record's signature covers
_FALTNAMN = {"Sekreterare": "Sekreterare", "Ordförande": "Ordforande"}
_PARTI = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class Undertecknande:
    """One signature the protokoll asks for: the role, the name as printed, the field."""

    roll: str
    namn: str
    falt: str


def undertecknanden(rader: Sequence[Mapping[str, str]]) -> list[Undertecknande]:
    """The signatures of the protokoll's signature block (export/forsta_sidan.underskrifter:
    sekreterare, ordförande, each justerande), each with its PDF field; lines without a
    name cannot be signed."""
    resultat, justerande = [], 0
    for rad in rader:
        if not rad["namn"].strip():
            continue
        if rad["roll"] in _FALTNAMN:
            falt = _FALTNAMN[rad["roll"]]
        else:
            justerande += 1
            falt = f"Justerande-{justerande}"
        resultat.append(Undertecknande(rad["roll"], rad["namn"], falt))
    return resultat


def namnnyckel(namn: str) -> str:
    """'Anna Berg (S)' and 'ANNA  BERG' alike: without party, case and extra spaces."""
    text = unicodedata.normalize("NFC", _PARTI.sub(" ", namn))
    return " ".join(text.split()).casefold()


def vem_signerar(
    undertecknanden_: Sequence[Undertecknande], namn: str, mote_id: str
) -> Undertecknande:
    """The signature `namn` gives, or a DomainError naming who may sign."""
    nyckel = namnnyckel(namn)
    for u in undertecknanden_:
        if namnnyckel(u.namn) == nyckel:
            return u
    if not undertecknanden_:
        raise DomainError(
            f"Protokollet för {mote_id} anger ingen sekreterare, ordförande eller justerare "
            "som kan signera."
        )
    vilka = "; ".join(f"{u.namn}, {u.roll.lower()}" for u in undertecknanden_)
    raise DomainError(
        f"”{namn}” är varken sekreterare, ordförande eller justerare för {mote_id} och kan "
        f"inte signera protokollet. De som signerar: {vilka}."
    )


def kontrollera_signerbart(mote: Sammantrade, u: Undertecknande | None = None) -> None:
    """A justerat protokoll, not yet signed by this signer."""
    if not mote.last or mote.justering is None or not mote.justering.protokoll_hash:
        raise DomainError(
            f"Protokollet för {mote.id} är inte justerat ännu ({mote.status.value}); det "
            "signeras digitalt efter justeringen."
        )
    for s in mote.signaturer:
        if u is not None and s.falt == u.falt:
            raise DomainError(
                f"{u.namn} har redan signerat protokollet för {mote.id} som "
                f"{u.roll.lower()} ({s.tid[:10]})."
            )


def kontrollera_certifikatnamn(u: Undertecknande, certifikatnamn: Sequence[str]) -> None:
    """The certificate must be issued to the signer: its name, not another's."""
    if any(namnnyckel(n) == namnnyckel(u.namn) for n in certifikatnamn if n.strip()):
        return
    utfardat = " / ".join(n for n in certifikatnamn if n.strip()) or "inget namn"
    raise DomainError(
        f"Certifikatet är utfärdat till ”{utfardat}”, inte till {u.namn}, "
        f"{u.roll.lower()}; var och en signerar med sitt eget certifikat."
    )


def signatur_dokument(mote: Sammantrade, s: Signatur) -> bytes:
    """What the signer's key signs in the store: the protokoll's hash, who signs as what
    and when, the signed PDF and the certificate (everything in the record but the
    signature itself), as compact JSON with sorted keys."""
    doc = {
        "format": FORMAT,
        "sammantrade": mote.id,
        "organ": mote.organ_id,
        "namn": s.namn,
        "roll": s.roll,
        "falt": s.falt,
        "tid": s.tid,
        "protokoll_hash": s.protokoll_hash,
        "pdf_sha256": s.pdf_sha256,
        "certifikat": s.certifikat,
        "rattelser": s.rattelser,
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
