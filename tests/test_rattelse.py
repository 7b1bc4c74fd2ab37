"""Rättelse of a justerat protokoll (JO 581-2013): appended, dated, chained, printed at the
end of the protokoll and of every later utdrag of its §; the protokoll itself unchanged."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.rattelse import lagg_till_rattelse, rattelser_data
from kallelse_tui.domain.verifiering import kontrollera_hashar
from kallelse_tui.store import Store, StoreLockedProtocolError

KS = "norrvik-ks-2026-10-19"
SBN = "sjobacka-sbn-2026-11-17"  # protokoll klart, not justerat


def rattelse(store_dir, *extra: str) -> int:
    return main(
        [
            "rattelse",
            KS,
            "--paragraf",
            "176",
            "--var",
            "1 250 000 kronor",
            "--ska-vara",
            "1 520 000 kronor",
            "--beslutad-av",
            "Anna-Karin Lund, ordförande",
            "--datum",
            "2026-11-02",
            "--store",
            str(store_dir),
            *extra,
        ]
    )


def test_a_rattelse_is_appended_chained_and_leaves_the_protokoll_as_justerat(demo_dir, capsys):
    with Store.open(demo_dir, readonly=True) as store:
        fore = store.meeting(KS)
    assert rattelse(demo_dir) == 0
    assert "Rättelse av § 176" in capsys.readouterr().out
    with Store.open(demo_dir, readonly=True) as store:
        efter = store.meeting(KS)
        organ = store.organ(efter.organ_id)
    [r] = efter.rattelser
    assert (r.paragraf, r.var, r.ska_vara) == (176, "1 250 000 kronor", "1 520 000 kronor")
    assert r.foregaende_hash == efter.justering.protokoll_hash and len(r.hash) == 64
    assert efter.paragrafer == fore.paragrafer and efter.justering == fore.justering
    assert kontrollera_hashar(efter, organ) == []
    assert rattelse(demo_dir) == 0  # a second one links to the first
    with Store.open(demo_dir, readonly=True) as store:
        second = store.meeting(KS).rattelser[1]
    assert second.foregaende_hash == r.hash
    assert main(["verify", "--store", str(demo_dir)]) == 0


def test_the_rattelse_prints_at_the_end_of_the_protokoll_and_in_utdrag_of_its_paragraf(
    demo_dir, tmp_path, capsys
):
    assert rattelse(demo_dir) == 0
    for kind, extra in (("protokoll", []), ("utdrag", ["--paragraf", "176"])):
        for fmt in ("txt", "md", "html"):
            target = tmp_path / f"{kind}.{fmt}"
            args = ["export", kind, KS, "--format", fmt, "-o", str(target), *extra]
            assert main([*args, "--store", str(demo_dir)]) == 0
            text = target.read_text("utf-8")
            assert "Rättelse 2 november 2026 av § 176" in text
            sist = "Information om arbetsmiljöverkets" if kind == "protokoll" else "internbud"
            assert text.index("Rättelse 2 november 2026") > text.rindex(sist)
            assert "Rättelsen beslutades av Anna-Karin Lund, ordförande." in text
    target = tmp_path / "utdrag-177.txt"
    args = ["export", "utdrag", KS, "--paragraf", "177", "--format", "txt", "-o", str(target)]
    assert main([*args, "--store", str(demo_dir)]) == 0
    assert "Rättelse" not in target.read_text("utf-8")  # another §: not its rättelse
    from pypdf import PdfReader

    pdf = tmp_path / "protokoll.pdf"
    args = ["export", "protokoll", KS, "--format", "pdf", "-o", str(pdf)]
    assert main([*args, "--store", str(demo_dir)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Det ska stå: 1 520 000 kronor" in text
    from docx import Document

    word = tmp_path / "utdrag.docx"
    args = ["export", "utdrag", KS, "--paragraf", "176", "--format", "docx", "-o", str(word)]
    assert main([*args, "--store", str(demo_dir)]) == 0
    stycken = [p.text for p in Document(str(word)).paragraphs]
    assert stycken.index("Det ska stå: 1 520 000 kronor") < stycken.index(
        next(s for s in stycken if s.startswith("Rätt utdraget betygar"))
    )


def test_a_public_version_keeps_only_the_number_of_a_sekretess_paragraf(demo_store):
    mote = demo_store.meeting(KS)
    lagg_till_rattelse(mote, 178, "hemligt namn", "annat hemligt", "Ordföranden", date(2026, 11, 2))
    mote.arende(mote.paragrafer[7].arende_id).sekretess = True
    [block] = rattelser_data(mote, [178], public=True)
    assert "hemligt" not in str(block) and block["rubrik"].endswith("§ 178")
    assert "hemligt namn" in str(rattelser_data(mote, [178]))


@pytest.mark.parametrize(
    "meeting, argv, message",
    [
        (SBN, ["--paragraf", "101"], "är inte justerat"),
        (KS, ["--paragraf", "99"], "har ingen § 99"),
        (KS, ["--ska-vara", "1 250 000 kronor"], "ändrar ingenting"),
        (KS, ["--beslutad-av", " "], "vem som beslutade"),
        (KS, ["--datum", "2026-10-01"], "före justeringen"),
    ],
)
def test_a_rattelse_that_does_not_fit_is_refused_in_swedish(
    demo_dir, capsys, meeting, argv, message
):
    falt = {
        "--paragraf": "176",
        "--var": "1 250 000 kronor",
        "--ska-vara": "1 520 000 kronor",
        "--beslutad-av": "Anna",
        "--datum": "2026-11-02",
    }
    falt.update(zip(argv[::2], argv[1::2], strict=True))
    args = ["rattelse", meeting, *(x for kv in falt.items() for x in kv)]
    assert main([*args, "--store", str(demo_dir)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    with Store.open(demo_dir, readonly=True) as store:
        assert store.meeting(meeting).rattelser == []


def test_a_rattelse_once_made_cannot_be_changed_or_removed(demo_dir):
    assert rattelse(demo_dir) == 0
    with Store.open(demo_dir) as store:
        mote = store.meeting(KS)
        andrad = copy.deepcopy(mote)
        andrad.rattelser[0].ska_vara = "något annat"
        with pytest.raises(StoreLockedProtocolError, match="kan inte ändras eller tas bort"):
            store.save_meeting(andrad)
        mote.rattelser.clear()
        with pytest.raises(StoreLockedProtocolError):
            store.save_meeting(mote)
        bad = store.meeting(KS)
        lagg_till_rattelse(bad, 176, "a", "b", "c", date(2026, 11, 3))
        bad.rattelser[-1].var = "x"  # appended by hand, hash no longer fits
        with pytest.raises(DomainError, match="kontrollsumma som inte stämmer"):
            store.save_meeting(bad)


def test_on_a_server_the_rattelse_and_the_chain_head_are_one_transaction(
    pg_url, demo_dir, monkeypatch
):
    from kallelse_tui.store import StoreError, open_store
    from kallelse_tui.store.integritet import add_rattelse
    from kallelse_tui.store.kopiering import copy_store
    from kallelse_tui.store.pg import PgStore

    copy_store(str(demo_dir), pg_url)
    with open_store(pg_url) as store:
        head = store.chain_head("norrvik-ks")

        def refused(self, huvud):
            raise StoreError("kedjans slut sparades inte")

        monkeypatch.setattr(PgStore, "save_chain_head", refused)
        args = (
            KS,
            176,
            "1 250 000 kronor",
            "1 520 000 kronor",
            "Anna-Karin Lund",
            date(2026, 11, 2),
        )
        with pytest.raises(StoreError, match="kedjans slut"):
            add_rattelse(store, *args)
    with open_store(pg_url) as store:
        assert store.meeting(KS).rattelser == [] and store.chain_head("norrvik-ks") == head
        monkeypatch.undo()
        add_rattelse(store, *args)
    assert main(["verify", "--store", pg_url]) == 0
