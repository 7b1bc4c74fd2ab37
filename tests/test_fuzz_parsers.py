"""Fuzzing every parser the secretary pastes or types into: Dnr, dates, times, the kallelse
import (random text, the real Kalix kallelse mutated, generated agendas in table layout),
the member CSV and the meddelanden/delegation lists.

Bad input may only raise the project's DomainError family with a Swedish sentence; the
importers never invent anything (every word of an imported title is in the input) and
account for every line they were given. Each test runs a modest number of examples in CI;
the `_slow` twin (pytest -m slow) runs many more.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kallelse_tui.domain.datum import parse_datum, parse_tid
from kallelse_tui.domain.dnr import dnr_nyckel, parse_dnr
from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.domain.importer import parse_kallelse_text
from kallelse_tui.domain.ledamot_csv import parse_ledamoter_csv
from kallelse_tui.domain.listposter import parse_listposter
from kallelse_tui.domain.rensa import rensa_text
from tests.seeds import KALIX_KALLELSE, seed_file
from tests.test_importer import kontrollera

CI, SLOW = 80, 2000


def fuzz(strategy, ci: int = CI, slow: int = SLOW):
    """Two tests from one check: `ci` examples in the suite, `slow` behind -m slow."""

    def deco(check):
        def med(n):
            return settings(
                max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow]
            )(given(strategy)(check))

        return med(ci), pytest.mark.slow(med(slow))

    return deco


def svensk_mening(exc: DomainError) -> None:
    text = str(exc)
    assert text.strip() and text.rstrip()[-1] in ".?)”", text
    assert not text.startswith(("Traceback", "invalid", "could not")), text


# --- Dnr, dates, times ---------------------------------------------------------------------

DNR_ALFABET = "0123456789 -/:.KSBNFdnrDNR"
dnr_lik = st.one_of(st.text(max_size=40), st.text(DNR_ALFABET, max_size=25))


def _dnr(text: str) -> None:
    try:
        dnr = parse_dnr(text)
    except ValidationError as exc:
        assert exc.field == "dnr"
        svensk_mening(exc)
        assert dnr_nyckel(text) is None
        return
    assert 1900 <= dnr.ar <= 2099
    assert dnr_nyckel(text) == dnr.nyckel
    assert parse_dnr(dnr.original).nyckel == dnr.nyckel


test_dnr_fuzz, test_dnr_fuzz_slow = fuzz(dnr_lik)(_dnr)

DATUM_ALFABET = "0123456789-./ :kltmåndagenjuarifebvcspo"
datum_lik = st.one_of(
    st.text(max_size=30),
    st.text(DATUM_ALFABET, max_size=30),
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.integers(-1, 40),
        st.integers(-1, 14),
        st.integers(0, 3000),
        st.sampled_from(["-", ".", "/", " "]),
    ),
)


def _datum(text: str) -> None:
    try:
        parse_datum(text, "från")
    except ValidationError as exc:
        assert exc.field == "från"
        svensk_mening(exc)


test_datum_fuzz, test_datum_fuzz_slow = fuzz(datum_lik)(_datum)

tid_lik = st.one_of(
    st.text(max_size=15),
    st.text("0123456789:. kl", max_size=10),
    st.builds(
        lambda h, m, sep: f"{h}{sep}{m}",
        st.integers(-1, 30),
        st.integers(-1, 70),
        st.sampled_from([":", ".", " ", ""]),
    ),
)


def _tid(text: str) -> None:
    try:
        t = parse_tid(text)
    except ValidationError as exc:
        assert exc.field == "tid"
        svensk_mening(exc)
        return
    assert 0 <= t.hour < 24 and 0 <= t.minute < 60


test_tid_fuzz, test_tid_fuzz_slow = fuzz(tid_lik)(_tid)


# --- the kallelse import -------------------------------------------------------------------


def _ord(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def inga_pahitt(text: str) -> None:
    """Import `text`: the invariants of tests/test_importer.py, and no invented words."""
    resultat = parse_kallelse_text(text)
    kontrollera(text, resultat)
    # Markdown bold and escapes go, so "a**b**" is read as the word "ab", as it shows.
    finns = _ord(text) | _ord(re.sub(r"\\(?=\S)", "", text.replace("**", "")))
    for arende in resultat.arenden:
        nya = _ord(arende.rubrik + " " + arende.dnr) - finns
        assert not nya, (arende, nya)
    if resultat.organ:
        assert not _ord(resultat.organ) - finns
    nummer = {a.nummer for a in resultat.arenden}
    for handling in resultat.handlingar:
        assert handling.nummer in nummer
        texter = [p for f in handling.forslag for p in f.punkter]
        texter += [m.namn for m in handling.skickas_till]
        if handling.handlaggare:
            texter.append(handling.handlaggare.namn)
        assert not _ord(" ".join(texter)) - finns, handling


def kalix() -> str:
    return seed_file(KALIX_KALLELSE).read_text(encoding="utf-8")


@st.composite
def mutation(draw, rader: list[str]) -> str:
    """The lines of a real document, with lines deleted, repeated, swapped, cut, joined or
    given noise, and different line breaks."""
    rader = list(rader)
    for _ in range(draw(st.integers(1, 8))):
        if not rader:
            break
        i = draw(st.integers(0, len(rader) - 1))
        slag = draw(st.sampled_from(["bort", "dubbel", "byt", "kapa", "brus", "ihop", "ny"]))
        if slag == "bort":
            del rader[i]
        elif slag == "dubbel":
            rader.insert(i, rader[i])
        elif slag == "byt":
            j = draw(st.integers(0, len(rader) - 1))
            rader[i], rader[j] = rader[j], rader[i]
        elif slag == "kapa":
            rader[i] = rader[i][: draw(st.integers(0, max(0, len(rader[i]))))]
        elif slag == "brus":
            pos = draw(st.integers(0, len(rader[i])))
            rader[i] = rader[i][:pos] + draw(st.text(max_size=6)) + rader[i][pos:]
        elif slag == "ihop" and i + 1 < len(rader):
            rader[i : i + 2] = [rader[i] + draw(st.sampled_from([" ", "\t", " | "])) + rader[i + 1]]
        else:
            rader.insert(i, draw(st.text(max_size=30)))
    return draw(st.sampled_from(["\n", "\r\n", "\r", "\n\f"])).join(rader)


def _kalix_check(data) -> None:
    inga_pahitt(data.draw(mutation(kalix().splitlines())))


test_kalix_mutated, test_kalix_mutated_slow = fuzz(st.data(), ci=40, slow=1000)(_kalix_check)

KORPUS = sorted(
    p for p in (Path(__file__).parent / "corpus" / "kallelser").iterdir() if p.suffix != ".json"
)


def _korpus_check(data) -> None:
    """The import corpus (every layout the importer knows), mutated."""
    text = data.draw(st.sampled_from(KORPUS)).read_text(encoding="utf-8")
    inga_pahitt(data.draw(mutation(text.splitlines())))


test_corpus_mutated, test_corpus_mutated_slow = fuzz(st.data(), ci=40, slow=1000)(_korpus_check)

ORD = st.text("abcdefghijklmnopqrstuvwxyzåäöÅÄÖ", min_size=2, max_size=10)
RUBRIK = st.lists(ORD, min_size=1, max_size=6).map(" ".join).map(str.capitalize)
DNR = st.builds(
    lambda serie, ar, nr: f"{serie} {ar}/{nr}".strip(),
    st.sampled_from(["KS", "SBN", "BUN", ""]),
    st.integers(2015, 2030),
    st.integers(1, 999),
)


@st.composite
def tabell(draw) -> tuple[str, list[tuple[str, str]]]:
    """An agenda as a markdown pipe table or tab-separated columns, after a heading."""
    arenden = draw(st.lists(st.tuples(RUBRIK, DNR), min_size=1, max_size=12))
    slag = draw(st.sampled_from(["pipe", "tabb"]))
    rader = ["Kommunstyrelsen", "", "Tid: 2024-02-05 kl 13.00", "Plats: Stadshuset", ""]
    if slag == "pipe":
        rader += ["| Nr | Ärende | Dnr |", "|---|---|---|"]
        rader += [f"| {n} | {r} | {d} |" for n, (r, d) in enumerate(arenden, 1)]
    else:
        rader += ["Nr\tÄrende\tDnr"]
        rader += [f"{n}\t{r}\t{d}" for n, (r, d) in enumerate(arenden, 1)]
    return "\n".join(rader), arenden


def _tabell_check(data) -> None:
    text, arenden = data.draw(tabell())
    resultat = parse_kallelse_text(text)
    kontrollera(text, resultat)
    assert [(a.nummer, a.rubrik, a.dnr) for a in resultat.arenden] == [
        (n, r, d) for n, (r, d) in enumerate(arenden, 1)
    ]
    inga_pahitt(data.draw(mutation(text.splitlines())))


test_table_agendas, test_table_agendas_slow = fuzz(st.data())(_tabell_check)
test_random_text_invents_nothing, test_random_text_invents_nothing_slow = fuzz(st.text())(
    inga_pahitt
)


# --- the member CSV ------------------------------------------------------------------------

CSV_BITAR = [
    "Anna Berg;S;ledamot",
    "Bo Ek,M,ersättare",
    "Cecilia Holm\t(C)\tordförande\t2023-01-01\t2026-12-31",
    "namn;parti;roll",
    "# kommentar",
    "Dan;S;kung",
    "Eva;V;ledamot;2026-13-01",
    "Fia;L;ledamot;2026-05-01;2026-01-01",
    ";;;",
    '"Gustav, jr";KD;ledamot',
    '"ej stängd;M;ledamot',
    "",
    "  ",
]
csv_text = st.lists(st.one_of(st.sampled_from(CSV_BITAR), st.text(max_size=30)), max_size=20).map(
    "\n".join
)


def _csv(text: str) -> None:
    rows, problems = parse_ledamoter_csv(text)
    text = rensa_text(text)  # what the parser reads: control characters go at entry
    lasta = [r.rad for r in rows] + [p.rad for p in problems]
    assert len(lasta) == len(set(lasta)), "a line counted twice"
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        innehall = re.sub(r"[;,\t\"\s]", "", line)
        if not innehall or innehall.startswith("#"):
            continue
        if number == 1 and re.match(r'\s*"?(namn|name)\b', line, re.IGNORECASE):
            continue
        assert number in lasta, f"line {number} ({line!r}) neither read nor reported"
    for r in rows:
        assert r.namn and r.namn in lines[r.rad - 1]
    for p in problems:
        assert p.text == lines[p.rad - 1]
        assert p.orsak.endswith(".") and f"Rad {p.rad}" in p.orsak


test_member_csv_accounts_for_every_line, test_member_csv_accounts_for_every_line_slow = fuzz(
    csv_text
)(_csv)


# --- meddelanden and delegationsbeslut -----------------------------------------------------

LIST_BITAR = [
    "1\tKS 2026/12\t2026-03-01\tLänsstyrelsen\tBeslut om tillstånd",
    "Dnr 2026-00012; 3 mars 2026; Inspektionen; Protokoll",
    "2. Yttrande  2026-02-30  Trafikverket",
    "Delegationspunkt 3.2.1\tAnställning\tPersonalchefen",
    "bara text",
    "KS 2020/434",
    "7",
    "",
]
list_text = st.lists(st.one_of(st.sampled_from(LIST_BITAR), st.text(max_size=40)), max_size=20).map(
    "\n".join
)


def _listposter(text: str) -> None:
    posts, problems = parse_listposter(text, forsta_nummer=5)
    text = rensa_text(text)  # what the parser reads: control characters go at entry
    lines = text.splitlines()
    icke_tomma = [i for i, line in enumerate(lines, 1) if line.strip()]
    assert len(posts) + len(problems) == len(icke_tomma)
    assert {p.rad for p in problems} <= set(icke_tomma)
    orden = _ord(text)
    for post in posts:
        assert post.text.strip()
        delar = " ".join((post.text, post.avsandare, post.dnr, post.delegationspunkt))
        assert not _ord(delar) - orden, post
    for problem in problems:
        assert problem.text == lines[problem.rad - 1].strip()
        assert problem.orsak.endswith(".")


test_listposter_account_for_every_line, test_listposter_account_for_every_line_slow = fuzz(
    list_text
)(_listposter)
