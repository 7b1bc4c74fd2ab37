"""Pilot tests of building and sending a kallelse, and of the organ register.

Long texts are inserted at the cursor (as a paste would) instead of pressed key by key:
each press waits for idle, and Pilot drops "§" and "–"."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static, TextArea

from kallelse_tui.domain.status import Status
from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.arende_form import ArendeForm
from kallelse_tui.tui.confirm_screen import ConfirmScreen
from kallelse_tui.tui.meeting_form import MeetingForm
from kallelse_tui.tui.meeting_screen import MeetingScreen
from kallelse_tui.tui.organ_register_screen import OrganRegisterScreen

SIZE = (120, 40)
TODAY = date(2023, 11, 30)

KALIX = [
    ("Upprop", ""),
    ("Val av justerare", ""),
    ("Godkännande av ärendelista", ""),
    ("Meddelanden ks 23-12-11", "Dnr 2023-00497"),
    ("Redovisning av delegerade ärenden", ""),
    (
        "Val (M) - ledamot i kommunstyrelsens arbets- och personalutskott t o m 2026-12-31",
        "Dnr 2023-00463 102",
    ),
    ("Hållbar besöksnäring och centrumutveckling", "Dnr 2021-00079 14"),
    ("Aktiviteter för förbättrat näringslivsklimat", "Dnr 2018-00278 101"),
    ("Månadsrapport 2023 - kommunstyrelsen", "Dnr 2023-00059 04"),
    ("Månadsrapport 2023 - kommunen", "Dnr 2023-00060 04"),
    ("Fördelning av kommunstyrelsens internbudget 2024", "Dnr 2023-00513 04"),
    ("Fördelning av kommunstyrelsens investeringsbudget 2024", "Dnr 2023-00514 04"),
    (
        "Budgetdirektiv och tidplan till nämnderna inför budgetprocess 2025 (samt ekonomisk "
        "plan 2026-2027)",
        "Dnr 2023-00466 04",
    ),
    ("Implementera nytt arbetssätt med E-handel i kommunens verksamheter", "Dnr 2023-00495 04"),
    ("Avsiktsförklaring - Jämställd industri", "Dnr 2023-00321 00"),
    ("Ansökan om kommunal medfinansiering - Trygghetsboende Månstrimman", "Dnr 2023-00453 00"),
    ("Ansökan om kommunal medfinansiering - Trygghetsboende kvarteret Duvan", "Dnr 2023-00416 101"),
    ("Riktlinjer för ekonomistyrning", "Dnr 2023-00323 04"),
    ("Motionssvar - Skyddsrum i Kalix kommun", "Dnr 2023-00439 103"),
]


def typed(app, text: str) -> None:
    """Insert text into the focused field, like a paste."""
    focused = app.screen.focused
    if isinstance(focused, TextArea):
        focused.insert(text)
    else:
        assert isinstance(focused, Input), focused
        focused.insert_text_at_cursor(text)


def read(store_dir, meeting_id):
    with Store.open(store_dir, readonly=True) as store:
        return store.meeting(meeting_id)


async def test_the_kalix_kallelse_built_by_hand_with_the_keyboard(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, MeetingForm)
        # Organ: back from Datum to the organ list, open it, one down to Kommunstyrelsen.
        await pilot.press("shift+tab", "enter", "down", "enter")
        await pilot.press("tab")
        typed(app, "11 december 2023")
        await pilot.press("tab")
        assert app.screen.focused.value == "09:00"  # the organ's default time
        await pilot.press("tab")
        app.screen.focused.value = ""
        typed(app, "Förvaltningsbyggnaden, Sessionssalen")
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.mote.id == "norrvik-ks-2023-12-11"
        assert [a.rubrik for a in screen.mote.arenden] == [t for t, _ in KALIX[:3]]
        await pilot.press("down", "down")
        for title, dnr in KALIX[3:]:
            await pilot.press("n")
            assert isinstance(app.screen, ArendeForm)
            typed(app, title)
            await pilot.press("tab")
            typed(app, dnr)
            await pilot.press("f2")
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen), app.screen
        mote = read(demo_dir, "norrvik-ks-2023-12-11")
        assert [(a.rubrik, a.dnr) for a in mote.arenden] == KALIX
        assert mote.plats == "Förvaltningsbyggnaden, Sessionssalen"
        assert f"{mote.tid:%H:%M}" == "09:00"


async def test_reorder_delete_and_a_bad_dnr(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    meeting_id = "sjobacka-ks-2026-12-08"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the newest meeting is this utkast
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.mote.id == meeting_id
        before = [a.rubrik for a in screen.mote.arenden]
        await pilot.press("shift+down", "J")
        after = [a.rubrik for a in read(demo_dir, meeting_id).arenden]
        assert after == [before[1], before[2], before[0], *before[3:]]
        await pilot.press("K")
        assert [a.rubrik for a in read(demo_dir, meeting_id).arenden][:3] == [
            before[1],
            before[0],
            before[2],
        ]
        # A Dnr that cannot be read is refused, the message beside the field, nothing saved.
        await pilot.press("enter")
        assert isinstance(app.screen, ArendeForm)
        await pilot.press("tab")
        typed(app, "KS 2026099")
        await pilot.press("f2")
        assert isinstance(app.screen, ArendeForm)
        error = app.screen.query_one("#dnr-error")
        assert "inte ett diarienummer" in str(error.render())
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)  # typed text is not thrown away silently
        await pilot.press("n")
        assert isinstance(app.screen, ArendeForm)
        assert app.screen.query_one("#dnr", Input).value == "KS 2026099"  # still there
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)  # and still worth asking about
        await pilot.press("j")
        assert isinstance(app.screen, MeetingScreen), app.screen
        assert read(demo_dir, meeting_id).arenden[0].dnr == ""
        # Delete asks first; "n" keeps the item, "j" removes it.
        count = len(read(demo_dir, meeting_id).arenden)
        await pilot.press("delete", "n")
        assert len(read(demo_dir, meeting_id).arenden) == count
        await pilot.press("delete", "j")
        assert len(read(demo_dir, meeting_id).arenden) == count - 1


async def test_marking_sent_then_changes_are_recorded(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 27))
    meeting_id = "sjobacka-ks-2026-12-08"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")
        await pilot.pause()
        assert app.screen.query_one("#skickad", Input).value == "2026-11-27"
        await pilot.press("f2")
        await pilot.pause()
        mote = read(demo_dir, meeting_id)
        assert mote.status is Status.KALLAD and mote.kallad_datum == date(2026, 11, 27)
        assert mote.andringar == []
        await pilot.press("down", "down", "down", "down", "down", "enter")
        app.screen.query_one("#rubrik", Input).value = "Detaljplan – nytt yttrande"
        await pilot.press("f2")
        await pilot.pause()
        mote = read(demo_dir, meeting_id)
        assert len(mote.andringar) == 1
        assert "Detaljplan – nytt yttrande" in mote.andringar[0].text
        summary = str(app.screen.query_one("#meeting-summary").render())
        assert "ändrad efter utskick (1 ändring)" in summary


async def test_a_justerat_protokoll_cannot_be_edited(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        for _ in range(4):
            await pilot.press("down")
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.mote.last
        count = len(screen.mote.arenden)
        await pilot.press("n", "delete", "J", "m")
        assert isinstance(app.screen, MeetingScreen)
        assert len(read(demo_dir, screen.mote.id).arenden) == count
        assert "låst" in str(screen.query_one("#check-panel").render())


async def test_checks_panel_updates_as_the_list_changes(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: date(2026, 11, 20))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        panel = app.screen.query_one("#check-panel")
        assert "”Informationssäkerhetspolicy” saknar Dnr" in str(panel.render())
        for _ in range(7):
            await pilot.press("down")
        await pilot.press("enter", "tab")
        typed(app, "KS 2026/300")
        await pilot.press("f2")
        await pilot.pause()
        assert "saknar Dnr" not in str(panel.render())


async def test_organ_register_new_organ_member_and_csv(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, OrganRegisterScreen)
        await pilot.press("n")
        typed(app, "Kultur- och fritidsnämnden")
        await pilot.press("tab")
        await pilot.press(*"KFN")  # typed over the short name guessed from the name
        await pilot.press("tab", "tab")  # past the kind (nämnd) to kommun
        typed(app, "Norrviks kommun")
        await pilot.press("f2")
        await pilot.pause()
        with Store.open(demo_dir, readonly=True) as store:
            organ = store.organ("norrvik-kfn")
        assert (organ.namn, organ.kortnamn, organ.typ.value) == (
            "Kultur- och fritidsnämnden",
            "KFN",
            "nämnd",
        )
        await pilot.press("l")
        typed(app, "Sara Öst")
        await pilot.press("tab")
        typed(app, "MP")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("c")
        await pilot.press("tab")
        typed(app, "namn;parti;roll\nTor Vik;S;ordförande\nUlla Ås;M;kassör\nVera Yng;C;ersättare")
        await pilot.pause(0.1)
        assert "2 ledamöter kan läsas in, 1 rader har fel" in str(
            app.screen.query_one("#csv-summary").render()
        )
        await pilot.press("f2")
        await pilot.pause()
        with Store.open(demo_dir, readonly=True) as store:
            organ = store.organ("norrvik-kfn")
        assert [(m.id, m.namn, m.parti, m.roll.value) for m in organ.ledamoter] == [
            ("l1", "Sara Öst", "MP", "ledamot"),
            ("l2", "Tor Vik", "S", "ordförande"),
            ("l3", "Vera Yng", "C", "ersättare"),
        ]
        await pilot.press("tab", "delete", "j")
        await pilot.pause()
        with Store.open(demo_dir, readonly=True) as store:
            assert len(store.organ("norrvik-kfn").ledamoter) == 2


async def test_export_from_the_meeting_screen_in_a_worker(demo_dir, tmp_path):
    from pypdf import PdfReader

    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    target = tmp_path / "ut" / "kf.pdf"
    target.parent.mkdir()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "enter", "x")
        path_input = app.screen.query_one("#path", Input)
        path_input.value = str(target)
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(n.title == "Exporterad" and str(target) in n.message for n in app._notifications)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Kommunfullmäktige" in text and "Lokalförsörjningsplan" in text


async def test_export_to_a_missing_folder_is_said_on_the_field(demo_dir, tmp_path):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "enter", "x")
        form = app.screen
        form.query_one("#path", Input).value = str(tmp_path / "finns-inte" / "k.pdf")
        await pilot.press("f2")
        await pilot.pause()
        # Said on the field before anything is typeset; the form stays for a new path.
        error = str(form.query_one("#path-error").content)
        assert app.screen is form and "finns-inte" in error and "finns inte" in error
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingScreen)
        assert not (tmp_path / "finns-inte").exists()


async def test_import_a_pasted_kallelse_as_a_new_meeting(demo_dir):
    from kallelse_tui.tui.import_screen import ImportScreen
    from tests.seeds import KALIX_KALLELSE, seed_file

    text = "\n".join(seed_file(KALIX_KALLELSE).read_text(encoding="utf-8").splitlines()[:53])
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("tab")  # from the file field to the text
        typed(app, text)
        for _ in range(50):  # the preview follows the typing after a short delay
            await pilot.pause(0.1)
            summary = str(app.screen.query_one("#import-summary").render())
            if "19 ärenden" in summary:
                break
        assert "19 ärenden" in summary and "Förvaltningsbyggnaden, Sessionssalen" in summary
        await pilot.press("f2")  # two organs are called Kommunstyrelsen: the user must choose
        assert isinstance(app.screen, ImportScreen)
        assert "Välj vilket organ" in str(app.screen.query_one("#organ-error").render())
        # The organ list has focus now: open it and take Norrvik's Kommunstyrelsen.
        await pilot.press("enter", "down", "down", "enter", "f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.mote.id == "norrvik-ks-2023-12-11"
    mote = read(demo_dir, "norrvik-ks-2023-12-11")
    assert [(a.rubrik, a.dnr) for a in mote.arenden] == KALIX


async def test_paste_an_agenda_into_a_meeting(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    meeting_id = "sjobacka-ks-2026-12-08"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "i", "tab")
        typed(
            app,
            "| Nr | Ärende | Dnr |\n|---|---|---|\n| 1 | Taxor 2027 | KS 2026/41 |\n"
            "| 2 | Information om vinterväghållning | |\n",
        )
        await pilot.pause(0.4)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    arenden = read(demo_dir, meeting_id).arenden
    assert [(a.rubrik, a.dnr, a.typ.value) for a in arenden[-2:]] == [
        ("Taxor 2027", "KS 2026/41", "beslutsärende"),
        ("Information om vinterväghållning", "", "informationsärende"),
    ]
    assert len({a.id for a in arenden}) == len(arenden)


async def test_a_long_text_is_edited_in_editor(demo_dir, monkeypatch):
    import contextlib

    monkeypatch.setenv("EDITOR", "sed -i s/gammal/ny/")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", *["down"] * 5, "enter")  # Avfallsplan in the utkast
        area = app.screen.query_one("#beskrivning", TextArea)
        area.text = "En gammal text."
        area.focus()
        await pilot.press("f4")
        assert area.text == "En ny text."
        await pilot.press("f2")
        await pilot.pause()
    assert read(demo_dir, "sjobacka-ks-2026-12-08").arenden[5].beskrivning == "En ny text."


async def test_export_form_offers_the_protokoll_and_the_handlingar(demo_dir, tmp_path):
    from pypdf import PdfReader
    from textual.widgets import Select

    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # The justerat KS meeting (last in the list) has paragrafer: protokoll is preselected.
        await pilot.press(*["down"] * 4, "enter", "x")
        form = app.screen
        assert form.query_one("#dokument", Select).value == "protokoll"
        form.query_one("#format", Select).value = "md"
        await pilot.pause()
        assert form.query_one("#path", Input).value == "protokoll-norrvik-ks-2026-10-19.md"
        form.query_one("#path", Input).value = str(tmp_path / "protokoll.md")
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("x")
        form = app.screen
        form.query_one("#dokument", Select).value = "handlingar"
        await pilot.pause()
        assert form.query_one("#format", Select).value == "pdf"  # the bundle is only PDF
        form.query_one("#path", Input).value = str(tmp_path / "handlingar.pdf")
        steps: list[str] = []
        meeting = app.screen_stack[-2]
        progress = meeting._progress
        meeting._progress = lambda done, total, label: (
            steps.append(label),
            progress(done, total, label),
        )
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert steps  # the bar was mounted for the export, and is gone after it
        assert not meeting.query("#export-progress")
        assert str(meeting.query_one("#export-label", Static).content) == ""
    protokoll = (tmp_path / "protokoll.md").read_text(encoding="utf-8")
    assert "§ 176" in protokoll and "Justerandes sign" in protokoll
    outline = [
        o.title for o in PdfReader(tmp_path / "handlingar.pdf").outline if hasattr(o, "title")
    ]
    assert outline[0] == "Kallelse" and len(outline) > 1


async def test_a_member_named_in_a_protokoll_is_not_deleted(demo_dir):
    with Store.open(demo_dir, readonly=True) as store:
        before = [m.id for m in store.organ("norrvik-ks").ledamoter]
        naming = [row.id for row in store.meetings_naming("norrvik-ks", before[0])]
    assert naming == ["norrvik-ks-2026-10-19"]
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("g", "down", "down", "tab")
        assert (app.screen.current.id, app.screen._member_id()) == ("norrvik-ks", before[0])
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, OrganRegisterScreen)  # no question: refused at once
        (notice,) = [n for n in app._notifications if n.title == "Ledamoten behövs i protokollen"]
        assert "finns med i 1 sammanträden (norrvik-ks-2026-10-19)" in notice.message
        assert "slutdatum för mandatet" in notice.message
    with Store.open(demo_dir, readonly=True) as store:
        assert [m.id for m in store.organ("norrvik-ks").ledamoter] == before


async def test_a_pasted_page_as_the_file_to_import_is_a_message(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        screen = app.screen
        for text in ("Kommunstyrelsen kallas " * 400 + ".txt", "kallelse\x00.txt"):
            field_ = screen.query_one("#fil", Input)
            field_.value = text
            field_.focus()
            await pilot.press("enter")
            assert app.screen is screen
            message = str(screen.query_one("#fil-error").render())
            assert message.startswith("Kunde inte läsa") and len(message) < 200, message


async def test_a_secret_ärende_gets_its_public_title_in_the_form(demo_dir):
    from textual.widgets import Checkbox

    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    meeting_id = "sjobacka-ks-2026-12-08"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "down", "down", "down", "enter")
        form = app.screen
        assert isinstance(form, ArendeForm)
        form.query_one("#publik-titel", Input).value = "Personalärende"
        await pilot.press("f2")
        assert isinstance(app.screen, ArendeForm)  # only a sekretess ärende has one
        assert "bara sekretessärenden" in str(form.query_one("#publik-titel-error").render())
        form.query_one("#sekretess", Checkbox).value = True
        form.query_one("#osl", Input).value = "39 kap. 3 § OSL"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        arende = read(demo_dir, meeting_id).arenden[3]
        assert (arende.sekretess, arende.osl, arende.publik_titel) == (
            True,
            "39 kap. 3 § OSL",
            "Personalärende",
        )


async def test_an_edited_arende_is_saved_alone_until_the_kallelse_is_out(demo_dir):
    """In a draft the ärende form's F2 writes just that ärende (save_arende); once the
    kallelse is out the change is recorded in the meeting, so the whole meeting is saved."""
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    calls: list[str] = []
    for name in ("save_arende", "save_meeting"):
        real = getattr(app.store, name)

        def spy(*args, _real=real, _name=name):
            calls.append(_name)
            return _real(*args)

        setattr(app.store, name, spy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the newest meeting, an utkast
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.mote.status is Status.UTKAST
        await pilot.press("enter")
        assert isinstance(app.screen, ArendeForm)
        await pilot.press("tab")
        typed(app, "KS 2026/99")
        await pilot.press("f2")
        assert isinstance(app.screen, MeetingScreen), app.screen
        assert calls == ["save_arende"]
        first = screen.mote.arenden[0]
        assert read(demo_dir, screen.mote.id).arenden[0].dnr == first.dnr == "KS 2026/99"
        assert not read(demo_dir, screen.mote.id).andringar
        # The kallad fullmäktige: the edit is recorded as a change, with the whole meeting.
        await pilot.press("escape")
        table = app.screen.query_one("#meeting-table")
        table.highlighted = table.get_option_index("norrvik-kf-2026-11-30")
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.mote.id == "norrvik-kf-2026-11-30"
        await pilot.press("enter", "tab")
        typed(app, "KF 2026/98")
        await pilot.press("f2")
        assert calls == ["save_arende", "save_meeting"]
        stored = read(demo_dir, "norrvik-kf-2026-11-30")
        assert stored.arenden[0].dnr == "KF 2026/98"
        assert stored.andringar[-1].text.startswith("Ärende 1 ")
