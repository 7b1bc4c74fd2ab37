"""The rules engine: what `kallelse check` and the live warnings report for a meeting.

Each rule is a small function `(mote, organ, idag) -> Iterable[Fynd]`; a stage's rules are
listed in a tuple (`KALLELSE_REGLER`) so later stages (justering, anslag) add their own
functions and tuples without touching these. Every finding cites its source from `KALLOR`,
the one place where a citation is corrected.

Severities: FEL means a rule is broken and `kallelse check` exits 1; VARNING is worth a
look but may be right (a meeting on a Saturday, two items sharing a Dnr, a missing
handläggare).

Deadlines count whole calendar days: a kallelse sent 7 days before the meeting meets a
7-day rule. A date on a weekend or holiday is reported, never moved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kallelse_tui.domain.beslutsgang import huvudalternativ, motforslag
from kallelse_tui.domain.datum import helgdag, kort_datum, veckodag
from kallelse_tui.domain.dnr import EXEMPEL, Dnr
from kallelse_tui.domain.model import (
    AnteckningTyp,
    Arende,
    ArendeTyp,
    Omrostning,
    Organ,
    OrganTyp,
    Paragraf,
    Rost,
    Sammantrade,
)
from kallelse_tui.domain.narvaro import (
    TJANSTGORANDE_TYPER,
    beslutforhet,
    inom,
    jav_vid,
    kontrollera_narvaro,
    tjanstgorande_ids,
)
from kallelse_tui.domain.paragrafer import FORMELLA, kan_rosta, namn, ordforande, rakna
from kallelse_tui.domain.status import Status
from kallelse_tui.domain.tidsfrister import nedtagning, overklagande_sista_dag, sista_anslagsdag


class Allvar(StrEnum):
    FEL = "fel"  # a rule is broken → `kallelse check` exits 1
    VARNING = "varning"  # worth a look, not a broken rule


@dataclass(frozen=True)
class Fynd:
    regel: str  # stable id, e.g. "kallelse-sen"
    allvar: Allvar
    meddelande: str  # one Swedish sentence naming what and where
    kalla: str  # the rule's source, from KALLOR
    arende_id: str | None = None


# Every citation the rules use; "{organ}" is replaced by the organ's name. Section numbers
# follow DESIGN.md §2 ("as commonly cited"): correct them here and nowhere else.
KALLOR: dict[str, str] = {
    "kommunallagen-kallelse": "Kommunallagen (2017:725) 5 kap.",
    "tid-och-plats": "Kommunallagen (2017:725) 5 kap. 12 §",
    "reglemente": "Reglementet för {organ}",
    "arbetsordning": "Arbetsordningen för {organ}",
    "helgdagar": "Lagen (1989:253) om allmänna helgdagar",
    "diarieforing": "Offentlighets- och sekretesslagen (2009:400) 5 kap. 1 §",
    "delegation": "Kommunallagen (2017:725) 6 kap. 40 § och delegationsordningen för {organ}",
    "beslutforhet": "Kommunallagen (2017:725) 5 kap. 57 § och 6 kap. 27 §",
    "omrostning": "Kommunallagen (2017:725) 5 kap. 55–59 §§ och 6 kap. 33 §",
    "jav": "Kommunallagen (2017:725) 6 kap. 28–32 §§",
    "reservation": "Kommunallagen (2017:725) 4 kap. 27 §",
    "protokoll": "Kommunallagen (2017:725) 5 kap. 67 § och 6 kap. 35 §",
    "justering": "Kommunallagen (2017:725) 5 kap. 69 §",
    "anslag": "Kommunallagen (2017:725) 8 kap. 12 §",
    "laglighetsprovning": "Kommunallagen (2017:725) 13 kap. 5 §",
    "sekretess": "Offentlighets- och sekretesslagen (2009:400)",
}

# Kommunallagen's minimum for fullmäktige; an arbetsordning may ask for more, never less.
KALLELSE_DAGAR_FULLMAKTIGE = 7
# A draft is only worth a reminder when its last day to send is this close.
PAMINNELSE_DAGAR = 3
# Kommunallagen's longest time to justera; a reglemente may ask for less, never more.
JUSTERING_DAGAR_LAG = 14

KRAVER_DNR = frozenset({ArendeTyp.BESLUT, ArendeTyp.MOTION, ArendeTyp.VAL})
KRAVER_BEREDNING = frozenset({ArendeTyp.BESLUT, ArendeTyp.MOTION})

Regel = Callable[[Sammantrade, Organ, date], Iterable[Fynd]]


def _kalla(nyckel: str, organ: Organ) -> str:
    return KALLOR[nyckel].format(organ=organ.namn)


def _ordning(organ: Organ) -> str:
    """The organ's own rules: fullmäktige has an arbetsordning, the others a reglemente."""
    nyckel = "arbetsordning" if organ.typ is OrganTyp.FULLMAKTIGE else "reglemente"
    return _kalla(nyckel, organ)


def _dagar(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagar"


def _dag(dag: date) -> str:
    """'söndag 2026-10-25', with the holiday's name when it is one."""
    text = f"{veckodag(dag)} {dag.isoformat()}"
    ledig = helgdag(dag)
    return f"{text} ({ledig})" if ledig and ledig != veckodag(dag) else text


def _nar(kvar: int) -> str:
    return {0: "i dag", 1: "i morgon"}.get(kvar, f"om {_dagar(kvar)}")


def _numrerade(mote: Sammantrade) -> Iterator[tuple[int, Arende]]:
    """Items with their agenda number, which is their place in the ärendelista."""
    return enumerate(mote.arenden, 1)


def _arende(nummer: int, arende: Arende) -> str:
    return f"Ärende {nummer} ”{arende.rubrik}”"


# --- kallelse in time -------------------------------------------------------------------


def _kallelseperiod(organ: Organ) -> tuple[int, str]:
    """Days the kallelse must go out before the meeting, and the source of that number."""
    dagar = organ.reglemente.kallelse_dagar
    if organ.typ is OrganTyp.FULLMAKTIGE and dagar <= KALLELSE_DAGAR_FULLMAKTIGE:
        return KALLELSE_DAGAR_FULLMAKTIGE, _kalla("kommunallagen-kallelse", organ)
    return dagar, _ordning(organ)


def _fore_mote(dagar: int) -> str:
    if dagar < 0:
        return "efter sammanträdet"
    if dagar == 0:
        return "samma dag som sammanträdet"
    return f"{_dagar(dagar)} före sammanträdet"


def kallelse_i_tid(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """The kallelse must go out at least the organ's period before the meeting.

    Sent (`kallad_datum` set): FEL when it went out too late. Not sent and still utkast:
    FEL once the last day has passed (the meeting can no longer be called in time),
    a VARNING reminder when at most PAMINNELSE_DAGAR days remain, and nothing before
    that, so a draft months ahead does not clutter every check. Other statuses without a
    sent date (data from before the date was recorded) are not guessed at.
    """
    period, kalla = _kallelseperiod(organ)
    sista = mote.datum - timedelta(days=period)
    krav = f"{organ.namn} ska kallas minst {_dagar(period)} före sammanträdet"
    if mote.kallad_datum is not None:
        if mote.kallad_datum > sista:
            fore = _fore_mote((mote.datum - mote.kallad_datum).days)
            yield Fynd(
                "kallelse-sen",
                Allvar.FEL,
                f"Kallelsen skickades {mote.kallad_datum.isoformat()}, {fore}; "
                f"{krav}, senast {sista.isoformat()}.",
                kalla,
            )
        return
    if mote.status is not Status.UTKAST:
        return
    kvar = (sista - idag).days
    if kvar < 0:
        yield Fynd(
            "kallelse-sen",
            Allvar.FEL,
            f"Kallelsen är inte skickad och sista dag var {sista.isoformat()}; "
            f"det är för sent, eftersom {krav}.",
            kalla,
        )
    elif kvar <= PAMINNELSE_DAGAR:
        yield Fynd(
            "kallelse-sen",
            Allvar.VARNING,
            f"Kallelsen är inte skickad; sista dag att skicka den är {_dag(sista)}, {_nar(kvar)}.",
            kalla,
        )


# --- meeting day ------------------------------------------------------------------------


def motesdag(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """A meeting on a weekend or a holiday is allowed but usually a mistake: VARNING."""
    namn = helgdag(mote.datum)
    if namn is None:
        return
    dag = veckodag(mote.datum)
    if namn == dag:
        text = f"är en {dag}"
    elif mote.datum.weekday() >= 5:
        text = f"infaller på {namn}, en {dag}"
    else:
        text = f"infaller på {namn}"
    yield Fynd(
        "helgdag",
        Allvar.VARNING,
        f"Sammanträdet den {kort_datum(mote.datum)} {text}.",
        _kalla("helgdagar", organ),
    )


def tid_och_plats(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """A kallelse says when and where the meeting is: without the time or the place a draft
    gets a VARNING, a kallelse already sent a FEL (fullmäktige by law, others by their
    reglemente)."""
    saknas = [
        namn
        for namn, varde in (("klockslag", mote.tid), ("plats", mote.plats.strip()))
        if not varde
    ]
    if not saknas:
        return
    skickad = mote.kallad_datum is not None or mote.status is not Status.UTKAST
    if organ.typ is OrganTyp.FULLMAKTIGE:
        kalla = _kalla("tid-och-plats", organ)
    else:
        kalla = _ordning(organ)
    vad = " och ".join(saknas)
    yield Fynd(
        "tid-plats-saknas",
        Allvar.FEL if skickad else Allvar.VARNING,
        f"Sammanträdet den {kort_datum(mote.datum)} saknar {vad}"
        + ("; kallelsen är redan skickad." if skickad else "; ange det innan kallelsen skickas."),
        kalla,
    )


# --- Dnr --------------------------------------------------------------------------------


def dnr_finns_och_gar_att_lasa(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """Beslutsärenden, motioner and val are diarieförda and need their Dnr (FEL); any Dnr
    that is filled in must be readable, whatever the item (FEL), since handlingar are
    matched to items by Dnr."""
    kalla = _kalla("diarieforing", organ)
    for nummer, arende in _numrerade(mote):
        text = arende.dnr.strip()
        if not text:
            if arende.typ in KRAVER_DNR:
                yield Fynd(
                    "dnr-saknas",
                    Allvar.FEL,
                    f"{_arende(nummer, arende)} saknar Dnr.",
                    kalla,
                    arende.id,
                )
        elif arende.dnr_tolkat is None:
            yield Fynd(
                "dnr-ogiltigt",
                Allvar.FEL,
                f"{_arende(nummer, arende)} har Dnr ”{text}” som inte går att läsa; "
                f"skriv t.ex. {EXEMPEL}.",
                kalla,
                arende.id,
            )


def dnr_unika(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """Two items with the same Dnr (by normalised key) are often a typo, sometimes one
    ärende in two parts: VARNING on the later item, naming the first."""
    forsta: dict[str, tuple[int, Arende, Dnr]] = {}
    for nummer, arende in _numrerade(mote):
        dnr = arende.dnr_tolkat
        if dnr is None:
            continue
        if dnr.nyckel not in forsta:
            forsta[dnr.nyckel] = (nummer, arende, dnr)
            continue
        tidigare_nummer, tidigare, tidigare_dnr = forsta[dnr.nyckel]
        if dnr.serie and tidigare_dnr.serie and dnr.serie != tidigare_dnr.serie:
            continue  # "KS 2020/434" and "SBN 2020/434" are different diarier
        yield Fynd(
            "dnr-dubblett",
            Allvar.VARNING,
            f"{_arende(nummer, arende)} har samma Dnr ({dnr.original}) som "
            f"ärende {tidigare_nummer} ”{tidigare.rubrik}” ({tidigare_dnr.original}).",
            _kalla("diarieforing", organ),
            arende.id,
        )


# --- beredning --------------------------------------------------------------------------


def beredning(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """A beslutsärende or motion is normally beredd: a handläggare to ask and a förslag
    till beslut to decide on. Missing either is a VARNING (an item may be prepared
    orally or by the ordförande)."""
    kalla = _ordning(organ)
    for nummer, arende in _numrerade(mote):
        if arende.typ not in KRAVER_BEREDNING:
            continue
        if arende.handlaggare is None or not arende.handlaggare.namn.strip():
            yield Fynd(
                "handlaggare-saknas",
                Allvar.VARNING,
                f"{_arende(nummer, arende)} saknar handläggare.",
                kalla,
                arende.id,
            )
        if not any(p.strip() for f in arende.forslag for p in f.punkter):
            yield Fynd(
                "forslag-saknas",
                Allvar.VARNING,
                f"{_arende(nummer, arende)} saknar förslag till beslut.",
                kalla,
                arende.id,
            )


# --- delegationsbeslut ------------------------------------------------------------------


def delegationsbeslut_i_tid(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """Each delegationsbeslut listed for the meeting must have been made at least
    `delegation_dagar_fore` days before it, or it could not be reported to the secretary
    in time under the delegationsordning: VARNING per line. Lines without a date are
    skipped."""
    grans = organ.reglemente.delegation_dagar_fore
    for nummer, arende in _numrerade(mote):
        if arende.typ is not ArendeTyp.DELEGATIONSBESLUT:
            continue
        for post in arende.poster:
            if post.datum is None or (mote.datum - post.datum).days >= grans:
                continue
            if post.datum > mote.datum:
                nar = "är daterat efter sammanträdet"
            else:
                nar = f"fattades mindre än {_dagar(grans)} före sammanträdet"
            yield Fynd(
                "delegation-sen",
                Allvar.VARNING,
                f"{_arende(nummer, arende)}: delegationsbeslut {post.nummer} "
                f"({post.datum.isoformat()}) {nar} och hann inte anmälas enligt "
                "delegationsordningen.",
                _kalla("delegation", organ),
                arende.id,
            )


def sekretess_redo_att_publicera(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """A sekretess-marked ärende is published under a neutral title the secretary writes
    and with the OSL paragraph it is secret under; either missing is a VARNING (the public
    version then says only "Ärende som omfattas av sekretess" or "Sekretess enligt OSL")."""
    kalla = _kalla("sekretess", organ)
    for nummer, arende in _numrerade(mote):
        if not arende.sekretess:
            continue
        if not arende.publik_titel.strip():
            yield Fynd(
                "sekretess-publik-rubrik",
                Allvar.VARNING,
                f"{_arende(nummer, arende)} är sekretessmarkerat men saknar rubrik för den "
                "publika versionen.",
                kalla,
                arende.id,
            )
        if not any(c.isdigit() for c in arende.osl):
            yield Fynd(
                "sekretess-osl",
                Allvar.VARNING,
                f"{_arende(nummer, arende)} är sekretessmarkerat men anger inte enligt vilken "
                "paragraf i OSL, t.ex. 29 kap. 1 §.",
                kalla,
                arende.id,
            )


KALLELSE_REGLER: tuple[Regel, ...] = (
    kallelse_i_tid,
    motesdag,
    tid_och_plats,
    dnr_finns_och_gar_att_lasa,
    dnr_unika,
    beredning,
    delegationsbeslut_i_tid,
    sekretess_redo_att_publicera,
)


def kontrollera_kallelse(mote: Sammantrade, organ: Organ, idag: date) -> list[Fynd]:
    """All findings of the kallelse stage, in the order of KALLELSE_REGLER."""
    return [fynd for regel in KALLELSE_REGLER for fynd in regel(mote, organ, idag)]


# --- the protokoll ------------------------------------------------------------------------


def _paragrafer(mote: Sammantrade) -> Iterator[tuple[Paragraf, str]]:
    """Each § with how findings name it: 'KS § 176 ”Internbudget 2027”'."""
    rubriker = {a.id: a.rubrik for a in mote.arenden}
    for paragraf in mote.paragrafer:
        yield paragraf, f"§ {paragraf.nummer} ”{rubriker.get(paragraf.arende_id, '?')}”"


def narvaro_stammer(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    for problem in kontrollera_narvaro(mote, organ):
        yield Fynd("narvaro", Allvar.FEL, problem, _kalla("protokoll", organ))


def beslutfor_vid_varje_paragraf(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """More than half of the ledamöter must serve at every § (FEL where they do not)."""
    if not mote.narvaro:
        if mote.paragrafer:
            yield Fynd(
                "narvaro-saknas",
                Allvar.FEL,
                "Närvaron är inte antecknad, så det går inte att se att sammanträdet var "
                "beslutfört.",
                _kalla("beslutforhet", organ),
            )
        return
    for paragraf, vad in _paragrafer(mote):
        b = beslutforhet(mote, organ, paragraf.nummer)
        if not b.beslutfor:
            yield Fynd(
                "beslutforhet",
                Allvar.FEL,
                f"{vad}: bara {b.tjanstgorande} av {b.ledamoter} ledamöter tjänstgör; "
                f"{organ.namn} är beslutför med minst {b.kravs}.",
                _kalla("beslutforhet", organ),
                paragraf.arende_id,
            )


def _voteringar(mote: Sammantrade) -> Iterator[tuple[Paragraf, Omrostning, str]]:
    """Each votering held: the huvudvotering and the one about the motförslag."""
    for paragraf, vad in _paragrafer(mote):
        if paragraf.motforslagsvotering is not None:
            vad_mf = f"{vad} (omröstningen om motförslaget)"
            yield paragraf, paragraf.motforslagsvotering, vad_mf
        if paragraf.omrostning is not None:
            yield paragraf, paragraf.omrostning, vad


def omrostning_gar_ihop(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """Votes only from those serving at the §, never from a jävig member; every voter
    counted; a tie needs the chair's casting vote. The same for the votering that picks
    the motförslag (kontrapropositionsvotering)."""
    for paragraf, omr, vad in _voteringar(mote):
        javiga = {javig for javig, _ in jav_vid(mote, paragraf.nummer)}
        serving = tjanstgorande_ids(mote, paragraf.nummer)
        for ledamot_id in omr.roster:
            if ledamot_id in javiga:
                yield Fynd(
                    "jav-rostar",
                    Allvar.FEL,
                    f"{vad}: {namn(organ, ledamot_id)} är jävig men har en röst i omröstningen.",
                    _kalla("jav", organ),
                    paragraf.arende_id,
                )
            elif ledamot_id not in serving:
                yield Fynd(
                    "rost-ej-tjanstgorande",
                    Allvar.FEL,
                    f"{vad}: {namn(organ, ledamot_id)} har en röst men tjänstgör inte vid "
                    "paragrafen.",
                    _kalla("omrostning", organ),
                    paragraf.arende_id,
                )
        saknas = kan_rosta(mote, paragraf.nummer) - set(omr.roster)
        if saknas and mote.narvaro:
            vem = ", ".join(sorted(namn(organ, i) for i in saknas))
            yield Fynd(
                "rost-saknas",
                Allvar.FEL,
                f"{vad}: omröstningen har {len(omr.roster)} röster men "
                f"{len(omr.roster) + len(saknas)} tjänstgör; röst saknas för {vem}.",
                _kalla("omrostning", organ),
                paragraf.arende_id,
            )
        if rakna(omr, ordforande(organ, mote)).vinnare is None:
            yield Fynd(
                "omrostning-oavgjord",
                Allvar.FEL,
                f"{vad}: omröstningen slutar lika och ordförandens utslagsröst är inte antecknad.",
                _kalla("omrostning", organ),
                paragraf.arende_id,
            )


def reservation_fran_deltagare(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """Only those who took part in the decision may reserve themselves, and after an
    omröstning only those who voted against it; the written motivation must come before
    justering (VARNING while it is missing)."""
    for paragraf, vad in _paragrafer(mote):
        deltog = kan_rosta(mote, paragraf.nummer) if mote.narvaro else None
        omr = paragraf.omrostning
        vann = rakna(omr, ordforande(organ, mote)).sida if omr else None
        for anteckning in paragraf.anteckningar:
            if anteckning.typ is not AnteckningTyp.RESERVATION:
                continue
            for ledamot_id in anteckning.ledamot_ids:
                if deltog is not None and ledamot_id not in deltog:
                    yield Fynd(
                        "reservation-ej-deltagit",
                        Allvar.FEL,
                        f"{vad}: {namn(organ, ledamot_id)} reserverar sig men deltog inte i "
                        "beslutet.",
                        _kalla("reservation", organ),
                        paragraf.arende_id,
                    )
                elif (
                    omr is not None
                    and vann is not None
                    and omr.roster.get(ledamot_id)
                    in (
                        vann,
                        Rost.AVSTAR,
                    )
                ):
                    rost = omr.roster[ledamot_id]
                    yield Fynd(
                        "reservation-ej-emot",
                        Allvar.FEL,
                        f"{vad}: {namn(organ, ledamot_id)} reserverar sig men röstade "
                        f"{'för beslutet' if rost is vann else 'inte (avstod)'}.",
                        _kalla("reservation", organ),
                        paragraf.arende_id,
                    )
            if not anteckning.motivering.strip():
                vem = ", ".join(namn(organ, i) for i in anteckning.ledamot_ids)
                yield Fynd(
                    "reservation-motivering",
                    Allvar.VARNING,
                    f"{vad}: den skriftliga motiveringen till reservationen ({vem}) har inte "
                    "kommit in; den ska lämnas före justeringen.",
                    _kalla("reservation", organ),
                    paragraf.arende_id,
                )


def jav_ersattare(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """Whoever serves instead of a jävig member must be there and not already serving."""
    narvarande = {p.ledamot_id for p in mote.narvaro}
    for paragraf, vad in _paragrafer(mote):
        # Serving by the närvaro list itself, before jäv swaps anyone in.
        serving_before = {
            p.ledamot_id
            for p in mote.narvaro
            if p.typ in TJANSTGORANDE_TYPER and inom(p, paragraf.nummer)
        }
        for jav in paragraf.jav:
            if not jav.ersatt_av:
                continue
            if jav.ersatt_av in serving_before:
                problem = "tjänstgör redan"
            elif mote.narvaro and jav.ersatt_av not in narvarande:
                problem = "är inte antecknad som närvarande"
            else:
                continue
            yield Fynd(
                "jav-ersattare",
                Allvar.FEL,
                f"{vad}: {namn(organ, jav.ersatt_av)} ska ersätta den jäviga "
                f"{namn(organ, jav.ledamot_id)} men {problem}.",
                _kalla("jav", organ),
                paragraf.arende_id,
            )


def proposition_och_beslut(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """Each § needs its beslut; where yrkanden differ the protokoll must show the
    proposition order and the chair's finding."""
    for paragraf, vad in _paragrafer(mote):
        if not paragraf.beslut.strip():
            yield Fynd(
                "beslut-saknas",
                Allvar.FEL,
                f"{vad} saknar beslut.",
                _kalla("protokoll", organ),
                paragraf.arende_id,
            )
        olika = {(y.typ, y.text.strip()) for y in paragraf.yrkanden}
        if len(olika) > 1 and not paragraf.propositionsordning:
            yield Fynd(
                "proposition-saknas",
                Allvar.FEL,
                f"{vad} har {len(paragraf.yrkanden)} olika yrkanden men ingen propositionsordning.",
                _kalla("protokoll", organ),
                paragraf.arende_id,
            )
        if paragraf.yrkanden and not paragraf.bifallna and paragraf.omrostning is None:
            yield Fynd(
                "finnande-saknas",
                Allvar.VARNING,
                f"{vad}: det står inte vilket yrkande ordföranden finner bifallet.",
                _kalla("protokoll", organ),
                paragraf.arende_id,
            )


def votering_mot_motforslaget(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """A votering names yrkanden the § has; with three or more alternatives the motförslag
    is chosen first (kontraproposition) and the huvudvotering stands against it."""
    for paragraf, omr, vad in _voteringar(mote):
        ids = {y.id for y in paragraf.yrkanden}
        saknas = [i for i in (omr.ja_yrkande, omr.nej_yrkande) if i and i not in ids]
        if saknas:
            yield Fynd(
                "votering-yrkande-saknas",
                Allvar.FEL,
                f"{vad}: voteringspropositionen gäller ett yrkande som inte finns längre; "
                "ange vad ja och nej står för på nytt.",
                _kalla("protokoll", organ),
                paragraf.arende_id,
            )
    for paragraf, vad in _paragrafer(mote):
        huvud = paragraf.omrostning
        arende = next((a for a in mote.arenden if a.id == paragraf.arende_id), None)
        formell = huvud is not None and any(
            y.id == huvud.nej_yrkande and y.typ in FORMELLA for y in paragraf.yrkanden
        )
        alla = huvudalternativ(paragraf, organ, arende)
        if huvud is None or formell or len(alla) < 3:
            continue
        vald = motforslag(paragraf, mote, organ)
        if vald is None:
            yield Fynd(
                "kontraproposition-saknas",
                Allvar.FEL,
                f"{vad}: {len(alla)} förslag står mot varandra men motförslaget i "
                "huvudvoteringen (kontrapropositionen) är inte antecknat.",
                _kalla("protokoll", organ),
                paragraf.arende_id,
            )
        elif (huvud.ja_yrkande or huvud.nej_yrkande) and not {
            huvud.ja_yrkande,
            huvud.nej_yrkande,
        } & set(vald.ids):
            yield Fynd(
                "huvudvotering-motforslag",
                Allvar.FEL,
                f"{vad}: huvudvoteringen står inte mot motförslaget ({vald.objekt}).",
                _kalla("protokoll", organ),
                paragraf.arende_id,
            )


PROTOKOLL_REGLER: tuple[Regel, ...] = (
    narvaro_stammer,
    beslutfor_vid_varje_paragraf,
    omrostning_gar_ihop,
    reservation_fran_deltagare,
    jav_ersattare,
    proposition_och_beslut,
    votering_mot_motforslaget,
)

PROTOKOLL_STATUS = frozenset(
    {Status.PAGAR, Status.PROTOKOLL_KLART, Status.JUSTERAT, Status.ANSLAGET}
)


def kontrollera_protokoll(mote: Sammantrade, organ: Organ, idag: date) -> list[Fynd]:
    return [fynd for regel in PROTOKOLL_REGLER for fynd in regel(mote, organ, idag)]


def kontrollera(mote: Sammantrade, organ: Organ, idag: date) -> list[Fynd]:
    """Every stage that applies to the meeting now: the kallelse always, the protokoll once
    the meeting has begun or has paragrafer, the justering and anslag once they are due."""
    fynd = kontrollera_kallelse(mote, organ, idag)
    if mote.paragrafer or mote.status in PROTOKOLL_STATUS:
        fynd += kontrollera_protokoll(mote, organ, idag)
    return fynd + kontrollera_justering(mote, organ, idag)


# --- justering and anslag ---------------------------------------------------------------


def _justeringsperiod(organ: Organ) -> tuple[int, str]:
    """Days to justera in, and the source of that number."""
    dagar = organ.reglemente.justering_dagar
    if dagar >= JUSTERING_DAGAR_LAG:
        return JUSTERING_DAGAR_LAG, _kalla("justering", organ)
    return dagar, _ordning(organ)


def justering_i_tid(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """The protokoll must be justerat at the latest `justering_dagar` (the law: 14) days
    after the meeting. Done: FEL when late (or dated before the meeting). Not done while
    the meeting is pågår or protokoll klart: FEL once the last day has passed, a VARNING
    reminder when at most PAMINNELSE_DAGAR days remain. A meeting still "kallad" after its
    day is not guessed at (it may never have been held)."""
    period, kalla = _justeringsperiod(organ)
    sista = mote.datum + timedelta(days=period)
    krav = f"protokollet ska justeras senast {_dagar(period)} efter sammanträdet"
    justerad = mote.justering.datum if mote.justering else None
    if justerad is not None:
        if justerad < mote.datum:
            yield Fynd(
                "justering-sen",
                Allvar.FEL,
                f"Protokollet är justerat {justerad.isoformat()}, före sammanträdet "
                f"{mote.datum.isoformat()}.",
                kalla,
            )
        elif justerad > sista:
            efter = _dagar((justerad - mote.datum).days)
            yield Fynd(
                "justering-sen",
                Allvar.FEL,
                f"Protokollet justerades {justerad.isoformat()}, {efter} efter sammanträdet; "
                f"{krav}, senast {sista.isoformat()}.",
                kalla,
            )
        return
    if mote.status not in (Status.PAGAR, Status.PROTOKOLL_KLART):
        return
    kvar = (sista - idag).days
    if kvar < 0:
        yield Fynd(
            "justering-sen",
            Allvar.FEL,
            f"Protokollet är inte justerat och sista dag var {sista.isoformat()}; {krav}.",
            kalla,
        )
    elif kvar <= PAMINNELSE_DAGAR:
        yield Fynd(
            "justering-sen",
            Allvar.VARNING,
            f"Protokollet är inte justerat; sista dag att justera det är {_dag(sista)}, "
            f"{_nar(kvar)}.",
            kalla,
        )


def anslag_i_tid(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """The justering must be posted on the anslagstavla at the latest the second day after
    it (FEL when later, or when not yet posted after that day; a VARNING reminder until
    then), and stay up until the time to appeal has run out (FEL when taken down sooner).
    A last day on a weekend or holiday is named, not moved."""
    kalla = _kalla("anslag", organ)
    justerad = mote.justering.datum if mote.justering else None
    if justerad is None:
        return
    sista = sista_anslagsdag(justerad)
    if mote.anslag is None:
        if mote.status is not Status.JUSTERAT:
            return
        kvar = (sista - idag).days
        if kvar < 0:
            yield Fynd(
                "anslag-sen",
                Allvar.FEL,
                f"Justeringen är inte anslagen och sista dag var {_dag(sista)}; den ska "
                "tillkännages på anslagstavlan senast andra dagen efter justeringen.",
                kalla,
            )
        else:
            yield Fynd(
                "anslag-sen",
                Allvar.VARNING,
                f"Justeringen är inte anslagen; sista dag att sätta upp anslaget är "
                f"{_dag(sista)}, {_nar(kvar)}.",
                kalla,
            )
        return
    uppsatt = mote.anslag.uppsatt
    if uppsatt < justerad or uppsatt > sista:
        nar = "före justeringen" if uppsatt < justerad else "för sent"
        yield Fynd(
            "anslag-sen",
            Allvar.FEL,
            f"Justeringen den {justerad.isoformat()} anslogs {uppsatt.isoformat()}, {nar}; "
            f"den ska tillkännages senast andra dagen efter justeringen, {_dag(sista)}.",
            kalla,
        )
    tidigast = nedtagning(uppsatt)
    if mote.anslag.nedtas is not None and mote.anslag.nedtas < tidigast:
        yield Fynd(
            "anslag-nedtagning",
            Allvar.FEL,
            f"Anslaget tas ned {mote.anslag.nedtas.isoformat()}, men det ska sitta uppe tills "
            f"tiden för överklagande har gått ut ({overklagande_sista_dag(uppsatt).isoformat()}); "
            f"det får tas ned tidigast {tidigast.isoformat()}.",
            kalla,
        )


def omedelbar_anslag_i_tid(mote: Sammantrade, organ: Organ, idag: date) -> Iterator[Fynd]:
    """A § justerad at the meeting is posted on its own, at the latest the second day after
    its justering: FEL when later or not posted by then, VARNING until then. Once the
    whole protokoll is anslaget, a § without its own anslag is not reported again."""
    kalla = _kalla("anslag", organ)
    for p in mote.paragrafer:
        if p.omedelbar is None:
            continue
        sista = sista_anslagsdag(p.omedelbar.datum)
        vad = f"{organ.kortnamn} § {p.nummer}, omedelbart justerad {p.omedelbar.datum.isoformat()},"
        if p.omedelbar.anslag is not None:
            if p.omedelbar.anslag > sista:
                yield Fynd(
                    "anslag-sen",
                    Allvar.FEL,
                    f"{vad} anslogs {p.omedelbar.anslag.isoformat()}; det ska ske senast "
                    f"andra dagen efter justeringen, {_dag(sista)}.",
                    kalla,
                    p.arende_id,
                )
            continue
        if mote.anslag is not None:
            continue
        kvar = (sista - idag).days
        yield Fynd(
            "anslag-sen",
            Allvar.FEL if kvar < 0 else Allvar.VARNING,
            f"{vad} är inte anslagen; sista dag {'var' if kvar < 0 else 'är'} {_dag(sista)}"
            + ("." if kvar < 0 else f", {_nar(kvar)}."),
            kalla,
            p.arende_id,
        )


JUSTERING_REGLER: tuple[Regel, ...] = (
    justering_i_tid,
    anslag_i_tid,
    omedelbar_anslag_i_tid,
)


def kontrollera_justering(mote: Sammantrade, organ: Organ, idag: date) -> list[Fynd]:
    """All findings of the justering and anslag stage, in the order of JUSTERING_REGLER;
    [] for a meeting that is still ahead (nothing is justerat or due yet)."""
    return [fynd for regel in JUSTERING_REGLER for fynd in regel(mote, organ, idag)]
