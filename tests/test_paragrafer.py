"""The § series, the beslut a § starts from and omröstning (the beslutsgång's wording:
tests/test_beslutsgang.py)."""

from datetime import date

import pytest

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Arende,
    ArendeTyp,
    Forslag,
    Jav,
    ListPost,
    Omrostning,
    Paragraf,
    Rost,
    Utfall,
)
from kallelse_tui.domain.paragrafer import (
    forslag_text,
    genitiv,
    kan_rosta,
    nasta_nummer,
    oppna_paragraf,
    ordforande,
    rakna,
    rosta,
    rostlista,
    standardbeslut,
)
from kallelse_tui.domain.status import Status
from kallelse_tui.store import Store
from tests.motesdata import mote, organ

# -- the § series ---------------------------------------------------------------------------


def test_series_continues_from_this_meeting_then_the_year_then_the_register():
    o, m = organ(), mote()
    assert nasta_nummer(m, o, None) == 1
    o.forsta_paragraf["2026"] = 40
    assert nasta_nummer(m, o, None) == 40
    assert nasta_nummer(m, o, 57) == 58  # the organ's last § this year
    m.paragrafer = [Paragraf(60, "a1")]
    assert nasta_nummer(m, o, 57) == 61


def test_paragrafer_are_numbered_in_the_order_they_are_handled():
    o, m = organ(), mote(5)
    first = oppna_paragraf(m, o, "a1", 12)
    third = oppna_paragraf(m, o, "a3", 12)
    assert (first.nummer, third.nummer) == (13, 14)
    assert oppna_paragraf(m, o, "a1", 12) is first  # opening again changes nothing
    extra = Arende("a9", "Extra: skolskjuts", extra=True)
    m.arenden.insert(2, extra)
    assert oppna_paragraf(m, o, "a9", 12).nummer == 15
    assert [p.nummer for p in m.paragrafer] == [13, 14, 15]


def test_a_justerat_protokoll_gets_no_new_paragraf():
    o, m = organ(), mote()
    m.status = Status.JUSTERAT
    with pytest.raises(DomainError, match="justerat"):
        oppna_paragraf(m, o, "a2", None)


def _save(store: Store, m, o) -> None:
    store.save_organ(o)
    store.save_meeting(m)


def test_store_finds_the_last_paragraf_of_the_year_across_meetings(tmp_path):
    o = organ()
    with Store.open(tmp_path / "lager") as store:
        store.save_organ(o)
        for day, numbers in [
            (date(2025, 12, 10), [200, 201]),
            (date(2026, 1, 20), [1, 2, 3]),
            (date(2026, 2, 17), [4, 5]),
            (date(2026, 4, 1), [30]),
        ]:
            m = mote()
            m.id, m.datum = f"provby-ks-{day.isoformat()}", day
            m.paragrafer = [Paragraf(n, "a1") for n in numbers]
            store.save_meeting(m)
        march = mote()  # 2026-03-09: between February and April
        store.save_meeting(march)
        assert store.sista_paragraf(march) == 5
        january = store.meeting("provby-ks-2026-01-20")
        assert store.sista_paragraf(january) is None  # December's § belong to 2025
        assert oppna_paragraf(march, o, "a2", store.sista_paragraf(march)).nummer == 6


# -- what a § starts from ---------------------------------------------------------------------


def test_beslut_starts_from_the_forslag_and_addresses_another_organ():
    o = organ()
    a = Arende(
        "a1",
        "Taxa",
        forslag=[
            Forslag(["Kommunstyrelsen godkänner taxan.", "Förvaltningen redovisar utfallet."]),
            Forslag(["Kommunfullmäktige antar taxan."], "Kommunfullmäktige"),
        ],
    )
    assert forslag_text(a, o) == (
        "1. Kommunstyrelsen godkänner taxan.\n2. Förvaltningen redovisar utfallet.\n\n"
        "Kommunstyrelsen föreslår kommunfullmäktige besluta\nKommunfullmäktige antar taxan."
    )


@pytest.mark.parametrize(
    ("typ", "rubrik", "utfall", "till", "motiv", "text"),
    [
        (ArendeTyp.STANDARD, "Upprop", Utfall.BIFALL, "", "", "Uppropet förrättas."),
        (
            ArendeTyp.STANDARD,
            "Godkännande av ärendelista",
            Utfall.BIFALL,
            "",
            "",
            "Ärendelistan godkänns.",
        ),
        (
            ArendeTyp.MEDDELANDEN,
            "Meddelanden",
            Utfall.NOTERAS,
            "",
            "",
            "Kommunstyrelsen har tagit del av meddelandena och beslutar lägga dem till "
            "handlingarna.",
        ),
        (ArendeTyp.INFORMATION, "Info", Utfall.NOTERAS, "", "", "Informationen noteras."),
        (
            ArendeTyp.BESLUT,
            "X",
            Utfall.ATERREMISS,
            "samhällsbyggnadsförvaltningen",
            "utreda kostnaderna",
            "Kommunstyrelsen återremitterar ärendet till samhällsbyggnadsförvaltningen för att "
            "utreda kostnaderna.",
        ),
        (
            ArendeTyp.BESLUT,
            "X",
            Utfall.ATERREMISS,
            "",
            "",
            "Kommunstyrelsen återremitterar ärendet till förvaltningen.",
        ),
        (
            ArendeTyp.BESLUT,
            "X",
            Utfall.BORDLAGGNING,
            "nästa sammanträde",
            "",
            "Kommunstyrelsen bordlägger ärendet till nästa sammanträde.",
        ),
        (ArendeTyp.BESLUT, "X", Utfall.UTGAR, "", "", "Ärendet utgår."),
        (ArendeTyp.BESLUT, "X", Utfall.AVSLAG, "", "", "Kommunstyrelsen avslår förslaget."),
    ],
)
def test_standard_sentences(typ, rubrik, utfall, till, motiv, text):
    assert standardbeslut(Arende("a", rubrik, typ), organ(), utfall, till, motiv) == text


def test_delegationsbeslut_sentence_counts_the_points():
    a = Arende(
        "a",
        "Delegationsbeslut",
        ArendeTyp.DELEGATIONSBESLUT,
        poster=[ListPost(i, f"Beslut {i}") for i in (1, 2, 3)],
    )
    assert standardbeslut(a, organ(), Utfall.BIFALL) == (
        "Kommunstyrelsen har tagit del av redovisningen av delegationsbeslut punkterna 1–3 och "
        "beslutar lägga den till handlingarna."
    )


def test_opened_paragraf_carries_the_draft_and_a_default_outcome():
    o, m = organ(), mote()
    m.arenden.append(Arende("a7", "Meddelanden", ArendeTyp.MEDDELANDEN))
    p = oppna_paragraf(m, o, "a2", None)
    assert (p.beslut, p.utfall) == ("Kommunstyrelsen beslutar i ärende 2.", Utfall.BIFALL)
    assert oppna_paragraf(m, o, "a7", None).utfall is Utfall.NOTERAS


# -- omröstning ---------------------------------------------------------------------------


def _omrostning(ja: int, nej: int, avstar: int = 0, **kw) -> Omrostning:
    votes = [Rost.JA] * ja + [Rost.NEJ] * nej + [Rost.AVSTAR] * avstar
    return Omrostning(
        "bifall till förslaget",
        "Bo Eks (M) avslagsyrkande",
        {f"l{i}": r for i, r in enumerate(votes, 1)},
        **kw,
    )


@pytest.mark.parametrize(
    ("ja", "nej", "avstar", "utslagsrost", "sida", "utslag"),
    [
        (6, 5, 0, None, Rost.JA, False),
        (4, 6, 1, None, Rost.NEJ, False),
        (5, 5, 1, Rost.NEJ, Rost.NEJ, True),
        (5, 5, 1, None, Rost.JA, True),  # l1, the chair, voted ja
        (0, 0, 11, None, None, False),
    ],
)
def test_tally_and_the_chairs_casting_vote(ja, nej, avstar, utslagsrost, sida, utslag):
    r = rakna(_omrostning(ja, nej, avstar, utslagsrost=utslagsrost), "l1")
    assert (r.ja, r.nej, r.avstar, r.sida, r.utslag) == (ja, nej, avstar, sida, utslag)
    assert r.ja + r.nej + r.avstar == ja + nej + avstar


def test_the_chair_is_the_ordforande_or_a_vice_when_absent():
    o, m = organ(), mote()
    assert ordforande(o, m) == "l1"
    m.narvaro = [p for p in m.narvaro if p.ledamot_id != "l1"]
    assert ordforande(o, m) == "l2"


def test_only_serving_members_who_are_not_javiga_vote():
    o, m = organ(), mote()
    p = Paragraf(3, "a2", jav=[Jav("l4", "e1")], omrostning=_omrostning(0, 0))
    m.paragrafer = [p]
    assert kan_rosta(m, 3) == {f"l{i}" for i in range(1, 12)} - {"l4"} | {"e1"}
    rosta(m, p, "e1", Rost.JA)
    with pytest.raises(DomainError, match="jävig"):
        rosta(m, p, "l4", Rost.NEJ)
    with pytest.raises(DomainError):
        rosta(m, p, "e2", Rost.NEJ)  # present but not serving
    rosta(m, p, "e1", None)
    assert p.omrostning.roster == {}
    assert rostlista(_omrostning(1, 1), o)[Rost.NEJ] == ["Bo Ek (M)"]


# -- the wording ----------------------------------------------------------------------------


def test_genitive():
    o = organ()
    assert genitiv(o, "l1") == "Anna Bergs (S)"
    assert genitiv(o, "l10") == "Jonas Ros (KD)"
