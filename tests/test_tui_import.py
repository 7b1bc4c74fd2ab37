"""The import screen: datum, tid and plats typed over the text, and the handlingar's
proposals shown in the preview and taken only with F8."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from textual.widgets import Input, Select

from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.import_screen import ImportScreen
from kallelse_tui.tui.meeting_screen import MeetingScreen
from tests.test_tui_kallelse import SIZE, TODAY, read, typed

HANDLINGAR = Path(__file__).parent / "corpus" / "kallelser" / "08-strandby-ksau-handlingar.txt"


async def _preview(app, pilot, text: str, expected: str) -> str:
    await pilot.press("i")
    assert isinstance(app.screen, ImportScreen)
    await pilot.press("tab")  # from the file field to the text
    typed(app, text)
    summary = ""
    for _ in range(50):  # the preview follows the typing after a short delay
        await pilot.pause(0.1)
        summary = str(app.screen.query_one("#import-summary").render())
        if expected in summary:
            break
    return summary


async def test_handlingar_are_offered_and_taken_with_f8(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        summary = await _preview(app, pilot, HANDLINGAR.read_text(encoding="utf-8"), "4 ärenden")
        assert "4 ärenden" in summary and "kl 09:00" in summary
        screen = app.screen
        erbjudet = str(screen.query_one("#import-handlingar").render())
        assert "tas inte med – F8 tar med" in erbjudet
        assert "Ärende 2 (Dnr KS 2024/112): förslag till beslut (2 punkter)" in erbjudet
        assert "handläggare Johan Berglund" in erbjudet
        assert "Ärende 4" not in erbjudet
        # What the text said is in the fields; typed over, it wins.
        assert screen.query_one("#tid", Input).value == "09:00"
        assert screen.query_one("#plats", Input).value == "Kommunhuset, sammanträdesrum Tallen"
        screen.query_one("#tid", Input).value = "10.30"
        screen.query_one("#plats", Input).value = "Stadshuset, rum 4"
        screen.query_one("#organ", Select).value = "norrvik-ksau"
        await pilot.press("f8")
        assert "tas med – F8 låter bli" in str(screen.query_one("#import-handlingar").render())
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    mote = read(demo_dir, "norrvik-ksau-2024-09-10")
    assert (mote.datum, mote.tid, mote.plats) == (
        date(2024, 9, 10),
        time(10, 30),
        "Stadshuset, rum 4",
    )
    detaljplan = mote.arenden[1]
    assert detaljplan.forslag and detaljplan.forslag[0].punkter[0].startswith("Kommunstyrelsen")
    assert detaljplan.handlaggare is not None and detaljplan.handlaggare.namn == "Johan Berglund"
    assert [m.namn for m in mote.arenden[2].skickas_till] == [
        "Tekniska förvaltningen",
        "Ekonomienheten",
        "Akten",
    ]
    assert mote.arenden[3].dnr == ""


async def test_handlingar_are_not_taken_unasked_and_the_date_can_be_supplied(demo_dir):
    text = HANDLINGAR.read_text(encoding="utf-8").replace("Datum: 2024-09-10\n", "")
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await _preview(app, pilot, text, "4 ärenden")
        screen = app.screen
        assert screen.query_one("#datum", Input).value == ""
        screen.query_one("#organ", Select).value = "norrvik-ksau"
        await pilot.press("f2")  # no date in the text nor the field
        assert isinstance(app.screen, ImportScreen)
        assert "Ange sammanträdets datum" in str(screen.query_one("#datum-error").render())
        screen.query_one("#datum", Input).value = "2024-09-17"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    mote = read(demo_dir, "norrvik-ksau-2024-09-17")
    assert all(not a.forslag and a.handlaggare is None and not a.skickas_till for a in mote.arenden)
