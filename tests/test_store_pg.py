"""The PostgreSQL store's own promises (issue 14): edit leases, stale writes refused,
unique § numbers under a race of two processes, and failures said in Swedish without the
password. The contract both backends share is in test_store_contract.py."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from kallelse_tui.cli import main
from kallelse_tui.domain.model import Arende, Organ, OrganTyp, Paragraf, nytt_sammantrade
from kallelse_tui.store import (
    StoreConflictError,
    StoreConnectionError,
    StoreLeaseError,
    StoreWriteError,
    open_store,
)
from kallelse_tui.store.pg import PgStore
from kallelse_tui.store.serialize import to_dict

DAG = date(2026, 3, 2)
ORGAN = Organ("x-ks", "Kommunstyrelsen", "KS", OrganTyp.STYRELSE, "Provby kommun")


def _open(url: str, vem: str, monkeypatch: pytest.MonkeyPatch) -> PgStore:
    monkeypatch.setenv("KALLELSE_ANVANDARE", vem)
    store = open_store(url)
    assert isinstance(store, PgStore)
    return store


def _meeting(store: PgStore, dag: date = DAG) -> str:
    store.save_organ(ORGAN)
    mote = nytt_sammantrade(ORGAN, dag, {r.id for r in store.meetings()})
    mote.arenden.append(Arende(id=mote.nytt_arende_id(), rubrik="Budget", dnr="KS 2026/4"))
    store.save_meeting(mote)
    return mote.id


@pytest.fixture
def two(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[PgStore, PgStore]]:
    anna = _open(pg_url, "Anna Berg", monkeypatch)
    bo = _open(pg_url, "Bo Ek", monkeypatch)
    yield anna, bo
    anna.close()
    bo.close()


# -- the edit lease -----------------------------------------------------------------------


def test_one_editor_at_a_time_and_others_are_told_who(two: tuple[PgStore, PgStore]) -> None:
    anna, bo = two
    meeting_id = _meeting(anna)  # saving took Anna's lease
    assert anna.lease(meeting_id) == ""
    message = bo.lease(meeting_id)
    assert message.startswith("Anna Berg redigerar sammanträdet sedan ")
    mote = bo.meeting(meeting_id)
    mote.plats = "Bo:s ändring"
    with pytest.raises(StoreLeaseError, match="Anna Berg redigerar"):
        bo.save_meeting(mote)
    assert anna.meeting(meeting_id).plats != "Bo:s ändring"
    anna.release(meeting_id)
    assert bo.lease(meeting_id) == ""
    assert anna.lease(meeting_id).startswith("Bo Ek redigerar")


def test_a_lease_whose_holder_vanished_expires(pg_url: str, two: tuple[PgStore, PgStore]) -> None:
    anna, bo = two
    meeting_id = _meeting(anna)
    pid = anna._conn.info.backend_pid
    with psycopg.connect(pg_url, autocommit=True) as admin:  # Anna's machine dies
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
    assert bo.lease(meeting_id) == ""


def test_saves_to_different_meetings_never_wait(pg_url: str, two: tuple[PgStore, PgStore]) -> None:
    anna, bo = two
    first = _meeting(anna)
    second = _meeting(bo, date(2026, 4, 6))
    with psycopg.connect(pg_url) as other:  # a save of the first meeting, not yet committed
        other.execute("SELECT 1 FROM sammantrade WHERE id = %s FOR UPDATE", (first,))
        bo._conn.execute("SET lock_timeout = '2s'")
        mote = bo.meeting(second)
        mote.plats = "Stora salen"
        bo.save_meeting(mote)  # would time out if it waited for the first meeting's row
    assert anna.meeting(second).plats == "Stora salen"


# -- versions -----------------------------------------------------------------------------


def test_a_stale_write_is_refused_and_overwrites_nothing(two: tuple[PgStore, PgStore]) -> None:
    anna, bo = two
    meeting_id = _meeting(anna)
    gammal = anna.meeting(meeting_id)
    anna.release(meeting_id)
    ny = bo.meeting(meeting_id)
    ny.plats = "Bo:s sal"
    bo.save_meeting(ny)
    bo.release(meeting_id)
    gammal.plats = "Annas sal"
    with pytest.raises(StoreConflictError, match="har ändrats av Bo Ek") as refused:
        anna.save_meeting(gammal)
    assert "sparades inte" in str(refused.value)
    assert bo.meeting(meeting_id).plats == "Bo:s sal"


def test_save_arende_writes_that_arende_only_and_still_refuses_a_stale_save(
    two: tuple[PgStore, PgStore],
) -> None:
    """save_arende no longer reads the meeting again: an unsaved edit of another ärende
    must not ride along, and another session's save must still be noticed."""
    anna, bo = two
    meeting_id = _meeting(anna)
    mote = anna.meeting(meeting_id)
    mote.arenden.append(Arende(id=mote.nytt_arende_id(), rubrik="Taxor", dnr="KS 2026/5"))
    anna.save_meeting(mote)
    budget, taxor = mote.arenden[-2:]
    budget.beskrivning = "Sparad"
    anna.save_arende(meeting_id, budget)
    budget.beskrivning = "Inte sparad"
    taxor.beskrivning = "Också sparad"
    anna.save_arende(meeting_id, taxor)
    stored = bo.meeting(meeting_id)
    assert [a.beskrivning for a in stored.arenden[-2:]] == ["Sparad", "Också sparad"]
    anna.release(meeting_id)
    stored.plats = "Bo:s sal"
    bo.save_meeting(stored)
    bo.release(meeting_id)
    taxor.beskrivning = "För sent"
    with pytest.raises(StoreConflictError, match="har ändrats av Bo Ek"):
        anna.save_arende(meeting_id, taxor)
    again = bo.meeting(meeting_id)
    assert (again.plats, again.arenden[-1].beskrivning) == ("Bo:s sal", "Också sparad")


def test_a_save_after_a_save_sends_only_what_changed_and_the_server_has_it_all(
    two: tuple[PgStore, PgStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kallelse_tui.store.pg import store as pg_store

    patches: list[str] = []
    patch = pg_store._patch
    monkeypatch.setattr(
        pg_store, "_patch", lambda old, new: patches.append(str(p := patch(old, new))) or p
    )
    anna, bo = two
    meeting_id = _meeting(anna)
    mote = anna.meeting(meeting_id)
    anna.save_meeting(mote)  # nothing changed since _meeting sent the whole document
    mote.plats = "Stora salen"
    mote.arenden[-1].beskrivning = "Ändrad"
    anna.save_meeting(mote)  # a top-level value and one ärende
    mote.arenden.append(Arende(id=mote.nytt_arende_id(), rubrik="Taxor", dnr="KS 2026/5"))
    anna.save_meeting(mote)  # a list of another length
    mote.arenden[0].rubrik = "Öppnande"
    mote.tid = None
    anna.save_meeting(mote)
    assert len(patches) == 4 and "None" not in patches  # never the whole document again
    assert to_dict(bo.meeting(meeting_id)) == to_dict(mote)
    assert [h.rubrik for h in bo.search("Taxor")] == ["Taxor"]


def test_a_taken_paragraf_number_is_refused(two: tuple[PgStore, PgStore]) -> None:
    anna, bo = two
    first, second = _meeting(anna), _meeting(bo)
    a = anna.meeting(first)
    a.paragrafer = [Paragraf(1, a.arenden[0].id)]
    anna.save_meeting(a)
    b = bo.meeting(second)
    b.paragrafer = [Paragraf(1, b.arenden[0].id)]
    with pytest.raises(StoreConflictError, match="§ 1 finns redan"):
        bo.save_meeting(b)
    assert bo.sista_paragraf(b) == 1


def _allocate(url: str, meeting_id: str, count: int, name: str) -> int:
    """One secretary giving out § numbers in her own meeting as fast as she can; a number
    someone else got first is refused, and she reads and tries again."""
    import os

    os.environ["KALLELSE_ANVANDARE"] = name
    refused = 0
    with open_store(url) as store:
        mote = store.meeting(meeting_id)
        while len(mote.paragrafer) < count:
            own = max((p.nummer for p in mote.paragrafer), default=0)
            nummer = max(store.sista_paragraf(mote) or 0, own) + 1
            mote.paragrafer.append(Paragraf(nummer, mote.arenden[0].id))
            try:
                store.save_meeting(mote)
            except StoreConflictError:
                refused += 1
                mote = store.meeting(meeting_id)
    return refused


def test_two_processes_race_through_1000_paragrafer_without_a_duplicate(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _open(pg_url, "Anna Berg", monkeypatch) as store:
        first, second = _meeting(store), _meeting(store)
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        refused = pool.starmap(
            _allocate, [(pg_url, first, 500, "Anna Berg"), (pg_url, second, 500, "Bo Ek")]
        )
    with open_store(pg_url, readonly=True) as store:
        numbers = [p.nummer for m in (first, second) for p in store.meeting(m).paragrafer]
    assert len(numbers) == 1000
    assert len(set(numbers)) == 1000  # 0 duplicates
    assert sorted(numbers) == list(range(1, 1001))
    print(f"refused and retried: {refused}")


# -- failures -----------------------------------------------------------------------------

SECRET = "hemligt-Lösen-42"


def test_an_unreachable_server_is_a_swedish_sentence_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"postgresql://anna:{SECRET}@127.0.0.1:1/kallelse?sslmode=prefer&connect_timeout=3"
    with pytest.raises(StoreConnectionError, match="Kunde inte nå PostgreSQL-servern") as exc:
        open_store(url)
    assert SECRET not in str(exc.value)
    assert "postgresql://anna@127.0.0.1:1/kallelse" in str(exc.value)
    assert main(["list", "--store", url]) == 2
    out = capsys.readouterr()
    assert "Kunde inte nå" in out.err and SECRET not in out.out + out.err


@pytest.fixture
def password_role(pg_server: str, pg_url: str) -> Iterator[str]:
    """A login that must give its password (scram), as on a kommun's real server."""
    pgdata = Path(str(conninfo_to_dict(pg_server)["host"]))
    hba = pgdata / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text("local all sekreterare scram-sha-256\n" + original)
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS sekreterare")
        admin.execute(f"CREATE ROLE sekreterare LOGIN PASSWORD '{SECRET}'")
        admin.execute("SELECT pg_reload_conf()")
    yield pg_url
    hba.write_text(original)
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute("SELECT pg_reload_conf()")


def test_a_failed_login_never_shows_the_password(
    password_role: str, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)  # nor logs it, at any level
    wrong = password_role.replace("postgresql://postgres:@", f"postgresql://sekreterare:{SECRET}x@")
    assert wrong != password_role
    with pytest.raises(StoreConnectionError, match="Inloggningen .* misslyckades") as exc:
        open_store(wrong)
    assert SECRET not in str(exc.value)
    assert main(["list", "--store", wrong]) == 2
    out = capsys.readouterr()
    assert "misslyckades" in out.err and SECRET not in out.out + out.err
    assert SECRET not in caplog.text


def test_libpq_parameters_pass_through(pg_url: str) -> None:
    url = pg_url + "&application_name=ks-sekreteraren&sslmode=disable"
    with open_store(url) as store:
        assert isinstance(store, PgStore)
        assert store._conn.execute("SHOW application_name").fetchone() == ("ks-sekreteraren",)
        assert "sslmode=disable" in store.plats


def test_a_connection_lost_mid_save_says_what_was_not_saved_and_saves_later(
    pg_url: str, two: tuple[PgStore, PgStore]
) -> None:
    anna, _bo = two
    meeting_id = _meeting(anna)
    mote = anna.meeting(meeting_id)
    mote.plats = "Texten som skrevs när nätet försvann"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (anna._conn.info.backend_pid,))
    with pytest.raises(StoreConnectionError) as lost:
        anna.save_meeting(mote)
    assert f"sammanträdet {meeting_id} sparades inte" in str(lost.value)
    assert "finns kvar" in str(lost.value)
    anna.save_meeting(mote)  # the server is back: the same text is saved
    assert anna.meeting(meeting_id).plats == "Texten som skrevs när nätet försvann"


def test_a_full_disk_is_said_and_nothing_is_half_written(
    pg_url: str, two: tuple[PgStore, PgStore]
) -> None:
    anna, _bo = two
    meeting_id = _meeting(anna)
    with psycopg.connect(pg_url, autocommit=True) as admin:  # the server's answer when full
        admin.execute(
            "CREATE FUNCTION fullt() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END $$"
        )
        admin.execute(
            "CREATE TRIGGER fullt BEFORE INSERT ON paragrafnummer "
            "FOR EACH ROW EXECUTE FUNCTION fullt()"
        )
    mote = anna.meeting(meeting_id)
    mote.plats = "Ny plats"
    mote.paragrafer = [Paragraf(1, mote.arenden[0].id)]
    with pytest.raises(StoreWriteError, match="slut på diskutrymme") as full:
        anna.save_meeting(mote)
    assert f"sammanträdet {meeting_id} sparades inte" in str(full.value)
    assert anna.meeting(meeting_id).plats != "Ny plats"  # the row rolled back with the §


# -- following other sessions -------------------------------------------------------------


def test_another_sessions_save_is_pushed_within_a_second(two: tuple[PgStore, PgStore]) -> None:
    import queue
    import time

    anna, bo = two
    heard: queue.Queue[str] = queue.Queue()
    bo.follow(heard.put)
    time.sleep(0.3)  # the listener connects
    meeting_id = _meeting(anna)
    started = time.monotonic()
    changes = {heard.get(timeout=1.0), heard.get(timeout=1.0)}
    assert changes == {f"organ:{ORGAN.id}", meeting_id}
    assert time.monotonic() - started < 1.0
    mote = bo.meeting(meeting_id)
    bo.release(meeting_id)
    anna.release(meeting_id)
    mote.plats = "Bo:s egen ändring"
    bo.save_meeting(mote)  # his own saves are not told back to him
    with pytest.raises(queue.Empty):
        heard.get(timeout=0.5)


def test_the_servers_search_follows_every_save_and_extraction(
    two: tuple[PgStore, PgStore], tmp_path: Path
) -> None:
    anna, bo = two
    meeting_id = _meeting(anna)
    assert [t.meeting_id for t in bo.search("budget")] == [meeting_id]
    assert bo.search_needs_build() is False
    mote = anna.meeting(meeting_id)
    mote.arenden[-1].rubrik = "Ny simhall i centrum"
    doc = tmp_path / "utredning.txt"
    doc.write_text("Utredningen om badhusets framtid, Dnr KS 2026/77.", encoding="utf-8")
    stored = anna.add_attachment(doc)
    from kallelse_tui.domain.model import Beslutsunderlag

    mote.arenden[-1].beslutsunderlag.append(
        Beslutsunderlag(id="u1", titel="Utredning", sha256=stored.sha256, filnamn=doc.name)
    )
    anna.save_meeting(mote)
    assert [t.slag for t in bo.search("simhall")] == ["ärende", "bilaga"]  # its context
    assert bo.search("badhusets") == []  # not extracted yet
    anna.extract_attachment(stored.sha256, doc.name)
    hits = bo.search("badhusets")
    assert [(t.slag, t.underlag_id) for t in hits] == [("bilaga", "u1")]
    assert "[badhusets]" in hits[0].utdrag
    assert [t.slag for t in bo.search("KS 2026/77")] == ["bilaga"]
    assert [h.meeting_id for h in bo.history("KS 2026/4")] == [meeting_id]


def test_two_justeringar_at_once_never_fork_the_organs_chain(
    pg_url: str, demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two secretaries justera two protokoll of one organ at the same moment: the organ's
    row lock makes the second link to the first, so the chain stays one line."""
    import threading

    from kallelse_tui.domain.model import Justering
    from kallelse_tui.domain.status import Status
    from kallelse_tui.store import Store
    from tests.test_store_contract import copy_into

    with Store.open(demo_dir, readonly=True) as source, open_store(pg_url) as target:
        copy_into(source, target)
        organ = target.organ("norrvik-ks")
        p1 = target.meeting("norrvik-ks-2026-10-19")
        forsta = (target.sista_paragraf(p1) or 0) + 100
        ids = []
        for dag, start in ((date(2026, 11, 16), forsta), (date(2026, 12, 7), forsta + 50)):
            mote = nytt_sammantrade(organ, dag, {r.id for r in target.meetings()})
            mote.status = Status.PROTOKOLL_KLART
            mote.narvaro = p1.narvaro
            mote.paragrafer = [
                Paragraf(start + i, a.id, "Beslutat.") for i, a in enumerate(mote.arenden)
            ]
            mote.justering = Justering(["l1", "l2"])
            target.save_meeting(mote)
            target.release(mote.id)
            ids.append(mote.id)
    stores = [_open(pg_url, name, monkeypatch) for name in ("Anna Berg", "Bo Ek")]
    start = threading.Barrier(2)

    def justera(store: PgStore, meeting_id: str, dag: date) -> None:
        start.wait()
        store.justera(meeting_id, dag)

    threads = [
        threading.Thread(target=justera, args=(store, mid, dag))
        for store, mid, dag in zip(stores, ids, (date(2026, 12, 9), date(2026, 12, 9)), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open_store(pg_url, readonly=True) as store:
        kedja = [store.meeting(m) for m in ["norrvik-ks-2026-10-19", *ids]]
        foregaende = sorted(m.justering.foregaende_hash for m in kedja if m.justering)
        assert len(set(foregaende)) == 3  # every protokoll links to a different one: no fork
        assert store.verify() == []
    for store in stores:
        store.close()


def test_save_arende_makes_only_that_arendes_search_rows_and_they_equal_a_fresh_index(
    pg_url: str, demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An autosave builds the search rows of the saved ärende only; after a series of them
    (text, title, Dnr, a meddelande with a Dnr, an attachment) the rows on the server are
    exactly those a fresh index of the whole meeting gives."""
    from kallelse_tui.domain.model import Beslutsunderlag, ListPost
    from kallelse_tui.store.kopiering import copy_store
    from kallelse_tui.store.pg import search as pg_search

    copy_store(str(demo_dir), pg_url)
    made: list[str] = []
    rader = pg_search._arende_rader
    monkeypatch.setattr(
        pg_search, "_arende_rader", lambda m, n, a, p: made.append(a.id) or rader(m, n, a, p)
    )
    meeting_id = "sjobacka-sbn-2026-11-17"  # protokoll klart: §§ with beslut, not locked
    with _open(pg_url, "Anna Berg", monkeypatch) as anna:
        mote = anna.meeting(meeting_id)
        first, other = mote.arenden[3], mote.arenden[5]  # § 107 is omedelbart justerad
        first.beskrivning = "Ny beskrivning om simhallen."
        anna.save_arende(meeting_id, first)
        made.clear()  # the first save read the meeting: it knew nothing of its rows
        other.rubrik = "Ny rubrik för badhuset"
        other.dnr = "SBN 2026/901"
        anna.save_arende(meeting_id, other)
        first.poster.append(ListPost(nummer=9, text="Skrivelse", dnr="KS 2026/902"))
        anna.save_arende(meeting_id, first)
        fil = tmp_path / "utredning.txt"
        fil.write_text("Utredningen om badhusets framtid, Dnr KS 2026/903.", encoding="utf-8")
        stored = anna.add_attachment(fil)
        anna.extract_attachment(stored.sha256, fil.name)
        other.beslutsunderlag.append(
            Beslutsunderlag(id="u9", titel="Utredning", sha256=stored.sha256, filnamn=fil.name)
        )
        anna.save_arende(meeting_id, other)
        other.dnr = "SBN 2026/904"
        anna.save_arende(meeting_id, other)
        assert made == [other.id, first.id, other.id, other.id]
        assert [h.meeting_id for h in anna.history("KS 2026/902")] == [meeting_id]
        assert anna.history("SBN 2026/901") == []

        def rows() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
            dok = anna._conn.execute(
                "SELECT slag, organ_id, kortnamn, datum, arende_id, underlag_id, sha256, "
                "nummer, paragraf, visad_rubrik, dnr, beslut, sekretess, summa, rubrik, text, "
                "ram, nycklar FROM sok_dok WHERE meeting_id = %s",
                (meeting_id,),
            ).fetchall()
            dnr = anna._conn.execute(
                "SELECT * FROM sok_dnr WHERE meeting_id = %s", (meeting_id,)
            ).fetchall()
            return sorted(dok, key=repr), sorted(dnr, key=repr)

        after_saves = rows()
        with anna._conn.transaction(force_rollback=True):
            anna._conn.execute("DELETE FROM sok_dok WHERE meeting_id = %s", (meeting_id,))
            anna._conn.execute("DELETE FROM sok_dnr WHERE meeting_id = %s", (meeting_id,))
            pg_search.index_meeting(anna._conn, anna.meeting(meeting_id), "SBN", None)
            assert rows() == after_saves


def test_a_server_store_of_schema_2_gets_its_arenden_as_rows(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 2 kept a meeting's ärenden inside its document: the migration moves them
    into rows of their own and the meeting reads the same."""
    with _open(pg_url, "Anna Berg", monkeypatch) as anna:
        meeting_id = _meeting(anna)
        mote = anna.meeting(meeting_id)
        mote.arenden.append(Arende(id=mote.nytt_arende_id(), rubrik="Taxor", dnr="KS 2026/5"))
        anna.save_meeting(mote)
        before = to_dict(anna.meeting(meeting_id))
    with psycopg.connect(pg_url, autocommit=True) as conn:  # back to schema 2
        conn.execute(
            "UPDATE sammantrade s SET doc = doc || jsonb_build_object('arenden', (SELECT "
            "jsonb_agg(a.doc ORDER BY a.ordning) FROM arende a WHERE a.sammantrade_id = s.id))"
        )
        conn.execute("DROP TABLE arende")
        conn.execute("UPDATE kallelse_meta SET varde = '2' WHERE nyckel = 'schema_version'")
    with _open(pg_url, "Anna Berg", monkeypatch) as anna:
        assert to_dict(anna.meeting(meeting_id)) == before
        assert [h.rubrik for h in anna.search("Taxor")] == ["Taxor"]
        rows = anna._conn.execute("SELECT doc ? 'arenden' FROM sammantrade").fetchall()
        assert rows == [(False,)]
        budget = mote.arenden[0]
        budget.beskrivning = "Efter uppgraderingen"
        anna.save_arende(meeting_id, budget)
        assert anna.meeting(meeting_id).arenden[0].beskrivning == "Efter uppgraderingen"
