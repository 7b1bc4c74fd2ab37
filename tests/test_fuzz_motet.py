"""Generated meetings through the meeting's domain: närvaro spans, jäv, votes, yrkanden.
Nothing may raise, and the invariants hold (no one serves twice, tallies equal the votes,
§ numbers rise)."""

import copy
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kallelse_tui.domain.beslutsgang import behandling, beslut_stycken, reservationer
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.justering import ProtokollLastError, justera, kontrollera_andring
from kallelse_tui.domain.model import (
    Anteckning,
    AnteckningTyp,
    Arende,
    Jav,
    NarvaroTyp,
    Omrostning,
    Rost,
    Utfall,
    Yrkande,
    YrkandeTyp,
)
from kallelse_tui.domain.narvaro import beslutforhet, kontrollera_narvaro, tjanstgorande
from kallelse_tui.domain.paragrafer import (
    kan_rosta,
    oppna_paragraf,
    rakna,
    rosta,
    rostlista,
)
from kallelse_tui.domain.regler import kontrollera
from kallelse_tui.domain.status import Status
from kallelse_tui.domain.verifiering import kontrollera_hashar
from tests.motesdata import DAG, mote, organ

KNOWN = [f"l{i}" for i in range(1, 12)] + ["e1", "e2", "e3"]
MEMBERS = [*KNOWN, "x"]  # "x": a member the register does not know
span = st.one_of(st.none(), st.integers(0, 8))


@st.composite
def meetings(draw, members=MEMBERS, min_opened=0):
    """A meeting halfway through: närvaro, §§ opened with jäv, yrkanden, votes and
    anteckningar naming `members`; at least `min_opened` §§."""
    m = mote(6)
    o = organ()
    for p in m.narvaro:
        p.typ = draw(st.sampled_from(list(NarvaroTyp)))
        p.ersatter = draw(st.sampled_from(["", *members]))
        p.fran_paragraf, p.till_paragraf = draw(span), draw(span)
    opened = draw(st.permutations([a.id for a in m.arenden]))
    for arende_id in opened[: draw(st.integers(min_opened, len(opened)))]:
        p = oppna_paragraf(m, o, arende_id, draw(st.one_of(st.none(), st.integers(0, 3))))
        p.jav = [
            Jav(draw(st.sampled_from(members)), draw(st.sampled_from(["", *members])))
            for _ in range(draw(st.integers(0, 2)))
        ]
        p.yrkanden = [
            Yrkande(
                f"y{i}",
                draw(st.sampled_from(members)),
                draw(st.sampled_from(YrkandeTyp)),
                draw(st.text(max_size=20)),
                draw(st.lists(st.sampled_from(members), max_size=3)),
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
            for ledamot in draw(st.lists(st.sampled_from(members), max_size=15)):
                try:
                    rosta(m, p, ledamot, draw(st.one_of(st.none(), st.sampled_from(Rost))))
                except DomainError:
                    assert ledamot not in kan_rosta(m, p.nummer)
        p.anteckningar = [
            Anteckning(
                draw(st.sampled_from(AnteckningTyp)),
                draw(st.lists(st.sampled_from(members), max_size=3)),
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
        behandling(p, m, o), beslut_stycken(p, m, o), reservationer(p, m, o)
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


# --- the agenda: add, delete, move (the meeting screen's n, Delete, K/J) --------------------

agenda_steg = st.lists(
    st.tuples(st.sampled_from(["ny", "bort", "flytta", "paragraf"]), st.integers(-2, 12)),
    max_size=30,
)


def _agenda(steg) -> None:
    from kallelse_tui.export.kallelse import kallelse_data

    m, o = mote(4), organ()
    forvantat = [a.id for a in m.arenden]
    for slag, tal in steg:
        ids = [a.id for a in m.arenden]
        vald = ids[tal % len(ids)] if ids else None
        if slag == "ny":
            ny = m.nytt_arende_id()
            assert ny not in ids
            nummer = m.lagg_till_arende(Arende(ny, f"Nytt {ny}"), tal)
            forvantat.insert(nummer - 1, ny)
            assert nummer == max(0, min(tal, len(ids))) + 1
        elif slag == "bort" and vald is not None:
            if m.paragraf_for(vald) is not None:
                with pytest.raises(DomainError, match="har redan en paragraf"):
                    m.ta_bort_arende(vald)
            else:
                assert m.ta_bort_arende(vald) == forvantat.index(vald)
                forvantat.remove(vald)
        elif slag == "flytta" and vald is not None:
            steg_ = 1 if tal % 2 else -1
            i = forvantat.index(vald)
            mal = m.flytta_arende(vald, steg_)
            if 0 <= i + steg_ < len(forvantat):
                assert mal == i + steg_
                forvantat[i], forvantat[mal] = forvantat[mal], forvantat[i]
            else:
                assert mal is None
        elif slag == "paragraf" and vald is not None:
            oppna_paragraf(m, o, vald, None)
        ids = [a.id for a in m.arenden]
        assert ids == forvantat and len(set(ids)) == len(ids)
        numrerade = [a["nummer"] for a in kallelse_data(m, o, public=False)["arenden"]]
        assert numrerade == list(range(1, len(ids) + 1))
        nummer = [p.nummer for p in m.paragrafer]
        assert nummer == sorted(set(nummer))
        assert all(p.arende_id in ids for p in m.paragrafer)  # a § keeps its ärende


test_agenda_operations = settings(max_examples=150, deadline=None)(given(agenda_steg)(_agenda))
test_agenda_operations_slow = pytest.mark.slow(
    settings(max_examples=3000, deadline=None)(given(agenda_steg)(_agenda))
)


# --- jäv and votes ---------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(meetings())
def test_a_javig_member_never_votes(case):
    m, o = case
    for p in m.paragrafer:
        javiga = {j.ledamot_id for j in p.jav}
        assert not javiga & kan_rosta(m, p.nummer)
        if p.omrostning is not None:
            for ledamot in javiga:
                with pytest.raises(DomainError):
                    rosta(m, p, ledamot, Rost.JA)
            tally = p.omrostning.resultat()
            assert sum(tally.values()) == len(p.omrostning.roster)
            for rost in Rost:
                assert tally[rost] == list(p.omrostning.roster.values()).count(rost)


# --- justering: hashes fit, and any change to a § is refused and detected --------------------


def _andra(p, draw) -> None:
    """One generated change to a justerad §."""
    slag = draw(st.sampled_from(["beslut", "behandling", "yrkande", "rost", "utfall", "jav"]))
    if slag == "beslut":
        p.beslut += draw(st.text(min_size=1, max_size=10))
    elif slag == "behandling":
        p.behandling += draw(st.text(min_size=1, max_size=10))
    elif slag == "yrkande":
        p.yrkanden.append(Yrkande("ny", "l5", YrkandeTyp.AVSLAG, draw(st.text(max_size=10))))
    elif slag == "rost":
        p.omrostning = p.omrostning or Omrostning("ja", "nej")
        p.omrostning.roster["l11"] = draw(st.sampled_from(Rost))
        p.omrostning.utslagsrost = Rost.JA if p.omrostning.utslagsrost is None else None
    elif slag == "utfall":
        p.utfall = draw(st.sampled_from([u for u in Utfall if u != p.utfall]))
    else:
        p.jav.append(Jav("l10", draw(st.sampled_from(["", "e2"]))))


@settings(max_examples=60, deadline=None)
@given(meetings(KNOWN, min_opened=1), st.data())
def test_justering_locks_every_paragraf(case, data):
    m, o = case
    # One example in ten names a member the register does not know: refused, and said.
    # (With unknown members drawn like the others, five examples in six stopped there.)
    unknown = data.draw(st.integers(0, 9)) == 0
    if unknown:
        data.draw(st.sampled_from(m.paragrafer)).jav.append(Jav("x", ""))
    m.byt_status(Status.PROTOKOLL_KLART)
    if unknown:
        with pytest.raises(DomainError, match="ledamot"):
            justera(m, o, DAG + timedelta(days=2), "", ["l2", "l3"])
        return
    justera(m, o, DAG + timedelta(days=2), "", ["l2", "l3"])
    assert kontrollera_hashar(m, o) == []
    kontrollera_andring(copy.deepcopy(m), m)  # unchanged: nothing to refuse
    ny = copy.deepcopy(m)
    p = data.draw(st.sampled_from(ny.paragrafer))
    _andra(p, data.draw)
    with pytest.raises(ProtokollLastError, match=f"§ {p.nummer}"):
        kontrollera_andring(m, ny)
    assert any(f"§ {p.nummer} " in problem for problem in kontrollera_hashar(ny, o))
