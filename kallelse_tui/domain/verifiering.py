"""Verify: is a justerat protokoll still what was justerat, is each organ's chain of
justerade protokoll whole, and does the store match the checksums published earlier?

Pure domain code: the store hands in the meetings (and the hashes of the attachments'
texts as they are now); each function returns one Swedish sentence per problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time

from kallelse_tui.domain.datum import kort_datum
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.kontrollsumma import (
    DELAR,
    anslag_hash,
    delar,
    omedelbar_hash,
    paragraf_hashar,
    protokoll_dokument,
    protokoll_hash,
    sha256,
)
from kallelse_tui.domain.model import Organ, Sammantrade
from kallelse_tui.domain.rattelse import kontrollera_rattelser
from kallelse_tui.domain.status import Status


def _nummerordning(nummer: str) -> tuple[int, str]:
    return (int(nummer), nummer) if nummer.isdigit() else (10**9, nummer)


def kontrollera_hashar(
    mote: Sammantrade, organ: Organ, texter: Mapping[str, str] | None = None
) -> list[str]:
    """One Swedish sentence per §, part of the protokoll, attachment text, anslag or
    rättelse that no longer matches its justering; [] when the meeting is untouched (or not
    justerat at all). `texter`: each attachment's extracted text's SHA-256 as it is in the
    store now (file SHA-256 → text SHA-256), compared with the frozen record."""
    problem: list[str] = []
    nu = paragraf_hashar(mote)
    justering = mote.justering
    har_hashar = justering is not None and bool(justering.protokoll_hash)
    namngivna: set[str] = set()
    if justering is not None and har_hashar:
        sparade = justering.paragraf_hashar
        for nummer in sorted(set(sparade) | set(nu), key=_nummerordning):
            var = f"{organ.kortnamn} § {nummer} i {mote.id}"
            if nummer not in nu:
                problem.append(f"{var} har tagits bort efter justeringen.")
            elif nummer not in sparade:
                problem.append(f"{var} har lagts till efter justeringen.")
            elif nu[nummer] != sparade[nummer]:
                problem.append(f"{var} har ändrats efter justeringen.")
            else:
                continue
            namngivna.add(nummer)
    for p in sorted(mote.paragrafer, key=lambda p: p.nummer):
        nummer = str(p.nummer)
        if p.omedelbar is None or nummer in namngivna:
            continue
        if omedelbar_hash(mote, p) != p.omedelbar.paragraf_hash:
            problem.append(
                f"{organ.kortnamn} § {nummer} i {mote.id} har ändrats efter den omedelbara "
                f"justeringen den {kort_datum(p.omedelbar.datum)}."
            )
    if justering is not None and har_hashar:
        if justering.version >= 2:
            problem += _kontrollera_fryst(mote, organ, texter)
        huvud = protokoll_dokument(
            mote, justering.paragraf_hashar, justering.foregaende_hash, justering.delar
        )
        if sha256(huvud) != justering.protokoll_hash:
            problem.append(
                f"{_vem(mote, organ)} har ändrats efter justeringen: uppgifterna om "
                "sammanträdet, närvaron eller justeringen stämmer inte med kontrollsumman."
            )
    elif mote.last:
        problem.append(
            f"{_vem(mote, organ)} har status ”{mote.status.value}” men saknar kontrollsummor, "
            "så det går inte att visa att det är oförändrat."
        )
    return problem + _kontrollera_status(mote, organ) + kontrollera_rattelser(mote, organ)


def _vem(mote: Sammantrade, organ: Organ) -> str:
    return f"Protokollet {mote.id} ({organ.kortnamn} {kort_datum(mote.datum)})"


def _kontrollera_fryst(
    mote: Sammantrade, organ: Organ, texter: Mapping[str, str] | None
) -> list[str]:
    """Version 2: the parts of the frozen record, and the attachments' texts in the store."""
    justering = mote.justering
    assert justering is not None
    problem = [
        f"{_vem(mote, organ)} har ändrats efter justeringen: {DELAR[namn]} stämmer inte "
        "med kontrollsumman."
        for namn, summa in delar(mote).items()
        if justering.delar.get(namn) != summa
    ]
    if justering.organ is None or justering.organ.id != mote.organ_id:
        problem.append(
            f"{_vem(mote, organ)}: det frysta organet saknas eller är ett annat organ än "
            f"”{mote.organ_id}”."
        )
    for nummer, arende in enumerate(mote.arenden, 1):
        for u in arende.beslutsunderlag:
            if not u.sha256 or texter is None:
                continue
            if texter.get(u.sha256) != justering.texter.get(u.sha256):
                paragraf = mote.paragraf_for(arende.id)
                var = f"§ {paragraf.nummer}" if paragraf else f"ärende {nummer}"
                problem.append(
                    f"{organ.kortnamn} {var} i {mote.id}: den utlästa texten till bilagan "
                    f"”{u.titel}” har ändrats eller tagits bort efter justeringen."
                )
    return problem


def _kontrollera_status(mote: Sammantrade, organ: Organ) -> list[str]:
    """A protokoll with hashes must be justerat; an anslag must fit its own hash."""
    justering = mote.justering
    if justering is None or not justering.protokoll_hash:
        return []
    problem = []
    if not mote.last:
        problem.append(
            f"{_vem(mote, organ)} har justerats men har status ”{mote.status.value}”: "
            "justeringen har tagits bort för hand."
        )
    if mote.status is Status.ANSLAGET and mote.anslag is None:
        problem.append(f"{_vem(mote, organ)} har status ”anslaget” men inget anslag.")
    anslag = mote.anslag
    if anslag is not None and (anslag.hash or justering.version >= 2):
        if anslag.hash != anslag_hash(mote):
            problem.append(
                f"Anslaget av {_vem(mote, organ).lower()} har ändrats efter att det "
                "registrerades: dagarna, förvaringsplatsen eller kontrollsumman stämmer inte."
            )
    return problem


def kedjeordning(mote: Sammantrade) -> tuple[date, date, time, str]:
    """The order justerade protokoll are expected in: by justering, then meeting date."""
    justerad = mote.justering.datum if mote.justering and mote.justering.datum else mote.datum
    return (justerad, mote.datum, mote.tid or time.min, mote.id)


def _kedja(moten: Iterable[Sammantrade], organ_id: str | None = None) -> list[Sammantrade]:
    return sorted(
        (
            m
            for m in moten
            if m.justering is not None
            and m.justering.protokoll_hash
            and (organ_id is None or m.organ_id == organ_id)
        ),
        key=kedjeordning,
    )


def kedjans_slut(moten: Iterable[Sammantrade], utom: str = "") -> str:
    """The hash a new justering links to: the protokoll_hash at the end of the chain of
    these (one organ's) meetings, "" when none is justerat with hashes yet.

    The end is the justerat protokoll no other one points to, so a protokoll justerat
    late (after a later meeting's) does not fork the chain; should the chain be broken
    and have several ends, the last by `kedjeordning` is taken."""
    kedja = [m for m in _kedja(moten) if m.id != utom]
    if not kedja:
        return ""
    pekade = {m.justering.foregaende_hash for m in kedja if m.justering}
    slut = [m for m in kedja if m.justering and m.justering.protokoll_hash not in pekade]
    sista = (slut or kedja)[-1]
    assert sista.justering is not None
    return sista.justering.protokoll_hash


def kontrollera_kedja(moten: Iterable[Sammantrade], organ: Organ) -> list[str]:
    """One Swedish sentence per link that is broken in the organ's chain of justerade
    protokoll: each one's foregaende_hash must be the hash (as recomputed now) of another
    of them, no two may point to the same one, and only one may be the first."""
    kedja = _kedja(moten, organ.id)
    nu = {protokoll_hash(m): m for m in kedja}
    sparade = {m.justering.protokoll_hash: m for m in kedja if m.justering}
    efterfoljare: dict[str, Sammantrade] = {}
    forsta: Sammantrade | None = None
    problem: list[str] = []
    vems = f"{organ.namn} ({organ.kortnamn})"
    for mote in kedja:
        assert mote.justering is not None
        lank = mote.justering.foregaende_hash
        bryts = f"Kedjan av justerade protokoll för {vems} bryts vid {mote.id}"
        if not lank:
            if forsta is None:
                forsta = mote
                continue
            problem.append(
                f"{bryts}: det anges vara organets första justerade protokoll, men "
                f"{forsta.id} är justerat före det."
            )
        elif lank in nu and nu[lank] is not mote:
            if lank in efterfoljare:
                problem.append(
                    f"{bryts}: {efterfoljare[lank].id} anger redan samma föregående "
                    f"protokoll ({nu[lank].id})."
                )
            else:
                efterfoljare[lank] = mote
        elif lank in sparade and sparade[lank] is not mote:
            problem.append(
                f"{bryts}: det föregående protokollet {sparade[lank].id} har ändrats efter "
                "att det justerades."
            )
        else:
            problem.append(
                f"{bryts}: det föregående justerade protokollet (kontrollsumma {lank[:12]}…) "
                "finns inte oförändrat i lagret; det har ändrats eller tagits bort."
            )
    return problem


# --- the chain head: what the register remembers of each organ's chain ----------------


@dataclass
class Kedjehuvud:
    """The end of an organ's chain as the register keeps it: a protokoll removed, added,
    un-justerat or rewritten with recomputed hashes no longer fits it."""

    organ_id: str
    hash: str = ""  # the protokoll_hash at the end of the chain
    antal: int = 0  # how many justerade protokoll the chain holds
    rattelser: int = 0  # how many rättelser they carry together


def kedjehuvud(moten: Iterable[Sammantrade], organ_id: str) -> Kedjehuvud:
    kedja = _kedja(moten, organ_id)
    return Kedjehuvud(
        organ_id, kedjans_slut(kedja), len(kedja), sum(len(m.rattelser) for m in kedja)
    )


def kontrollera_kedjehuvud(
    moten: Iterable[Sammantrade], organ: Organ, huvud: Kedjehuvud | None
) -> list[str]:
    """The organ's chain against the head the register keeps. A store justerat before the
    head existed (version 1 only) has none and is not blamed for it."""
    moten = list(moten)
    nu = kedjehuvud(moten, organ.id)
    vems = f"{organ.namn} ({organ.kortnamn})"
    if huvud is None:
        if any(m.justering and m.justering.version >= 2 for m in _kedja(moten, organ.id)):
            return [
                f"Registret saknar kedjehuvudet för {vems}, som har justerade protokoll: "
                "det har tagits bort ur register.json."
            ]
        return []
    if _ett_steg_efter(_kedja(moten, organ.id), nu, huvud):
        return []
    problem = []
    if nu.antal != huvud.antal:
        problem.append(
            f"Registret anger att {vems} har {huvud.antal} justerade protokoll, men lagret har "
            f"{nu.antal}: ett protokoll har tagits bort, lagts till eller fått sin justering "
            "borttagen för hand."
        )
    elif nu.hash != huvud.hash:
        problem.append(
            f"Det senast justerade protokollet för {vems} är inte det som registret anger "
            f"(kontrollsumma {huvud.hash[:12]}…): det har ändrats, bytts ut eller flyttats i "
            "kedjan."
        )
    if nu.rattelser != huvud.rattelser:
        problem.append(
            f"Registret anger {huvud.rattelser} rättelser i protokollen för {vems}, men lagret "
            f"har {nu.rattelser}: en rättelse har tagits bort eller lagts till för hand."
        )
    return problem


def _ett_steg_efter(kedja: list[Sammantrade], nu: Kedjehuvud, huvud: Kedjehuvud) -> bool:
    """A justering or a rättelse saves the meeting first, then the head: a crash between
    leaves the head one step behind. That one step (a protokoll linked to the head's, or one
    more rättelse) is what the app itself writes, so it is no sign of tampering."""
    if nu.antal == huvud.antal + 1 and nu.rattelser == huvud.rattelser:
        slut = [m for m in kedja if m.justering and m.justering.protokoll_hash == nu.hash]
        return (
            bool(slut)
            and slut[0].justering is not None
            and (slut[0].justering.foregaende_hash == huvud.hash)
        )
    return (nu.antal, nu.hash, nu.rattelser) == (huvud.antal, huvud.hash, huvud.rattelser + 1)


# --- the published checksums --------------------------------------------------------------

LISTFORMAT = "kallelse-kontrollsummor/1"
LISTHUVUD = (
    f"# {LISTFORMAT}: kontrollsummor för justerade protokoll\n"
    "# organ-id sammanträdes-id sammanträdesdatum sha256\n"
)


@dataclass(frozen=True)
class Publicerad:
    """One line of a published list: a justerat protokoll and its checksum."""

    rad: int
    organ_id: str
    sammantrade_id: str
    datum: date
    hash: str


def kontrollsummelista(moten: Iterable[Sammantrade]) -> str:
    """The list to publish (e.g. on the anslagstavla): one line per justerat protokoll,
    "organ-id sammanträdes-id sammanträdesdatum sha256", in chain order; '#' starts a
    comment. `kallelse verify --mot` reads it back."""
    rader = [
        f"{m.organ_id} {m.id} {m.datum.isoformat()} {m.justering.protokoll_hash}\n"
        for m in _kedja(moten)
        if m.justering is not None
    ]
    return LISTHUVUD + "".join(rader)


def las_kontrollsummelista(text: str, fil: str) -> list[Publicerad]:
    """Parse a published list; a line that does not fit is a DomainError naming it."""
    rader = []
    for nr, rad in enumerate(text.splitlines(), 1):
        delar_ = rad.split("#", 1)[0].split()
        if not delar_:
            continue
        fel = f"Rad {nr} i {fil} ska vara ”organ-id sammanträdes-id datum sha256”"
        if len(delar_) != 4:
            raise DomainError(f"{fel}, men har {len(delar_)} fält.")
        organ_id, mote_id, dag, summa = delar_
        try:
            datum = date.fromisoformat(dag)
        except ValueError:
            raise DomainError(f"{fel}; ”{dag}” är inget datum (ÅÅÅÅ-MM-DD).") from None
        if len(summa) != 64 or set(summa) - set("0123456789abcdef"):
            raise DomainError(f"{fel}; ”{summa}” är ingen SHA-256 (64 tecken 0–9, a–f).")
        rader.append(Publicerad(nr, organ_id, mote_id, datum, summa))
    return rader


def jamfor_med_lista(
    publicerade: Iterable[Publicerad], moten: Mapping[str, Sammantrade], fil: str
) -> list[str]:
    """One sentence per published protokoll the store no longer holds as published: gone,
    not justerat, another organ or date, or another checksum (stored or recomputed)."""
    problem = []
    for p in publicerade:
        var = f"{fil} rad {p.rad}: protokollet {p.sammantrade_id}"
        mote = moten.get(p.sammantrade_id)
        justering = mote.justering if mote is not None else None
        if mote is None:
            problem.append(f"{var} finns inte i lagret.")
        elif justering is None or not justering.protokoll_hash:
            problem.append(f"{var} är inte justerat i lagret (status ”{mote.status.value}”).")
        elif mote.organ_id != p.organ_id or mote.datum != p.datum:
            problem.append(
                f"{var} hör i lagret till {mote.organ_id} {mote.datum.isoformat()}, men "
                f"publicerades för {p.organ_id} {p.datum.isoformat()}."
            )
        elif p.hash != justering.protokoll_hash or p.hash != protokoll_hash(mote):
            problem.append(
                f"{var} har inte den publicerade kontrollsumman {p.hash[:12]}…: det har "
                "ändrats efter att summan publicerades."
            )
    return problem
