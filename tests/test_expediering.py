"""Expediering and the help before justering, as pure domain code."""

from __future__ import annotations

from datetime import date

import pytest

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.expediering import (
    justerade_paragrafer,
    markera_skickat,
    mottagare,
    slug,
    utdrag_filnamn,
)
from kallelse_tui.domain.fore_justering import foreslagna_justerare, oppna_punkter
from kallelse_tui.domain.model import Mottagare, Syfte
from kallelse_tui.store import Store

KS = "norrvik-ks-2026-10-19"
SBN = "sjobacka-sbn-2026-11-17"


def _mote(store: Store, meeting_id: str):
    mote = store.meeting(meeting_id)
    return mote, store.organ(mote.organ_id)


def test_recipients_grouped_across_paragrafer(demo_store):
    mote, _ = _mote(demo_store, KS)
    rader = {r.namn: r for r in mottagare(mote)}
    assert rader["Kommunfullmäktige"].justerade == [177, 178, 179]
    assert rader["Kommunfullmäktige"].syften == [Syfte.VERKSTALLIGHET]
    assert rader["Akten"].pseudo and rader["Akten"].justerade == [176, 179, 181]
    assert [r.pseudo for r in mottagare(mote)][-1]  # pseudo-recipients last
    assert utdrag_filnamn(mote, rader["Norrviks Bostäder AB"]) == (
        "utdrag-norrvik-ks-2026-10-19-norrviks-bostader-ab.pdf"
    )


def test_only_justerade_paragrafer_may_be_sent(demo_store):
    mote, _ = _mote(demo_store, SBN)
    assert justerade_paragrafer(mote) == {107}  # omedelbart justerad
    arende = next(a for a in mote.arenden if a.id == mote.paragrafer[-1].arende_id)
    arende.skickas_till.append(Mottagare("Byggherren", Syfte.VERKSTALLIGHET))
    rader = {r.namn: r for r in mottagare(mote)}
    assert rader["Byggherren"].justerade == [107]
    assert rader["Sökanden"].justerade == [] and rader["Sökanden"].ej_justerade == [105]
    with pytest.raises(DomainError, match="§ 105 är inte justerad än"):
        markera_skickat(mote, rader["Sökanden"], date(2026, 11, 20))
    post = markera_skickat(mote, rader["Byggherren"], date(2026, 11, 20))
    assert (post.mottagare, post.paragrafer, post.skickat) == (
        "Byggherren",
        [107],
        date(2026, 11, 20),
    )
    assert {r.namn: r for r in mottagare(mote)}["Byggherren"].skickat == date(2026, 11, 20)


def test_akten_is_never_sent(demo_store):
    mote, _ = _mote(demo_store, KS)
    akten = next(r for r in mottagare(mote) if r.pseudo)
    with pytest.raises(DomainError, match="läggs till akten"):
        markera_skickat(mote, akten, date(2026, 10, 27))


def test_slug():
    assert slug("Sakägare enligt sändlista") == "sakagare-enligt-sandlista"
    assert slug("§§") == "mottagare"


def test_justerare_suggested_from_val_av_justerare(demo_store):
    mote, organ = _mote(demo_store, SBN)
    assert foreslagna_justerare(mote, organ) == ["l1", "l2"]  # recorded at the meeting
    assert mote.justering is not None
    mote.justering.justerare = []
    assert foreslagna_justerare(mote, organ) == ["l1", "l2"]  # the chair, Sara Blom from § 102


def test_open_items_before_justering(demo_store):
    mote, organ = _mote(demo_store, SBN)
    paragraf = next(p for p in mote.paragrafer if p.nummer == 105)
    paragraf.beslut = ""
    fynd = oppna_punkter(mote, organ, date(2026, 11, 20))
    assert any(f.regel == "beslut-saknas" and "§ 105" in f.meddelande for f in fynd)
    late = oppna_punkter(mote, organ, date(2026, 12, 10))
    assert any(f.regel == "justering-sen" for f in late)
