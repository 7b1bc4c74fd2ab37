"""Pilot tests of justering, anslag and expediering: keys pressed as a secretary would,
the screen and the store on disk checked."""

from __future__ import annotations

import json
from datetime import date

from pypdf import PdfReader
from textual.widgets import Input, Static

from kallelse_tui.domain.model import Expediering
from kallelse_tui.domain.status import Status
from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.expediering_screen import ExpedieringScreen
from kallelse_tui.tui.justering_screen import JusteringScreen
from kallelse_tui.tui.meeting_screen import MeetingScreen

SIZE = (120, 40)
SBN = ["down", "down", "enter"]  # sjobacka-sbn-2026-11-17, protokoll klart
KS = ["down", "down", "down", "down", "enter"]  # norrvik-ks-2026-10-19, justerat


def read(store_dir, meeting_id):
    with Store.open(store_dir, readonly=True) as store:
        return store.meeting(meeting_id)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_justera_and_record_the_anslag(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 24))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*SBN, "j")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JusteringScreen)
        assert screen.query_one("#justerare").selected == ["l1", "l2"]  # from the meeting
        assert "Sara Blom" in str(screen.query_one("#undertecknare", Static).render())
        assert "reservationen" in str(screen.query_one("#oppna", Static).render())
        # The form starts from the meeting (the day in "Justeringens plats och tid", else
        # the reglemente's 14 days), never from today.
        assert screen.query_one("#justeringsdatum", Input).value == "2026-11-24"
        screen.query_one("#justeringsdatum", Input).value = "2026-11-24"
        screen.query_one("#tid-och-plats", Input).value = "Stadshuset, 2026-11-24 kl 10:00"
        await pilot.press("f2")  # a confirm dialog first
        await pilot.pause()
        assert read(demo_dir, "sjobacka-sbn-2026-11-17").status is Status.PROTOKOLL_KLART
        await pilot.press("j")
        await pilot.pause()
        mote = read(demo_dir, "sjobacka-sbn-2026-11-17")
        assert mote.status is Status.JUSTERAT and mote.justering is not None
        assert mote.justering.datum == date(2026, 11, 24)
        assert mote.justering.tid_och_plats == "Stadshuset, 2026-11-24 kl 10:00"
        assert len(mote.justering.protokoll_hash) == 64
        assert set(mote.justering.paragraf_hashar) == {str(n) for n in range(101, 108)}
        status = str(screen.query_one("#justering-status", Static).render())
        assert "Justerat och låst den 2026-11-24" in status
        assert mote.justering.protokoll_hash[:12] in status

        uppsatt = screen.query_one("#uppsatt", Input)
        uppsatt.value = "2026-11-27"  # later than the second day after justering
        await pilot.pause()
        varning = str(screen.query_one("#anslag-varning", Static).render())
        assert "Senare än sista anslagsdag 2026-11-26" in varning
        uppsatt.value = "2026-11-25"
        await pilot.pause()
        assert "Senare" not in str(screen.query_one("#anslag-varning", Static).render())
        assert "Sista dag för överklagande: 2026-12-16" in str(
            screen.query_one("#anslag-datum", Static).render()
        )
        await pilot.press("f3")
        await pilot.pause()
        mote = read(demo_dir, "sjobacka-sbn-2026-11-17")
        assert mote.status is Status.ANSLAGET and mote.anslag is not None
        assert mote.anslag.uppsatt == date(2026, 11, 25)
        assert mote.anslag.forvaringsplats == "Kommunkansliet, Sjöbacka kommun"
        await pilot.press("escape")
        await pilot.pause()
        summary = str(app.screen.query_one("#meeting-summary", Static).render())
        assert "Justerat 2026-11-24 · anslaget 2026-11-25" in summary
        assert "sista dag för överklagande 2026-12-16" in summary


async def test_errors_must_be_confirmed_before_justering(demo_dir):
    with Store.open(demo_dir) as store:
        mote = store.meeting("sjobacka-sbn-2026-11-17")
        next(p for p in mote.paragrafer if p.nummer == 105).beslut = ""
        store.save_meeting(mote)
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 24))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*SBN, "j")
        await pilot.pause()
        assert "saknar beslut" in str(app.screen.query_one("#oppna", Static).render())
        await pilot.press("f2")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "1 fel. Justera ändå?" in question
        await pilot.press("n")
        await pilot.pause()
        assert read(demo_dir, "sjobacka-sbn-2026-11-17").status is Status.PROTOKOLL_KLART


async def test_expediera_a_recipients_utdrag(demo_dir, tmp_path):
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 10, 27))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*KS, "u")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExpedieringScreen)
        assert [r.namn for r in screen.rader][0] == "Ekonomiavdelningen"
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#mapp", Input).value = str(tmp_path)
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        pdf = tmp_path / "utdrag-norrvik-ks-2026-10-19-ekonomiavdelningen.pdf"
        assert pdf.exists()
        text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "§ 176" in text and "internbudget 2027" in text
        assert "Rätt utdraget betygar" in text and "§ 177" not in text
        assert any(str(pdf) in m for m in messages(app))
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        mote = read(demo_dir, "norrvik-ks-2026-10-19")
        assert mote.expediering == [Expediering("Ekonomiavdelningen", [176], date(2026, 10, 27))]
        assert screen.rader[0].skickat == date(2026, 10, 27)


async def test_utdrag_of_paragrafer_not_justerade_is_refused(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 20))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*SBN, "u")
        await pilot.pause()
        assert app.screen.rader[0].namn == "Sökanden"
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExpedieringScreen)  # no folder asked for
        assert any("§ 105 är inte justerad än" in m for m in messages(app))


async def test_editing_a_justerat_meeting_is_refused_and_nothing_written(demo_dir):
    shard = demo_dir / "sammantraden" / "2026" / "norrvik-ks-2026-10-19.json"
    before = shard.read_bytes()
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 20))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*KS)
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("down", "down", "down", "down", "down", "enter")  # § 176
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)  # no form opened
        assert any("Protokollet är justerat den 2026-10-23 och låst" in m for m in messages(app))
        app._notifications.clear()
        await pilot.press("n", "m", "delete", "J")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert len([m for m in messages(app) if "låst" in m]) == 4
    assert shard.read_bytes() == before


async def test_a_rattelse_is_added_on_the_justering_screen(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 24))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*KS, "j")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JusteringScreen)
        await pilot.press("f6")
        await pilot.pause()
        form = app.screen
        form.query_one("#rattelse-paragraf", Input).value = "§ 176"
        form.query_one("#rattelse-var", Input).value = "1 250 000 kronor"
        form.query_one("#rattelse-ska-vara", Input).value = "1 520 000 kronor"
        await pilot.press("f2")  # who decided it is missing: the form stays, naming it
        await pilot.pause()
        assert app.screen is form
        assert read(demo_dir, "norrvik-ks-2026-10-19").rattelser == []
        form.query_one("#rattelse-beslutad-av", Input).value = "Anna-Karin Lund, ordförande"
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen
        [rattelse] = read(demo_dir, "norrvik-ks-2026-10-19").rattelser
        assert (rattelse.paragraf, rattelse.ska_vara) == (176, "1 520 000 kronor")
        assert rattelse.datum == date(2026, 11, 24) and len(rattelse.hash) == 64
        assert "Rättelse 2026-11-24 av § 176" in str(screen.query_one("#oppna", Static).render())
        assert "Rättelser: 1" in str(screen.query_one("#justering-status", Static).render())


async def test_the_justering_screen_says_when_a_justerat_protokoll_was_changed(demo_dir):
    shard = demo_dir / "sammantraden" / "2026" / "norrvik-ks-2026-10-19.json"
    doc = json.loads(shard.read_text(encoding="utf-8"))
    doc["sammantrade"]["1"]["justering"]["organ"]["ledamoter"][0]["namn"] = "Någon Annan"
    shard.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 24))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*KS, "j")
        await pilot.pause()
        status = str(app.screen.query_one("#justering-status", Static).render())
        assert "stämmer inte med justeringen och lämnas inte ut" in status
        assert "organets namn eller ledamöternas namn" in status
