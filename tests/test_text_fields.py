from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kallelse_tui.domain.ledamot_csv import parse_ledamoter_csv, som_ledamoter
from kallelse_tui.domain.model import Forslag, Ledamot, Mottagare, Organ, OrganTyp, Roll, Syfte
from kallelse_tui.domain.text_fields import (
    format_forslag,
    format_mottagare,
    format_undertecknare,
    parse_forslag,
    parse_mottagare,
    parse_undertecknare,
)


def test_forslag_points_and_a_group_to_another_organ():
    text = (
        "1. Kommunstyrelsen fastställer internbudgeten.\n"
        "2. Förvaltningen redovisar utfallet.\n\n"
        "Förslag till beslut fullmäktige:\n"
        "- Kommunfullmäktige antar planen."
    )
    assert parse_forslag(text) == [
        Forslag(
            ["Kommunstyrelsen fastställer internbudgeten.", "Förvaltningen redovisar utfallet."]
        ),
        Forslag(["Kommunfullmäktige antar planen."], "fullmäktige"),
    ]
    assert parse_forslag(format_forslag(parse_forslag(text))) == parse_forslag(text)


@given(
    st.lists(
        st.lists(
            st.text(alphabet="abcåäö ,.§0123456789", min_size=1, max_size=30).filter(
                lambda t: t.strip() and not t.strip()[0].isdigit()
            ),
            min_size=1,
            max_size=4,
        ),
        max_size=3,
    )
)
def test_forslag_round_trip(groups):
    forslag = [
        Forslag([p.strip() for p in points], "fullmäktige" if i else "")
        for i, points in enumerate(groups)
    ]
    assert parse_forslag(format_forslag(forslag)) == forslag


def test_mottagare_with_purpose_and_pseudo():
    text = "Ekonomiavdelningen, för verkställighet\nAkten\nRevisorerna, för kännedom\nBolaget AB"
    result = parse_mottagare(text)
    assert result == [
        Mottagare("Ekonomiavdelningen", Syfte.VERKSTALLIGHET),
        Mottagare("Akten"),
        Mottagare("Revisorerna", Syfte.KANNEDOM),
        Mottagare("Bolaget AB"),
    ]
    assert result[1].pseudo
    assert parse_mottagare(format_mottagare(result)) == result


def test_undertecknare():
    people = parse_undertecknare("Johanna Sträng, Nämndsekreterare\nAgneta Holm")
    assert [(u.namn, u.titel) for u in people] == [
        ("Johanna Sträng", "Nämndsekreterare"),
        ("Agneta Holm", ""),
    ]
    assert parse_undertecknare(format_undertecknare(people)) == people


def test_member_csv_with_header_dates_and_errors():
    text = (
        "namn;parti;roll;från;till\n"
        "Anna Berg;S;ordförande;2023-01-01;2026-12-31\n"
        "Bo Ek;(M);1:e vice ordförande\n"
        "Cecilia Falk;C;kassör\n"
        "Dan Gran;V\n"
        "Eva Holm;KD;ersättare;2024-13-01\n"
        "\n"
        "Fia Ivarsson;L;ledamot;2026-01-01;2025-01-01\n"
    )
    rows, problems = parse_ledamoter_csv(text)
    assert [(r.namn, r.parti, r.roll) for r in rows] == [
        ("Anna Berg", "S", Roll.ORDFORANDE),
        ("Bo Ek", "M", Roll.VICE_1),
    ]
    assert rows[0].till == date(2026, 12, 31)
    assert [p.rad for p in problems] == [4, 5, 6, 8]
    assert "kassör" in problems[0].orsak and "ersättare" in problems[0].orsak
    assert "förväntade namn;parti;roll" in problems[1].orsak
    assert "datum" in problems[2].orsak
    assert "slutar före" in problems[3].orsak


def test_member_csv_comma_separated_and_new_ids():
    rows, problems = parse_ledamoter_csv("Anna Berg,S,ledamot\nBo Ek,M,ersättare\n")
    assert not problems
    organ = Organ("x", "Nämnden", "N", OrganTyp.NAMND, ledamoter=[Ledamot("l1", "Gammal")])
    new = som_ledamoter(rows, organ)
    assert [m.id for m in new] == ["l2", "l3"]


@pytest.mark.parametrize("text", ["", ";;;", "\x00\x01", "a\tb\tc\td\te\tf"])
def test_member_csv_never_raises(text):
    parse_ledamoter_csv(text)


@given(st.text(max_size=200))
def test_member_csv_fuzz(text):
    rows, problems = parse_ledamoter_csv(text)
    assert all(r.namn for r in rows)
