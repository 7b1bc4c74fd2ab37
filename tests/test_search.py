"""The search index (kallelse_tui/store/search/) over the demo store.

Demo meetings used here: norrvik-ks-2026-10-19 (justerat, §§ 171-181), norrvik-kf-2026-11-30
(same Dnr "KS 2025/207" and "Dnr 2026-00355 107" as KS), norrvik-ksau-2026-11-09,
sjobacka-ks-2026-12-08 ("KS 2020/434", "KS/2020:226") and sjobacka-sbn-2026-11-17
("2020/434" without a series, § 107). A KSAU meeting before the KS one is added where the
historik test needs it.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import sqlite3
import stat
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kallelse_tui.domain.model import (
    Arende,
    Beslutsunderlag,
    ListPost,
    Paragraf,
    Sammantrade,
    UnderlagTyp,
)
from kallelse_tui.store import Store, StoreReadOnlyError
from kallelse_tui.store.search import INDEX_FILE, INDEX_VERSION, SokIndex, Traff, kallor
from kallelse_tui.store.search import index as index_module
from kallelse_tui.store.search import query as query_module

KS = "norrvik-ks-2026-10-19"
KF = "norrvik-kf-2026-11-30"
KSAU = "norrvik-ksau-2026-11-09"
SJ_KS = "sjobacka-ks-2026-12-08"
SJ_SBN = "sjobacka-sbn-2026-11-17"

TJANSTESKRIVELSE = (
    "Tjänsteskrivelse\n2026-09-28  Dnr 2026-00318 04\n\nSammanfattning\n"
    "Förvaltningen har tagit fram ett förslag till fördelning av ramen. Volymförändringarna "
    "inom äldreomsorgen och hemtjänsten väger tyngst. Tidigare behandlat i KS 2019/77.\n\n"
    "Ekonomiska konsekvenser\nFördelningen ryms inom den av fullmäktige beslutade ramen; "
    "omfördelningen påverkar inte årets resultat."
)


def index_demo(store: Store) -> SokIndex:
    index = SokIndex(store.root)
    index.bygg_om(*kallor(store, lambda sha256: ""))
    return index


@pytest.fixture
def index(demo_store: Store) -> Iterator[SokIndex]:
    index = index_demo(demo_store)
    yield index
    index.close()


def hits(index: SokIndex, query: str) -> list[tuple[str, str, int | None]]:
    return [(t.slag, t.meeting_id, t.nummer) for t in index.sok(query)]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- building ------------------------------------------------------------------------------


def test_fts5_with_the_swedish_tokenizer_is_available() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 0')"
    )


def test_a_new_index_needs_a_build_and_is_private(demo_store: Store) -> None:
    index = SokIndex(demo_store.root)
    try:
        assert index.behover_byggas()
        assert index.sok("förskolan") == []
        index.bygg_om(*kallor(demo_store, lambda sha256: ""))
        assert not index.behover_byggas()
        assert index.indexerade() == {row.id for row in demo_store.meetings()}
    finally:
        index.close()
    path = demo_store.root / INDEX_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for extra in demo_store.root.glob(INDEX_FILE + "-*"):
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600


# -- free text -----------------------------------------------------------------------------


def test_word_with_aao_in_any_case(index: SokIndex) -> None:
    lower = hits(index, "västerbyn")
    assert ("ärende", KS, 7) in lower
    assert ("ärende", KF, 6) in lower
    assert hits(index, "VÄSTERBYN") == lower
    assert hits(index, "Västerbyn") == lower


def test_a_is_not_aa(index: SokIndex) -> None:
    """remove_diacritics 0: "år" and "ar" are different words."""
    assert [t.utdrag for t in index.sok("år") if "[år]" in t.utdrag]
    assert index.sok("ar") == [] and index.sok("AR") == []
    assert [t.nummer for t in index.sok("ÅR")] == [t.nummer for t in index.sok("år")]


def test_prefix_finds_the_whole_word_and_compounds_that_start_with_it(index: SokIndex) -> None:
    found = [t for t in index.sok("internbudg") if t.slag != "bilaga"]  # the demo documents too
    assert [(t.slag, t.meeting_id, t.nummer) for t in found][:2] == [
        ("ärende", KS, 6),
        ("beslut", KS, 6),
    ]
    assert "[internbudget]" in found[0].utdrag
    # "budget" as a prefix finds "budgetdialogen" but not "internbudget" (not a prefix).
    budget = index.sok("budget")
    assert any("[budgetdialogen]" in t.utdrag for t in budget)


def test_words_are_anded(index: SokIndex) -> None:
    assert hits(index, "förskola Ängsvägen")
    assert hits(index, "förskola kvarteret Tallen") == []


def test_phrase_in_quotes(index: SokIndex) -> None:
    phrase = index.sok('"ny förskola"')
    assert {(t.meeting_id, t.nummer) for t in phrase} == {(KS, 7)}
    assert all("[ny förskola]" in t.utdrag for t in phrase)
    # The same words apart do not match the phrase.
    assert index.sok('"förskola ny"') == []


def test_beslut_text_is_found_with_its_paragraf(index: SokIndex) -> None:
    jav = index.sok("jäv")
    assert {(t.slag, t.meeting_id, t.paragraf) for t in jav} == {
        ("beslut", KS, 178),
        ("beslut", SJ_SBN, 106),
    }
    assert all("[jäv]" in t.utdrag for t in jav)


def test_hit_fields(index: SokIndex) -> None:
    traff = next(
        t for t in index.sok("Lokalförsörjningsplan") if t.meeting_id == KS and t.slag == "ärende"
    )
    assert traff == Traff(
        slag="ärende",
        meeting_id=KS,
        organ_id="norrvik-ks",
        datum=date(2026, 10, 19),
        arende_id="a7",
        nummer=7,
        paragraf=177,
        rubrik="Lokalförsörjningsplan för förskolan i Västerbyn",
        dnr="KS 2025/207",
        utdrag=traff.utdrag,
        sekretess=False,
        underlag_id=None,
    )
    assert 20 < len(traff.utdrag) <= 170
    assert "[" in traff.utdrag and "]" in traff.utdrag


def test_meeting_is_found_by_place_and_month(index: SokIndex) -> None:
    found = index.sok("KS oktober")
    assert found[0].slag == "sammanträde"
    assert found[0].meeting_id == KS
    assert found[0].rubrik == "KS 19 oktober 2026"
    assert found[0].utdrag == "[KS] 19 [oktober] 2026"
    assert "[Sessionssalen]" in index.sok("sessionssalen")[0].utdrag


def test_beslut_found_by_its_title_shows_the_beslut(index: SokIndex) -> None:
    beslut = next(t for t in index.sok("detaljplan") if t.slag == "beslut")
    assert (beslut.meeting_id, beslut.paragraf) == (SJ_SBN, 107)
    assert beslut.utdrag.startswith("Samhällsbyggnadsnämnden")


def test_organ_filter(index: SokIndex) -> None:
    everywhere = {t.meeting_id for t in index.sok("detaljplan")}
    assert {SJ_KS, SJ_SBN} <= everywhere
    assert {t.meeting_id for t in index.sok("detaljplan", organ_id="sjobacka-sbn")} == {SJ_SBN}
    assert index.sok("detaljplan", organ_id="norrvik-kf") == []


def test_newest_first_when_equally_relevant(demo_store: Store, index: SokIndex) -> None:
    mote = demo_store.meeting(KS)
    for n, dag in enumerate((date(2020, 1, 13), date(2024, 1, 15), date(2022, 1, 17))):
        kopia = copy.deepcopy(mote)
        kopia.id, kopia.datum = f"norrvik-ks-kopia-{n}", dag
        kopia.arenden = [Arende(id="a1", rubrik="Gemensam rubrik om zebror")]
        kopia.paragrafer = []
        index.uppdatera_sammantrade(kopia, "KS")
    found = [t.datum.year for t in index.sok("zebror") if t.slag == "ärende"]
    assert found == [2024, 2022, 2020]


def test_a_very_common_word_is_ranked_among_its_newest_matches(
    index: SokIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = index.sok("kommunfullmäktige")
    assert 2 < len(everything) < 50  # all matches
    monkeypatch.setattr(query_module, "_FONSTER", 2)
    windowed = index.sok("kommunfullmäktige")
    assert sorted(t.datum for t in windowed) == sorted(t.datum for t in everything)[-2:]


def test_title_weighs_more_than_body(demo_store: Store, index: SokIndex) -> None:
    mote = demo_store.meeting(KS)
    mote.arenden[-1].beskrivning = "Ärendet nämner vattenskoter en gång i en lång text. " * 3
    mote.arenden.append(Arende(id="a99", rubrik="Vattenskoter", beskrivning="Kort."))
    index.uppdatera_sammantrade(mote, "KS")
    assert index.sok("vattenskoter")[0].arende_id == "a99"


# -- Dnr -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["KS 2020/434", "2020/434", "Dnr 2020-00434", "dnr 2020-434", "KS/2020:434"]
)
def test_dnr_in_any_shape(index: SokIndex, query: str) -> None:
    found = index.sok(query)
    assert {(t.meeting_id, t.nummer) for t in found} == {(SJ_KS, 6), (SJ_SBN, 7)}
    assert all(t.slag == "ärende" for t in found)
    assert found[0].utdrag.startswith("[")


def test_dnr_series_rule(index: SokIndex) -> None:
    """With a series: that series or none. Without: every series."""
    ks = index.sok("KS 2020/434")
    assert [t.dnr for t in ks] == ["KS 2020/434", "2020/434"]  # exact series first
    assert [t.dnr for t in index.sok("SBN 2020/434")] == ["2020/434"]
    assert index.sok("BUN 2020/434")[0].dnr == "2020/434"
    assert {t.dnr for t in index.sok("2020/434")} == {"KS 2020/434", "2020/434"}
    assert [t.dnr for t in index.sok("KS 2020/226")] == ["KS/2020:226"]
    assert index.sok("SBN 2020/226") == []


def test_dnr_with_classification_and_on_a_meddelanden_line(index: SokIndex) -> None:
    borgen = index.sok("Dnr 2026-00355 107")
    assert {(t.meeting_id, t.nummer) for t in borgen} == {(KS, 8), (KF, 7)}
    assert [t.meeting_id for t in borgen] == [KF, KS]  # newest first
    line = index.sok("2026/388")
    assert [(t.meeting_id, t.nummer) for t in line] == [(KS, 4)]
    assert "[Dnr 2026-00388]" in line[0].utdrag


def test_dnr_word_inside_a_longer_query(index: SokIndex) -> None:
    found = index.sok("detaljplan 2020-00434")
    assert [(t.meeting_id, t.nummer) for t in found] == [(SJ_SBN, 7)]


def test_paragraf_query(index: SokIndex) -> None:
    found = index.sok("§ 177")
    assert [(t.slag, t.meeting_id, t.paragraf) for t in found] == [("beslut", KS, 177)]
    assert found[0].utdrag.startswith("[§ 177]")
    assert [t.meeting_id for t in index.sok("KS § 177")] == [KS]
    assert [t.meeting_id for t in index.sok("SBN §107")] == [SJ_SBN]


# -- historik ------------------------------------------------------------------------------


def ksau_before_ks(store: Store) -> Sammantrade:
    """An arbetsutskott meeting that prepared two of the KS ärenden (as KSAU § 151, 152)."""
    mote = copy.deepcopy(store.meeting(KSAU))
    mote.id, mote.datum = "norrvik-ksau-2026-10-05", date(2026, 10, 5)
    mote.arenden = [
        Arende(id="a1", rubrik="Lokalförsörjningsplan för förskolan", dnr="2025/207"),
        Arende(id="a2", rubrik="Borgen för Norrviks Bostäder AB", dnr="Dnr 2026-355"),
    ]
    mote.paragrafer = [
        Paragraf(151, "a1", "Arbetsutskottet föreslår kommunstyrelsen att anta planen."),
        Paragraf(152, "a2", "Arbetsutskottet föreslår kommunstyrelsen att ingå borgen."),
    ]
    return mote


def test_historik_ksau_ks_kf(demo_store: Store) -> None:
    demo_store.save_meeting(ksau_before_ks(demo_store))
    index = index_demo(demo_store)
    try:
        for query in ("KS 2025/207", "2025/207", "Dnr 2025-00207"):
            rows = index.historik(query)
            assert [(r.meeting_id, r.nummer, r.paragraf) for r in rows] == [
                ("norrvik-ksau-2026-10-05", 1, 151),
                (KS, 7, 177),
                (KF, 6, None),
            ], query
        assert [r.organ_id for r in rows] == ["norrvik-ksau", "norrvik-ks", "norrvik-kf"]
        assert rows[0].dnr == "2025/207" and rows[1].dnr == "KS 2025/207"
        assert rows[1].beslut.startswith("Kommunstyrelsen föreslår kommunfullmäktige")
        assert rows[2].beslut == ""  # not decided yet
        borgen = index.historik("Dnr 2026-00355 107")
        assert [(r.meeting_id, r.paragraf) for r in borgen] == [
            ("norrvik-ksau-2026-10-05", 152),
            (KS, 178),
            (KF, None),
        ]
        assert [r.datum for r in borgen] == sorted(r.datum for r in borgen)
    finally:
        index.close()


def test_historik_series_rule(index: SokIndex) -> None:
    """A series-less "2020/434" (SBN) shares the key with "KS 2020/434": a query with the
    KS series shows both, one with another series only the series-less one."""
    both = [(r.meeting_id, r.dnr) for r in index.historik("KS 2020/434")]
    assert both == [(SJ_SBN, "2020/434"), (SJ_KS, "KS 2020/434")]
    assert index.historik("2020/434") == index.historik("KS 2020/434")
    assert [r.meeting_id for r in index.historik("SBN 2020/434")] == [SJ_SBN]
    assert [r.dnr for r in index.historik("2020-226")] == ["KS/2020:226"]
    assert index.historik("SBN 2020/226") == []
    assert index.historik("inte ett diarienummer") == []


def test_historik_includes_meddelanden_lines(index: SokIndex) -> None:
    rows = index.historik("Dnr 2026-00401")
    assert len(rows) == 1
    assert rows[0].meeting_id == KS and rows[0].nummer == 4 and rows[0].paragraf == 174
    assert rows[0].rubrik.startswith("Meddelanden KS 2026-10-19: ")


# -- updates -------------------------------------------------------------------------------


def test_uppdatera_sammantrade_replaces_the_meeting(demo_store: Store, index: SokIndex) -> None:
    mote = demo_store.meeting(KS)
    mote.arenden[6].rubrik = "Lokalplan för förskolorna i Västerbyn"
    mote.arenden[6].dnr = "KS 2025/999"
    mote.arenden.pop(8)  # a9, Motionssvar – Laddstolpar
    index.uppdatera_sammantrade(mote, "KS")
    assert KS not in {t.meeting_id for t in index.sok("Laddstolpar")}
    assert {t.meeting_id for t in index.sok("Laddstolpar")} == {KF}
    assert [t.meeting_id for t in index.sok("KS 2025/999")] == [KS]
    assert [r.meeting_id for r in index.historik("KS 2025/207")] == [KF]
    assert index.sok("Lokalplan")[0].nummer == 7


def test_uppdatera_arende(demo_store: Store, index: SokIndex) -> None:
    mote = demo_store.meeting(KS)
    arende = mote.arende("a9")
    arende.beskrivning += " Nu också om solceller på taken."
    arende.dnr = "Dnr 2025-00999"
    assert index.uppdatera_arende(KS, arende)
    found = index.sok("solceller")
    assert [(t.slag, t.meeting_id, t.nummer, t.paragraf) for t in found] == [("ärende", KS, 9, 179)]
    assert [r.paragraf for r in index.historik("2025/999")] == [179]
    assert [r.meeting_id for r in index.historik("Dnr 2025-00471 103")] == [KF]
    # the beslut row follows the ärende's new Dnr
    beslut = [t for t in index.sok("motionen besvarad") if t.meeting_id == KS]
    assert beslut and all(t.dnr == "Dnr 2025-00999" for t in beslut)
    assert not index.uppdatera_arende(KS, Arende(id="a77", rubrik="Okänt ärende"))
    assert not index.uppdatera_arende("finns-inte", arende)


def test_unchanged_rows_are_not_rewritten(demo_store: Store, index: SokIndex) -> None:
    mote = demo_store.meeting(KS)
    conn = sqlite3.connect(demo_store.root / INDEX_FILE)
    before = dict(conn.execute("SELECT arende_id || slag, id FROM dok WHERE meeting_id = ?", (KS,)))
    mote.paragrafer[5].beslut = "Kommunstyrelsen fastställer fördelningen med en ändring."
    index.uppdatera_sammantrade(mote, "KS")
    after = dict(conn.execute("SELECT arende_id || slag, id FROM dok WHERE meeting_id = ?", (KS,)))
    conn.close()
    changed = {k for k in before if before[k] != after.get(k)}
    assert changed == {"a6beslut", "a6ärende"}  # the § and the ärende row carrying its text
    assert [t.paragraf for t in index.sok("ändring fördelningen")][:1] == [176]


def test_ta_bort_sammantrade(index: SokIndex) -> None:
    index.ta_bort_sammantrade(KF)
    assert KF not in index.indexerade()
    assert KF not in {t.meeting_id for t in index.sok("Västerbyn")}
    assert [r.meeting_id for r in index.historik("KS 2025/207")] == [KS]


# -- attachments ---------------------------------------------------------------------------


def test_attachment_text(demo_store: Store, index: SokIndex) -> None:
    mote = demo_store.meeting(KS)
    underlag = mote.arende("a6").beslutsunderlag[0]
    index.uppdatera_bilaga(KS, "a6", underlag.id, underlag.titel, TJANSTESKRIVELSE, False)
    found = index.sok("volymförändringarna hemtjänsten")
    assert [(t.slag, t.meeting_id, t.nummer, t.paragraf, t.underlag_id) for t in found] == [
        ("bilaga", KS, 6, 176, underlag.id)
    ]
    assert found[0].rubrik == underlag.titel
    assert found[0].dnr == "Dnr 2026-00318 04"
    assert "[Volymförändringarna]" in found[0].utdrag and "[hemtjänsten]" in found[0].utdrag
    # A Dnr cited in an attachment's text is found by its key, in any shape.
    cited = index.sok("KS/2019:77")
    assert [(t.slag, t.underlag_id) for t in cited] == [("bilaga", underlag.id)]
    assert "[KS 2019/77]" in cited[0].utdrag
    # Replacing the text replaces the hit.
    index.uppdatera_bilaga(
        KS, "a6", underlag.id, underlag.titel, "Helt ny text om fjärrvärme.", False
    )
    assert index.sok("hemtjänsten volymförändringarna") == []
    assert [t.slag for t in index.sok("fjärrvärme")] == ["bilaga"]
    index.ta_bort_bilaga(KS, "a6", underlag.id)
    assert index.sok("fjärrvärme") == []


def test_attachment_follows_its_arende_and_goes_with_it(demo_store: Store, index: SokIndex) -> None:
    mote = demo_store.meeting(KS)
    underlag = mote.arende("a6").beslutsunderlag[0]
    index.uppdatera_bilaga(KS, "a6", underlag.id, underlag.titel, TJANSTESKRIVELSE, False)
    mote.arenden.insert(3, Arende(id="a50", rubrik="Extra ärende"))
    mote.datum = date(2026, 10, 20)
    index.uppdatera_sammantrade(mote, "KS")
    traff = index.sok("volymförändringarna")[0]
    assert (traff.nummer, traff.datum) == (7, date(2026, 10, 20))
    mote.arende("a6").beslutsunderlag = []  # the attachment was removed from the ärende
    index.uppdatera_sammantrade(mote, "KS")
    assert index.sok("volymförändringarna") == []


def test_attachments_in_a_rebuild_and_sekretess(demo_store: Store) -> None:
    mote = demo_store.meeting(SJ_SBN)
    mote.arende("a6").beslutsunderlag = [
        Beslutsunderlag("u1", "Tillsynsrapport", UnderlagTyp.BILAGA, sha256="a" * 64),
    ]
    mote.arende("a5").beslutsunderlag = [
        Beslutsunderlag("u1", "Ritningar", UnderlagTyp.BILAGA, sha256="b" * 64, sekretess=True),
    ]
    demo_store.save_meeting(mote)
    texts = {"a" * 64: "Platsbesök visade en olovlig altan.", "b" * 64: "Ritning av altan."}
    index = SokIndex(demo_store.root)
    try:
        index.bygg_om(*kallor(demo_store, lambda sha: texts.get(sha, "")))
        found = {(t.arende_id, t.sekretess) for t in index.sok("altan")}
        assert found == {("a6", True), ("a5", True)}  # a6: the ärende is sekretess
        assert index.sok("altan", dolj_sekretess=True) == []
        assert {t.arende_id for t in index.sok("bygglov flerbostadshus", dolj_sekretess=True)}
    finally:
        index.close()


def test_attachment_of_an_unindexed_meeting_is_ignored(index: SokIndex) -> None:
    index.uppdatera_bilaga("finns-inte", "a1", "u1", "Titel", "Unik text om trollsländor", False)
    assert index.sok("trollsländor") == []


# -- derived data: missing, corrupt, old ---------------------------------------------------


def test_deleted_index_is_rebuilt(demo_store: Store) -> None:
    index_demo(demo_store).close()
    for path in demo_store.root.glob(INDEX_FILE + "*"):
        path.unlink()
    index = SokIndex(demo_store.root)
    try:
        assert index.behover_byggas()
        index.bygg_om(*kallor(demo_store, lambda sha256: ""))
        assert hits(index, "Västerbyn")
    finally:
        index.close()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeroed-middle"])
def test_corrupt_index_is_recreated(demo_store: Store, damage: str) -> None:
    index_demo(demo_store).close()
    path = demo_store.root / INDEX_FILE
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not sqlite " * 500)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:
        path.write_bytes(data[:4096] + b"\0" * (len(data) - 8192) + data[-4096:])
    index = SokIndex(demo_store.root)
    try:
        # Either the damage is seen at once, or at the first search: never an exception.
        index.sok("Västerbyn")
        index.historik("KS 2025/207")
        assert index.behover_byggas()
        index.bygg_om(*kallor(demo_store, lambda sha256: ""))
        assert not index.behover_byggas()
        assert hits(index, "Västerbyn")
    finally:
        index.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_old_version_is_rebuilt(demo_store: Store) -> None:
    index_demo(demo_store).close()
    conn = sqlite3.connect(demo_store.root / INDEX_FILE)
    conn.execute("UPDATE meta SET varde = ? WHERE nyckel = 'version'", (str(INDEX_VERSION - 1),))
    conn.commit()
    conn.close()
    index = SokIndex(demo_store.root)
    try:
        assert index.behover_byggas()
        assert index.sok("Västerbyn") == []
    finally:
        index.close()


def test_interrupted_build_leaves_the_old_index_marked(demo_store: Store) -> None:
    index = index_demo(demo_store)

    def failing() -> Iterator[tuple[Sammantrade, str]]:
        yield demo_store.meeting(KS), "KS"
        raise OSError("disk went away")

    try:
        with pytest.raises(OSError):
            index.bygg_om(failing(), [])
        assert not index.behover_byggas()  # rolled back: the old, complete index
        assert {t.meeting_id for t in index.sok("Västerbyn")} == {KS, KF}
    finally:
        index.close()


def test_write_errors_never_reach_the_caller(demo_store: Store, index: SokIndex) -> None:
    blocker = sqlite3.connect(demo_store.root / INDEX_FILE, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        index._conn.execute("PRAGMA busy_timeout = 50")  # type: ignore[union-attr]
        index.uppdatera_sammantrade(demo_store.meeting(KS), "KS")
        assert index.behover_byggas()  # the change is missing: ask for a build
    finally:
        blocker.rollback()
        blocker.close()
    assert hits(index, "Västerbyn")  # the index itself is intact
    index.bygg_om(*kallor(demo_store, lambda sha256: ""))
    assert not index.behover_byggas()


# -- read-only -----------------------------------------------------------------------------


def test_readonly_never_writes(demo_store: Store) -> None:
    path = demo_store.root / INDEX_FILE
    missing = SokIndex(demo_store.root, readonly=True)
    assert missing.behover_byggas()
    assert missing.sok("Västerbyn") == [] and missing.historik("KS 2025/207") == []
    missing.close()
    assert not path.exists()

    index_demo(demo_store).close()
    before = (file_digest(path), path.stat().st_mtime_ns)
    index = SokIndex(demo_store.root, readonly=True)
    try:
        assert not index.behover_byggas()
        assert hits(index, "Västerbyn")
        assert index.historik("KS 2025/207")
        with pytest.raises(StoreReadOnlyError):
            index.uppdatera_sammantrade(demo_store.meeting(KS), "KS")
        with pytest.raises(StoreReadOnlyError):
            index.bygg_om([], [])
    finally:
        index.close()
    assert (file_digest(path), path.stat().st_mtime_ns) == before


def test_readonly_does_not_repair_a_corrupt_index(demo_store: Store) -> None:
    path = demo_store.root / INDEX_FILE
    path.write_bytes(b"garbage" * 100)
    index = SokIndex(demo_store.root, readonly=True)
    try:
        assert index.behover_byggas()
        assert index.sok("Västerbyn") == []
    finally:
        index.close()
    assert path.read_bytes() == b"garbage" * 100


def test_readonly_reader_sees_the_writers_commits(demo_store: Store, index: SokIndex) -> None:
    reader = SokIndex(demo_store.root, readonly=True)
    try:
        mote = demo_store.meeting(KS)
        mote.arenden[0].beskrivning = "Uppropet gällde även ersättaren för flodhästar."
        index.uppdatera_sammantrade(mote, "KS")
        assert [t.meeting_id for t in reader.sok("flodhästar")] == [KS]
    finally:
        reader.close()


def test_search_from_a_worker_thread(index: SokIndex) -> None:
    results: list[int] = []
    thread = threading.Thread(target=lambda: results.append(len(index.sok("Västerbyn"))))
    thread.start()
    thread.join()
    assert results and results[0] > 0


# -- hostile queries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        'AND "( * -',
        '"',
        '""',
        "*",
        "NOT",
        "OR OR",
        "NEAR(a b, 2)",
        "rubrik: Västerbyn",
        "{rubrik text}: x",
        "^Västerbyn",
        "a AND",
        "-Västerbyn",
        "'; DROP TABLE dok; --",
        "\x00\x01\x02",
        "§",
        "§ 99999999999",
        "Dnr",
        "2026-10-19",
        "KS 2020/",
        "x" * 10_000,
        " ".join(["förskola"] * 200),
        "e\u0301",
    ],
)
def test_hostile_queries_do_not_raise(index: SokIndex, query: str) -> None:
    assert isinstance(index.sok(query), list)
    assert isinstance(index.historik(query), list)


def test_operators_are_words(index: SokIndex) -> None:
    assert hits(index, "Västerbyn OR Tallen") == []  # "OR" is just a (missing) word
    assert hits(index, "-Västerbyn") == hits(index, "Västerbyn")
    assert hits(index, 'förskolan "') == hits(index, "förskolan")


def test_decomposed_input_matches(index: SokIndex) -> None:
    """A query typed or pasted in NFD ("a" + combining ring) finds the NFC text."""
    assert hits(index, "va\u0308sterbyn") == hits(index, "västerbyn")


def test_brackets_in_text_do_not_look_like_hits(demo_store: Store, index: SokIndex) -> None:
    mote = demo_store.meeting(KS)
    mote.arenden[0].beskrivning = "Se [bilaga 3] om giraffer och [ändrad] text."
    index.uppdatera_sammantrade(mote, "KS")
    utdrag = index.sok("giraffer")[0].utdrag
    assert utdrag.count("[") == 1 and "[giraffer]" in utdrag
    assert "(bilaga 3)" in utdrag


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=80))
def test_any_text_is_a_safe_query(index: SokIndex, query: str) -> None:
    for traff in index.sok(query, grans=5):
        assert isinstance(traff, Traff)
        assert traff.utdrag.count("[") == traff.utdrag.count("]")
    assert isinstance(index.historik(query), list)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    words=st.lists(
        st.sampled_from(
            ['"', "(", ")", "*", "-", "+", ":", "^", "AND", "OR", "NOT", "NEAR", "{", "}"]
        )
        | st.sampled_from(["förskola", "Västerbyn", "KS", "2020/434", "§", "år", "jäv"]),
        max_size=8,
    )
)
def test_query_syntax_soup(index: SokIndex, words: list[str]) -> None:
    assert isinstance(index.sok(" ".join(words)), list)
    assert isinstance(index.sok("".join(words)), list)


# -- the demo's own data -------------------------------------------------------------------


def test_list_post_shapes_in_a_real_meeting(demo_store: Store, index: SokIndex) -> None:
    mote = demo_store.meeting(SJ_SBN)
    mote.arende("a4").poster.append(
        ListPost(9, "Rivningslov för gäststuga", "KS/2021:55", date(2026, 11, 1))
    )
    index.uppdatera_sammantrade(mote, "SBN")
    assert [(t.meeting_id, t.nummer) for t in index.sok("2021-00055")] == [(SJ_SBN, 4)]
    assert [r.paragraf for r in index.historik("KS 2021/55")] == [104]


def test_index_file_lives_in_the_store(demo_store: Store, index: SokIndex) -> None:
    assert (demo_store.root / INDEX_FILE).exists()
    assert index.path == demo_store.root / INDEX_FILE
    assert os.path.getsize(index.path) > 0


# -- saves: the file and the index together ------------------------------------------------


def test_a_save_indexes_what_it_wrote(demo_store: Store) -> None:
    assert demo_store.search("Västerbyn")  # builds the index the saves then keep current
    arende = demo_store.meeting(KF).arenden[0]
    arende.beskrivning += " Kvarnbäcksrenoveringen."
    demo_store.save_arende(KF, arende)
    assert [t.meeting_id for t in demo_store.search("Kvarnbäcksrenoveringen")] == [KF]
    mote = demo_store.meeting(KF)
    mote.plats = "Gnistrasalen"
    demo_store.save_meeting(mote)
    assert [t.meeting_id for t in demo_store.search("Gnistrasalen")] == [KF]
    assert not demo_store.search_needs_build()


@pytest.mark.parametrize("what", ["arende", "sammantrade"])
def test_a_failed_file_write_leaves_the_index_without_the_change(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    from kallelse_tui.store import StoreWriteError, storage

    assert demo_store.search("Västerbyn")
    fil = demo_store.root / "sammantraden" / "2026" / f"{KF}.json"
    before = file_digest(fil)

    def full_disk(path: Path, payload: bytes, *, keep_backup: bool = True) -> None:
        raise StoreWriteError(f"Kunde inte spara {path}: disken är full.")

    monkeypatch.setattr(storage, "write_atomic", full_disk)
    mote = demo_store.meeting(KF)
    with pytest.raises(StoreWriteError, match="disken är full"):
        if what == "arende":
            mote.arenden[0].beskrivning += " Kvarnbäcksrenoveringen."
            demo_store.save_arende(KF, mote.arenden[0])
        else:
            mote.plats = "Kvarnbäcksrenoveringen"
            demo_store.save_meeting(mote)
    monkeypatch.undo()
    assert file_digest(fil) == before
    assert demo_store.search("Kvarnbäcksrenoveringen") == []  # not written, so not indexed
    assert demo_store.search("Västerbyn")
    assert not demo_store.search_needs_build()  # nothing is missing: neither changed


def test_the_wal_is_checkpointed_beside_the_saves_not_in_them(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkpoint (WAL copied into the index, two fsyncs) never runs inside a save's
    commit, where the UI waits: it runs on a thread of its own once the WAL is large."""
    threads: list[str] = []
    real = SokIndex._checkpoint

    def recorded(self: SokIndex) -> None:
        threads.append(threading.current_thread().name)
        real(self)

    monkeypatch.setattr(SokIndex, "_checkpoint", recorded)
    assert demo_store.search("Västerbyn")
    index = demo_store._search
    assert index is not None and index._conn is not None
    assert index._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    mote = demo_store.meeting(KF)
    monkeypatch.setattr(index_module, "_WAL_BYTE", 1 << 40)
    demo_store.save_meeting(mote)
    assert index._underhall is None  # a small WAL: nothing to do
    monkeypatch.setattr(index_module, "_WAL_BYTE", 1)
    mote.plats = "Gnistrasalen"
    demo_store.save_meeting(mote)
    assert index._underhall is not None
    index._underhall.submit(lambda: None).result()  # the checkpoint has run
    assert threads and all(name.startswith("sokindex-wal") for name in threads)
    assert [t.meeting_id for t in demo_store.search("Gnistrasalen")] == [KF]


def test_a_checkpoint_waits_for_the_wal_to_grow_again(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a checkpoint the WAL starts over and its file is cut to what was written
    since, so the next checkpoint comes only when that has grown past _WAL_BYTE again, not
    beside every save once the file was large once (74 checkpoints in 150 saves before)."""
    checkpoints: list[int] = []
    real = SokIndex._checkpoint
    saves = 0

    def recorded(self: SokIndex) -> None:
        checkpoints.append(saves)
        real(self)

    monkeypatch.setattr(SokIndex, "_checkpoint", recorded)
    assert demo_store.search("Västerbyn")
    index = demo_store._search
    assert index is not None
    mote = demo_store.meeting(KF)
    arende = mote.arenden[len(mote.arenden) // 2]
    text = arende.beskrivning
    # The WAL grows by some 30-40 kB per save of an ärende of the demo meeting.
    monkeypatch.setattr(index_module, "_WAL_BYTE", 400_000)
    for saves in range(1, 61):
        arende.beskrivning = f"{text} Ändrad {saves}."
        demo_store.save_arende(KF, arende)
        if index._underhall is not None:
            index._underhall.submit(lambda: None).result()  # each checkpoint done at once
    assert 1 <= len(checkpoints) <= 12, checkpoints
    assert [t.meeting_id for t in demo_store.search("Ändrad 60")] == [KF]


def _meeting_rows(path: Path, meeting_id: str) -> list[tuple[Any, ...]]:
    """What the index holds for a meeting, without row ids: its rows with their text."""
    conn = sqlite3.connect(path)
    try:
        dok = conn.execute(
            "SELECT dok.slag, dok.arende_id, dok.underlag_id, dok.nummer, dok.paragraf, "
            "dok.rubrik, dok.dnr, dok.beslut, dok.sekretess, fts.rubrik, fts.text, fts.ram, "
            "fts.nycklar FROM dok JOIN fts ON fts.rowid = dok.id WHERE dok.meeting_id = ?",
            (meeting_id,),
        ).fetchall()
        dnr = conn.execute(
            "SELECT nyckel, serie, dnr, arende_id, nummer, paragraf, rubrik, beslut, post "
            "FROM dnrrad WHERE meeting_id = ?",
            (meeting_id,),
        ).fetchall()
    finally:
        conn.close()
    return sorted(dok, key=repr) + sorted(dnr, key=repr)


def test_save_paragraf_indexes_its_arende_only_and_the_rows_equal_a_fresh_index(
    demo_store: Store, tmp_path: Path
) -> None:
    """Meeting mode's autosave re-indexes the one ärende whose § was typed into; after a
    series of such saves (text added, removed, a Dnr typed) the meeting's rows are the
    ones a fresh index of the same store holds."""
    assert demo_store.search("Västerbyn")  # the index exists: saves keep it current
    mote = demo_store.meeting(SJ_SBN)
    p = next(p for p in mote.paragrafer if p.omedelbar is None)
    for text in (" Tillsynen sker kvartalsvis.", " Se även KS 2019/77.", ""):
        p.beslut = (p.beslut.split(" Tillsynen")[0].split(" Se även")[0]) + text
        demo_store.save_paragraf(SJ_SBN, p)
    p.behandling = "Ordföranden ställer proposition på Kvarnbäcksförslaget."
    demo_store.save_paragraf(SJ_SBN, p)
    assert [(t.meeting_id, t.slag) for t in demo_store.search("Kvarnbäcksförslaget")] == [
        (SJ_SBN, "beslut")
    ]
    assert demo_store.search("kvartalsvis") == []
    fresh = tmp_path / "fresh"
    shutil.copytree(demo_store.root, fresh, ignore=shutil.ignore_patterns(INDEX_FILE + "*"))
    with Store.open(fresh) as copy:
        assert copy.search("Kvarnbäcksförslaget")  # built anew from the files
    assert _meeting_rows(demo_store.root / INDEX_FILE, SJ_SBN) == _meeting_rows(
        fresh / INDEX_FILE, SJ_SBN
    )
