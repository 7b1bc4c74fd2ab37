"""What a meeting, its ärenden, §§ and attachments become in the index: the FTS rows
(`_Dok`) and the Dnr rows, with no SQL; the PostgreSQL store's search makes the same rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from kallelse_tui.domain.datum import kort_datum
from kallelse_tui.domain.model import Arende, Paragraf, Sammantrade
from kallelse_tui.store.search.dnr_keys import _dnr_i_text, _nycklar, _parse
from kallelse_tui.store.search.schema import ARENDE, BESLUT, SAMMANTRADE


@dataclass(frozen=True)
class _Mote:
    id: str
    organ_id: str
    kortnamn: str
    datum: date


@dataclass(frozen=True)
class _Dok:
    """One FTS row and what a hit on it shows."""

    slag: str
    visad_rubrik: str  # Traff.rubrik
    rubrik: str = ""  # the indexed columns
    text: str = ""
    ram: str = ""
    nycklar: str = ""
    arende_id: str | None = None
    underlag_id: str | None = None
    nummer: int | None = None
    paragraf: int | None = None
    dnr: str = ""
    beslut: str = ""  # the § text, kept on ärende rows for uppdatera_arende
    sekretess: bool = False  # the row's own or its ärende's
    egen_sekretess: bool = False  # an attachment's own flag

    def summa(self, m: _Mote) -> str:
        """A fingerprint: a row whose fingerprint is unchanged is not rewritten."""
        return hashlib.blake2b(
            repr((m.organ_id, m.kortnamn, m.datum, self)).encode(), digest_size=16
        ).hexdigest()


# A row of dnrrad: (nyckel, serie, Dnr as printed, arende_id, nummer, paragraf, rubrik,
# beslut, post), post being the line number in a meddelanden list or 0.
_DnrRad = tuple[str, str, str, str, int, int | None, str, str, int]


@dataclass(frozen=True)
class _MotesRader:
    """A meeting's rows as they should be indexed, each with its fingerprint."""

    mote: Sammantrade
    m: _Mote
    dokument: list[tuple[_Dok, str]]
    dnrrader: list[_DnrRad]


def _mote_rader(mote: Sammantrade, kortnamn: str) -> _MotesRader:
    m = _Mote(mote.id, mote.organ_id, kortnamn, mote.datum)
    dokument, dnrrader = _mote_dokument(m, mote)
    return _MotesRader(mote, m, [(d, d.summa(m)) for d in dokument], dnrrader)


def _mote_dokument(m: _Mote, mote: Sammantrade) -> tuple[list[_Dok], list[_DnrRad]]:
    dokument = [_mote_rad(m, mote)]
    dnrrader: list[_DnrRad] = []
    for nummer, arende in enumerate(mote.arenden, 1):
        rader, dnr = _arende_rader(m, nummer, arende, mote.paragraf_for(arende.id))
        dokument += rader
        dnrrader += dnr
    return dokument, dnrrader


def _mote_rad(m: _Mote, mote: Sammantrade) -> _Dok:
    """The meeting's own row: what it says besides its ärenden."""
    delar = [mote.plats, mote.distans, mote.osa, " ".join(mote.adressater)]
    delar += [a.text for a in mote.andringar]
    if mote.justering is not None:
        delar.append(mote.justering.tid_och_plats)
    if mote.anslag is not None:
        delar.append(mote.anslag.forvaringsplats)
    visad = f"{m.kortnamn} {kort_datum(m.datum)}".strip()
    return _Dok(
        SAMMANTRADE,
        visad,
        rubrik=visad,
        text="\n".join(d for d in delar if d),
        ram=f"{m.kortnamn} {m.datum.year}",
    )


def _arende_rader(
    m: _Mote, nummer: int, arende: Arende, paragraf: Paragraf | None
) -> tuple[list[_Dok], list[_DnrRad]]:
    """One ärende's rows (the ärende, and its beslut once there is one) and Dnr rows: they
    depend on nothing else of the meeting than its place and its §."""
    dok, dnrrader = _arende_dokument(
        m,
        nummer,
        arende,
        paragraf.nummer if paragraf is not None else None,
        paragraf.beslut if paragraf is not None else "",
    )
    beslut = _beslut_text(paragraf) if paragraf is not None else ""
    if paragraf is None or not beslut.strip():
        return [dok], dnrrader
    besluts_rad = _Dok(
        BESLUT,
        arende.rubrik,
        text=beslut,
        ram=_beslut_ram(m, paragraf.nummer, arende),
        nycklar=_nycklar(_dnr_i_text(beslut)),
        arende_id=arende.id,
        nummer=nummer,
        paragraf=paragraf.nummer,
        dnr=arende.dnr,
        sekretess=arende.sekretess,
    )
    return [dok, besluts_rad], dnrrader


def _beslut_ram(m: _Mote, paragraf: int | None, arende: Arende) -> str:
    return f"{m.kortnamn} {m.datum.year} § {paragraf} {arende.rubrik} {arende.dnr}"


def _beslut_text(p: Paragraf) -> str:
    delar = [p.beslut, p.behandling]
    delar += [y.text for y in p.yrkanden]
    delar += [a.motivering for a in p.anteckningar]
    if p.jav:  # recorded, not typed: the protokoll words it in Behandling
        delar.append("Anmälan om jäv.")
    return "\n".join(d for d in delar if d)


def _arende_text(arende: Arende) -> str:
    delar = [arende.beskrivning]
    for forslag in arende.forslag:
        if forslag.till_organ:
            delar.append(f"Förslag till beslut {forslag.till_organ}")
        delar.extend(forslag.punkter)
    delar.append(arende.ekonomiska_konsekvenser)
    for post in arende.poster:
        rad = f"{post.nummer}. {post.text}"
        if post.avsandare:
            rad += f" {post.avsandare}"
        if post.dnr:
            rad += f" ({post.dnr})"
        delar.append(rad)
    delar.extend(u.titel for u in arende.beslutsunderlag)
    return "\n".join(d for d in delar if d)


def _arende_dokument(
    m: _Mote, nummer: int, arende: Arende, paragraf: int | None, beslut: str
) -> tuple[_Dok, list[_DnrRad]]:
    text = _arende_text(arende)
    rader: list[_DnrRad] = []
    own = _parse(arende.dnr)
    if own is not None:
        rader.append((*own, arende.dnr, arende.id, nummer, paragraf, arende.rubrik, beslut, 0))
    for post in arende.poster:
        key = _parse(post.dnr)
        if key is not None:
            rubrik = f"{arende.rubrik}: {post.text}"
            rader.append((*key, post.dnr, arende.id, nummer, paragraf, rubrik, beslut, post.nummer))
    nycklar = {(r[0], r[1]) for r in rader} | _dnr_i_text(f"{arende.rubrik}\n{text}")
    ram = [m.kortnamn, str(m.datum.year), arende.dnr, arende.osl]
    if paragraf is not None:
        ram.append(f"§ {paragraf}")
    if arende.handlaggare is not None:
        ram.append(arende.handlaggare.namn)
    ram.extend(arende.tidigare)
    dok = _Dok(
        ARENDE,
        arende.rubrik,
        rubrik=arende.rubrik,
        text=text,
        ram=" ".join(r for r in ram if r),
        nycklar=_nycklar(nycklar),
        arende_id=arende.id,
        nummer=nummer,
        paragraf=paragraf,
        dnr=arende.dnr,
        beslut=beslut,
        sekretess=arende.sekretess,
    )
    return dok, rader


def _bilaga_ram(m: _Mote, rubrik: str, dnr: str) -> str:
    return f"{m.kortnamn} {m.datum.year} {rubrik} {dnr}"
