"""Meeting mode's text of a § (flags, head line, record), pure and without an app."""

from __future__ import annotations

from kallelse_tui.domain.model import Anteckning, AnteckningTyp, Jav
from kallelse_tui.domain.paragrafer import oppna_paragraf
from kallelse_tui.tui.paragraf_text import meeting_head, paragraf_flags, paragraf_record
from tests import motesdata


def test_flags_name_each_record_and_a_missing_motivering() -> None:
    organ, mote = motesdata.organ(), motesdata.mote()
    p = oppna_paragraf(mote, organ, "a2", None)
    assert paragraf_flags(mote, organ, None).plain == ""
    assert paragraf_flags(mote, organ, p).plain == ""
    p.jav = [Jav("l5", ersatt_av="e1")]
    p.anteckningar = [Anteckning(AnteckningTyp.RESERVATION, ["l4"])]
    flags = paragraf_flags(mote, organ, p)
    assert flags.plain == "JR!"
    assert any("yellow" in str(span.style) for span in flags.spans)
    p.anteckningar[0].motivering = "Taxan är för hög."
    assert paragraf_flags(mote, organ, p).plain == "JR"


def test_the_head_warns_when_the_meeting_is_not_beslutfor_or_has_no_narvaro() -> None:
    organ, mote = motesdata.organ(), motesdata.mote()
    p = oppna_paragraf(mote, organ, "a2", None)
    head = meeting_head(mote, organ, p).plain
    assert head.startswith("Kommunstyrelsen") and f"Vid § {p.nummer}:" in head
    assert "kan inte fattas" not in head and "Närvaron" not in head
    mote.narvaro = mote.narvaro[:3]  # 3 of 11 ledamöter: not beslutför
    assert "beslut kan inte fattas!" in meeting_head(mote, organ, p).plain
    mote.narvaro = []
    assert "Närvaron är inte antecknad (n)." in meeting_head(mote, organ, None).plain


def test_the_record_lists_jav_and_reservations_by_name_and_the_forslag_last() -> None:
    organ, mote = motesdata.organ(), motesdata.mote()
    arende = mote.arende("a2")
    assert arende is not None
    p = oppna_paragraf(mote, organ, "a2", None)
    p.jav = [Jav("l5", ersatt_av="e1")]
    p.anteckningar = [Anteckning(AnteckningTyp.RESERVATION, ["l4"])]
    lines = paragraf_record(mote, organ, arende, p).plain.splitlines()
    assert lines[lines.index("Jäv (j)") + 1] == (
        "Elin Strand (S) deltar inte; Lena Öberg (S) tjänstgör"
    )
    reservation = lines[lines.index("Reservationer och anteckningar (r)") + 1]
    assert reservation.startswith("Reservation: David Lind")
    assert reservation.endswith(" – skriftlig motivering saknas")
    assert lines[-2:] == ["Förslag till beslut", "Kommunstyrelsen beslutar i ärende 2."]
