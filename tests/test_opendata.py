"""`kallelse opendata`: the public record as OParl 1.1 JSON — valid against the schema
written down from the specification (tests/oparl), masked as every public output,
deterministic, swapped in whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kallelse_tui.cli import main
from kallelse_tui.domain.model import Omrostning, Rost
from kallelse_tui.domain.motioner import KIND as MOTIONER
from kallelse_tui.export.oparl import oparl
from kallelse_tui.store import Store
from kallelse_tui.store.api import open_store
from tests.test_store_contract import copy_into

SCHEMA = json.loads((Path(__file__).parent / "oparl" / "oparl-1.1.schema.json").read_text())
BAS = "https://www.norrvik.se/anslagstavla/oparl"
PNR = "19121212-1212"


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


def skriv(demo_dir: Path, ut: Path) -> dict[str, object]:
    assert main(["opendata", "-o", str(ut), "--url", BAS, "--store", str(demo_dir)]) == 0
    return {
        str(p.relative_to(ut)): json.loads(p.read_text("utf-8")) for p in sorted(ut.rglob("*.json"))
    }


def test_every_file_validates_and_every_link_resolves(demo_dir, tmp_path, capsys):
    ut = tmp_path / "oparl"
    filer = skriv(demo_dir, ut)
    assert "sammanträden publicerade" in capsys.readouterr().out
    validator = Draft202012Validator(SCHEMA)
    for namn, data in filer.items():
        fel = sorted(validator.iter_errors(data), key=lambda e: e.path)
        assert not fel, f"{namn}: {fel[0].message} at {list(fel[0].path)}"
    # Every id and link inside the folder names a file that is there.
    for data in filer.values():
        for url in _urls(data):
            path = url.split("#")[0].removeprefix(BAS + "/")
            assert (ut / path).is_file(), url
    system = filer["system.json"]
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = filer["bodies.json"]["data"]
    assert sorted(b["name"] for b in bodies) == ["Norrviks kommun", "Sjöbacka kommun"]


def _urls(data: object):
    if isinstance(data, dict):
        for v in data.values():
            yield from _urls(v)
    elif isinstance(data, list):
        for v in data:
            yield from _urls(v)
    elif isinstance(data, str) and data.startswith(BAS):
        yield data


def test_meetings_votes_and_what_stays_out(demo_dir, tmp_path):
    filer = skriv(demo_dir, tmp_path / "oparl")
    moten = {m["id"].rsplit("/", 1)[1]: m for m in filer["norrviks-kommun/meetings.json"]["data"]}
    assert "norrvik-ks-2026-10-19.json" in moten  # justerat
    assert "norrvik-kf-2026-11-30.json" in moten  # kallad: its ärendelista only
    ks = moten["norrvik-ks-2026-10-19.json"]
    assert ks["start"] == "2026-10-19T09:00:00+02:00" and ks["end"] == "2026-10-19T11:45:00+02:00"
    assert ks["resultsProtocol"]["mimeType"] == "text/markdown" and ks["participant"]
    voterat = [a for a in ks["agendaItem"] if "kallelse:omrostning" in a]
    assert voterat
    votering = voterat[0]["kallelse:omrostning"][-1]
    assert sum(votering["resultat"].values()) == len(votering["roster"])
    kf = moten["norrvik-kf-2026-11-30.json"]
    assert "participant" not in kf and all("resolutionText" not in a for a in kf["agendaItem"])
    assert not any("utkast" in m.get("meetingState", "") for m in moten.values())
    # A sekretess ärende shows its neutral title only.
    data = json.dumps(filer, ensure_ascii=False)
    with Store.open(demo_dir, readonly=True) as store:
        hemliga = [a for m in store.meetings() for a in store.meeting(m.id).arenden if a.sekretess]
    assert hemliga
    for a in hemliga:
        assert a.rubrik not in data


def test_personnummer_are_masked_and_output_is_deterministic(demo_dir, tmp_path):
    with Store.open(demo_dir) as store:
        mote = store.meeting("norrvik-kf-2026-11-30")
        mote.arenden[-1].rubrik += f" (sökande {PNR})"
        store.save_meeting(mote)
    a, b = tmp_path / "a", tmp_path / "b"
    skriv(demo_dir, a)
    skriv(demo_dir, b)
    filer_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    filer_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert filer_a == filer_b
    alla = b"".join(filer_a.values()).decode()
    assert PNR not in alla and "1212-1212" not in alla and "(sökande " in alla


def test_the_folder_is_swapped_in_whole(demo_dir, tmp_path, capsys):
    ut = tmp_path / "oparl"
    ut.mkdir()
    (ut / "brev.txt").write_text("mitt")  # a folder of something else is never replaced
    assert main(["opendata", "-o", str(ut), "--store", str(demo_dir)]) == 2
    assert "är inte en tidigare export" in capsys.readouterr().err
    assert (ut / "brev.txt").read_text() == "mitt"
    (ut / "brev.txt").unlink()
    skriv(demo_dir, ut)  # empty: fine
    (ut / "gammal.json").write_text("{}")
    skriv(demo_dir, ut)  # an earlier export: replaced whole
    assert not (ut / "gammal.json").exists() and (ut / "system.json").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    fil = tmp_path / "fil"
    fil.write_text("x")
    assert main(["opendata", "-o", str(fil), "--store", str(demo_dir)]) == 2
    assert "det är en fil" in capsys.readouterr().err
    saknas = tmp_path / "saknas" / "oparl"
    assert main(["opendata", "-o", str(saknas), "--store", str(demo_dir)]) == 2
    assert "finns inte" in capsys.readouterr().err


def test_an_empty_store_gives_a_valid_system(tmp_path, capsys):
    lager = str(tmp_path / "lager")
    assert (
        main(["organ", "add", "Kommunstyrelsen", "--kommun", "Åby kommun", "--store", lager]) == 0
    )
    ut = tmp_path / "oparl"
    assert main(["opendata", "-o", str(ut), "--store", lager]) == 0
    validator = Draft202012Validator(SCHEMA)
    for p in ut.rglob("*.json"):
        validator.validate(json.loads(p.read_text()))
    assert json.loads((ut / "aby-kommun" / "meetings.json").read_text())["data"] == []


@pytest.mark.parametrize("utslag", [None, Rost.JA])
def test_a_tie_and_the_casting_vote(utslag):
    from tests.motesdata import mote, organ

    m, o = mote(), organ()
    from kallelse_tui.domain.model import Paragraf
    from kallelse_tui.domain.status import Status

    m.status = Status.JUSTERAT
    roster = {"l1": Rost.JA, "l2": Rost.NEJ}
    m.paragrafer = [Paragraf(5, "a2", "Bifall.", omrostning=Omrostning("A", "B", roster, utslag))]
    filer = oparl([(m, o)], [o], BAS)
    meeting = json.loads(filer["provby-kommun/meeting/provby-ks-2026-03-09.json"])
    [v] = meeting["agendaItem"][1]["kallelse:omrostning"]
    assert v["resultat"] == {"ja": 1, "nej": 1, "avstår": 0}
    assert v.get("vinnare") == ("A" if utslag else None)
    Draft202012Validator(SCHEMA).validate(meeting)


@pytest.fixture
def demo(store_spec, demo_dir):
    with Store.open(demo_dir, readonly=True) as source, open_store(store_spec) as target:
        copy_into(source, target)
        if rows := source.register_rows(MOTIONER):  # open data publishes that register too
            target.save_register_rows(MOTIONER, rows)
        yield target


def test_both_backends_publish_the_same(demo, demo_dir, tmp_path):
    """Open data and the arvodesunderlag go through the store interface only: a
    PostgreSQL store holding the demo gives the same bytes as the folder."""
    from datetime import date

    from kallelse_tui.export.arvode import arvode_csv, las_arvodesunderlag
    from kallelse_tui.export.oparl import skriv_opendata

    fran, till = date(2026, 1, 1), date(2026, 12, 31)
    skriv_opendata(demo, tmp_path / "a", BAS)
    csv_a = arvode_csv(las_arvodesunderlag(demo, fran, till))
    with Store.open(demo_dir, readonly=True) as mapp:
        skriv_opendata(mapp, tmp_path / "b", BAS)
        csv_b = arvode_csv(las_arvodesunderlag(mapp, fran, till))
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.*")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.*")}
    assert a == b and csv_a == csv_b


def test_a_name_changed_since_justering_still_links_to_a_person():
    from kallelse_tui.domain.model import Paragraf
    from kallelse_tui.domain.status import Status
    from tests.motesdata import mote, organ

    m, frusen, register = mote(), organ(), organ()
    register.ledamoter[0].namn = "Anna Ek"  # married since the protokoll was justerat
    m.status = Status.JUSTERAT
    m.paragrafer = [Paragraf(5, "a2", "Bifall.", omrostning=Omrostning("A", "B", {"l1": Rost.JA}))]
    filer = oparl([(m, frusen)], [register], BAS)
    links = {u for data in filer.values() for u in _urls(json.loads(data)) if "/person/" in u}
    assert any("anna-berg" in u for u in links) and any("anna-ek" in u for u in links)
    for url in links:
        assert url.removeprefix(BAS + "/") in filer, url


def test_the_motioner_register_as_papers():
    """Each kind of the register is a Paper: väckt date, Dnr, the member who väckte it as a
    Person, a consultation for the meeting that anmälde it and the § that handled it; the
    private proposer of a medborgarförslag and every personnummer stay out."""
    from dataclasses import replace
    from datetime import date

    from kallelse_tui.domain.model import Arende, ArendeTyp, Paragraf
    from kallelse_tui.domain.motioner import ANMALAN_RUBRIK, Motion, MotionTyp
    from kallelse_tui.domain.status import Status
    from tests.motesdata import mote, organ

    o = organ()
    anmalan = mote()
    anmalan.status = Status.KALLAD
    anmalan.arenden.insert(1, Arende("a9", ANMALAN_RUBRIK, ArendeTyp.MEDDELANDEN))
    handlad = replace(mote(), id="provby-ks-2026-06-08", datum=date(2026, 6, 8))
    handlad.status = Status.JUSTERAT
    handlad.paragrafer = [Paragraf(41, "a3", "Motionen bifalls.")]
    motion = Motion(
        "m-1", "ks", MotionTyp.MOTION, date(2026, 3, 2), "Bo Ek (M)", "Fler bänkar", "KS 2026/3"
    )
    motion = replace(motion, anmald_i=anmalan.id, besvarad=handlad.datum, svar="bifall")
    motion.paragraf = "KS § 41"
    rader = [
        motion,
        Motion(
            "mf-1",
            "ks",
            MotionTyp.MEDBORGARFORSLAG,
            date(2026, 3, 1),
            f"Sven Privat, {PNR}",
            f"Lekplats vid skolan ({PNR})",
        ),
        Motion(
            "i-1",
            "ks",
            MotionTyp.INTERPELLATION,
            date(2026, 3, 3),
            "Okänd Person (X)",
            "Väntetider",
        ),
        Motion("f-1", "ks", MotionTyp.FRAGA, date(2026, 3, 4), "Karin Sjö (S)", "Snöröjning"),
    ]
    filer = oparl([(anmalan, o), (handlad, o)], [o], BAS, motioner=rader)
    assert filer == oparl([(handlad, o), (anmalan, o)], [o], BAS, motioner=rader[::-1])
    validator = Draft202012Validator(SCHEMA)
    for data in filer.values():
        if data.startswith(b"{"):
            validator.validate(json.loads(data))
    papers = {p["paperType"]: p for p in json.loads(filer["provby-kommun/papers.json"])["data"]}
    assert set(papers) >= {"Motion", "Medborgarförslag", "Interpellation", "Fråga"}
    m = papers["Motion"]
    # One Paper per Dnr: the ärende KS 2026/3 and the motion are the same.
    assert m["name"] == "Fler bänkar" and m["date"] == "2026-03-02"
    assert m["reference"] == "KS 2026/3" and m["originatorPerson"] == [
        f"{BAS}/provby-kommun/person/bo-ek.json"
    ]
    roller = {
        c["meeting"].rsplit("/", 1)[1]: (c.get("role"), c["agendaItem"]) for c in m["consultation"]
    }
    assert roller["provby-ks-2026-06-08.json"][0] == "beslut"
    assert roller["provby-ks-2026-06-08.json"][1].endswith("#punkt-3")
    assert roller["provby-ks-2026-03-09.json"][1].endswith("#punkt-2")  # the anmälan
    assert m["kallelse:paragraf"] == "KS § 41" and m["kallelse:svar"] == "bifall"
    assert papers["Fråga"]["originatorPerson"] == [f"{BAS}/provby-kommun/person/karin-sjo.json"]
    assert "originatorPerson" not in papers["Interpellation"]  # not a member: no name
    assert "originatorPerson" not in papers["Medborgarförslag"]
    alla = b"".join(filer.values()).decode()
    assert "Sven Privat" not in alla and "Okänd" not in alla and PNR not in alla
    links = {u for data in filer.values() for u in _urls(json.loads(data)) if data.startswith(b"{")}
    for url in links:
        assert url.split("#")[0].removeprefix(BAS + "/") in filer, url


def test_the_demo_publishes_its_motioner(demo_dir, tmp_path):
    filer = skriv(demo_dir, tmp_path / "oparl")
    papers = filer["norrviks-kommun/papers.json"]["data"]
    typer = {p.get("paperType") for p in papers}
    assert {"Motion", "Medborgarförslag", "Interpellation"} <= typer
    ladd = next(p for p in papers if p["name"] == "Laddstolpar vid kommunens anläggningar")
    assert ladd["date"] == "2025-12-08" and len(ladd["consultation"]) == 2  # KS, then KF
    assert "Elin Sandberg" not in json.dumps(filer, ensure_ascii=False)
