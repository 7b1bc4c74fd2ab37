from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kallelse_tui.domain.datum import kort_datum, lang_datum, parse_datum, parse_tid
from kallelse_tui.domain.errors import ValidationError


@pytest.mark.parametrize(
    "text",
    [
        "2023-12-11",
        "20231211",
        "11 december 2023",
        "den 11 december 2023",
        "måndagen den 11 december 2023",
        "Måndag 11 december 2023",
        "11/12 2023",
        "11.12.2023",
        "23-12-11",
    ],
)
def test_dates_as_secretaries_write_them(text):
    assert parse_datum(text) == date(2023, 12, 11)


@pytest.mark.parametrize("text", ["", "igår", "2023-02-30", "32 december 2023", "2023-13-01"])
def test_bad_dates_name_the_field(text):
    with pytest.raises(ValidationError) as err:
        parse_datum(text, field="sammanträdesdatum")
    assert err.value.field == "sammanträdesdatum"
    assert "datum" in err.value.message.lower()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kl 09:00", time(9, 0)),
        ("09:00", time(9, 0)),
        ("14.00", time(14, 0)),
        ("kl. 9.30", time(9, 30)),
        ("1400", time(14, 0)),
        ("kl 9", time(9, 0)),
        ("klockan 18.15", time(18, 15)),
    ],
)
def test_times(text, expected):
    assert parse_tid(text) == expected


@pytest.mark.parametrize("text", ["", "24:00", "9:75", "nio", "kl"])
def test_bad_times(text):
    with pytest.raises(ValidationError) as err:
        parse_tid(text)
    assert err.value.field == "tid"


def test_swedish_date_formatting():
    assert lang_datum(date(2023, 12, 11)) == "måndagen den 11 december 2023"
    assert lang_datum(date(2024, 6, 21)) == "fredagen den 21 juni 2024"
    assert kort_datum(date(2024, 1, 1)) == "1 januari 2024"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_formatted_dates_read_back(d):
    assert parse_datum(lang_datum(d)) == d
    assert parse_datum(kort_datum(d)) == d
    assert parse_datum(d.isoformat()) == d


@given(st.times())
def test_formatted_times_read_back(t):
    assert parse_tid(f"kl {t:%H:%M}") == t.replace(second=0, microsecond=0)


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_validation_error(text):
    for parse in (parse_datum, parse_tid):
        try:
            parse(text)
        except ValidationError:
            pass
