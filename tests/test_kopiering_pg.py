"""copy-store, checkout and checkin with PostgreSQL on one side: folder → PostgreSQL →
folder keeps everything (verify passes on each), a checkout holds the server's lease, and a
check-in against a changed server copy is refused."""

from __future__ import annotations

import pytest

from kallelse_tui.cli import main
from kallelse_tui.store import StoreConflictError, StoreError, StoreLeaseError, open_store
from kallelse_tui.store.integritet import export_source
from kallelse_tui.store.kopiering import copy_store
from kallelse_tui.store.serialize import to_dict
from kallelse_tui.store.utcheckning import MARKER, checkin, checkout
from tests.test_kopiering import OPEN, WITH_FILES, check_out, edit, fail_on_save, snapshot


@pytest.fixture
def server(pg_url: str) -> str:
    """The test database as a postgresql:// URL, the form users give."""
    if pg_url.startswith("postgresql://"):
        return pg_url
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(pg_url)
    return f"postgresql://{params.get('user', '')}@/{params['dbname']}?host={params['host']}"


def test_folder_to_postgresql_to_folder_keeps_everything(demo_dir, server, tmp_path, capsys):
    assert main(["copy-store", str(demo_dir), server]) == 0
    assert (
        "6 sammanträden, 3 bilagor, 2 kedjehuvuden och 18 registerrader kopierade"
        in capsys.readouterr().out
    )
    original = snapshot(demo_dir)
    on_server = snapshot(server)
    assert on_server == original
    assert main(["verify", "--store", server]) == 0
    back = tmp_path / "tillbaka"
    assert main(["copy-store", server, str(back)]) == 0
    assert snapshot(back) == original
    assert main(["verify", "--store", str(back)]) == 0


def test_copy_to_postgresql_is_all_or_nothing(demo_dir, server, monkeypatch):
    from kallelse_tui.store.pg import PgStore

    fail_on_save(monkeypatch, PgStore, 4, "Förbindelsen bröts.")
    with pytest.raises(StoreError, match="Förbindelsen bröts"):
        copy_store(str(demo_dir), server)
    with open_store(server, readonly=True) as store:
        assert (store.organs(), store.meetings()) == ([], [])
        assert store.attachment_text_hash("0" * 64) == ""


def test_copy_refuses_a_non_empty_server(demo_dir, server, capsys):
    copy_store(str(demo_dir), server)
    assert main(["copy-store", str(demo_dir), server]) == 2
    assert "inte tomt" in capsys.readouterr().err
    assert copy_store(str(demo_dir), server, sammanfoga=True).fanns == 5 + 6 + 3


def test_checkout_from_the_server_holds_the_lease_until_checkin(demo_dir, server, tmp_path):
    copy_store(str(demo_dir), server)
    ut = tmp_path / "ut"
    assert main(["checkout", WITH_FILES, "--to", str(ut), "--store", server]) == 0
    with open_store(str(ut), readonly=True) as kopia:  # whole enough to export offline
        export_source(kopia, WITH_FILES)
        assert kopia.verify() == []
    with open_store(server) as other:  # another secretary meanwhile
        mote = other.meeting(OPEN)
        other.save_meeting(mote)  # other meetings are free
        with pytest.raises(StoreLeaseError, match="har checkat ut sammanträdet"):
            other.save_meeting(other.meeting(WITH_FILES))
    edited = edit(ut, WITH_FILES, lambda m: m.expediering.clear())
    assert main(["checkin", str(ut), "--store", server]) == 0
    with open_store(server) as store:
        assert to_dict(store.meeting(WITH_FILES)) == to_dict(edited)
        store.save_meeting(store.meeting(WITH_FILES))  # the lease is free again
        assert store.verify() == []


def test_checkin_to_a_changed_server_copy_is_refused_and_keeps_both(demo_dir, server, tmp_path):
    copy_store(str(demo_dir), server)
    ut = tmp_path / "ut"
    check_out(server, OPEN, ut)
    offline = edit(ut, OPEN, lambda m: setattr(m, "plats", "Sessionssalen"))
    with open_store(server) as store:  # the checkout ended by hand (a lost laptop) …
        store.end_checkout(OPEN)
    server_version = edit(server, OPEN, lambda m: setattr(m, "osa", "OSA till Eva senast i dag"))
    with open_store(server) as store, pytest.raises(StoreConflictError) as refused:
        checkin(store, ut)
    message = str(refused.value)
    assert "OSA-raden ändrad" in message and "I kopian har ändrats: platsen ändrad" in message
    with open_store(server, readonly=True) as store:
        assert to_dict(store.meeting(OPEN)) == to_dict(server_version)
    with open_store(str(ut), readonly=True) as kopia:
        assert to_dict(kopia.meeting(OPEN)) == to_dict(offline)
    assert (ut / MARKER).exists()


def test_a_lost_checkout_is_given_up_and_the_meeting_is_free(demo_dir, server, tmp_path, capsys):
    copy_store(str(demo_dir), server)
    check_out(server, OPEN, tmp_path / "ut")
    with open_store(server) as other, pytest.raises(StoreLeaseError):
        other.save_meeting(other.meeting(OPEN))
    assert main(["checkout", OPEN, "--avbryt", "--store", server]) == 0
    assert "avbruten" in capsys.readouterr().out
    with open_store(server) as other:
        other.save_meeting(other.meeting(OPEN))


def test_only_who_may_write_the_organ_checks_its_meeting_out(pg_url, tmp_path, capsys):
    """Two logins as in test_store_pg_roles: the KS secretary checks out and in KS's
    meeting, and is refused SBN's (by the lease, and by the server's row-level security)."""
    import psycopg

    from tests.test_store_pg_roles import logins as make_logins

    ks_url, _sbn_url = make_logins.__wrapped__(pg_url, capsys)
    ut = tmp_path / "ut"
    check_out(ks_url, "x-ks-2026-03-02", ut)
    edit(ut, "x-ks-2026-03-02", lambda m: setattr(m, "plats", "Sessionssalen"))
    with open_store(ks_url) as ks:
        checkin(ks, ut)
        assert ks.meeting("x-ks-2026-03-02").plats == "Sessionssalen"
        with pytest.raises(StoreError, match="skrivrätt"):
            checkout(ks, "x-sbn-2026-03-02", tmp_path / "sbn")
    assert not (tmp_path / "sbn").exists()
    with psycopg.connect(ks_url, autocommit=True) as conn, pytest.raises(psycopg.Error):
        conn.execute(
            "INSERT INTO utcheckning VALUES ('x-sbn-2026-03-02', 'KS', 'dator', now(), '/x')"
        )


def test_checkin_of_a_justering_holds_the_organs_chain_while_it_links_in(
    demo_dir, server, tmp_path, monkeypatch
):
    """Between the check that the offline justering fits the chain's end and its write,
    nobody can justera another protokoll of the organ: the organ's row is held (as justera
    holds it), so a second secretary's lock on it is refused until the checkin commits."""
    from datetime import date

    import psycopg

    from kallelse_tui.store import utcheckning

    done = "norrvik-ksau-2026-11-09"
    copy_store(str(demo_dir), server)
    ut = tmp_path / "ut"
    check_out(server, done, ut)
    with open_store(str(ut)) as kopia:
        kopia.justera(done, date(2026, 11, 16))
    seen: list[str] = []
    real = utcheckning._check_justering

    def while_checking(target, kopia):
        with psycopg.connect(server, autocommit=True) as other:
            try:
                other.execute("SELECT 1 FROM organ WHERE id = 'norrvik-ksau' FOR UPDATE NOWAIT")
                seen.append("fri")
            except psycopg.errors.LockNotAvailable:
                seen.append("låst")
        real(target, kopia)

    monkeypatch.setattr(utcheckning, "_check_justering", while_checking)
    with open_store(server) as store:
        checkin(store, ut)
        assert store.meeting(done).justering.protokoll_hash
        assert store.verify() == []
    assert seen == ["låst"]
