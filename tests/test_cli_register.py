"""`kallelse organ add|list` and `kallelse ledamoter import`: the register from a script."""

import json
from pathlib import Path

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.model import OrganTyp, Roll
from kallelse_tui.domain.nytt_organ import kortnamn_for, typ_for
from kallelse_tui.store import Store

CSV = (
    "namn;parti;roll;från;till\n"
    "Åsa Lind;S;ordförande;2027-01-01;2030-12-31\n"
    "Per Holm;(M);1:e vice ordförande\n"
    "Kim Berg;V;ledamot\n"
    "Nils Ek;KD;suppleant\n"
    "Lena Ros;C;ersättare\n"
)


@pytest.fixture
def lager(tmp_path: Path) -> Path:
    return tmp_path / "lager"


def organs(root: Path):
    with Store.open(root, readonly=True) as store:
        return store.organs()


def test_organ_add_creates_the_store_and_prints_the_id(lager, capsys):
    assert (
        main(["organ", "add", "Kommunstyrelsen", "--kommun", "Åbo kommun", "--store", str(lager)])
        == 0
    )
    assert capsys.readouterr().out.strip() == "abo-ks"
    [organ] = organs(lager)
    assert (organ.namn, organ.kortnamn, organ.typ, organ.kommun) == (
        "Kommunstyrelsen",
        "KS",
        OrganTyp.STYRELSE,
        "Åbo kommun",
    )


def test_organ_add_with_every_option_and_a_duplicate_is_refused(lager, capsys):
    args = ["--store", str(lager), "organ", "add", "Samhällsbyggnadsnämnden"]
    assert main([*args, "--kortnamn", "SBN", "--typ", "nämnd", "--kommun", "Åbo kommun"]) == 0
    assert main([*args, "--kortnamn", "SBN", "--kommun", "Åbo kommun"]) == 2
    err = capsys.readouterr().err
    assert "finns redan" in err and "abo-sbn" in err
    assert len(organs(lager)) == 1


def test_organ_add_unknown_typ_is_a_usage_error(lager, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["organ", "add", "X", "--typ", "kommitté", "--store", str(lager)])
    assert exit_info.value.code == 2
    assert "okänt val" in capsys.readouterr().err
    assert not lager.exists()


@pytest.mark.parametrize(
    ("namn", "kortnamn", "typ"),
    [
        ("Kommunfullmäktige", "KF", OrganTyp.FULLMAKTIGE),
        ("Kommunstyrelsens arbetsutskott", "KSAU", OrganTyp.UTSKOTT),
        ("Barn- och utbildningsnämnden", "BUN", OrganTyp.NAMND),
        ("Tekniska nämnden", "TN", OrganTyp.NAMND),
        ("Räddningstjänstförbundets direktion", "RD", OrganTyp.DIREKTION),
    ],
)
def test_guessed_short_name_and_kind(namn, kortnamn, typ):
    assert (kortnamn_for(namn), typ_for(namn)) == (kortnamn, typ)


def test_organ_list_json_with_members(demo_dir, capsys):
    assert main(["organ", "list", "--json", "--store", str(demo_dir)]) == 0
    rows = json.loads(capsys.readouterr().out)
    ks = next(r for r in rows if r["id"] == "norrvik-ks")
    assert ks["namn"] == "Kommunstyrelsen" and ks["typ"] == "styrelse"
    assert ks["ledamoter"] and {"id", "namn", "parti", "roll", "fran", "till"} == set(
        ks["ledamoter"][0]
    )


def test_organ_list_text_and_empty(lager, demo_dir, capsys):
    assert main(["organ", "list", "--store", str(demo_dir)]) == 0
    out = capsys.readouterr().out
    assert "norrvik-ks  KS  Kommunstyrelsen (Norrviks kommun), styrelse" in out
    main(["organ", "add", "Kommunstyrelsen", "--store", str(lager)])
    capsys.readouterr()
    assert main(["organ", "list", "--store", str(lager)]) == 0
    assert "inga ledamöter ännu" in capsys.readouterr().out


def test_ledamoter_import_by_short_name_reports_bad_lines(lager, tmp_path, capsys):
    main(["organ", "add", "Kommunstyrelsen", "--kommun", "Åbo kommun", "--store", str(lager)])
    csv = tmp_path / "ks.csv"
    csv.write_text(CSV, encoding="utf-8")
    assert main(["ledamoter", "import", "KS", str(csv), "--store", str(lager)]) == 1
    captured = capsys.readouterr()
    assert "Rad 5: rollen ”suppleant” finns inte" in captured.err
    assert "4 ledamöter är inlästa i Kommunstyrelsen (Åbo kommun)." in captured.out
    [organ] = organs(lager)
    assert [(m.namn, m.parti, m.roll) for m in organ.ledamoter][:2] == [
        ("Åsa Lind", "S", Roll.ORDFORANDE),
        ("Per Holm", "M", Roll.VICE_1),
    ]
    assert organ.ledamoter[0].till is not None and organ.ledamoter[0].till.year == 2030
    # Running the same script again adds nobody twice.
    assert main(["ledamoter", "import", "abo-ks", str(csv), "--store", str(lager)]) == 1
    assert "0 ledamöter är inlästa" in capsys.readouterr().out
    assert len(organs(lager)[0].ledamoter) == 4


def test_ledamoter_import_dry_run_saves_nothing(lager, tmp_path, capsys):
    main(["organ", "add", "Kommunstyrelsen", "--store", str(lager)])
    csv = tmp_path / "ks.csv"
    csv.write_bytes("Åsa Lind;S;ordförande\n".encode("cp1252"))  # Excel's own encoding
    before = (lager / "register.json").read_bytes()
    assert (
        main(
            ["ledamoter", "import", "Kommunstyrelsen", str(csv), "--dry-run", "--store", str(lager)]
        )
        == 0
    )
    assert "1 ledamöter skulle läsas in" in capsys.readouterr().out
    assert (lager / "register.json").read_bytes() == before


@pytest.mark.parametrize(
    ("organ", "content", "message"),
    [
        ("KF", "Åsa Lind;S;ordförande\n", "Hittar inget organ som heter ”KF”"),
        ("KS", "bara;två\n", "Det finns inga ledamöter att läsa in"),
        ("KS", None, "Kunde inte läsa"),
    ],
)
def test_ledamoter_import_errors_are_one_sentence_exit_2(
    lager, tmp_path, capsys, organ, content, message
):
    main(["organ", "add", "Kommunstyrelsen", "--store", str(lager)])
    before = (lager / "register.json").read_bytes()
    csv = tmp_path / "ks.csv"
    if content is not None:
        csv.write_text(content, encoding="utf-8")
    assert main(["ledamoter", "import", organ, str(csv), "--store", str(lager)]) == 2
    assert message in capsys.readouterr().err
    assert (lager / "register.json").read_bytes() == before
