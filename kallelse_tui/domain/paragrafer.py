"""The meeting, § by §: the § series, the beslut a § starts from, names and omröstning
(the wording of the beslutsgång is in domain/beslutsgang.py).

The § series runs per organ and calendar year (KS § 216) and continues from the organ's
last § of the year; agenda numbers and § numbers are different systems.
"""

from __future__ import annotations

from dataclasses import dataclass

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    AnteckningTyp,
    Arende,
    ArendeTyp,
    Omrostning,
    Organ,
    Paragraf,
    Roll,
    Rost,
    Sammantrade,
    Utfall,
    YrkandeTyp,
)
from kallelse_tui.domain.narvaro import jav_vid, tjanstgorande_ids

# The noun for each kind, as the beslutsgång names a yrkande ("Anna Bergs (S) ändringsyrkande").
YRKANDE_SUBSTANTIV = {
    YrkandeTyp.BIFALL: "bifallsyrkande",
    YrkandeTyp.AVSLAG: "avslagsyrkande",
    YrkandeTyp.ATERREMISS: "återremissyrkande",
    YrkandeTyp.BORDLAGGNING: "bordläggningsyrkande",
    YrkandeTyp.ANDRING: "ändringsyrkande",
    YrkandeTyp.TILLAGG: "tilläggsyrkande",
}
# Yrkanden about whether to decide today are put to the meeting before the matter itself.
FORMELLA = frozenset({YrkandeTyp.ATERREMISS, YrkandeTyp.BORDLAGGNING})


def nasta_nummer(mote: Sammantrade, organ: Organ, sista_i_serien: int | None) -> int:
    """The next § of the organ's series: after this meeting's last §, else after the last §
    of the organ's earlier meetings this year, else the year's first number from the
    organ register (1 unless set)."""
    if mote.paragrafer:
        return max(p.nummer for p in mote.paragrafer) + 1
    if sista_i_serien is not None:
        return sista_i_serien + 1
    return organ.forsta_paragraf.get(str(mote.datum.year), 1)


def oppna_paragraf(
    mote: Sammantrade, organ: Organ, arende_id: str, sista_i_serien: int | None
) -> Paragraf:
    """The ärende's §, created with the next number and a beslut to edit when it has none.
    The beslut starts from the förslag till beslut, or the standard sentence of its kind."""
    if mote.last:
        raise DomainError(f"Protokollet för {mote.id} är justerat och kan inte ändras.")
    existing = mote.paragraf_for(arende_id)
    if existing is not None:
        return existing
    arende = mote.arende(arende_id)
    paragraf = Paragraf(
        nasta_nummer(mote, organ, sista_i_serien), arende.id, utkast_till_beslut(arende, organ)
    )
    if arende.typ in (ArendeTyp.INFORMATION, ArendeTyp.MEDDELANDEN):
        paragraf.utfall = Utfall.NOTERAS
    elif arende.forslag or arende.typ in (ArendeTyp.STANDARD, ArendeTyp.DELEGATIONSBESLUT):
        paragraf.utfall = Utfall.BIFALL
    mote.paragrafer.append(paragraf)
    mote.paragrafer.sort(key=lambda p: p.nummer)
    return paragraf


def organ_i_mening(organ: Organ) -> str:
    """'kommunstyrelsen': the organ's name inside a sentence."""
    return organ.namn[:1].lower() + organ.namn[1:]


def forslag_text(arende: Arende, organ: Organ) -> str:
    """Förslag till beslut as a beslut text; a group addressed to another organ becomes
    '<organ> föreslår <annat organ> besluta'."""
    parts: list[str] = []
    for forslag in arende.forslag:
        punkter = forslag.punkter
        numbered = [f"{i}. {p}" for i, p in enumerate(punkter, 1)] if len(punkter) > 1 else punkter
        if forslag.till_organ:
            till = forslag.till_organ[:1].lower() + forslag.till_organ[1:]
            parts.append(f"{organ.namn} föreslår {till} besluta\n" + "\n".join(numbered))
        else:
            parts.append("\n".join(numbered))
    return "\n\n".join(p for p in parts if p.strip())


def utkast_till_beslut(arende: Arende, organ: Organ) -> str:
    if arende.forslag:
        return forslag_text(arende, organ)
    return standardbeslut(arende, organ, _standard_utfall(arende))


def _standard_utfall(arende: Arende) -> Utfall:
    if arende.typ in (ArendeTyp.INFORMATION, ArendeTyp.MEDDELANDEN):
        return Utfall.NOTERAS
    return Utfall.BIFALL


_OPPNING = {
    "upprop": "Uppropet förrättas.",
    "godkännande av ärendelista": "Ärendelistan godkänns.",
    "godkännande av dagordning": "Dagordningen godkänns.",
    "anmälan av extra ärenden": "Inga extra ärenden anmäls.",
}


def standardbeslut(
    arende: Arende, organ: Organ, utfall: Utfall, till: str = "", motiv: str = ""
) -> str:
    """The standard sentence for an outcome; the secretary edits it from there."""
    namn = organ.namn
    if utfall is Utfall.ATERREMISS:
        text = f"{namn} återremitterar ärendet till {till.strip() or 'förvaltningen'}"
        return text + (f" för att {motiv.strip().rstrip('.')}." if motiv.strip() else ".")
    if utfall is Utfall.BORDLAGGNING:
        return f"{namn} bordlägger ärendet" + (f" till {till.strip()}." if till.strip() else ".")
    if utfall is Utfall.UTGAR:
        return "Ärendet utgår."
    if utfall is Utfall.AVSLAG:
        return f"{namn} avslår förslaget."
    if arende.typ is ArendeTyp.MEDDELANDEN:
        return f"{namn} har tagit del av meddelandena och beslutar lägga dem till handlingarna."
    if arende.typ is ArendeTyp.DELEGATIONSBESLUT:
        punkter = f" punkterna 1–{len(arende.poster)}" if len(arende.poster) > 1 else ""
        return (
            f"{namn} har tagit del av redovisningen av delegationsbeslut{punkter} och beslutar "
            "lägga den till handlingarna."
        )
    if utfall is Utfall.NOTERAS:
        return "Informationen noteras."
    oppning = _OPPNING.get(arende.rubrik.strip().lower())
    if arende.typ is ArendeTyp.STANDARD and oppning:
        return oppning
    if arende.forslag:
        return forslag_text(arende, organ)
    return ""


# -- names ------------------------------------------------------------------------------


def namn(organ: Organ, ledamot_id: str) -> str:
    """'Anna Berg (S)'; an id the organ does not know is shown as it is."""
    try:
        return organ.ledamot(ledamot_id).visningsnamn
    except DomainError:
        return ledamot_id


def genitiv(organ: Organ, ledamot_id: str) -> str:
    """'Anna Bergs (S)', 'Lars Ros (M)' → 'Lars Ros (M)': -s, -x, -z take no -s."""
    try:
        ledamot = organ.ledamot(ledamot_id)
    except DomainError:
        return ledamot_id
    namn_ = ledamot.namn if ledamot.namn[-1:].lower() in "sxz" else ledamot.namn + "s"
    return f"{namn_} ({ledamot.parti})" if ledamot.parti else namn_


# -- omröstning ---------------------------------------------------------------------------


def ordforande(organ: Organ, mote: Sammantrade) -> str | None:
    """Who chairs: the ordförande when serving, else the 1:e and 2:e vice ordförande."""
    serving = tjanstgorande_ids(mote)
    for roll in (Roll.ORDFORANDE, Roll.VICE_1, Roll.VICE_2):
        for m in organ.ledamoter:
            if m.roll is roll and m.id in serving:
                return m.id
    return None


@dataclass(frozen=True)
class Rakning:
    ja: int
    nej: int
    avstar: int
    sida: Rost | None  # the side that won (JA or NEJ); None: an undecided tie
    vinnare: str | None  # the winning proposal's label
    utslag: bool  # decided by the chair's casting vote


def rakna(omrostning: Omrostning, ordforande_id: str | None) -> Rakning:
    """The tally; on a tie the chair's casting vote decides (KL 5 kap. 59 §, 6 kap. 33 §):
    `utslagsrost` when recorded, else the chair's own vote."""
    tally = omrostning.resultat()
    ja, nej = tally[Rost.JA], tally[Rost.NEJ]
    utslag = ja == nej
    if not utslag:
        sida: Rost | None = Rost.JA if ja > nej else Rost.NEJ
    else:
        sida = omrostning.utslagsrost
        if sida is None and ordforande_id is not None:
            sida = omrostning.roster.get(ordforande_id)
        if sida is Rost.AVSTAR:
            sida = None
    forslag = {Rost.JA: omrostning.ja_forslag, Rost.NEJ: omrostning.nej_forslag}
    vinnare = None if sida is None else forslag[sida]
    return Rakning(ja, nej, tally[Rost.AVSTAR], sida, vinnare, utslag and sida is not None)


def kan_rosta(mote: Sammantrade, nummer: int) -> set[str]:
    """Who may vote at § `nummer`: those serving there; a jävig member never."""
    javiga = {javig for javig, _ in jav_vid(mote, nummer)}
    return tjanstgorande_ids(mote, nummer) - javiga


def rosta(
    mote: Sammantrade,
    paragraf: Paragraf,
    ledamot_id: str,
    rost: Rost | None,
    omrostning: Omrostning | None = None,
) -> None:
    """Record (or with None, remove) one member's vote in `omrostning` (default: the §'s
    huvudvotering); only from those who may vote."""
    omrostning = omrostning or paragraf.omrostning
    if omrostning is None:
        raise DomainError(f"§ {paragraf.nummer} har ingen omröstning att rösta i.")
    if rost is None:
        omrostning.roster.pop(ledamot_id, None)
        return
    if ledamot_id not in kan_rosta(mote, paragraf.nummer):
        raise DomainError(
            f"Ledamoten {ledamot_id} tjänstgör inte vid § {paragraf.nummer} (eller är jävig) "
            "och kan inte rösta."
        )
    omrostning.roster[ledamot_id] = rost


def rostlista(omrostning: Omrostning, organ: Organ) -> dict[Rost, list[str]]:
    """Names per vote, in the organ's member order, for the protokoll."""
    order = {m.id: i for i, m in enumerate(organ.ledamoter)}
    lists: dict[Rost, list[str]] = {r: [] for r in Rost}
    for ledamot_id, rost in sorted(
        omrostning.roster.items(), key=lambda kv: order.get(kv[0], len(order))
    ):
        lists[rost].append(namn(organ, ledamot_id))
    return lists


# -- reservationer ----------------------------------------------------------------------


def kan_anteckna(
    mote: Sammantrade, organ: Organ, paragraf: Paragraf, reservation: bool = False
) -> set[str]:
    """Who may enter a reservation (`omrostning_galler`) or a protokollsanteckning at the §:
    those who took part (serving, not jävig). After an omröstning with a result, a
    reservation (`reservation`) comes only from those who voted for the losing proposal."""
    deltog = kan_rosta(mote, paragraf.nummer)
    o = paragraf.omrostning
    if not reservation or o is None:
        return deltog
    vinnare = rakna(o, ordforande(organ, mote)).vinnare
    if vinnare is None:
        return deltog
    forlorande = Rost.NEJ if vinnare == o.ja_forslag else Rost.JA
    return {i for i, r in o.roster.items() if r is forlorande and i in deltog}


def saknar_motivering(paragraf: Paragraf) -> bool:
    """A reservation without its written motivation (due before justering)."""
    return any(
        a.typ is AnteckningTyp.RESERVATION and not a.motivering.strip()
        for a in paragraf.anteckningar
    )
