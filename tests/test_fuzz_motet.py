"""Generated meetings through the meeting's domain: närvaro spans, jäv, votes, yrkanden.
Nothing may raise, and the invariants hold (no one serves twice, tallies equal the votes,
§ numbers rise)."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Anteckning,
    AnteckningTyp,
    Jav,
    NarvaroTyp,
    Omrostning,
    Rost,
    Yrkande,
    YrkandeTyp,
)
from kallelse_tui.domain.narvaro import beslutforhet, kontrollera_narvaro, tjanstgorande
from kallelse_tui.domain.paragrafer import (
    beslutsgang,
    kan_rosta,
    oppna_paragraf,
    rakna,
    rosta,
    rostlista,
)
from kallelse_tui.domain.regler import kontrollera
from tests.motesdata import mote, organ

MEMBERS = [f"l{i}" for i in range(1, 12)] + ["e1", "e2", "e3", "x"]
span = st.one_of(st.none(), st.integers(0, 8))


@st.composite
def meetings(draw):
    m = mote(6)
    o = organ()
    for p in m.narvaro:
        p.typ = draw(st.sampled_from(list(NarvaroTyp)))
        p.ersatter = draw(st.sampled_from(["", *MEMBERS]))
        p.fran_paragraf, p.till_paragraf = draw(span), draw(span)
    opened = draw(st.permutations([a.id for a in m.arenden]))
    for arende_id in opened[: draw(st.integers(0, len(opened)))]:
        p = oppna_paragraf(m, o, arende_id, draw(st.one_of(st.none(), st.integers(0, 3))))
        p.jav = [
            Jav(draw(st.sampled_from(MEMBERS)), draw(st.sampled_from(["", *MEMBERS])))
            for _ in range(draw(st.integers(0, 2)))
        ]
        p.yrkanden = [
            Yrkande(
                f"y{i}",
                draw(st.sampled_from(MEMBERS)),
                draw(st.sampled_from(YrkandeTyp)),
                draw(st.text(max_size=20)),
                draw(st.lists(st.sampled_from(MEMBERS), max_size=3)),
            )
            for i in range(draw(st.integers(0, 3)))
        ]
        ids = [y.id for y in p.yrkanden] + ["saknas"]
        p.propositionsordning = draw(st.lists(st.sampled_from(ids), max_size=3))
        p.bifallna = draw(st.lists(st.sampled_from(ids), max_size=2))
        if draw(st.booleans()):
            p.omrostning = Omrostning(
                draw(st.text(max_size=10)),
                draw(st.text(max_size=10)),
                utslagsrost=draw(st.one_of(st.none(), st.sampled_from(Rost))),
            )
            for ledamot in draw(st.lists(st.sampled_from(MEMBERS), max_size=15)):
                try:
                    rosta(m, p, ledamot, draw(st.one_of(st.none(), st.sampled_from(Rost))))
                except DomainError:
                    assert ledamot not in kan_rosta(m, p.nummer)
        p.anteckningar = [
            Anteckning(
                draw(st.sampled_from(AnteckningTyp)),
                draw(st.lists(st.sampled_from(MEMBERS), max_size=3)),
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
    return m, o


@settings(max_examples=150, deadline=None)
@given(meetings())
def test_generated_meetings_keep_their_invariants(case):
    m, o = case
    numbers = [p.nummer for p in m.paragrafer]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    for nummer in [None, *numbers]:
        serving = [t.ledamot_id for t in tjanstgorande(m, nummer)]
        assert len(serving) == len(set(serving))
        b = beslutforhet(m, o, nummer)
        assert b.beslutfor == (b.tjanstgorande * 2 > b.ledamoter)
    for p in m.paragrafer:
        beslutsgang(p, m, o)
        if p.omrostning is not None:
            assert set(p.omrostning.roster) <= kan_rosta(m, p.nummer)
            r = rakna(p.omrostning, "l1")
            assert r.ja + r.nej + r.avstar == len(p.omrostning.roster)
            assert sum(len(v) for v in rostlista(p.omrostning, o).values()) == len(
                p.omrostning.roster
            )
    kontrollera_narvaro(m, o)
    for fynd in kontrollera(m, o, date(2026, 3, 10)):
        assert fynd.meddelande and fynd.kalla
