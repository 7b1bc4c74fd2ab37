import pytest
from hypothesis import given
from hypothesis import strategies as st

from kallelse_tui.domain.dnr import dnr_nyckel, parse_dnr
from kallelse_tui.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "serie", "ar", "lopnummer", "klass"),
    [
        ("Dnr 2023-00463 102", "", 2023, 463, "102"),
        ("Dnr 2023-00497", "", 2023, 497, ""),
        ("2020/434", "", 2020, 434, ""),
        ("KS 2020/434", "KS", 2020, 434, ""),
        ("KS 2019/507-00", "KS", 2019, 507, "-00"),
        ("Dnr 2021-000001", "", 2021, 1, ""),
        ("KS/2020:226", "KS", 2020, 226, ""),
        ("SBN 2020/877", "SBN", 2020, 877, ""),
        ("Dnr: KS 2020/434", "KS", 2020, 434, ""),
        ("dnr 2018-00278 101", "", 2018, 278, "101"),
        ("  Dnr  2023-00059   04 ", "", 2023, 59, "04"),
    ],
)
def test_every_shape_from_the_real_documents(text, serie, ar, lopnummer, klass):
    dnr = parse_dnr(text)
    assert (dnr.serie, dnr.ar, dnr.lopnummer, dnr.klass) == (serie, ar, lopnummer, klass)
    assert dnr.original == " ".join(text.split())


def test_shapes_of_the_same_number_share_a_key():
    keys = {dnr_nyckel(t) for t in ["KS 2020/434", "2020/434", "Dnr 2020-00434", "KS/2020:434"]}
    assert keys == {"2020-434"}


@pytest.mark.parametrize("text", ["", "Budget", "2020", "KS", "20/434", "Dnr 1899-00001", "Dnr"])
def test_unreadable_dnr_gets_a_swedish_message(text):
    with pytest.raises(ValidationError) as err:
        parse_dnr(text)
    assert err.value.field == "dnr"
    assert "diarienummer" in err.value.message.lower() or "tomt" in err.value.message


@given(st.text(max_size=40))
def test_any_text_either_parses_or_raises_validation_error(text):
    try:
        dnr = parse_dnr(text)
    except ValidationError:
        return
    assert 1900 <= dnr.ar <= 2099
    assert dnr.nyckel == f"{dnr.ar}-{dnr.lopnummer}"


@given(
    serie=st.sampled_from(["", "KS", "SBN", "KF", "BUN"]),
    ar=st.integers(1950, 2099),
    nr=st.integers(0, 999999),
    sep=st.sampled_from(["-", "/", ":"]),
    klass=st.sampled_from(["", " 102", " 04", "-00"]),
    prefix=st.sampled_from(["", "Dnr ", "Dnr: "]),
)
def test_generated_dnr_round_trip(serie, ar, nr, sep, klass, prefix):
    text = f"{prefix}{serie + ' ' if serie else ''}{ar}{sep}{nr:05d}{klass}"
    dnr = parse_dnr(text)
    assert (dnr.serie, dnr.ar, dnr.lopnummer, dnr.klass) == (serie, ar, nr, klass.strip())


def test_a_date_is_not_a_dnr():
    with pytest.raises(ValidationError, match="datum"):
        parse_dnr("2024-02-05")
