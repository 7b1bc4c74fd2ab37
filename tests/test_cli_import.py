"""`kallelse import kallelse`: creating the organ a kallelse names, finding it by id, short
name or name, the --datum/--tid/--plats overrides, and the handlingar taken only when asked."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.import_mapping import gissa_typ
from kallelse_tui.domain.model import ArendeTyp, Organ, OrganTyp, Syfte
from kallelse_tui.domain.nytt_organ import nytt_organ
from kallelse_tui.store import Store

CORPUS = Path(__file__).parent / "corpus" / "kallelser"


def _import(store: Path, fil: Path, *extra: str) -> int:
    return main(["import", "kallelse", str(fil), "--store", str(store), *extra])


def test_import_into_an_empty_store_creates_the_organ(tmp_path, capsys):
    store = tmp_path / "tomt"
    assert _import(store, CORPUS / "06-hagby-kfn-datumochtid.txt") == 0
    out, err = capsys.readouterr()
    assert out.strip() == "hagby-kfn-2023-12-11"
    assert "skapade organet ”Kultur- och fritidsnämnden” i Hagby kommun" in err
    with Store.open(store, readonly=True) as s:
        [organ] = s.organs()
        mote = s.meeting(out.strip())
    assert (organ.id, organ.namn, organ.kortnamn, organ.kommun, organ.typ) == (
        "hagby-kfn",
        "Kultur- och fritidsnämnden",
        "KFN",
        "Hagby kommun",
        OrganTyp.NAMND,
    )
    assert (mote.organ_id, mote.datum, mote.tid) == (organ.id, date(2023, 12, 11), time(14))
    assert mote.plats == "Medborgarhuset (övervåningen), lokal Bryggan"
    assert [a.dnr for a in mote.arenden][2:5] == [
        "dnr KFN 2023/144",
        "dnr KFN 2023/98",
        "dnr KFN 2023/160",
    ]
    # "Revidering av delegationsordning" is a decision, "Anmälan av delegationsbeslut" a list.
    assert mote.arenden[4].typ is ArendeTyp.BESLUT
    assert mote.arenden[5].typ is ArendeTyp.DELEGATIONSBESLUT

    # The next kallelse of the same organ finds it: no second organ.
    andra = tmp_path / "andra.txt"
    andra.write_text(
        (CORPUS / "06-hagby-kfn-datumochtid.txt")
        .read_text(encoding="utf-8")
        .replace("11 december 2023", "15 januari 2024"),
        encoding="utf-8",
    )
    assert _import(store, andra) == 0
    out, err = capsys.readouterr()
    assert "skapade" not in err
    with Store.open(store, readonly=True) as s:
        assert len(s.organs()) == 1
        assert s.meeting(out.strip()).organ_id == "hagby-kfn"


@pytest.mark.parametrize("organ", ["sjobacka-sbn", "SBN", "Samhällsbyggnadsnämnden", "sbn"])
def test_organ_by_id_short_name_or_name(demo_dir, capsys, organ):
    assert _import(demo_dir, CORPUS / "04-bergvik-ks-dnr-nasta-rad.txt", "--organ", organ) == 0
    out, err = capsys.readouterr()
    assert "skapade" not in err
    with Store.open(demo_dir, readonly=True) as s:
        assert s.meeting(out.strip()).organ_id == "sjobacka-sbn"
        assert len(s.organs()) == 5


def test_the_printed_kommun_tells_organs_of_one_name_apart(demo_dir, tmp_path, capsys):
    fil = tmp_path / "ks.txt"
    fil.write_text(
        "SJÖBACKA KOMMUN\nKommunstyrelsen\n\nTid: 2027-01-18 kl 09.00\nPlats: Rådhuset\n\n"
        "1. Upprop\n2. Budget 2028\nDnr KS 2027/4\n",
        encoding="utf-8",
    )
    assert _import(demo_dir, fil) == 0
    with Store.open(demo_dir, readonly=True) as s:
        assert s.meeting(capsys.readouterr().out.strip()).organ_id == "sjobacka-ks"


def test_an_organ_named_on_the_command_line_is_created(tmp_path, capsys):
    store = tmp_path / "tomt"
    fil = CORPUS / "11-raddningsforbund-direktion.txt"
    assert _import(store, fil, "--organ", "Direktionen för Räddningstjänsten Mellanälv") == 0
    assert "skapade organet ”Direktionen för Räddningstjänsten Mellanälv” utan kommun" in (
        capsys.readouterr().err
    )
    with Store.open(store, readonly=True) as s:
        [organ] = s.organs()
    assert organ.typ is OrganTyp.DIREKTION


def test_datum_tid_and_plats_supply_what_the_text_lacks(tmp_path, capsys):
    fil = tmp_path / "utan.txt"
    fil.write_text("Socialnämnden\n\nÄrenden\n1. Upprop\n2. Internkontroll\n", encoding="utf-8")
    store = tmp_path / "lager"
    assert _import(store, fil) == 2
    assert "inget sammanträdesdatum" in capsys.readouterr().err
    with Store.open(store, readonly=True) as s:
        assert s.organs() == []  # nothing half written
    assert (
        _import(store, fil, "--datum", "2025-02-03", "--tid", "13.15", "--plats", "Rådhuset, sal 2")
        == 0
    )
    with Store.open(store, readonly=True) as s:
        mote = s.meeting(capsys.readouterr().out.strip())
    assert (mote.datum, mote.tid, mote.plats) == (date(2025, 2, 3), time(13, 15), "Rådhuset, sal 2")
    # They also override what the text says.
    kfn = CORPUS / "06-hagby-kfn-datumochtid.txt"
    assert _import(store, kfn, "--tid", "kl 18", "--plats", "Biblioteket") == 0
    with Store.open(store, readonly=True) as s:
        mote = s.meeting(capsys.readouterr().out.strip())
    assert (mote.tid, mote.plats) == (time(18), "Biblioteket")


def test_a_bad_override_is_one_sentence_and_nothing_is_written(tmp_path, capsys):
    store = tmp_path / "lager"
    assert _import(store, CORPUS / "06-hagby-kfn-datumochtid.txt", "--tid", "efter lunch") == 2
    assert "klockslag" in capsys.readouterr().err
    assert not (store / "register.json").exists()


def test_handlingar_are_taken_only_when_asked(tmp_path, capsys):
    fil = CORPUS / "08-strandby-ksau-handlingar.txt"
    store = tmp_path / "lager"
    assert _import(store, fil) == 0
    out, err = capsys.readouterr()
    assert "för ärende 2, 3; importera med --med-handlingar" in err
    with Store.open(store, readonly=True) as s:
        utan = s.meeting(out.strip())
    assert all(not a.forslag and a.handlaggare is None for a in utan.arenden)
    assert utan.arenden[3].dnr == ""  # never the Dnr of the handlingar pages

    assert _import(store, fil, "--med-handlingar") == 0
    with Store.open(store, readonly=True) as s:
        med = s.meeting(capsys.readouterr().out.strip())
    detaljplan = med.arenden[1]
    assert detaljplan.forslag[0].punkter[1].startswith("Planavgift tas ut")
    assert detaljplan.handlaggare is not None
    assert (detaljplan.handlaggare.namn, detaljplan.handlaggare.titel) == (
        "Johan Berglund",
        "planarkitekt",
    )
    assert [(m.namn, m.syfte) for m in detaljplan.skickas_till] == [
        ("Samhällsbyggnadsförvaltningen", Syfte.VERKSTALLIGHET),
        ("Lantmäteriet", Syfte.KANNEDOM),
        ("Akten", Syfte.KANNEDOM),
    ]
    assert med.arenden[3].forslag == []


def test_short_name_and_kind_guesses():
    finns = Organ("granby-ksau", "Arbetsutskottet", "AU", OrganTyp.UTSKOTT, kommun="Annat")
    organ = nytt_organ("Kommunstyrelsens arbetsutskott", [finns], kommun="Granby kommun")
    assert (organ.id, organ.kortnamn, organ.typ) == ("granby-ksau-2", "KSAU", OrganTyp.UTSKOTT)
    assert gissa_typ("Revidering av delegationsordning", organ) is ArendeTyp.BESLUT
    assert gissa_typ("Redovisning av delegerade ärenden", organ) is ArendeTyp.DELEGATIONSBESLUT
    assert gissa_typ("Delegationsbeslut", organ) is ArendeTyp.DELEGATIONSBESLUT


def test_check_reports_a_meeting_without_time_or_place(tmp_path, capsys):
    fil = tmp_path / "utan.txt"
    fil.write_text("Socialnämnden\n\nÄrenden\n1. Upprop\n", encoding="utf-8")
    store = tmp_path / "lager"
    assert _import(store, fil, "--datum", "2031-02-04") == 0
    mote_id = capsys.readouterr().out.strip()
    assert main(["check", mote_id, "--store", str(store)]) == 0  # a draft: a warning
    out = capsys.readouterr().out
    assert "VARNING  Sammanträdet den 4 februari 2031 saknar klockslag och plats" in out
    assert "(Reglementet för Socialnämnden)" in out
