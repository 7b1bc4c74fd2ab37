"""`kallelse delegation add|import|list|fyll` and `kallelse motioner add|list|besvara|report`,
on a copy of the demo and on an empty store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from kallelse_tui.cli import main
from kallelse_tui.store import Store, registers

LISTA = (
    "Datum;Beslut;Delegat;Punkt;Dnr\n"
    "2026-11-02;Yttrande över detaljplan för Lunden;Planchef Eva Lind;3.2;KS 2026/360\n"
    "2026-11-05\tAvslag på begäran om handling\tKanslichef Eva Ro\tpunkt 1.2\töverklagbart\n"
    "Rad utan datum eller annat\n"
)


def run(store: Path, *args: str) -> int:
    return main([*args, "--store", str(store)])


def test_import_reports_unreadable_lines_and_never_imports_twice(demo_dir, tmp_path, capsys):
    lista = tmp_path / "delegation.csv"
    lista.write_text(LISTA, encoding="utf-8")
    assert run(demo_dir, "delegation", "import", "sjobacka-ks", str(lista)) == 1
    out = capsys.readouterr()
    assert "Rad 4" in out.err and "Rad 1" not in out.err  # the heading line is skipped
    assert "2 delegationsbeslut är inlästa i Kommunstyrelsen." in out.out
    assert run(demo_dir, "delegation", "import", "sjobacka-ks", str(lista)) == 1
    assert "0 delegationsbeslut är inlästa" in capsys.readouterr().out
    with Store.open(demo_dir, readonly=True) as store:
        rows = registers.delegationsbeslut(store, "sjobacka-ks")
    assert len(rows) == 4 and [r.overklagbart for r in rows if r.punkt == "1.2"] == [True]


def test_add_list_fill_and_check(demo_dir, capsys):
    assert (
        run(
            demo_dir, "delegation", "add", "sjobacka-ks", "--datum", "2026-11-10",
            "--delegat", "Kommunchef Johan Sjöberg", "--text", "Avtal om städtjänster",
            "--punkt", "10.1", "--overklagbart",
        )
        == 0
    )  # fmt: skip
    assert capsys.readouterr().out.strip() == "d-20261110-1"
    assert run(demo_dir, "check", "sjobacka-ks-2026-12-08") == 1  # the utkast has FEL too
    assert "3 delegationsbeslut i registret" in capsys.readouterr().out
    assert run(demo_dir, "delegation", "fyll", "sjobacka-ks-2026-12-08") == 0
    assert "3 delegationsbeslut" in capsys.readouterr().out
    run(demo_dir, "check", "sjobacka-ks-2026-12-08")
    assert "delegationsbeslut i registret" not in capsys.readouterr().out
    assert run(demo_dir, "delegation", "list", "sjobacka-ks", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["anmals_i"] for r in rows} == {"sjobacka-ks-2026-12-08"}
    assert run(demo_dir, "delegation", "list", "--ej-anmalda") == 0
    listed = capsys.readouterr().out
    assert "Beslut om anställningar och tjänstledigheter under oktober." in listed
    assert "planerad (sjobacka-ks-2026-12-08)" in listed  # planned, not yet reported
    assert "anmäld 2026-10-23" not in listed


def test_a_justerat_protokoll_shows_its_decisions_reported(demo_dir, capsys):
    assert run(demo_dir, "delegation", "list", "norrvik-ks") == 0
    assert capsys.readouterr().out.count("anmäld 2026-10-23") == 3


def test_bad_input_is_a_swedish_sentence_and_exit_2(demo_dir, tmp_path, capsys):
    assert run(demo_dir, "delegation", "add", "KS", "--datum", "2026-11-10", "--delegat", "A",
               "--text", "B") == 2  # fmt: skip
    assert "Flera organ heter ”KS”" in capsys.readouterr().err
    assert run(demo_dir, "delegation", "add", "norrvik-ks", "--datum", "2026-02-30",
               "--delegat", "A", "--text", "B") == 2  # fmt: skip
    assert "inget giltigt datum" in capsys.readouterr().err
    empty = tmp_path / "tom.txt"
    empty.write_text("\n", encoding="utf-8")
    assert run(demo_dir, "delegation", "import", "norrvik-ks", str(empty)) == 2
    assert "inget sparades" in capsys.readouterr().err
    assert run(demo_dir, "delegation", "fyll", "norrvik-ks-2026-10-19") == 2
    assert "är justerat" in capsys.readouterr().err
    assert run(demo_dir, "motioner", "besvara", "x-1", "--datum", "2026-11-30",
               "--paragraf", "KF § 1") == 2  # fmt: skip
    assert "ingen motion med id" in capsys.readouterr().err


def test_an_empty_store_says_what_to_do(tmp_path, capsys):
    lager = tmp_path / "tom"
    assert run(lager, "organ", "add", "Kommunstyrelsen", "--kommun", "Åby kommun") == 0
    capsys.readouterr()
    assert run(lager, "delegation", "list") == 0
    assert "Inga delegationsbeslut i registret" in capsys.readouterr().out
    assert run(lager, "motioner", "add", "Ny park", "--av", "A B (S)", "--vackt", "2026-01-01") == 2
    assert "inget fullmäktige" in capsys.readouterr().err
    assert run(lager, "organ", "add", "Kommunfullmäktige", "--kommun", "Åby kommun") == 0
    capsys.readouterr()
    assert run(lager, "motioner", "list") == 0
    assert "Registret har inga motioner" in capsys.readouterr().out


def test_motioner_add_answer_list_and_report(demo_dir, tmp_path, capsys):
    assert (
        run(demo_dir, "motioner", "add", "Öppna skolgårdar", "--av", "Sara Lind (MP)",
            "--vackt", "2026-11-18", "--typ", "motion", "--remiss", "Barn- och utbildningsnämnden")
        == 0
    )  # fmt: skip
    new_id = capsys.readouterr().out.strip()
    assert run(demo_dir, "motioner", "list", "--per", "2026-11-20", "--json") == 0
    rows = {r["titel"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["Solceller på kommunens tak"]["niva"] == 12
    assert rows["Laddstolpar vid kommunens anläggningar"]["niva"] == 11
    assert rows["Hundrastgård i Västerbyn"]["niva"] == 6
    assert rows["Öppna skolgårdar"]["remiss_till"] == "Barn- och utbildningsnämnden"
    assert run(demo_dir, "motioner", "remiss", "m-20261026-1", "--till", "Kommunstyrelsen",
               "--datum", "2026-10-26") == 0  # fmt: skip
    assert "remitterad till Kommunstyrelsen 2026-10-26" in capsys.readouterr().out
    assert run(demo_dir, "motioner", "besvara", new_id, "--datum", "2026-11-30",
               "--paragraf", "KF § 120", "--svar", "bifall") == 0  # fmt: skip
    capsys.readouterr()
    for fmt in ("pdf", "txt", "md"):
        target = tmp_path / f"obesvarade.{fmt}"
        assert run(demo_dir, "motioner", "report", "--per", "2026-11-30", "--format", fmt,
                   "-o", str(target)) == 0  # fmt: skip
    text = (tmp_path / "obesvarade.txt").read_text(encoding="utf-8")
    assert "Solceller på kommunens tak" in text and "[Över ett år]" in text
    # 11 months: fullmäktige's last meeting before the year runs out is named
    assert "Sista dag: 2026-12-08 (sista fullmäktige före: 2026-11-30)" in text
    assert text.count("sista fullmäktige före") == 1
    assert "Cykelparkering" not in text.split("BESVARADE UNDER PERIODEN")[0]
    assert "Öppna skolgårdar" in text.split("BESVARADE UNDER PERIODEN")[1]
    assert "Väntetider i hemtjänsten" not in text  # an interpellation has no year
    pdf = "".join(p.extract_text() for p in PdfReader(tmp_path / "obesvarade.pdf").pages)
    assert "Redovisning av obesvarade motioner och medborgarförslag" in pdf
    assert "Hundrastgård i Västerbyn" in pdf
    assert "Sammanträdesdatum" not in pdf and "Datum 2026-11-30" in pdf  # a report, no meeting
    assert "| Dnr | Väckt | Rubrik |" in (tmp_path / "obesvarade.md").read_text()


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_the_report_refuses_formats_it_does_not_make(demo_dir, tmp_path, fmt, capsys):
    with pytest.raises(SystemExit) as exit_:
        run(demo_dir, "motioner", "report", "--format", fmt, "-o", str(tmp_path / "r"))
    assert exit_.value.code == 2


def test_fullmaktiges_kallelse_anmaler_the_new_motioner(demo_dir, tmp_path, capsys):
    assert run(demo_dir, "motioner", "anmal", "norrvik-kf-2026-11-30") == 0
    assert "2 att anmäla" in capsys.readouterr().out
    for public in ([], ["--public"]):
        target = tmp_path / f"kallelse{len(public)}.txt"
        assert run(demo_dir, "export", "kallelse", "norrvik-kf-2026-11-30", "--format", "txt",
                   "-o", str(target), *public) == 0  # fmt: skip
        text = " ".join(target.read_text(encoding="utf-8").split())
        assert "5. Anmälan av nya motioner, medborgarförslag, interpellationer och frågor" in text
        assert (
            "Motion: Trygghetsvandringar i centrum (Per Holm (M), väckt 2026-10-26, Dnr KS" in text
        )
        assert (
            "Interpellation: Väntetider i hemtjänsten (Lena Viklund (KD), väckt 2026-11-16)" in text
        )
    assert run(demo_dir, "motioner", "anmal", "norrvik-kf-2026-11-30") == 0  # again: the same
    with Store.open(demo_dir, readonly=True) as store:
        arenden = store.meeting("norrvik-kf-2026-11-30").arenden
    assert sum(a.rubrik.startswith("Anmälan av nya motioner") for a in arenden) == 1
