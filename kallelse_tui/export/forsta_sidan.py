"""The protokoll's first page and the state every page states, as data for protokoll_data:
plats och tid (start–end, ajourneringar), beslutande with tjänstgörande ersättare (for
whom), övriga närvarande (each person once), who is elected to justera (never the chair,
who signs as ordförande), the signatures, the ANSLAG/BEVIS box, and "Ej justerat" /
"Justerat 2026-10-23" for the header of every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kallelse_tui.domain.datum import lang_datum
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import NarvaroTyp, Organ, Paragraf, Roll, Sammantrade
from kallelse_tui.domain.motestider import tid_text
from kallelse_tui.domain.narvaro import TJANSTGORANDE_TYPER, Tjanstgoring, tjanstgorande
from kallelse_tui.domain.paragrafer import namn, ordforande

EJ_JUSTERAT = "Ej justerat"
ANSLAG_BEVIS = "ANSLAG/BEVIS"
ANSLAG_INTYG = "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."
_ROLLER_SOM_VISAS = (Roll.ORDFORANDE, Roll.VICE_1, Roll.VICE_2)


def och(delar: Sequence[str]) -> str:
    """'A', 'A och B', 'A, B och C'."""
    if len(delar) <= 1:
        return "".join(delar)
    return ", ".join(delar[:-1]) + " och " + delar[-1]


def plats_och_tid(mote: Sammantrade) -> str:
    """'Kommunhuset, Sessionssalen, måndagen den 19 oktober 2026 kl 09:00–11:45,
    ajournering 10:15–10:30'."""
    tid = " ".join(filter(None, (lang_datum(mote.datum), tid_text(mote))))
    return f"{mote.plats.strip()}, {tid}" if mote.plats.strip() else tid


# -- who was there ---------------------------------------------------------------------


def _person(namn_: str, roll: str = "", noter: Sequence[str] = ()) -> dict[str, Any]:
    return {"namn": namn_, "roll": roll, "noter": list(noter)}


def narvaro(mote: Sammantrade, organ: Organ, public: bool) -> dict[str, Any]:
    """Beslutande (ledamöter and tjänstgörande ersättare), närvarande ersättare and övriga,
    with the changes during the meeting: a span from the närvaro list ("Lämnar
    sammanträdet efter § 175", "Tjänstgör från § 176") and jäv at single §§. Each person
    is listed once: an ersättare who served at some § is not also a närvarande ersättare,
    and an övrig närvarande already named above is left out."""
    nummer = sorted(p.nummer for p in mote.paragrafer)
    vid: dict[int | None, list[Tjanstgoring]] = {n: tjanstgorande(mote, n) for n in nummer}
    if not vid:
        vid[None] = tjanstgorande(mote)
    poster = {p.ledamot_id: p for p in mote.narvaro}
    hemliga = {
        p.nummer
        for p in mote.paragrafer
        if public and any(a.id == p.arende_id and a.sekretess for a in mote.arenden)
    }
    javiga = {(j.ledamot_id, p.nummer) for p in mote.paragrafer for j in p.jav}

    # Everyone who served at some §, in närvaro order; stand-ins for a jävig member after.
    ersatter: dict[str, list[str]] = {
        p.ledamot_id: [] for p in mote.narvaro if p.typ in TJANSTGORANDE_TYPER
    }
    for tjanstgoringar in vid.values():
        for t in tjanstgoringar:
            lista = ersatter.setdefault(t.ledamot_id, [])
            if t.ersatter and t.ersatter not in lista:
                lista.append(t.ersatter)

    def noter(ledamot_id: str) -> list[str]:
        post = poster.get(ledamot_id)
        texter: list[str] = []
        if post is not None and post.typ in TJANSTGORANDE_TYPER:
            if post.fran_paragraf is not None:
                texter.append(f"Tjänstgör från § {post.fran_paragraf}")
            if post.till_paragraf is not None:
                texter.append(f"Lämnar sammanträdet efter § {post.till_paragraf}")
        else:  # serves only in place of a jävig member
            texter += _tjanstgor_ocksa(ledamot_id, vid)
        for n in nummer:
            if (ledamot_id, n) in javiga:
                orsak = "" if n in hemliga else " på grund av jäv"
                texter.append(f"Deltar inte i § {n}{orsak}")
        return texter

    ledamoter, ersattare = [], []
    for ledamot_id, for_vem in ersatter.items():
        post = poster.get(ledamot_id)
        if for_vem or post is None or post.typ is NarvaroTyp.ERSATTARE_TJANSTGOR:
            roll = "ersätter " + ", ".join(namn(organ, x) for x in for_vem) if for_vem else ""
            ersattare.append(_person(namn(organ, ledamot_id), roll, noter(ledamot_id)))
        else:
            ledamoter.append(
                _person(namn(organ, ledamot_id), _roll(organ, ledamot_id), noter(ledamot_id))
            )
    narvarande_ids = [
        p.ledamot_id
        for p in mote.narvaro
        if p.typ is NarvaroTyp.NARVARANDE_ERSATTARE and p.ledamot_id not in ersatter
    ]
    narvarande = [_person(namn(organ, i)) for i in narvarande_ids]
    return {
        "ledamoter": ledamoter,
        "ersattare": ersattare,
        "narvarande_ersattare": narvarande,
        "ovriga": _ovriga(mote, organ, [*ersatter, *narvarande_ids]),
    }


def _ovriga(mote: Sammantrade, organ: Organ, listade: Sequence[str]) -> list[dict[str, str]]:
    """Övriga närvarande without anyone listed already (as a member, or twice here)."""
    sett = {_nyckel(m.namn) for m in organ.ledamoter if m.id in set(listade)}
    ovriga = []
    for o in mote.ovriga_narvarande:
        nyckel = _nyckel(o.namn)
        if nyckel and nyckel not in sett:
            sett.add(nyckel)
            ovriga.append({"namn": o.namn, "titel": o.titel})
    return ovriga


def _nyckel(namn_: str) -> str:
    return " ".join(namn_.split()).casefold()


def _i(ledamot_id: str, tjanstgoringar: list[Tjanstgoring]) -> bool:
    return any(t.ledamot_id == ledamot_id for t in tjanstgoringar)


def _tjanstgor_ocksa(ledamot_id: str, vid: dict[int | None, list[Tjanstgoring]]) -> list[str]:
    """A närvarande ersättare who stepped in for a jävig member: 'Tjänstgör § 179'."""
    served = [n for n, ts in vid.items() if n is not None and _i(ledamot_id, ts)]
    if not served:
        return []
    return [f"Tjänstgör {_lista(served)}"]


def _lista(nummer: list[int]) -> str:
    """'§ 179', '§§ 177, 179': each § named, for the few a stand-in serves at."""
    if len(nummer) == 1:
        return f"§ {nummer[0]}"
    return "§§ " + och([str(n) for n in nummer])


def _roll(organ: Organ, ledamot_id: str) -> str:
    try:
        roll = organ.ledamot(ledamot_id).roll
    except DomainError:
        return ""
    return roll.value if roll in _ROLLER_SOM_VISAS else ""


# -- who signs -------------------------------------------------------------------------


def sekreterare(mote: Sammantrade, organ: Organ) -> tuple[str, str]:
    """The secretary who signs (name, title): a signatory titled '…sekreterare', else
    one present; ("", "") when none is recorded."""
    kandidater = [
        *((u.namn, u.titel) for u in mote.undertecknare),
        *((o.namn, o.titel) for o in mote.ovriga_narvarande),
        *((u.namn, u.titel) for u in organ.undertecknare),
    ]
    hittad = next(((n, t) for n, t in kandidater if "sekreterare" in t.lower()), ("", ""))
    return hittad[0], hittad[1][:1].upper() + hittad[1][1:]


def _namn(mote: Sammantrade, organ: Organ, ledamot_id: str) -> str:
    """The name as justerat (the register may have changed since), else as registered."""
    frysta = mote.justering.namn if mote.justering else {}
    return frysta.get(ledamot_id) or namn(organ, ledamot_id)


def justerare_ids(mote: Sammantrade, organ: Organ) -> list[str]:
    """Those elected to justera: the ordförande signs as such, never as justerare."""
    ordf = ordforande(organ, mote)
    return [j for j in (mote.justering.justerare if mote.justering else []) if j != ordf]


def utses_att_justera(mote: Sammantrade, organ: Organ) -> list[str]:
    return [_namn(mote, organ, j) for j in justerare_ids(mote, organ)]


def underskrifter(mote: Sammantrade, organ: Organ, spann: str) -> list[dict[str, str]]:
    """Sekreterare (with the §§ signed), ordförande and each justerande; one empty
    justerande line when none is elected yet."""
    ordf = ordforande(organ, mote)
    rader = [
        {"roll": "Sekreterare", "namn": sekreterare(mote, organ)[0], "not": spann},
        {"roll": "Ordförande", "namn": _namn(mote, organ, ordf) if ordf else "", "not": ""},
    ]
    for j in justerare_ids(mote, organ) or [""]:
        rader.append({"roll": "Justerande", "namn": _namn(mote, organ, j) if j else "", "not": ""})
    return rader


def omedelbar_justering(
    paragraf: Paragraf, mote: Sammantrade, organ: Organ
) -> dict[str, Any] | None:
    """'Paragrafen förklaras omedelbart justerad' with its date and the lines where the
    ordförande and the justerare sign, printed directly under the §."""
    if not paragraf.omedelbar_justering and paragraf.omedelbar is None:
        return None
    record = paragraf.omedelbar
    ordf = ordforande(organ, mote)
    valda = record.justerare if record is not None else justerare_ids(mote, organ)
    rader = [{"roll": "Ordförande", "namn": _namn(mote, organ, ordf) if ordf else ""}]
    for j in [j for j in valda if j != ordf] or [""]:
        rader.append({"roll": "Justerande", "namn": _namn(mote, organ, j) if j else ""})
    return {
        "text": "Paragrafen förklaras omedelbart justerad.",
        "datum": record.datum.isoformat() if record is not None else "",
        "underskrifter": rader,
    }


# -- the state, on every page ----------------------------------------------------------


def tillstand(mote: Sammantrade, organ: Organ, valda: Sequence[Paragraf]) -> dict[str, str]:
    """The state: "Ej justerat", or "Justerat 2026-10-23" and by whom. An utdrag of §§
    justerade at the meeting, in a protokoll not yet justerat, says so with the latest
    such date."""
    justering = mote.justering
    if mote.last and justering is not None:
        ordf = ordforande(organ, mote)
        vem = [_namn(mote, organ, i) for i in ([ordf] if ordf else []) + justerare_ids(mote, organ)]
        datum = f" {justering.datum.isoformat()}" if justering.datum else ""
        return {"text": f"Justerat{datum}", "av": f"av {och(vem)}" if vem else ""}
    omedelbara = [p.omedelbar for p in valda if p.omedelbar is not None]
    if valda and len(omedelbara) == len(valda):
        senast = max(o.datum for o in omedelbara).isoformat()
        ids = list(dict.fromkeys(j for o in omedelbara for j in o.justerare))
        vem = [_namn(mote, organ, i) for i in ids]
        return {"text": f"Omedelbart justerat {senast}", "av": f"av {och(vem)}" if vem else ""}
    return {"text": EJ_JUSTERAT, "av": ""}


def anslagsbevis(mote: Sammantrade, organ: Organ) -> dict[str, Any]:
    """The ANSLAG/BEVIS box: filled from the registered anslag, empty lines before; signed
    by the official the organ register names (else the secretary)."""
    anslag = mote.anslag
    rader = [
        ("Organ", organ.namn),
        ("Sammanträdesdatum", mote.datum.isoformat()),
        ("Datum då anslaget sätts upp", anslag.uppsatt.isoformat() if anslag else ""),
        (
            "Datum då anslaget tas ned",
            anslag.nedtas.isoformat() if anslag and anslag.nedtas else "",
        ),
        ("Förvaringsplats för protokollet", anslag.forvaringsplats.strip() if anslag else ""),
    ]
    return {
        "rubrik": ANSLAG_BEVIS,
        "intyg": ANSLAG_INTYG,
        "rader": [{"etikett": e, "varde": v} for e, v in rader],
        "underskrift": organ.anslag_av.strip() or sekreterare(mote, organ)[0],
    }
