"""The import corpus: kallelser written for the tests in the layouts of different kommuners'
published kallelser (tests/corpus/kallelser), plus the real Kalix seed. Each text has a
JSON beside it with what must be read, and it must be read exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kallelse_tui.domain.importer import KallelseImport, parse_kallelse_text
from tests.seeds import seed_file

CORPUS = Path(__file__).parent / "corpus" / "kallelser"
FALL = sorted(CORPUS.glob("*.json"))


def _text(expected_path: Path, expected: dict) -> str:
    if "seed" in expected:
        return seed_file(expected["seed"]).read_text(encoding="utf-8")
    [path] = [p for p in CORPUS.glob(expected_path.stem + ".*") if p.suffix != ".json"]
    return path.read_text(encoding="utf-8")


def _read(resultat: KallelseImport) -> dict:
    def klock(t):
        return t.strftime("%H:%M") if t else None

    return {
        "organ": resultat.organ,
        "kommun": resultat.kommun,
        "datum": resultat.datum.isoformat() if resultat.datum else None,
        "tid": klock(resultat.tid),
        "tid_slut": klock(resultat.tid_slut),
        "plats": resultat.plats,
        "arenden": [[a.nummer, a.rubrik, a.dnr] for a in resultat.arenden],
        "handlingar": [
            {
                "nummer": h.nummer,
                "forslag": [p for f in h.forslag for p in f.punkter],
                "handlaggare": f"{h.handlaggare.namn}, {h.handlaggare.titel}"
                if h.handlaggare
                else "",
                "skickas_till": [f"{m.namn} ({m.syfte.value})" for m in h.skickas_till],
            }
            for h in resultat.handlingar
        ],
    }


def test_the_corpus_is_large_enough():
    assert len(FALL) >= 13
    kommuner = {json.loads(p.read_text(encoding="utf-8"))["kommun"] for p in FALL}
    assert len(kommuner - {""}) >= 6


@pytest.mark.parametrize("expected_path", FALL, ids=[p.stem for p in FALL])
def test_corpus_kallelse_is_read_exactly(expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    resultat = parse_kallelse_text(_text(expected_path, expected))
    expected.pop("seed", None)
    expected.setdefault("handlingar", [])  # what the handlingar after the agenda propose
    assert _read(resultat) == expected


def test_handlingar_read_by_dnr_only_and_to_the_next_document():
    text = (
        "Socialnämnden\nTid: 2025-03-04 kl 13.00\nPlats: Rådhuset\n\n"
        "1. Riktlinjer för bistånd\nDnr SN 2025/7\n2. Taxa 2026\nDnr SN 2025/9\n"
        "3. Information\n\n"
        "Tjänsteskrivelse\nDnr SN 2025/7\n\nRiktlinjer för bistånd\n\n"
        "Förslag till beslut fullmäktige\n"
        "1. Socialnämnden föreslår kommunfullmäktige att anta riktlinjerna.\n"
        "2. Socialnämnden godkänner tidplanen\n"
        "Bakgrund\nSe ärende SN 2025/9 och beslutet om taxan.\n"
        "Beslut skickas till: Kommunfullmäktige, Akten\n\n"
        "Socialnämnden\n\nTaxa 2026\nFörslag till beslut\nEn text som inte hör till något ärende.\n"
    )
    resultat = parse_kallelse_text(text)
    assert [(a.nummer, a.dnr) for a in resultat.arenden] == [
        (1, "Dnr SN 2025/7"),
        (2, "Dnr SN 2025/9"),
        (3, ""),
    ]
    [handling] = resultat.handlingar  # the Dnr in a sentence starts no handling of item 2
    assert (handling.nummer, handling.rad) == (1, 12)
    [forslag] = handling.forslag
    assert forslag.till_organ == "fullmäktige"
    assert forslag.punkter == [
        "Socialnämnden föreslår kommunfullmäktige att anta riktlinjerna.",
        "Socialnämnden godkänner tidplanen",
    ]
    assert [m.namn for m in handling.skickas_till] == ["Kommunfullmäktige", "Akten"]
