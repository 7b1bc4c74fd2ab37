"""No control characters from data reach a terminal or a document (issue 11.9).

One cleaning function (domain/rensa.py) at every entry of text: the kallelse import (file
and paste), the member CSV, the list paste, the forms, attachment file names and the text
read out of attachments. Data already in an older store is cleaned on its way out: the
CLI's output, the TUI's rendered lines and every export (a DOCX cannot even hold them).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from textual.color import Color
from textual.geometry import Region
from textual.widgets import Input, TextArea

from kallelse_tui.cli import main
from kallelse_tui.domain.ledamot_csv import parse_ledamoter_csv
from kallelse_tui.domain.listposter import parse_listposter
from kallelse_tui.domain.rensa import rensa_data, rensa_text
from kallelse_tui.domain.underlag import titel_fran_filnamn
from kallelse_tui.store import Store
from kallelse_tui.store.integritet import save_chain_head
from kallelse_tui.store.serialize import to_dict
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.arende_form import ArendeForm
from kallelse_tui.tui.import_screen import ImportScreen
from kallelse_tui.tui.kontrolltecken import Kontrollfilter
from kallelse_tui.tui.meeting_screen import MeetingScreen
from tests.test_tamper import forge

SIZE = (120, 40)
TODAY = date(2026, 11, 27)
OPEN_MEETING = "sjobacka-ks-2026-12-08"  # an utkast
JUSTERAT = "norrvik-ks-2026-10-19"
# ESC starting a colour and a screen clear, the C1 CSI, BEL, backspace, NUL, DEL.
NASTY = "\x1b[31m\x1b[2J\x9b1m\x07\x08\x00\x7f"


def controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


def assert_clean(value: Any) -> None:
    dirty = [s for s in strings(value) if controls(s)]
    assert dirty == []


# -- the function --------------------------------------------------------------------------


def test_rensa_text_keeps_newline_and_tab_and_removes_the_rest() -> None:
    assert (
        rensa_text(f"Budget{NASTY} 2027\tKS\r\nrad två\rtre")
        == "Budget[31m[2J1m 2027\tKS\nrad två\ntre"
    )
    assert rensa_text("sida 1\fsida 2", sidbrytningar=True) == "sida 1\fsida 2"
    assert rensa_text("sida 1\fsida 2") == "sida 1sida 2"
    assert rensa_text("fil\udcff.pdf") == "fil\ufffd.pdf"  # a file name that was not UTF-8
    assert rensa_text("Åsa Öberg § 12 – “citat” €") == "Åsa Öberg § 12 – “citat” €"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_rensa_text_leaves_no_control_and_is_idempotent(text: str) -> None:
    cleaned = rensa_text(text)
    assert controls(cleaned) == [] and rensa_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # no lone surrogates: it can be saved
    if (
        not controls(text)
        and "\r" not in text
        and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    ):
        assert cleaned == text


def test_rensa_data_cleans_every_string_and_keeps_the_rest() -> None:
    data = {"a": [f"x{NASTY}", ("y\x1b",), 3, None], "b": {"c": "z\x9b"}, "d": date(2026, 1, 1)}
    assert rensa_data(data) == {
        "a": ["x[31m[2J1m", ("y",), 3, None],
        "b": {"c": "z"},
        "d": date(2026, 1, 1),
    }


# -- where text enters ---------------------------------------------------------------------


def test_cli_import_cleans_the_pasted_kallelse(demo_dir: Path, tmp_path: Path, capsys: Any) -> None:
    kallelse = tmp_path / "k.txt"
    kallelse.write_text(
        f"Kommunstyrelsen\n\nkallas härmed till sammanträde måndagen den 7 december 2026 "
        f"i Stadshuset{NASTY} kl 09:00\n\n1. Upprop\n2. Budget{NASTY} 2027\nDnr 2026-00012\n",
        encoding="utf-8",
    )
    assert (
        main(
            ["import", "kallelse", str(kallelse), "--organ", "norrvik-ks", "--store", str(demo_dir)]
        )
        == 0
    )
    meeting_id = capsys.readouterr().out.strip()
    with Store.open(demo_dir, readonly=True) as store:
        mote = store.meeting(meeting_id)
    assert "Budget[31m[2J1m 2027" in [a.rubrik for a in mote.arenden]
    assert_clean(to_dict(mote))


def test_member_csv_and_list_paste_are_cleaned() -> None:
    rows, problems = parse_ledamoter_csv(f"Anna{NASTY} Berg;S;ordförande\nBo\x1b Ek;M;ledamot\n")
    assert [r.namn for r in rows] == ["Anna[31m[2J1m Berg", "Bo Ek"] and problems == []
    posts, _ = parse_listposter(f"1;KS 2026/1;2026-11-02;Revision{NASTY};Rapport\x9b om x\n")
    assert posts and all(not controls(s) for p in posts for s in strings(to_dict(p)))


def test_attachment_titles_names_and_text_are_cleaned(
    demo_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    assert (
        titel_fran_filnamn(f"Tjänsteskrivelse{NASTY}_budget.pdf")
        == "Tjänsteskrivelse[31m[2J1m budget"
    )
    folder = tmp_path / "handlingar"
    folder.mkdir()
    source = folder / "Bilaga\x1b[2J karta\x9b.txt"
    source.write_text(f"Karta över{NASTY} området\r\nsida två", encoding="utf-8")
    assert main(["attach", OPEN_MEETING, "--item", "3", str(source), "--store", str(demo_dir)]) == 0
    out = capsys.readouterr().out
    assert controls(out) == []
    with Store.open(demo_dir, readonly=True) as store:
        (underlag,) = store.meeting(OPEN_MEETING).arenden[2].beslutsunderlag
        assert underlag.titel == "Bilaga[2J karta" and underlag.filnamn == "Bilaga[2J karta.txt"
        assert store.attachment_text(underlag.sha256) == "Karta över[31m[2J1m området\nsida två"


async def test_forms_and_the_import_paste_are_cleaned(demo_dir: Path) -> None:
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the newest meeting: the Sjöbacka KS utkast
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ArendeForm)
        app.screen.query_one("#rubrik", Input).value = f"Ny{NASTY} rubrik"
        app.screen.query_one("#beskrivning", TextArea).text = f"Rad ett{NASTY}\r\nrad två"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#text", TextArea).text = f"1. Upprop\n2. Taxa{NASTY} 2027\n"
        await pilot.pause(0.4)
        assert [r.rubrik for r in app.screen.result.arenden] == ["Upprop", "Taxa[31m[2J1m 2027"]
    with Store.open(demo_dir, readonly=True) as store:
        arende = store.meeting(OPEN_MEETING).arenden[1]
    assert arende.rubrik == "Ny[31m[2J1m rubrik"
    assert arende.beskrivning == "Rad ett[31m[2J1m\nrad två"


# -- data already in an older store --------------------------------------------------------


def poison(demo_dir: Path) -> None:
    """Control characters written straight into the files, as an older version allowed."""
    register = demo_dir / "register.json"
    data = json.loads(register.read_text(encoding="utf-8"))
    for organ in data["organ"].values():
        organ["namn"] += NASTY
    for row in data["sammantraden"].values():
        row["plats"] += NASTY
    register.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for shard in (demo_dir / "sammantraden").rglob("*.json"):
        data = json.loads(shard.read_text(encoding="utf-8"))
        data["sammantrade"]["1"]["plats"] += NASTY
        for arende in data["arenden"].values():
            arende["rubrik"] += NASTY
        for paragraf in data["paragrafer"].values():
            paragraf["beslut"] += NASTY
        shard.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_cli_never_prints_a_control_character_from_the_store(demo_dir: Path, capsys: Any) -> None:
    poison(demo_dir)
    store = ["--store", str(demo_dir)]
    for command in (
        ["list"],
        ["list", "--json"],
        ["search", "budget"],
        ["check", OPEN_MEETING],
        ["verify"],
    ):
        main([*command, *store])
        out, err = capsys.readouterr()
        assert controls(out + err) == [], command
    main(["check", "finns\x1b[2J-inte", *store])
    assert controls(capsys.readouterr().err) == []


def test_every_export_format_is_written_despite_them(
    demo_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    from docx import Document

    poison(demo_dir)
    # The justerat protokoll was justerat with them in, as an older version allowed (written
    # in after its justering they are tampering, and the export is refused): its hashes and
    # its organ's chain head cover the text with the control characters.
    forge(demo_dir, JUSTERAT, lambda _: None)
    with Store.open(demo_dir) as store:
        save_chain_head(store, "norrvik-ks")
    for kind, fmt in [
        ("kallelse", "docx"),
        ("protokoll", "docx"),
        ("protokoll", "txt"),
        ("kallelse", "html"),
        ("protokoll", "pdf"),
    ]:
        target = tmp_path / f"{kind}.{fmt}"
        meeting = OPEN_MEETING if kind == "kallelse" else JUSTERAT
        assert (
            main(
                [
                    "export",
                    kind,
                    meeting,
                    "--format",
                    fmt,
                    "-o",
                    str(target),
                    "--store",
                    str(demo_dir),
                ]
            )
            == 0
        ), capsys.readouterr().err
        if fmt == "docx":
            text = "\n".join(p.text for p in Document(str(target)).paragraphs)
            assert "[31m[2J1m" in text
        elif fmt != "pdf":
            text = target.read_text(encoding="utf-8")
        else:
            continue
        assert controls(text) == [], (kind, fmt)


def test_tui_line_filter_removes_escapes_but_keeps_textuals_own() -> None:
    own = Segment("\x1b[2J", control=[(1,)])  # type: ignore[list-item]
    out = Kontrollfilter().apply([Segment("a\x1b[31mb"), own, Segment("ren")], Color(0, 0, 0))
    assert [s.text for s in out] == ["a[31mb", "\x1b[2J", "ren"]


async def test_tui_renders_no_control_character_from_the_store(demo_dir: Path) -> None:
    poison(demo_dir)
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for screen_keys in ([], ["enter"]):
            await pilot.press(*screen_keys)
            await pilot.pause()
            lines = [
                segment.text
                for widget in app.screen.walk_children()
                if widget.display and widget.size.area
                for strip in widget.render_lines(Region(0, 0, *widget.size))
                for segment in strip
                if not segment.control
            ]
            text = "".join(lines)
            assert "[31m[2J1m" in text  # the poisoned names are on screen …
            assert controls(text) == []  # … without their escapes
