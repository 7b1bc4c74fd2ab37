"""The protokoll rules of `kallelse check`: one test per rule, each with a clean case."""

from datetime import date

from kallelse_tui.domain.model import (
    Anteckning,
    AnteckningTyp,
    Jav,
    NarvaroTyp,
    Omrostning,
    Paragraf,
    Rost,
    Yrkande,
    YrkandeTyp,
)
from kallelse_tui.domain.regler import Allvar, kontrollera, kontrollera_protokoll
from tests.motesdata import mote, organ, post

IDAG = date(2026, 3, 10)


def regler(m, allvar=None):
    return [f.regel for f in kontrollera_protokoll(m, organ(), IDAG) if allvar in (None, f.allvar)]


def meddelanden(m, regel):
    return [f.meddelande for f in kontrollera_protokoll(m, organ(), IDAG) if f.regel == regel]


def _mote_med_omrostning(ja=("l1", "l2", "l3", "l4", "l5", "l6"), nej=("l7", "l8", "l9", "l10")):
    m = mote()
    votes = {i: Rost.JA for i in ja} | {i: Rost.NEJ for i in nej} | {"l11": Rost.AVSTAR}
    p = Paragraf(
        3,
        "a2",
        "Kommunstyrelsen beslutar i ärende 2.",
        yrkanden=[Yrkande("y1", "l1", YrkandeTyp.BIFALL), Yrkande("y2", "l8", YrkandeTyp.AVSLAG)],
        propositionsordning=["y1", "y2"],
        omrostning=Omrostning("bifall", "avslag", votes),
    )
    m.paragrafer = [Paragraf(1, "a1", "Uppropet förrättas."), p]
    return m, p


def test_a_clean_protokoll_has_no_findings():
    m, _ = _mote_med_omrostning()
    assert kontrollera_protokoll(m, organ(), IDAG) == []


def test_quorum_lost_at_a_paragraf_is_an_error_naming_it():
    m, _ = _mote_med_omrostning()
    for i in range(1, 7):
        post(m, f"l{i}").till_paragraf = 1
    assert meddelanden(m, "beslutforhet") == [
        "§ 3 ”Ärende 2”: bara 5 av 11 ledamöter tjänstgör; Kommunstyrelsen är beslutför med "
        "minst 6."
    ]
    f = next(f for f in kontrollera_protokoll(m, organ(), IDAG) if f.regel == "beslutforhet")
    assert f.allvar is Allvar.FEL and "6 kap. 27 §" in f.kalla


def test_no_narvaro_at_all_is_an_error_once_there_are_paragrafer():
    m, _ = _mote_med_omrostning()
    m.narvaro = []
    assert "narvaro-saknas" in regler(m)


def test_votes_that_do_not_add_up():
    m, p = _mote_med_omrostning()
    del p.omrostning.roster["l5"]
    p.omrostning.roster["e1"] = Rost.JA  # present, not serving
    assert set(regler(m, Allvar.FEL)) >= {"rost-saknas", "rost-ej-tjanstgorande"}
    assert "röst saknas för Elin Strand (S)" in meddelanden(m, "rost-saknas")[0]


def test_a_javig_member_recorded_as_voting():
    m, p = _mote_med_omrostning()
    p.jav = [Jav("l10", "e1")]
    p.omrostning.roster["e1"] = Rost.NEJ
    assert meddelanden(m, "jav-rostar") == [
        "§ 3 ”Ärende 2”: Jonas Ros (KD) är jävig men har en röst i omröstningen."
    ]


def test_a_tie_without_a_casting_vote():
    m, p = _mote_med_omrostning(ja=("l2", "l3", "l4", "l5", "l6"), nej=("l7", "l8", "l9", "l10"))
    p.omrostning.roster["l1"] = Rost.AVSTAR  # the chair abstains
    p.omrostning.roster["l11"] = Rost.NEJ
    assert "omrostning-oavgjord" in regler(m)
    p.omrostning.utslagsrost = Rost.JA
    assert "omrostning-oavgjord" not in regler(m)


def test_reservation_only_from_those_who_took_part_and_voted_against():
    m, p = _mote_med_omrostning()
    post(m, "l9").till_paragraf = 1  # left before § 3
    del p.omrostning.roster["l9"]
    p.anteckningar = [
        Anteckning(AnteckningTyp.RESERVATION, ["l7", "l9", "l2", "l11"], "Vi vill annat.")
    ]
    assert meddelanden(m, "reservation-ej-deltagit") == [
        "§ 3 ”Ärende 2”: Ida Lund (L) reserverar sig men deltog inte i beslutet."
    ]
    assert meddelanden(m, "reservation-ej-emot") == [
        "§ 3 ”Ärende 2”: Bo Ek (M) reserverar sig men röstade för beslutet.",
        "§ 3 ”Ärende 2”: Karin Sjö (S) reserverar sig men röstade inte (avstod).",
    ]


def test_a_reservation_waiting_for_its_motivation_is_a_warning():
    m, p = _mote_med_omrostning()
    p.anteckningar = [Anteckning(AnteckningTyp.RESERVATION, ["l7", "l8"])]
    assert regler(m) == ["reservation-motivering"]
    assert regler(m, Allvar.VARNING) == ["reservation-motivering"]
    p.anteckningar[0].motivering = "Skriftlig motivering bifogas."
    assert regler(m) == []


def test_jav_replacement_must_be_present_and_not_already_serving():
    m, p = _mote_med_omrostning()
    p.jav = [Jav("l10", "l3")]
    assert meddelanden(m, "jav-ersattare") == [
        "§ 3 ”Ärende 2”: Cecilia Holm (C) ska ersätta den jäviga Jonas Ros (KD) men "
        "tjänstgör redan."
    ]
    post(m, "e2").typ = NarvaroTyp.FRANVARANDE
    m.narvaro = [x for x in m.narvaro if x.ledamot_id != "e2"]
    p.jav = [Jav("l10", "e2")]
    assert "är inte antecknad som närvarande" in meddelanden(m, "jav-ersattare")[0]


def test_missing_proposition_order_where_yrkanden_differ():
    m, p = _mote_med_omrostning()
    p.propositionsordning = []
    assert meddelanden(m, "proposition-saknas") == [
        "§ 3 ”Ärende 2” har 2 olika yrkanden men ingen propositionsordning."
    ]
    p.yrkanden = [Yrkande("y1", "l1", YrkandeTyp.BIFALL), Yrkande("y2", "l5", YrkandeTyp.BIFALL)]
    assert "proposition-saknas" not in regler(m)  # both support the förslag


def test_a_paragraf_without_beslut_and_a_missing_finding():
    m, p = _mote_med_omrostning()
    p.beslut = "  "
    p.omrostning = None
    assert regler(m) == ["beslut-saknas", "finnande-saknas"]
    p.bifallna = ["y1"]
    assert regler(m) == ["beslut-saknas"]


def test_check_runs_the_protokoll_rules_once_the_meeting_has_begun():
    m, p = _mote_med_omrostning()
    p.beslut = ""
    assert "beslut-saknas" in [f.regel for f in kontrollera(m, organ(), IDAG)]
    m.paragrafer = []
    m.narvaro = []
    m.status = m.status.KALLAD
    assert "narvaro-saknas" not in [f.regel for f in kontrollera(m, organ(), IDAG)]


def test_check_on_the_command_line_reports_protokoll_rules(demo_dir, capsys, monkeypatch):
    import json

    from kallelse_tui import cli
    from kallelse_tui.cli import main
    from kallelse_tui.store import Store

    class Idag(date):  # before the justering falls due
        @classmethod
        def today(cls) -> date:
            return date(2026, 11, 20)

    monkeypatch.setattr(cli, "date", Idag)
    args = ["check", "sjobacka-sbn-2026-11-17", "--store", str(demo_dir), "--json"]
    assert main(args) == 0  # only a warning: the reservation's motivation is to come
    assert [f["regel"] for f in json.loads(capsys.readouterr().out)] == ["reservation-motivering"]
    with Store.open(demo_dir) as store:
        m = store.meeting("sjobacka-sbn-2026-11-17")
        m.paragrafer[0].beslut = ""
        store.save_meeting(m)
    assert main(args) == 1
    found = json.loads(capsys.readouterr().out)
    assert "beslut-saknas" in [f["regel"] for f in found]
    assert all(f["kalla"].startswith("Kommunallagen") for f in found)
