"""The meeting, § by §: the § series, the beslut a § starts from, omröstning and the
standard Swedish wording of the beslutsgång.

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
    Yrkande,
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
        text = f"Ärendet återremitteras till {till.strip() or 'förvaltningen'}"
        return text + (f" för att {motiv.strip().rstrip('.')}." if motiv.strip() else ".")
    if utfall is Utfall.BORDLAGGNING:
        return "Ärendet bordläggs" + (f" till {till.strip()}." if till.strip() else ".")
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


def forslagsnamn(yrkande: Yrkande, organ: Organ, arende: Arende | None = None) -> str:
    """How the chair names a yrkande: 'Anna Bergs (S) ändringsyrkande'; a bifall without
    text of its own supports the förslag till beslut."""
    if yrkande.typ is YrkandeTyp.BIFALL and arende is not None and not yrkande.text.strip():
        return f"bifall till förslaget ({genitiv(organ, yrkande.ledamot_id)} yrkande)"
    return f"{genitiv(organ, yrkande.ledamot_id)} {YRKANDE_SUBSTANTIV[yrkande.typ]}"


def yrkande_mening(yrkande: Yrkande, organ: Organ) -> str:
    """'Anna Berg (S) yrkar bifall till förslaget. Per Ek (M) instämmer.'"""
    vad = {
        YrkandeTyp.BIFALL: "bifall",
        YrkandeTyp.AVSLAG: "avslag",
        YrkandeTyp.ATERREMISS: "återremiss",
        YrkandeTyp.BORDLAGGNING: "bordläggning",
        YrkandeTyp.ANDRING: "ändring",
        YrkandeTyp.TILLAGG: "tillägg",
    }[yrkande.typ]
    text = yrkande.text.strip().rstrip(".")
    mening = f"{namn(organ, yrkande.ledamot_id)} yrkar {vad}" + (f": {text}." if text else ".")
    if yrkande.instammande:
        vem = _och([namn(organ, i) for i in yrkande.instammande])
        mening += f" {vem} instämmer."
    return mening


def _och(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


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


def rosta(mote: Sammantrade, paragraf: Paragraf, ledamot_id: str, rost: Rost | None) -> None:
    """Record (or with None, remove) one member's vote; only from those who may vote."""
    if paragraf.omrostning is None:
        raise DomainError(f"§ {paragraf.nummer} har ingen omröstning att rösta i.")
    if rost is None:
        paragraf.omrostning.roster.pop(ledamot_id, None)
        return
    if ledamot_id not in kan_rosta(mote, paragraf.nummer):
        raise DomainError(
            f"Ledamoten {ledamot_id} tjänstgör inte vid § {paragraf.nummer} (eller är jävig) "
            "och kan inte rösta."
        )
    paragraf.omrostning.roster[ledamot_id] = rost


# -- beslutsgång --------------------------------------------------------------------------


def beslutsgang(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> str:
    """The standard Swedish wording of how the decision was reached, from the yrkanden,
    the proposition order, the chair's finding and the omröstning."""
    if not paragraf.yrkanden:
        return ""
    arende = next((a for a in mote.arenden if a.id == paragraf.arende_id), None)
    yrkanden = {y.id: y for y in paragraf.yrkanden}
    ordning = [yrkanden[i] for i in paragraf.propositionsordning if i in yrkanden] or list(
        paragraf.yrkanden
    )
    bifallna = set(paragraf.bifallna)
    vi = organ_i_mening(organ)
    meningar: list[str] = []

    def label(y: Yrkande) -> str:
        return forslagsnamn(y, organ, arende)

    formella = [y for y in ordning if y.typ in FORMELLA]
    for y in formella:
        vad = "återremitteras" if y.typ is YrkandeTyp.ATERREMISS else "bordläggas"
        beslut = f"ärendet ska {vad}" if y.id in bifallna else "ärendet ska avgöras i dag"
        meningar.append(
            f"Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller "
            f"{vad} och finner att {vi} beslutar att {beslut}."
        )
        if y.id in bifallna:
            return " ".join(meningar)
    huvud = [y for y in ordning if y.typ not in FORMELLA and y.typ is not YrkandeTyp.TILLAGG]
    tillagg = [y for y in ordning if y.typ is YrkandeTyp.TILLAGG]
    if huvud:
        vinnare = next((y for y in huvud if y.id in bifallna), None)
        if len(huvud) == 1:
            y = huvud[0]
            utfall = "bifaller" if vinnare is y else "avslår"
            meningar.append(
                f"Ordföranden ställer proposition på {label(y)} och finner att {vi} {utfall} det."
            )
        else:
            alla = _och([label(y) for y in huvud])
            # Until the chair's finding is recorded the sentence stops at the proposition.
            finner = f" och finner att {vi} beslutar enligt {label(vinnare)}" if vinnare else ""
            meningar.append(f"Ordföranden ställer proposition på {alla}{finner}.")
    if paragraf.omrostning is not None:
        meningar.append(_omrostning_text(paragraf.omrostning, mote, organ, vi))
    for y in tillagg:
        utfall = "bifaller" if y.id in bifallna else "avslår"
        meningar.append(
            f"Därefter ställer ordföranden proposition på {label(y)} och finner att {vi} "
            f"{utfall} det."
        )
    return " ".join(meningar)


def _omrostning_text(omrostning: Omrostning, mote: Sammantrade, organ: Organ, vi: str) -> str:
    r = rakna(omrostning, ordforande(organ, mote))
    text = (
        f"Omröstning begärs och ska genomföras. {_stor(vi)} godkänner följande "
        f"beslutsgång: ja-röst för {_liten(omrostning.ja_forslag)}, nej-röst för "
        f"{_liten(omrostning.nej_forslag)}. Omröstningen utfaller med {r.ja} ja-röster mot {r.nej} "
        f"nej-röster"
    )
    text += f"; {r.avstar} avstår." if r.avstar else "."
    if r.vinnare is None:
        return text + " Lika röstetal och ingen utslagsröst är antecknad."
    if r.utslag:
        return text + f" Med ordförandens utslagsröst beslutar {vi} enligt {_liten(r.vinnare)}."
    return text + f" {_stor(vi)} har därmed beslutat enligt {_liten(r.vinnare)}."


# Labels that begin with one of these words are common nouns, lower case inside a sentence;
# any other label may begin with a name ("Bo Eks (M) yrkande") and is kept as typed.
_SMA_FORSTA_ORD = frozenset(
    {"bifall", "avslag", "förslaget", "återremiss", "bordläggning", "ändring", "tillägg"}
)


def _liten(text: str) -> str:
    """A proposal's label inside a sentence ('Bifall till …' → 'bifall till …')."""
    forsta = text.split(" ", 1)[0].lower()
    return text[:1].lower() + text[1:] if forsta in _SMA_FORSTA_ORD else text


def _stor(text: str) -> str:
    return text[:1].upper() + text[1:]


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


def vinnande_yrkande(paragraf: Paragraf, organ: Organ, arende: Arende | None) -> Yrkande | None:
    """The yrkande whose label won the omröstning, if the labels name one."""
    o = paragraf.omrostning
    if o is None:
        return None
    vinnare = o.vinnare
    return next(
        (y for y in paragraf.yrkanden if vinnare and forslagsnamn(y, organ, arende) == vinnare),
        None,
    )


def standardetiketter(paragraf: Paragraf, organ: Organ, arende: Arende | None) -> tuple[str, str]:
    """The ja and nej proposals of a new omröstning: the first two yrkanden put."""
    ids = {y.id: y for y in paragraf.yrkanden}
    ordning = [ids[i] for i in paragraf.propositionsordning if i in ids] or paragraf.yrkanden
    labels = [forslagsnamn(y, organ, arende) for y in ordning[:2]]
    labels += ["", ""]
    return labels[0] or "Bifall till förslaget", labels[1] or "Avslag"
