"""Who serves at each §: spans, ersättare, jäv, beslutförhet."""

from kallelse_tui.domain.model import Jav, NarvaroPost, NarvaroTyp, Paragraf
from kallelse_tui.domain.narvaro import (
    beslutforhet,
    forsta_narvaro,
    kontrollera_narvaro,
    tjanstgorande,
    tjanstgorande_ids,
)
from tests.motesdata import mote, organ, post


def test_everyone_serves_from_the_start():
    m = mote()
    assert tjanstgorande_ids(m) == {f"l{i}" for i in range(1, 12)}
    b = beslutforhet(m, organ())
    assert (b.tjanstgorande, b.ledamoter, b.kravs, b.beslutfor) == (11, 11, 6, True)
    assert b.text() == "11 av 11 tjänstgör (krävs 6): beslutför"


def test_leaving_after_a_paragraf_and_an_ersattare_coming_in():
    m = mote()
    post(m, "l4").till_paragraf = 12  # lämnar sammanträdet efter § 12
    e1 = post(m, "e1")
    e1.typ, e1.ersatter, e1.fran_paragraf = NarvaroTyp.ERSATTARE_TJANSTGOR, "l4", 14
    assert "l4" in tjanstgorande_ids(m, 12)
    at_13 = tjanstgorande_ids(m, 13)
    assert "l4" not in at_13 and "e1" not in at_13 and len(at_13) == 10
    assert tjanstgorande(m, 14)[-1].ersatter == "l4"
    assert kontrollera_narvaro(m, organ()) == []


def test_jav_steps_out_for_one_paragraf_only_and_the_ersattare_serves():
    m = mote()
    m.paragrafer = [Paragraf(20, "a2", jav=[Jav("l5", "e1")]), Paragraf(21, "a3")]
    at_20 = tjanstgorande(m, 20)
    assert "l5" not in {t.ledamot_id for t in at_20}
    assert next(t for t in at_20 if t.ledamot_id == "e1").ersatter == "l5"
    assert "l5" in tjanstgorande_ids(m, 21) and "e1" not in tjanstgorande_ids(m, 21)
    assert beslutforhet(m, organ(), 20).tjanstgorande == 11


def test_quorum_is_lost_when_too_many_leave():
    m = mote()
    for i in range(1, 7):
        post(m, f"l{i}").till_paragraf = 30
    assert beslutforhet(m, organ(), 30).beslutfor
    lost = beslutforhet(m, organ(), 31)
    assert (lost.tjanstgorande, lost.beslutfor) == (5, False)
    assert "INTE beslutför" in lost.text()


def test_jav_without_a_replacement_can_cost_the_quorum():
    m = mote()
    for i in range(1, 6):
        post(m, f"l{i}").typ = NarvaroTyp.FRANVARANDE
    m.paragrafer = [Paragraf(5, "a2", jav=[Jav("l6")])]
    assert beslutforhet(m, organ(), 4).beslutfor  # 6 of 11
    assert not beslutforhet(m, organ(), 5).beslutfor


def test_a_member_who_left_cannot_come_back():
    m = mote()
    m.narvaro.append(NarvaroPost("l3", NarvaroTyp.TJANSTGOR, fran_paragraf=20))
    post(m, "l3").till_paragraf = 10
    problems = kontrollera_narvaro(m, organ())
    assert any("Cecilia Holm (C) står 2 gånger" in p for p in problems)


def test_an_ersattare_and_the_member_they_replace_cannot_both_serve():
    m = mote()
    e2 = post(m, "e2")
    e2.typ, e2.ersatter = NarvaroTyp.ERSATTARE_TJANSTGOR, "l2"
    problems = kontrollera_narvaro(m, organ())
    assert problems == [
        "Vid sammanträdets början tjänstgör både Bo Ek (M) och Magnus Dahl (M), som ersätter hen."
    ]


def test_unknown_members_and_backwards_spans_are_named():
    m = mote()
    m.narvaro.append(NarvaroPost("x9", NarvaroTyp.TJANSTGOR))
    p = post(m, "l7")
    p.fran_paragraf, p.till_paragraf = 14, 12
    e3 = post(m, "e3")
    e3.typ = NarvaroTyp.ERSATTARE_TJANSTGOR
    problems = kontrollera_narvaro(m, organ())
    assert "Närvarolistan nämner okänd ledamot ”x9”, som inte hör till Kommunstyrelsen." in problems
    assert "Greta Nyström (V) lämnar efter § 12 men tjänstgör först från § 14." in problems
    assert "Nora Falk (V) tjänstgör som ersättare men det står inte för vem." in problems


def test_upprop_starts_with_every_ledamot_serving():
    o = organ()
    posts = forsta_narvaro(o, mote())
    assert [p.typ for p in posts].count(NarvaroTyp.TJANSTGOR) == 11
    assert [p.typ for p in posts].count(NarvaroTyp.NARVARANDE_ERSATTARE) == 3
