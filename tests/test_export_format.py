"""The documents as a secretary uses them: the kallelse's sent date and fullmäktige's
kungörelse, phone numbers kept whole in plain text, the anslagsbevis signed by the organ's
official and naming the court, DOCX built for Word (heading styles, sv-SE, properties,
column widths, header tab, kept-together signatures), and the HTML heading outline."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from kallelse_tui.domain.justering import registrera_anslag
from kallelse_tui.domain.model import Handlaggare
from kallelse_tui.export.anslag import export_anslag
from kallelse_tui.export.common import radbryt
from kallelse_tui.export.kallelse import FORMAT as KALLELSE_FORMAT
from kallelse_tui.export.kallelse import export_kallelse
from kallelse_tui.store import Store
from tests.conftest import mote_och_organ
from tests.test_export_kallelse import lasbar_text

KS = "norrvik-ks-2026-10-19"  # justerat
KF = "norrvik-kf-2026-11-30"  # kallad: kallelse sent and kungörelse posted 2026-11-19
SBN = "sjobacka-sbn-2026-11-17"
TELEFON = "0920-45 61 20"


# -- point 11: the kallelse ------------------------------------------------------------


@pytest.mark.parametrize("fmt", KALLELSE_FORMAT)
def test_fullmaktige_kallelse_is_a_kungorelse_with_its_anslag_date(store, ut, fmt):
    mote, organ = mote_och_organ(store, KF)
    text = lasbar_text(export_kallelse(mote, organ, fmt, ut / f"k.{fmt}"))
    for element in (
        "Kungörelse och kallelse",
        "Sammanträdet är offentligt.",
        "Kungörelsen sattes upp på kommunens anslagstavla 2026-11-19.",
        "Kallelsen skickad 2026-11-19",
    ):
        assert element.casefold() in text.casefold(), (fmt, element)


@pytest.mark.parametrize("fmt", KALLELSE_FORMAT)
def test_a_namnd_kallelse_prints_its_sent_date_and_is_no_kungorelse(store, ut, fmt):
    mote, organ = mote_och_organ(store, SBN)
    text = lasbar_text(export_kallelse(mote, organ, fmt, ut / f"k.{fmt}"))
    assert "Kallelsen skickad 2026-11-10" in text
    assert "kungörelse" not in text.casefold() and "offentligt" not in text


def test_an_unsent_kallelse_prints_no_sent_date(store, ut):
    mote, organ = mote_och_organ(store, KF)
    mote = dataclasses.replace(mote, kallad_datum=None, kungorelse_uppsatt=None)
    text = lasbar_text(export_kallelse(mote, organ, "txt", ut / "k.txt"))
    assert "skickad" not in text and "anslagstavla" not in text
    assert "Sammanträdet är offentligt." in text


@pytest.mark.parametrize("bredd", range(30, 100))
def test_plain_text_never_breaks_inside_a_phone_number(bredd):
    text = f"Handläggare: Karin Lindqvist, utvecklingsstrateg, {TELEFON}, 1 600 000 kr, § 171"
    brutet = radbryt(text, bredd)
    for grupp in (TELEFON, "1 600 000", "§ 171"):
        assert grupp in brutet, (bredd, brutet)
    assert "\u00a0" not in brutet


def test_the_kallelse_in_plain_text_keeps_the_handlaggare_phone_whole(store, ut):
    mote, organ = mote_och_organ(store, KS)
    for arende in mote.arenden:
        arende.handlaggare = Handlaggare(
            "Karin Lindqvist-Bergström", "Utvecklingsstrateg vid kommunledningskontoret", TELEFON
        )
    text = export_kallelse(mote, organ, "txt", ut / "k.txt").read_text(encoding="utf-8")
    assert text.count(TELEFON) == len(mote.arenden) + 1  # and the OSA line's


# -- point 12: the anslagsbevis ---------------------------------------------------------


@pytest.fixture
def anslaget(demo_dir: Path) -> Path:
    with Store.open(demo_dir) as store:
        mote = store.meeting(KS)
        registrera_anslag(mote, date(2026, 10, 26), "Kommunkansliet, Norrviks kommun")
        store.save_meeting(mote)
        organ = store.organ(mote.organ_id)
        organ.anslag_av = "Lisa Kanslist"
        organ.undertecknare.append(
            dataclasses.replace(organ.undertecknare[0], namn="Lisa Kanslist", titel="Registrator")
        )
        store.save_organ(organ)
    return demo_dir


@pytest.mark.parametrize("fmt", ["pdf", "html", "md", "txt"])
def test_anslagsbevis_is_signed_by_the_organs_official_and_names_the_court(anslaget, ut, fmt):
    with Store.open(anslaget, readonly=True) as store:
        mote, organ = mote_och_organ(store, KS)
    text = lasbar_text(export_anslag(mote, organ, fmt, ut / f"a.{fmt}"))
    assert "Lisa Kanslist" in text and "Registrator" in text
    assert "Johanna Sträng" not in text
    assert "Överklagandet ska ges in till Förvaltningsrätten i Luleå" in text
    # The checksum is explained in words; no unexplained technical terms.
    assert "SHA" not in text and "hash" not in text.casefold()
    assert "Kontrollsumman är ett fingeravtryck av protokollets justerade text" in text


def test_anslagsbevis_without_a_court_set_still_says_where(anslaget, ut):
    with Store.open(anslaget, readonly=True) as store:
        mote, organ = mote_och_organ(store, KS)
    organ = dataclasses.replace(organ, forvaltningsratt="")
    text = lasbar_text(export_anslag(mote, organ, "txt", ut / "a.txt"))
    assert "Överklagandet ska ges in till förvaltningsrätten" in text


# -- the register and the send form (Pilot) ------------------------------------------------


async def test_the_organ_form_sets_who_posts_the_anslag_and_the_court(demo_dir):
    from textual.widgets import Input

    from kallelse_tui.tui.app import make_app

    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 20))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "e")
        await pilot.pause()
        assert app.screen.query_one("#anslag-av", Input).value == "Johanna Sträng"
        forut = app.screen.query_one("#forvaltningsratt", Input).value
        assert forut == "Förvaltningsrätten i Luleå"
        app.screen.query_one("#anslag-av", Input).value = "Lisa Kanslist"
        app.screen.query_one("#forvaltningsratt", Input).value = "Förvaltningsrätten i Umeå"
        await pilot.press("f2")
        await pilot.pause()
    with Store.open(demo_dir, readonly=True) as store:
        andrade = [o for o in store.organs() if o.anslag_av == "Lisa Kanslist"]
    assert len(andrade) == 1 and andrade[0].forvaltningsratt == "Förvaltningsrätten i Umeå"


async def test_marking_a_fullmaktige_kallelse_sent_records_the_kungorelse(demo_dir):
    from textual.widgets import Input

    from kallelse_tui.domain.model import Sammantrade
    from kallelse_tui.domain.status import Status
    from kallelse_tui.tui.app import make_app
    from kallelse_tui.tui.meeting_screen import MeetingScreen

    with Store.open(demo_dir) as store:
        mote = store.meeting(KF)
        utkast = Sammantrade(
            id="norrvik-kf-2026-12-14", organ_id=mote.organ_id, datum=date(2026, 12, 14)
        )
        store.save_meeting(utkast)
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 12, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        organ = app.store.organ(utkast.organ_id)
        app.push_screen(MeetingScreen(app.store.meeting(utkast.id), organ))
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#kungjord", Input).value = "2026-12-02"
        await pilot.press("f2")
        await pilot.pause()
    with Store.open(demo_dir, readonly=True) as store:
        sparat = store.meeting(utkast.id)
    assert sparat.status is Status.KALLAD
    assert (sparat.kallad_datum, sparat.kungorelse_uppsatt) == (
        date(2026, 12, 1),
        date(2026, 12, 2),
    )
