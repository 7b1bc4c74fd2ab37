"""The registers as domain objects: delegationsbeslut and motioner read from and written to
any store through `register_rows`/`save_register_rows`, and the steps that join them to
meetings (fill a meeting's ärende, mark rows reported once justerat, the check)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kallelse_tui.domain import delegationsbeslut as deleg
from kallelse_tui.domain import motioner as mot
from kallelse_tui.domain.delegationsbeslut import Delegationsbeslut
from kallelse_tui.domain.model import Organ, OrganTyp, Sammantrade
from kallelse_tui.domain.motioner import Motion
from kallelse_tui.domain.regler import Fynd
from kallelse_tui.domain.status import LASTA
from kallelse_tui.store.api import StoreApi
from kallelse_tui.store.serialize import from_dict, to_dict


def delegationsbeslut(store: StoreApi, organ_id: str | None = None) -> list[Delegationsbeslut]:
    rows = store.register_rows(deleg.KIND, organ_id)
    beslut = [from_dict(Delegationsbeslut, r, deleg.KIND) for r in rows]
    return sorted(beslut, key=lambda b: (b.datum, b.id))


def save_delegationsbeslut(store: StoreApi, rows: Sequence[Delegationsbeslut]) -> None:
    if rows:
        store.save_register_rows(deleg.KIND, [to_dict(r) for r in rows])


def motioner(store: StoreApi, organ_id: str | None = None) -> list[Motion]:
    rows = store.register_rows(mot.KIND, organ_id)
    return sorted((from_dict(Motion, r, mot.KIND) for r in rows), key=lambda m: (m.vackt, m.id))


def save_motioner(store: StoreApi, rows: Sequence[Motion]) -> None:
    if rows:
        store.save_register_rows(mot.KIND, [to_dict(r) for r in rows])


def fullmaktige(store: StoreApi, namn: str | None = None) -> Organ:
    """The fullmäktige the motioner register belongs to: `namn` (id, kortnamn or name),
    else the store's only one."""
    from kallelse_tui.domain.errors import DomainError
    from kallelse_tui.domain.import_mapping import hitta_organ

    organs = store.organs()
    if namn:
        return hitta_organ(namn, organs)
    kf = [o for o in organs if o.typ is OrganTyp.FULLMAKTIGE]
    if len(kf) > 1:
        raise DomainError(
            "Lagret har flera fullmäktige ("
            + ", ".join(f"{o.id}" for o in kf)
            + "); ange vilket med --organ ID."
        )
    if not kf:
        raise DomainError(
            "Lagret har inget fullmäktige; lägg till det med kallelse organ add "
            "”Kommunfullmäktige” --typ fullmäktige."
        )
    return kf[0]


def markera_anmalda(store: StoreApi, organ_id: str | None = None) -> list[Delegationsbeslut]:
    """Mark reported the rows whose meeting's protokoll is now justerat (after a justering;
    also run before listing, so nothing depends on who justerade). Returns those marked."""
    register = delegationsbeslut(store, organ_id)
    planned = {r.anmals_i for r in register if r.anmals_i and r.anmald is None}
    locked = {m.id for m in store.meetings(organ_id) if m.id in planned and m.status in LASTA}
    if not locked:
        return []
    andrade = deleg.markera_anmalda(register, {i: store.meeting(i) for i in locked})
    if not store.readonly:
        save_delegationsbeslut(store, andrade)
    return andrade


def fyll_moteslistor(store: StoreApi, mote: Sammantrade, organ: Organ) -> list[str]:
    """Fill the meeting's redovisning of delegationsbeslut, and for fullmäktige its anmälan
    of new motioner, from the registers; save the meeting and the rows. One sentence per
    list filled."""
    said: list[str] = []
    andrade_beslut: list[Delegationsbeslut] = []
    andrade_motioner: list[Motion] = []
    register = delegationsbeslut(store, organ.id)
    if register or any(a.typ.value == "delegationsbeslut" for a in mote.arenden):
        arende, andrade_beslut = deleg.fyll_redovisning(mote, organ, register)
        said.append(f"”{arende.rubrik}”: {len(arende.poster)} delegationsbeslut.")
    if organ.typ is OrganTyp.FULLMAKTIGE:
        anmalan, andrade_motioner = mot.fyll_anmalan(mote, motioner(store, organ.id))
        if anmalan is not None:
            said.append(f"”{anmalan.rubrik}”: {len(anmalan.poster)} att anmäla.")
    if said:
        store.save_meeting(mote)
        save_delegationsbeslut(store, andrade_beslut)
        save_motioner(store, andrade_motioner)
    return said


def registerfynd(store: StoreApi, mote: Sammantrade, organ: Organ, idag: date) -> list[Fynd]:
    """What `kallelse check` adds from the registers: delegationsbeslut reported late or
    not listed, and for fullmäktige motioner past 6 or 11 months or their year."""
    from kallelse_tui.domain.regler import Allvar

    fynd = list(
        deleg.anmalda_sent(
            mote, organ, store.meetings(organ.id), delegationsbeslut(store, organ.id)
        )
    )
    if organ.typ is OrganTyp.FULLMAKTIGE:
        moten = store.meetings(organ.id)
        for motion, frist in mot.varningar(motioner(store, organ.id), idag, moten):
            kalla = mot.KALLA_ETT_AR if motion.typ.ettarsregel else mot.KALLA_INTERPELLATION
            fynd.append(
                Fynd(
                    "motion-frist",
                    Allvar.VARNING,
                    f"{motion.typ.value.capitalize()} ”{motion.titel}” ({motion.av}, väckt "
                    f"{motion.vackt.isoformat()}): {frist.text}.",
                    kalla,
                )
            )
    return fynd
