"""Motioner, medborgarförslag, interpellationer and frågor: what is väckt in fullmäktige,
its remiss, its answer and the § that handled it.

The one-year rule (KL 5 kap. 35 §): a motion (and, by the same rule, a medborgarförslag) should be
handled within a year of being väckt; if the beredning cannot be finished in that time,
fullmäktige is told so within the same year. The register warns at 6 and at 11 months,
and fullmäktige gets the obesvarade ones in a report twice a year (its arbetsordning).
An interpellation or a fråga should be answered at the meeting after the one where it was
asked (5 kap. 59–63 §§): it is late once that meeting has passed unanswered.

A year and months are counted by the calendar: väckt 2026-03-31 has six months on
2026-09-30 (no 31st) and its year on 2027-03-31; väckt 29 February has its year on
28 February. A last day on a weekend or holiday is said, never moved.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from kallelse_tui.domain.datum import helgdag
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Arende, ArendeTyp, ListPost, Sammantrade, SammantradeIndex
from kallelse_tui.domain.radid import nytt_radid
from kallelse_tui.domain.status import LASTA

KIND = "motioner"  # the store's register
ANMALAN_RUBRIK = "Anmälan av nya motioner, medborgarförslag, interpellationer och frågor"
KALLA_ETT_AR = "Kommunallagen (2017:725) 5 kap. 35 §"
KALLA_INTERPELLATION = "Kommunallagen (2017:725) 5 kap. 59–63 §§ och fullmäktiges arbetsordning"
VARNING_MANADER = (6, 11)


class MotionTyp(StrEnum):
    MOTION = "motion"
    MEDBORGARFORSLAG = "medborgarförslag"
    INTERPELLATION = "interpellation"
    FRAGA = "fråga"

    @property
    def ettarsregel(self) -> bool:
        """Motioner and medborgarförslag have a year; interpellationer and frågor a meeting."""
        return self in (MotionTyp.MOTION, MotionTyp.MEDBORGARFORSLAG)


@dataclass
class Motion:
    id: str
    organ_id: str  # fullmäktige
    typ: MotionTyp
    vackt: date
    av: str  # "Karin Ek (C)", or the citizen behind a medborgarförslag
    titel: str
    dnr: str = ""
    anmald_i: str = ""  # the meeting whose kallelse anmäler it
    remiss_till: str = ""  # "Kommunstyrelsen"
    remiss_datum: date | None = None
    svar: str = ""  # "bifall", "avslag", "besvarad", "avskriven" …
    besvarad: date | None = None  # the day fullmäktige handled it
    paragraf: str = ""  # "KF § 45"

    def obesvarad(self, per: date) -> bool:
        return self.vackt <= per and (self.besvarad is None or self.besvarad > per)


def plus_manader(dag: date, manader: int) -> date:
    """The same day `manader` months later, or the month's last day when it has none."""
    ar, manad = divmod(dag.month - 1 + manader, 12)
    ar, manad = dag.year + ar, manad + 1
    return date(ar, manad, min(dag.day, calendar.monthrange(ar, manad)[1]))


def sista_dag(motion: Motion) -> date:
    """The end of the year of KL 5 kap. 35 §."""
    return plus_manader(motion.vackt, 12)


@dataclass(frozen=True)
class Frist:
    """Where a motion stands against its deadline on a day."""

    niva: int  # 0 in good time, 6 or 11 months passed, 12 the year has run out
    sista_dag: date | None
    text: str  # "11 månader: sista dag 2027-03-31 (onsdag)"


def frist(motion: Motion, idag: date, moten: Sequence[SammantradeIndex] = ()) -> Frist:
    """The one-year rule (or for an interpellation or fråga, the next meeting) on `idag`.
    `moten`: fullmäktige's meetings, to name the next one."""
    if motion.besvarad is not None:
        return Frist(0, None, f"besvarad {motion.besvarad.isoformat()}")
    if not motion.typ.ettarsregel:
        nasta = sorted(
            m.datum for m in moten if m.organ_id == motion.organ_id and m.datum > motion.vackt
        )
        if not nasta:
            return Frist(0, None, "besvaras vid nästa sammanträde")
        if nasta[0] < idag:
            return Frist(12, nasta[0], f"skulle ha besvarats {nasta[0].isoformat()}")
        return Frist(0, nasta[0], f"besvaras {nasta[0].isoformat()}")
    slut = sista_dag(motion)
    ledig = helgdag(slut)
    dag = f"{slut.isoformat()}" + (f" ({ledig})" if ledig else "")
    if idag > slut:
        return Frist(12, slut, f"över ett år: sista dag var {dag}")
    niva = max((m for m in VARNING_MANADER if idag >= plus_manader(motion.vackt, m)), default=0)
    if niva:
        return Frist(niva, slut, f"{niva} månader: sista dag {dag}")
    return Frist(0, slut, f"sista dag {dag}")


def sista_mote_fore(slut: date, moten: Sequence[SammantradeIndex], organ_id: str) -> date | None:
    """Fullmäktige's last meeting on or before the last day: when it must be handled in
    practice."""
    dagar = [m.datum for m in moten if m.organ_id == organ_id and m.datum <= slut]
    return max(dagar, default=None)


def varningar(
    motioner: Sequence[Motion], idag: date, moten: Sequence[SammantradeIndex] = ()
) -> list[tuple[Motion, Frist]]:
    """The ones past 6 or 11 months or their deadline, the worst first."""
    warned = [(m, f) for m in motioner if (f := frist(m, idag, moten)).niva]
    return sorted(warned, key=lambda mf: (-mf[1].niva, mf[0].vackt))


# --- the twice-yearly report -----------------------------------------------------------


def rapportperiod(dag: date) -> tuple[date, date]:
    """The half-year `dag` falls in: 1 January–30 June or 1 July–31 December."""
    if dag.month <= 6:
        return date(dag.year, 1, 1), date(dag.year, 6, 30)
    return date(dag.year, 7, 1), date(dag.year, 12, 31)


def foregaende_period(dag: date) -> tuple[date, date]:
    """The half-year before the one `dag` falls in: what a report made now covers."""
    start, _ = rapportperiod(dag)
    return rapportperiod(date.fromordinal(start.toordinal() - 1))


def obesvarade(motioner: Iterable[Motion], per: date) -> list[Motion]:
    """The motioner and medborgarförslag väckta by `per` and not handled on it, oldest
    first: the report's rows."""
    return sorted(
        (m for m in motioner if m.typ.ettarsregel and m.obesvarad(per)),
        key=lambda m: (m.vackt, m.id),
    )


def besvarade_under(motioner: Iterable[Motion], start: date, slut: date) -> list[Motion]:
    """Those handled in the period (the report says how many)."""
    return sorted(
        (m for m in motioner if m.besvarad and start <= m.besvarad <= slut),
        key=lambda m: (m.besvarad or m.vackt, m.id),
    )


# --- the register ----------------------------------------------------------------------


def nytt_id(typ: MotionTyp, vackt: date, upptagna: Iterable[str]) -> str:
    prefix = {"motion": "m", "medborgarförslag": "mf", "interpellation": "i", "fråga": "f"}
    return nytt_radid(prefix[typ.value], vackt, upptagna)


def ny_motion(
    organ_id: str,
    befintliga: Sequence[Motion],
    *,
    typ: MotionTyp,
    vackt: date,
    av: str,
    titel: str,
    dnr: str = "",
) -> Motion:
    av, titel = av.strip(), titel.strip()
    if not titel:
        raise DomainError(f"Den nya {typ.value}en saknar rubrik.")
    if not av:
        raise DomainError(f"{typ.value.capitalize()} ”{titel}” saknar vem som väckt den.")
    return Motion(
        nytt_id(typ, vackt, (m.id for m in befintliga)),
        organ_id,
        typ,
        vackt,
        av,
        titel,
        dnr.strip(),
    )


def remittera(motion: Motion, till: str, datum: date) -> Motion:
    """Sent on remiss to a nämnd (or the styrelse) for beredning."""
    till = till.strip()
    if not till:
        raise DomainError(f"Ange vart ”{motion.titel}” remitteras, t.ex. Kommunstyrelsen.")
    if datum < motion.vackt:
        raise DomainError(
            f"”{motion.titel}” kan inte remitteras {datum.isoformat()}, före den väcktes "
            f"({motion.vackt.isoformat()})."
        )
    return replace(motion, remiss_till=till, remiss_datum=datum)


def besvara(motion: Motion, datum: date, svar: str, paragraf: str) -> Motion:
    if datum < motion.vackt:
        raise DomainError(
            f"{motion.typ.value.capitalize()} ”{motion.titel}” kan inte besvaras "
            f"{datum.isoformat()}, före den väcktes ({motion.vackt.isoformat()})."
        )
    return replace(motion, besvarad=datum, svar=svar.strip(), paragraf=paragraf.strip())


def att_anmala(motioner: Sequence[Motion], mote: Sammantrade) -> list[Motion]:
    """What fullmäktige's kallelse anmäler: väckt by the meeting, not anmäld elsewhere."""
    return sorted(
        (
            m
            for m in motioner
            if m.organ_id == mote.organ_id and m.anmald_i in ("", mote.id) and m.vackt <= mote.datum
        ),
        key=lambda m: (m.vackt, m.id),
    )


def fyll_anmalan(
    mote: Sammantrade, motioner: Sequence[Motion]
) -> tuple[Arende | None, list[Motion]]:
    """Fill (or add) the meeting's ärende that anmäler new motioner, medborgarförslag,
    interpellationer and frågor; returns it (None when there is nothing new) and the rows
    now anmälda at this meeting."""
    if mote.status in LASTA:
        raise DomainError(f"Protokollet för {mote.id} är justerat; anmälan kan inte ändras.")
    rows = att_anmala(motioner, mote)
    arende = next((a for a in mote.arenden if a.rubrik == ANMALAN_RUBRIK), None)
    if not rows and arende is None:
        return None, []
    if arende is None:
        arende = Arende(mote.nytt_arende_id(), ANMALAN_RUBRIK, ArendeTyp.MEDDELANDEN)
        # After the opening items (upprop, justerare …), where a kallelse anmäler them.
        plats = next(
            (i for i, a in enumerate(mote.arenden) if a.typ is not ArendeTyp.STANDARD),
            len(mote.arenden),
        )
        mote.arenden.insert(plats, arende)
    arende.poster = [
        ListPost(n, f"{m.typ.value.capitalize()}: {m.titel}", m.dnr, m.vackt, m.av)
        for n, m in enumerate(rows, 1)
    ]
    return arende, [replace(m, anmald_i=mote.id) for m in rows if m.anmald_i != mote.id]


def anmalan_rad(post: ListPost) -> str:
    """One line of the anmälan as the kallelse prints it: 'Motion: Fler laddstolpar
    (Karin Ek (C), väckt 2026-10-26, Dnr KS 2026/344)'."""
    vad = [post.avsandare, f"väckt {post.datum.isoformat()}" if post.datum else "", ""]
    vad[2] = f"Dnr {post.dnr}" if post.dnr and not post.dnr.lower().startswith("dnr") else post.dnr
    return f"{post.text} ({', '.join(v for v in vad if v)})"
