from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kallelse_tui.domain.model import Arende
from kallelse_tui.domain.publicering import (
    EXAKT,
    TILLATET,
    UTESLUTNA,
    maska_personnummer,
    publicera,
    publiceringsnot,
    publik_rubrik,
    publik_text,
    publik_version,
    sekretess_hanvisning,
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
        ("8112189875", "ÅÅMMDDXXXX"),  # ten bare digits, wrong check digit, not a phone
        ("198112189875", "ÅÅÅÅMMDDXXXX"),  # with the century the check digit does not matter
        ("811218\u20139876", "ÅÅMMDD-XXXX"),  # en dash
        ("811218\u20149876", "ÅÅMMDD-XXXX"),  # em dash
        ("811218\u22129876", "ÅÅMMDD-XXXX"),  # minus sign
        ("811218\u20119876", "ÅÅMMDD-XXXX"),  # non-breaking hyphen
        ("811218 9876", "ÅÅMMDD-XXXX"),  # space
        ("811218\u00a09876", "ÅÅMMDD-XXXX"),  # non-breaking space
        ("811218\u20099876", "ÅÅMMDD-XXXX"),  # thin space
        ("811218\u202f9876", "ÅÅMMDD-XXXX"),  # narrow non-breaking space
        ("811218 - 9876", "ÅÅMMDD-XXXX"),  # " - " with spaces
        ("19811218 \u2013 9876", "ÅÅÅÅMMDD-XXXX"),
        ("121212-\n1212", "ÅÅMMDD-XXXX"),  # broken over a line in PDF text
        ("121212\n1212", "ÅÅMMDD-XXXX"),
        ("811218 + 9876", "ÅÅMMDD+XXXX"),
        ("701063 2391", "ÅÅMMDD-XXXX"),  # samordningsnummer with a space
        ("19701063\u20112391", "ÅÅÅÅMMDD-XXXX"),
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
        "Tel. 0920-45 61 20, 0920\u201345 61 20, 08-123 456 78, 070 123 45 67",
        "Organisationsnummer 212000-1355",  # a kommun: month 20
        "212000 1355 och 212000\u20131355",
        "Dnr 2023-00463 102 och KS 2020/434, KS/2020:226, Dnr 2021-000001 12",
        "2023-00463 102",
        "Beloppet 120 000 kr, 1 212 121 212 kr",
        "mellan 2023-12-11 och 2023-12-18",
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
    assert publik_rubrik(arende) == "Ärende som omfattas av sekretess"
    arende.publik_titel = "Tillsynsärende enligt PBL"
    assert publik_rubrik(arende) == "Tillsynsärende enligt PBL"


@pytest.mark.parametrize(
    ("osl", "text"),
    [
        ("OSL 29 kap. 1 §", "Sekretess enligt 29 kap. 1 § OSL"),
        ("29 kap. 1 §", "Sekretess enligt 29 kap. 1 § OSL"),
        ("29 kap. 1 § OSL", "Sekretess enligt 29 kap. 1 § OSL"),
        (" ", "Sekretess enligt OSL"),
        ("offentlighets- och sekretesslagen", "Sekretess enligt offentlighets- och sekretesslagen"),
    ],
)
def test_the_statute_is_cited_the_swedish_way(osl, text):
    assert sekretess_hanvisning(osl) == text


def test_publik_rubrik_of_an_open_item_is_its_title():
    assert publik_rubrik(Arende(id="a1", rubrik="Budget 2027")) == "Budget 2027"


def test_publik_text_replaces_the_title_of_secret_items_only():
    hemlig = Arende(
        id="a1",
        rubrik="Personalärende NN",
        dnr="KS 2026/9",
        sekretess=True,
        publik_titel="Personal",
    )
    oppen = Arende(id="a2", rubrik="Budget 2027", dnr="KS 2026/10")
    text = "Personalärende NN (KS 2026/9) och Budget 2027 (KS 2026/10), 811218-9876"
    assert publik_text(text, [hemlig, oppen]) == (
        "Personal (KS 2026/9) och Budget 2027 (KS 2026/10), ÅÅMMDD-XXXX"
    )


def test_publicera_reaches_every_string_in_nested_data():
    hemlig = Arende(id="a1", rubrik="Hemligt", sekretess=True)
    data = {"a": ["811218-9876", {"b": "Hemligt ärende"}], "n": 3, "ja": True, "tom": None}
    assert publicera(data, [hemlig]) == {
        "a": ["ÅÅMMDD-XXXX", {"b": "Ärende som omfattas av sekretess ärende"}],
        "n": 3,
        "ja": True,
        "tom": None,
    }


def _alla_dataklasser(cls, sett=None):
    """`cls` and every dataclass its fields hold, however deep (not behind a field left out)."""
    import dataclasses
    import typing

    sett = set() if sett is None else sett
    if cls in sett or not dataclasses.is_dataclass(cls):
        return sett
    sett.add(cls)
    for namn, typ in typing.get_type_hints(cls).items():
        if namn in UTESLUTNA.get(cls, ()):
            continue
        for inre in (typ, *typing.get_args(typ)):
            for djup in (inre, *typing.get_args(inre)):
                _alla_dataklasser(djup, sett)
    return sett


def test_every_model_field_is_either_allowed_or_left_out_on_purpose():
    """A new field in the model must be decided on: allowed into public output, or not."""
    import dataclasses

    from kallelse_tui.domain.model import Organ, Sammantrade

    oklara = []
    for cls in _alla_dataklasser(Sammantrade) | _alla_dataklasser(Organ):
        kanda = set(TILLATET.get(cls, {})) | UTESLUTNA.get(cls, frozenset())
        oklara += [
            f"{cls.__name__}.{f.name}" for f in dataclasses.fields(cls) if f.name not in kanda
        ]
    assert not oklara, f"Ingen har bestämt om de får publiceras: {oklara}"


def test_publik_version_keeps_only_allowed_fields_and_says_what_it_removed():
    from kallelse_tui.domain.model import (
        Andring,
        Beslutsunderlag,
        Handlaggare,
        Organ,
        OrganTyp,
        Paragraf,
        Sammantrade,
    )

    hemlig = Arende(
        "a1",
        "Tillsyn Storgatan 5, 811218-9876",
        dnr="BN 2026/7",
        sekretess=True,
        osl="OSL 29 kap. 1 §",
        publik_titel="Tillsynsärende enligt PBL",
        beskrivning="Hemlig beskrivning",
        handlaggare=Handlaggare("Hanna"),
        beslutsunderlag=[Beslutsunderlag("u1", "Utredning Storgatan", filnamn="storgatan.pdf")],
    )
    oppen = Arende(
        "a2",
        "Budget",
        beskrivning="Se Tillsyn Storgatan 5, 811218-9876; sökande 19811218 9876",
        beslutsunderlag=[
            Beslutsunderlag("u2", "Budgetbilaga", filnamn="Kalle 811218-9876.md", sha256="ab"),
            Beslutsunderlag("u3", "Läkarintyg", filnamn="intyg.pdf", sekretess=True),
        ],
    )
    mote = Sammantrade(
        "m",
        "ks",
        date(2026, 3, 2),
        arenden=[hemlig, oppen],
        paragrafer=[Paragraf(1, "a1", beslut="Hemligt beslut"), Paragraf(2, "a2", beslut="Ja")],
        andringar=[Andring(date(2026, 2, 20), "Ärende 1 ”Gammal titel Kalle” ändrat.")],
    )
    organ = Organ("ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE)
    pv = publik_version(mote, organ)
    a1, a2 = pv.mote.arenden
    assert (a1.rubrik, a1.dnr, a1.beskrivning, a1.handlaggare) == (
        "Tillsynsärende enligt PBL",
        "BN 2026/7",
        "",
        None,
    )
    assert [(u.titel, u.filnamn, u.sha256) for u in a1.beslutsunderlag] == [
        ("Handling som omfattas av sekretess", "", "")
    ]
    assert a2.beskrivning == "Se Tillsynsärende enligt PBL; sökande ÅÅÅÅMMDD-XXXX"
    assert [(u.titel, u.filnamn, u.sha256) for u in a2.beslutsunderlag] == [
        ("Budgetbilaga", ".md", "ab"),
        ("Handling som omfattas av sekretess", "", ""),
    ]
    assert [p.beslut for p in pv.mote.paragrafer] == ["", "Ja"]
    assert [a.text for a in pv.mote.andringar] == ["Kallelsen har ändrats efter utskick."]
    assert pv.borttaget == {"sekretess", "personnummer"}
    assert pv.not_text == (
        "Version för publicering: uppgifter som omfattas av sekretess och personnummer är "
        "borttagna."
    )
    assert mote.arenden[0].beskrivning == "Hemlig beskrivning"  # the members' one untouched


def test_the_banner_names_what_was_removed_and_is_empty_when_nothing_was():
    assert publiceringsnot([]) == ""
    assert (
        publiceringsnot(["personnummer"]) == "Version för publicering: personnummer är borttagna."
    )
    assert publiceringsnot(["sekretess"]) == (
        "Version för publicering: uppgifter som omfattas av sekretess är borttagna."
    )


def test_hashes_and_ids_are_copied_exactly_not_masked():
    from kallelse_tui.domain.model import Justering, Sammantrade

    assert TILLATET[Justering]["protokoll_hash"] == EXAKT
    assert TILLATET[Sammantrade]["id"] == EXAKT
