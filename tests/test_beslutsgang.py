"""Recorded beslutsgångar and the exact sentences a secretary signs (issue 10 point 4).

Each case records a § the way meeting mode does (yrkanden, proposition order, the chair's
finding, voteringar, jäv, reservationer) and lists the Behandling, the Beslut and the
reservationer the protokoll prints for it, word for word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest

from kallelse_tui.domain.beslutsgang import (
    behandling,
    beslut_stycken,
    beslutsgang,
    forslagets_namn,
    ny_motforslagsvotering,
    ny_votering,
    protokollsanteckningar,
    reservationer,
    tillampa_votering,
    voteringar,
    yrkande_mening,
)
from kallelse_tui.domain.model import (
    Anteckning,
    AnteckningTyp,
    Arende,
    Forslag,
    Jav,
    Ledamot,
    NarvaroPost,
    NarvaroTyp,
    Omrostning,
    Organ,
    OrganTyp,
    Paragraf,
    Roll,
    Rost,
    Sammantrade,
    Yrkande,
    YrkandeTyp,
)
from kallelse_tui.domain.status import Status

KS_NAMN = [
    ("Anna-Karin Lund", "S", Roll.ORDFORANDE),
    ("Leif Pettersson", "S", Roll.VICE_1),
    ("Malin Rönnqvist", "SD", Roll.VICE_2),
    ("Bo Ek", "M", Roll.LEDAMOT),
    ("Sofia Nilsson", "C", Roll.LEDAMOT),
    ("Lena Åkerlund", "V", Roll.LEDAMOT),
    ("Pia Lindqvist", "KD", Roll.LEDAMOT),
    ("Jonas Ros", "KD", Roll.LEDAMOT),
    ("Eva Sjöberg", "L", Roll.LEDAMOT),
    ("Rolf Hägglund", "S", Roll.LEDAMOT),
    ("Olof Sandberg", "M", Roll.LEDAMOT),
]
ALLA = [f"l{i}" for i in range(1, 12)]


def ks() -> Organ:
    ledamoter = [Ledamot(f"l{i}", n, p, r) for i, (n, p, r) in enumerate(KS_NAMN, 1)]
    ledamoter.append(Ledamot("e1", "Kerstin Öhman", "S", Roll.ERSATTARE))
    return Organ("ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE, ledamoter=ledamoter)


def mote(paragraf: Paragraf) -> Sammantrade:
    m = Sammantrade("ks-2026-10-19", "ks", date(2026, 10, 19), status=Status.PAGAR)
    m.arenden = [
        Arende(
            "a1",
            "Internbudget 2027",
            forslag=[Forslag(["Internbudgeten för 2027 fastställs."])],
            tidigare=["KSAU § 143"],
        ),
        Arende(
            "a2",
            "Motion om laddstolpar",
            forslag=[Forslag(["Motionen anses besvarad."], "fullmäktige")],
            forslagsstallare="Kommunstyrelsens arbetsutskott",
        ),
    ]
    m.narvaro = [NarvaroPost(i, NarvaroTyp.TJANSTGOR) for i in ALLA]
    m.narvaro.append(NarvaroPost("e1", NarvaroTyp.NARVARANDE_ERSATTARE))
    m.paragrafer = [paragraf]
    return m


def roster(ja: str = "", nej: str = "", avstar: str = "") -> dict[str, Rost]:
    """Votes by member number: roster('1 2 3', '4', '5')."""
    votes: dict[str, Rost] = {}
    for rost, nummer in ((Rost.JA, ja), (Rost.NEJ, nej), (Rost.AVSTAR, avstar)):
        votes.update({f"l{n}": rost for n in nummer.split()})
    return votes


def votering(ja_id: str, nej_id: str, votes: dict[str, Rost], **kw: object) -> Omrostning:
    return Omrostning("", "", votes, ja_yrkande=ja_id, nej_yrkande=nej_id, **kw)  # type: ignore[arg-type]


B = YrkandeTyp.BIFALL
BESLUT = "1. Internbudgeten för 2027 fastställs enligt bilaga 1."
ATTA_TVA_EN = roster("1 2 4 5 6 8 9 10", "3 7", "11")
PROPOSITION = (
    "Ordföranden ställer proposition på bifall till arbetsutskottets förslag mot Malin "
    "Rönnqvists (SD) ändringsyrkande och finner att kommunstyrelsen bifaller arbetsutskottets "
    "förslag."
)
LEIF_BIFALL = "Leif Pettersson (S) yrkar bifall till arbetsutskottets förslag."
MALIN_ANDRING = (
    "Malin Rönnqvist (SD) yrkar att ramen för kultur minskas med 1,5 mkr som flyttas till "
    "äldreomsorgen."
)
MALIN_ANDRING_PIA = (
    MALIN_ANDRING + " Pia Lindqvist (KD) yrkar bifall till Malin Rönnqvists (SD) yrkande."
)
VOTERINGSPROPOSITION = [
    "Votering begärs.",
    "Kommunstyrelsen godkänner följande voteringsproposition:",
    "Ja-röst för bifall till arbetsutskottets förslag.",
    "Nej-röst för bifall till Malin Rönnqvists (SD) ändringsyrkande.",
]


def leif() -> Yrkande:
    return Yrkande("y1", "l2", B)


def malin(**kw: object) -> Yrkande:
    text = "Ramen för kultur minskas med 1,5 mkr som flyttas till äldreomsorgen."
    return Yrkande("y2", "l3", YrkandeTyp.ANDRING, text, **kw)  # type: ignore[arg-type]


def bo_avslag(text: str = "") -> Yrkande:
    return Yrkande("y3", "l4", YrkandeTyp.AVSLAG, text)


def p(*yrkanden: Yrkande, beslut: str = BESLUT, arende: str = "a1", **kw: object) -> Paragraf:
    ordning = kw.pop("propositionsordning", [y.id for y in yrkanden])
    return Paragraf(
        176,
        arende,
        beslut,
        yrkanden=list(yrkanden),
        propositionsordning=ordning,
        **kw,  # type: ignore[arg-type]
    )


@dataclass
class Fall:
    namn: str
    paragraf: Callable[[], Paragraf]
    behandling: list[str]
    beslut: list[str] = field(default_factory=lambda: [BESLUT])
    reservation: list[str] = field(default_factory=list)
    anteckning: list[str] = field(default_factory=list)


FALL = [
    Fall(
        "ett yrkande, bifall",
        lambda: p(leif(), bifallna=["y1"]),
        [
            LEIF_BIFALL,
            "Ordföranden ställer proposition på arbetsutskottets förslag och finner att "
            "kommunstyrelsen bifaller det.",
        ],
    ),
    Fall(
        "bifall mot avslag, acklamation, bifall",
        lambda: p(leif(), bo_avslag(), bifallna=["y1"]),
        [
            LEIF_BIFALL,
            "Bo Ek (M) yrkar avslag.",
            "Ordföranden ställer proposition på bifall till arbetsutskottets förslag mot Bo Eks "
            "(M) avslagsyrkande och finner att kommunstyrelsen bifaller arbetsutskottets "
            "förslag.",
        ],
    ),
    Fall(
        "bifall mot avslag, acklamation, avslag",
        lambda: p(leif(), bo_avslag(), bifallna=["y3"], beslut="Kommunstyrelsen avslår förslaget."),
        [
            LEIF_BIFALL,
            "Bo Ek (M) yrkar avslag.",
            "Ordföranden ställer proposition på bifall till arbetsutskottets förslag mot Bo Eks "
            "(M) avslagsyrkande och finner att kommunstyrelsen avslår arbetsutskottets förslag.",
        ],
        ["Kommunstyrelsen avslår förslaget."],
    ),
    Fall(
        "avslag på ett namngivet förslag, namn på -s",
        lambda: p(
            leif(), Yrkande("y3", "l8", YrkandeTyp.AVSLAG, "Avslag på motionen."), bifallna=["y1"]
        ),
        [
            LEIF_BIFALL,
            "Jonas Ros (KD) yrkar avslag på motionen.",
            "Ordföranden ställer proposition på bifall till arbetsutskottets förslag mot Jonas "
            "Ros (KD) avslagsyrkande och finner att kommunstyrelsen bifaller arbetsutskottets "
            "förslag.",
        ],
    ),
    Fall(
        "bifall till en annans yrkande",
        lambda: p(Yrkande("y1", "l2", B, instammande=["l5", "l9"]), bifallna=["y1"]),
        [
            LEIF_BIFALL + " Sofia Nilsson (C) och Eva Sjöberg (L) yrkar bifall till Leif "
            "Petterssons (S) yrkande.",
            "Ordföranden ställer proposition på arbetsutskottets förslag och finner att "
            "kommunstyrelsen bifaller det.",
        ],
    ),
    Fall(
        "två bifall till förslaget är ett förslag",
        lambda: p(
            leif(),
            Yrkande("y4", "l5", B, "Bifall till arbetsutskottets förslag."),
            malin(),
            bifallna=["y1"],
        ),
        [
            LEIF_BIFALL,
            "Sofia Nilsson (C) yrkar bifall till arbetsutskottets förslag.",
            MALIN_ANDRING,
            PROPOSITION,
        ],
    ),
    Fall(
        "ändringsyrkande, acklamation",
        lambda: p(leif(), malin(instammande=["l7"]), bifallna=["y1"]),
        [LEIF_BIFALL, MALIN_ANDRING_PIA, PROPOSITION],
    ),
    Fall(
        "ändringsyrkande, votering 8–2–1",
        lambda: p(
            leif(),
            malin(instammande=["l7"]),
            bifallna=["y1"],
            omrostning=votering("y1", "y2", ATTA_TVA_EN),
        ),
        [LEIF_BIFALL, MALIN_ANDRING_PIA, PROPOSITION, *VOTERINGSPROPOSITION],
        [
            "Med 8 ja-röster mot 2 nej-röster, 1 avstår, beslutar kommunstyrelsen att bifalla "
            "arbetsutskottets förslag.",
            BESLUT,
        ],
    ),
    Fall(
        "votering, beslutet börjar med organet",
        lambda: p(
            leif(),
            malin(),
            beslut="Kommunstyrelsen fastställer internbudgeten för 2027.",
            omrostning=votering("y1", "y2", ATTA_TVA_EN),
        ),
        [LEIF_BIFALL, MALIN_ANDRING, PROPOSITION, *VOTERINGSPROPOSITION],
        [
            "Med 8 ja-röster mot 2 nej-röster, 1 avstår, fastställer kommunstyrelsen "
            "internbudgeten för 2027."
        ],
    ),
    Fall(
        "votering, ändringsyrkandet vinner",
        lambda: p(
            leif(),
            malin(),
            bifallna=["y1"],
            omrostning=votering("y1", "y2", roster("1 2 10 11", "3 4 5 6 7 8", "9")),
        ),
        [LEIF_BIFALL, MALIN_ANDRING, PROPOSITION, *VOTERINGSPROPOSITION],
        [
            "Med 4 ja-röster mot 6 nej-röster, 1 avstår, beslutar kommunstyrelsen att bifalla "
            "Malin Rönnqvists (SD) ändringsyrkande.",
            BESLUT,
        ],
    ),
    Fall(
        "votering, en nej-röst",
        lambda: p(
            leif(),
            malin(),
            bifallna=["y1"],
            omrostning=votering("y1", "y2", roster("1 2 4 5 6 7 8 9 10 11", "3")),  # fmt: skip
        ),
        [LEIF_BIFALL, MALIN_ANDRING, PROPOSITION, *VOTERINGSPROPOSITION],
        [
            "Med 10 ja-röster mot 1 nej-röst beslutar kommunstyrelsen att bifalla "
            "arbetsutskottets förslag.",
            BESLUT,
        ],
    ),
    Fall(
        "lika röstetal, antecknad utslagsröst",
        lambda: p(
            leif(),
            malin(),
            bifallna=["y1"],
            omrostning=votering(
                "y1", "y2", roster("1 2 4 5 6", "3 7 8 9 10", "11"), utslagsrost=Rost.JA
            ),
        ),
        [LEIF_BIFALL, MALIN_ANDRING, PROPOSITION, *VOTERINGSPROPOSITION],
        [
            "Med 5 ja-röster mot 5 nej-röster, 1 avstår, och ordförandens utslagsröst "
            "beslutar kommunstyrelsen att bifalla arbetsutskottets förslag.",
            BESLUT,
        ],
    ),
    Fall(
        "lika röstetal, ordförandens egen röst avgör",
        lambda: p(
            leif(),
            malin(),
            bifallna=["y1"],
            omrostning=votering("y1", "y2", roster("2 4 5 6 7", "1 3 8 9 10", "11")),
        ),
        [LEIF_BIFALL, MALIN_ANDRING, PROPOSITION, *VOTERINGSPROPOSITION],
        [
            "Med 5 ja-röster mot 5 nej-röster, 1 avstår, och ordförandens utslagsröst "
            "beslutar kommunstyrelsen att bifalla Malin Rönnqvists (SD) ändringsyrkande.",
            BESLUT,
        ],
    ),
    Fall(
        "lika röstetal utan utslagsröst",
        lambda: p(
            leif(),
            malin(),
            bifallna=["y1"],
            omrostning=votering("y1", "y2", roster("2 4 5 6 7", "3 8 9 10 11", "1")),
        ),
        [
            LEIF_BIFALL,
            MALIN_ANDRING,
            PROPOSITION,
            *VOTERINGSPROPOSITION,
            "Omröstningen slutar med lika röstetal; ordförandens utslagsröst är inte antecknad.",
        ],
    ),
    Fall(
        "återremiss bifalls",
        lambda: p(
            leif(),
            Yrkande("y3", "l4", YrkandeTyp.ATERREMISS, "för att utreda en tillbyggnad"),
            propositionsordning=["y3", "y1"],
            bifallna=["y3"],
            beslut="Kommunstyrelsen återremitterar ärendet till förvaltningen för att utreda "
            "en tillbyggnad.",
        ),
        [
            LEIF_BIFALL,
            "Bo Ek (M) yrkar att ärendet återremitteras för att utreda en tillbyggnad.",
            "Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller "
            "återremitteras och finner att kommunstyrelsen beslutar att ärendet ska "
            "återremitteras.",
        ],
        [
            "Kommunstyrelsen återremitterar ärendet till förvaltningen för att utreda en "
            "tillbyggnad."
        ],
    ),
    Fall(
        "återremiss avslås, avgörs i dag",
        lambda: p(
            leif(),
            Yrkande("y3", "l4", YrkandeTyp.ATERREMISS, "Återremiss för att utreda en tillbyggnad."),
            propositionsordning=["y3", "y1"],
            bifallna=["y1"],
        ),
        [
            LEIF_BIFALL,
            "Bo Ek (M) yrkar att ärendet återremitteras för att utreda en tillbyggnad.",
            "Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller "
            "återremitteras och finner att kommunstyrelsen beslutar att ärendet ska avgöras i "
            "dag.",
            "Ordföranden ställer proposition på arbetsutskottets förslag och finner att "
            "kommunstyrelsen bifaller det.",
        ],
    ),
    Fall(
        "votering om återremiss, avgörs i dag",
        lambda: p(
            leif(),
            Yrkande("y3", "l4", YrkandeTyp.ATERREMISS, "utreda en tillbyggnad"),
            propositionsordning=["y3", "y1"],
            bifallna=["y1"],
            omrostning=votering("", "y3", roster("1 2 3 5 6 9 10", "4 7 8 11")),
        ),
        [
            LEIF_BIFALL,
            "Bo Ek (M) yrkar att ärendet återremitteras för att utreda en tillbyggnad.",
            "Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller "
            "återremitteras och finner att kommunstyrelsen beslutar att ärendet ska avgöras i "
            "dag.",
            "Votering begärs.",
            "Kommunstyrelsen godkänner följande voteringsproposition:",
            "Ja-röst för att ärendet ska avgöras i dag.",
            "Nej-röst för att ärendet ska återremitteras.",
            "Med 7 ja-röster mot 4 nej-röster beslutar kommunstyrelsen att ärendet ska avgöras "
            "i dag.",
            "Ordföranden ställer proposition på arbetsutskottets förslag och finner att "
            "kommunstyrelsen bifaller det.",
        ],
    ),
    Fall(
        "votering om återremiss, återremitteras",
        lambda: p(
            leif(),
            Yrkande("y3", "l4", YrkandeTyp.ATERREMISS, "utreda en tillbyggnad"),
            propositionsordning=["y3", "y1"],
            omrostning=votering("", "y3", roster("1 2 3 5", "4 6 7 8 9 10 11")),
            beslut="Kommunstyrelsen återremitterar ärendet till förvaltningen för att utreda "
            "en tillbyggnad.",
        ),
        [
            LEIF_BIFALL,
            "Bo Ek (M) yrkar att ärendet återremitteras för att utreda en tillbyggnad.",
            "Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller "
            "återremitteras och finner att kommunstyrelsen beslutar att ärendet ska avgöras i "
            "dag.",
            "Votering begärs.",
            "Kommunstyrelsen godkänner följande voteringsproposition:",
            "Ja-röst för att ärendet ska avgöras i dag.",
            "Nej-röst för att ärendet ska återremitteras.",
        ],
        [
            "Med 4 ja-röster mot 7 nej-röster återremitterar kommunstyrelsen ärendet till "
            "förvaltningen för att utreda en tillbyggnad."
        ],
    ),
    Fall(
        "bordläggning",
        lambda: p(
            Yrkande("y5", "l6", YrkandeTyp.BORDLAGGNING, "till nästa sammanträde"),
            bifallna=["y5"],
            beslut="Kommunstyrelsen bordlägger ärendet till nästa sammanträde.",
        ),
        [
            "Lena Åkerlund (V) yrkar att ärendet bordläggs till nästa sammanträde.",
            "Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller "
            "bordläggas och finner att kommunstyrelsen beslutar att ärendet ska bordläggas.",
        ],
        ["Kommunstyrelsen bordlägger ärendet till nästa sammanträde."],
    ),
    Fall(
        "tilläggsyrkande bifalls",
        lambda: p(
            leif(),
            Yrkande("y6", "l6", YrkandeTyp.TILLAGG, "Uppföljning redovisas varje kvartal."),
            bifallna=["y1", "y6"],
        ),
        [
            LEIF_BIFALL,
            "Lena Åkerlund (V) yrkar att uppföljning redovisas varje kvartal.",
            "Ordföranden ställer proposition på arbetsutskottets förslag och finner att "
            "kommunstyrelsen bifaller det.",
            "Därefter ställer ordföranden proposition på Lena Åkerlunds (V) tilläggsyrkande och "
            "finner att kommunstyrelsen bifaller det.",
        ],
    ),
    Fall(
        "tilläggsyrkande avslås, reservation till förmån för eget yrkande",
        lambda: p(
            leif(),
            Yrkande("y6", "l6", YrkandeTyp.TILLAGG, "att uppföljning redovisas varje kvartal"),
            bifallna=["y1"],
            anteckningar=[Anteckning(AnteckningTyp.RESERVATION, ["l6"], "Uppföljningen behövs.")],
        ),
        [
            LEIF_BIFALL,
            "Lena Åkerlund (V) yrkar att uppföljning redovisas varje kvartal.",
            "Ordföranden ställer proposition på arbetsutskottets förslag och finner att "
            "kommunstyrelsen bifaller det.",
            "Därefter ställer ordföranden proposition på Lena Åkerlunds (V) tilläggsyrkande och "
            "finner att kommunstyrelsen avslår det.",
        ],
        reservation=[
            "Lena Åkerlund (V) reserverar sig mot beslutet till förmån för eget yrkande och "
            "lämnar följande skriftliga reservation:",
            "Uppföljningen behövs.",
        ],
    ),
    Fall(
        "tre yrkanden, motförslaget utan votering, huvudvotering",
        lambda: p(
            leif(),
            malin(),
            bo_avslag(),
            bifallna=["y1"],
            motforslag="y2",
            omrostning=votering("y1", "y2", roster("1 2 4 5 6 8 10", "3 7 9", "11")),
        ),
        [
            LEIF_BIFALL,
            MALIN_ANDRING,
            "Bo Ek (M) yrkar avslag.",
            "Ordföranden ställer proposition på bifall till arbetsutskottets förslag, Malin "
            "Rönnqvists (SD) ändringsyrkande och Bo Eks (M) avslagsyrkande och finner att "
            "kommunstyrelsen bifaller arbetsutskottets förslag.",
            "Votering begärs.",
            "Ordföranden ställer därefter proposition på Malin Rönnqvists (SD) ändringsyrkande "
            "mot Bo Eks (M) avslagsyrkande för att utse motförslag i huvudvoteringen och finner "
            "att kommunstyrelsen utser Malin Rönnqvists (SD) ändringsyrkande till motförslag.",
            "Kommunstyrelsen godkänner följande voteringsproposition i huvudvoteringen:",
            "Ja-röst för bifall till arbetsutskottets förslag.",
            "Nej-röst för bifall till Malin Rönnqvists (SD) ändringsyrkande.",
        ],
        [
            "Med 7 ja-röster mot 3 nej-röster, 1 avstår, beslutar kommunstyrelsen att bifalla "
            "arbetsutskottets förslag.",
            BESLUT,
        ],
    ),
    Fall(
        "kontrapropositionsvotering, sedan huvudvotering",
        lambda: p(
            leif(),
            malin(),
            bo_avslag(),
            bifallna=["y1"],
            motforslagsvotering=votering("y2", "y3", roster("3 7 9", "4 11", "1 2 5 6 8 10")),
            omrostning=votering("y1", "y2", roster("1 2 5 6 8 10", "3 7 9", "4 11")),
            anteckningar=[
                Anteckning(AnteckningTyp.RESERVATION, ["l3", "l7"]),
                Anteckning(AnteckningTyp.RESERVATION, ["l4"]),
            ],
        ),
        [
            LEIF_BIFALL,
            MALIN_ANDRING,
            "Bo Ek (M) yrkar avslag.",
            "Ordföranden ställer proposition på bifall till arbetsutskottets förslag, Malin "
            "Rönnqvists (SD) ändringsyrkande och Bo Eks (M) avslagsyrkande och finner att "
            "kommunstyrelsen bifaller arbetsutskottets förslag.",
            "Votering begärs.",
            "Ordföranden ställer därefter proposition på Malin Rönnqvists (SD) ändringsyrkande "
            "mot Bo Eks (M) avslagsyrkande för att utse motförslag i huvudvoteringen och finner "
            "att kommunstyrelsen utser Malin Rönnqvists (SD) ändringsyrkande till motförslag.",
            "Votering begärs även om motförslaget.",
            "Kommunstyrelsen godkänner följande voteringsproposition för att utse motförslag:",
            "Ja-röst för Malin Rönnqvists (SD) ändringsyrkande som motförslag.",
            "Nej-röst för Bo Eks (M) avslagsyrkande som motförslag.",
            "Med 3 ja-röster mot 2 nej-röster, 6 avstår, utser kommunstyrelsen Malin Rönnqvists "
            "(SD) ändringsyrkande till motförslag i huvudvoteringen.",
            "Kommunstyrelsen godkänner följande voteringsproposition i huvudvoteringen:",
            "Ja-röst för bifall till arbetsutskottets förslag.",
            "Nej-röst för bifall till Malin Rönnqvists (SD) ändringsyrkande.",
        ],
        [
            "Med 6 ja-röster mot 3 nej-röster, 2 avstår, beslutar kommunstyrelsen att bifalla "
            "arbetsutskottets förslag.",
            BESLUT,
        ],
        reservation=[
            "Malin Rönnqvist (SD) reserverar sig mot beslutet till förmån för eget yrkande.",
            "Pia Lindqvist (KD) reserverar sig mot beslutet till förmån för Malin Rönnqvists "
            "(SD) ändringsyrkande.",
            "Skriftlig motivering ska lämnas före justeringen.",
            "Bo Ek (M) reserverar sig mot beslutet till förmån för eget yrkande.",
            "Skriftlig motivering ska lämnas före justeringen.",
        ],
    ),
    Fall(
        "kontrapropositionsvotering, avslaget blir motförslag och vinner",
        lambda: p(
            leif(),
            malin(),
            bo_avslag(),
            bifallna=["y1"],
            motforslagsvotering=votering("y2", "y3", roster("3", "4 8 11", "1 2 5 6 7 9 10")),
            omrostning=votering("y1", "y3", roster("1 2 5 6 10", "3 4 7 8 9 11")),
            beslut="Kommunstyrelsen avslår förslaget.",
        ),
        [
            LEIF_BIFALL,
            MALIN_ANDRING,
            "Bo Ek (M) yrkar avslag.",
            "Ordföranden ställer proposition på bifall till arbetsutskottets förslag, Malin "
            "Rönnqvists (SD) ändringsyrkande och Bo Eks (M) avslagsyrkande och finner att "
            "kommunstyrelsen bifaller arbetsutskottets förslag.",
            "Votering begärs.",
            "Ordföranden ställer därefter proposition på Malin Rönnqvists (SD) ändringsyrkande "
            "mot Bo Eks (M) avslagsyrkande för att utse motförslag i huvudvoteringen och finner "
            "att kommunstyrelsen utser Malin Rönnqvists (SD) ändringsyrkande till motförslag.",
            "Votering begärs även om motförslaget.",
            "Kommunstyrelsen godkänner följande voteringsproposition för att utse motförslag:",
            "Ja-röst för Malin Rönnqvists (SD) ändringsyrkande som motförslag.",
            "Nej-röst för Bo Eks (M) avslagsyrkande som motförslag.",
            "Med 1 ja-röst mot 3 nej-röster, 7 avstår, utser kommunstyrelsen Bo Eks (M) "
            "avslagsyrkande till motförslag i huvudvoteringen.",
            "Kommunstyrelsen godkänner följande voteringsproposition i huvudvoteringen:",
            "Ja-röst för bifall till arbetsutskottets förslag.",
            "Nej-röst för avslag på arbetsutskottets förslag.",
        ],
        ["Med 5 ja-röster mot 6 nej-röster avslår kommunstyrelsen förslaget."],
    ),
    Fall(
        "jäv står en gång, i behandlingen",
        lambda: p(leif(), bifallna=["y1"], jav=[Jav("l10", "e1")]),
        [
            "Rolf Hägglund (S) anmäler jäv och deltar inte i handläggningen. Kerstin Öhman (S) "
            "tjänstgör i stället.",
            LEIF_BIFALL,
            "Ordföranden ställer proposition på arbetsutskottets förslag och finner att "
            "kommunstyrelsen bifaller det.",
        ],
    ),
    Fall(
        "jäv utan yrkanden",
        lambda: p(jav=[Jav("l10")]),
        ["Rolf Hägglund (S) anmäler jäv och deltar inte i handläggningen."],
    ),
    Fall(
        "reservation till förmån för en annans yrkande, skriftlig för två",
        lambda: p(
            leif(),
            malin(instammande=["l7"]),
            bifallna=["y1"],
            anteckningar=[
                Anteckning(
                    AnteckningTyp.RESERVATION,
                    ["l3", "l7"],
                    "Äldreomsorgen måste gå före.\nVi står fast.",
                )
            ],
        ),
        [LEIF_BIFALL, MALIN_ANDRING_PIA, PROPOSITION],
        reservation=[
            "Malin Rönnqvist (SD) reserverar sig mot beslutet till förmån för eget yrkande.",
            "Pia Lindqvist (KD) reserverar sig mot beslutet till förmån för Malin Rönnqvists "
            "(SD) yrkande.",
            "Malin Rönnqvist (SD) och Pia Lindqvist (KD) lämnar följande skriftliga reservation:",
            "Äldreomsorgen måste gå före.",
            "Vi står fast.",
        ],
    ),
    Fall(
        "protokollsanteckning",
        lambda: p(
            leif(),
            bifallna=["y1"],
            anteckningar=[
                Anteckning(
                    AnteckningTyp.PROTOKOLLSANTECKNING,
                    ["l6"],
                    "Vänsterpartiet vill att utfallet redovisas varje kvartal.",
                )
            ],
        ),
        [
            LEIF_BIFALL,
            "Ordföranden ställer proposition på arbetsutskottets förslag och finner att "
            "kommunstyrelsen bifaller det.",
        ],
        anteckning=[
            "Lena Åkerlund (V) lämnar följande protokollsanteckning:",
            "Vänsterpartiet vill att utfallet redovisas varje kvartal.",
        ],
    ),
    Fall(
        "förslag till kommunfullmäktige, acklamation",
        lambda: p(
            Yrkande("y1", "l5", B),
            bifallna=["y1"],
            arende="a2",
            beslut="Kommunstyrelsen föreslår kommunfullmäktige besluta att anse motionen besvarad.",
        ),
        [
            "Sofia Nilsson (C) yrkar bifall till kommunstyrelsens arbetsutskotts förslag.",
            "Ordföranden ställer proposition på kommunstyrelsens arbetsutskotts förslag och "
            "finner att kommunstyrelsen bifaller det.",
        ],
        ["Kommunstyrelsen föreslår kommunfullmäktige besluta att anse motionen besvarad."],
    ),
    Fall(
        "förslag till kommunfullmäktige, votering",
        lambda: p(
            Yrkande("y1", "l5", B),
            Yrkande("y3", "l4", YrkandeTyp.AVSLAG, "Motionen bifalls."),
            bifallna=["y1"],
            arende="a2",
            omrostning=votering("y1", "y3", roster("1 2 3 5 6 7 8 9 10", "4 11")),
            beslut="Kommunstyrelsen föreslår kommunfullmäktige besluta att anse motionen besvarad.",
        ),
        [
            "Sofia Nilsson (C) yrkar bifall till kommunstyrelsens arbetsutskotts förslag.",
            "Bo Ek (M) yrkar att motionen bifalls.",
            "Ordföranden ställer proposition på bifall till kommunstyrelsens arbetsutskotts "
            "förslag mot Bo Eks (M) avslagsyrkande och finner att kommunstyrelsen bifaller "
            "kommunstyrelsens arbetsutskotts förslag.",
            "Votering begärs.",
            "Kommunstyrelsen godkänner följande voteringsproposition:",
            "Ja-röst för bifall till kommunstyrelsens arbetsutskotts förslag.",
            "Nej-röst för avslag på kommunstyrelsens arbetsutskotts förslag.",
        ],
        [
            "Med 9 ja-röster mot 2 nej-röster föreslår kommunstyrelsen kommunfullmäktige "
            "besluta att anse motionen besvarad."
        ],
    ),
    Fall(
        "äldre lager: voteringen har bara etiketter",
        lambda: p(
            leif(),
            malin(),
            bifallna=["y1"],
            omrostning=Omrostning(
                "Bifall till arbetsutskottets förslag",
                "Bifall till Malin Rönnqvists (SD) ändringsyrkande",
                ATTA_TVA_EN,
            ),
        ),
        [LEIF_BIFALL, MALIN_ANDRING, PROPOSITION, *VOTERINGSPROPOSITION],
        [
            "Med 8 ja-röster mot 2 nej-röster, 1 avstår, beslutar kommunstyrelsen att bifalla "
            "arbetsutskottets förslag.",
            BESLUT,
        ],
    ),
    Fall(
        "sekreterarens egen beslutsgång ersätter den skrivna, jäv och yrkanden står kvar",
        lambda: p(
            leif(),
            bifallna=["y1"],
            jav=[Jav("l10")],
            behandling="Ordföranden finner att förslaget bifalls.\nSammanträdet ajourneras.",
        ),
        [
            "Rolf Hägglund (S) anmäler jäv och deltar inte i handläggningen.",
            LEIF_BIFALL,
            "Ordföranden finner att förslaget bifalls.",
            "Sammanträdet ajourneras.",
        ],
    ),
    Fall(
        "sekreterarens egen beslutsgång, voteringen skrivs ur det antecknade",
        lambda: p(
            leif(),
            malin(),
            bifallna=["y1"],
            omrostning=votering("y1", "y2", ATTA_TVA_EN),
            behandling="Ordföranden ställer proposition på yrkandena och finner att "
            "kommunstyrelsen bifaller arbetsutskottets förslag.",
        ),
        [
            LEIF_BIFALL,
            MALIN_ANDRING,
            "Ordföranden ställer proposition på yrkandena och finner att kommunstyrelsen "
            "bifaller arbetsutskottets förslag.",
            *VOTERINGSPROPOSITION,
        ],
        [
            "Med 8 ja-röster mot 2 nej-röster, 1 avstår, beslutar kommunstyrelsen att bifalla "
            "arbetsutskottets förslag.",
            BESLUT,
        ],
    ),
    Fall(
        "sekreterarens egen beslutsgång som redan säger att votering begärs",
        lambda: p(
            leif(),
            malin(),
            bifallna=["y1"],
            omrostning=votering("y1", "y2", ATTA_TVA_EN),
            behandling="Ordföranden ställer proposition på yrkandena och finner att "
            "kommunstyrelsen bifaller arbetsutskottets förslag. Votering begärs.",
        ),
        [
            LEIF_BIFALL,
            MALIN_ANDRING,
            "Ordföranden ställer proposition på yrkandena och finner att kommunstyrelsen "
            "bifaller arbetsutskottets förslag. Votering begärs.",
            *VOTERINGSPROPOSITION[1:],
        ],
        [
            "Med 8 ja-röster mot 2 nej-röster, 1 avstår, beslutar kommunstyrelsen att bifalla "
            "arbetsutskottets förslag.",
            BESLUT,
        ],
    ),
    Fall(
        "innan ordföranden funnit något",
        lambda: p(leif(), malin()),
        [
            LEIF_BIFALL,
            MALIN_ANDRING,
            "Ordföranden ställer proposition på bifall till arbetsutskottets förslag mot Malin "
            "Rönnqvists (SD) ändringsyrkande.",
        ],
    ),
]


@pytest.mark.parametrize("fall", FALL, ids=[f.namn for f in FALL])
def test_recorded_beslutsgang_reads_as_the_secretary_signs_it(fall: Fall) -> None:
    organ, paragraf = ks(), fall.paragraf()
    m = mote(paragraf)
    assert behandling(paragraf, m, organ) == fall.behandling
    assert beslut_stycken(paragraf, m, organ) == fall.beslut
    assert reservationer(paragraf, m, organ) == fall.reservation
    assert protokollsanteckningar(paragraf, organ) == fall.anteckning
    for mening in fall.behandling:
        if " yrkar " in mening:  # no "yrkar bifall: Bifall till …", no "(… (S) yrkande)"
            assert ":" not in mening and "((" not in mening and ") (" not in mening


def test_at_least_25_recorded_beslutsgangar():
    assert len(FALL) >= 25


def test_a_jav_is_printed_once_in_the_protokoll_and_no_jav_section():
    from kallelse_tui.export.protokoll import protokoll_data

    organ, paragraf = ks(), p(leif(), bifallna=["y1"], jav=[Jav("l10", "e1")])
    data = protokoll_data(mote(paragraf), organ, public=False)
    (par,) = data["paragrafer"]
    texter = [t for a in par["avsnitt"] for t in a["stycken"] + a["punkter"]]
    assert sum("anmäler jäv" in t for t in texter) == 1
    assert [a["rubrik"] for a in par["avsnitt"]] == [
        "Kommunstyrelsens beslut",
        "Arbetsutskottets förslag",
        "Behandling",
    ]


def test_each_votering_has_its_named_list_in_the_order_held():
    organ = ks()
    paragraf = FALL[
        [f.namn for f in FALL].index("kontrapropositionsvotering, sedan huvudvotering")
    ].paragraf()
    assert [t for t, _ in voteringar(paragraf)] == [
        "Voteringslista, val av motförslag",
        "Voteringslista, huvudvotering",
    ]
    from kallelse_tui.export.protokoll import protokoll_data

    (par,) = protokoll_data(mote(paragraf), organ, public=False)["paragrafer"]
    listor = [a for a in par["avsnitt"] if a["rubrik"].startswith("Voteringslista")]
    assert listor[1]["tabell"]["rader"][0] == [
        "Ja",
        "Anna-Karin Lund (S), Leif Pettersson (S), Sofia Nilsson (C), Lena Åkerlund (V), "
        "Jonas Ros (KD), Rolf Hägglund (S)",
    ]
    text = " ".join(t for a in par["avsnitt"] for t in a["stycken"])
    assert text.count("Med 6 ja-röster mot 3 nej-röster") == 1  # the result once, in the beslut


def test_recording_a_kontrapropositionsvotering_sets_the_motforslag_and_the_outcome():
    organ = ks()
    paragraf = p(leif(), malin(), bo_avslag(), bifallna=["y1"])
    m = mote(paragraf)
    paragraf.motforslagsvotering = ny_motforslagsvotering(paragraf, organ, m.arenden[0])
    o = paragraf.motforslagsvotering
    assert (o.ja_yrkande, o.nej_yrkande) == ("y2", "y3")
    assert o.ja_forslag == "Bifall till Malin Rönnqvists (SD) ändringsyrkande"
    o.roster = roster("3 7 9", "4 11", "1 2 5 6 8 10")
    tillampa_votering(paragraf, m, organ)
    assert paragraf.motforslag == "y2"
    paragraf.omrostning = ny_votering(paragraf, organ, m.arenden[0])
    assert (paragraf.omrostning.ja_yrkande, paragraf.omrostning.nej_yrkande) == ("y1", "y2")
    paragraf.omrostning.roster = roster("1 2 5 6 10", "3 4 7 8 9 11")  # ja loses
    tillampa_votering(paragraf, m, organ)
    assert paragraf.bifallna == ["y2"]
    # What g writes in the behandling: the propositions, not the voteringar (from the record).
    assert beslutsgang(paragraf, m, organ).splitlines() == [
        "Ordföranden ställer proposition på bifall till arbetsutskottets förslag, Malin "
        "Rönnqvists (SD) ändringsyrkande och Bo Eks (M) avslagsyrkande och finner att "
        "kommunstyrelsen bifaller arbetsutskottets förslag."
    ]


@pytest.mark.parametrize(
    ("arende", "typ", "namn"),
    [
        (Arende("a", "x", tidigare=["KSAU § 143"]), OrganTyp.STYRELSE, "arbetsutskottets förslag"),
        (Arende("a", "x", forslag=[Forslag(["p"])]), OrganTyp.NAMND, "förvaltningens förslag"),
        (Arende("a", "x"), OrganTyp.FULLMAKTIGE, "kommunstyrelsens förslag"),
        (Arende("a", "x"), OrganTyp.NAMND, "förslaget"),
        (
            Arende("a", "x", forslagsstallare="Barn- och utbildningsnämnden"),
            OrganTyp.FULLMAKTIGE,
            "barn- och utbildningsnämndens förslag",
        ),  # fmt: skip
    ],
)
def test_the_forslag_is_named_after_who_made_it(arende, typ, namn):
    organ = Organ("o", "Organet", "O", typ)
    assert forslagets_namn(arende, organ) == namn


def test_yrkande_sentence_without_an_arende_says_forslaget():
    y = Yrkande("y1", "l2", B)
    assert yrkande_mening(y, ks()) == "Leif Pettersson (S) yrkar bifall till förslaget."


# -- the demo's § 181, read back from the exported protokoll ----------------------------------

DEMO_181 = [
    "Tomas Berglund (S) yrkar bifall till arbetsutskottets förslag. Sofia Nilsson (C) yrkar "
    "bifall till Tomas Berglunds (S) yrkande.",
    "Malin Rönnqvist (SD) yrkar att medfinansieringen begränsas till 2,5 mkr. Pia Lindqvist "
    "(KD) yrkar bifall till Malin Rönnqvists (SD) yrkande.",
    "Eva Sjöberg (L) yrkar avslag.",
    "Ordföranden ställer proposition på bifall till arbetsutskottets förslag, Malin Rönnqvists "
    "(SD) ändringsyrkande och Eva Sjöbergs (L) avslagsyrkande och finner att kommunstyrelsen "
    "bifaller arbetsutskottets förslag.",
    "Votering begärs.",
    "Ordföranden ställer därefter proposition på Malin Rönnqvists (SD) ändringsyrkande mot Eva "
    "Sjöbergs (L) avslagsyrkande för att utse motförslag i huvudvoteringen och finner att "
    "kommunstyrelsen utser Malin Rönnqvists (SD) ändringsyrkande till motförslag.",
    "Votering begärs även om motförslaget.",
    "Kommunstyrelsen godkänner följande voteringsproposition för att utse motförslag: "
    "Ja-röst för Malin Rönnqvists (SD) ändringsyrkande som motförslag. "
    "Nej-röst för Eva Sjöbergs (L) avslagsyrkande som motförslag.",
    "Med 3 ja-röster mot 2 nej-röster, 6 avstår, utser kommunstyrelsen Malin Rönnqvists (SD) "
    "ändringsyrkande till motförslag i huvudvoteringen.",
    "Kommunstyrelsen godkänner följande voteringsproposition i huvudvoteringen: Ja-röst för "
    "bifall till arbetsutskottets förslag. Nej-röst för bifall till Malin Rönnqvists (SD) "
    "ändringsyrkande.",
    "Voteringslista, val av motförslag",
    "Voteringslista, huvudvotering",
    "Med 8 ja-röster mot 3 nej-röster beslutar kommunstyrelsen att bifalla arbetsutskottets "
    "förslag.",
    "Malin Rönnqvist (SD) reserverar sig mot beslutet till förmån för eget yrkande.",
    "Pia Lindqvist (KD) reserverar sig mot beslutet till förmån för Malin Rönnqvists (SD) yrkande.",
    "Malin Rönnqvist (SD) och Pia Lindqvist (KD) lämnar följande skriftliga reservation:",
]


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
def test_the_demo_kontrapropositionsvotering_reads_back_from_the_protokoll(
    demo_store, tmp_path, fmt
):
    from kallelse_tui.export.protokoll import export_protokoll

    mote_ = demo_store.meeting("norrvik-ks-2026-10-19")
    organ = demo_store.organ(mote_.organ_id)
    path = export_protokoll(mote_, organ, fmt, tmp_path / f"p.{fmt}")
    if fmt == "pdf":
        from pypdf import PdfReader

        text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    else:
        text = path.read_text(encoding="utf-8")
    flat = " ".join(text.split())
    del181 = flat[flat.index("§ 181") :]
    for mening in DEMO_181:
        assert mening in del181, (fmt, mening)
    # Each fact once: the jäv of § 178 and the result of § 181's huvudvotering.
    assert flat.count("Rolf Hägglund (S) anmäler jäv") == 1
    assert flat.count("Med 8 ja-röster mot 3 nej-röster") == 1


# -- kallelse check keeps to what the beslutsgång needs -------------------------------------


def _koder(paragraf: Paragraf) -> list[tuple[str, str]]:
    from kallelse_tui.domain.regler import kontrollera_protokoll

    fynd = kontrollera_protokoll(mote(paragraf), ks(), date(2026, 10, 19))
    return [(f.regel, f.meddelande) for f in fynd if f.regel != "finnande-saknas"]


def test_check_asks_for_the_motforslag_when_three_alternatives_go_to_votering():
    paragraf = p(
        leif(), malin(), bo_avslag(), bifallna=["y1"], omrostning=votering("y1", "y2", ATTA_TVA_EN)
    )
    assert _koder(paragraf) == [
        (
            "kontraproposition-saknas",
            "§ 176 ”Internbudget 2027”: 3 förslag står mot varandra men motförslaget i "
            "huvudvoteringen (kontrapropositionen) är inte antecknat.",
        )
    ]
    paragraf.motforslag = "y2"
    assert _koder(paragraf) == []
    paragraf.motforslag = "y3"
    assert _koder(paragraf) == [
        (
            "huvudvotering-motforslag",
            "§ 176 ”Internbudget 2027”: huvudvoteringen står inte mot motförslaget (Bo Eks "
            "(M) avslagsyrkande).",
        )
    ]


def test_check_counts_the_votes_of_the_kontrapropositionsvotering_too():
    paragraf = p(
        leif(),
        malin(),
        bo_avslag(),
        bifallna=["y1"],
        motforslagsvotering=votering("y2", "y9", roster("3 7", "4 11", "1 2 5 6 8 10")),
        omrostning=votering("y1", "y2", ATTA_TVA_EN),
    )
    vad = "§ 176 ”Internbudget 2027” (omröstningen om motförslaget)"
    assert _koder(paragraf) == [
        (
            "rost-saknas",
            f"{vad}: omröstningen har 10 röster men 11 tjänstgör; röst saknas för Eva Sjöberg (L).",
        ),
        (
            "omrostning-oavgjord",
            f"{vad}: omröstningen slutar lika och ordförandens utslagsröst är inte antecknad.",
        ),
        (
            "votering-yrkande-saknas",
            f"{vad}: voteringspropositionen gäller ett yrkande som inte finns längre; ange vad "
            "ja och nej står för på nytt.",
        ),
        (
            "kontraproposition-saknas",
            "§ 176 ”Internbudget 2027”: 3 förslag står mot varandra men motförslaget i "
            "huvudvoteringen (kontrapropositionen) är inte antecknat.",
        ),
    ]


def test_a_paragraf_stored_before_the_new_fields_loads_with_their_defaults():
    from kallelse_tui.store.serialize import from_dict, to_dict

    gammal = to_dict(p(leif(), malin(), omrostning=votering("y1", "y2", ATTA_TVA_EN)))
    for nyckel in ("motforslag", "motforslagsvotering"):
        del gammal[nyckel]
    for nyckel in ("ja_yrkande", "nej_yrkande"):
        del gammal["omrostning"][nyckel]
    paragraf = from_dict(Paragraf, gammal)
    assert paragraf.motforslag == "" and paragraf.motforslagsvotering is None
    assert (paragraf.omrostning.ja_yrkande, paragraf.omrostning.nej_yrkande) == ("", "")
    assert from_dict(Arende, {"id": "a1", "rubrik": "X"}).forslagsstallare == ""
