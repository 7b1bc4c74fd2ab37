"""The demo store: current with its builder, and rich enough to show every feature."""

import importlib.util
import re
from pathlib import Path

from kallelse_tui.domain.dnr import parse_dnr
from kallelse_tui.domain.model import AnteckningTyp, ArendeTyp
from kallelse_tui.domain.status import Status
from kallelse_tui.store import Store

from .conftest import SAMPLE


def test_committed_sample_data_is_what_build_py_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_sample", SAMPLE / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path)

    def store_files(root: Path) -> dict[Path, bytes]:
        return {
            p.relative_to(root): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts
        }

    built, committed = store_files(tmp_path), store_files(SAMPLE)
    assert built.keys() == committed.keys()
    stale = [str(p) for p in built if built[p] != committed[p]]
    assert not stale, f"kör python sample_data/build.py: {stale} är inaktuella"


def test_demo_copy_never_touches_sample_data(demo_dir):
    before = {p: p.read_bytes() for p in SAMPLE.rglob("*") if p.is_file()}
    with Store.open(demo_dir) as store:
        mote = store.meeting(store.meetings()[0].id)
        mote.plats = "Ändrad"
        store.save_meeting(mote)
    assert {p: p.read_bytes() for p in SAMPLE.rglob("*") if p.is_file()} == before
    assert not list(SAMPLE.rglob("*.bak"))


def test_demo_covers_what_the_foundation_promises(demo_store):
    organs = demo_store.organs()
    assert len({o.kommun for o in organs}) >= 2
    assert {o.typ.value for o in organs} >= {"styrelse", "utskott", "fullmäktige", "nämnd"}
    assert all(o.ledamoter and all(m.parti for m in o.ledamoter) for o in organs)
    meetings = [demo_store.meeting(r.id) for r in demo_store.meetings()]
    assert {m.status for m in meetings} >= {
        Status.UTKAST,
        Status.KALLAD,
        Status.PROTOKOLL_KLART,
        Status.JUSTERAT,
    }
    arenden = [a for m in meetings for a in m.arenden]
    paragrafer = [p for m in meetings for p in m.paragrafer]
    kinds = {a.typ for a in arenden}
    assert {ArendeTyp.MEDDELANDEN, ArendeTyp.DELEGATIONSBESLUT} <= kinds
    assert any(a.poster for a in arenden if a.typ is ArendeTyp.DELEGATIONSBESLUT)
    assert any(p.omrostning for p in paragrafer)
    assert any(p.jav for p in paragrafer)
    assert any(n.typ is AnteckningTyp.RESERVATION for p in paragrafer for n in p.anteckningar)
    shapes = {re.sub(r"\d", "9", a.dnr) for a in arenden if a.dnr}
    assert len(shapes) >= 5
    for a in arenden:
        if a.dnr:
            parse_dnr(a.dnr)


def test_votes_come_only_from_members_serving(demo_store):
    for row in demo_store.meetings():
        mote = demo_store.meeting(row.id)
        organ = demo_store.organ(mote.organ_id)
        for paragraf in mote.paragrafer:
            if paragraf.omrostning:
                for ledamot_id in paragraf.omrostning.roster:
                    organ.ledamot(ledamot_id)
                    assert ledamot_id not in {j.ledamot_id for j in paragraf.jav}
            for yrkande in paragraf.yrkanden:
                organ.ledamot(yrkande.ledamot_id)


def test_sample_data_has_no_leftovers():
    names = {p.name for p in Path(SAMPLE).rglob("*")}
    assert not {n for n in names if n.endswith((".bak", ".tmp")) or n in {".lock", ".writer"}}
