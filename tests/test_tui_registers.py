"""Pilot tests of the register screens (delegationsbeslut, motioner): keys pressed as a
secretary would, the screen and the store on disk checked; one snapshot per screen."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input, TextArea

from kallelse_tui.domain.model import ArendeTyp
from kallelse_tui.domain.motioner import ANMALAN_RUBRIK
from kallelse_tui.store import Store, registers
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.delegation_screen import DelegationScreen
from kallelse_tui.tui.motioner_screen import MotionerScreen

SIZE = (120, 40)
TODAY = date(2026, 11, 20)
SJOBACKA_KS = "sjobacka-ks-2026-12-08"  # the newest meeting, highlighted first: an utkast
KF = "norrvik-kf-2026-11-30"


def app_for(store_dir):
    return make_app(Store.open(store_dir), idag=lambda: TODAY)


def on_disk(store_dir):
    return Store.open(store_dir, readonly=True)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_record_paste_and_fill_the_next_meeting(demo_dir):
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DelegationScreen) and screen.organ.id == "sjobacka-ks"
        assert screen.query_one("#register-table", DataTable).row_count == 2

        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#datum", Input).value = "2026-11-16"
        form.query_one("#text", Input).value = "Förlängt avtal om snöröjning – § 3 i avtalet"
        form.query_one("#delegat", Input).value = "Gatuchef Ove Berg"
        form.query_one("#punkt", Input).value = "4.3"
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#register-table").row_count == 3

        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#rader", TextArea).text = (
            "2026-11-18;Tillfällig parkering vid torget;Gatuchef Ove Berg;4.4;KS 2026/350\n"
            "2026-11-19\tAvslag på begäran om handling\tKanslichef Eva Ro\t1.2\töverklagbart\n"
        )
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#register-table").row_count == 5
        assert "2 delegationsbeslut är inlästa." in messages(app)

        await pilot.press("f")  # sjobacka-ks-2026-12-08: decisions up to 2026-11-30
        await pilot.pause()
        assert any("5 delegationsbeslut" in m for m in messages(app))

    with on_disk(demo_dir) as store:
        rows = registers.delegationsbeslut(store, "sjobacka-ks")
        assert {r.anmals_i for r in rows} == {SJOBACKA_KS}
        assert [r.overklagbart for r in rows if r.punkt == "1.2"] == [True]
        arende = next(
            a for a in store.meeting(SJOBACKA_KS).arenden if a.typ is ArendeTyp.DELEGATIONSBESLUT
        )
        assert arende.rubrik == "Redovisning av delegationsbeslut"
        assert [p.delegationspunkt for p in arende.poster] == ["3.1", "4.3", "4.4", "1.2", "6.2"]


async def test_a_pasted_line_that_cannot_be_read_keeps_the_form_open(demo_dir):
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "i")
        await pilot.pause()
        form = app.screen
        form.query_one("#rader", TextArea).text = "Bara en rad utan datum\n"
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is form
        assert "går inte att läsa" in str(form.query_one("#rader-error").content)
    with on_disk(demo_dir) as store:
        assert len(registers.delegationsbeslut(store, "sjobacka-ks")) == 2


async def test_motioner_answer_add_and_anmal_in_fullmaktiges_kallelse(demo_dir):
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MotionerScreen) and screen.organ.id == "norrvik-kf"
        table = screen.query_one("#register-table", DataTable)
        assert table.row_count == 7
        assert "för sent" in str(table.get_row_at(1)[1])  # väckt 2025-09-22, unanswered

        await pilot.press("down", "b")  # Solceller på kommunens tak
        await pilot.pause()
        form = app.screen
        form.query_one("#datum", Input).value = "2026-11-30"
        form.query_one("#paragraf", Input).value = "KF § 112"
        form.query_one("#svar", Input).value = "avslag"
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen
        assert str(table.get_row_at(1)[1]) == "avslag KF § 112"

        await pilot.press("down", "down", "down", "down", "r")  # Trygghetsvandringar
        await pilot.pause()
        form = app.screen
        form.query_one("#till", Input).value = "Kommunstyrelsen"
        form.query_one("#datum", Input).value = "2026-10-26"
        await pilot.press("f2")
        await pilot.pause()
        assert str(table.get_row_at(5)[5]) == "Kommunstyrelsen"

        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#titel", Input).value = "Öppna skolgårdar på helger"
        form.query_one("#av", Input).value = "Sara Lind (MP)"
        form.query_one("#vackt", Input).value = "2026-11-18"
        await pilot.press("f2")
        await pilot.pause()
        assert table.row_count == 8

        await pilot.press("f")  # the next meeting: KF 2026-11-30
        await pilot.pause()
        assert any("3 att anmäla" in m for m in messages(app))

    with on_disk(demo_dir) as store:
        by_title = {m.titel: m for m in registers.motioner(store)}
        solceller = by_title["Solceller på kommunens tak"]
        assert (solceller.besvarad, solceller.paragraf, solceller.svar) == (
            date(2026, 11, 30),
            "KF § 112",
            "avslag",
        )
        assert by_title["Öppna skolgårdar på helger"].anmald_i == KF
        trygghet = by_title["Trygghetsvandringar i centrum"]
        assert (trygghet.remiss_till, trygghet.remiss_datum) == (
            "Kommunstyrelsen",
            date(2026, 10, 26),
        )
        mote = store.meeting(KF)
        anmalan = next(a for a in mote.arenden if a.rubrik == ANMALAN_RUBRIK)
        assert mote.arenden.index(anmalan) == 4  # after the four opening items
        assert [p.text for p in anmalan.poster] == [
            "Motion: Trygghetsvandringar i centrum",
            "Interpellation: Väntetider i hemtjänsten",
            "Motion: Öppna skolgårdar på helger",
        ]


async def test_a_motion_answered_before_it_was_raised_is_refused_in_the_form(demo_dir):
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "b")
        await pilot.pause()
        form = app.screen
        form.query_one("#datum", Input).value = "2020-01-01"
        form.query_one("#paragraf", Input).value = "KF § 1"
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is form
        assert "före den väcktes" in str(form.query_one("#datum-error").content)


def test_snapshot_delegation(snap_compare, fixed_demo_dir):
    assert snap_compare(app_for(fixed_demo_dir), terminal_size=SIZE, press=["d"])


def test_snapshot_motioner(snap_compare, fixed_demo_dir):
    assert snap_compare(app_for(fixed_demo_dir), terminal_size=SIZE, press=["m"])


async def test_motioner_report_of_obesvarade_from_the_screen(demo_dir, tmp_path):
    """o: the twice-yearly redovisning written in a worker, the notification naming the file;
    a folder that does not exist keeps the form open."""
    from textual.widgets import Select

    app = app_for(demo_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("m", "o")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#per", Input).value == TODAY.isoformat()
        form.query_one("#path", Input).value = str(tmp_path / "saknas" / "r.pdf")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is form and "finns inte" in str(form.query_one("#path-error").content)

        form.query_one("#format", Select).value = "md"
        await pilot.pause()
        form.query_one("#path", Input).value = str(tmp_path / "obesvarade.md")
        form.query_one("#per", Input).value = "2026-12-31"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MotionerScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        ut = tmp_path / "obesvarade.md"
        assert any(str(ut) in m and "obesvarade per 2026-12-31" in m for m in messages(app))
    text = ut.read_text("utf-8")
    assert "Solceller på kommunens tak" in text and "Cykelparkering" not in text
