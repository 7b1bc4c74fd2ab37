"""`kallelse copy-store`, `checkout` and `checkin` between folder stores (the same code
runs against PostgreSQL in test_kopiering_pg.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.model import Sammantrade
from kallelse_tui.domain.skillnader import skillnader
from kallelse_tui.store import StoreConflictError, StoreError, open_store
from kallelse_tui.store.api import REGISTER_KINDS
from kallelse_tui.store.integritet import export_source
from kallelse_tui.store.kopiering import copy_store
from kallelse_tui.store.serialize import to_dict
from kallelse_tui.store.utcheckning import DONE_MARKER, MARKER, checkin, checkout

OPEN = "norrvik-kf-2026-11-30"  # kallad, no §§ yet
WITH_FILES = "norrvik-ks-2026-10-19"  # justerat, three attachments


def snapshot(spec: str | Path) -> dict[str, object]:
    """Everything a copy must keep, as plain data."""
    with open_store(str(spec), readonly=True) as store:
        organs = store.organs()
        moten = [store.meeting(r.id) for r in store.meetings()]
        files = sorted(
            {u.sha256 for m in moten for a in m.arenden for u in a.beslutsunderlag if u.sha256}
        )
        return {
            "organ": [to_dict(o) for o in organs],
            "moten": [to_dict(m) for m in moten],
            "kedjor": [to_dict(store.chain_head(o.id)) for o in organs if store.chain_head(o.id)],
            "bilagor": {sha: store.attachment_path(sha).read_bytes() for sha in files},
            "texter": {sha: store.attachment_text_hash(sha) for sha in files},
            "register": {k: store.register_rows(k) for k in REGISTER_KINDS},
            "verify": store.verify(),
        }


def edit(spec: str | Path, meeting_id: str, change) -> Sammantrade:
    with open_store(str(spec)) as store:
        mote = store.meeting(meeting_id)
        change(mote)
        store.save_meeting(mote)
        return mote


def fail_on_save(monkeypatch, store_class, nth: int, message: str) -> None:
    """The nth save_meeting of any store of `store_class` raises StoreError(message)."""
    calls = 0
    real = store_class.save_meeting

    def failing(self, mote):
        nonlocal calls
        calls += 1
        if calls == nth:
            raise StoreError(message)
        real(self, mote)

    monkeypatch.setattr(store_class, "save_meeting", failing)


def check_out(spec: str | Path, meeting_id: str, ut: Path) -> None:
    with open_store(str(spec)) as source:
        checkout(source, meeting_id, ut)


# -- copy-store -----------------------------------------------------------------------------


def test_copy_store_folder_to_folder_keeps_everything_and_verify_passes(demo_dir, tmp_path, capsys):
    target = tmp_path / "kopia"
    assert main(["copy-store", str(demo_dir), str(target)]) == 0
    out = capsys.readouterr()
    assert "6 sammanträden, 3 bilagor, 2 kedjehuvuden och 18 registerrader kopierade" in out.out
    assert "kallelse: sammanträden …" in out.err  # quiet lines, not a bar, without a terminal
    original, kopia = snapshot(demo_dir), snapshot(target)
    assert kopia == original
    assert kopia["register"]["motioner"]  # the demo's registers came along
    assert kopia["verify"] == []
    assert main(["verify", "--store", str(target)]) == 0
    assert not list(tmp_path.glob(".kopia.*"))  # the work folder is gone


def test_copy_store_refuses_a_non_empty_target_unless_merging(demo_dir, tmp_path, capsys):
    target = tmp_path / "kopia"
    copy_store(str(demo_dir), str(target))
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    assert main(["copy-store", str(demo_dir), str(target)]) == 2
    assert "inte tomt" in capsys.readouterr().err
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    kopia = copy_store(str(demo_dir), str(target), sammanfoga=True)
    assert (kopia.sammantraden, kopia.organ) == (0, 0)
    assert kopia.fanns == 5 + 6 + 3 and kopia.registerrader == 0
    assert snapshot(target) == snapshot(demo_dir)


def test_merging_refuses_a_meeting_that_differs_and_writes_nothing(demo_dir, tmp_path):
    target = tmp_path / "kopia"
    copy_store(str(demo_dir), str(target))
    edit(target, OPEN, lambda m: setattr(m, "plats", "Annan sal"))
    before = snapshot(target)
    with pytest.raises(StoreError, match=f"sammanträdet {OPEN} finns redan med annat innehåll"):
        copy_store(str(demo_dir), str(target), sammanfoga=True)
    assert snapshot(target) == before


def test_merging_adds_another_kommun_into_an_existing_store(demo_dir, tmp_path):
    """Two secretaries' folders into one store: each one's organs and meetings arrive."""
    norrvik, sjobacka = tmp_path / "norrvik", tmp_path / "sjobacka"
    copy_store(str(demo_dir), str(norrvik))
    copy_store(str(demo_dir), str(sjobacka))
    drop = {"norrvik": "sjobacka", "sjobacka": "norrvik"}
    for folder in (norrvik, sjobacka):
        with open_store(str(folder)) as store:  # keep one kommun's meetings in each
            ids = [r.id for r in store.meetings() if r.id.startswith(drop[folder.name])]
        for meeting_id in ids:
            (next(folder.glob(f"sammantraden/*/{meeting_id}.json"))).unlink()
            register = json.loads((folder / "register.json").read_text())
            register["sammantraden"] = {
                k: v for k, v in register["sammantraden"].items() if v["id"] != meeting_id
            }
            (folder / "register.json").write_text(json.dumps(register))
    target = tmp_path / "kommunerna"
    copy_store(str(norrvik), str(target))
    copy_store(str(sjobacka), str(target), sammanfoga=True)
    with open_store(str(target), readonly=True) as store:
        assert len(store.meetings()) == 6
        assert store.verify() == []


def test_a_failure_halfway_leaves_the_target_as_it_was(demo_dir, tmp_path, monkeypatch):
    from kallelse_tui.store.repository import Store

    target = tmp_path / "kopia"
    target.mkdir()
    fail_on_save(monkeypatch, Store, 3, "Disken är full.")
    with pytest.raises(StoreError, match="Disken är full"):
        copy_store(str(demo_dir), str(target))
    assert list(target.iterdir()) == []
    assert {p.name for p in tmp_path.iterdir()} == {"lager", "kopia"}


def test_a_tampered_source_is_not_laundered(demo_dir, tmp_path, capsys):
    """The copy writes what the source holds and recomputes nothing: a justerat protokoll
    changed by hand is refused by the target like any save, and nothing is left behind."""
    path = next(demo_dir.glob(f"sammantraden/*/{WITH_FILES}.json"))
    path.write_text(path.read_text().replace("Ärendelistan godkänns.", "Ärendelistan ändras."))
    target = tmp_path / "kopia"
    assert main(["copy-store", str(demo_dir), str(target)]) == 2
    err = capsys.readouterr().err
    assert f"Sammanträdet {WITH_FILES} kunde inte kopieras" in err and "verify" in err
    assert not target.exists()


def test_copy_store_into_itself_is_refused(demo_dir, capsys):
    assert main(["copy-store", str(demo_dir), str(demo_dir)]) == 2
    assert "samma lager" in capsys.readouterr().err


# -- checkout and checkin -------------------------------------------------------------------


def test_checkout_copies_the_meeting_its_organ_and_attachments(demo_dir, tmp_path, capsys):
    ut = tmp_path / "ut"
    assert main(["checkout", WITH_FILES, "--to", str(ut), "--store", str(demo_dir)]) == 0
    assert "checkin" in capsys.readouterr().out
    with open_store(str(ut), readonly=True) as kopia, open_store(str(demo_dir)) as source:
        mote = kopia.meeting(WITH_FILES)
        assert to_dict(mote) == to_dict(source.meeting(WITH_FILES))
        assert to_dict(kopia.organ(mote.organ_id)) == to_dict(source.organ(mote.organ_id))
        for a in mote.arenden:
            for u in a.beslutsunderlag:
                assert kopia.attachment_path(u.sha256).read_bytes() == (
                    source.attachment_path(u.sha256).read_bytes()
                )
                assert kopia.attachment_text(u.sha256) == source.attachment_text(u.sha256)
    marker = json.loads((ut / MARKER).read_text())
    assert (marker["sammantrade"], marker["kalla"]) == (WITH_FILES, str(demo_dir.resolve()))


def test_checkout_keeps_the_paragraf_series_going(demo_dir, tmp_path):
    """The organ's earlier meetings of the year come along read-only, so the next § number
    in the meeting room follows on from them."""
    ut = tmp_path / "ut"
    with open_store(str(demo_dir)) as source:
        mote = source.meeting("sjobacka-ks-2026-12-08")
        expected = source.sista_paragraf(mote)
        checkout(source, mote.id, ut)
    assert expected is not None
    with open_store(str(ut), readonly=True) as kopia:
        assert kopia.sista_paragraf(kopia.meeting(mote.id)) == expected


def test_checkin_writes_the_meeting_back(demo_dir, tmp_path, capsys):
    ut = tmp_path / "ut"
    main(["checkout", OPEN, "--to", str(ut), "--store", str(demo_dir)])
    edited = edit(ut, OPEN, lambda m: setattr(m.arenden[1], "beskrivning", "Skrivet offline."))
    assert main(["checkin", str(ut), "--store", str(demo_dir)]) == 0
    out = capsys.readouterr().out
    assert "incheckat" in out and "beskrivningen" in out
    with open_store(str(demo_dir), readonly=True) as source:
        assert to_dict(source.meeting(OPEN)) == to_dict(edited)
    assert (ut / DONE_MARKER).exists() and not (ut / MARKER).exists()
    assert main(["checkin", str(ut), "--store", str(demo_dir)]) == 2
    assert "redan incheckat" in capsys.readouterr().err


def test_checkin_brings_attachments_added_offline(demo_dir, tmp_path):
    from kallelse_tui.domain.model import Beslutsunderlag

    ut = tmp_path / "ut"
    check_out(demo_dir, OPEN, ut)
    handling = tmp_path / "yttrande.txt"
    handling.write_text("Yttrande från revisorerna, skrivet i sammanträdesrummet.\n")
    with open_store(str(ut)) as kopia:
        stored = kopia.add_attachment(handling)
        kopia.extract_attachment(stored.sha256, handling.name)
        mote = kopia.meeting(OPEN)
        mote.arenden[-1].beslutsunderlag.append(
            Beslutsunderlag("y1", "Yttrande", filnamn=handling.name, sha256=stored.sha256)
        )
        kopia.save_meeting(mote)
    with open_store(str(demo_dir)) as source:
        result = checkin(source, ut)
        assert result.bilagor == 1
        assert "revisorerna" in source.attachment_text(stored.sha256)
        assert source.verify() == []


def test_checkin_is_refused_when_the_source_changed_meanwhile(demo_dir, tmp_path, capsys):
    ut = tmp_path / "ut"
    main(["checkout", OPEN, "--to", str(ut), "--store", str(demo_dir)])
    offline = edit(ut, OPEN, lambda m: setattr(m, "plats", "Sessionssalen"))
    server = edit(demo_dir, OPEN, lambda m: setattr(m.arenden[0], "rubrik", "Upprop och närvaro"))
    assert main(["checkin", str(ut), "--store", str(demo_dir)]) == 2
    err = capsys.readouterr().err
    assert "har ändrats i" in err and "sedan det checkades ut" in err
    assert "ärendet ”Upprop och närvaro” ändrat (rubriken)" in err  # on the server
    assert "I kopian har ändrats: platsen ändrad" in err
    assert "båda versionerna finns kvar" in err
    with open_store(str(demo_dir), readonly=True) as source:  # both versions kept
        assert to_dict(source.meeting(OPEN)) == to_dict(server)
    with open_store(str(ut), readonly=True) as kopia:
        assert to_dict(kopia.meeting(OPEN)) == to_dict(offline)
    assert (ut / MARKER).exists()


def test_checkin_from_another_store_is_refused(demo_dir, tmp_path):
    ut = tmp_path / "ut"
    check_out(demo_dir, OPEN, ut)
    other = tmp_path / "annat"
    copy_store(str(demo_dir), str(other))
    with open_store(str(other)) as store, pytest.raises(StoreError, match="checkades ut från"):
        checkin(store, ut)


def test_checkout_refuses_a_folder_in_use_and_leaves_it(demo_dir, tmp_path, capsys):
    ut = tmp_path / "ut"
    ut.mkdir()
    (ut / "anteckning.txt").write_text("min")
    assert main(["checkout", OPEN, "--to", str(ut), "--store", str(demo_dir)]) == 2
    assert "inte en tom mapp" in capsys.readouterr().err
    assert [p.name for p in ut.iterdir()] == ["anteckning.txt"]


def test_checkin_of_a_folder_that_is_no_checkout(demo_dir, tmp_path, capsys):
    assert main(["checkin", str(tmp_path), "--store", str(demo_dir)]) == 2
    assert "ingen utcheckad kopia" in capsys.readouterr().err


def test_a_conflict_is_a_store_conflict_error(demo_dir, tmp_path):
    ut = tmp_path / "ut"
    check_out(demo_dir, OPEN, ut)
    edit(ut, OPEN, lambda m: setattr(m, "osa", "OSA senast fredag"))
    edit(demo_dir, OPEN, lambda m: setattr(m, "plats", "Annan"))
    with open_store(str(demo_dir)) as source, pytest.raises(StoreConflictError):
        checkin(source, ut)


def test_skillnader_names_meeting_arende_and_paragraf_changes(store):
    import copy

    fore = store.meeting(WITH_FILES)
    efter = copy.deepcopy(fore)
    efter.plats = "Ny plats"
    efter.arenden[1].rubrik = "Ny rubrik"
    efter.paragrafer[0].beslut = "Annat beslut."
    del efter.arenden[2]
    found = skillnader(fore, efter)
    assert "platsen ändrad" in found
    assert "ärendet ”Ny rubrik” ändrat (rubriken)" in found
    assert f"§ {fore.paragrafer[0].nummer} ändrat (beslutet)" in found
    assert f"ärendet ”{fore.arenden[2].rubrik}” borttaget" in found
    assert skillnader(fore, copy.deepcopy(fore)) == []


def test_a_protokoll_justerat_in_the_checkout_links_into_the_chain(demo_dir, tmp_path):
    """The checkout carries the organ's chain, so a justering offline links to its end and
    checkin accepts it; the chain head follows."""
    from datetime import date

    done = "norrvik-ksau-2026-11-09"  # protokoll klart
    ut = tmp_path / "ut"
    check_out(demo_dir, done, ut)
    with open_store(str(ut)) as kopia:
        kopia.justera(done, date(2026, 11, 16))
        export_source(kopia, done)  # offline, the justerat protokoll can be exported
    with open_store(str(demo_dir)) as source:
        result = checkin(source, ut)
        assert "justeringen ändrad" in result.andringar
        assert source.meeting(done).justering is not None
        assert source.chain_head(source.meeting(done).organ_id) is not None
        assert source.verify() == []


def test_a_justering_offline_that_no_longer_fits_the_chain_is_refused(demo_dir, tmp_path):
    from datetime import date

    done = "norrvik-ksau-2026-11-09"
    ut = tmp_path / "ut"
    check_out(demo_dir, done, ut)
    with open_store(str(ut)) as kopia:
        kopia.justera(done, date(2026, 11, 16))
    # As if the server's chain had moved on meanwhile: the copy links to another end.
    path = next(ut.glob(f"sammantraden/*/{done}.json"))
    doc = json.loads(path.read_text())
    doc["sammantrade"]["1"]["justering"]["foregaende_hash"] = "f" * 64
    path.write_text(json.dumps(doc, ensure_ascii=False))
    with open_store(str(demo_dir)) as source, pytest.raises(StoreConflictError, match="kedjan"):
        checkin(source, ut)
    with open_store(str(demo_dir), readonly=True) as source:
        assert (
            source.meeting(done).justering is None
            or not source.meeting(done).justering.protokoll_hash
        )


def test_an_unchanged_checkout_only_gives_the_meeting_back(demo_dir, tmp_path):
    ut = tmp_path / "ut"
    check_out(demo_dir, OPEN, ut)
    server = edit(demo_dir, OPEN, lambda m: setattr(m, "plats", "Annan sal"))
    with open_store(str(demo_dir)) as source:
        assert checkin(source, ut).andringar == []
        assert to_dict(source.meeting(OPEN)) == to_dict(server)
    assert (ut / DONE_MARKER).exists()


def test_verify_in_a_checkout_folder_expects_the_earlier_meetings_files_elsewhere(
    demo_dir, tmp_path
):
    """The justerat KS of October comes along read-only without its three attachment files:
    verify in the folder is clean, yet still catches a file that is there and changed."""
    from datetime import date

    ut = tmp_path / "ut"
    with open_store(str(demo_dir)) as source:
        source.save_meeting(Sammantrade("norrvik-ks-2026-12-14", "norrvik-ks", date(2026, 12, 14)))
        checkout(source, "norrvik-ks-2026-12-14", ut)
        files = [u.sha256 for a in source.meeting(WITH_FILES).arenden for u in a.beslutsunderlag]
    assert WITH_FILES in json.loads((ut / MARKER).read_text())["sammanhang"]
    with open_store(str(ut)) as kopia:
        assert kopia.verify() == []
        assert not kopia.attachment_path(files[0]).exists()
        # A file of an earlier meeting that is in the folder is still checked.
        kopia.attachment_path(files[0]).parent.mkdir(parents=True, exist_ok=True)
        kopia.attachment_path(files[0]).write_bytes(b"inte originalet")
        assert [p for p in kopia.verify() if "har ändrats" in p]
    (ut / MARKER).rename(ut / "annat.json")  # no longer a checkout: missing is missing
    with open_store(str(ut), readonly=True) as kopia:
        assert len([p for p in kopia.verify() if "saknas" in p]) == len(files) - 1
