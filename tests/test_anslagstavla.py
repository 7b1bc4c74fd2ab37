"""The digital anslagstavla: which notices stand on it on a day, what publishing registers,
the site the command writes (index, archive, Atom, JSON, checksums, public PDFs), that it
is swapped in whole and written twice is the same bytes, and its refusals."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.anslagstavla import Slag, registrera_publicering, tillkannagivanden
from kallelse_tui.domain.status import Status
from kallelse_tui.export import anslagstavla as tavla_export
from kallelse_tui.store import Store
from tests.test_export_kallelse import lasbar_text

KS = "norrvik-ks-2026-10-19"  # justerat 2026-10-23, anslag not registered
SJOBACKA = "sjobacka-ks-2026-09-29"  # anslaget 2026-10-02, down 2026-10-24
SBN = "sjobacka-sbn-2026-11-17"  # § 107 omedelbart justerad 2026-11-17, posted 2026-11-18
KF = "norrvik-kf-2026-11-30"  # kallad, kungörelse up 2026-11-19
ATOM = "{http://www.w3.org/2005/Atom}"


def _kor(store_dir: Path, ut: Path, dag: str, *extra: str) -> int:
    return main(["anslagstavla", "-o", str(ut), "--store", str(store_dir), "--datum", dag, *extra])


def _filer(mapp: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(mapp)): p.read_bytes() for p in sorted(mapp.rglob("*")) if p.is_file()
    }


def _json(mapp: Path) -> dict:
    return json.loads((mapp / "anslag.json").read_text(encoding="utf-8"))


# --- the domain ---------------------------------------------------------------------------


def test_a_protokoll_stands_from_its_anslag_until_the_day_it_may_come_down(store):
    mote = store.meeting(SJOBACKA)
    (t,) = tillkannagivanden(mote, store.organ(mote.organ_id))
    assert (t.slag, t.uppsatt, t.nedtas) == (Slag.PROTOKOLL, date(2026, 10, 2), date(2026, 10, 24))
    assert not t.aktuell(date(2026, 10, 1)) and not t.arkiverad(date(2026, 10, 1))
    assert t.aktuell(date(2026, 10, 2)) and t.aktuell(date(2026, 10, 23))
    assert t.arkiverad(date(2026, 10, 24)) and not t.aktuell(date(2026, 10, 24))


def test_an_omedelbart_justerad_paragraf_and_a_kungorelse_stand_on_their_own(store):
    sbn = store.meeting(SBN)
    (p,) = tillkannagivanden(sbn, store.organ(sbn.organ_id))
    assert (p.slag, p.paragraf, p.uppsatt, p.nedtas) == (
        Slag.PARAGRAF,
        107,
        date(2026, 11, 18),
        date(2026, 12, 10),
    )
    kf = store.meeting(KF)
    (k,) = tillkannagivanden(kf, store.organ(kf.organ_id))
    assert (k.slag, k.uppsatt, k.nedtas) == (Slag.KUNGORELSE, date(2026, 11, 19), date(2026, 12, 1))
    assert k.id == f"{KF}-kungorelse" and p.id == f"{SBN}-p107"


def test_publishing_registers_only_what_the_store_lacks_and_only_when_asked(store):
    moten = [store.meeting(r.id) for r in store.meetings()]
    organ_for = lambda m: store.organ(m.organ_id)  # noqa: E731
    # The justering of KS is on 2026-10-23: a board of the day before registers nothing.
    assert registrera_publicering(moten, organ_for, date(2026, 10, 22), utfor=False) == []
    listade = registrera_publicering(moten, organ_for, date(2026, 12, 2), utfor=False)
    assert [r.text for r in listade] == [
        "Kommunstyrelsen 2026-10-19: protokollets anslag uppsatt 2026-12-02"
    ]
    ks = next(m for m in moten if m.id == KS)
    assert ks.anslag is None and ks.status is Status.JUSTERAT
    registrera_publicering(moten, organ_for, date(2026, 12, 2), utfor=True)
    assert ks.anslag is not None and ks.anslag.uppsatt == date(2026, 12, 2)
    assert ks.status is Status.ANSLAGET and ks.anslag.hash


# --- the command -------------------------------------------------------------------------


def test_the_demo_board_lists_the_justerade_meetings_with_the_right_dates(
    demo_dir, tmp_path, capsys
):
    ut = tmp_path / "tavla"
    assert _kor(demo_dir, ut, "2026-12-02", "--registrera-anslag") == 0
    out = capsys.readouterr().out
    assert "registrerat  Kommunstyrelsen 2026-10-19: protokollets anslag uppsatt 2026-12-02" in out
    data = _json(ut)
    aktuella = {p["id"]: p for p in data["tillkannagivanden"]}
    arkiv = {p["id"]: p for p in data["arkiv"]}
    assert set(aktuella) == {KS, f"{SBN}-p107"}
    assert set(arkiv) == {SJOBACKA, f"{KF}-kungorelse"}
    ks = aktuella[KS]
    assert (ks["organ"], ks["kommun"], ks["sammantradesdatum"]) == (
        "Kommunstyrelsen",
        "Norrviks kommun",
        "2026-10-19",
    )
    assert (ks["paragrafer"], ks["justerad"], ks["uppsatt"]) == (
        "§§ 171–181",
        "2026-10-23",
        "2026-12-02",
    )
    assert (ks["sista_dag_overklagande"], ks["nedtas"]) == ("2026-12-23", "2026-12-24")
    assert "Förvaltningsrätten i Luleå" in ks["overklagande"] and "tre veckor" in ks["overklagande"]
    sj = arkiv[SJOBACKA]
    assert (sj["uppsatt"], sj["nedtas"], sj["forvaringsplats"]) == (
        "2026-10-02",
        "2026-10-24",
        "Kommunledningskontoret, Stadshuset",
    )
    # The store agrees with the board.
    with Store.open(demo_dir, readonly=True) as store:
        anslag = store.meeting(KS).anslag
        assert anslag is not None and anslag.uppsatt == date(2026, 12, 2)
        assert anslag.forvaringsplats == "Kommunkansliet, Norrviks kommun"  # as on the board
        assert store.meeting(KS).status is Status.ANSLAGET
    index = (ut / "index.html").read_text(encoding="utf-8")
    for text in ("Kommunstyrelsen, Norrviks kommun", "2026-12-23", "§§ 171–181", "Kommunkansliet"):
        assert text in index
    assert "Kommunledningskontoret, Stadshuset" in (ut / "arkiv.html").read_text(encoding="utf-8")
    # The public protokoll is linked and is the protokoll.
    pdf = ut / ks["dokument"]["href"]
    assert pdf.read_bytes()[:5] == b"%PDF-" and f'href="{ks["dokument"]["href"]}"' in index
    assert "Protokoll" in lasbar_text(pdf) and "§ 171" in lasbar_text(pdf)
    # The checksums are what verify --mot reads.
    capsys.readouterr()
    assert main(["verify", "--store", str(demo_dir), "--mot", str(ut / "kontrollsummor.txt")]) == 0
    assert KS in (ut / "kontrollsummor.txt").read_text(encoding="utf-8")


def test_the_feed_and_the_json_carry_the_same_entries(demo_dir, tmp_path):
    ut = tmp_path / "tavla"
    assert _kor(demo_dir, ut, "2026-11-25") == 0
    data = _json(ut)
    feed = ET.parse(ut / "anslag.atom").getroot()
    titlar = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titlar == [p["rubrik"] for p in data["tillkannagivanden"]]
    assert titlar == [
        "Kungörelse: Kommunfullmäktige 2026-11-30",
        "Omedelbart justerad paragraf: Samhällsbyggnadsnämnden 2026-11-17 § 107",
    ]
    assert feed.findtext(f"{ATOM}updated") == "2026-11-19T00:00:00Z"  # from the store's days
    lankar = {e.get("href") for e in feed.iter(f"{ATOM}link") if e.get("rel") == "enclosure"}
    assert lankar == {p["dokument"]["href"] for p in data["tillkannagivanden"]}
    kf = data["tillkannagivanden"][0]
    assert (kf["tid"], kf["plats"], kf["dag"]) == (
        "kl 18:00",
        "Folkets hus, Stora salen",
        "måndagen den 30 november 2026",
    )
    assert len(kf["arenden"]) == 10 and kf["arenden"][5]["dnr"] == "KS 2025/207"
    assert "Detaljplan för Norra Strandvägen" in data["tillkannagivanden"][1]["paragraf_rubrik"]


def test_written_twice_it_is_the_same_bytes_and_nothing_is_left_beside_it(demo_dir, tmp_path):
    ut = tmp_path / "tavla"
    assert _kor(demo_dir, ut, "2026-12-02", "--registrera-anslag") == 0
    forsta = _filer(ut)
    assert _kor(demo_dir, ut, "2026-12-02", "--registrera-anslag") == 0
    assert _filer(ut) == forsta
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lager", "tavla"]


def test_everything_on_the_board_is_the_public_version(demo_dir, tmp_path):
    with Store.open(demo_dir) as store:
        kf = store.meeting(KF)
        kf.arenden[5].rubrik = "Ansökan från Kim Ek 19121212-1212 om bygglov"
        kf.arenden[6].sekretess, kf.arenden[6].osl = True, "OSL 26 kap. 1 §"
        kf.arenden[6].publik_titel = "Ärende om enskild"
        hemlig = kf.arenden[6].rubrik
        store.save_meeting(kf)
    ut = tmp_path / "tavla"
    assert _kor(demo_dir, ut, "2026-11-25") == 0
    pdf = next((ut / "dokument").glob(f"{KF}-kungorelse-*.pdf"))
    for fil in [ut / "index.html", ut / "anslag.json", ut / "anslag.atom", pdf]:
        text = lasbar_text(fil) if fil.suffix == ".pdf" else fil.read_text(encoding="utf-8")
        assert "1212-1212" not in text and hemlig not in text, fil.name
    index = (ut / "index.html").read_text(encoding="utf-8")
    assert "Ärende om enskild" in index and "ÅÅÅÅMMDD-XXXX" in index


def test_a_changed_protokoll_is_left_off_the_board_and_named(demo_dir, tmp_path, capsys):
    ut = tmp_path / "tavla"
    assert _kor(demo_dir, ut, "2026-12-02", "--registrera-anslag") == 0
    fil = demo_dir / "sammantraden" / "2026" / f"{KS}.json"
    text = fil.read_text(encoding="utf-8")
    assert "enligt bilaga 1" in text
    fil.write_text(text.replace("enligt bilaga 1", "enligt bilaga 2", 1), encoding="utf-8")
    capsys.readouterr()
    assert _kor(demo_dir, ut, "2026-12-03") == 1
    err = capsys.readouterr().err
    assert f"Kommunstyrelsen 2026-10-19 ({KS}) visas inte" in err and "§ 1" in err
    assert KS not in {p["id"] for p in _json(ut)["tillkannagivanden"]}


def test_a_failure_midway_leaves_the_old_board_and_the_store_as_they_were(
    demo_dir, tmp_path, monkeypatch, capsys
):
    ut = tmp_path / "tavla"
    assert _kor(demo_dir, ut, "2026-11-25") == 0
    forsta = _filer(ut)

    def trasig(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kallelse_tui.export.protokoll.export_protokoll", trasig)
    assert _kor(demo_dir, ut, "2026-12-02", "--registrera-anslag") == 2
    assert "Kan inte skriva anslagstavlan" in capsys.readouterr().err
    assert _filer(ut) == forsta
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lager", "tavla"]
    with Store.open(demo_dir, readonly=True) as store:
        assert store.meeting(KS).anslag is None  # nothing registered for a board not shown


def test_it_replaces_only_a_board_it_wrote(demo_dir, tmp_path, capsys):
    annan = tmp_path / "annan"
    annan.mkdir()
    (annan / "viktig.txt").write_text("behåll mig", encoding="utf-8")
    assert _kor(demo_dir, annan, "2026-12-02") == 2
    assert "ersätts inte" in capsys.readouterr().err
    assert [p.name for p in annan.iterdir()] == ["viktig.txt"]
    fil = tmp_path / "fil.html"
    fil.write_text("x", encoding="utf-8")
    assert _kor(demo_dir, fil, "2026-12-02") == 2
    assert "det är en fil" in capsys.readouterr().err
    assert _kor(demo_dir, tmp_path / "saknas" / "tavla", "2026-12-02") == 2
    assert "finns inte" in capsys.readouterr().err


def test_without_registering_the_board_says_what_it_leaves_off(demo_dir, tmp_path, capsys):
    ut = tmp_path / "tavla"
    assert _kor(demo_dir, ut, "2026-12-02") == 0
    err = capsys.readouterr().err
    assert "Kommunstyrelsen 2026-10-19: protokollets anslag är inte registrerat" in err
    assert "--registrera-anslag" in err
    assert KS not in {p["id"] for p in _json(ut)["tillkannagivanden"]}
    with Store.open(demo_dir, readonly=True) as store:
        assert store.meeting(KS).anslag is None


def test_an_empty_store_gets_an_empty_board_and_no_store_is_made(tmp_path, capsys):
    tom = tmp_path / "tom"
    tom.mkdir()
    assert _kor(tom, tmp_path / "t1", "2026-12-02", "--registrera-anslag") == 2
    assert "inget lager" in capsys.readouterr().err and list(tom.iterdir()) == []
    assert (
        main(["organ", "add", "Kommunstyrelsen", "--kommun", "Ålidens kommun", "--store", str(tom)])
        == 0
    )
    assert _kor(tom, tmp_path / "t2", "2026-12-02") == 0
    data = _json(tmp_path / "t2")
    assert data["tillkannagivanden"] == [] and data["titel"] == "Anslagstavla – Ålidens kommun"
    assert "Inga just nu." in (tmp_path / "t2" / "index.html").read_text(encoding="utf-8")


def test_the_site_lists_its_files(demo_dir, tmp_path):
    ut = tmp_path / "tavla"
    assert _kor(demo_dir, ut, "2026-11-25") == 0
    namn = {p.name for p in ut.iterdir()}
    assert namn == {
        tavla_export.INDEX,
        tavla_export.ARKIV,
        tavla_export.ATOM,
        tavla_export.JSON_FIL,
        tavla_export.KONTROLLSUMMOR,
        tavla_export.STIL,
        tavla_export.DOKUMENT,
    }
    assert _json(ut)["format"] == tavla_export.FORMAT_ID


@pytest.mark.parametrize("datum", ["2026-13-01", "i morgon"])
def test_a_bad_date_is_refused(demo_dir, tmp_path, capsys, datum):
    assert _kor(demo_dir, tmp_path / "t", datum) == 2
    assert "datum" in capsys.readouterr().err
    assert not (tmp_path / "t").exists()
