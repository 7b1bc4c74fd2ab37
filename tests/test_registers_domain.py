"""Rules of the registers: delegationsbeslut (KL 6 kap. 40 §) and motioner (KL 5 kap. 35 §)."""

from __future__ import annotations

from datetime import date

import pytest

from kallelse_tui.domain import delegationsbeslut as deleg
from kallelse_tui.domain import motioner as mot
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    ArendeTyp,
    ListPost,
    Organ,
    OrganTyp,
    Sammantrade,
    SammantradeIndex,
)
from kallelse_tui.domain.motioner import Motion, MotionTyp
from kallelse_tui.domain.status import Status

KS = Organ("ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE)
KF = Organ("kf", "Kommunfullmäktige", "KF", OrganTyp.FULLMAKTIGE)


def _mote(datum: date, organ: Organ = KS, status: Status = Status.UTKAST) -> Sammantrade:
    return Sammantrade(f"{organ.id}-{datum}", organ.id, datum, status=status)


def _index(mote: Sammantrade) -> SammantradeIndex:
    return SammantradeIndex.av(mote)


def _beslut(dag: date, text: str = "Bygglov", **kw: object) -> deleg.Delegationsbeslut:
    return deleg.Delegationsbeslut(
        f"d-{dag:%Y%m%d}-{text}", "ks", dag, "Eva Lind, chef", text, **kw
    )  # type: ignore[arg-type]


# --- delegationsbeslut ------------------------------------------------------------------


def test_a_pasted_list_is_read_by_the_list_posts_rules() -> None:
    text = (
        "2026-10-02;Beviljat bygglov för carport;Eva Lind, bygglovschef;3.2;SBN 2026/114\n"
        "1\tDnr KS 2026/88\t5 oktober 2026\tAvslag på begäran om utlämnande\tJurist Per Ek\t"
        "punkt 1.4\töverklagbart\n"
        "Bara en rad text\n"
        "2026-02-30;Fel datum;Eva Lind\n"
    )
    rows, problems = deleg.las_lista(text, KS, [])
    assert [(r.datum, r.punkt, r.dnr, r.delegat, r.overklagbart) for r in rows] == [
        (date(2026, 10, 2), "3.2", "SBN 2026/114", "Eva Lind, bygglovschef", False),
        (date(2026, 10, 5), "1.4", "Dnr KS 2026/88", "Jurist Per Ek", True),
    ]
    assert len({r.id for r in rows}) == 2
    assert [p.rad for p in problems] == [3, 4]


def test_a_line_without_a_date_is_reported_not_guessed() -> None:
    rows, problems = deleg.las_lista("KS 2026/1;Yttrande över remiss;Anna Berg", KS, [])
    assert rows == [] and "beslutsdatum" in problems[0].orsak


def test_importing_the_same_list_twice_finds_the_duplicates() -> None:
    rows, _ = deleg.las_lista("2026-10-02;Bygglov;Eva Lind;3.2", KS, [])
    again, _ = deleg.las_lista("2026-10-02;Bygglov;Eva Lind;3.2", KS, rows)
    assert deleg.dubbletter(again, rows) == again and again[0].id != rows[0].id


def test_a_new_decision_needs_text_and_delegat() -> None:
    with pytest.raises(DomainError, match="saknar delegat"):
        deleg.nytt_beslut(KS, [], datum=date(2026, 1, 1), delegat=" ", text="Bygglov")


def test_the_redovisning_takes_the_rows_made_in_time_for_the_meeting() -> None:
    mote = _mote(date(2026, 11, 16))  # 8 days before: 2026-11-08 (a Sunday) is the last
    register = [
        _beslut(date(2026, 11, 8), "i tid"),
        _beslut(date(2026, 11, 9), "för sent"),
        _beslut(date(2026, 10, 1), "redan anmäld", anmald=date(2026, 10, 20), anmals_i="x"),
        _beslut(date(2026, 9, 1), "väntar i annat möte", anmals_i="ks-annat"),
    ]
    arende, andrade = deleg.fyll_redovisning(mote, KS, register)
    assert arende.typ is ArendeTyp.DELEGATIONSBESLUT and arende.rubrik == deleg.RUBRIK
    assert [p.text for p in arende.poster] == ["i tid"]
    assert [(r.text, r.anmals_i) for r in andrade] == [("i tid", mote.id)]


def test_refilling_keeps_hand_typed_lines_and_releases_rows_no_longer_due() -> None:
    mote = _mote(date(2026, 11, 16))
    register = [_beslut(date(2026, 11, 2), "a", anmals_i=mote.id), _beslut(date(2026, 11, 3), "b")]
    arende, _ = deleg.fyll_redovisning(mote, KS, register)
    arende.poster.append(ListPost(9, "Skrivet för hand", datum=date(2026, 11, 4)))
    register[0].datum = date(2026, 11, 12)  # corrected: now too late for this meeting
    arende, andrade = deleg.fyll_redovisning(mote, KS, register)
    assert [(p.nummer, p.text) for p in arende.poster] == [(1, "b"), (2, "Skrivet för hand")]
    assert {(r.text, r.anmals_i) for r in andrade} == {("a", ""), ("b", mote.id)}


def test_a_justerat_meeting_marks_its_rows_reported_on_the_justering_day() -> None:
    from kallelse_tui.domain.model import Justering

    mote = _mote(date(2026, 11, 16), status=Status.JUSTERAT)
    mote.justering = Justering(datum=date(2026, 11, 20))
    register = [_beslut(date(2026, 11, 2), anmals_i=mote.id), _beslut(date(2026, 11, 3))]
    assert [(r.anmald, r.status) for r in deleg.markera_anmalda(register, {mote.id: mote})] == [
        (date(2026, 11, 20), "anmäld 2026-11-20")
    ]
    with pytest.raises(DomainError, match="justerat"):
        deleg.fyll_redovisning(mote, KS, register)


def test_check_warns_when_an_earlier_meeting_could_have_reported_it() -> None:
    oktober, november = _mote(date(2026, 10, 19)), _mote(date(2026, 11, 16))
    register = [_beslut(date(2026, 10, 11), "i tid till oktober"), _beslut(date(2026, 10, 12))]
    deleg.fyll_redovisning(november, KS, register)
    fynd = list(deleg.anmalda_sent(november, KS, [_index(oktober), _index(november)], register))
    assert [f.regel for f in fynd] == ["delegation-anmald-sent"]
    assert "i tid till oktober" in fynd[0].meddelande and "19 oktober 2026" in fynd[0].meddelande
    assert "6 kap. 40 §" in fynd[0].kalla


def test_check_warns_about_register_rows_missing_from_the_redovisning() -> None:
    mote = _mote(date(2026, 11, 16))
    fynd = list(deleg.anmalda_sent(mote, KS, [_index(mote)], [_beslut(date(2026, 11, 1))]))
    assert [f.regel for f in fynd] == ["delegation-ej-redovisad"]


# --- motioner ---------------------------------------------------------------------------


def _motion(vackt: date, typ: MotionTyp = MotionTyp.MOTION, **kw: object) -> Motion:
    return Motion(f"m-{vackt}", "kf", typ, vackt, "Karin Ek (C)", "Fler laddstolpar", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("vackt", "sista"),
    [
        (date(2026, 3, 31), date(2027, 3, 31)),
        (date(2028, 2, 29), date(2029, 2, 28)),  # leap day: the month's last day
        (date(2026, 12, 31), date(2027, 12, 31)),
    ],
)
def test_the_year_is_counted_by_the_calendar(vackt: date, sista: date) -> None:
    assert mot.sista_dag(_motion(vackt)) == sista


def test_six_months_from_the_31st_is_the_months_last_day() -> None:
    assert mot.plus_manader(date(2026, 3, 31), 6) == date(2026, 9, 30)
    assert mot.plus_manader(date(2026, 8, 31), 6) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("idag", "niva"),
    [
        (date(2026, 9, 14), 0),  # the day before six months
        (date(2026, 9, 15), 6),
        (date(2027, 2, 14), 6),
        (date(2027, 2, 15), 11),
        (date(2027, 3, 15), 11),  # the last day is still within the year
        (date(2027, 3, 16), 12),
    ],
)
def test_the_one_year_rule_at_its_edges(idag: date, niva: int) -> None:
    assert mot.frist(_motion(date(2026, 3, 15)), idag).niva == niva


def test_a_last_day_on_a_holiday_is_named_not_moved() -> None:
    frist = mot.frist(_motion(date(2025, 12, 25)), date(2026, 12, 1))
    assert frist.sista_dag == date(2026, 12, 25) and "juldagen" in frist.text
    assert mot.frist(_motion(date(2026, 6, 19)), date(2027, 6, 1)).text.endswith(
        "(lördag)"
    )  # midsommardagen 2027 is 26 June; 19 June 2027 is a Saturday
    assert "midsommarafton" in mot.frist(_motion(date(2026, 6, 25)), date(2027, 6, 1)).text


def test_an_answered_motion_is_never_warned_about() -> None:
    motion = mot.besvara(_motion(date(2025, 1, 10)), date(2025, 11, 24), "bifall", "KF § 88")
    assert mot.frist(motion, date(2027, 1, 1)).niva == 0
    with pytest.raises(DomainError, match="före den väcktes"):
        mot.besvara(motion, date(2024, 12, 1), "avslag", "KF § 1")


def test_an_interpellation_is_due_at_the_next_meeting() -> None:
    moten = [_index(_mote(d, KF)) for d in (date(2026, 9, 21), date(2026, 10, 19))]
    fraga = _motion(date(2026, 9, 22), MotionTyp.INTERPELLATION)
    assert mot.frist(fraga, date(2026, 10, 19), moten).niva == 0
    assert mot.frist(fraga, date(2026, 10, 20), moten).niva == 12


@pytest.mark.parametrize(
    ("dag", "period", "foregaende"),
    [
        (
            date(2026, 4, 20),
            (date(2026, 1, 1), date(2026, 6, 30)),
            (date(2025, 7, 1), date(2025, 12, 31)),
        ),
        (
            date(2026, 6, 30),
            (date(2026, 1, 1), date(2026, 6, 30)),
            (date(2025, 7, 1), date(2025, 12, 31)),
        ),
        (
            date(2026, 7, 1),
            (date(2026, 7, 1), date(2026, 12, 31)),
            (date(2026, 1, 1), date(2026, 6, 30)),
        ),
    ],
)
def test_reporting_periods_are_half_years(
    dag: date, period: tuple[date, date], foregaende: tuple[date, date]
) -> None:
    assert mot.rapportperiod(dag) == period
    assert mot.foregaende_period(dag) == foregaende


def test_the_report_lists_the_unanswered_motioner_on_its_day() -> None:
    a = _motion(date(2025, 3, 1))
    b = mot.besvara(_motion(date(2025, 6, 1)), date(2026, 7, 1), "avslag", "KF § 50")
    c = _motion(date(2026, 7, 2))  # väckt after the day
    d = _motion(date(2025, 8, 1), MotionTyp.FRAGA)  # no one-year rule
    assert mot.obesvarade([c, b, a, d], date(2026, 6, 30)) == [a, b]
    assert mot.besvarade_under([a, b, c], date(2026, 7, 1), date(2026, 12, 31)) == [b]


def test_fullmaktiges_kallelse_anmaler_the_new_ones_once() -> None:
    juni, sept = _mote(date(2026, 6, 15), KF), _mote(date(2026, 9, 21), KF)
    ny = _motion(date(2026, 8, 3))
    gammal = _motion(date(2026, 5, 2), anmald_i=juni.id)
    arende, andrade = mot.fyll_anmalan(sept, [gammal, ny])
    assert arende is not None and arende.typ is ArendeTyp.MEDDELANDEN
    assert [p.text for p in arende.poster] == ["Motion: Fler laddstolpar"]
    assert [m.anmald_i for m in andrade] == [sept.id]
    assert mot.fyll_anmalan(_mote(date(2026, 9, 1), KF), [gammal]) == (None, [])


def test_a_held_meeting_is_not_asked_for_rows_it_did_not_list() -> None:
    mote = _mote(date(2026, 11, 16), status=Status.PROTOKOLL_KLART)
    assert list(deleg.anmalda_sent(mote, KS, [_index(mote)], [_beslut(date(2026, 11, 1))])) == []


def test_a_remiss_needs_an_organ_and_comes_after_the_motion() -> None:
    motion = _motion(date(2026, 3, 2))
    remitterad = mot.remittera(motion, " Kommunstyrelsen ", date(2026, 3, 23))
    assert (remitterad.remiss_till, remitterad.remiss_datum) == (
        "Kommunstyrelsen",
        date(2026, 3, 23),
    )
    with pytest.raises(DomainError, match="Ange vart"):
        mot.remittera(motion, "", date(2026, 3, 23))
    with pytest.raises(DomainError, match="före den väcktes"):
        mot.remittera(motion, "Kommunstyrelsen", date(2026, 3, 1))
