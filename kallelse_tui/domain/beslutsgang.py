"""The beslutsgång in the profession's wording, generated from what was recorded at a §:
jäv, the yrkanden as sentences, the proposition order and the chair's finding, a votering
with its voteringsproposition (first the kontrapropositionsvotering when three or more
alternatives remain), the result at the head of the beslut, and each reservation.

Every fact is written once: the jäv and the yrkanden in Behandling, the voteringsproposition
in Behandling, the named list in the voteringslista, the result in the beslut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kallelse_tui.domain.model import (
    AnteckningTyp,
    Arende,
    Omrostning,
    Organ,
    OrganTyp,
    Paragraf,
    Rost,
    Sammantrade,
    Yrkande,
    YrkandeTyp,
)
from kallelse_tui.domain.paragrafer import (
    FORMELLA,
    YRKANDE_SUBSTANTIV,
    Rakning,
    genitiv,
    namn,
    ordforande,
    organ_i_mening,
    rakna,
)

# Words that end a noun phrase a bifall or avslag can refer to ("bifall till motionen");
# any other text is a clause and follows "yrkar att".
_NOMEN = re.compile(
    r"(förslag|förslaget|förslagen|yrkande|yrkandet|motion|motionen|ansökan|begäran|"
    r"medborgarförslaget|tjänsteskrivelsen|remissen|planen|avtalet)$",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(r"^(till|för|på|i|med|eftersom|då|tills|under|av)\b", re.IGNORECASE)
_AU = re.compile(r"AU\b")


def _bas(text: str) -> str:
    return text.strip().rstrip(".").strip()


def _gemen(text: str) -> str:
    """The first letter in lower case inside a sentence, unless the text begins with a name:
    an abbreviation ('KS'), a word with a digit, or two capitalised words ('Norrviks
    Bostäder AB')."""
    ord_ = text.split()
    if not ord_:
        return text
    forsta = ord_[0]
    namn_ = len(ord_) > 1 and ord_[1][:1].isupper()
    if forsta.isupper() or any(c.isdigit() for c in forsta) or namn_:
        return text
    return text[:1].lower() + text[1:]


def _stor(text: str) -> str:
    return text[:1].upper() + text[1:]


def _och(delar: list[str]) -> str:
    if len(delar) <= 1:
        return "".join(delar)
    return ", ".join(delar[:-1]) + " och " + delar[-1]


def _utan(text: str, *prefix: str) -> str:
    """`text` without a leading word it repeats ('Återremiss för att …' → 'för att …')."""
    lag = text.lower()
    for p in prefix:
        if lag == p or lag.startswith(p + " "):
            return text[len(p) :].strip()
    return text


def _genitiv_ord(ord_: str) -> str:
    return ord_ if ord_[-1:].lower() in "sxz" else ord_ + "s"


# -- the förslag the yrkanden refer to ---------------------------------------------------


def forslagsstallare(arende: Arende | None, organ: Organ) -> str:
    """Who made the förslag the organ decides on ('arbetsutskottet'): as recorded on the
    ärende, else the utskott when an AU § came before, kommunstyrelsen before fullmäktige,
    the förvaltning when there is a förslag till beslut; '' when nothing tells."""
    if arende is None:
        return ""
    if arende.forslagsstallare.strip():
        return _gemen(arende.forslagsstallare.strip())
    if any(_AU.search(t) for t in arende.tidigare):
        return "arbetsutskottet"
    if organ.typ is OrganTyp.FULLMAKTIGE:
        return "kommunstyrelsen"
    return "förvaltningen" if arende.forslag else ""


def forslagets_namn(arende: Arende | None, organ: Organ) -> str:
    """'arbetsutskottets förslag', or 'förslaget' when nobody is named."""
    vem = forslagsstallare(arende, organ)
    return f"{_genitiv_ord(vem)} förslag" if vem else "förslaget"


def _om_forslaget(yrkande: Yrkande) -> bool:
    """A bifall to the förslag itself (no text, or 'Bifall till arbetsutskottets förslag')."""
    if yrkande.typ is not YrkandeTyp.BIFALL:
        return False
    rest = _utan(_bas(yrkande.text), "bifall", "till")
    rest = _utan(rest, "till")
    return not rest or bool(re.search(r"förslag(et|en)?$", rest, re.IGNORECASE))


# -- yrkanden as sentences ---------------------------------------------------------------


def _yrkar(yrkande: Yrkande, forslag: str) -> str:
    """What follows 'X yrkar': 'bifall till arbetsutskottets förslag', 'att ärendet
    återremitteras för att …', 'att ramen sänks …'; never a colon."""
    text = _bas(yrkande.text)
    typ = yrkande.typ
    if text.lower().startswith("att "):
        return _gemen(text)
    if typ is YrkandeTyp.ATERREMISS or typ is YrkandeTyp.BORDLAGGNING:
        verb = "återremitteras" if typ is YrkandeTyp.ATERREMISS else "bordläggs"
        rest = _utan(text, "återremiss", "bordläggning", "ärendet " + verb)
        if not rest:
            return f"att ärendet {verb}"
        if _PREPOSITION.match(rest):
            return f"att ärendet {verb} {_gemen(rest)}"
        if typ is YrkandeTyp.ATERREMISS:
            return f"att ärendet återremitteras för att {_gemen(_utan(rest, 'att'))}"
        return f"att ärendet bordläggs till {_gemen(rest)}"
    if typ is YrkandeTyp.BIFALL or typ is YrkandeTyp.AVSLAG:
        ord_, prep = ("bifall", "till") if typ is YrkandeTyp.BIFALL else ("avslag", "på")
        rest = _utan(text, ord_)
        if not rest:
            return f"bifall till {forslag}" if typ is YrkandeTyp.BIFALL else "avslag"
        if _PREPOSITION.match(rest):
            return f"{ord_} {_gemen(rest)}"
        if _NOMEN.search(rest):
            return f"{ord_} {prep} {_gemen(rest)}"
        return f"att {_gemen(rest)}"
    rest = _utan(text, "ändring", "ändringsyrkande", "tillägg", "tilläggsyrkande")
    if not rest:
        return f"ändring av {forslag}" if typ is YrkandeTyp.ANDRING else f"tillägg till {forslag}"
    return f"att {_gemen(_utan(rest, 'att'))}"


def yrkande_mening(yrkande: Yrkande, organ: Organ, arende: Arende | None = None) -> str:
    """'Leif Pettersson (S) yrkar bifall till arbetsutskottets förslag. Per Ek (M) yrkar
    bifall till Leif Petterssons (S) yrkande.'"""
    vad = _yrkar(yrkande, forslagets_namn(arende, organ))
    mening = f"{namn(organ, yrkande.ledamot_id)} yrkar {vad}."
    if yrkande.instammande:
        vem = _och([namn(organ, i) for i in yrkande.instammande])
        mening += f" {vem} yrkar bifall till {genitiv(organ, yrkande.ledamot_id)} yrkande."
    return mening


# -- the alternatives the chair puts -----------------------------------------------------


@dataclass(frozen=True)
class Alternativ:
    """One alternative in a proposition: the förslag (every bifall to it together) or one
    yrkande, in the forms the sentences need."""

    ids: tuple[str, ...]
    namn: str  # in a proposition: 'bifall till arbetsutskottets förslag'
    objekt: (
        str  # what is chosen: 'arbetsutskottets förslag', 'Malin Rönnqvists (SD) ändringsyrkande'
    )
    rost: str  # what a vote is for: 'bifall till …', 'avslag på …'
    presens: str  # 'bifaller arbetsutskottets förslag', 'avslår arbetsutskottets förslag'
    infinitiv: str  # 'bifalla …', 'avslå …'
    texter: tuple[str, ...] = ()  # the yrkanden's own texts, to recognise a typed label


def _alternativ(yrkande: Yrkande, organ: Organ, forslag: str) -> Alternativ:
    if _om_forslaget(yrkande):
        return Alternativ(
            (yrkande.id,),
            f"bifall till {forslag}",
            forslag,
            f"bifall till {forslag}",
            f"bifaller {forslag}",
            f"bifalla {forslag}",
        )
    vem = genitiv(organ, yrkande.ledamot_id)
    if yrkande.typ is YrkandeTyp.AVSLAG:
        objekt = f"{vem} avslagsyrkande"
        return Alternativ(
            (yrkande.id,), objekt, objekt, f"avslag på {forslag}", f"avslår {forslag}",
            f"avslå {forslag}",
        )  # fmt: skip
    ord_ = "yrkande" if yrkande.typ is YrkandeTyp.BIFALL else YRKANDE_SUBSTANTIV[yrkande.typ]
    objekt = f"{vem} {ord_}"
    return Alternativ(
        (yrkande.id,), objekt, objekt, f"bifall till {objekt}", f"bifaller {objekt}",
        f"bifalla {objekt}",
    )  # fmt: skip


def _ordning(paragraf: Paragraf) -> list[Yrkande]:
    ids = {y.id: y for y in paragraf.yrkanden}
    return [ids[i] for i in paragraf.propositionsordning if i in ids] or list(paragraf.yrkanden)


def huvudalternativ(paragraf: Paragraf, organ: Organ, arende: Arende | None) -> list[Alternativ]:
    """The alternatives on the matter itself, in proposition order; every bifall to the
    förslag is one alternative."""
    forslag = forslagets_namn(arende, organ)
    alla: list[Alternativ] = []
    for y in _ordning(paragraf):
        if y.typ in FORMELLA or y.typ is YrkandeTyp.TILLAGG:
            continue
        alt = replace(_alternativ(y, organ, forslag), texter=(_bas(y.text).lower(),))
        samma = next((i for i, a in enumerate(alla) if a.objekt == alt.objekt), None)
        if samma is None:
            alla.append(alt)
        else:
            a = alla[samma]
            alla[samma] = Alternativ(a.ids + alt.ids, *_former(a), a.texter + alt.texter)
    return alla


def _former(a: Alternativ) -> tuple[str, str, str, str, str]:
    return a.namn, a.objekt, a.rost, a.presens, a.infinitiv


def _med(alternativ: list[Alternativ], yrkande_id: str) -> Alternativ | None:
    return next((a for a in alternativ if yrkande_id and yrkande_id in a.ids), None)


# -- votering ------------------------------------------------------------------------------


def _antal(n: int, ental: str, flertal: str) -> str:
    return f"{n} {ental if n == 1 else flertal}"


def roststallning(r: Rakning) -> str:
    """'Med 8 ja-röster mot 2 nej-röster, 1 avstår,' – the opening of a result sentence;
    on a tie '… och ordförandens utslagsröst'."""
    text = (
        f"Med {_antal(r.ja, 'ja-röst', 'ja-röster')} mot {_antal(r.nej, 'nej-röst', 'nej-röster')}"
    )
    if r.avstar:
        text += f", {r.avstar} avstår,"
    if r.utslag:
        text += " och ordförandens utslagsröst"
    return text


def _sidans(o: Omrostning, sida: Rost, alternativ: list[Alternativ]) -> Alternativ | None:
    """The alternative a ja or nej vote stands for: the linked yrkande, else the one the
    recorded label names (stores from before the link was recorded)."""
    yid = o.ja_yrkande if sida is Rost.JA else o.nej_yrkande
    if yid:
        return _med(alternativ, yid)
    text = _bas(o.ja_forslag if sida is Rost.JA else o.nej_forslag).lower()
    former = ({a.rost.lower(), a.namn.lower(), a.objekt.lower(), *a.texter} for a in alternativ)
    return next((a for a, f in zip(alternativ, former, strict=True) if text in f), None)


def _rost_for(
    o: Omrostning, sida: Rost, alternativ: list[Alternativ], som_objekt: bool = False
) -> str:
    """What a ja or nej vote is for ('bifall till …', or with `som_objekt` what is chosen),
    from the alternative, else the recorded label as typed."""
    alt = _sidans(o, sida, alternativ)
    if alt is not None:
        return alt.objekt if som_objekt else alt.rost
    return _liten(_bas(o.ja_forslag if sida is Rost.JA else o.nej_forslag))


# Labels that begin with one of these words are common nouns, lower case inside a sentence.
_SMA_FORSTA_ORD = frozenset(
    {"bifall", "avslag", "förslaget", "återremiss", "bordläggning", "ändring", "tillägg"}
)


def _liten(text: str) -> str:
    forsta = text.split(" ", 1)[0].lower()
    return text[:1].lower() + text[1:] if forsta in _SMA_FORSTA_ORD else text


def _voteringsproposition(
    o: Omrostning, alternativ: list[Alternativ], vi: str, vad: str = ""
) -> list[str]:
    return [
        f"{_stor(vi)} godkänner följande voteringsproposition{vad}:",
        f"Ja-röst för {_rost_for(o, Rost.JA, alternativ)}.",
        f"Nej-röst för {_rost_for(o, Rost.NEJ, alternativ)}.",
    ]


def _vinnare(o: Omrostning, r: Rakning, alternativ: list[Alternativ]) -> Alternativ | None:
    if r.sida is None or r.sida is Rost.AVSTAR:
        return None
    return _sidans(o, r.sida, alternativ)


def motforslag(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> Alternativ | None:
    """The alternative chosen as motförslag in the huvudvotering: by the
    kontrapropositionsvotering when it decided, else the chair's recorded finding."""
    arende = _arende(paragraf, mote)
    alla = huvudalternativ(paragraf, organ, arende)
    o = paragraf.motforslagsvotering
    if o is not None:
        vald = _vinnare(o, rakna(o, ordforande(organ, mote)), alla)
        if vald is not None:
            return vald
    return _med(alla, paragraf.motforslag)


def _arende(paragraf: Paragraf, mote: Sammantrade) -> Arende | None:
    return next((a for a in mote.arenden if a.id == paragraf.arende_id), None)


def _formell(paragraf: Paragraf, yrkande_id: str) -> Yrkande | None:
    return next((y for y in paragraf.yrkanden if y.id == yrkande_id and y.typ in FORMELLA), None)


# -- the beslutsgång -------------------------------------------------------------------------


def _gang(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> list[tuple[bool, str]]:
    """The generated beslutsgång, each paragraph marked True when it belongs to a
    votering (printed from the record even when the secretary words the rest)."""
    if not paragraf.yrkanden:
        return []
    arende = _arende(paragraf, mote)
    vi = organ_i_mening(organ)
    bifallna = set(paragraf.bifallna)
    o = paragraf.omrostning
    chair = ordforande(organ, mote)
    stycken: list[tuple[bool, str]] = []

    def votering(texter: list[str]) -> None:
        stycken.extend((True, t) for t in texter)

    for y in (y for y in _ordning(paragraf) if y.typ in FORMELLA):
        vad = "återremitteras" if y.typ is YrkandeTyp.ATERREMISS else "bordläggas"
        omrostning = o if o is not None and o.nej_yrkande == y.id else None
        vann = y.id in bifallna
        finner = f"ärendet ska {vad}" if vann and not omrostning else "ärendet ska avgöras i dag"
        stycken.append(
            (
                False,
                f"Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller "
                f"{vad} och finner att {vi} beslutar att {finner}.",
            )
        )
        if omrostning is not None:
            votering(
                [
                    "Votering begärs.",
                    f"{_stor(vi)} godkänner följande voteringsproposition:",
                    "Ja-röst för att ärendet ska avgöras i dag.",
                    f"Nej-röst för att ärendet ska {vad}.",
                ]
            )
            r = rakna(omrostning, chair)
            if r.sida is Rost.NEJ:
                return stycken  # the result is the beslut
            if r.sida is not Rost.JA:
                votering([_OAVGJORD])
                return stycken
            votering([f"{roststallning(r)} beslutar {vi} att ärendet ska avgöras i dag."])
        elif vann:
            return stycken

    alla = huvudalternativ(paragraf, organ, arende)
    huvudvotering = o if o is not None and _formell(paragraf, o.nej_yrkande) is None else None
    # With a votering the chair's finding is what the ja-röst stands for.
    fann = _sidans(huvudvotering, Rost.JA, alla) if huvudvotering is not None else None
    fann = fann or next((a for a in alla if bifallna & set(a.ids)), None)
    if len(alla) == 1:
        a = alla[0]
        utfall = "bifaller det" if fann is a else "avslår det"
        stycken.append(
            (False, f"Ordföranden ställer proposition på {a.objekt} och finner att {vi} {utfall}.")
        )
    elif alla:
        delar = [a.namn for a in alla]
        pa = f"{delar[0]} mot {delar[1]}" if len(delar) == 2 else _och(delar)
        finner = f" och finner att {vi} {fann.presens}" if fann else ""
        stycken.append((False, f"Ordföranden ställer proposition på {pa}{finner}."))
    if huvudvotering is not None:
        votering(["Votering begärs."])
        votering(_kontraproposition(paragraf, mote, organ, alla, fann, vi))
        vad = " i huvudvoteringen" if len(alla) > 2 else ""
        votering(_voteringsproposition(huvudvotering, alla, vi, vad))
        if rakna(huvudvotering, chair).sida is None:
            votering([_OAVGJORD])
    for y in (y for y in _ordning(paragraf) if y.typ is YrkandeTyp.TILLAGG):
        utfall = "bifaller det" if y.id in bifallna else "avslår det"
        stycken.append(
            (
                False,
                f"Därefter ställer ordföranden proposition på {genitiv(organ, y.ledamot_id)} "
                f"tilläggsyrkande och finner att {vi} {utfall}.",
            )
        )
    return stycken


_OAVGJORD = "Omröstningen slutar med lika röstetal; ordförandens utslagsröst är inte antecknad."


def _kontraproposition(
    paragraf: Paragraf,
    mote: Sammantrade,
    organ: Organ,
    alla: list[Alternativ],
    fann: Alternativ | None,
    vi: str,
) -> list[str]:
    """With three or more alternatives the votering first picks the motförslag (the
    kontraproposition) among those the chair did not find adopted."""
    if len(alla) < 3:
        return []
    ovriga = [a for a in alla if a is not fann]
    vald = motforslag(paragraf, mote, organ)
    o = paragraf.motforslagsvotering
    pa = (
        _och([a.namn for a in ovriga])
        if len(ovriga) != 2
        else f"{ovriga[0].namn} mot {ovriga[1].namn}"
    )
    text = (
        f"Ordföranden ställer därefter proposition på {pa} för att utse motförslag i "
        "huvudvoteringen"
    )
    if o is None:
        if vald is None:
            return [text + "."]
        return [text + f" och finner att {vi} utser {vald.objekt} till motförslag."]
    forst = _sidans(o, Rost.JA, ovriga)
    stycken = [
        text + (f" och finner att {vi} utser {forst.objekt} till motförslag." if forst else ".")
    ]
    stycken += [
        "Votering begärs även om motförslaget.",
        f"{_stor(vi)} godkänner följande voteringsproposition för att utse motförslag:",
        f"Ja-röst för {_rost_for(o, Rost.JA, ovriga, True)} som motförslag.",
        f"Nej-röst för {_rost_for(o, Rost.NEJ, ovriga, True)} som motförslag.",
    ]
    r = rakna(o, ordforande(organ, mote))
    vinnare = _vinnare(o, r, ovriga)
    if r.sida is None:
        stycken.append(_OAVGJORD)
    elif vinnare is not None:
        stycken.append(
            f"{roststallning(r)} utser {vi} {vinnare.objekt} till motförslag i huvudvoteringen."
        )
    return stycken


def jav_meningar(paragraf: Paragraf, organ: Organ) -> list[str]:
    meningar = []
    for j in paragraf.jav:
        text = f"{namn(organ, j.ledamot_id)} anmäler jäv och deltar inte i handläggningen."
        if j.ersatt_av:
            text += f" {namn(organ, j.ersatt_av)} tjänstgör i stället."
        meningar.append(text)
    return meningar


def _stycken(text: str) -> list[str]:
    return [rad.strip() for rad in text.splitlines() if rad.strip()]


def behandling(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> list[str]:
    """Behandling of the §: jäv, the yrkanden, then the beslutsgång. The secretary's own
    text, when written, replaces the generated propositions; the voteringar are always
    printed from the record, after it."""
    arende = _arende(paragraf, mote)
    egen = _stycken(paragraf.behandling)
    skrivet = " ".join(" ".join(egen).split())
    # A votering sentence the secretary already wrote is not printed a second time.
    gang = [
        t
        for votering, t in _gang(paragraf, mote, organ)
        if not egen or (votering and t not in skrivet)
    ]
    return [
        *jav_meningar(paragraf, organ),
        *(yrkande_mening(y, organ, arende) for y in paragraf.yrkanden),
        *egen,
        *gang,
    ]


def voteringar(paragraf: Paragraf) -> list[tuple[str, Omrostning]]:
    """Each votering with the title of its named list, in the order they were held."""
    listor = []
    if paragraf.motforslagsvotering is not None:
        listor.append(("Voteringslista, val av motförslag", paragraf.motforslagsvotering))
    if paragraf.omrostning is not None:
        titel = "Voteringslista, huvudvotering" if listor else "Voteringslista"
        listor.append((titel, paragraf.omrostning))
    return listor


# -- the beslut -------------------------------------------------------------------------------


def beslut_stycken(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> list[str]:
    """The beslut as recorded, opened by the result of the deciding votering: 'Med 8
    ja-röster mot 2 nej-röster, 1 avstår, beslutar kommunstyrelsen …'. A beslut that starts
    with the organ ('Kommunstyrelsen återremitterar …') takes the result into its sentence."""
    stycken = _stycken(paragraf.beslut)
    o = paragraf.omrostning
    if o is None:
        return stycken
    r = rakna(o, ordforande(organ, mote))
    if r.sida is None or r.sida is Rost.AVSTAR:
        return stycken
    formell = _formell(paragraf, o.nej_yrkande)
    if formell is not None and r.sida is Rost.JA:
        return stycken  # only decided to go on today: said in Behandling
    vi = organ_i_mening(organ)
    oppning = roststallning(r)
    if stycken:
        m = re.match(rf"{re.escape(organ.namn)}\s+(\S+)\s+(.*)", stycken[0], re.IGNORECASE)
        if m:
            return [f"{oppning} {m.group(1)} {vi} {m.group(2)}", *stycken[1:]]
    if formell is not None:
        vad = "återremittera" if formell.typ is YrkandeTyp.ATERREMISS else "bordlägga"
        return [f"{oppning} beslutar {vi} att {vad} ärendet.", *stycken]
    alla = huvudalternativ(paragraf, organ, _arende(paragraf, mote))
    vinnare = _vinnare(o, r, alla)
    vad = f"att {vinnare.infinitiv}" if vinnare else f"enligt {_liten(_bas(r.vinnare or ''))}"
    return [f"{oppning} beslutar {vi} {vad}.", *stycken]


# -- reservationer and protokollsanteckningar -------------------------------------------------


def _forlorade(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> list[Yrkande]:
    """The yrkanden the decision went against."""
    arende = _arende(paragraf, mote)
    alla = huvudalternativ(paragraf, organ, arende)
    o = paragraf.omrostning
    vann: set[str] = set(paragraf.bifallna)
    if o is not None:
        r = rakna(o, ordforande(organ, mote))
        vinnare = _vinnare(o, r, alla)
        if vinnare is not None:
            vann = (vann - {i for a in alla for i in a.ids}) | set(vinnare.ids)
    return [y for y in paragraf.yrkanden if y.id not in vann]


def _till_forman(
    ledamot_id: str, forlorade: Iterable[Yrkande], organ: Organ, rostade_for: str
) -> str:
    """'till förmån för eget yrkande', for the yrkande the member supported, or for what
    the member voted for in the votering."""
    forlorade = list(forlorade)
    if any(y.ledamot_id == ledamot_id for y in forlorade):
        return " till förmån för eget yrkande"
    stod = next((y for y in forlorade if ledamot_id in y.instammande), None)
    if stod is not None:
        return f" till förmån för {genitiv(organ, stod.ledamot_id)} yrkande"
    return f" till förmån för {rostade_for}" if rostade_for else ""


def _forlorande_sida(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> dict[str, str]:
    """Member → the alternative they voted for and lost, in the huvudvotering."""
    o = paragraf.omrostning
    if o is None:
        return {}
    r = rakna(o, ordforande(organ, mote))
    if r.sida not in (Rost.JA, Rost.NEJ):
        return {}
    sida = Rost.NEJ if r.sida is Rost.JA else Rost.JA
    alt = _sidans(o, sida, huvudalternativ(paragraf, organ, _arende(paragraf, mote)))
    if alt is None:
        return {}
    return {i: alt.objekt for i, rost in o.roster.items() if rost is sida}


def reservationer(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> list[str]:
    """One sentence per person ('Malin Rönnqvist (SD) reserverar sig mot beslutet till
    förmån för eget yrkande.'), the written reservation printed under it."""
    forlorade = _forlorade(paragraf, mote, organ)
    rostade = _forlorande_sida(paragraf, mote, organ)
    stycken: list[str] = []
    for a in paragraf.anteckningar:
        if a.typ is not AnteckningTyp.RESERVATION:
            continue
        meningar = [
            f"{namn(organ, i)} reserverar sig mot beslutet"
            + _till_forman(i, forlorade, organ, rostade.get(i, ""))
            for i in a.ledamot_ids
        ]
        motivering = _stycken(a.motivering)
        if motivering and len(meningar) == 1:
            meningar[0] += " och lämnar följande skriftliga reservation:"
        elif motivering:
            meningar.append(
                f"{_och([namn(organ, i) for i in a.ledamot_ids])} lämnar följande skriftliga "
                "reservation:"
            )
        stycken += [m if m.endswith(":") else m + "." for m in meningar]
        stycken += motivering
        if not motivering:
            stycken.append(
                "Ingen skriftlig motivering lämnades före justeringen."
                if mote.last
                else "Skriftlig motivering ska lämnas före justeringen."
            )
    return stycken


def protokollsanteckningar(paragraf: Paragraf, organ: Organ) -> list[str]:
    stycken: list[str] = []
    for a in paragraf.anteckningar:
        if a.typ is not AnteckningTyp.PROTOKOLLSANTECKNING:
            continue
        vem = _och([namn(organ, i) for i in a.ledamot_ids])
        text = _stycken(a.motivering)
        stycken.append(f"{vem} lämnar följande protokollsanteckning:" if text else
                       f"{vem} lämnar en protokollsanteckning.")  # fmt: skip
        stycken += text
    return stycken


# -- recording a votering ------------------------------------------------------------------


def forslagsnamn(yrkande: Yrkande, organ: Organ, arende: Arende | None) -> str:
    """How the chair names a yrkande in a proposition ('Malin Rönnqvists (SD)
    ändringsyrkande', 'bifall till arbetsutskottets förslag')."""
    if yrkande.typ in FORMELLA or yrkande.typ is YrkandeTyp.TILLAGG:
        return f"{genitiv(organ, yrkande.ledamot_id)} {YRKANDE_SUBSTANTIV[yrkande.typ]}"
    return _alternativ(yrkande, organ, forslagets_namn(arende, organ)).namn


def _votering(ja: Alternativ | None, nej: Alternativ | None) -> Omrostning:
    return Omrostning(
        _stor(ja.rost) if ja else "Bifall till förslaget",
        _stor(nej.rost) if nej else "Avslag",
        ja_yrkande=ja.ids[0] if ja else "",
        nej_yrkande=nej.ids[0] if nej else "",
    )


def ny_votering(paragraf: Paragraf, organ: Organ, arende: Arende | None) -> Omrostning:
    """The huvudvotering's voteringsproposition: ja for what the chair found adopted (else
    the first alternative), nej for the motförslag (else the next alternative)."""
    alla = huvudalternativ(paragraf, organ, arende)
    ja = next((a for a in alla if set(paragraf.bifallna) & set(a.ids)), alla[0] if alla else None)
    nej = _med(alla, paragraf.motforslag) if paragraf.motforslag else None
    nej = nej or next((a for a in alla if a is not ja), None)
    return _votering(ja, nej)


def ny_motforslagsvotering(paragraf: Paragraf, organ: Organ, arende: Arende | None) -> Omrostning:
    """The kontrapropositionsvotering: between the alternatives the chair did not find
    adopted (ja for the one the chair proposes as motförslag, else the first)."""
    alla = huvudalternativ(paragraf, organ, arende)
    fann = next((a for a in alla if set(paragraf.bifallna) & set(a.ids)), alla[0] if alla else None)
    ovriga = [a for a in alla if a is not fann]
    ja = _med(ovriga, paragraf.motforslag) or (ovriga[0] if ovriga else None)
    nej = next((a for a in ovriga if a is not ja), None)
    return _votering(ja, nej)


def tillampa_votering(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> None:
    """After a votering: the huvudvotering's winner becomes the adopted alternative (the
    loser is no longer adopted); a kontrapropositionsvotering's winner the motförslag."""
    alla = huvudalternativ(paragraf, organ, _arende(paragraf, mote))
    chair = ordforande(organ, mote)
    o = paragraf.motforslagsvotering
    if o is not None:
        vald = _vinnare(o, rakna(o, chair), alla)
        if vald is not None:
            paragraf.motforslag = vald.ids[0]
    o = paragraf.omrostning
    if o is None:
        return
    vinnare = _vinnare(o, rakna(o, chair), alla)
    if vinnare is None:
        return
    ovriga = {i for a in alla for i in a.ids}
    paragraf.bifallna = [i for i in paragraf.bifallna if i not in ovriga] + list(vinnare.ids)


def beslutsgang(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> str:
    """The generated propositions and findings as text the secretary can edit in the
    behandling (one paragraph a line); the voteringar follow it from the record."""
    return "\n".join(t for votering, t in _gang(paragraf, mote, organ) if not votering)
