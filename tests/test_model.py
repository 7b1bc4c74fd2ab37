from datetime import date

import pytest

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Ledamot,
    Mottagare,
    Omrostning,
    Organ,
    OrganTyp,
    Reglemente,
    Roll,
    Rost,
    nytt_sammantrade,
)
from kallelse_tui.domain.status import OVERGANGAR, Status, kontrollera_overgang


def organ() -> Organ:
    return Organ(
        id="x-ks",
        namn="Kommunstyrelsen",
        kortnamn="KS",
        typ=OrganTyp.STYRELSE,
        ledamoter=[Ledamot("l1", "Anna Berg", "S", Roll.ORDFORANDE)],
        reglemente=Reglemente(standardarenden=["Upprop", "Val av justerare"]),
    )


def test_new_meeting_starts_with_the_organs_standard_items():
    mote = nytt_sammantrade(organ(), date(2024, 2, 5), set())
    assert mote.id == "x-ks-2024-02-05"
    assert [a.rubrik for a in mote.arenden] == ["Upprop", "Val av justerare"]
    assert mote.status is Status.UTKAST


def test_second_meeting_same_day_gets_its_own_id():
    mote = nytt_sammantrade(organ(), date(2024, 2, 5), {"x-ks-2024-02-05"})
    assert mote.id == "x-ks-2024-02-05-2"


def test_the_whole_life_of_a_meeting():
    mote = nytt_sammantrade(organ(), date(2024, 2, 5), set())
    for status in [Status.KALLAD, Status.PAGAR, Status.PROTOKOLL_KLART, Status.JUSTERAT]:
        mote.byt_status(status)
    assert mote.last
    mote.byt_status(Status.ANSLAGET)
    assert mote.last


@pytest.mark.parametrize("fran", list(Status))
def test_forbidden_transitions_are_refused_in_swedish(fran):
    for till in Status:
        if till in OVERGANGAR[fran]:
            kontrollera_overgang(fran, till)
        else:
            with pytest.raises(DomainError, match="kan inte få status"):
                kontrollera_overgang(fran, till)


def test_justerat_never_goes_back():
    with pytest.raises(DomainError):
        kontrollera_overgang(Status.JUSTERAT, Status.PROTOKOLL_KLART)


def test_omrostning_tally_and_casting_vote():
    vote = Omrostning("A", "B", {"l1": Rost.JA, "l2": Rost.NEJ, "l3": Rost.AVSTAR})
    assert vote.resultat() == {Rost.JA: 1, Rost.NEJ: 1, Rost.AVSTAR: 1}
    assert vote.vinnare is None
    vote.utslagsrost = Rost.NEJ
    assert vote.vinnare == "B"
    vote.roster["l3"] = Rost.JA
    assert vote.vinnare == "A"


def test_member_display_and_mandate():
    ledamot = Ledamot("l1", "Anna Berg", "S", fran=date(2023, 1, 1), till=date(2026, 12, 31))
    assert ledamot.visningsnamn == "Anna Berg (S)"
    assert ledamot.har_mandat(date(2024, 1, 1))
    assert not ledamot.har_mandat(date(2027, 1, 1))


def test_akten_is_a_pseudo_recipient():
    assert Mottagare("Akten").pseudo
    assert not Mottagare("Ekonomiavdelningen").pseudo


def test_unknown_member_is_a_clear_error():
    with pytest.raises(DomainError, match="ingen ledamot"):
        organ().ledamot("l99")


def test_an_organ_without_kommun_is_named_without_a_dangling_comma():
    o = organ()
    assert o.namn_och_kommun == "Kommunstyrelsen"
    o.kommun = "Norrviks kommun"
    assert o.namn_och_kommun == "Kommunstyrelsen, Norrviks kommun"
