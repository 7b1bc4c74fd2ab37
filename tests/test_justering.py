"""Justering: hashes, the chain, omedelbar justering, and every path refusing changes.

Domain tests use a small meeting built here; store and command-line tests a private copy
of the demo store, whose norrvik-ks-2026-10-19 is justerat (§§ 171–181, justerat
2026-10-23) and whose sjobacka-sbn-2026-11-17 has § 107 omedelbart justerad.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from kallelse_tui.cli import main
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.justering import (
    ProtokollLastError,
    justera,
    justera_omedelbart,
    kontrollera_andring,
    registrera_anslag,
)
from kallelse_tui.domain.kontrollsumma import (
    anslag_hash,
    omedelbar_hash,
    paragraf_dokument,
    paragraf_hash,
    paragraf_hashar,
    protokoll_hash,
)
from kallelse_tui.domain.model import (
    Anslag,
    Arende,
    ArendeTyp,
    Beslutsunderlag,
    Justering,
    Ledamot,
    Mottagare,
    NarvaroPost,
    NarvaroTyp,
    Omrostning,
    Organ,
    OrganTyp,
    Paragraf,
    Roll,
    Rost,
    Sammantrade,
    nytt_sammantrade,
)
from kallelse_tui.domain.status import Status
from kallelse_tui.domain.verifiering import kedjans_slut, kontrollera_hashar, kontrollera_kedja
from kallelse_tui.store import Store, StoreLockedProtocolError

KS = Organ(
    id="ks",
    namn="Kommunstyrelsen",
    kortnamn="KS",
    typ=OrganTyp.STYRELSE,
    ledamoter=[
        Ledamot("l1", "Anna Berg", "S", Roll.ORDFORANDE),
        Ledamot("l2", "Bo Ek", "M"),
        Ledamot("l3", "Cecilia Holm", "C"),
        Ledamot("l4", "David Ryd", "SD", Roll.ERSATTARE),
    ],
)
JUSTERAD = date(2026, 10, 23)


def protokoll(mote_id: str = "ks-2026-10-19", datum: date = date(2026, 10, 19)) -> Sammantrade:
    """A protokoll klart with two §§, an omröstning and an attached document."""
    return Sammantrade(
        id=mote_id,
        organ_id="ks",
        datum=datum,
        tid=time(9, 0),
        plats="Kommunhuset, Sessionssalen",
        status=Status.PROTOKOLL_KLART,
        arenden=[
            Arende("a1", "Val av justerare", ArendeTyp.STANDARD),
            Arende(
                "a2",
                "Budget 2027",
                dnr="KS 2026/12",
                beskrivning="Ramen fördelas på verksamheterna.",
                beslutsunderlag=[Beslutsunderlag("u1", "Tjänsteskrivelse", sha256="ab" * 32)],
                skickas_till=[Mottagare("Ekonomiavdelningen")],
            ),
        ],
        paragrafer=[
            Paragraf(1, "a1", "Bo Ek (M) utses att jämte ordföranden justera protokollet."),
            Paragraf(
                2,
                "a2",
                "Budgeten fastställs.",
                omrostning=Omrostning(
                    "Bifall", "Avslag", {"l1": Rost.JA, "l2": Rost.NEJ, "l3": Rost.JA}
                ),
            ),
        ],
        narvaro=[NarvaroPost(i, NarvaroTyp.TJANSTGOR) for i in ("l1", "l2", "l3")],
        justering=Justering(["l1", "l2"], "Kommunhuset, 2026-10-23 kl 10:00"),
    )


def justerat(mote_id: str = "ks-2026-10-19", foregaende: str = "") -> Sammantrade:
    mote = protokoll(mote_id)
    justera(mote, KS, JUSTERAD, foregaende)
    return mote


# --- justera ----------------------------------------------------------------------------


def test_justera_records_every_hash_and_locks_the_protokoll():
    mote = justerat()
    j = mote.justering
    assert mote.status is Status.JUSTERAT and mote.last
    assert j.datum == JUSTERAD
    assert set(j.paragraf_hashar) == {"1", "2"}
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in j.paragraf_hashar.values())
    assert j.paragraf_hashar["2"] == paragraf_hash(mote, mote.paragrafer[1], 2)
    assert j.version == 2 and j.organ == KS and j.organ is not KS  # frozen, a copy
    assert j.protokoll_hash == protokoll_hash(mote) and j.foregaende_hash == ""
    assert j.namn == {"l1": "Anna Berg (S)", "l2": "Bo Ek (M)", "l3": "Cecilia Holm (C)"}
    assert kontrollera_hashar(mote, KS) == []


def test_the_same_protokoll_always_gives_the_same_hashes():
    one, two = justerat(), justerat()
    assert one.justering == two.justering
    assert protokoll_hash(copy.deepcopy(one)) == one.justering.protokoll_hash


def test_the_protokoll_hash_covers_the_previous_protokolls_hash():
    first, second = justerat(foregaende=""), justerat(foregaende="ab" * 32)
    assert first.justering.paragraf_hashar == second.justering.paragraf_hashar
    assert first.justering.protokoll_hash != second.justering.protokoll_hash


def test_a_field_added_later_with_its_default_leaves_old_hashes_unchanged():
    mote = protokoll()
    newer = dataclasses.make_dataclass(
        "Paragraf", [("ny_uppgift", str, dataclasses.field(default=""))], bases=(Paragraf,)
    )
    old = mote.paragrafer[1]
    new = newer(**{f.name: getattr(old, f.name) for f in dataclasses.fields(Paragraf)})
    before = paragraf_hash(mote, old)
    mote.paragrafer[1] = new
    assert paragraf_hash(mote, new) == before
    new.ny_uppgift = "något"
    assert paragraf_hash(mote, new) != before


def test_the_paragraf_document_holds_the_protocol_fields_of_its_arende():
    mote = protokoll()
    arende = paragraf_dokument(mote, mote.paragrafer[1])["arende"]
    assert arende["rubrik"] == "Budget 2027" and arende["dnr"] == "KS 2026/12"
    assert arende["beslutsunderlag"] == [{"titel": "Tjänsteskrivelse", "sha256": "ab" * 32}]
    assert arende["skickas_till"] == [{"namn": "Ekonomiavdelningen"}]


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        pytest.param(
            lambda m: setattr(m, "status", Status.KALLAD),
            "har status ”kallad” och kan inte justeras",
            id="kallad",
        ),
        pytest.param(
            lambda m: justera(m, KS, JUSTERAD, ""),
            "Protokollet för ks-2026-10-19 är redan justerat den 23 oktober 2026.",
            id="redan-justerat",
        ),
        pytest.param(
            lambda m: setattr(m.justering, "justerare", []), "har inga justerare", id="inga"
        ),
        pytest.param(
            lambda m: setattr(m.justering, "justerare", ["l9"]),
            "ingen ledamot med id ”l9”",
            id="okänd",
        ),
        pytest.param(
            lambda m: setattr(m.paragrafer[1], "nummer", 1), "har § 1 mer än en gång", id="dubbel"
        ),
        pytest.param(lambda m: setattr(m, "organ_id", "kf"), "hör till organet kf", id="organ"),
        pytest.param(lambda m: setattr(m, "paragrafer", []), "inga paragrafer", id="tomt"),
    ],
)
def test_justera_refuses_with_a_swedish_sentence_and_changes_nothing(prepare, message):
    mote = protokoll()
    prepare(mote)
    before = copy.deepcopy(mote)
    with pytest.raises(DomainError, match=message):
        justera(mote, KS, JUSTERAD, "")
    assert mote == before


def test_justera_refuses_a_day_before_the_meeting():
    with pytest.raises(DomainError, match="före sammanträdet 2026-10-19"):
        justera(protokoll(), KS, date(2026, 10, 18), "")


# --- what the hashes reveal -------------------------------------------------------------

PARAGRAF_2 = "KS § 2 i ks-2026-10-19 har ändrats efter justeringen."
HELA = "Protokollet ks-2026-10-19 (KS 19 oktober 2026) har ändrats efter justeringen"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(lambda m: setattr(m.paragrafer[1], "beslut", "Budgeten avslås."), PARAGRAF_2),
        pytest.param(
            lambda m: m.paragrafer[1].omrostning.roster.update(l3=Rost.NEJ), PARAGRAF_2, id="röst"
        ),
        pytest.param(lambda m: setattr(m.arenden[1], "rubrik", "Budget 2028"), PARAGRAF_2),
        pytest.param(
            lambda m: setattr(m.arenden[1].beslutsunderlag[0], "sha256", "cd" * 32), PARAGRAF_2
        ),
        pytest.param(lambda m: m.arenden[1].skickas_till.append(Mottagare("Akten")), PARAGRAF_2),
        pytest.param(
            lambda m: m.paragrafer.pop(), "KS § 2 i ks-2026-10-19 har tagits bort", id="bort"
        ),
        pytest.param(
            lambda m: m.paragrafer.append(Paragraf(3, "a2", "Tillägg.")),
            "KS § 3 i ks-2026-10-19 har lagts till",
            id="till",
        ),
        pytest.param(lambda m: setattr(m, "plats", "Folkets hus"), HELA, id="plats"),
        pytest.param(lambda m: setattr(m.narvaro[2], "typ", NarvaroTyp.FRANVARANDE), HELA),
        pytest.param(lambda m: m.justering.namn.update(l2="Bo Ekström (M)"), HELA, id="namn"),
        pytest.param(lambda m: setattr(m.justering, "paragraf_hashar", {}), HELA, id="hashar"),
    ],
)
def test_a_change_after_justering_is_named(change, message):
    mote = justerat()
    change(mote)
    problems = kontrollera_hashar(mote, KS)
    assert len([p for p in problems if message in p]) == 1, problems


def test_a_justerat_protokoll_without_hashes_cannot_be_shown_unchanged():
    mote = justerat()
    mote.justering.protokoll_hash = ""
    (problem,) = kontrollera_hashar(mote, KS)
    assert "saknar kontrollsummor" in problem


# --- refusing changes -------------------------------------------------------------------


def test_a_justerat_protokoll_refuses_any_change_naming_it():
    gammal = justerat()
    ny = copy.deepcopy(gammal)
    ny.paragrafer[1].beslut = "Budgeten avslås."
    with pytest.raises(ProtokollLastError) as exc:
        kontrollera_andring(gammal, ny)
    assert str(exc.value) == (
        "Protokollet för ks-2026-10-19 är justerat den 23 oktober 2026 och kan inte ändras "
        "(ändringen gäller § 2)."
    )


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (lambda m: setattr(m, "plats", "Folkets hus"), "platsen"),
        (lambda m: m.registrera_andring("Ny bilaga.", date(2026, 10, 30)), "ändringslistan"),
        (lambda m: setattr(m.arenden[0], "rubrik", "Upprop"), "ärende 1 ”Val av justerare”"),
        (lambda m: setattr(m, "status", Status.PROTOKOLL_KLART), "statusen"),
        (lambda m: setattr(m.justering, "justerare", ["l1"]), "justeringen"),
    ],
)
def test_refusals_say_what_would_have_changed(change, what):
    gammal = justerat()
    gammal.kallad_datum = date(2026, 10, 9)
    ny = copy.deepcopy(gammal)
    change(ny)
    with pytest.raises(ProtokollLastError, match=f"ändringen gäller {what}"):
        kontrollera_andring(gammal, ny)


def test_the_anslag_is_what_a_justerat_protokoll_may_still_receive():
    gammal = justerat()
    ny = copy.deepcopy(gammal)
    anslag = registrera_anslag(ny, date(2026, 10, 23), "Kommunkansliet")
    assert ny.status is Status.ANSLAGET
    assert anslag.nedtas == date(2026, 11, 14) == anslag.tidigast_nedtagning
    assert anslag.sista_dag_overklagande == date(2026, 11, 13)
    kontrollera_andring(gammal, ny)
    later = copy.deepcopy(ny)
    later.anslag.nedtas = date(2026, 11, 20)  # taken down later than planned: allowed, but
    kontrollera_andring(ny, later)  # the anslag's own hash no longer fits until recomputed
    assert "Anslaget av protokollet" in kontrollera_hashar(later, KS)[0]
    later.anslag.hash = anslag_hash(later)
    later.anslag.uppsatt = date(2026, 10, 24)
    with pytest.raises(ProtokollLastError, match="överklagandetiden räknas från den"):
        kontrollera_andring(ny, later)
    back = copy.deepcopy(ny)
    back.status = Status.JUSTERAT
    with pytest.raises(ProtokollLastError, match="statusen"):
        kontrollera_andring(ny, back)
    assert kontrollera_hashar(ny, KS) == []  # the anslag is outside the protokoll's hashes
    assert kontrollera_hashar(later, KS) == [  # but has one of its own
        "Anslaget av protokollet ks-2026-10-19 (ks 19 oktober 2026) har ändrats efter att det "
        "registrerades: dagarna, förvaringsplatsen eller kontrollsumman stämmer inte."
    ]


def test_anslag_only_after_justering_and_not_before_it():
    with pytest.raises(DomainError, match="bara registreras för ett justerat protokoll"):
        registrera_anslag(protokoll(), date(2026, 10, 23))
    with pytest.raises(DomainError, match="före justeringen 2026-10-23"):
        registrera_anslag(justerat(), date(2026, 10, 22))


@pytest.mark.parametrize("gammal", [None, protokoll()], ids=["ny", "protokoll-klart"])
def test_a_meeting_becomes_justerat_only_through_justera(gammal):
    ny = protokoll()
    ny.status = Status.JUSTERAT
    with pytest.raises(DomainError, match="utan att protokollet justeras"):
        kontrollera_andring(gammal, ny)
    kontrollera_andring(gammal, justerat())


def test_anslaget_needs_an_anslag():
    gammal = justerat()
    ny = copy.deepcopy(gammal)
    ny.status = Status.ANSLAGET
    with pytest.raises(DomainError, match="utan ett anslag"):
        kontrollera_andring(gammal, ny)
    ny.anslag = Anslag(date(2026, 10, 23))
    kontrollera_andring(gammal, ny)


# --- omedelbar justering ----------------------------------------------------------------


def test_omedelbar_justering_locks_that_paragraf_only():
    gammal = protokoll()
    gammal.status = Status.PAGAR
    record = justera_omedelbart(gammal, KS, 2, date(2026, 10, 19))
    assert record.justerare == ["l1", "l2"] and record.datum == date(2026, 10, 19)
    assert gammal.paragrafer[1].omedelbar_justering
    assert record.paragraf_hash == omedelbar_hash(gammal, gammal.paragrafer[1])
    assert record.sista_dag_overklagande is None

    other = copy.deepcopy(gammal)
    other.paragrafer[0].beslut = "Cecilia Holm (C) utses att justera."
    other.plats = "Folkets hus"
    kontrollera_andring(gammal, other)  # the rest of the protokoll is open

    posted = copy.deepcopy(gammal)
    posted.paragrafer[1].omedelbar.anslag = date(2026, 10, 20)
    kontrollera_andring(gammal, posted)  # its anslag may be recorded
    assert posted.paragrafer[1].omedelbar.sista_dag_overklagande == date(2026, 11, 10)
    assert posted.paragrafer[1].omedelbar.tidigast_nedtagning == date(2026, 11, 11)

    for change, verb in [
        (lambda m: setattr(m.paragrafer[1], "beslut", "Budgeten avslås."), "ändras"),
        (lambda m: m.paragrafer[1].omrostning.roster.update(l3=Rost.NEJ), "ändras"),
        (lambda m: setattr(m.arenden[1], "dnr", "KS 2026/13"), "ändras"),
        (lambda m: setattr(m.paragrafer[1].omedelbar, "justerare", ["l3"]), "ändras"),
        (lambda m: m.paragrafer.pop(), "tas bort"),
        (lambda m: setattr(m.paragrafer[1], "omedelbar", None), "tas bort"),
    ]:
        ny = copy.deepcopy(gammal)
        change(ny)
        with pytest.raises(ProtokollLastError) as exc:
            kontrollera_andring(gammal, ny)
        assert str(exc.value) == (
            f"§ 2 i ks-2026-10-19 är omedelbart justerad den 19 oktober 2026 och kan inte {verb}."
        )


def test_the_whole_justering_takes_over_the_omedelbart_justerad_hash():
    mote = protokoll()
    record = justera_omedelbart(mote, KS, 2, date(2026, 10, 19), ["l1", "l3"])
    justera(mote, KS, JUSTERAD, "")
    assert omedelbar_hash(mote, mote.paragrafer[1]) == record.paragraf_hash
    assert kontrollera_hashar(mote, KS) == []
    assert mote.justering.namn["l3"] == "Cecilia Holm (C)"


def test_a_changed_omedelbart_justerad_paragraf_is_named_and_stops_justering():
    mote = protokoll()
    justera_omedelbart(mote, KS, 2, date(2026, 10, 19))
    mote.paragrafer[1].beslut = "Budgeten avslås."
    assert kontrollera_hashar(mote, KS) == [
        "KS § 2 i ks-2026-10-19 har ändrats efter den omedelbara justeringen den 19 oktober 2026."
    ]
    with pytest.raises(DomainError, match="har ändrats efter den omedelbara justeringen"):
        justera(mote, KS, JUSTERAD, "")


@pytest.mark.parametrize(
    ("prepare", "nummer", "message"),
    [
        (lambda m: setattr(m, "status", Status.KALLAD), 2, "först när sammanträdet har börjat"),
        (lambda m: justera_omedelbart(m, KS, 2, m.datum), 2, "är redan omedelbart justerad"),
        (lambda m: None, 9, "har ingen § 9"),
        (lambda m: justera(m, KS, JUSTERAD, ""), 2, "är justerat den 23 oktober 2026"),
    ],
)
def test_justera_omedelbart_refuses(prepare, nummer, message):
    mote = protokoll()
    prepare(mote)
    with pytest.raises(DomainError, match=message):
        justera_omedelbart(mote, KS, nummer, date(2026, 10, 19))


def test_a_new_omedelbar_record_must_fit_its_paragraf():
    gammal = protokoll()
    ny = copy.deepcopy(gammal)
    justera_omedelbart(ny, KS, 2, date(2026, 10, 19))
    kontrollera_andring(gammal, ny)
    ny.paragrafer[1].omedelbar.paragraf_hash = "0" * 64
    with pytest.raises(DomainError, match="kontrollsumma inte stämmer"):
        kontrollera_andring(gammal, ny)


# --- the chain --------------------------------------------------------------------------


def chain(*dagar: tuple[str, date, date]) -> list[Sammantrade]:
    """Meetings (id, meeting day, justering day) justerade in the order given."""
    moten: list[Sammantrade] = []
    for mote_id, datum, justerad in dagar:
        mote = protokoll(mote_id, datum)
        justera(mote, KS, justerad, kedjans_slut(moten))
        moten.append(mote)
    return moten


OKTOBER = ("ks-2026-10-19", date(2026, 10, 19), date(2026, 10, 23))
NOVEMBER = ("ks-2026-11-16", date(2026, 11, 16), date(2026, 11, 18))
DECEMBER = ("ks-2026-12-07", date(2026, 12, 7), date(2026, 12, 9))


def test_each_justering_links_to_the_one_before():
    first, second, third = chain(OKTOBER, NOVEMBER, DECEMBER)
    assert first.justering.foregaende_hash == ""
    assert second.justering.foregaende_hash == first.justering.protokoll_hash
    assert third.justering.foregaende_hash == second.justering.protokoll_hash
    assert kedjans_slut([third, first, second]) == third.justering.protokoll_hash
    assert kontrollera_kedja([third, first, second], KS) == []
    assert kedjans_slut([]) == ""


def test_a_protokoll_justerat_late_keeps_the_chain_whole():
    # October's protokoll is justerat only after November's.
    november, oktober = chain(NOVEMBER, ("ks-2026-10-19", date(2026, 10, 19), date(2026, 11, 20)))
    assert oktober.justering.foregaende_hash == november.justering.protokoll_hash
    assert kedjans_slut([oktober, november]) == oktober.justering.protokoll_hash
    assert kontrollera_kedja([oktober, november], KS) == []


BRYTS = "Kedjan av justerade protokoll för Kommunstyrelsen (KS) bryts vid ks-2026-11-16"


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        pytest.param(
            lambda m: setattr(m[0].paragrafer[1], "beslut", "Budgeten avslås."),
            f"{BRYTS}: det föregående protokollet ks-2026-10-19 har ändrats efter att det "
            "justerades.",
            id="föregående-ändrat",
        ),
        pytest.param(
            lambda m: m.pop(0),
            f"{BRYTS}: det föregående justerade protokollet (kontrollsumma ",
            id="föregående-borta",
        ),
        pytest.param(
            lambda m: setattr(m[2].justering, "foregaende_hash", ""),
            "Kedjan av justerade protokoll för Kommunstyrelsen (KS) bryts vid ks-2026-12-07: "
            "det anges vara organets första justerade protokoll, men ks-2026-10-19 är "
            "justerat före det.",
            id="två-första",
        ),
        pytest.param(
            lambda m: setattr(m[2].justering, "foregaende_hash", m[1].justering.foregaende_hash),
            "Kedjan av justerade protokoll för Kommunstyrelsen (KS) bryts vid ks-2026-12-07: "
            "ks-2026-11-16 anger redan samma föregående protokoll (ks-2026-10-19).",
            id="gaffel",
        ),
    ],
)
def test_a_broken_link_is_named(tamper, message):
    moten = chain(OKTOBER, NOVEMBER, DECEMBER)
    tamper(moten)
    problems = kontrollera_kedja(moten, KS)
    assert len(problems) == 1 and problems[0].startswith(message), problems


# --- the store and the command line -----------------------------------------------------

KS_OKTOBER = "norrvik-ks-2026-10-19"
SBN = "sjobacka-sbn-2026-11-17"


def shard(demo_dir: Path, meeting_id: str) -> Path:
    return demo_dir / "sammantraden" / "2026" / f"{meeting_id}.json"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def verify(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["verify", "--store", str(demo_dir)])
    return code, capsys.readouterr().out.strip().splitlines()


def test_verify_passes_on_an_untouched_copy_of_the_demo(demo_dir, capsys):
    assert verify(demo_dir, capsys) == (
        0,
        ["Allt stämmer: de justerade protokollen och bilagorna är oförändrade."],
    )


def test_verify_names_the_paragraf_whose_beslut_changed_by_one_byte(demo_dir, capsys):
    edit(shard(demo_dir, KS_OKTOBER), "enligt bilaga 1.\\n2.", "enligt bilaga 7.\\n2.")
    assert verify(demo_dir, capsys) == (
        1,
        ["KS § 176 i norrvik-ks-2026-10-19 har ändrats efter justeringen."],
    )


def test_verify_names_the_paragraf_whose_vote_changed(demo_dir, capsys):
    edit(shard(demo_dir, KS_OKTOBER), '"l11": "avstår"', '"l11": "nej"')
    assert verify(demo_dir, capsys) == (
        1,
        ["KS § 176 i norrvik-ks-2026-10-19 har ändrats efter justeringen."],
    )


def test_verify_names_a_changed_attachment_of_the_justerat_protokoll(demo_dir, capsys):
    with Store.open(demo_dir, readonly=True) as store:
        underlag = store.meeting(KS_OKTOBER).arenden[5].beslutsunderlag[0]
        path = store.attachment_path(underlag.sha256)
    path.chmod(0o600)
    data = bytearray(path.read_bytes())
    data[0] ^= 1
    path.write_bytes(bytes(data))
    code, lines = verify(demo_dir, capsys)
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith(
        "Bilagan till norrvik-ks-2026-10-19 ärende 6 ”Tjänsteskrivelse internbudget 2027”"
    )


def test_verify_names_a_justerat_protokoll_whose_hashes_were_removed(demo_dir, capsys):
    path = shard(demo_dir, KS_OKTOBER)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["sammantrade"]["1"]["justering"]["protokoll_hash"] = ""
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, lines = verify(demo_dir, capsys)
    assert code == 1 and lines == [
        "Protokollet norrvik-ks-2026-10-19 (KS 19 oktober 2026) har status ”justerat” men "
        "saknar kontrollsummor, så det går inte att visa att det är oförändrat.",
        "Registret anger att Kommunstyrelsen (KS) har 1 justerade protokoll, men lagret har 0: "
        "ett protokoll har tagits bort, lagts till eller fått sin justering borttagen för hand.",
    ]


def second_ks_protokoll(store: Store) -> Sammantrade:
    """A November protokoll for the same KS, justerat through the store."""
    organ = store.organ("norrvik-ks")
    mote = nytt_sammantrade(organ, date(2026, 11, 16), {r.id for r in store.meetings()})
    mote.status = Status.PROTOKOLL_KLART
    mote.paragrafer = [
        Paragraf(181 + i, a.id, f"{a.rubrik}: beslutat.") for i, a in enumerate(mote.arenden)
    ]
    mote.justering = Justering(["l1", "l2"])
    store.save_meeting(mote)
    return store.justera(mote.id, date(2026, 11, 18))


def rehash(path: Path, store_dir: Path, meeting_id: str) -> None:
    """What a forger who knows the scheme would do: recompute the meeting's own hashes."""
    with Store.open(store_dir, readonly=True) as store:
        mote = store.meeting(meeting_id)
    doc = json.loads(path.read_text(encoding="utf-8"))
    justering = doc["sammantrade"]["1"]["justering"]
    justering["paragraf_hashar"] = paragraf_hashar(mote)
    justering["protokoll_hash"] = protokoll_hash(mote)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_the_chain_across_two_justerade_protokoll_of_the_same_organ(demo_dir, capsys):
    with Store.open(demo_dir) as store:
        first = store.meeting(KS_OKTOBER)
        second = second_ks_protokoll(store)
        other = store.justera("norrvik-ksau-2026-11-09", date(2026, 11, 13))
    assert second.justering.foregaende_hash == first.justering.protokoll_hash
    assert other.justering.foregaende_hash == ""  # another organ: a chain of its own
    assert verify(demo_dir, capsys)[0] == 0

    path = shard(demo_dir, KS_OKTOBER)
    edit(path, "enligt bilaga 1.\\n2.", "enligt bilaga 7.\\n2.")
    code, lines = verify(demo_dir, capsys)
    bryts = (
        "Kedjan av justerade protokoll för Kommunstyrelsen (KS) bryts vid "
        "norrvik-ks-2026-11-16: det föregående"
    )
    assert (
        code == 1 and lines[0] == "KS § 176 i norrvik-ks-2026-10-19 har ändrats efter justeringen."
    )
    assert lines[1].startswith(bryts) and len(lines) == 2

    rehash(path, demo_dir, KS_OKTOBER)  # the first now checks out on its own …
    code, lines = verify(demo_dir, capsys)
    assert code == 1 and len(lines) == 1  # … but the second still points at the original
    assert lines[0].startswith(bryts) and "finns inte oförändrat i lagret" in lines[0]


def test_the_store_refuses_to_change_a_justerat_protokoll(demo_store, demo_dir):
    path = shard(demo_dir, KS_OKTOBER)
    before = path.read_bytes()
    mote = demo_store.meeting(KS_OKTOBER)
    mote.paragrafer[5].beslut += " Ändrat i efterhand."
    with pytest.raises(StoreLockedProtocolError) as exc:
        demo_store.save_meeting(mote)
    assert str(exc.value) == (
        "Protokollet för norrvik-ks-2026-10-19 är justerat den 23 oktober 2026 och kan inte "
        "ändras (ändringen gäller § 176)."
    )
    arende = demo_store.meeting(KS_OKTOBER).arenden[5]
    arende.handlaggare = None
    with pytest.raises(StoreLockedProtocolError, match="ändringen gäller ärende 6"):
        demo_store.save_arende(KS_OKTOBER, arende)
    paragraf = demo_store.meeting(KS_OKTOBER).paragrafer[5]
    paragraf.beslut += " Ändrat i mötesläget."
    with pytest.raises(StoreLockedProtocolError, match="ändringen gäller § 176"):
        demo_store.save_paragraf(KS_OKTOBER, paragraf)
    assert path.read_bytes() == before
    assert demo_store.verify() == []


def test_saving_a_justerat_protokoll_unchanged_is_allowed(demo_store, demo_dir):
    demo_store.save_meeting(demo_store.meeting(KS_OKTOBER))  # e.g. the TUI saving on leave
    mote = demo_store.meeting(KS_OKTOBER)
    demo_store.save_arende(KS_OKTOBER, mote.arenden[5])
    assert demo_store.verify() == []


def test_the_store_records_the_anslag_of_a_justerat_protokoll(demo_store):
    mote = demo_store.meeting(KS_OKTOBER)
    registrera_anslag(mote, date(2026, 10, 23), "Kommunkansliet, Norrviks kommun")
    demo_store.save_meeting(mote)
    stored = demo_store.meeting(KS_OKTOBER)
    assert stored.status is Status.ANSLAGET and stored.anslag.nedtas == date(2026, 11, 14)
    assert {r.id: r.status for r in demo_store.meetings()}[KS_OKTOBER] is Status.ANSLAGET
    assert demo_store.verify() == []


def test_the_store_refuses_to_change_an_omedelbart_justerad_paragraf(demo_store, demo_dir):
    path = shard(demo_dir, SBN)
    before = path.read_bytes()
    mote = demo_store.meeting(SBN)
    assert mote.status is Status.PROTOKOLL_KLART
    mote.paragrafer[6].beslut = "Planförslaget återremitteras."
    with pytest.raises(StoreLockedProtocolError, match="§ 107 i sjobacka-sbn-2026-11-17 är "):
        demo_store.save_meeting(mote)
    plan = demo_store.meeting(SBN).arenden[6]
    plan.rubrik += " (reviderad)"
    with pytest.raises(StoreLockedProtocolError, match="omedelbart justerad den 17 november"):
        demo_store.save_arende(SBN, plan)
    paragraf = demo_store.meeting(SBN).paragrafer[6]
    paragraf.beslut = "Planförslaget återremitteras."
    with pytest.raises(StoreLockedProtocolError, match="§ 107 i sjobacka-sbn-2026-11-17 är "):
        demo_store.save_paragraf(SBN, paragraf)
    assert path.read_bytes() == before

    mote = demo_store.meeting(SBN)
    mote.paragrafer[4].beslut += " Beslutet gäller i fem år."  # § 105 is still open
    demo_store.save_meeting(mote)
    tillsyn = demo_store.meeting(SBN).arenden[5]
    tillsyn.beskrivning = "Kompletterad beskrivning."
    demo_store.save_arende(SBN, tillsyn)
    oppen = demo_store.meeting(SBN).paragrafer[5]
    oppen.behandling = "Ärendet föredras av miljöinspektören."
    demo_store.save_paragraf(SBN, oppen)
    assert demo_store.meeting(SBN).paragrafer[5] == oppen
    assert demo_store.verify() == []


def test_save_paragraf_refuses_an_omedelbar_record_that_does_not_fit(demo_store, demo_dir):
    """A § that arrives already justerad omedelbart is checked as new even though
    nothing stored is locked: its hash must fit the § (as save_meeting checks it)."""
    mote = demo_store.meeting("norrvik-ksau-2026-11-09")
    assert not any(p.omedelbar for p in mote.paragrafer)
    path = shard(demo_dir, mote.id)
    before = path.read_bytes()
    paragraf = mote.paragrafer[0]
    justera_omedelbart(mote, demo_store.organ(mote.organ_id), paragraf.nummer, mote.datum)
    paragraf.beslut += " Tillagt efter justeringen."
    with pytest.raises(DomainError, match="kontrollsumma inte stämmer"):
        demo_store.save_paragraf(mote.id, paragraf)
    with pytest.raises(DomainError, match="kontrollsumma inte stämmer"):
        demo_store.save_meeting(mote)  # the same verdict
    assert path.read_bytes() == before


def test_the_store_saves_a_meeting_as_justerat_only_through_justera(demo_store):
    mote = demo_store.meeting("norrvik-ksau-2026-11-09")
    mote.status = Status.JUSTERAT
    with pytest.raises(DomainError, match="utan att protokollet justeras"):
        demo_store.save_meeting(mote)
    justerat_mote = demo_store.justera("norrvik-ksau-2026-11-09", date(2026, 11, 13), ["l1", "l3"])
    assert justerat_mote.justering.justerare == ["l1", "l3"]
    stored = demo_store.meeting("norrvik-ksau-2026-11-09")
    assert stored.status is Status.JUSTERAT and stored.justering == justerat_mote.justering
    assert kontrollera_hashar(stored, demo_store.organ("norrvik-ksau")) == []


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kallelse_tui", *args], capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("meeting", "item", "message"),
    [
        (
            KS_OKTOBER,
            "6",
            "kallelse: Protokollet för norrvik-ks-2026-10-19 är justerat den 23 oktober 2026 "
            "och kan inte ändras.\n",
        ),
        (
            SBN,
            "7",
            "kallelse: § 107 i sjobacka-sbn-2026-11-17 är omedelbart justerad den "
            "17 november 2026 och kan inte ändras.\n",
        ),
    ],
)
def test_attach_to_a_locked_protokoll_is_refused_on_the_command_line(
    demo_dir, tmp_path, meeting, item, message
):
    doc = tmp_path / "bilaga.txt"
    doc.write_text("En sen bilaga.", encoding="utf-8")
    path = shard(demo_dir, meeting)
    before = path.read_bytes()
    attachments = sorted((demo_dir / "bilagor").rglob("*"))
    result = run("attach", meeting, "--item", item, str(doc), "--store", str(demo_dir))
    assert (result.returncode, result.stderr) == (2, message)
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert path.read_bytes() == before
    assert sorted((demo_dir / "bilagor").rglob("*")) == attachments


def test_hashes_made_in_memory_hold_after_a_round_trip_through_the_store(demo_store):
    mote = demo_store.meeting("norrvik-ksau-2026-11-09")
    organ = demo_store.organ("norrvik-ksau")
    justera(mote, organ, date(2026, 11, 13), "")
    demo_store.save_meeting(mote)
    assert kontrollera_hashar(demo_store.meeting(mote.id), organ) == []


def test_the_anslag_of_an_omedelbart_justerad_paragraf_is_recorded_once():
    from kallelse_tui.domain.justering import registrera_omedelbart_anslag

    mote = protokoll()
    with pytest.raises(DomainError, match="är inte omedelbart justerad"):
        registrera_omedelbart_anslag(mote, 2, date(2026, 10, 20))
    justera_omedelbart(mote, KS, 2, date(2026, 10, 19))
    with pytest.raises(DomainError, match="före den omedelbara justeringen"):
        registrera_omedelbart_anslag(mote, 2, date(2026, 10, 18))
    record = registrera_omedelbart_anslag(mote, 2, date(2026, 10, 20))
    assert record.anslag == date(2026, 10, 20)
    assert record.sista_dag_overklagande == date(2026, 11, 10)
    assert kontrollera_hashar(mote, KS) == []  # the anslag is not part of the §
    with pytest.raises(DomainError, match="anslogs redan den 20 oktober 2026"):
        registrera_omedelbart_anslag(mote, 2, date(2026, 10, 21))
