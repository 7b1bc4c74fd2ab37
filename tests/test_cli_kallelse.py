"""The kallelse commands: import, check, export."""

import json
import subprocess
import sys

import pytest
from pypdf import PdfReader

from kallelse_tui.cli import main
from kallelse_tui.domain.import_mapping import gissa_typ, hitta_organ
from kallelse_tui.domain.model import ArendeTyp, Organ, OrganTyp
from kallelse_tui.store import Store
from tests.seeds import KALIX_KALLELSE, seed_file


def test_import_the_kalix_kallelse(demo_dir, tmp_path, capsys):
    kallelse = tmp_path / "kalix.txt"
    seed = seed_file(KALIX_KALLELSE)
    kallelse.write_text("\n".join(seed.read_text(encoding="utf-8").splitlines()[:53]))
    assert (
        main(
            ["import", "kallelse", str(kallelse), "--organ", "norrvik-ks", "--store", str(demo_dir)]
        )
        == 0
    )
    meeting_id = capsys.readouterr().out.strip()
    assert meeting_id == "norrvik-ks-2023-12-11"
    with Store.open(demo_dir, readonly=True) as store:
        mote = store.meeting(meeting_id)
    assert len(mote.arenden) == 19
    assert mote.arenden[16].rubrik == (
        "Ansökan om kommunal medfinansiering - Trygghetsboende kvarteret Duvan"
    )
    assert mote.arenden[16].dnr == "Dnr 2023-00416 101"
    assert f"{mote.tid:%H:%M}" == "09:00"
    assert mote.plats == "Förvaltningsbyggnaden, Sessionssalen"
    assert [u.namn for u in mote.undertecknare] == ["Helena Landström"]
    kinds = [a.typ for a in mote.arenden]
    assert kinds[:3] == [ArendeTyp.STANDARD] * 3
    assert kinds[3:6] == [ArendeTyp.MEDDELANDEN, ArendeTyp.DELEGATIONSBESLUT, ArendeTyp.VAL]
    assert kinds[18] == ArendeTyp.MOTION


def test_import_needs_an_unambiguous_organ(demo_dir, tmp_path):
    kallelse = tmp_path / "k.txt"
    kallelse.write_text(
        "Kommunstyrelsen\n\nkallas härmed till sammanträde måndagen den 7 december 2026 "
        "i Stadshuset kl 09:00\n\n1. Upprop\n2. Budget 2027\nDnr 2026-00012\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kallelse_tui",
            "import",
            "kallelse",
            str(kallelse),
            "--store",
            str(demo_dir),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Flera organ heter ”Kommunstyrelsen”" in result.stderr
    assert "Traceback" not in result.stderr
    with Store.open(demo_dir, readonly=True) as store:
        assert len(store.meetings()) == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "Kunde inte läsa"), ("Hej!\nInget här.\n", "Hittade inga numrerade ärenden")],
)
def test_import_bad_files(demo_dir, tmp_path, capsys, content, message):
    path = tmp_path / "k.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["import", "kallelse", str(path), "--organ", "KF", "--store", str(demo_dir)]) == 2
    assert message in capsys.readouterr().err


def test_check_exit_codes_and_json(demo_dir, capsys):
    assert main(["check", "sjobacka-ks-2026-12-08", "--store", str(demo_dir), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    missing = [f for f in findings if f["regel"] == "dnr-saknas"]
    assert (
        missing
        and missing[0]["allvar"] == "fel"
        and "Informationssäkerhetspolicy" in (missing[0]["meddelande"])
    )
    assert all(f["kalla"] for f in findings)
    assert main(["check", "norrvik-kf-2026-11-30", "--store", str(demo_dir)]) == 0
    assert main(["check", "finns-inte", "--store", str(demo_dir)]) == 2


def test_export_kallelse_from_the_command_line(demo_dir, tmp_path, capsys):
    target = tmp_path / "kf.pdf"
    assert (
        main(
            [
                "export",
                "kallelse",
                "norrvik-kf-2026-11-30",
                "--format",
                "pdf",
                "-o",
                str(target),
                "--store",
                str(demo_dir),
            ]
        )
        == 0
    )
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Borgen för Norrviks Bostäder AB" in text and "2026-00355" in text
    assert (
        main(
            [
                "export",
                "kallelse",
                "norrvik-kf-2026-11-30",
                "--format",
                "xls",
                "-o",
                str(tmp_path / "k.xls"),
                "--store",
                str(demo_dir),
            ]
        )
        == 2
    )
    assert "xls" in capsys.readouterr().err
    assert (
        main(
            [
                "export",
                "anslag",
                "norrvik-kf-2026-11-30",
                "--format",
                "pdf",
                "-o",
                str(tmp_path / "p.pdf"),
                "--store",
                str(demo_dir),
            ]
        )
        == 2
    )
    assert "är inte justerat" in capsys.readouterr().err


def test_public_export_hides_sekretess(demo_dir, tmp_path):
    target = tmp_path / "sbn.md"
    assert (
        main(
            [
                "export",
                "kallelse",
                "sjobacka-sbn-2026-11-17",
                "--format",
                "md",
                "-o",
                str(target),
                "--public",
                "--store",
                str(demo_dir),
            ]
        )
        == 0
    )
    text = target.read_text(encoding="utf-8")
    assert "Björkås" not in text and "Ola Frisk" not in text
    # Number, Dnr and the public title stay; the law is cited the Swedish way.
    assert "Tillsynsärende enligt PBL" in text and "SBN 2025/640" in text
    assert "Sekretess enligt 29 kap. 1 § OSL" in text


def test_organ_lookup_and_type_guess():
    organs = [
        Organ("a-ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE, kommun="A"),
        Organ("b-ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE, kommun="B"),
        Organ("b-sbn", "Samhällsbyggnadsnämnden", "SBN", OrganTyp.NAMND, kommun="B"),
    ]
    assert hitta_organ("sbn", organs).id == "b-sbn"
    assert hitta_organ("a-ks", organs).id == "a-ks"
    with pytest.raises(Exception, match="Flera organ"):
        hitta_organ("Kommunstyrelsen", organs)
    with pytest.raises(Exception, match="Hittar inget organ"):
        hitta_organ("Kulturnämnden", organs)
    organ = organs[0]
    assert gissa_typ("Val av justerare", organ) is ArendeTyp.STANDARD
    assert gissa_typ("Val av ledamot i valnämnden", organ) is ArendeTyp.VAL
    assert gissa_typ("Redovisning av delegationsbeslut", organ) is ArendeTyp.DELEGATIONSBESLUT
    assert gissa_typ("Meddelanden", organ) is ArendeTyp.MEDDELANDEN
    assert gissa_typ("Svar på motion om laddstolpar", organ) is ArendeTyp.MOTION
    assert gissa_typ("Budget 2027", organ) is ArendeTyp.BESLUT
