import json
import subprocess
import sys

import pytest

from kallelse_tui import __version__
from kallelse_tui.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kallelse_tui", *args], capture_output=True, text=True
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"kallelse {__version__}"


def test_list_shows_every_demo_meeting(demo_dir, capsys):
    assert main(["list", "--store", str(demo_dir)]) == 0
    out = capsys.readouterr().out
    assert "norrvik-ks-2026-10-19" in out and "justerat" in out
    assert "Samhällsbyggnadsnämnden (Sjöbacka kommun)" in out
    assert len(out.strip().splitlines()) == 6


def test_list_json(demo_dir, capsys):
    assert main(["--store", str(demo_dir), "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["status"] for r in rows} >= {"utkast", "kallad", "protokoll klart", "justerat"}
    ks = next(r for r in rows if r["id"] == "norrvik-ks-2026-10-19")
    assert ks == {
        "id": "norrvik-ks-2026-10-19",
        "organ": "Kommunstyrelsen",
        "organ_id": "norrvik-ks",
        "kommun": "Norrviks kommun",
        "datum": "2026-10-19",
        "tid": "09:00",
        "status": "justerat",
        "antal_arenden": 11,
    }


def test_list_uses_kallelse_store_env(demo_dir, capsys, monkeypatch):
    monkeypatch.setenv("KALLELSE_STORE", str(demo_dir))
    assert main(["list"]) == 0
    assert "norrvik-kf-2026-11-30" in capsys.readouterr().out


def test_list_does_not_write_to_the_store(demo_dir):
    before = {p: p.stat().st_mtime_ns for p in demo_dir.rglob("*")}
    assert main(["list", "--store", str(demo_dir)]) == 0
    assert {p: p.stat().st_mtime_ns for p in demo_dir.rglob("*")} == before


def test_missing_store_is_one_swedish_sentence_and_exit_2(tmp_path):
    result = run("list", "--store", str(tmp_path / "saknas"))
    assert result.returncode == 2
    assert result.stderr.startswith("kallelse: Det finns inget lager i")
    assert "Traceback" not in result.stderr


def test_corrupt_store_is_reported_without_traceback(demo_dir):
    (demo_dir / "register.json").write_text("{ trasig", encoding="utf-8")
    result = run("list", "--store", str(demo_dir))
    assert result.returncode == 2
    assert "register.json är skadad" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["okänt"], ["list", "--okänd"], ["--store"]])
def test_bad_usage_exit_2_in_swedish(args):
    result = run(*args)
    assert result.returncode == 2
    assert "fel:" in result.stderr
    assert "Traceback" not in result.stderr
