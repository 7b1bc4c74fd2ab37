"""A kommun's first day in the TUI: an empty store, its first organ, no dead ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import DataTable, Input, Select, Static, TextArea

from kallelse_tui.cli import main
from kallelse_tui.domain.model import OrganTyp
from kallelse_tui.domain.tidsfrister import foreslagen_justeringsdag
from kallelse_tui.store import Store, StoreLockedError
from kallelse_tui.tui.app import KallelseApp, make_app
from kallelse_tui.tui.confirm_screen import ConfirmScreen
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.help_screen import HelpScreen
from kallelse_tui.tui.import_screen import ImportScreen
from kallelse_tui.tui.meeting_form import MeetingForm
from kallelse_tui.tui.meetings_screen import MeetingsScreen
from kallelse_tui.tui.organ_form import OrganForm
from kallelse_tui.tui.svenska import INGA_TRAFFAR
from kallelse_tui.tui.underlag_form import UnderlagForm

SIZE = (120, 40)


async def test_empty_store_explains_the_first_steps(tmp_path: Path) -> None:
    app = make_app(Store.open(tmp_path / "tomt"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = str(app.screen.query_one("#empty-note", Static).content)
        for step in ("organregistret", "CSV-fil", "importerar en kallelse", "nytt sammanträde"):
            assert step in note
        # Every key the note names is the one the screen binds.
        keys = {b.key: b.action for b in MeetingsScreen.BINDINGS}
        assert keys["g"] == "organ_register" and keys["n"] == "new_meeting"
        assert keys["i"] == "import_kallelse"
        assert app.screen.check_action("new_meeting", ()) is True


@pytest.mark.parametrize(("key", "then"), [("n", MeetingForm), ("i", ImportScreen)])
async def test_n_and_i_without_an_organ_offer_to_create_it(tmp_path: Path, key, then) -> None:
    root = tmp_path / "tomt"
    app = make_app(Store.open(root))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "inget organ" in app.screen.question
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, OrganForm)
        app.screen.query_one("#namn", Input).value = "Kommunstyrelsen"
        app.screen.query_one("#kortnamn", Input).value = "KS"
        app.screen.query_one("#kommun", Input).value = "Åbo kommun"
        await pilot.press("f2")
        await pilot.pause()
        # The organ is saved and the user goes on to what they asked for.
        assert isinstance(app.screen, then)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert "nytt sammanträde" in str(app.screen.query_one("#empty-note", Static).content)
    with Store.open(root, readonly=True) as store:
        assert [(o.id, o.namn) for o in store.organs()] == [("abo-ks", "Kommunstyrelsen")]


async def test_an_organ_saved_without_kommun_is_named_without_a_dangling_comma(
    tmp_path: Path,
) -> None:
    app = make_app(Store.open(tmp_path / "tomt"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "j")
        await pilot.pause()
        app.screen.query_one("#namn", Input).value = "Kommunstyrelsen"
        app.screen.query_one("#kortnamn", Input).value = "KS"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)
        organ = app.screen.query_one("#organ", Select)
        assert [str(prompt) for prompt, _value in organ._options] == ["KS – Kommunstyrelsen"]


async def test_declining_the_organ_leaves_the_store_empty(tmp_path: Path) -> None:
    root = tmp_path / "tomt"
    app = make_app(Store.open(root))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    with Store.open(root, readonly=True) as store:
        assert store.organs() == []


def footer_keys(screen) -> dict[str, bool]:
    """Each footer key's description: whether it is wholly on the 120-column line."""
    footer = screen.query_one(KallelseFooter)
    assert footer.size.width == SIZE[0]
    return footer.shown()


@pytest.mark.parametrize(
    ("keys", "screen_name"),
    [
        ([], "MeetingsScreen"),
        (["down", "enter"], "MeetingScreen"),
        (["down", "enter", "p", "j"], "NarvaroScreen"),
        (["down", "enter", "p", "j", "escape"], "SammantradeScreen"),
        (["end", "enter", "j"], "JusteringScreen"),
        (["down"] * 4 + ["enter", "j"], "JusteringScreen"),  # justerat, to be signed
        (["end", "enter", "u"], "ExpedieringScreen"),
        (["end", "enter", "b"], "UnderlagScreen"),
        (["g"], "OrganRegisterScreen"),
    ],
)
async def test_f1_help_and_the_screens_keys_are_on_every_footer_at_120_columns(
    demo_dir, keys, screen_name
) -> None:
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.1)
        assert type(app.screen).__name__ == screen_name
        shown = footer_keys(app.screen)
        assert shown.get("Hjälp"), shown
        # At 120 columns every key of the screen itself is on the line; only the app's
        # own (palette, search, quit) may fall off the end.
        assert all(v for d, v in shown.items() if d not in {"Kommandon", "Sök", "Avsluta"}), [
            (d, v) for d, v in shown.items()
        ]
        # ... and F1 lists every key of the screen, the ones cut off at the edge too.
        cut = [d for d, visible in shown.items() if not visible]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        described = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert set(cut) <= described | {"Kommandon", "Sök", "Avsluta"}


async def test_command_palette_speaks_swedish(demo_dir) -> None:
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"qqxqz")
        await pilot.pause(0.8)
        words = " ".join(
            str(app.screen.query_one(CommandList).get_option_at_index(i).prompt.renderable)
            for i in range(app.screen.query_one(CommandList).option_count)
        )
        assert INGA_TRAFFAR in words and "No matches" not in words
        descriptions = {b.description for _n, b, *_ in app.screen.active_bindings.values()}
        assert "Stäng kommandopaletten" in descriptions


async def test_an_open_select_list_says_esc_in_swedish(demo_dir) -> None:
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "n")
        await pilot.pause()
        assert isinstance(app.screen, OrganForm)
        app.screen.query_one("#typ").focus()
        await pilot.press("enter")
        await pilot.pause(0.2)
        shown = footer_keys(app.screen)
        assert "Stäng listan" in shown and "Dismiss menu" not in shown


def test_cli_help_is_swedish(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("användning: kallelse")
    assert "visa versionsnumret och avsluta" in out and "show" not in out


async def test_organ_form_scrolls_to_every_field_and_typing_replaces_the_defaults(
    tmp_path: Path,
) -> None:
    root = tmp_path / "lager"
    app = make_app(Store.open(root))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OrganForm)
        form.query_one("#namn", Input).value = "Kommunstyrelsen"
        form.query_one("#kortnamn", Input).value = "KS"
        box = form.query_one("#form-box").region
        # Tab through every field: each one, focused, is inside the form's box.
        for _ in range(12):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.screen.focused
            assert focused is not None and box.contains_region(focused.region), focused
            if focused.id == "standard":
                await pilot.press(*"Upprop")
                await pilot.press("enter")
                await pilot.press(*"Information")
            if focused.id == "forsta":
                form.query_one("#forsta", Input).value = "2027: 5"
                break
        else:
            raise AssertionError("Första § per år nåddes inte med Tab")
        await pilot.press("f2")
        await pilot.pause()
    with Store.open(root, readonly=True) as store:
        [organ] = store.organs()
    assert organ.reglemente.standardarenden == ["Upprop", "Information"]
    assert organ.forsta_paragraf == {"2027": 5}


KF = ["down", "enter"]  # norrvik-kf-2026-11-30, kallad
SBN = ["down", "down", "enter"]  # sjobacka-sbn-2026-11-17, protokoll klart


def status_of(root: Path, meeting_id: str) -> str:
    with Store.open(root, readonly=True) as store:
        return store.meeting(meeting_id).status.value


async def test_p_on_a_kallad_meeting_asks_before_starting_it(demo_dir) -> None:
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*KF, "p")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "Börja" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingScreen"
        assert status_of(demo_dir, "norrvik-kf-2026-11-30") == "kallad"
        await pilot.press("p", "j")
        await pilot.pause()
        assert type(app.screen).__name__ == "NarvaroScreen"
    assert status_of(demo_dir, "norrvik-kf-2026-11-30") == "pågår"


async def test_escape_in_meeting_mode_asks_before_leaving(demo_dir) -> None:
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*KF, "p", "j", "escape", "ctrl+n", "e")
        await pilot.pause()
        assert type(app.screen).__name__ == "SammantradeScreen"
        assert isinstance(app.screen.focused, TextArea)
        await pilot.press("escape")  # leaves the text field only
        await pilot.pause()
        assert type(app.screen).__name__ == "SammantradeScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "Lämna" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "SammantradeScreen"
        await pilot.press("escape", "j")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingScreen"


async def test_justering_dates_come_from_the_meeting_and_the_check_uses_the_form(
    demo_dir,
) -> None:
    # Today is long after the meeting: nothing in the form may come from it.
    app = make_app(Store.open(demo_dir), idag=lambda: date(2027, 3, 1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*SBN, "j")
        await pilot.pause()
        screen = app.screen
        # The day already written in "Justeringens plats och tid" (within the reglemente's
        # 14 days: 2026-11-17 + 14 = 2026-12-01, the deadline the check names).
        assert screen.query_one("#justeringsdatum", Input).value == "2026-11-24"
        assert screen.query_one("#uppsatt", Input).value == "2026-11-24"
        assert "2026-12-01" not in str(screen.query_one("#oppna", Static).render())
        screen.query_one("#justeringsdatum", Input).value = "2026-12-10"
        await pilot.pause()
        assert "senast 2026-12-01" in str(screen.query_one("#oppna", Static).render())
        assert screen.query_one("#uppsatt", Input).value == "2026-12-10"


def test_proposed_justering_day_steps_back_from_a_holiday() -> None:
    # 2026-12-12 + 14 = 2026-12-26 (annandag jul, a Saturday) → Wednesday 2026-12-23
    # (julafton and juldagen are skipped too).
    assert foreslagen_justeringsdag(date(2026, 12, 12), 14) == date(2026, 12, 23)
    # A day already written in "Justeringens plats och tid" is the one meant.
    skriven = "Stadshuset, 2026-12-16 kl 09:00"
    assert foreslagen_justeringsdag(date(2026, 12, 12), 14, skriven) == date(2026, 12, 16)
    assert foreslagen_justeringsdag(date(2026, 12, 12), 14, "2026-02-30, 2025-01-01") == date(
        2026, 12, 23
    )


async def test_an_attached_document_gets_no_date_of_its_own(demo_dir, tmp_path) -> None:
    path = tmp_path / "Tjänsteskrivelse.txt"
    path.write_text("Tjänsteskrivelse om taxan.\n", encoding="utf-8")
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "b", "a")
        await pilot.pause()
        app.screen.query_one("#picker-path", Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnderlagForm)
        assert app.screen.query_one("#datum", Input).value == ""


@pytest.mark.parametrize("index_built", [True, False], ids=["index", "no-index"])
async def test_cli_search_finds_what_the_tui_just_attached(demo_dir, tmp_path, index_built):
    doc = tmp_path / "Yttrande om fjärrvärme.txt"
    doc.write_text("Yttrande om fjärrvärmeverkets skorsten.\n", encoding="utf-8")
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE) as pilot:
        if index_built:
            app.store.search("detaljplan")
        await pilot.press("enter", "b", "a")
        await pilot.pause()
        app.screen.query_one("#picker-path", Input).value = str(doc)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The TUI still holds the store while the command line searches it.
        found = subprocess.run(
            [sys.executable, "-m", "kallelse_tui", "search", "skorsten", "--json"],
            capture_output=True,
            text=True,
            env={**os.environ, "KALLELSE_STORE": str(demo_dir)},
        )
    assert found.returncode == 0, found.stderr
    assert "skrivrätt" not in found.stderr
    hits = json.loads(found.stdout)
    assert [h["sammantrade"] for h in hits] == ["sjobacka-ks-2026-12-08"]


async def test_attaching_the_same_file_twice_in_the_tui_says_it_is_already_there(
    demo_dir, tmp_path
):
    doc = tmp_path / "Tjänsteskrivelse.txt"
    doc.write_text("Tjänsteskrivelse om taxan.\n", encoding="utf-8")
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "b")
        for _ in range(2):
            await pilot.press("a")
            await pilot.pause()
            app.screen.query_one("#picker-path", Input).value = str(doc)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("f2")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert any("finns redan här" in n.message for n in app._notifications)
    with Store.open(demo_dir, readonly=True) as store:
        underlag = store.meeting("sjobacka-ks-2026-12-08").arenden[0].beslutsunderlag
    assert [u.filnamn for u in underlag].count("Tjänsteskrivelse.txt") == 1


async def test_read_only_tui_offers_write_access_once_the_writer_has_gone(
    demo_dir, monkeypatch
) -> None:
    monkeypatch.setattr(KallelseApp, "REOPEN_POLL_S", 0.1)
    writer = Store.open(demo_dir)  # another process, as far as the lock goes
    app = make_app(Store.open(demo_dir, readonly=True), locked_out=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # into a meeting: the reopen goes back to the list
        await pilot.pause(0.3)
        assert not isinstance(app.screen, ConfirmScreen)  # still held
        writer.close()
        await pilot.pause(0.3)
        assert isinstance(app.screen, ConfirmScreen) and "skrivrätt" in app.screen.question
        await pilot.press("j")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert not app.store.readonly and "skrivskyddat" not in app.screen.sub_title
        assert app.screen.check_action("new_meeting", ()) is True
        with pytest.raises(StoreLockedError):  # the app holds the lock now
            Store.open(demo_dir).close()


KS = ["down", "down", "down", "down", "enter"]  # norrvik-ks-2026-10-19, justerat


async def test_a_recipient_added_after_justering_gets_an_utdrag(demo_dir, tmp_path) -> None:
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*KS, "u", "n")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "MottagareForm"
        form.query_one("#namn", Input).value = "Räddningstjänsten"
        form.query_one("#paragrafer", Input).value = "175"
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExpedieringScreen"
        table = app.screen.query_one("#mottagare-table", DataTable)
        assert "Räddningstjänsten" in [str(k.value) for k in table.rows]
    with Store.open(demo_dir, readonly=True) as store:
        mote = store.meeting("norrvik-ks-2026-10-19")
        assert [(m.namn, m.paragrafer) for m in mote.tillagda_mottagare] == [
            ("Räddningstjänsten", [175])
        ]
        assert store.verify() == []  # the justerat protokoll is untouched


@pytest.mark.parametrize("via", ["meeting", "justering"])
async def test_utdrag_of_a_justerat_paragraf_from_the_meeting_and_justering(
    demo_dir, tmp_path, via
) -> None:
    target = tmp_path / "utdrag.txt"
    app = make_app(Store.open(demo_dir))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*KS)
        await pilot.pause()
        await pilot.press(*(["down", "down", "x"] if via == "meeting" else ["j", "f7"]))
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "ExportForm"
        if via == "meeting":
            form.query_one("#dokument", Select).value = "utdrag"
            await pilot.pause()
            assert form.query_one("#paragrafer", Input).value == "173"  # the § under the cursor
        else:
            assert form.query_one("#dokument", Select).value == "utdrag"
            form.query_one("#paragrafer", Input).value = "174, 176"
        form.query_one("#format", Select).value = "txt"
        await pilot.pause()
        form.query_one("#path", Input).value = str(target)
        await pilot.press("f2")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    text = target.read_text(encoding="utf-8")
    assert "PROTOKOLLSUTDRAG" in text
    assert ("§ 173" in text) if via == "meeting" else ("§ 174" in text and "§ 176" in text)


@pytest.mark.parametrize(
    ("namn", "paragrafer", "message"),
    [
        ("Akten", [175], "får inga utdrag"),
        ("Räddningstjänsten", [999], "§ 999 är inte justerad"),
        ("Räddningstjänsten", [], "Ange vilka paragrafer"),
        ("  ", [175], "behöver ett namn"),
    ],
)
def test_an_added_recipient_is_checked(demo_store, namn, paragrafer, message) -> None:
    from kallelse_tui.domain.errors import DomainError
    from kallelse_tui.domain.expediering import lagg_till_mottagare
    from kallelse_tui.domain.model import Syfte

    mote = demo_store.meeting("norrvik-ks-2026-10-19")
    with pytest.raises(DomainError, match=message):
        lagg_till_mottagare(mote, namn, Syfte.KANNEDOM, paragrafer)
    assert mote.tillagda_mottagare == []


def test_a_recipient_already_sent_those_paragrafer_is_not_added_twice(demo_store) -> None:
    from kallelse_tui.domain.errors import DomainError
    from kallelse_tui.domain.expediering import lagg_till_mottagare, mottagare
    from kallelse_tui.domain.model import Syfte

    mote = demo_store.meeting("norrvik-ks-2026-10-19")
    lagg_till_mottagare(mote, "Räddningstjänsten", Syfte.VERKSTALLIGHET, [175, 176])
    with pytest.raises(DomainError, match="får redan utdrag"):
        lagg_till_mottagare(mote, "räddningstjänsten", Syfte.KANNEDOM, [175])
    rad = next(r for r in mottagare(mote) if r.namn == "Räddningstjänsten")
    assert rad.justerade == [175, 176] and rad.syfte_text == "för verkställighet"


async def test_a_new_organs_short_name_and_kind_follow_its_name(tmp_path: Path) -> None:
    app = make_app(Store.open(tmp_path / "lager"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "n")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"Kommunstyrelsen")
        await pilot.pause()
        assert form.query_one("#kortnamn", Input).value == "KS"
        assert form.query_one("#typ", Select).value is OrganTyp.STYRELSE
        form.query_one("#kortnamn", Input).value = "KSA"  # the user's own: kept
        form.query_one("#namn", Input).value = "Kommunfullmäktige"
        await pilot.pause()
        assert form.query_one("#kortnamn", Input).value == "KSA"
        assert form.query_one("#typ", Select).value is OrganTyp.FULLMAKTIGE
