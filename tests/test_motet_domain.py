"""The pure helpers meeting mode builds on: picking members, who may step in for a
jävig member, who may reserve themselves, the labels of an omröstning."""

from datetime import date

import pytest

from kallelse_tui.domain.beslutsgang import forslagsnamn, ny_votering, tillampa_votering
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.ledamotval import (
    ledamot_nummer,
    numrerad,
    valj_ledamot,
    valj_ledamoter,
)
from kallelse_tui.domain.model import (
    Anteckning,
    AnteckningTyp,
    Arende,
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
from kallelse_tui.domain.narvaro import lediga_ersattare, tjanstgorande_utan_jav
from kallelse_tui.domain.paragrafer import kan_anteckna, saknar_motivering

ORGAN = Organ(
    "o",
    "Kommunstyrelsen",
    "KS",
    OrganTyp.STYRELSE,
    ledamoter=[
        Ledamot("l1", "Anna Berg", "S", Roll.ORDFORANDE),
        Ledamot("l2", "Per Ek", "M"),
        Ledamot("l3", "Eva Bergström", "C"),
        Ledamot("l4", "Ulla Ros", "V", Roll.ERSATTARE),
    ],
)


def mote() -> Sammantrade:
    m = Sammantrade("m", "o", date(2026, 12, 1), arenden=[Arende("a1", "Budget")])
    m.narvaro = [
        NarvaroPost("l1", NarvaroTyp.TJANSTGOR),
        NarvaroPost("l2", NarvaroTyp.TJANSTGOR),
        NarvaroPost("l3", NarvaroTyp.TJANSTGOR),
        NarvaroPost("l4", NarvaroTyp.NARVARANDE_ERSATTARE),
    ]
    m.paragrafer = [Paragraf(10, "a1")]
    return m


def test_a_member_by_number_or_part_of_the_name():
    members = ORGAN.ledamoter
    assert valj_ledamot("2", members).id == "l2"
    assert valj_ledamot("ek", members).id == "l2"
    assert valj_ledamot("anna berg", members).id == "l1"
    with pytest.raises(ValidationError, match="passar flera"):
        valj_ledamot("berg", members)
    with pytest.raises(ValidationError, match="Nummer 9 finns inte"):
        valj_ledamot("9", members)
    # Numbers that stay put when someone is away: Per Ek is 2 also among the present.
    nummer = ledamot_nummer(ORGAN, date(2026, 12, 1))
    present = [members[0], members[1], members[3]]
    assert valj_ledamot("4", present, nummer=nummer).id == "l4"
    assert numrerad(present, nummer) == "1 Anna Berg (S) · 2 Per Ek (M) · 4 Ulla Ros (V)"
    assert [m.id for m in valj_ledamoter("2, 3 1", members)] == ["l2", "l3", "l1"]
    assert numrerad(members[:2]) == "1 Anna Berg (S) · 2 Per Ek (M)"


def test_an_ersattare_present_can_step_in_for_a_javig_member():
    m = mote()
    assert lediga_ersattare(m, ORGAN, 10) == ["l4"]
    m.paragrafer[0].jav = [Jav("l2", "l4")]
    assert tjanstgorande_utan_jav(m, 10) == ["l1", "l2", "l3"]
    assert lediga_ersattare(m, ORGAN, 10) == []


def test_a_reservation_only_from_those_who_voted_for_the_losing_side():
    m = mote()
    p = m.paragrafer[0]
    p.jav = [Jav("l3")]
    assert kan_anteckna(m, ORGAN, p) == {"l1", "l2"}
    p.jav = []
    p.omrostning = Omrostning("Bifall", "Avslag", {"l1": Rost.JA, "l2": Rost.NEJ, "l3": Rost.JA})
    assert kan_anteckna(m, ORGAN, p, reservation=True) == {"l2"}
    assert kan_anteckna(m, ORGAN, p) == {"l1", "l2", "l3"}


def test_a_reservation_without_motivation_is_flagged():
    p = Paragraf(1, "a1", anteckningar=[Anteckning(AnteckningTyp.PROTOKOLLSANTECKNING, ["l1"])])
    assert not saknar_motivering(p)
    p.anteckningar.append(Anteckning(AnteckningTyp.RESERVATION, ["l2"]))
    assert saknar_motivering(p)


def test_omrostning_labels_and_the_winning_yrkande():
    m = mote()
    p = m.paragrafer[0]
    arende = m.arenden[0]
    o = ny_votering(p, ORGAN, arende)
    assert (o.ja_forslag, o.nej_forslag) == ("Bifall till förslaget", "Avslag")
    p.yrkanden = [Yrkande("y1", "l1", YrkandeTyp.BIFALL), Yrkande("y2", "l2", YrkandeTyp.AVSLAG)]
    p.propositionsordning = ["y2", "y1"]
    p.omrostning = ny_votering(p, ORGAN, arende)
    # ja for the first in proposition order; the label is what a vote is for.
    assert (p.omrostning.ja_yrkande, p.omrostning.nej_yrkande) == ("y2", "y1")
    assert p.omrostning.ja_forslag == "Avslag på förslaget"
    assert forslagsnamn(p.yrkanden[0], ORGAN, arende) == "bifall till förslaget"
    p.omrostning.roster = {"l1": Rost.NEJ, "l3": Rost.NEJ, "l2": Rost.JA}
    tillampa_votering(p, m, ORGAN)
    assert p.bifallna == ["y1"]
