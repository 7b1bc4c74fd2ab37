"""The store contract: what the TUI, CLI and exports may rely on, on every backend.

Each test runs twice through the `store_spec` fixture (conftest.py): on a new folder store
and on a fresh PostgreSQL database, opened with `open_store` as the app does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kallelse_tui.domain.model import (
    Arende,
    Justering,
    Paragraf,
    Sammantrade,
    nytt_sammantrade,
)
from kallelse_tui.domain.status import Status
from kallelse_tui.store import (
    Store,
    StoreApi,
    StoreError,
    StoreLockedProtocolError,
    StoreReadOnlyError,
    open_store,
)

KS = "norrvik-ks"
P1 = "norrvik-ks-2026-10-19"  # the demo's justerat KS protokoll


def copy_into(source: StoreApi, target: StoreApi) -> None:
    """The demo, through the interface only: organs, attachments with their text, every
    meeting, the chain heads."""
    for organ in source.organs():
        target.save_organ(organ)
    for row in sorted(source.meetings(), key=lambda r: r.datum):
        mote = source.meeting(row.id)
        for arende in mote.arenden:
            for u in arende.beslutsunderlag:
                if u.sha256:
                    path = source.attachment_path(u.sha256)
                    target.add_attachment(path, allowed_dir=path.parent)
                    target.extract_attachment(u.sha256, u.filnamn or u.titel)
        target.save_meeting(mote)
    for organ in source.organs():
        if (huvud := source.chain_head(organ.id)) is not None:
            target.save_chain_head(huvud)


@pytest.fixture
def demo(store_spec: str, demo_dir: Path) -> Iterator[StoreApi]:
    with Store.open(demo_dir, readonly=True) as source, open_store(store_spec) as target:
        copy_into(source, target)
        yield target


def test_open_store_picks_the_backend(store_spec: str) -> None:
    with open_store(store_spec) as store:
        assert isinstance(store, Store) == (not store_spec.startswith("postgresql"))
        # Saves on a writer thread only where nothing else shares what they write.
        assert store.background_saves == isinstance(store, Store)
        assert "password" not in store.plats


def test_the_demo_round_trips(demo: StoreApi, demo_dir: Path) -> None:
    with Store.open(demo_dir, readonly=True) as source:
        assert demo.organs() == source.organs()
        assert [r.id for r in demo.meetings()] == [r.id for r in source.meetings()]
        assert demo.meetings(KS) == source.meetings(KS)
        for row in source.meetings():
            assert demo.meeting(row.id) == source.meeting(row.id)
            mote = source.meeting(row.id)
            assert demo.sista_paragraf(mote) == source.sista_paragraf(mote)
    assert demo.verify() == []


def test_saved_changes_survive_a_reopen(demo: StoreApi, store_spec: str) -> None:
    organ = demo.organ(KS)
    mote = nytt_sammantrade(organ, date(2027, 1, 18), set())
    assert mote.id == demo.new_meeting_id(organ, date(2027, 1, 18))
    mote.arenden.append(Arende(id=mote.nytt_arende_id(), rubrik="Budget", dnr="KS 2027/3"))
    demo.save_meeting(mote)
    again = demo.meeting(mote.id)
    again.arenden[-1].beskrivning = "Ny text med åäö och §"
    demo.save_arende(mote.id, again.arenden[-1])
    assert demo.new_meeting_id(organ, date(2027, 1, 18)) == f"{mote.id}-2"
    demo.close()
    with open_store(store_spec, readonly=True) as store:
        assert store.meeting(mote.id).arenden[-1].beskrivning == "Ny text med åäö och §"
        assert store.meetings(KS)[0].id == mote.id


def test_save_paragraf_writes_that_paragraf_and_its_search_rows(
    demo: StoreApi, store_spec: str
) -> None:
    """Meeting mode's autosave: one §, under the number it is stored with; a § not
    stored, or renumbered, is a save_meeting and is refused here in Swedish."""
    meeting_id = "norrvik-ksau-2026-11-09"  # protokoll klart, nothing locked
    mote = demo.meeting(meeting_id)
    p = mote.paragrafer[1]
    p.beslut += " Uppföljning sker i Vinterviksrapporten."
    p.behandling = "Ledamöterna diskuterar tidplanen."
    demo.save_paragraf(meeting_id, p)
    p.beslut += " Rapporten lämnas i juni."
    demo.save_paragraf(meeting_id, p)  # a second save of the same session
    hits = [(t.meeting_id, t.slag, t.paragraf) for t in demo.search("Vinterviksrapporten")]
    assert hits == [(meeting_id, "beslut", p.nummer)]
    with pytest.raises(StoreError, match=f"§ {p.nummer + 100} finns inte sparad"):
        demo.save_paragraf(meeting_id, Paragraf(p.nummer + 100, p.arende_id, "Ny."))
    with pytest.raises(StoreError, match="finns inte sparad"):
        demo.save_paragraf(meeting_id, Paragraf(p.nummer, "okänt-ärende", "Ny."))
    demo.close()
    with open_store(store_spec, readonly=True) as store:
        stored = store.meeting(meeting_id)
        assert stored.paragrafer[1] == p
        assert stored.paragrafer[0] == mote.paragrafer[0]
        assert stored.arenden == mote.arenden
        with pytest.raises(StoreReadOnlyError):
            store.save_paragraf(meeting_id, p)


def test_a_justering_extends_the_chain_and_locks_the_protokoll(demo: StoreApi) -> None:
    organ = demo.organ(KS)
    mote = nytt_sammantrade(organ, date(2026, 11, 16), {r.id for r in demo.meetings()})
    mote.status = Status.PROTOKOLL_KLART
    mote.narvaro = demo.meeting(P1).narvaro
    forsta = (demo.sista_paragraf(mote) or 0) + 1
    assert forsta == max(p.nummer for p in demo.meeting(P1).paragrafer) + 1
    mote.paragrafer = [Paragraf(forsta + i, a.id, "Beslutat.") for i, a in enumerate(mote.arenden)]
    mote.justering = Justering(["l1", "l2"])
    demo.save_meeting(mote)
    justerat = demo.justera(mote.id, date(2026, 11, 18))
    assert justerat.justering is not None
    assert justerat.justering.foregaende_hash == demo.meeting(P1).justering.protokoll_hash  # type: ignore[union-attr]
    head = demo.chain_head(KS)
    assert head is not None and head.hash == justerat.justering.protokoll_hash
    assert demo.verify() == []
    changed = demo.meeting(mote.id)
    changed.paragrafer[0].beslut = "Något annat."
    with pytest.raises(StoreLockedProtocolError):
        demo.save_meeting(changed)
    assert demo.meeting(mote.id).paragrafer[0].beslut == "Beslutat."


def test_attachments_are_stored_once_by_content(
    store_spec: str, demo_dir: Path, tmp_path: Path
) -> None:
    doc = tmp_path / "underlag.txt"
    doc.write_text("Tjänsteskrivelse om budget för 2027.", encoding="utf-8")
    with open_store(store_spec) as store:
        first = store.add_attachment(doc)
        again = store.add_attachment(doc)
        assert (first.ny, again.ny, first.sha256) == (True, False, again.sha256)
        assert store.attachment_path(first.sha256).read_bytes() == doc.read_bytes()
        assert store.attachment_text_hash(first.sha256) == ""
        store.extract_attachment(first.sha256, doc.name)
        assert "budget" in store.attachment_text(first.sha256)
        assert store.attachment_text_hash(first.sha256)


def test_search_and_history_agree_with_the_folder_store(demo: StoreApi, demo_dir: Path) -> None:
    """The same hits; PostgreSQL ranks by ts_rank, not bm25, so among hits of a plain word
    the order may differ. (On the server a query of stop words only, "och", finds
    nothing: the swedish configuration does not index them.)"""
    with Store.open(demo_dir, readonly=True) as source:
        exact = ("budget", "budg", "§ 176", "KS § 176", '"fler feriejobb"', "KS 2020/434")
        exact += ("2020/434", "2026-00318", "detaljplan norra", "avfallsplan 2027", "xyz")
        for query in (*exact, "intern", "kommunstyrelsen", "förskola", "Sessionssalen"):
            got = [(t.meeting_id, t.slag, t.nummer, t.utdrag) for t in demo.search(query)]
            want = [(t.meeting_id, t.slag, t.nummer, t.utdrag) for t in source.search(query)]
            assert (got if query in exact else sorted(got)) == (
                want if query in exact else sorted(want)
            ), query
        assert demo.search("ks", organ_id="norrvik-kf") == source.search(
            "ks", organ_id="norrvik-kf"
        )
        hit = next(t for t in source.search("detaljplan") if t.dnr)
        assert demo.history(hit.dnr) == source.history(hit.dnr)


def test_a_read_only_store_refuses_every_write(demo: StoreApi, store_spec: str) -> None:
    demo.close()
    with open_store(store_spec, readonly=True) as store:
        mote = store.meeting(P1)
        with pytest.raises(StoreReadOnlyError):
            store.save_organ(store.organ(KS))
        with pytest.raises(StoreReadOnlyError):
            store.save_meeting(mote)


def test_unknown_ids_are_a_swedish_sentence(store_spec: str) -> None:
    with open_store(store_spec) as store:
        with pytest.raises(StoreError, match="inget sammanträde"):
            store.meeting("finns-inte")
        with pytest.raises(StoreError, match="inget organ"):
            store.organ("finns-inte")
        mote = Sammantrade("x-2026-01-01", "finns-inte", date(2026, 1, 1))
        with pytest.raises(StoreError, match="inget organ"):
            store.save_meeting(mote)
        assert store.meetings() == [] and store.leftovers() == []


def test_a_libpq_keyword_string_is_a_server_never_a_folder(tmp_path: Path) -> None:
    from kallelse_tui.store.api import is_server

    assert is_server("host=/tmp/kallelse dbname=kommun user=anna")
    assert is_server("postgres://anna@server/kommun")
    assert not is_server(str(tmp_path / "lager")) and not is_server("lager")
