"""The protokoll and the protokollsutdrag: the organ header, plats och tid, who decided
(with the närvaro changes per §), justerare, the signatures, then every § with Dnr, title,
beslut, ärendebeskrivning, beslutsunderlag, yrkanden, beslutsgång, omröstning with names,
reservationer, protokollsanteckningar, jäv and "Beslut skickas till"; every page carries
"Justerandes sign" and "Utdragsbestyrkande" boxes and "1 (n)".

`protokoll_data` builds the one dict every format renders from (as `kallelse_data` does for
the kallelse), so the formats cannot disagree and the public version is made in one place
(`publicering.publicera`). A § is one self-contained dict (`_paragraf`), so an utdrag is the
same data with fewer §§ and a "Rätt utdraget betygar" block (`utdrag_data`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kallelse_tui.domain.datum import klockslag, lang_datum
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    AnteckningTyp,
    Arende,
    ArendeTyp,
    Beslutsunderlag,
    NarvaroTyp,
    Organ,
    Paragraf,
    Roll,
    Rost,
    Sammantrade,
)
from kallelse_tui.domain.narvaro import TJANSTGORANDE_TYPER, Tjanstgoring, tjanstgorande
from kallelse_tui.domain.paragrafer import (
    beslutsgang,
    namn,
    ordforande,
    rakna,
    rostlista,
    yrkande_mening,
)
from kallelse_tui.domain.publicering import (
    publicera,
    publik_rubrik,
    publik_version,
    sekretess_hanvisning,
)
from kallelse_tui.export.common import (
    jinja_text,
    kontrollera_format,
    kontrollera_mal,
    skriv_atomiskt,
    typst_pdf,
)

FORMAT = ("pdf", "html", "md", "txt", "docx")
PROTOKOLL = "Sammanträdesprotokoll"
UTDRAG = "Protokollsutdrag"
JUSTERANDES_SIGN = "Justerandes sign"
UTDRAGSBESTYRKANDE = "Utdragsbestyrkande"
RATT_UTDRAGET = "Rätt utdraget betygar"
OMEDELBAR = "Paragrafen justeras omedelbart."
SEKRETESS_HANDLING = "Handling som omfattas av sekretess"
KONTROLLSUMMA_TECKEN = 12
# The Dnr gets its own "Dnr" label, so a typed prefix would print twice.
_DNR_PREFIX = re.compile(r"^\s*dnr\.?\s*:?\s*", re.IGNORECASE)
_ROLLER_SOM_VISAS = (Roll.ORDFORANDE, Roll.VICE_1, Roll.VICE_2)


# -- small wording helpers ----------------------------------------------------------------


def _organs(organ: Organ) -> str:
    """'Kommunstyrelsens', 'Kommunstyrelsens arbets- och personalutskotts' (for '… beslut')."""
    return organ.namn if organ.namn[-1:].lower() in "sxz" else organ.namn + "s"


def _stycken(text: str) -> list[str]:
    """Free text as paragraphs: one per line written, empty lines dropped."""
    return [rad.strip() for rad in text.splitlines() if rad.strip()]


def _dnr(text: str) -> str:
    return _DNR_PREFIX.sub("", text).strip()


def paragrafspann(nummer: Iterable[int]) -> str:
    """'§ 171', '§§ 171–180': the first and the last § of those given."""
    alla = sorted(set(nummer))
    if not alla:
        return ""
    if len(alla) == 1:
        return f"§ {alla[0]}"
    return f"§§ {alla[0]}–{alla[-1]}"


def _avsnitt(
    rubrik: str,
    stycken: Sequence[str] = (),
    punkter: Sequence[str] = (),
    tabell: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One titled section of a §: paragraphs, then a list, then a table (each optional).
    Every format renders this one shape, so a new kind of section needs no template work."""
    return {"rubrik": rubrik, "stycken": list(stycken), "punkter": list(punkter), "tabell": tabell}


def _tabell(
    kolumner: Sequence[str], rader: Sequence[Sequence[str]], bredder: Sequence[float]
) -> dict[str, Any]:
    """A table: headings, rows of strings, and relative column widths."""
    return {
        "kolumner": list(kolumner),
        "rader": [list(r) for r in rader],
        "bredder": list(bredder),
    }


# -- the protocol's first page ---------------------------------------------------------


def _plats_och_tid(mote: Sammantrade) -> str:
    tid = lang_datum(mote.datum)
    if mote.tid is not None:
        tid += f" {klockslag(mote.tid)}"
    return f"{mote.plats.strip()}, {tid}" if mote.plats.strip() else tid


def _person(namn_: str, roll: str = "", noter: Sequence[str] = ()) -> dict[str, Any]:
    return {"namn": namn_, "roll": roll, "noter": list(noter)}


def _narvaro(mote: Sammantrade, organ: Organ, public: bool) -> dict[str, Any]:
    """Beslutande (ledamöter and tjänstgörande ersättare), närvarande ersättare and övriga,
    with the changes during the meeting: a span from the närvaro list ("Lämnar
    sammanträdet efter § 175", "Tjänstgör från § 176") and jäv at single §§."""
    nummer = sorted(p.nummer for p in mote.paragrafer)
    vid: dict[int | None, list[Tjanstgoring]] = {n: tjanstgorande(mote, n) for n in nummer}
    if not vid:
        vid[None] = tjanstgorande(mote)
    poster = {p.ledamot_id: p for p in mote.narvaro}
    hemliga = {
        p.nummer
        for p in mote.paragrafer
        if public and any(a.id == p.arende_id and a.sekretess for a in mote.arenden)
    }
    javiga = {(j.ledamot_id, p.nummer) for p in mote.paragrafer for j in p.jav}

    # Everyone who served at some §, in närvaro order; stand-ins for a jävig member after.
    ersatter: dict[str, list[str]] = {
        p.ledamot_id: [] for p in mote.narvaro if p.typ in TJANSTGORANDE_TYPER
    }
    for tjanstgoringar in vid.values():
        for t in tjanstgoringar:
            lista = ersatter.setdefault(t.ledamot_id, [])
            if t.ersatter and t.ersatter not in lista:
                lista.append(t.ersatter)

    def noter(ledamot_id: str) -> list[str]:
        post = poster.get(ledamot_id)
        texter: list[str] = []
        if post is not None and post.typ in TJANSTGORANDE_TYPER:
            if post.fran_paragraf is not None:
                texter.append(f"Tjänstgör från § {post.fran_paragraf}")
            if post.till_paragraf is not None:
                texter.append(f"Lämnar sammanträdet efter § {post.till_paragraf}")
        else:  # serves only in place of a jävig member
            texter += _tjanstgor_ocksa(ledamot_id, vid)
        for n in nummer:
            if (ledamot_id, n) in javiga:
                orsak = "" if n in hemliga else " på grund av jäv"
                texter.append(f"Deltar inte i § {n}{orsak}")
        return texter

    ledamoter, ersattare = [], []
    for ledamot_id, for_vem in ersatter.items():
        post = poster.get(ledamot_id)
        if for_vem or post is None or post.typ is NarvaroTyp.ERSATTARE_TJANSTGOR:
            roll = "ersätter " + ", ".join(namn(organ, x) for x in for_vem) if for_vem else ""
            ersattare.append(_person(namn(organ, ledamot_id), roll, noter(ledamot_id)))
        else:
            ledamoter.append(
                _person(namn(organ, ledamot_id), _roll(organ, ledamot_id), noter(ledamot_id))
            )
    narvarande = [
        _person(namn(organ, p.ledamot_id), noter=_tjanstgor_ocksa(p.ledamot_id, vid))
        for p in mote.narvaro
        if p.typ is NarvaroTyp.NARVARANDE_ERSATTARE
    ]
    return {
        "ledamoter": ledamoter,
        "ersattare": ersattare,
        "narvarande_ersattare": narvarande,
        "ovriga": [{"namn": o.namn, "titel": o.titel} for o in mote.ovriga_narvarande],
    }


def _i(ledamot_id: str, tjanstgoringar: list[Tjanstgoring]) -> bool:
    return any(t.ledamot_id == ledamot_id for t in tjanstgoringar)


def _tjanstgor_ocksa(ledamot_id: str, vid: dict[int | None, list[Tjanstgoring]]) -> list[str]:
    """A närvarande ersättare who stepped in for a jävig member: 'Tjänstgör § 179'."""
    served = [n for n, ts in vid.items() if n is not None and _i(ledamot_id, ts)]
    if not served:
        return []
    return [f"Tjänstgör {_lista(served)}"]


def _lista(nummer: list[int]) -> str:
    """'§ 179', '§§ 177, 179': each § named, for the few a stand-in serves at."""
    if len(nummer) == 1:
        return f"§ {nummer[0]}"
    return "§§ " + _och([str(n) for n in nummer])


def _roll(organ: Organ, ledamot_id: str) -> str:
    try:
        roll = organ.ledamot(ledamot_id).roll
    except DomainError:
        return ""
    return roll.value if roll in _ROLLER_SOM_VISAS else ""


def _sekreterare(mote: Sammantrade, organ: Organ) -> str:
    """The secretary who signs: a signatory titled '…sekreterare', else one present."""
    kandidater = [
        *((u.namn, u.titel) for u in mote.undertecknare),
        *((o.namn, o.titel) for o in mote.ovriga_narvarande),
        *((u.namn, u.titel) for u in organ.undertecknare),
    ]
    return next((n for n, t in kandidater if "sekreterare" in t.lower()), "")


def _justerare(mote: Sammantrade, organ: Organ) -> list[str]:
    return [namn(organ, j) for j in (mote.justering.justerare if mote.justering else [])]


def _underskrifter(mote: Sammantrade, organ: Organ, spann: str) -> list[dict[str, str]]:
    """Sekreterare, ordförande and each justerare other than the chair (who signs once)."""
    ordf = ordforande(organ, mote)
    rader = [
        {"roll": "Sekreterare", "namn": _sekreterare(mote, organ), "not": spann},
        {"roll": "Ordförande", "namn": namn(organ, ordf) if ordf else "", "not": ""},
    ]
    justerare = [j for j in (mote.justering.justerare if mote.justering else []) if j != ordf]
    for j in justerare or [""]:
        rader.append({"roll": "Justerare", "namn": namn(organ, j) if j else "", "not": ""})
    return rader


def _kontrollsumma(mote: Sammantrade) -> str:
    summa = str(getattr(mote.justering, "protokoll_hash", "") or "")
    return f"Kontrollsumma: {summa[:KONTROLLSUMMA_TECKEN]}" if summa else ""


# -- one § --------------------------------------------------------------------------------


def _paragraf(
    paragraf: Paragraf, mote: Sammantrade, organ: Organ, *, public: bool
) -> dict[str, Any]:
    arende = next((a for a in mote.arenden if a.id == paragraf.arende_id), None)
    if arende is None:  # a § whose ärende was removed still has its number and beslut
        arende = Arende(id=paragraf.arende_id, rubrik="")
    omedelbar = OMEDELBAR if paragraf.omedelbar_justering else ""
    if public and arende.sekretess:
        # Number, Dnr and the public title stay; the content is replaced by the law.
        return {
            "nummer": paragraf.nummer,
            "dnr": _dnr(arende.dnr),
            "rubrik": publik_rubrik(arende),
            "sekretess": "",
            "omedelbar": omedelbar,
            "avsnitt": [_avsnitt("", [sekretess_hanvisning(arende.osl)])],
        }
    avsnitt = [_avsnitt(f"{_organs(organ)} beslut", _stycken(paragraf.beslut))]
    avsnitt.append(_avsnitt("Ärendebeskrivning", _stycken(arende.beskrivning)))
    if arende.poster:
        avsnitt.append(_poster(arende))
    avsnitt.append(_avsnitt("Ekonomiska konsekvenser", _stycken(arende.ekonomiska_konsekvenser)))
    avsnitt.append(
        _avsnitt("Beslutsunderlag", punkter=[_underlag(u, public) for u in arende.beslutsunderlag])
    )
    avsnitt.append(_avsnitt("Yrkanden", [yrkande_mening(y, organ) for y in paragraf.yrkanden]))
    gang = paragraf.behandling.strip() or beslutsgang(paragraf, mote, organ)
    med_yrkanden = bool(paragraf.yrkanden or paragraf.omrostning)
    avsnitt.append(_avsnitt("Beslutsgång" if med_yrkanden else "Behandling", _stycken(gang)))
    if paragraf.omrostning is not None:
        avsnitt.append(_omrostning(paragraf, mote, organ))
    for typ, rubrik in (
        (AnteckningTyp.RESERVATION, "Reservation"),
        (AnteckningTyp.PROTOKOLLSANTECKNING, "Protokollsanteckning"),
    ):
        avsnitt.append(_avsnitt(rubrik, _anteckningar(paragraf, typ, mote, organ)))
    avsnitt.append(_avsnitt("Jäv", [_jav(j.ledamot_id, j.ersatt_av, organ) for j in paragraf.jav]))
    avsnitt.append(
        _avsnitt(
            "Beslut skickas till",
            punkter=[
                m.namn if m.pseudo else f"{m.namn}, {m.syfte.value}" for m in arende.skickas_till
            ],
        )
    )
    return {
        "nummer": paragraf.nummer,
        "dnr": _dnr(arende.dnr),
        "rubrik": arende.rubrik,
        "sekretess": sekretess_hanvisning(arende.osl) if arende.sekretess else "",
        "omedelbar": omedelbar,
        "avsnitt": [a for a in avsnitt if a["stycken"] or a["punkter"] or a["tabell"]],
    }


def _underlag(u: Beslutsunderlag, public: bool) -> str:
    if u.sekretess and public:
        return SEKRETESS_HANDLING
    text = u.titel + (f", {u.datum.isoformat()}" if u.datum else "")
    if u.sekretess:
        text += f" ({SEKRETESS_HANDLING.lower()}{', ' + u.osl.strip() if u.osl.strip() else ''})"
    return text


def _poster(arende: Arende) -> dict[str, Any]:
    """The meddelanden or delegationsbeslut of the ärende as a table."""
    delegation = arende.typ is ArendeTyp.DELEGATIONSBESLUT or any(
        p.delegationspunkt for p in arende.poster
    )
    kolumner = ["Nr", "Dnr", "Datum", "Delegat" if delegation else "Avsändare"]
    bredder: list[float] = [0.6, 2.1, 2.0, 2.8]
    if delegation:
        kolumner.append("Punkt")
        bredder.append(2.6)
    kolumner.append("Beslut" if delegation else "Ärende")
    bredder.append(5.2 if delegation else 6.4)
    rader = []
    for p in arende.poster:
        rad = [
            str(p.nummer),
            _dnr(p.dnr),
            p.datum.isoformat() if p.datum else "",
            p.avsandare,
        ]
        if delegation:
            rad.append(p.delegationspunkt)
        rad.append(p.text)
        rader.append(rad)
    rubrik = "Redovisade delegationsbeslut" if delegation else "Meddelanden"
    return _avsnitt(rubrik, tabell=_tabell(kolumner, rader, bredder))


def _omrostning(paragraf: Paragraf, mote: Sammantrade, organ: Organ) -> dict[str, Any]:
    """Propositions, the tally and who voted how: the law asks for the names in open votes."""
    omrostning = paragraf.omrostning
    assert omrostning is not None
    rakning = rakna(omrostning, ordforande(organ, mote))
    namn_per_rost = rostlista(omrostning, organ)
    antal = {Rost.JA: rakning.ja, Rost.NEJ: rakning.nej, Rost.AVSTAR: rakning.avstar}
    rader = [
        [rost.value.capitalize(), str(antal[rost]), ", ".join(namn_per_rost[rost]) or "–"]
        for rost in Rost
    ]
    stycken = [
        f"Ja-röst för: {omrostning.ja_forslag}",
        f"Nej-röst för: {omrostning.nej_forslag}",
    ]
    if rakning.vinnare is None:
        resultat = "Lika röstetal; ingen utslagsröst är antecknad."
    else:
        resultat = f"{rakning.ja} ja-röster mot {rakning.nej} nej-röster"
        resultat += f", {rakning.avstar} avstår" if rakning.avstar else ""
        resultat += f". {organ.namn} beslutar enligt: {rakning.vinnare}"
        resultat += " (med ordförandens utslagsröst)." if rakning.utslag else "."
    return _avsnitt(
        "Omröstning",
        [*stycken, f"Resultat: {resultat}"],
        tabell=_tabell(["Röst", "Antal", "Ledamöter"], rader, [1.2, 1.0, 9.0]),
    )


def _anteckningar(
    paragraf: Paragraf, typ: AnteckningTyp, mote: Sammantrade, organ: Organ
) -> list[str]:
    texter = []
    for anteckning in paragraf.anteckningar:
        if anteckning.typ is not typ:
            continue
        vem = _och([namn(organ, x) for x in anteckning.ledamot_ids])
        motivering = anteckning.motivering.strip()
        if typ is AnteckningTyp.RESERVATION:
            texter.append(f"{vem} reserverar sig mot beslutet.")
            if motivering:
                texter.append(f"Skriftlig motivering: {motivering}")
            elif mote.last:
                texter.append("Ingen skriftlig motivering lämnades före justeringen.")
            else:
                texter.append("Skriftlig motivering ska lämnas före justeringen.")
        else:
            texter.append(f"{vem} lämnar följande protokollsanteckning: {motivering}")
    return texter


def _jav(javig: str, ersatt_av: str, organ: Organ) -> str:
    text = f"{namn(organ, javig)} anmäler jäv och deltar inte i handläggningen."
    if ersatt_av:
        text += f" {namn(organ, ersatt_av)} tjänstgör i stället."
    return text


def _och(delar: list[str]) -> str:
    if len(delar) <= 1:
        return "".join(delar)
    return ", ".join(delar[:-1]) + " och " + delar[-1]


# -- the documents -------------------------------------------------------------------------


def _inga_paragrafer(mote: Sammantrade) -> DomainError:
    return DomainError(
        f"Sammanträdet {mote.id} har inga paragrafer ännu; protokollet kan inte skrivas ut."
    )


def protokoll_data(
    mote: Sammantrade, organ: Organ, public: bool, *, paragrafer: Sequence[int] | None = None
) -> dict[str, Any]:
    """Everything the protokoll shows, as JSON-able data; with `public` sekretess-marked
    §§ keep only their number and OSL reference and every string has personnummer masked.
    `paragrafer` limits the §§ printed (an utdrag); the header still names them all."""
    if not mote.paragrafer:
        raise _inga_paragrafer(mote)
    publik = publik_version(mote, organ) if public else None
    if publik is not None:
        mote, organ = publik.mote, publik.organ
    alla = sorted(mote.paragrafer, key=lambda p: p.nummer)
    valda = alla if paragrafer is None else [p for p in alla if p.nummer in set(paragrafer)]
    spann = paragrafspann(p.nummer for p in alla)
    datum = mote.datum.isoformat()
    data: dict[str, Any] = {
        "slag": "protokoll",
        "dokument": PROTOKOLL,
        "titel": f"Protokoll {organ.namn} {datum}",
        "kommun": organ.kommun,
        "organ": organ.namn,
        "datum": datum,
        "plats_och_tid": _plats_och_tid(mote),
        **_narvaro(mote, organ, public),
        "justerare": _justerare(mote, organ),
        "justering": mote.justering.tid_och_plats.strip() if mote.justering else "",
        "paragrafspann": spann,
        "underskrifter": _underskrifter(mote, organ, spann),
        "paragrafer": [_paragraf(p, mote, organ, public=public) for p in valda],
        "publik_not": publik.not_text if publik else "",
        "kontrollsumma": _kontrollsumma(mote),
        "sidfot": {"sign": JUSTERANDES_SIGN, "bestyrkande": UTDRAGSBESTYRKANDE},
        "utdrag": None,
    }
    return data


def utdrag_data(
    mote: Sammantrade,
    organ: Organ,
    paragrafer: Sequence[int],
    *,
    public: bool = False,
    bestyrkt_av: str = "",
    datum: date | None = None,
) -> dict[str, Any]:
    """The protokoll's data for the §§ asked for, with "Rätt utdraget betygar"."""
    if not mote.paragrafer:
        raise _inga_paragrafer(mote)
    finns = {p.nummer for p in mote.paragrafer}
    saknas = [n for n in paragrafer if n not in finns]
    if not paragrafer or saknas:
        vilken = f"ingen § {saknas[0]}" if saknas else "ingen paragraf vald"
        raise DomainError(
            f"Protokollet för {mote.id} har {vilken}; paragraferna är "
            f"{paragrafspann(finns)}. Ange en av dem med --paragraf."
        )
    data = protokoll_data(mote, organ, public, paragrafer=paragrafer)
    data["slag"] = "utdrag"
    data["dokument"] = UTDRAG
    valda = paragrafspann(paragrafer)
    data["titel"] = f"Protokollsutdrag {organ.namn} {mote.datum.isoformat()} {valda}"
    data["utdrag"] = {
        "text": RATT_UTDRAGET,
        "paragrafer": valda,
        "namn": bestyrkt_av.strip(),
        "datum": datum.isoformat() if datum else "",
    }
    if public:  # the name is typed in the export form: cleaned like every other field
        data["utdrag"] = publicera(data["utdrag"], mote.arenden)
    return data


def _pdf(data: dict[str, Any]) -> bytes:
    return typst_pdf("protokoll.typ", data)


def _text(mall: str) -> Callable[[dict[str, Any]], bytes]:
    return lambda data: jinja_text(mall, data).encode("utf-8")


def _personrader(personer: list[dict[str, Any]]) -> list[str]:
    return [
        p["namn"] + (f", {p['roll']}" if p["roll"] else "") + "".join(f" · {n}" for n in p["noter"])
        for p in personer
    ]


def _docx(data: dict[str, Any]) -> bytes:
    from kallelse_tui.export.word import _TEXTBREDD_MM, Word

    doc = Word(
        kommun=data["kommun"],
        organ=data["organ"],
        dokument=data["dokument"],
        datum=data["datum"],
        rutor=(data["sidfot"]["sign"], data["sidfot"]["bestyrkande"]),
        sidfotsrad=data["kontrollsumma"],
    )
    doc.titelblock()
    if data["publik_not"]:
        doc.stycke(data["publik_not"], kursiv=True)
    utdrag = data["utdrag"]
    if utdrag is None:
        doc.falt(
            [
                ("Plats och tid", [data["plats_och_tid"]]),
                ("Beslutande", _personrader(data["ledamoter"])),
                ("Tjänstgörande ersättare", _personrader(data["ersattare"])),
                ("Närvarande ersättare", _personrader(data["narvarande_ersattare"])),
                (
                    "Övriga närvarande",
                    [", ".join(filter(None, (o["namn"], o["titel"]))) for o in data["ovriga"]],
                ),
                ("Justerare", [", ".join(data["justerare"])] if data["justerare"] else []),
                ("Justeringens tid och plats", [data["justering"]] if data["justering"] else []),
                ("Paragrafer", [data["paragrafspann"]]),
            ]
        )
        doc.underrubrik("Underskrifter")
        doc.signaturer([(u["roll"], u["namn"], u["not"]) for u in data["underskrifter"]])
        doc.sidbrytning()
    else:
        doc.falt([("Plats och tid", [data["plats_och_tid"]]), ("Utdrag", [utdrag["paragrafer"]])])
    for p in data["paragrafer"]:
        doc.rubrikrad(f"§ {p['nummer']}", f"Dnr {p['dnr']}" if p["dnr"] else "")
        doc.underrubrik(p["rubrik"], fore=2)
        for markering in (p["sekretess"], p["omedelbar"]):
            if markering:
                doc.stycke(markering, kursiv=True)
        for a in p["avsnitt"]:
            if a["rubrik"]:
                doc.underrubrik(a["rubrik"], storlek=11, fore=8)
            for stycke in a["stycken"]:
                doc.stycke(stycke)
            doc.punkter(a["punkter"])
            if tabell := a["tabell"]:
                enhet = _TEXTBREDD_MM / sum(tabell["bredder"])
                doc.tabell(
                    tabell["kolumner"], tabell["rader"], [b * enhet for b in tabell["bredder"]]
                )
    if utdrag is not None:
        doc.underrubrik(f"{utdrag['text']} {utdrag['paragrafer']}")
        doc.signaturer([("", utdrag["namn"], utdrag["datum"])])
    return doc.spara()


_RENDERARE: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "pdf": _pdf,
    "html": _text("protokoll.html.j2"),
    "md": _text("protokoll.md.j2"),
    "txt": _text("protokoll.txt.j2"),
    "docx": _docx,
}


def export_protokoll(
    mote: Sammantrade, organ: Organ, fmt: str, target: Path, public: bool = False
) -> Path:
    """Write the protokoll for `mote` as `fmt` to `target` (atomically) and return the path."""
    fmt = kontrollera_format(fmt, FORMAT, "protokollet")
    kontrollera_mal(Path(target), "protokollet")
    data = protokoll_data(mote, organ, public)
    return skriv_atomiskt(Path(target), _RENDERARE[fmt](data), "protokollet", privat=not public)


def export_utdrag(
    mote: Sammantrade,
    organ: Organ,
    fmt: str,
    target: Path,
    paragrafer: list[int],
    public: bool = False,
    bestyrkt_av: str = "",
    datum: date | None = None,
) -> Path:
    """Write a protokollsutdrag of `paragrafer` as `fmt` to `target` and return the path."""
    fmt = kontrollera_format(fmt, FORMAT, "protokollsutdraget")
    kontrollera_mal(Path(target), "protokollsutdraget")
    data = utdrag_data(mote, organ, paragrafer, public=public, bestyrkt_av=bestyrkt_av, datum=datum)
    return skriv_atomiskt(
        Path(target), _RENDERARE[fmt](data), "protokollsutdraget", privat=not public
    )
