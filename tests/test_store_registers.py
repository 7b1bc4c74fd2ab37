"""The registers beside the meetings (delegationsbeslut, motioner) on both backends: the
same contract as test_store_contract.py, through `open_store` as the app opens a store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kallelse_tui.domain.model import Organ, OrganTyp
from kallelse_tui.store import StoreError, StoreReadOnlyError, open_store, registers
from tests.test_store_pg_roles import logins  # noqa: F401  # the fixture: two logins


def _organs(spec: str) -> None:
    with open_store(spec) as store:
        store.save_organ(Organ("ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE))
        store.save_organ(Organ("kf", "Kommunfullmäktige", "KF", OrganTyp.FULLMAKTIGE))


def test_rows_are_added_replaced_and_read_per_organ(store_spec: str) -> None:
    _organs(store_spec)
    with open_store(store_spec) as store:
        assert store.register_rows("delegationsbeslut") == []
        store.save_register_rows(
            "delegationsbeslut",
            [
                {"id": "d2", "organ_id": "ks", "text": "Avskrivning", "punkt": "3.2"},
                {"id": "d1", "organ_id": "ks", "text": "Yttrande över detaljplan"},
                {"id": "d3", "organ_id": "kf", "text": "Å, ä och ö – § 4"},
            ],
        )
        store.save_register_rows(
            "delegationsbeslut", [{"id": "d1", "organ_id": "ks", "text": "Ändrad", "n": [1, 2]}]
        )
    with open_store(store_spec, readonly=True) as store:
        rows = store.register_rows("delegationsbeslut", "ks")
        assert [r["id"] for r in rows] == ["d1", "d2"]
        assert rows[0] == {"id": "d1", "organ_id": "ks", "text": "Ändrad", "n": [1, 2]}
        assert [r["text"] for r in store.register_rows("delegationsbeslut", "kf")] == [
            "Å, ä och ö – § 4"
        ]
        assert len(store.register_rows("delegationsbeslut")) == 3
        assert store.register_rows("motioner") == []  # registers are kept apart


def test_bad_rows_and_unknown_registers_are_refused_and_nothing_is_written(
    store_spec: str,
) -> None:
    _organs(store_spec)
    with open_store(store_spec) as store:
        with pytest.raises(StoreError, match="inget register"):
            store.save_register_rows("arvoden", [{"id": "a", "organ_id": "ks"}])
        with pytest.raises(StoreError, match="saknar id eller organ"):
            store.save_register_rows(
                "motioner", [{"id": "m1", "organ_id": "kf"}, {"id": "m2", "organ_id": ""}]
            )
        assert store.register_rows("motioner") == []


def test_a_read_only_store_refuses_register_writes(store_spec: str) -> None:
    _organs(store_spec)
    with open_store(store_spec, readonly=True) as store, pytest.raises(StoreReadOnlyError):
        store.save_register_rows("motioner", [{"id": "m1", "organ_id": "kf"}])


def test_a_server_store_of_schema_1_gains_the_registers(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TABLE registerrad, arende")  # what schemas 2 and 3 added
        conn.execute("UPDATE kallelse_meta SET varde = '1' WHERE nyckel = 'schema_version'")
    _organs(pg_url)
    with open_store(pg_url) as store:
        store.save_register_rows("motioner", [{"id": "m1", "organ_id": "kf"}])
        assert store.register_rows("motioner", "kf") == [{"id": "m1", "organ_id": "kf"}]


def test_a_login_writes_only_its_own_organs_register_rows(request: pytest.FixtureRequest) -> None:
    ks_url, _ = request.getfixturevalue("logins")
    with open_store(ks_url) as ks:
        ks.save_register_rows("delegationsbeslut", [{"id": "d1", "organ_id": "x-ks"}])
        with pytest.raises(StoreReadOnlyError, match="tillåter inte ändringen"):
            ks.save_register_rows(
                "delegationsbeslut",
                [{"id": "d2", "organ_id": "x-ks"}, {"id": "d3", "organ_id": "x-sbn"}],
            )
        assert [r["id"] for r in ks.register_rows("delegationsbeslut")] == ["d1"]  # all or none


def test_a_justering_marks_the_meetings_delegationsbeslut_reported(demo_dir: Path) -> None:
    with open_store(demo_dir) as store:
        planned = [r.id for r in registers.delegationsbeslut(store, "sjobacka-sbn") if r.anmals_i]
        assert planned and not registers.markera_anmalda(store, "sjobacka-sbn")
        store.justera("sjobacka-sbn-2026-11-17", date(2026, 11, 20))
        marked = registers.markera_anmalda(store, "sjobacka-sbn")
        assert sorted(r.id for r in marked) == sorted(planned)
        assert {r.anmald for r in registers.delegationsbeslut(store) if r.id in planned} == {
            date(2026, 11, 20)
        }


def test_the_demos_registers_round_trip_in_the_same_order(store_spec: str, demo_dir: Path) -> None:
    from kallelse_tui.store import Store
    from kallelse_tui.store.api import REGISTER_KINDS

    with Store.open(demo_dir, readonly=True) as source, open_store(store_spec) as target:
        for organ in source.organs():
            target.save_organ(organ)
        for kind in REGISTER_KINDS:
            assert source.register_rows(kind)
            target.save_register_rows(kind, source.register_rows(kind))
            assert target.register_rows(kind) == source.register_rows(kind)
            for organ in source.organs():
                assert target.register_rows(kind, organ.id) == source.register_rows(kind, organ.id)
        assert registers.motioner(target) == registers.motioner(source)


def test_a_meeting_is_filled_from_the_register_on_either_backend(
    store_spec: str, demo_dir: Path
) -> None:
    from kallelse_tui.domain.model import ArendeTyp
    from kallelse_tui.store import Store
    from kallelse_tui.store.api import REGISTER_KINDS
    from tests.test_store_contract import copy_into

    with Store.open(demo_dir, readonly=True) as source, open_store(store_spec) as target:
        copy_into(source, target)
        for kind in REGISTER_KINDS:
            target.save_register_rows(kind, source.register_rows(kind))
        mote = target.meeting("sjobacka-ks-2026-12-08")
        said = registers.fyll_moteslistor(target, mote, target.organ("sjobacka-ks"))
        assert said == ["”Redovisning av delegationsbeslut”: 2 delegationsbeslut."]
        target.release(mote.id)
    with open_store(store_spec, readonly=True) as store:
        [arende] = [
            a
            for a in store.meeting("sjobacka-ks-2026-12-08").arenden
            if a.typ is ArendeTyp.DELEGATIONSBESLUT
        ]
        assert [p.dnr for p in arende.poster] == ["KS 2026/310", "KS 2026/335"]
        planned = [r for r in registers.delegationsbeslut(store, "sjobacka-ks") if r.anmals_i]
        assert {r.anmals_i for r in planned} == {"sjobacka-ks-2026-12-08"} and len(planned) == 2
