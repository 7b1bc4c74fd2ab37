"""Arvodesunderlag: the time each person served (across ajourneringar and partial
attendance), the CSV payroll opens, the PDF, `kallelse arvode` and the TUI form."""

from __future__ import annotations

import csv
import io
from datetime import date, time
from pathlib import Path

import pytest
from textual.widgets import Input

from kallelse_tui.cli import main
from kallelse_tui.domain.arvode import arvodesunderlag, narvarotider, timmar_text
from kallelse_tui.domain.model import Ajournering, Jav, NarvaroTyp, Paragraf
from kallelse_tui.domain.status import Status
from kallelse_tui.export.arvode import arvode_csv, arvode_pdf
from kallelse_tui.tui.app import make_app
from tests.motesdata import DAG, mote, organ, post


def held(**kw):
    m = mote()
    m.tid, m.sluttid = time(9, 0), time(12, 0)
    for k, v in kw.items():
        setattr(m, k, v)
    return m


def rad(m, ledamot_id):
    return next(r for r in narvarotider(m, organ()) if r.namn == organ().ledamot(ledamot_id).namn)


def test_the_whole_meeting_less_its_ajourneringar():
    m = held(
        ajourneringar=[
            Ajournering(time(10, 0), time(10, 15)),
            Ajournering(time(11, 0), time(11, 20)),
        ]
    )
    r = rad(m, "l1")
    assert (r.fran, r.till, r.ajournering_minuter, r.minuter) == (time(9), time(12), 35, 145)
    assert r.roll is NarvaroTyp.TJANSTGOR and r.uppdrag == "ordförande"
    assert r.anmarkningar == ("Protokollet är inte justerat.",)
    assert timmar_text(r.minuter) == "2 h 25 min"


def test_leaving_and_arriving_count_from_their_clock_times_and_only_their_breaks():
    m = held(ajourneringar=[Ajournering(time(10, 0), time(10, 30))])
    post(m, "l4").till_paragraf, post(m, "l4").till_tid = 12, time(10, 10)  # leaves in the break
    e1 = post(m, "e1")
    e1.typ, e1.ersatter, e1.fran_paragraf, e1.fran_tid = (
        NarvaroTyp.ERSATTARE_TJANSTGOR,
        "l4",
        14,
        time(10, 20),
    )
    lamnar, kommer = rad(m, "l4"), rad(m, "e1")
    assert (lamnar.till, lamnar.ajournering_minuter, lamnar.minuter) == (time(10, 10), 10, 60)
    assert (kommer.fran, kommer.ajournering_minuter, kommer.minuter) == (time(10, 20), 10, 90)
    assert kommer.roll is NarvaroTyp.ERSATTARE_TJANSTGOR and kommer.ersatter == "David Lind (S)"


def test_a_break_at_the_edges_and_one_still_going_on():
    # The break 11:30– has no end: it runs to the end of the span it is in.
    m = held(ajourneringar=[Ajournering(time(9, 0, 1), time(9, 10)), Ajournering(time(11, 30))])
    assert rad(m, "l1").minuter == 180 - 10 - 30


def test_a_missing_time_is_said_and_never_guessed():
    m = held(sluttid=None)
    post(m, "l2").fran_paragraf = 3  # "tjänstgör från § 3" without a time
    r, r2 = rad(m, "l1"), rad(m, "l2")
    assert r.minuter is None and "Sammanträdets sluttid saknas." in r.anmarkningar
    assert r2.fran is None and "Klockslag saknas för ”tjänstgör från § 3”." in r2.anmarkningar


def test_absent_members_are_not_paid_and_jav_does_not_shorten_anyone():
    m = held()
    post(m, "l5").typ = NarvaroTyp.FRANVARANDE
    m.paragrafer = [Paragraf(3, "a2", jav=[Jav("l2", "e2")])]
    namn = {r.namn for r in narvarotider(m, organ())}
    assert "Elin Strand" not in namn and len(namn) == 13
    assert rad(m, "l2").minuter == 180
    assert "Tjänstgjorde vid § 3 i stället för en jävig ledamot." in rad(m, "e2").anmarkningar


def test_meetings_not_held_are_left_out_and_people_are_grouped_by_name():
    held_ = held()
    planerat = mote()
    planerat.status, planerat.id = Status.KALLAD, "provby-ks-2026-03-20"
    senare = held(id="provby-ks-2026-03-30", datum=date(2026, 3, 30), status=Status.JUSTERAT)
    utanfor = held(id="provby-ks-2026-04-30", datum=date(2026, 4, 30))
    o = organ()
    u = arvodesunderlag(
        [(senare, o), (planerat, o), (held_, o), (utanfor, o)], DAG, date(2026, 3, 31), [o]
    )
    assert u.moten == 2
    berg = next(p for p in u.personer if p.namn == "Anna Berg")
    assert [r.datum for r in berg.rader] == [DAG, date(2026, 3, 30)]
    assert berg.minuter == 360 and [r.justerat for r in berg.rader] == [False, True]
    assert u.personer[0].namn == "Anna Berg"  # by surname: Berg, Dahl, Ek …


def test_a_period_backwards_is_refused_in_swedish():
    with pytest.raises(Exception, match="Perioden slutar"):
        arvodesunderlag([], date(2026, 3, 31), DAG, [organ()])


def test_the_csv_opens_in_swedish_excel():
    u = arvodesunderlag([(held(), organ())], DAG, DAG, [organ()])
    data = arvode_csv(u)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Namn", "Parti", "Organ", "Datum"]
    berg = next(r for r in rows if r[0] == "Anna Berg")
    assert berg[8:13] == ["09:00", "12:00", "0", "180", "3,00"]
    assert len(rows) == 15


def test_the_pdf_has_a_page_per_person():
    from pypdf import PdfReader

    u = arvodesunderlag([(held(), organ())], DAG, DAG, [organ()])
    reader = PdfReader(io.BytesIO(arvode_pdf(u)))
    assert len(reader.pages) == 14
    text = reader.pages[0].extract_text()
    assert "Anna Berg (S)" in text and "3 h 00 min" in text


# -- the command line ---------------------------------------------------------------------


def test_cli_writes_the_demo_csv_and_pdf(demo_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "arvode.csv"
    args = ["arvode", "--fran", "2026-09-01", "--till", "2026-12-31", "--store", str(demo_dir)]
    assert main([*args, "-o", str(out)]) == 0
    assert "sammanträden" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    persson = next(r for r in rows if r["Namn"] == "Jan Persson")  # leaves after § 175
    assert (persson["Från"], persson["Till"], persson["Minuter"]) == ("09:00", "10:50", "95")
    ronnqvist = next(
        r for r in rows if r["Namn"] == "Malin Rönnqvist" and r["Datum"] == "2026-10-19"
    )
    assert ronnqvist["Roll"] == "tjänstgörande ersättare" and ronnqvist["Minuter"] == "55"
    assert all(r["Minuter"] for r in rows), "the demo records every time"
    assert main([*args, "--organ", "KS", "-o", str(tmp_path / "a.pdf")]) == 2  # two KS organs
    assert "KS" in capsys.readouterr().err
    assert main([*args, "--organ", "norrvik-ks", "-o", str(tmp_path / "a.pdf")]) == 0
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fran", "2026-13-01", "--till", "2026-12-31"], "--fran"),
        (["--fran", "2026-12-31", "--till", "2026-01-01"], "Perioden slutar"),
        (["--fran", "2026-01-01", "--till", "2026-12-31", "--format", "xls"], "Okänt format"),
        (
            ["--fran", "2026-01-01", "--till", "2026-12-31", "--organ", "Ingen"],
            "Hittar inget organ",
        ),
    ],
)
def test_cli_bad_input_is_one_swedish_sentence(demo_dir, tmp_path, capsys, args, message):
    out = tmp_path / "a.csv"
    assert main(["arvode", *args, "-o", str(out), "--store", str(demo_dir)]) == 2
    assert message in capsys.readouterr().err and not out.exists()


def test_cli_on_an_empty_store(tmp_path: Path, capsys):
    out = tmp_path / "a.pdf"
    args = ["arvode", "--fran", "2026-01-01", "--till", "2026-12-31", "-o", str(out)]
    lager = str(tmp_path / "tomt")
    assert main([*args, "--store", lager]) == 2
    assert "Det finns inget lager" in capsys.readouterr().err
    assert (
        main(["organ", "add", "Kommunstyrelsen", "--kommun", "Åby kommun", "--store", lager]) == 0
    )
    assert main([*args, "--store", lager]) == 0
    assert "0 personer, 0 sammanträden" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")


# -- the TUI ----------------------------------------------------------------------------


async def test_palette_form_writes_the_arvodesunderlag(demo_store, tmp_path: Path):
    app = make_app(demo_store, idag=lambda: date(2026, 12, 2))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "arvode":
            await pilot.press(key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#fran", Input).value == "2026-11-01"
        assert app.screen.query_one("#till", Input).value == "2026-11-30"
        target = tmp_path / "nov.csv"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert target.exists()
        rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig")), delimiter=";"))
        assert {r["Datum"] for r in rows} == {"2026-11-09", "2026-11-17"}
        assert any("nov.csv" in n.message for n in app._notifications)


async def test_narvaro_records_the_clock_time_of_leaving(demo_dir):
    from kallelse_tui.store import Store
    from kallelse_tui.tui.narvaro_screen import NarvaroScreen
    from tests.test_tui_sammantrade import SIZE, TODAY, new_ks_meeting, read

    new_ks_meeting(demo_dir)
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "p", "j")
        assert isinstance(app.screen, NarvaroScreen)
        await pilot.press("down", "l")  # Mikael Forsberg leaves after § 190 …
        app.screen.query_one("#nummer", Input).value = "190"
        app.screen.query_one("#klockan", Input).value = "25.10"
        await pilot.press("f2")
        assert app.screen.query_one("#klockan", Input)  # a time that is no time: still open
        app.screen.query_one("#klockan", Input).value = "10.50"  # … at 10:50
        await pilot.press("f2")
        assert isinstance(app.screen, NarvaroScreen)
        await pilot.press(*["down"] * 10, "t", "f2")  # Kerstin Öhman steps in for him
        assert any("från § 191 kl 10:50" in n.message for n in app._notifications)
        await pilot.press("escape")
    posts = {p.ledamot_id: p for p in read(demo_dir).narvaro}
    assert (posts["l2"].till_paragraf, posts["l2"].till_tid) == (190, time(10, 50))
    assert (posts["l12"].ersatter, posts["l12"].fran_paragraf, posts["l12"].fran_tid) == (
        "l2",
        191,
        time(10, 50),
    )
