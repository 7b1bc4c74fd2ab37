"""The kallelse-stage rules: each rule firing and not firing, with its severity and source."""

import re
import subprocess
import sys
from datetime import date, time, timedelta

import pytest

from kallelse_tui.domain.model import (
    Arende,
    ArendeTyp,
    Forslag,
    Handlaggare,
    ListPost,
    Organ,
    OrganTyp,
    Reglemente,
    Sammantrade,
)
from kallelse_tui.domain.regler import KALLOR, Allvar, Fynd, helgdag, kontrollera_kallelse
from kallelse_tui.domain.status import Status

TISDAG = date(2026, 10, 20)  # an ordinary working day
IDAG = date(2026, 9, 1)  # long before any deadline, so no reminder fires


def organ(
    typ: OrganTyp = OrganTyp.NAMND,
    namn: str = "Barn- och utbildningsnämnden",
    **reglemente: int,
) -> Organ:
    return Organ(id="x", namn=namn, kortnamn="X", typ=typ, reglemente=Reglemente(**reglemente))


def fullmaktige(**reglemente: int) -> Organ:
    return organ(OrganTyp.FULLMAKTIGE, "Kommunfullmäktige", **reglemente)


def beslut(rubrik: str = "Budget 2027", dnr: str = "KS 2026/12", **falt) -> Arende:
    """A well-prepared beslutsärende; override fields to break it."""
    falt.setdefault("handlaggare", Handlaggare("Eva Lind", "Ekonomichef"))
    falt.setdefault("forslag", [Forslag(["Budgeten fastställs."])])
    return Arende(id=falt.pop("id", "a1"), rubrik=rubrik, dnr=dnr, **falt)


def mote(*arenden: Arende, datum: date = TISDAG, **falt) -> Sammantrade:
    # A kallelse names time and place (rule tid-plats-saknas); the other rules assume both.
    falt.setdefault("tid", time(13))
    falt.setdefault("plats", "Rådhuset")
    return Sammantrade(id="m", organ_id="x", datum=datum, arenden=list(arenden), **falt)


def fynd(m: Sammantrade, o: Organ | None = None, idag: date = IDAG, regel: str = "") -> list[Fynd]:
    hittade = kontrollera_kallelse(m, o or organ(), idag)
    return [f for f in hittade if not regel or f.regel == regel]


# --- helgdag ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dag", "namn"),
    [
        (date(2024, 6, 21), "midsommarafton"),
        (date(2024, 6, 22), "midsommardagen"),
        (date(2024, 12, 24), "julafton"),
        (date(2024, 12, 25), "juldagen"),
        (date(2024, 12, 31), "nyårsafton"),
        (date(2025, 4, 18), "långfredagen"),
        (date(2026, 1, 6), "trettondedag jul"),
        (date(2025, 5, 29), "Kristi himmelsfärdsdag"),
        (date(2008, 5, 1), "första maj och Kristi himmelsfärdsdag"),
        (date(2024, 3, 31), "påskdagen"),  # a Sunday: the holiday's name wins
        (date(2024, 10, 19), "lördag"),
        (date(2024, 10, 20), "söndag"),
        (TISDAG, None),
    ],
)
def test_helgdag_names_holidays_and_weekends(dag, namn):
    assert helgdag(dag) == namn


@pytest.mark.parametrize(
    ("datum", "meddelande"),
    [
        (date(2024, 10, 19), "Sammanträdet den 19 oktober 2024 är en lördag."),
        (date(2024, 12, 25), "Sammanträdet den 25 december 2024 infaller på juldagen."),
        (date(2024, 6, 21), "Sammanträdet den 21 juni 2024 infaller på midsommarafton."),
        (
            date(2024, 6, 22),
            "Sammanträdet den 22 juni 2024 infaller på midsommardagen, en lördag.",
        ),
    ],
)
def test_meeting_on_a_holiday_or_weekend_is_a_warning(datum, meddelande):
    (f,) = fynd(mote(datum=datum), regel="helgdag")
    assert (f.allvar, f.meddelande) == (Allvar.VARNING, meddelande)
    assert f.kalla == KALLOR["helgdagar"]


def test_meeting_on_a_working_day_is_fine():
    assert fynd(mote(datum=TISDAG), regel="helgdag") == []


# --- kallelse in time -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("o", "dagar_fore", "sen", "kalla"),
    [
        (fullmaktige(), 7, False, "Kommunallagen (2017:725) 5 kap."),
        (fullmaktige(), 8, False, "Kommunallagen (2017:725) 5 kap."),
        (fullmaktige(), 6, True, "Kommunallagen (2017:725) 5 kap."),
        # A shorter period in the arbetsordning cannot undercut the law.
        (fullmaktige(kallelse_dagar=5), 6, True, "Kommunallagen (2017:725) 5 kap."),
        (fullmaktige(kallelse_dagar=10), 9, True, "Arbetsordningen för Kommunfullmäktige"),
        (fullmaktige(kallelse_dagar=10), 10, False, ""),
        (organ(kallelse_dagar=5), 5, False, ""),
        (organ(kallelse_dagar=5), 6, False, ""),
        (organ(kallelse_dagar=5), 4, True, "Reglementet för Barn- och utbildningsnämnden"),
        (organ(kallelse_dagar=5), 0, True, "Reglementet för Barn- och utbildningsnämnden"),
    ],
)
def test_kallelse_sent_late_is_an_error(o, dagar_fore, sen, kalla):
    m = mote(kallad_datum=TISDAG - timedelta(days=dagar_fore), status=Status.KALLAD)
    hittade = fynd(m, o, regel="kallelse-sen")
    assert bool(hittade) is sen
    if sen:
        assert hittade[0].allvar is Allvar.FEL
        assert hittade[0].kalla == kalla


def test_late_kallelse_message_names_dates_and_period():
    m = mote(kallad_datum=date(2026, 10, 14), status=Status.KALLAD)
    (f,) = fynd(m, fullmaktige(), regel="kallelse-sen")
    assert f.meddelande == (
        "Kallelsen skickades 2026-10-14, 6 dagar före sammanträdet; Kommunfullmäktige ska "
        "kallas minst 7 dagar före sammanträdet, senast 2026-10-13."
    )


def test_fullmaktige_needs_seven_days_where_a_namnd_needs_five():
    m = mote(kallad_datum=TISDAG - timedelta(days=5), status=Status.KALLAD)
    assert fynd(m, organ(kallelse_dagar=5), regel="kallelse-sen") == []
    assert len(fynd(m, fullmaktige(), regel="kallelse-sen")) == 1


SISTA = TISDAG - timedelta(days=5)  # a nämnd with 5 days: Thursday 2026-10-15


@pytest.mark.parametrize(
    ("idag", "allvar", "slut"),
    [
        (SISTA - timedelta(days=30), None, ""),
        (SISTA - timedelta(days=4), None, ""),
        (SISTA - timedelta(days=3), Allvar.VARNING, "torsdag 2026-10-15, om 3 dagar."),
        (SISTA - timedelta(days=1), Allvar.VARNING, "torsdag 2026-10-15, i morgon."),
        (SISTA, Allvar.VARNING, "torsdag 2026-10-15, i dag."),
        (SISTA + timedelta(days=1), Allvar.FEL, "det är för sent, eftersom"),
        (TISDAG + timedelta(days=1), Allvar.FEL, "det är för sent, eftersom"),
    ],
)
def test_unsent_draft_counts_down_to_the_last_day(idag, allvar, slut):
    hittade = fynd(mote(), organ(kallelse_dagar=5), idag, regel="kallelse-sen")
    assert [f.allvar for f in hittade] == ([allvar] if allvar else [])
    if allvar:
        assert slut in hittade[0].meddelande


def test_too_late_draft_message():
    (f,) = fynd(mote(), organ(kallelse_dagar=5), date(2026, 10, 16), regel="kallelse-sen")
    assert f.meddelande == (
        "Kallelsen är inte skickad och sista dag var 2026-10-15; det är för sent, eftersom "
        "Barn- och utbildningsnämnden ska kallas minst 5 dagar före sammanträdet."
    )


def test_reminder_names_a_holiday_on_the_last_day():
    m = mote(datum=date(2024, 6, 28))  # last day for fullmäktige: midsommarafton
    (f,) = fynd(m, fullmaktige(), date(2024, 6, 20), regel="kallelse-sen")
    assert f.meddelande == (
        "Kallelsen är inte skickad; sista dag att skicka den är fredag 2024-06-21 "
        "(midsommarafton), i morgon."
    )


def test_no_guess_when_status_is_past_utkast_without_a_sent_date():
    m = mote(status=Status.KALLAD)
    assert fynd(m, organ(), TISDAG, regel="kallelse-sen") == []


# --- Dnr --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typ", "kravs"),
    [
        (ArendeTyp.BESLUT, True),
        (ArendeTyp.MOTION, True),
        (ArendeTyp.VAL, True),
        (ArendeTyp.STANDARD, False),
        (ArendeTyp.INFORMATION, False),
        (ArendeTyp.MEDDELANDEN, False),
        (ArendeTyp.DELEGATIONSBESLUT, False),
    ],
)
@pytest.mark.parametrize("tomt", ["", "   "])
def test_missing_dnr_is_an_error_on_items_that_are_decided(typ, kravs, tomt):
    m = mote(Arende("u", "Upprop", ArendeTyp.STANDARD), beslut(dnr=tomt, typ=typ, id="b"))
    hittade = fynd(m, regel="dnr-saknas")
    if not kravs:
        assert hittade == []
        return
    (f,) = hittade
    assert (f.allvar, f.arende_id, f.kalla) == (Allvar.FEL, "b", KALLOR["diarieforing"])
    assert f.meddelande == "Ärende 2 ”Budget 2027” saknar Dnr."


@pytest.mark.parametrize(
    "dnr",
    [
        "Dnr 2023-00463 102",
        "Dnr 2023-00497",
        "2020/434",
        "KS 2020/434",
        "KS 2019/507-00",
        "Dnr 2021-000001",
        "KS/2020:226",
        "SBN 2020/877",
    ],
)
def test_every_printed_dnr_shape_is_accepted(dnr):
    assert fynd(mote(beslut(dnr=dnr))) == []


@pytest.mark.parametrize("typ", [ArendeTyp.BESLUT, ArendeTyp.MEDDELANDEN])
def test_unreadable_dnr_is_an_error_on_any_item(typ):
    (f,) = fynd(mote(beslut(dnr="KS 20/4", typ=typ)), regel="dnr-ogiltigt")
    assert f.allvar is Allvar.FEL
    assert f.meddelande.startswith("Ärende 1 ”Budget 2027” har Dnr ”KS 20/4” som inte går att")


def test_same_dnr_in_two_shapes_is_a_warning_naming_both_items():
    m = mote(
        beslut("Budget 2027", "Dnr 2023-00463 102", id="a"),
        beslut("Val av ledamot", "KS 2023/463", id="b"),
        beslut("Annat ärende", "KS 2023/464", id="c"),
    )
    (f,) = fynd(m, regel="dnr-dubblett")
    assert (f.allvar, f.arende_id) == (Allvar.VARNING, "b")
    assert f.meddelande == (
        "Ärende 2 ”Val av ledamot” har samma Dnr (KS 2023/463) som ärende 1 ”Budget 2027” "
        "(Dnr 2023-00463 102)."
    )


def test_three_items_sharing_a_dnr_each_name_the_first():
    m = mote(*(beslut(f"Del {i}", "2024/7", id=f"a{i}") for i in range(1, 4)))
    assert [f.arende_id for f in fynd(m, regel="dnr-dubblett")] == ["a2", "a3"]
    assert all("som ärende 1 ”Del 1”" in f.meddelande for f in fynd(m, regel="dnr-dubblett"))


def test_distinct_and_missing_dnr_are_no_duplicates():
    m = mote(
        Arende("i1", "Information", ArendeTyp.INFORMATION),
        Arende("i2", "Mer information", ArendeTyp.INFORMATION),
        beslut("A", "KS 2024/1", id="a"),
        beslut("B", "KS 2024/10", id="b"),
    )
    assert fynd(m, regel="dnr-dubblett") == []


# --- beredning --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handlaggare", "varnar"),
    [(None, True), (Handlaggare("  "), True), (Handlaggare("Eva Lind"), False)],
)
@pytest.mark.parametrize("typ", [ArendeTyp.BESLUT, ArendeTyp.MOTION])
def test_missing_handlaggare_is_a_warning(typ, handlaggare, varnar):
    hittade = fynd(mote(beslut(typ=typ, handlaggare=handlaggare)), regel="handlaggare-saknas")
    assert [(f.allvar, f.meddelande) for f in hittade] == (
        [(Allvar.VARNING, "Ärende 1 ”Budget 2027” saknar handläggare.")] if varnar else []
    )
    assert all(f.kalla == "Reglementet för Barn- och utbildningsnämnden" for f in hittade)


@pytest.mark.parametrize(
    ("forslag", "varnar"),
    [
        ([], True),
        ([Forslag([])], True),
        ([Forslag(["", "  "])], True),
        ([Forslag([]), Forslag(["Motionen avslås."], "fullmäktige")], False),
    ],
)
def test_missing_forslag_till_beslut_is_a_warning(forslag, varnar):
    hittade = fynd(mote(beslut(typ=ArendeTyp.MOTION, forslag=forslag)), regel="forslag-saknas")
    assert [(f.allvar, f.meddelande) for f in hittade] == (
        [(Allvar.VARNING, "Ärende 1 ”Budget 2027” saknar förslag till beslut.")] if varnar else []
    )


@pytest.mark.parametrize("typ", [ArendeTyp.VAL, ArendeTyp.INFORMATION, ArendeTyp.STANDARD])
def test_items_not_prepared_as_decisions_need_neither(typ):
    m = mote(beslut(typ=typ, handlaggare=None, forslag=[]))
    assert [f.regel for f in fynd(m) if f.regel in {"handlaggare-saknas", "forslag-saknas"}] == []


def test_fullmaktige_beredning_cites_its_arbetsordning():
    (f,) = fynd(mote(beslut(handlaggare=None)), fullmaktige(), regel="handlaggare-saknas")
    assert f.kalla == "Arbetsordningen för Kommunfullmäktige"


# --- delegationsbeslut ------------------------------------------------------------------


def delegationer(
    *dagar_fore: int | None, typ=ArendeTyp.DELEGATIONSBESLUT, fore: date = TISDAG
) -> Arende:
    """A delegationsbeslut list, each line dated the given days before the meeting `fore`."""
    poster = [
        ListPost(i, f"Beslut {i}", datum=None if d is None else fore - timedelta(days=d))
        for i, d in enumerate(dagar_fore, 1)
    ]
    return Arende("d", "Redovisning av delegationsbeslut", typ, poster=poster)


@pytest.mark.parametrize(
    ("dagar_fore", "sena"),
    [
        ((30, 8, 9), []),
        ((30, 7, 6, None), [2, 3]),
        ((0,), [1]),
        ((-2,), [1]),
    ],
)
def test_delegationsbeslut_reported_late(dagar_fore, sena):
    hittade = fynd(mote(delegationer(*dagar_fore)), regel="delegation-sen")
    nummer = [int(re.search(r"delegationsbeslut (\d+)", f.meddelande)[1]) for f in hittade]
    assert nummer == sena
    assert all(f.allvar is Allvar.VARNING and f.arende_id == "d" for f in hittade)


def test_delegation_message_and_source():
    (f,) = fynd(mote(delegationer(6)), regel="delegation-sen")
    assert f.meddelande == (
        "Ärende 1 ”Redovisning av delegationsbeslut”: delegationsbeslut 1 (2026-10-14) fattades "
        "mindre än 8 dagar före sammanträdet och hann inte anmälas enligt delegationsordningen."
    )
    assert f.kalla == (
        "Kommunallagen (2017:725) 6 kap. 40 § och delegationsordningen för "
        "Barn- och utbildningsnämnden"
    )


def test_delegationsbeslut_dated_after_the_meeting_says_so():
    (f,) = fynd(mote(delegationer(-2)), regel="delegation-sen")
    assert "(2026-10-22) är daterat efter sammanträdet och hann inte" in f.meddelande


def test_delegation_period_comes_from_the_reglemente():
    m = mote(delegationer(6, 2))
    assert len(fynd(m, organ(delegation_dagar_fore=3), regel="delegation-sen")) == 1


def test_dated_lines_in_other_lists_are_not_delegationsbeslut():
    assert fynd(mote(delegationer(1, typ=ArendeTyp.MEDDELANDEN)), regel="delegation-sen") == []


# --- the engine as a whole --------------------------------------------------------------


def test_a_well_prepared_meeting_has_no_findings():
    m = mote(
        Arende("u", "Upprop", ArendeTyp.STANDARD),
        Arende("i", "Information från förvaltningen", ArendeTyp.INFORMATION),
        beslut(id="b"),
        delegationer(20, 8),
        kallad_datum=TISDAG - timedelta(days=7),
        status=Status.KALLAD,
    )
    assert fynd(m, fullmaktige()) == []


def test_every_rule_fires_and_cites_a_source_from_kallor():
    m = mote(
        beslut("Utan Dnr", "", id="a", handlaggare=None, forslag=[]),
        beslut("Trasigt Dnr", "KS 20/4", id="b"),
        beslut("Första", "2024/7", id="c"),
        beslut("Andra", "KS 2024/7", id="d"),
        delegationer(1, fore=date(2024, 12, 25)),
        datum=date(2024, 12, 25),
    )
    for o in (fullmaktige(), fullmaktige(kallelse_dagar=10), organ()):
        hittade = fynd(m, o, idag=date(2024, 12, 20))
        assert {f.regel for f in hittade} == {
            "kallelse-sen",
            "helgdag",
            "dnr-saknas",
            "dnr-ogiltigt",
            "dnr-dubblett",
            "handlaggare-saknas",
            "forslag-saknas",
            "delegation-sen",
        }
        kallor = {k.format(organ=o.namn) for k in KALLOR.values()}
        assert all(f.kalla in kallor for f in hittade)
        assert all(f.meddelande.endswith(".") and "{" not in f.meddelande for f in hittade)


def test_importing_the_rules_does_not_import_holidays():
    code = "import sys, kallelse_tui.domain.regler; print('holidays' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_time_and_place_are_a_finding_when_missing():
    utkast = mote(tid=None, plats=" ")
    [f] = fynd(utkast, regel="tid-plats-saknas")
    assert f.allvar is Allvar.VARNING and "saknar klockslag och plats" in f.meddelande
    assert f.kalla == "Reglementet för Barn- och utbildningsnämnden"
    skickad = mote(plats="", status=Status.KALLAD, kallad_datum=TISDAG - timedelta(days=10))
    [f] = fynd(skickad, fullmaktige(), regel="tid-plats-saknas")
    assert f.allvar is Allvar.FEL and "saknar plats; kallelsen är redan skickad" in f.meddelande
    assert f.kalla == KALLOR["tid-och-plats"] == "Kommunallagen (2017:725) 5 kap. 12 §"
    assert fynd(mote(), regel="tid-plats-saknas") == []


# --- sekretess ready to publish ----------------------------------------------------------


@pytest.mark.parametrize(
    ("publik_titel", "osl", "regler"),
    [
        ("Tillsynsärende enligt PBL", "29 kap. 1 § OSL", []),
        ("", "29 kap. 1 § OSL", ["sekretess-publik-rubrik"]),
        ("Tillsynsärende enligt PBL", "OSL", ["sekretess-osl"]),
        ("  ", "", ["sekretess-publik-rubrik", "sekretess-osl"]),
    ],
)
def test_a_secret_item_needs_a_public_title_and_its_osl_paragraph(publik_titel, osl, regler):
    hemlig = beslut(sekretess=True, osl=osl, publik_titel=publik_titel)
    hittade = [f for f in fynd(mote(hemlig)) if f.regel.startswith("sekretess")]
    assert [f.regel for f in hittade] == regler
    assert all(f.allvar is Allvar.VARNING and f.arende_id == "a1" for f in hittade)
    assert all(f.kalla == "Offentlighets- och sekretesslagen (2009:400)" for f in hittade)


def test_an_open_item_needs_neither():
    assert [f for f in fynd(mote(beslut())) if f.regel.startswith("sekretess")] == []
