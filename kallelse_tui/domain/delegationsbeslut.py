"""The delegationsbeslut register: decisions taken under the organ's delegationsordning,
reported (anmälda) to the organ at a meeting (KL 6 kap. 40 §).

A row is recorded when the delegat reports it; the next meeting's "Redovisning av
delegationsbeslut" ärende lists the rows not yet reported that were made at least
`Reglemente.delegation_dagar_fore` days before it (the delegationsordning's time for
reporting to the secretary); a row is reported once that meeting's protokoll is justerat.
A decision listed at a later meeting than the first it could have reached was reported
later than the delegationsordning allows: `kallelse check` says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kallelse_tui.domain.datum import kort_datum
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.listposter import Olasbar, parse_listposter
from kallelse_tui.domain.model import (
    Arende,
    ArendeTyp,
    ListPost,
    Organ,
    Sammantrade,
    SammantradeIndex,
)
from kallelse_tui.domain.radid import nytt_radid
from kallelse_tui.domain.regler import KALLOR, Allvar, Fynd
from kallelse_tui.domain.status import LASTA, Status

KIND = "delegationsbeslut"  # the store's register
RUBRIK = "Redovisning av delegationsbeslut"
# A spreadsheet's heading line ("Datum;Beslut;Delegat;Punkt;Dnr"): a column named so.
_RUBRIKRAD = re.compile(r"^(?:.*[;\t])?\s*(?:besluts)?datum\s*[;\t]\D*$", re.IGNORECASE)
# A column saying the decision can be appealed (it is then protokollfört separately).
_OVERKLAGBART = re.compile(r"^(?:överklagbart|kan överklagas|överklagningsbart)$", re.IGNORECASE)


@dataclass
class Delegationsbeslut:
    id: str
    organ_id: str
    datum: date
    delegat: str  # "Anna Berg, miljöchef"
    text: str
    punkt: str = ""  # the delegationsordning's point, "3.2"
    dnr: str = ""
    overklagbart: bool = False  # can be appealed (KL 13 kap.): then protokollfört too
    anmals_i: str = ""  # the meeting whose redovisning lists it
    anmald: date | None = None  # the day that meeting's protokoll was justerat

    @property
    def status(self) -> str:
        if self.anmald:
            return f"anmäld {self.anmald.isoformat()}"
        return "planerad" if self.anmals_i else "ej anmäld"


def nytt_id(datum: date, upptagna: Iterable[str]) -> str:
    return nytt_radid("d", datum, upptagna)


def nytt_beslut(
    organ: Organ,
    befintliga: Sequence[Delegationsbeslut],
    *,
    datum: date,
    delegat: str,
    text: str,
    punkt: str = "",
    dnr: str = "",
    overklagbart: bool = False,
) -> Delegationsbeslut:
    """A new row, checked: a text and a delegat are needed, and a decision is not recorded
    before it is made."""
    delegat, text = delegat.strip(), text.strip()
    if not text:
        raise DomainError("Delegationsbeslutet saknar text: skriv vad som beslutades.")
    if not delegat:
        raise DomainError(f"Delegationsbeslutet ”{text}” saknar delegat: ange vem som beslutade.")
    return Delegationsbeslut(
        nytt_id(datum, (b.id for b in befintliga)),
        organ.id,
        datum,
        delegat,
        text,
        punkt.strip(),
        dnr.strip(),
        overklagbart,
    )


def las_lista(
    text: str, organ: Organ, befintliga: Sequence[Delegationsbeslut]
) -> tuple[list[Delegationsbeslut], list[Olasbar]]:
    """Rows from a CSV or a pasted list, read by the list posts' column-by-shape rules
    (domain/listposter.py); a column "överklagbart" marks the row, a first line naming
    the columns is skipped. A line without a date is reported: a delegationsbeslut is
    dated."""
    rows: list[Delegationsbeslut] = []
    problems: list[Olasbar] = []
    for radnummer, line in enumerate(text.splitlines(), 1):
        if not line.strip() or (radnummer == 1 and _RUBRIKRAD.match(line)):
            continue
        posts, fel = parse_listposter(line)  # line by line: each problem keeps its number
        problems += [replace(f, rad=radnummer) for f in fel]
        for post in posts:
            if post.datum is None:
                problems.append(Olasbar(radnummer, line.strip(), "raden saknar beslutsdatum."))
                continue
            delar = [d for d in post.avsandare.split(", ") if d]
            overklagbart = any(_OVERKLAGBART.match(d) for d in delar)
            delegat = ", ".join(d for d in delar if not _OVERKLAGBART.match(d))
            upptagna = [*(b.id for b in befintliga), *(r.id for r in rows)]
            rows.append(
                Delegationsbeslut(
                    nytt_id(post.datum, upptagna),
                    organ.id,
                    post.datum,
                    delegat,
                    post.text,
                    post.delegationspunkt,
                    post.dnr,
                    overklagbart,
                )
            )
    return rows, problems


def dubbletter(
    nya: Sequence[Delegationsbeslut], befintliga: Sequence[Delegationsbeslut]
) -> list[Delegationsbeslut]:
    """The new rows the register already has (same date, Dnr and text): importing the same
    list twice must not report a decision twice."""
    kanda = {(b.datum, b.dnr, b.text.lower()) for b in befintliga}
    return [r for r in nya if (r.datum, r.dnr, r.text.lower()) in kanda]


# --- the meeting's redovisning ------------------------------------------------------------


def sista_beslutsdag(mote_datum: date, organ: Organ) -> date:
    """The last decision date the meeting's redovisning can hold."""
    return mote_datum - timedelta(days=organ.reglemente.delegation_dagar_fore)


def att_anmala(
    register: Sequence[Delegationsbeslut], mote: Sammantrade, organ: Organ
) -> list[Delegationsbeslut]:
    """The rows this meeting reports: not reported, not planned for another meeting, made
    in time for it; in date order."""
    grans = sista_beslutsdag(mote.datum, organ)
    return sorted(
        (
            r
            for r in register
            if r.organ_id == mote.organ_id
            and r.anmald is None
            and r.anmals_i in ("", mote.id)
            and r.datum <= grans
        ),
        key=lambda r: (r.datum, r.id),
    )


def _post(nummer: int, row: Delegationsbeslut) -> ListPost:
    text = f"{row.text} (överklagbart)" if row.overklagbart else row.text
    return ListPost(nummer, text, row.dnr, row.datum, row.delegat, row.punkt)


def _fran_registret(post: ListPost, rows: Iterable[Delegationsbeslut]) -> bool:
    """A line the register wrote (its date may since have been corrected there)."""
    return any(
        post.dnr == r.dnr and post.avsandare == r.delegat and post.text.startswith(r.text)
        for r in rows
    )


def fyll_redovisning(
    mote: Sammantrade, organ: Organ, register: Sequence[Delegationsbeslut]
) -> tuple[Arende, list[Delegationsbeslut]]:
    """Fill (or add) the meeting's "Redovisning av delegationsbeslut" ärende with the rows
    it reports; lines typed there by hand stay, after them. Returns the ärende and the
    register rows that changed (now planned for this meeting, or no longer)."""
    if mote.status in LASTA:
        raise DomainError(
            f"Protokollet för {mote.id} är justerat; redovisningen av delegationsbeslut "
            f"kan inte ändras."
        )
    arende = next((a for a in mote.arenden if a.typ is ArendeTyp.DELEGATIONSBESLUT), None)
    if arende is None:
        arende = Arende(mote.nytt_arende_id(), RUBRIK, ArendeTyp.DELEGATIONSBESLUT)
        mote.arenden.append(arende)
    rows = att_anmala(register, mote, organ)
    planerade = [r for r in register if r.anmals_i == mote.id]
    handskrivna = [p for p in arende.poster if not _fran_registret(p, register)]
    arende.poster = [_post(n, r) for n, r in enumerate(rows, 1)]
    arende.poster += [replace(p, nummer=n) for n, p in enumerate(handskrivna, len(rows) + 1)]
    valda = {r.id for r in rows}
    andrade = [replace(r, anmals_i=mote.id) for r in rows if r.anmals_i != mote.id]
    andrade += [replace(r, anmals_i="") for r in planerade if r.id not in valda]
    return arende, andrade


def markera_anmalda(
    register: Sequence[Delegationsbeslut], moten: dict[str, Sammantrade]
) -> list[Delegationsbeslut]:
    """The rows whose meeting (in `moten`, by id) is now justerat, marked reported on the
    justering's day."""
    andrade = []
    for r in register:
        mote = moten.get(r.anmals_i)
        if r.anmald is None and mote is not None and mote.status in LASTA:
            dag = mote.justering.datum if mote.justering and mote.justering.datum else mote.datum
            andrade.append(replace(r, anmald=dag))
    return andrade


# --- kallelse check --------------------------------------------------------------------


def anmalda_sent(
    mote: Sammantrade,
    organ: Organ,
    moten: Sequence[SammantradeIndex],
    register: Sequence[Delegationsbeslut],
) -> Iterator[Fynd]:
    """VARNING for each decision in the meeting's redovisning that an earlier meeting of
    the organ could have reported, and, before the meeting, for the rows of the register
    it should report but does not list."""
    kalla = KALLOR["delegation"].format(organ=organ.namn)
    tidigare = sorted(m.datum for m in moten if m.organ_id == organ.id and m.datum < mote.datum)
    for arende in mote.arenden:
        if arende.typ is not ArendeTyp.DELEGATIONSBESLUT:
            continue
        for post in arende.poster:
            if post.datum is None:
                continue
            borde = next((d for d in tidigare if sista_beslutsdag(d, organ) >= post.datum), None)
            if borde is not None:
                yield Fynd(
                    "delegation-anmald-sent",
                    Allvar.VARNING,
                    f"Delegationsbeslut {post.nummer} i ”{arende.rubrik}” "
                    f"({post.datum.isoformat()}, {post.text}) anmäls senare än "
                    f"delegationsordningen medger: det borde ha anmälts vid sammanträdet "
                    f"{kort_datum(borde)}.",
                    kalla,
                    arende.id,
                )
    if mote.status not in (Status.UTKAST, Status.KALLAD):
        return  # held: what it did not list waits for the next meeting
    poster = [p for a in mote.arenden if a.typ is ArendeTyp.DELEGATIONSBESLUT for p in a.poster]
    saknas = [
        r
        for r in att_anmala(register, mote, organ)
        if not any(_fran_registret(p, [r]) for p in poster)
    ]
    if saknas:
        yield Fynd(
            "delegation-ej-redovisad",
            Allvar.VARNING,
            f"{len(saknas)} delegationsbeslut i registret (det äldsta från "
            f"{saknas[0].datum.isoformat()}) ska anmälas vid sammanträdet men finns inte i "
            f"redovisningen; fyll den med kallelse delegation fyll {mote.id}.",
            kalla,
        )
