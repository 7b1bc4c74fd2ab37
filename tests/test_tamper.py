"""The tamper test (issue 11): a store with a chain of three justerade protokoll of one
organ, changed in many ways by someone holding the files. Each change is either reported
by `kallelse verify` (and an export of the changed protokoll is refused, naming what), or
cannot change any export of a justerat protokoll. The README's table ("## Lagret") lists
the same kinds of change."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.justering import registrera_anslag
from kallelse_tui.domain.kontrollsumma import delar, paragraf_hashar, protokoll_hash
from kallelse_tui.domain.model import Justering, Paragraf, Sammantrade, nytt_sammantrade
from kallelse_tui.domain.status import Status
from kallelse_tui.store import Store
from kallelse_tui.store.integritet import add_rattelse, save_chain_head

P1, P2, P3 = "norrvik-ks-2026-10-19", "norrvik-ks-2026-11-16", "norrvik-ks-2026-12-07"
FORSTA_TEXT = "enligt bilaga 1.\\n2."  # in the beslut of § 176 of P1


def _protokoll(store: Store, dag: date, forsta: int, justeras: date) -> Sammantrade:
    organ = store.organ("norrvik-ks")
    mote = nytt_sammantrade(organ, dag, {r.id for r in store.meetings()})
    mote.status = Status.PROTOKOLL_KLART
    mote.narvaro = store.meeting(P1).narvaro
    mote.paragrafer = [
        Paragraf(forsta + i, a.id, f"{a.rubrik}: beslutat.") for i, a in enumerate(mote.arenden)
    ]
    mote.justering = Justering(["l1", "l2"])
    store.save_meeting(mote)
    return store.justera(mote.id, justeras)


@pytest.fixture(scope="module")
def kedja(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with two more KS protokoll after its justerat one, an anslag on the first
    and a rättelse in the second; built once, copied for each change."""
    from kallelse_tui.cli import copy_sample_data

    root = copy_sample_data(tmp_path_factory.mktemp("kedja") / "lager")
    with Store.open(root) as store:
        mote = store.meeting(P1)
        registrera_anslag(mote, date(2026, 10, 26), "Kommunkansliet, Norrvik")
        store.save_meeting(mote)
        _protokoll(store, date(2026, 11, 16), 181, date(2026, 11, 18))
        _protokoll(store, date(2026, 12, 7), 191, date(2026, 12, 9))
        add_rattelse(
            store, P2, 181, "beslutat", "beslutat enhälligt", "Anna-Karin Lund", date(2026, 11, 20)
        )
    return root


@pytest.fixture
def lager(kedja: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(kedja, tmp_path / "lager"))


def verify(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """Exit code and what verify printed (on stderr when the store cannot read a file)."""
    code = main(["verify", "--store", str(root), *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


EXPORTS = [
    ("protokoll", P1, ()),
    ("protokoll", P3, ()),
    ("utdrag", P1, ("--paragraf", "176")),
    ("utdrag", P2, ("--paragraf", "181")),
    ("anslag", P1, ()),
]


def exports(root: Path, ut: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Every export of the justerade protokoll as text; a refusal as its message."""
    ut.mkdir(exist_ok=True)
    texts = {}
    for kind, mote, extra in EXPORTS:
        target = ut / f"{kind}-{mote}.txt"
        target.unlink(missing_ok=True)
        args = ["export", kind, mote, "--format", "txt", "-o", str(target), *extra]
        code = main([*args, "--store", str(root)])
        out = capsys.readouterr()
        texts[f"{kind} {mote}"] = target.read_text("utf-8") if code == 0 else "VÄGRAD " + out.err
    return texts


# --- the changes ----------------------------------------------------------------------------


def shard(root: Path, mote: str) -> Path:
    return root / "sammantraden" / "2026" / f"{mote}.json"


def edit_json(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")


def header(root: Path, mote: str, change: Callable[[dict[str, Any]], None]) -> None:
    edit_json(shard(root, mote), lambda d: change(d["sammantrade"]["1"]))


def arende(root: Path, mote: str, nummer: int, change: Callable[[dict[str, Any]], None]) -> None:
    edit_json(shard(root, mote), lambda d: change(d["arenden"][str(nummer)]))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def register(root: Path, change: Callable[[dict[str, Any]], None]) -> None:
    edit_json(root / "register.json", change)


def ks(doc: dict[str, Any]) -> dict[str, Any]:
    return next(o for o in doc["organ"].values() if o["id"] == "norrvik-ks")


def attachment(root: Path, suffix: str = "") -> Path:
    with Store.open(root, readonly=True) as store:
        sha = store.meeting(P1).arenden[5].beslutsunderlag[0].sha256
        path = store.attachment_path(sha)
    path = path.with_name(path.name + suffix)
    path.chmod(0o600)
    return path


def flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


def forge(root: Path, mote_id: str, change: Callable[[dict[str, Any]], None]) -> None:
    """What a forger who knows the scheme does: change the file, then recompute every hash
    the meeting carries, so the protokoll checks out on its own."""
    edit_json(shard(root, mote_id), change)
    with Store.open(root, readonly=True) as store:
        mote = store.meeting(mote_id)
    assert mote.justering is not None
    mote.justering.paragraf_hashar = paragraf_hashar(mote)
    mote.justering.delar = delar(mote)
    mote.justering.protokoll_hash = protokoll_hash(mote)

    def rehash(d: dict[str, Any]) -> None:
        j = d["sammantrade"]["1"]["justering"]
        j["paragraf_hashar"] = mote.justering.paragraf_hashar
        j["delar"] = mote.justering.delar
        j["protokoll_hash"] = mote.justering.protokoll_hash

    edit_json(shard(root, mote_id), rehash)


def swap_files(root: Path) -> None:
    a, b = shard(root, P1), shard(root, P2)
    tmp = a.with_suffix(".tmp")
    a.rename(tmp)
    b.rename(a)
    tmp.rename(b)


def delete_protokoll(root: Path, mote: str) -> None:
    shard(root, mote).unlink()
    register(
        root,
        lambda d: d["sammantraden"].pop(
            next(k for k, v in d["sammantraden"].items() if v["id"] == mote)
        ),
    )


def unjustera(h: dict[str, Any]) -> None:
    h["status"] = "protokoll klart"
    h["justering"] = {"justerare": h["justering"]["justerare"]}


def reorder(root: Path, d: dict[str, Any]) -> None:
    """Link P3 straight to P1, leaving P2 out of the chain."""
    with Store.open(root, readonly=True) as store:
        p1 = store.meeting(P1)
    assert p1.justering is not None
    d["sammantrade"]["1"]["justering"]["foregaende_hash"] = p1.justering.protokoll_hash


# The store reads no meeting file that holds another meeting (store/repository.py), as for
# any damaged file: verify, an export or a check stops with one sentence naming the file
# (exit 2) before the justering is looked at.
def swapped(fil: str, mote: str) -> str:
    return (
        f"Filen sammantraden/2026/{fil}.json innehåller sammanträdet ”{mote}”, inte det som "
        "filen heter efter."
    )


# kind of change → (the change, what verify says; "" when it is not for verify to catch
# because it cannot change any export of a justerat protokoll)
CHANGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "beslut text": (
        lambda r: replace(shard(r, P1), FORSTA_TEXT, "enligt bilaga 7.\\n2."),
        "KS § 176 i norrvik-ks-2026-10-19 har ändrats efter justeringen.",
    ),
    "ärende description": (
        lambda r: arende(r, P1, 6, lambda a: a.update(beskrivning=a["beskrivning"] + ".")),
        "KS § 176 i norrvik-ks-2026-10-19 har ändrats",
    ),
    "list row (meddelande)": (
        lambda r: arende(r, P1, 4, lambda a: a["poster"][0].update(text="Annat brev")),
        "KS § 174 i norrvik-ks-2026-10-19 har ändrats",
    ),
    "list row removed (delegationsbeslut)": (
        lambda r: arende(r, P1, 5, lambda a: a["poster"].pop()),
        "KS § 175 i norrvik-ks-2026-10-19 har ändrats",
    ),
    "attachment title": (
        lambda r: arende(r, P1, 6, lambda a: a["beslutsunderlag"][0].update(titel="Annan")),
        "KS § 176 i norrvik-ks-2026-10-19 har ändrats",
    ),
    "attachment date": (
        lambda r: arende(r, P1, 7, lambda a: a["beslutsunderlag"][0].update(datum="2020-01-01")),
        "KS § 177 i norrvik-ks-2026-10-19 har ändrats",
    ),
    "attachment sekretess mark": (
        lambda r: arende(r, P1, 7, lambda a: a["beslutsunderlag"][0].update(sekretess=True)),
        "KS § 177 i norrvik-ks-2026-10-19 har ändrats",
    ),
    "attachment bytes": (
        lambda r: flip_byte(attachment(r)),
        "Bilagan till norrvik-ks-2026-10-19 ärende 6",
    ),
    "attachment extracted text": (
        lambda r: flip_byte(attachment(r, ".txt")),
        "den utlästa texten till bilagan ”Tjänsteskrivelse internbudget 2027”",
    ),
    "attachment extracted text removed": (
        lambda r: attachment(r, ".txt").unlink(),
        "den utlästa texten till bilagan ”Tjänsteskrivelse internbudget 2027”",
    ),
    "närvaro": (
        lambda r: header(r, P1, lambda h: h["narvaro"].pop()),
        "uppgifterna om sammanträdet, närvaron",
    ),
    "signatory's name": (
        lambda r: header(r, P1, lambda h: h["undertecknare"][0].update(namn="Någon Annan")),
        "uppgifterna om sammanträdet, närvaron",
    ),
    "meeting place": (
        lambda r: header(r, P1, lambda h: h.update(plats="Någon annanstans")),
        "uppgifterna om sammanträdet, närvaron",
    ),
    "member's name in the frozen record": (
        lambda r: header(
            r, P1, lambda h: h["justering"]["organ"]["ledamoter"][0].update(namn="Annan")
        ),
        "organets namn eller ledamöternas namn",
    ),
    "justerare's name as justerat": (
        lambda r: header(r, P1, lambda h: h["justering"]["namn"].update(l2="Någon Annan (M)")),
        "justerarna, justeringens tid och plats eller datum",
    ),
    "justering date": (
        lambda r: header(r, P1, lambda h: h["justering"].update(datum="2026-10-22")),
        "justerarna, justeringens tid och plats eller datum",
    ),
    "a stored § hash": (
        lambda r: header(
            r, P1, lambda h: h["justering"]["paragraf_hashar"].update({"171": "0" * 64})
        ),
        "KS § 171 i norrvik-ks-2026-10-19 har ändrats efter justeringen.",
    ),
    "member renamed in the register": (
        lambda r: register(r, lambda d: ks(d)["ledamoter"][0].update(namn="Nytt Namn")),
        "",
    ),
    "member's party and role in the register": (
        lambda r: register(r, lambda d: ks(d)["ledamoter"][1].update(parti="X", roll="ledamot")),
        "",
    ),
    "organ renamed in the register": (
        lambda r: register(r, lambda d: ks(d).update(namn="Styrelsen", kortnamn="ST")),
        "",
    ),
    "member removed from the register": (
        lambda r: register(r, lambda d: ks(d)["ledamoter"].pop(2)),
        "",
    ),
    "two meeting files swapped": (swap_files, swapped(P2, P1)),  # the newest is read first
    "meeting id inside its file": (
        lambda r: header(r, P1, lambda h: h.update(id=P2)),
        swapped(P1, P2),
    ),
    "oldest protokoll deleted": (
        lambda r: delete_protokoll(r, P1),
        "Registret anger att Kommunstyrelsen (KS) har 3 justerade protokoll, men lagret har 2",
    ),
    "newest protokoll deleted": (
        lambda r: delete_protokoll(r, P3),
        "har 3 justerade protokoll, men lagret har 2",
    ),
    "un-justerat by hand (status only)": (
        lambda r: header(r, P2, lambda h: h.update(status="protokoll klart")),
        "justeringen har tagits bort för hand",
    ),
    "un-justerat by hand (justering removed)": (
        lambda r: header(r, P2, unjustera),
        "har 3 justerade protokoll, men lagret har 2",
    ),
    "newest protokoll edited, hashes recomputed": (
        lambda r: forge(r, P3, lambda d: d["paragrafer"]["1"].update(beslut="Ett annat beslut.")),
        "Det senast justerade protokollet för Kommunstyrelsen (KS) är inte det som registret",
    ),
    "middle protokoll edited, hashes recomputed": (
        lambda r: forge(r, P2, lambda d: d["sammantrade"]["1"].update(plats="Annanstans")),
        "bryts vid norrvik-ks-2026-12-07: det föregående",
    ),
    "chain reordered, hashes recomputed": (
        lambda r: forge(r, P3, lambda d: reorder(r, d)),
        "anger redan samma föregående protokoll",
    ),
    "anslag date": (
        lambda r: header(r, P1, lambda h: h["anslag"].update(uppsatt="2026-10-28")),
        "Anslaget av protokollet norrvik-ks-2026-10-19",
    ),
    "anslag take-down date": (
        lambda r: header(r, P1, lambda h: h["anslag"].update(nedtas="2026-11-01")),
        "Anslaget av protokollet norrvik-ks-2026-10-19",
    ),
    "anslag förvaringsplats": (
        lambda r: header(r, P1, lambda h: h["anslag"].update(forvaringsplats="Arkivet")),
        "Anslaget av protokollet norrvik-ks-2026-10-19",
    ),
    "rättelse text": (
        lambda r: header(r, P2, lambda h: h["rattelser"][0].update(ska_vara="något annat")),
        "Rättelse 1 av KS § 181 i norrvik-ks-2026-11-16",
    ),
    "rättelse removed": (
        lambda r: header(r, P2, lambda h: h["rattelser"].pop()),
        "Registret anger 1 rättelser i protokollen för Kommunstyrelsen (KS), men lagret har 0",
    ),
    "chain head removed from the register": (
        lambda r: register(r, lambda d: d.pop("kedjor")),
        "Registret saknar kedjehuvudet för Kommunstyrelsen (KS)",
    ),
    "chain head count lowered": (
        lambda r: register(r, lambda d: next(iter(d["kedjor"].values())).update(antal=2)),
        "Registret anger att Kommunstyrelsen (KS) har 2 justerade protokoll",
    ),
}


# Exported afterwards as the unjusterat draft it now claims to be (marked so in the
# document); verify reports it.
CAUGHT_BY_VERIFY_ONLY = {"un-justerat by hand (justering removed)"}
CAUGHT_AT_LOAD = {"two meeting files swapped", "meeting id inside its file"}


def test_the_untouched_chain_verifies(kedja, capsys):
    assert verify(kedja, capsys) == (
        0,
        "Allt stämmer: de justerade protokollen och bilagorna är oförändrade.\n",
    )
    with Store.open(kedja, readonly=True) as store:
        chain = [store.meeting(m).justering for m in (P1, P2, P3)]
    assert [j.foregaende_hash for j in chain[1:]] == [j.protokoll_hash for j in chain[:2]]


def test_at_least_25_kinds_of_change():
    assert len(CHANGES) >= 25


@pytest.mark.parametrize("kind", list(CHANGES))
def test_each_change_is_caught_or_changes_no_export(kind, kedja, lager, tmp_path, capsys):
    change, caught_by = CHANGES[kind]
    before = exports(kedja, tmp_path / "fore", capsys)
    change(lager)
    code, out = verify(lager, capsys)
    after = exports(lager, tmp_path / "efter", capsys)
    if caught_by:
        assert code == (2 if kind in CAUGHT_AT_LOAD else 1) and caught_by in out, out
        # What is caught also stops the exports it would change (by the protokoll's own
        # hashes, or by its organ's chain and head when the forger recomputed them).
        changed = [k for k in after if after[k] != before[k] and not after[k].startswith("VÄGRAD")]
        assert changed == [] or kind in CAUGHT_BY_VERIFY_ONLY, changed
    else:
        assert code == 0, out
        assert after == before  # printed from the frozen record, not from the register


@pytest.mark.parametrize(
    "kind, refusal",
    [
        ("beslut text", "KS § 176 i norrvik-ks-2026-10-19 har ändrats efter justeringen."),
        ("attachment extracted text", "KS § 176 i norrvik-ks-2026-10-19: den utlästa texten"),
        ("member's name in the frozen record", "organets namn eller ledamöternas namn"),
        ("anslag date", "Anslaget av protokollet norrvik-ks-2026-10-19"),
        ("list row (meddelande)", "KS § 174 i norrvik-ks-2026-10-19 har ändrats"),
        ("attachment title", "KS § 176 i norrvik-ks-2026-10-19 har ändrats"),
        ("närvaro", "uppgifterna om sammanträdet, närvaron"),
        ("middle protokoll edited, hashes recomputed", "bryts vid norrvik-ks-2026-12-07"),
        ("rättelse removed", "Registret anger 1 rättelser"),
    ],
)
def test_a_changed_protokoll_is_not_handed_out(kind, refusal, lager, tmp_path, capsys):
    CHANGES[kind][0](lager)
    texts = exports(lager, tmp_path, capsys)
    for key in ("protokoll norrvik-ks-2026-10-19", "utdrag norrvik-ks-2026-10-19"):
        assert texts[key].startswith(
            "VÄGRAD kallelse: Protokollet norrvik-ks-2026-10-19 lämnas "
            "inte ut, eftersom det inte stämmer med justeringen: "
        )
        assert refusal in texts[key]
    assert main(["check", P1, "--store", str(lager)]) == 1
    assert refusal in capsys.readouterr().out


def test_swapped_meeting_files_are_not_handed_out(lager, tmp_path, capsys):
    swap_files(lager)
    texts = exports(lager, tmp_path, capsys)
    for key in ("protokoll norrvik-ks-2026-10-19", "utdrag norrvik-ks-2026-10-19"):
        assert texts[key] == f"VÄGRAD kallelse: {swapped(P1, P2)} Ingenting har skrivits över.\n"
    assert main(["check", P1, "--store", str(lager)]) == 2
    assert swapped(P1, P2) in capsys.readouterr().err


def ks_rows(lista: Path) -> dict[str, int]:
    """The published list's rows of the Norrvik KS chain: meeting id → line number (the
    demo has justerade protokoll of other organs too)."""
    rader = lista.read_text("utf-8").splitlines()
    return {r.split()[1]: n for n, r in enumerate(rader, 1) if r.startswith("norrvik-ks ")}


def test_only_the_published_list_catches_a_forger_who_also_rewrites_the_head(
    lager, tmp_path, capsys
):
    lista = tmp_path / "kontrollsummor.txt"
    assert main(["kontrollsummor", "-o", str(lista), "--store", str(lager)]) == 0
    capsys.readouterr()
    rader = ks_rows(lista)
    assert list(rader) == [P1, P2, P3]
    assert verify(lager, capsys, "--mot", str(lista))[0] == 0

    forge(lager, P3, lambda d: d["paragrafer"]["1"].update(beslut="Ett annat beslut."))
    with Store.open(lager) as store:  # the head rewritten too: the store agrees with itself
        save_chain_head(store, "norrvik-ks")
    assert verify(lager, capsys)[0] == 0
    code, out = verify(lager, capsys, "--mot", str(lista))
    assert code == 1
    assert out.startswith(
        f"{lista} rad {rader[P3]}: protokollet {P3} har inte den publicerade kontrollsumman"
    )


def test_a_published_list_that_does_not_fit_is_a_clear_error(lager, tmp_path, capsys):
    lista = tmp_path / "lista.txt"
    lista.write_text("norrvik-ks norrvik-ks-2026-10-19 2026-10-19 inte-en-summa\n", "utf-8")
    assert main(["verify", "--mot", str(lista), "--store", str(lager)]) == 2
    assert "Rad 1 i" in capsys.readouterr().err


def test_a_protokoll_missing_from_the_store_is_named_against_the_list(lager, tmp_path, capsys):
    lista = tmp_path / "lista.txt"
    main(["kontrollsummor", "-o", str(lista), "--store", str(lager)])
    delete_protokoll(lager, P2)
    code, out = verify(lager, capsys, "--mot", str(lista))
    assert code == 1 and f"rad {ks_rows(lista)[P2]}: protokollet {P2} finns inte i lagret." in out


def test_a_protokoll_justerat_before_the_frozen_record_still_loads_and_verifies(
    demo_dir, tmp_path, capsys
):
    """A store justerat by an earlier Kallelse (version 1: no frozen organ, no text hashes,
    no chain head) is checked as it was; its exports use the register, as they always did.
    It is not frozen afterwards: a record made later could not show what was justerat."""
    path = shard(demo_dir, P1)
    with Store.open(demo_dir, readonly=True) as store:
        mote = store.meeting(P1)
    assert mote.justering is not None
    mote.justering.version = 1
    mote.justering.organ = None
    mote.justering.texter = {}
    mote.justering.delar = {}
    mote.justering.paragraf_hashar = paragraf_hashar(mote)
    mote.justering.protokoll_hash = protokoll_hash(mote)

    def as_version_1(d: dict[str, Any]) -> None:
        j = d["sammantrade"]["1"]["justering"]
        for name in ("version", "organ", "texter", "delar"):
            j.pop(name)
        j["paragraf_hashar"] = mote.justering.paragraf_hashar
        j["protokoll_hash"] = mote.justering.protokoll_hash

    edit_json(path, as_version_1)
    # Only this organ's head: the demo's Sjöbacka KS protokoll is justerat with the record.
    register(
        demo_dir,
        lambda d: d["kedjor"].pop(
            next(k for k, v in d["kedjor"].items() if v["organ_id"] == "norrvik-ks")
        ),
    )
    assert verify(demo_dir, capsys)[0] == 0
    replace(path, FORSTA_TEXT, "enligt bilaga 7.\\n2.")
    code, out = verify(demo_dir, capsys)
    assert code == 1 and "KS § 176 i norrvik-ks-2026-10-19 har ändrats" in out


def test_a_crash_between_the_meeting_and_the_chain_head_is_no_tampering(lager, tmp_path, capsys):
    """Justering and rättelse save the meeting, then the head: a crash between leaves the
    head one step behind, which is what the app itself would have written."""
    head = json.loads((lager / "register.json").read_text("utf-8"))["kedjor"]
    with Store.open(lager) as store:
        _protokoll(store, date(2027, 1, 11), 201, date(2027, 1, 13))
    register(lager, lambda d: d.update(kedjor=head))  # the head as before the crash
    assert verify(lager, capsys)[0] == 0
    assert not exports(lager, tmp_path, capsys)["protokoll norrvik-ks-2026-12-07"].startswith(
        "VÄGRAD"
    )
    with Store.open(lager) as store:
        save_chain_head(store, "norrvik-ks")  # as the next justering or rättelse would
        head = json.loads((lager / "register.json").read_text("utf-8"))["kedjor"]
        add_rattelse(store, P3, 191, "beslutat", "beslutat enhälligt", "Anna", date(2026, 12, 20))
    register(lager, lambda d: d.update(kedjor=head))
    assert verify(lager, capsys)[0] == 0


def test_a_changed_omedelbart_justerad_paragraf_is_not_handed_out(demo_dir, tmp_path, capsys):
    sbn = "sjobacka-sbn-2026-11-17"
    target = tmp_path / "anslag.txt"
    args = ["export", "anslag", sbn, "--paragraf", "107", "--format", "txt", "-o", str(target)]
    assert main([*args, "--store", str(demo_dir)]) == 0
    replace(shard(demo_dir, sbn), "godkänner planförslaget", "avslår planförslaget")
    assert main([*args, "--store", str(demo_dir)]) == 2
    err = capsys.readouterr().err
    assert "lämnas inte ut" in err and "§ 107 i sjobacka-sbn-2026-11-17 har ändrats" in err
