"""The store's side of a justerat protokoll's integrity: the hashes of the attachments'
extracted texts, each organ's chain head in the register, the check of one meeting, the
source every export of a justerat protokoll renders from, rättelser and the published list.

The frozen record itself lives in the meeting file (the justering holds the organ with
its members and the text hashes, domain/kontrollsumma.py); the domain code decides what is
wrong, this module only reads the files it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Organ, Rattelse, Sammantrade
from kallelse_tui.domain.verifiering import (
    Kedjehuvud,
    jamfor_med_lista,
    kedjehuvud,
    kontrollera_hashar,
    kontrollera_kedja,
    kontrollera_kedjehuvud,
    kontrollsummelista,
    las_kontrollsummelista,
)

if TYPE_CHECKING:
    from kallelse_tui.store.api import StoreApi


class IntegritetError(DomainError):
    """A justerat protokoll whose content no longer matches its justering."""


def text_hashes(store: StoreApi, mote: Sammantrade) -> dict[str, str]:
    """Each attachment's file SHA-256 → the SHA-256 of its extracted text as it is now
    ("" when there is none)."""
    hashes = {}
    for arende in mote.arenden:
        for u in arende.beslutsunderlag:
            if u.sha256 and u.sha256 not in hashes:
                hashes[u.sha256] = store.attachment_text_hash(u.sha256)
    return hashes


def chain_head(store: StoreApi, organ_id: str) -> Kedjehuvud | None:
    return store.chain_head(organ_id)


def save_chain_head(store: StoreApi, organ_id: str) -> Kedjehuvud:
    """Record the end of the organ's chain as the store holds it now (after a justering
    or a rättelse, which the store has just checked and saved)."""
    moten = [store.meeting(row.id) for row in store.meetings(organ_id)]
    huvud = kedjehuvud(moten, organ_id)
    store.save_chain_head(huvud)
    return huvud


def meeting_problems(
    store: StoreApi, meeting_id: str, mote: Sammantrade, organ: Organ | None
) -> list[str]:
    """Everything wrong with one meeting as stored: its file holds another meeting (two
    files swapped), its organ is unknown, or its justerat protokoll has changed."""
    if mote.id != meeting_id:
        return [
            f"Registret anger sammanträdet {meeting_id}, men dess fil innehåller "
            f"sammanträdet {mote.id}: filerna har bytts ut eller flyttats."
        ]
    if organ is None:
        return [
            f"Sammanträdet {mote.id} hör till organet ”{mote.organ_id}”, som inte finns i "
            "registret."
        ]
    justerat = mote.justering is not None and mote.justering.version >= 2
    return kontrollera_hashar(mote, organ, text_hashes(store, mote) if justerat else None)


def chain_problems(store: StoreApi, organ: Organ) -> list[str]:
    """The organ's chain of justerade protokoll, and the head the register keeps for it."""
    from kallelse_tui.domain.status import LASTA

    moten = [store.meeting(row.id) for row in store.meetings(organ.id) if row.status in LASTA]
    huvud = chain_head(store, organ.id)
    return kontrollera_kedja(moten, organ) + kontrollera_kedjehuvud(moten, organ, huvud)


def protocol_problems(
    store: StoreApi, meeting_id: str, mote: Sammantrade, organ: Organ
) -> list[str]:
    """What stops a justerat protokoll from being handed out: its own content, and the
    chain it belongs to (a forger who recomputed its hashes still breaks the chain)."""
    problems = meeting_problems(store, meeting_id, mote, organ)
    if mote.justering is not None and mote.justering.protokoll_hash:
        problems += chain_problems(store, organ)
    return problems


def export_source(store: StoreApi, meeting_id: str) -> tuple[Sammantrade, Organ]:
    """The meeting and organ every export renders from. A justerat protokoll (or one with
    an omedelbart justerad §) is checked first (IntegritetError naming the § when it has
    changed); a justerat one brings its own organ,
    frozen at justering, so a later rename or register edit cannot change what it prints.
    A version 1 protokoll, justerat before the record was frozen, has only the register."""
    mote = store.meeting(meeting_id)
    justering = mote.justering
    hashed = justering is not None and bool(justering.protokoll_hash)
    if not hashed and not any(p.omedelbar for p in mote.paragrafer):
        return mote, store.organ(mote.organ_id)
    organ = (justering.organ if justering else None) or store.organ(mote.organ_id)
    # An omedelbart justerad § is checked too, before the rest of the protokoll is justerat.
    if problems := protocol_problems(store, meeting_id, mote, organ):
        raise IntegritetError(
            f"Protokollet {meeting_id} lämnas inte ut, eftersom det inte stämmer med "
            f"justeringen: {problems[0]} Kör kallelse verify för alla avvikelser."
        )
    return mote, organ


def add_rattelse(
    store: StoreApi,
    meeting_id: str,
    paragraf: int,
    var: str,
    ska_vara: str,
    beslutad_av: str,
    datum: date,
) -> Rattelse:
    """Append a rättelse to a justerat protokoll (checked first) and move the chain head,
    in one transaction on a server: never the one without the other."""
    from kallelse_tui.domain.rattelse import lagg_till_rattelse

    mote, _organ = export_source(store, meeting_id)
    rattelse = lagg_till_rattelse(mote, paragraf, var, ska_vara, beslutad_av, datum)
    with store.transaction(f"rättelsen av § {paragraf} i {meeting_id} sparades inte"):
        store.save_meeting(mote)
        save_chain_head(store, mote.organ_id)
    return rattelse


def published_list(store: StoreApi) -> str:
    """The checksums to publish, one line per justerat protokoll (see kontrollsummelista)."""
    return kontrollsummelista(store.meeting(row.id) for row in store.meetings())


def verify_against(store: StoreApi, text: str, fil: str) -> list[str]:
    """Every protokoll in a list published earlier that the store no longer matches."""
    publicerade = las_kontrollsummelista(text, fil)
    moten = {row.id: store.meeting(row.id) for row in store.meetings()}
    return jamfor_med_lista(publicerade, moten, fil)


def verify_store(
    store: StoreApi, check_attachments: Callable[[list[tuple[str, str]]], list[str]]
) -> list[str]:
    """Store.verify for any backend: every meeting, every organ's chain and its head, and
    the attachments (`check_attachments` gets (sha256, description) pairs)."""
    organs = {o.id: o for o in store.organs()}
    problems: list[str] = []
    chains: dict[str, list[Sammantrade]] = {o: [] for o in organs}
    wanted: list[tuple[str, str]] = []
    for row in store.meetings():
        mote = store.meeting(row.id)
        organ = organs.get(mote.organ_id)
        problems += meeting_problems(store, row.id, mote, organ)
        if organ is not None and mote.justering is not None and mote.justering.protokoll_hash:
            chains[organ.id].append(mote)
        for nummer, arende in enumerate(mote.arenden, 1):
            for u in arende.beslutsunderlag:
                if u.sha256:
                    wanted.append((u.sha256, f"{mote.id} ärende {nummer} ”{u.titel}”"))
    for organ_id, moten in chains.items():
        problems += kontrollera_kedja(moten, organs[organ_id])
        problems += kontrollera_kedjehuvud(moten, organs[organ_id], chain_head(store, organ_id))
    return problems + check_attachments(wanted)
