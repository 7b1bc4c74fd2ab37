from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kallelse_tui.domain.model import Arende
from kallelse_tui.domain.publicering import (
    maska_personnummer,
    publicera,
    publik_rubrik,
    publik_text,
)


def luhn_siffra(nio: str) -> str:
    """The check digit that makes `nio` + digit pass the Luhn test."""
    total = 0
    for i, tecken in enumerate(nio):
        produkt = int(tecken) * (2 if i % 2 == 0 else 1)
        total += produkt - 9 if produkt > 9 else produkt
    return str(-total % 10)


@pytest.mark.parametrize(
    ("text", "maskerad"),
    [
        ("811218-9876", "ÅÅMMDD-XXXX"),
        ("19811218-9876", "ÅÅÅÅMMDD-XXXX"),
        ("811218+9876", "ÅÅMMDD+XXXX"),  # '+': a person 100 years or older
        ("8112189876", "ÅÅMMDDXXXX"),
        ("198112189876", "ÅÅÅÅMMDDXXXX"),
        ("701063-2391", "ÅÅMMDD-XXXX"),  # samordningsnummer: day 03 + 60
        ("20000229-1234", "ÅÅÅÅMMDD-XXXX"),
        ("811218-1234", "ÅÅMMDD-XXXX"),  # wrong check digit, but the shape is unmistakable
    ],
)
def test_personnummer_and_samordningsnummer_are_masked(text, maskerad):
    assert maska_personnummer(text) == maskerad
    assert maska_personnummer(f"Sökande (pnr {text}), Storgatan 1") == (
        f"Sökande (pnr {maskerad}), Storgatan 1"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Dnr 2023-00463 102",
        "Dnr 2021-000001",
        "KS 2019/507-00",
        "SBN 2025/640",
        "sammanträde 2023-12-11 kl 09:00",
        "20231211",
        "ring 0920-45 61 20 eller 070-123 45 67",
        "0701234567",  # an unseparated phone number that fails the check digit
        "8112189875",  # ten digits with a wrong check digit
        "36 013 kr",
        "Summa 1 250 000 kronor",
        "556123-4567",  # organisationsnummer: month 61 is no month
        "811232-1234",  # no 32nd day
        "811300-1234",  # no 13th month
        "Fastigheten Björkås 3:2",
        "Protokoll 2023-12-11-2023-12-18",
        "faktura 12345678901234",  # too many digits to be a personnummer
    ],
)
def test_ordinary_numbers_are_left_alone(text):
    assert maska_personnummer(text) == text


def test_masking_is_idempotent_and_masks_every_occurrence():
    text = "811218-9876 och 701063-2391 samt 19811218-9876."
    once = maska_personnummer(text)
    assert once == "ÅÅMMDD-XXXX och ÅÅMMDD-XXXX samt ÅÅÅÅMMDD-XXXX."
    assert maska_personnummer(once) == once


@given(
    dag=st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    nummer=st.integers(0, 999),
    samordning=st.booleans(),
    form=st.sampled_from(["YYMMDD-", "YYYYMMDD-", "YYMMDD", "YYYYMMDD", "YYMMDD+"]),
)
def test_any_valid_number_in_any_form_is_masked(dag, nummer, samordning, form):
    dd = dag.day + (60 if samordning else 0)
    nio = f"{dag:%y%m}{dd:02d}{nummer:03d}"
    fyra = nio[6:] + luhn_siffra(nio)
    sekel = f"{dag.year // 100}" if form.startswith("YYYY") else ""
    sep = form[-1] if form[-1] in "-+" else ""
    pnr = f"{sekel}{nio[:6]}{sep}{fyra}"
    maskerad = maska_personnummer(f"Namn {pnr}, adress")
    assert pnr not in maskerad
    assert not any(c.isdigit() for c in maskerad)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_iso_dates_and_date_ranges_never_change(dag):
    text = f"{dag.isoformat()} till {(dag + timedelta(days=1)).isoformat()}, {dag:%Y%m%d}"
    assert maska_personnummer(text) == text


def test_publik_rubrik_names_the_osl_reference():
    arende = Arende(id="a1", rubrik="Tillsyn", sekretess=True, osl="OSL 29 kap. 1 §")
    assert publik_rubrik(arende) == "Sekretess enligt OSL 29 kap. 1 §"
    arende.osl = "29 kap. 1 §"
    assert publik_rubrik(arende) == "Sekretess enligt OSL 29 kap. 1 §"
    arende.osl = " "
    assert publik_rubrik(arende) == "Sekretess enligt OSL"


def test_publik_rubrik_of_an_open_item_is_its_title():
    assert publik_rubrik(Arende(id="a1", rubrik="Budget 2027")) == "Budget 2027"


def test_publik_text_hides_the_title_and_dnr_of_secret_items_only():
    hemlig = Arende(id="a1", rubrik="Personalärende NN", dnr="KS 2026/9", sekretess=True)
    oppen = Arende(id="a2", rubrik="Budget 2027", dnr="KS 2026/10")
    text = "Personalärende NN (KS 2026/9) och Budget 2027 (KS 2026/10), 811218-9876"
    assert publik_text(text, [hemlig, oppen]) == (
        "Sekretess enligt OSL ([sekretess]) och Budget 2027 (KS 2026/10), ÅÅMMDD-XXXX"
    )


def test_publicera_reaches_every_string_in_nested_data():
    hemlig = Arende(id="a1", rubrik="Hemligt", sekretess=True)
    data = {"a": ["811218-9876", {"b": "Hemligt ärende"}], "n": 3, "ja": True, "tom": None}
    assert publicera(data, [hemlig]) == {
        "a": ["ÅÅMMDD-XXXX", {"b": "Sekretess enligt OSL ärende"}],
        "n": 3,
        "ja": True,
        "tom": None,
    }
