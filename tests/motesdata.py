"""A small organ and meeting for the tests of the meeting's domain: 11 ledamöter, 3 ersättare."""

from __future__ import annotations

from datetime import date

from kallelse_tui.domain.model import (
    Arende,
    ArendeTyp,
    Forslag,
    Ledamot,
    NarvaroPost,
    NarvaroTyp,
    Organ,
    OrganTyp,
    Roll,
    Sammantrade,
)
from kallelse_tui.domain.status import Status

DAG = date(2026, 3, 9)


def organ() -> Organ:
    roller = [Roll.ORDFORANDE, Roll.VICE_1, Roll.VICE_2] + [Roll.LEDAMOT] * 8
    ledamoter = [
        Ledamot(f"l{i}", namn, parti, roll)
        for i, (namn, parti, roll) in enumerate(
            zip(
                [
                    "Anna Berg",
                    "Bo Ek",
                    "Cecilia Holm",
                    "David Lind",
                    "Elin Strand",
                    "Fredrik Ås",
                    "Greta Nyström",
                    "Hans Vik",
                    "Ida Lund",
                    "Jonas Ros",
                    "Karin Sjö",
                ],
                ["S", "M", "C", "S", "S", "M", "V", "SD", "L", "KD", "S"],
                roller,
                strict=True,
            ),
            1,
        )
    ]
    ersattare = [
        Ledamot("e1", "Lena Öberg", "S", Roll.ERSATTARE),
        Ledamot("e2", "Magnus Dahl", "M", Roll.ERSATTARE),
        Ledamot("e3", "Nora Falk", "V", Roll.ERSATTARE),
    ]
    return Organ(
        "ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE, "Provby kommun", ledamoter + ersattare
    )


def mote(antal_arenden: int = 4) -> Sammantrade:
    m = Sammantrade("provby-ks-2026-03-09", "ks", DAG, status=Status.PAGAR)
    m.arenden = [Arende("a1", "Upprop", ArendeTyp.STANDARD)] + [
        Arende(
            f"a{i}",
            f"Ärende {i}",
            dnr=f"KS 2026/{i}",
            forslag=[Forslag([f"Kommunstyrelsen beslutar i ärende {i}."])],
        )
        for i in range(2, antal_arenden + 1)
    ]
    m.narvaro = [NarvaroPost(f"l{i}", NarvaroTyp.TJANSTGOR) for i in range(1, 12)] + [
        NarvaroPost(f"e{i}", NarvaroTyp.NARVARANDE_ERSATTARE) for i in range(1, 4)
    ]
    return m


def post(m: Sammantrade, ledamot_id: str) -> NarvaroPost:
    return next(p for p in m.narvaro if p.ledamot_id == ledamot_id)
