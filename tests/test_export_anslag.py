"""The anslagsbevis: every element read back in every format, the bevis of an omedelbart
justerad §, the refusals, and the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.justering import registrera_anslag
from kallelse_tui.export.anslag import FORMAT, anslag_data, export_anslag
from kallelse_tui.store import Store
from tests.test_export_kallelse import lasbar_text

KS = "norrvik-ks-2026-10-19"  # justerat 2026-10-23, no anslag yet
SBN = "sjobacka-sbn-2026-11-17"  # protokoll klart, § 107 omedelbart justerad and posted


@pytest.fixture
def anslaget(demo_dir: Path) -> Path:
    """The demo store with the KS protokoll posted on Monday 2026-10-26."""
    with Store.open(demo_dir) as store:
        mote = store.meeting(KS)
        registrera_anslag(mote, date(2026, 10, 26), "Kommunkansliet, Norrviks kommun")
        store.save_meeting(mote)
    return demo_dir


def _mote(store_dir: Path, meeting_id: str):
    with Store.open(store_dir, readonly=True) as store:
        mote = store.meeting(meeting_id)
        return mote, store.organ(mote.organ_id)


@pytest.mark.parametrize("fmt", FORMAT)
def test_every_element_of_the_anslagsbevis_in_every_format(anslaget, tmp_path, fmt):
    mote, organ = _mote(anslaget, KS)
    assert mote.justering is not None
    path = export_anslag(mote, organ, fmt, tmp_path / f"anslag.{fmt}")
    text = lasbar_text(path)
    for element in (
        "Anslagsbevis",
        "Bevis om anslag",
        "Kommunstyrelsen",
        "Norrviks kommun",
        "2026-10-19",  # the meeting
        "§§ 171–181",
        "Datum för justering 2026-10-23",
        "Anslaget uppsatt 2026-10-26",
        # Three weeks from Monday 26 October is Monday 16 November; down the day after.
        "Sista dag för överklagande 2026-11-16",
        "Anslaget får tas ned 2026-11-17",
        "13 kap. 5",
        "Kommunkansliet, Norrviks kommun",
        mote.justering.protokoll_hash[:12],
        "Johanna Sträng",
        "Nämndsekreterare",
        "Anna-Karin Lund (S), Sofia Nilsson (C)",
    ):
        assert element.casefold() in text.casefold(), (fmt, element)
    assert mote.justering.protokoll_hash[:13] not in text  # shortened


def test_the_bevis_of_an_omedelbart_justerad_paragraf(demo_dir, tmp_path):
    mote, organ = _mote(demo_dir, SBN)
    paragraf = next(p for p in mote.paragrafer if p.nummer == 107)
    assert paragraf.omedelbar is not None
    data = anslag_data(mote, organ, paragraf=107)
    assert (data["paragrafspann"], data["justerad"], data["uppsatt"]) == (
        "§ 107",
        "2026-11-17",
        "2026-11-18",
    )
    assert data["sista_dag_overklagande"] == "2026-12-09"
    assert data["nedtagning"] == "2026-12-10"
    assert data["kontrollsumma_kort"] == paragraf.omedelbar.paragraf_hash[:12]
    assert data["forvaringsplats"] == "Kommunkansliet, Sjöbacka kommun"
    text = lasbar_text(export_anslag(mote, organ, "pdf", tmp_path / "p107.pdf", paragraf=107))
    assert "Paragrafen är omedelbart justerad" in text
    assert paragraf.omedelbar.paragraf_hash[:12] in text and "Frida Lindgren" in text


def test_bestyrkt_av_names_someone_else(anslaget):
    mote, organ = _mote(anslaget, KS)
    data = anslag_data(mote, organ, bestyrkt_av="Per Nord")
    assert data["bestyrkt"]["namn"] == "Per Nord" and data["bestyrkt"]["titel"] == ""


def test_refused_when_not_justerat_or_not_posted(demo_dir, tmp_path):
    ks, organ = _mote(demo_dir, KS)
    with pytest.raises(DomainError, match="Anslaget för protokollet .* är inte registrerat"):
        anslag_data(ks, organ)
    sbn, sbn_organ = _mote(demo_dir, SBN)
    with pytest.raises(DomainError, match="är inte justerat"):
        export_anslag(sbn, sbn_organ, "pdf", tmp_path / "x.pdf")
    with pytest.raises(DomainError, match="§ 105 .* är inte omedelbart justerad"):
        anslag_data(sbn, sbn_organ, paragraf=105)
    with pytest.raises(DomainError, match="ingen § 999"):
        anslag_data(sbn, sbn_organ, paragraf=999)
    assert not (tmp_path / "x.pdf").exists()


def test_command_line(anslaget, tmp_path, capsys):
    target = tmp_path / "anslag.txt"
    argv = ["export", "anslag", KS, "--format", "txt", "-o", str(target), "--store", str(anslaget)]
    assert main(argv) == 0
    assert "Sista dag för överklagande" in target.read_text(encoding="utf-8")
    target = tmp_path / "p107.md"
    argv = ["export", "anslag", SBN, "--format", "md", "-o", str(target), "--paragraf", "107"]
    assert main([*argv, "--store", str(anslaget)]) == 0
    assert "§ 107" in lasbar_text(target)
    assert main([*argv, "--paragraf", "105", "--store", str(anslaget)]) == 2
    assert "högst en --paragraf" in capsys.readouterr().err
    argv = ["export", "anslag", SBN, "--format", "pdf", "-o", str(tmp_path / "x.pdf")]
    assert main([*argv, "--store", str(anslaget)]) == 2
    assert "inte justerat" in capsys.readouterr().err


def test_the_checksum_is_printed_as_it_is(anslaget):
    # A digit run shaped like a personnummer inside the hex must survive the cleaning.
    with Store.open(anslaget, readonly=True) as store:
        mote = store.meeting(KS)
        organ = store.organ(mote.organ_id)
    mote.justering.protokoll_hash = "a1212121212b" + "0" * 52
    data = anslag_data(mote, organ)
    assert data["kontrollsumma"] == "Kontrollsumma: a1212121212b"
    assert ["Protokollets kontrollsumma", "a121 2121 212b" + " 0000" * 13] in data["falt"]
    assert data["kontroll_text"].startswith("Kontrollsumman är ett fingeravtryck av protokollets")
