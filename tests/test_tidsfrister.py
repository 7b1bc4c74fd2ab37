"""Statutory deadlines: anslag of the justering, the appeal period and taking down.

Expected dates are worked out by hand from the calendar and written out literally, so a
mistake in the code cannot also be a mistake in the table.
"""

from datetime import date

import pytest

from kallelse_tui.domain.tidsfrister import (
    nedtagning,
    overklagande_sista_dag,
    sista_anslagsdag,
)


@pytest.mark.parametrize(
    ("anslag", "sista_dag"),
    [
        # ordinary weekdays: three weeks on is a weekday too
        pytest.param(date(2026, 10, 26), date(2026, 11, 16), id="måndag-till-måndag"),
        pytest.param(date(2026, 3, 12), date(2026, 4, 2), id="skärtorsdag-är-vardag"),
        pytest.param(date(2026, 5, 4), date(2026, 5, 25), id="annandag-pingst-är-vardag"),
        # weekends
        pytest.param(date(2026, 10, 24), date(2026, 11, 16), id="lördag-till-måndag"),
        pytest.param(date(2026, 10, 25), date(2026, 11, 16), id="söndag-till-måndag"),
        pytest.param(date(2026, 10, 10), date(2026, 11, 2), id="alla-helgons-dag-lördag"),
        # Easter 2026: långfredag 3/4, påskdagen 5/4, annandag påsk 6/4
        pytest.param(date(2026, 3, 13), date(2026, 4, 7), id="långfredag-hela-påsken"),
        pytest.param(date(2026, 3, 16), date(2026, 4, 7), id="annandag-påsk"),
        # Kristi himmelsfärdsdag 14/5 2026; the Friday after is a working day
        pytest.param(date(2026, 4, 23), date(2026, 5, 15), id="kristi-himmelsfärd"),
        pytest.param(date(2026, 4, 10), date(2026, 5, 4), id="första-maj-fredag"),
        # nationaldagen 6/6 2025 is a Friday, pingstdagen 8/6 a Sunday
        pytest.param(date(2025, 5, 16), date(2025, 6, 9), id="nationaldagen"),
        # midsommar: afton (de_facto) and dagen
        pytest.param(date(2026, 5, 29), date(2026, 6, 22), id="midsommarafton-2026"),
        pytest.param(date(2026, 5, 30), date(2026, 6, 22), id="midsommardagen-2026"),
        pytest.param(date(2025, 5, 30), date(2025, 6, 23), id="midsommarafton-2025"),
        # Christmas: julafton (de_facto), juldagen, annandag jul, then the weekend
        pytest.param(date(2026, 12, 3), date(2026, 12, 28), id="julafton-torsdag"),
        pytest.param(date(2025, 12, 3), date(2025, 12, 29), id="julafton-onsdag"),
        pytest.param(date(2024, 12, 3), date(2024, 12, 27), id="julafton-tisdag"),
        pytest.param(date(2026, 12, 4), date(2026, 12, 28), id="juldagen"),
        pytest.param(date(2024, 12, 5), date(2024, 12, 27), id="annandag-jul"),
        # New Year: nyårsafton (de_facto), nyårsdagen, across the turn of the year
        pytest.param(date(2026, 12, 10), date(2027, 1, 4), id="nyårsafton-till-helgen"),
        pytest.param(date(2025, 12, 10), date(2026, 1, 2), id="nyårsafton-onsdag"),
        pytest.param(date(2026, 12, 11), date(2027, 1, 4), id="nyårsdagen"),
        pytest.param(date(2025, 12, 16), date(2026, 1, 7), id="trettondedag-jul"),
    ],
)
def test_last_day_to_appeal_moves_past_weekends_and_holidays(anslag, sista_dag):
    assert overklagande_sista_dag(anslag) == sista_dag


@pytest.mark.parametrize(
    ("anslag", "ned"),
    [
        (date(2026, 10, 26), date(2026, 11, 17)),
        (date(2026, 3, 13), date(2026, 4, 8)),
        (date(2026, 12, 3), date(2026, 12, 29)),
        (date(2026, 12, 10), date(2027, 1, 5)),
    ],
)
def test_the_anslag_comes_down_the_day_after_the_last_day_to_appeal(anslag, ned):
    assert nedtagning(anslag) == ned


@pytest.mark.parametrize(
    ("justerad", "sista"),
    [
        (date(2026, 10, 20), date(2026, 10, 22)),
        (date(2026, 10, 23), date(2026, 10, 25)),  # a Sunday: reported by the rules, not moved
        (date(2026, 12, 30), date(2027, 1, 1)),
    ],
)
def test_anslag_at_the_latest_the_second_day_after_justering(justerad, sista):
    assert sista_anslagsdag(justerad) == sista
