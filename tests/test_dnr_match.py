"""Matching handlingar to ärenden by Dnr (attach --by-dnr)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kallelse_tui.domain.dnr_match import Matchning, forsta_sidan, hitta_dnr, matcha
from kallelse_tui.domain.model import Arende, ArendeTyp, ListPost


def ar(id_: str, rubrik: str, dnr: str = "", poster: tuple[str, ...] = ()) -> Arende:
    return Arende(
        id=id_,
        rubrik=rubrik,
        dnr=dnr,
        poster=[ListPost(nummer=n, text="rad", dnr=d) for n, d in enumerate(poster, 1)],
    )


# Modelled on the Kalix KS kallelse 2023-12-11, plus the other shapes municipalities print.
ARENDEN = [
    ar("a1", "Upprop"),
    ar("a2", "Val av justerare"),
    ar("a3", "Godkännande av ärendelista"),
    ar("a4", "Meddelanden", "Dnr 2023-00497", ("Dnr 2023-00486", "Dnr 2023-00498")),
    ar("a5", "Redovisning av delegerade ärenden", "", ("2023-00485", "Dnr 2022-00345")),
    ar("a6", "Val (M) - ledamot i arbets- och personalutskottet", "Dnr 2023-00463 102"),
    ar("a7", "Hållbar besöksnäring och centrumutveckling", "Dnr 2021-00079 14"),
    ar("a8", "Aktiviteter för förbättrat näringslivsklimat", "Dnr 2018-00278 101"),
    ar("a9", "Månadsrapport 2023 - kommunstyrelsen", "Dnr 2023-00059 04"),
    ar("a10", "Månadsrapport 2023 - kommunen", "Dnr 2023-00060 04"),
    ar("a11", "Yttrande över remiss", "KS 2020/434"),
    ar("a12", "Beslut efter remiss", "2020/434"),
    ar("a13", "Taxa för bygglov", "KS/2020:226"),
    ar("a14", "Detaljplan Karlsborg", "SBN 2020/877"),
    ar("a15", "Riktlinjer för ekonomistyrning", "KS 2019/507-00"),
    ar("a16", "Revisionsberättelse", "Dnr 2021-000001"),
    ar("a17", "Utveckla företagsklimat och näringsliv", "Dnr 2022-00345"),
    ar("a18", "Två remisser i ett ärende", "KS 2020/500, KS 2020/501"),
    ar("a19", "Ärende utan tolkbart Dnr", "se bilaga"),
]
for _a in ARENDEN[:3]:
    _a.typ = ArendeTyp.STANDARD


@pytest.mark.parametrize(
    ("filnamn", "sida", "arende_id", "kandidater", "orsak"),
    [
        # The file name.
        ("Tjänsteskrivelse_2023-00463.pdf", "", "a6", (), "Dnr 2023-00463 i filnamnet"),
        ("2023-00463-2 Tjänsteskrivelse Val.pdf", "", "a6", (), "Dnr 2023-00463-2 i filnamnet"),
        ("Dnr 2021-00079 14 Besöksnäring.docx", "", "a7", (), "Dnr 2021-00079 14 i filnamnet"),
        ("TS 2018_00278.pdf", "", "a8", (), "Dnr TS 2018_00278 i filnamnet"),
        ("ks_2020_226 taxa.pdf", "", "a13", (), "Dnr 2020_226 i filnamnet"),
        ("SBN-2020-877 plankarta.pdf", "", "a14", (), "Dnr SBN-2020-877 i filnamnet"),
        ("KS 2019-507-00 riktlinjer.pdf", "", "a15", (), "Dnr KS 2019-507-00 i filnamnet"),
        ("Revision 2021-000001.pdf", "", "a16", (), "Dnr 2021-000001 i filnamnet"),
        ("Meddelande 2023-00497.pdf", "", "a4", (), "Dnr 2023-00497 i filnamnet"),
        ("KS_2020_501.pdf", "", "a18", (), "Dnr KS_2020_501 i filnamnet"),
        # A line in a meddelanden or delegation list belongs to that ärende …
        (
            "Delegationsbeslut 2023-00485.pdf",
            "",
            "a5",
            (),
            "Dnr 2023-00485 i filnamnet (en rad i listan i ärende 5)",
        ),
        # … unless an ärende has that Dnr as its own.
        ("Offert 2022-00345.pdf", "", "a17", (), "Dnr 2022-00345 i filnamnet"),
        # The name wins over the text.
        ("2023-00463.pdf", "Dnr 2021-00079 14", "a6", (), "Dnr 2023-00463 i filnamnet"),
        # The first page when the name has no Dnr (a date is not one).
        (
            "Protokollsutdrag KS 2023-12-11 § 216.pdf",
            "Kommunstyrelsen\nDnr 2021-00079 14\nHållbar besöksnäring",
            "a7",
            (),
            "Dnr 2021-00079 14 på första sidan",
        ),
        ("Beslut 2021-1.pdf", "Diarienummer: 2021-000001", "a16", (), None),
        # Ambiguous: never guess.
        (
            "KS 2020-434 yttrande.docx",
            "",
            None,
            ("a11", "a12"),
            "Dnr KS 2020-434 i filnamnet passar både ärende 11 och 12",
        ),
        (
            "Månadsrapport 2023-00059 och 2023-00060.pdf",
            "",
            None,
            ("a9", "a10"),
            "filnamnet har Dnr för flera ärenden: Dnr 2023-00059 (ärende 9) och "
            "Dnr 2023-00060 (ärende 10)",
        ),
        (
            "Bilaga 2.pdf",
            "Dnr 2023-00463\nSe även kommunstyrelsens beslut (dnr 2021-00079).",
            None,
            ("a6", "a7"),
            "första sidan har Dnr för flera ärenden: Dnr 2023-00463 (ärende 6) och "
            "dnr 2021-00079 (ärende 7)",
        ),
        # Not matched.
        ("Bilaga 1.pdf", "", None, (), "inget Dnr i filnamnet eller på första sidan"),
        ("Budget 2026-2027.pdf", "Plan för 2024/25", None, (), None),
        (
            "Yttrande 2023-00999.pdf",
            "Dnr 2023-00463",
            None,
            (),
            "Dnr 2023-00999 i filnamnet hör inte till något ärende i sammanträdet; "
            "första sidan nämner Dnr 2023-00463 (ärende 6)",
        ),
        (
            "Beslut.pdf",
            "KF:s budgetbeslut (dnr 2023-00112) och SFS 2017:725",
            None,
            (),
            "inget Dnr i filnamnet, och dnr 2023-00112 på första sidan hör inte till något "
            "ärende i sammanträdet",
        ),
    ],
)
def test_matcha(
    filnamn: str,
    sida: str,
    arende_id: str | None,
    kandidater: tuple[str, ...],
    orsak: str | None,
) -> None:
    result = matcha(filnamn, sida, ARENDEN)
    assert result.filnamn == filnamn
    assert (result.arende_id, result.kandidater) == (arende_id, kandidater), result.orsak
    if orsak is not None:
        assert result.orsak == orsak
    assert result.orsak


def test_three_ärenden_with_one_dnr() -> None:
    arenden = [ar("x", "A", "2020/434"), ar("y", "B", "KS 2020/434"), ar("z", "C", "2020-00434")]
    result = matcha("2020_434.pdf", "", arenden)
    assert result.kandidater == ("x", "y", "z")
    assert result.orsak == "Dnr 2020_434 i filnamnet passar ärende 1, 2 och 3"


def test_no_arenden() -> None:
    assert matcha("2020_434.pdf", "", []) == Matchning(
        "2020_434.pdf",
        None,
        (),
        "Dnr 2020_434 i filnamnet hör inte till något ärende i sammanträdet",
    )


@pytest.mark.parametrize(
    ("text", "nycklar"),
    [
        ("Tjänsteskrivelse_2023-00463.pdf", ["2023-463"]),
        ("KS 2020-434 yttrande.docx", ["2020-434"]),
        ("Dnr 2021-00079 14", ["2021-79"]),
        ("Dnr 2023-00463 102", ["2023-463"]),
        ("2020/434", ["2020-434"]),
        ("KS 2019/507-00", ["2019-507"]),
        ("Dnr 2021-000001", ["2021-1"]),
        ("KS/2020:226", ["2020-226"]),
        ("SBN 2020/877", ["2020-877"]),
        ("Dnr: KS 2020/434", ["2020-434"]),
        ("(dnr 2023-00112) med ett utgiftstak", ["2023-112"]),
        ("Dnr: 2022-00342). I beslutet", ["2022-342"]),
        ("dnr 2023-00388 00), vilket", ["2023-388"]),
        ("Dnr 2023-00497\n5. Redovisning av delegerade ärenden", ["2023-497"]),
        ("2023-00463 2023-00464 2023-00463", ["2023-463", "2023-464"]),
        ("Dnr2023-00463", ["2023-463"]),
        ("Dnr 2023-12", ["2023-12"]),  # labelled: taken even though it is short
        # Not a Dnr:
        ("Sammanträde 2023-12-11 kl 09:00", []),
        ("2023_12_11 protokoll.pdf", []),
        ("ekonomisk plan 2026-2027", []),
        ("verksamhetsåret 2020/2021 och läsåret 2023/24", []),
        ("Månadsrapport 2023-12.pdf", []),
        ("Budget_2024-1.pdf", []),
        ("Kommunallagen (2017:725) och AFS 2001:1", []),
        ("SFS 2006:545, SOU 2019:16, HSLF-FS 2016:40", []),
        ("förordning (EU) 2016/679", []),
        ("prop. 2016/17:171", []),
        ("år 2023 och 2024", []),
        ("Meddelanden ks 23-12-11", []),
        ("tel 0923-651 00", []),
        ("12023-00463", []),
        ("", []),
    ],
)
def test_hitta_dnr(text: str, nycklar: list[str]) -> None:
    assert [d.nyckel for d in hitta_dnr(text)] == nycklar


def test_hitta_dnr_keeps_what_was_written() -> None:
    found = hitta_dnr("Se Dnr KS 2019/507-00 och Dnr 2023-00463 102.")
    assert [(d.original, d.serie, d.klass) for d in found] == [
        ("Dnr KS 2019/507-00", "KS", "-00"),
        ("Dnr 2023-00463 102", "", "102"),
    ]


def test_every_dnr_of_the_kalix_agenda_is_found() -> None:
    agenda = "\n".join(
        [
            "4. Meddelanden ks 23-12-11",
            "Dnr 2023-00497",
            "6. Val (M) - ledamot i kommunstyrelsens arbets- och personalutskott t o m 2026-12-31",
            "Dnr 2023-00463 102",
            "13. Budgetdirektiv inför budgetprocess 2025 (samt ekonomisk plan 2026-2027)",
            "Dnr 2023-00466 04",
        ]
    )
    assert [d.nyckel for d in hitta_dnr(agenda)] == ["2023-497", "2023-463", "2023-466"]


def test_forsta_sidan() -> None:
    assert forsta_sidan("sida ett\fsida två") == "sida ett"
    assert forsta_sidan("x" * 10_000) == "x" * 4000


# -- never raise ---------------------------------------------------------------------------

DNR_ISH = st.text(alphabet="0123456789-/:_ .()\nDnrKSABFSEUdnrå§", max_size=80)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), DNR_ISH))
def test_hitta_dnr_never_raises(text: str) -> None:
    for dnr in hitta_dnr(text):
        assert 1900 <= dnr.ar <= 2099
        assert dnr.nyckel == f"{dnr.ar}-{dnr.lopnummer}"


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(max_size=60), DNR_ISH),
    st.one_of(st.text(max_size=200), DNR_ISH),
    st.lists(st.one_of(DNR_ISH, st.sampled_from(["2020/434", "KS 2020/434", ""])), max_size=6),
)
def test_matcha_never_raises(filnamn: str, sida: str, dnrs: list[str]) -> None:
    arenden = [ar(f"a{n}", "Rubrik", d, (d,)) for n, d in enumerate(dnrs, 1)]
    result = matcha(filnamn, sida, arenden)
    assert result.orsak
    ids = {a.id for a in arenden}
    if result.arende_id is not None:
        assert result.arende_id in ids and result.kandidater == ()
    else:
        assert len(result.kandidater) != 1
        assert set(result.kandidater) <= ids


@given(st.integers(1900, 2099), st.integers(1, 9_999_999), st.sampled_from(["-", "/", "_"]))
def test_padded_dnr_in_a_file_name_is_found(year: int, lopnr: int, sep: str) -> None:
    name = f"Tjänsteskrivelse {year}{sep}{lopnr:05d}.pdf"
    assert [d.nyckel for d in hitta_dnr(name)] == [f"{year}-{lopnr}"]
