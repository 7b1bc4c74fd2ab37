"""The protokoll and the protokollsutdrag: the first page (export/forsta_sidan.py: plats
och tid, who decided, justerare, the signatures, ANSLAG/BEVIS), then every § with Dnr,
title, beslut (or the förslag to another organ), ärendebeskrivning, beslutsunderlag, the
förslag being decided, yrkanden, beslutsgång, omröstning with names, reservationer,
protokollsanteckningar, jäv, "Beslut skickas till" and an omedelbar justering; every page
carries "Ej justerat" or "Justerat 2026-10-23" in its header, "Justerandes sign" and
"Utdragsbestyrkande" boxes and "1 (n)".

`protokoll_data` builds the one dict every format renders from (as `kallelse_data` does for
the kallelse), so the formats cannot disagree and the public version is made in one place
(`publicering.publicera`). A § is one self-contained dict (`_paragraf`), so an utdrag is the
same data with fewer §§ and a "Rätt utdraget betygar" block (`utdrag_data`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from kallelse_tui.domain.beslutsgang import (
    behandling,
    beslut_stycken,
    forslagets_namn,
    protokollsanteckningar,
    reservationer,
    voteringar,
)
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Arende,
    ArendeTyp,
    Beslutsunderlag,
    Omrostning,
    Organ,
    Paragraf,
    Rost,
    Sammantrade,
    Utfall,
)
from kallelse_tui.domain.paragrafer import rostlista
from kallelse_tui.domain.publicering import (
    publik_rubrik,
    publik_version,
    sekretess_hanvisning,
)
from kallelse_tui.domain.rattelse import rattelser_data
from kallelse_tui.domain.rensa import rensa_data
from kallelse_tui.export.common import (
    jinja_text,
    kontrollera_format,
    kontrollera_mal,
    skriv_atomiskt,
    typst_pdf,
)
from kallelse_tui.export.forsta_sidan import (
    anslagsbevis,
    narvaro,
    omedelbar_justering,
    plats_och_tid,
    tillstand,
    underskrifter,
    utses_att_justera,
)
from kallelse_tui.export.signering import signerat_data

FORMAT = ("pdf", "html", "md", "txt", "docx")
PROTOKOLL = "Sammanträdesprotokoll"
UTDRAG = "Protokollsutdrag"
JUSTERANDES_SIGN = "Justerandes sign"
UTDRAGSBESTYRKANDE = "Utdragsbestyrkande"
RATT_UTDRAGET = "Rätt utdraget betygar"
SEKRETESS_HANDLING = "Handling som omfattas av sekretess"
KONTROLLSUMMA_TECKEN = 12
# The Dnr gets its own "Dnr" label, so a typed prefix would print twice.
_DNR_PREFIX = re.compile(r"^\s*dnr\.?\s*:?\s*", re.IGNORECASE)
# A § with one of these outcomes is the organ's own decision even when the förslag went on
# to another organ: it sends the ärende back, postpones it or drops it.
_EGET_BESLUT = (Utfall.ATERREMISS, Utfall.BORDLAGGNING, Utfall.UTGAR)
# "Kommunstyrelsen föreslår kommunfullmäktige besluta …": the organ proposed to.
_FORESLAR = re.compile(
    r"^(?:\d+\.\s*)?[\w\s-]*?\bföreslår\s+(\w*(?:fullmäktige|styrelsen|nämnden|utskottet|"
    r"direktionen))\b",
    re.IGNORECASE,
)


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
    """'§ 171', '§§ 171–180', '§§ 175, 178', '§§ 171–173, 176': a span only for §§ that
    follow one another, so an utdrag never seems to hold §§ it does not."""
    alla = sorted(set(nummer))
    if not alla:
        return ""
    if len(alla) == 1:
        return f"§ {alla[0]}"
    foljder: list[list[int]] = []
    for n in alla:
        if foljder and n == foljder[-1][-1] + 1:
            foljder[-1].append(n)
        else:
            foljder.append([n])
    delar = [f"{f[0]}–{f[-1]}" if len(f) > 1 else str(f[0]) for f in foljder]
    return "§§ " + ", ".join(delar)


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


# -- the protocol's first page: export/forsta_sidan.py ------------------------------


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
    omedelbar = omedelbar_justering(paragraf, mote, organ)
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
    avsnitt = [_avsnitt(_beslutsrubrik(paragraf, organ), beslut_stycken(paragraf, mote, organ))]
    avsnitt.append(_avsnitt("Ärendebeskrivning", _stycken(arende.beskrivning)))
    if arende.poster:
        avsnitt.append(_poster(arende))
    avsnitt.append(_avsnitt("Ekonomiska konsekvenser", _stycken(arende.ekonomiska_konsekvenser)))
    avsnitt.append(
        _avsnitt("Beslutsunderlag", punkter=[_underlag(u, public) for u in arende.beslutsunderlag])
    )
    # The förslag the yrkanden refer to comes before them, as in real protokoll.
    avsnitt.append(_avsnitt(_vems_forslag(arende, organ), _forslag(arende)))
    # The beslutsgång (domain/beslutsgang.py): each fact once, jäv only in Behandling.
    avsnitt.append(_avsnitt("Behandling", behandling(paragraf, mote, organ)))
    avsnitt += [_voteringslista(titel, o, organ) for titel, o in voteringar(paragraf)]
    avsnitt.append(_avsnitt("Reservation", reservationer(paragraf, mote, organ)))
    avsnitt.append(_avsnitt("Protokollsanteckning", protokollsanteckningar(paragraf, organ)))
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


def _beslutsrubrik(paragraf: Paragraf, organ: Organ) -> str:
    """'Kommunstyrelsens beslut', or 'Kommunstyrelsens förslag till kommunfullmäktige'
    when the beslut proposes to another organ (and is not a återremiss or the like)."""
    forsta = next(iter(_stycken(paragraf.beslut)), "")
    till = _FORESLAR.match(forsta)
    if till and paragraf.utfall not in _EGET_BESLUT:
        return f"{_organs(organ)} förslag till {till[1].lower()}"
    return f"{_organs(organ)} beslut"


def _forslag(arende: Arende) -> list[str]:
    """The förslag till beslut as written, numbered when it has several points; the
    numbering runs on across förslag to different organs, as a tjänsteskrivelse does."""
    punkter = [p.strip() for f in arende.forslag for p in f.punkter if p.strip()]
    return [f"{i}. {p}" for i, p in enumerate(punkter, 1)] if len(punkter) > 1 else punkter


def _vems_forslag(arende: Arende, organ: Organ) -> str:
    """The heading of the förslag the organ decides on: 'Arbetsutskottets förslag'."""
    vems = forslagets_namn(arende, organ)
    return vems[:1].upper() + vems[1:] if vems != "förslaget" else "Förslag till beslut"


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


def _voteringslista(titel: str, omrostning: Omrostning, organ: Organ) -> dict[str, Any]:
    """Who voted how: the law asks for the names in open votes (the result is in the beslut)."""
    namn_per_rost = rostlista(omrostning, organ)
    rader = [[rost.value.capitalize(), ", ".join(namn_per_rost[rost]) or "–"] for rost in Rost]
    return _avsnitt(titel, tabell=_tabell(["Röst", "Ledamöter"], rader, [1.2, 10.0]))


# -- the documents -------------------------------------------------------------------------


def inga_paragrafer(mote: Sammantrade) -> DomainError:
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
        raise inga_paragrafer(mote)
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
        "tillstand": tillstand(mote, organ, valda if paragrafer is not None else []),
        "plats_och_tid": plats_och_tid(mote),
        **narvaro(mote, organ, public),
        "justerare": utses_att_justera(mote, organ),
        "justering": mote.justering.tid_och_plats.strip() if mote.justering else "",
        "paragrafspann": spann,
        "underskrifter": underskrifter(mote, organ, spann),
        "anslag": anslagsbevis(mote, organ),
        "paragrafer": [_paragraf(p, mote, organ, public=public) for p in valda],
        "publik_not": publik.not_text if publik else "",
        "digitalt": signerat_data(mote),
        "kontrollsumma": _kontrollsumma(mote),
        "sidfot": {"sign": JUSTERANDES_SIGN, "bestyrkande": UTDRAGSBESTYRKANDE},
        "utdrag": None,
        "rattelser": rattelser_data(mote, [p.nummer for p in valda], public),
    }
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


_TOM_RAD = "_" * 24  # an empty line to fill in by hand (the ANSLAG/BEVIS before the anslag)


def _docx_tillstand(doc: Any, tillstand: dict[str, str]) -> None:
    """The state, "Ej justerat" or "Justerat 2026-10-23 av …", in the header of every page,
    the first one (which has a header of its own) included."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    text = " ".join(filter(None, (tillstand["text"], tillstand["av"])))
    section = doc.doc.sections[0]
    for header in (section.header, section.first_page_header):
        tom = header.paragraphs[-1] if not header.paragraphs[-1].text else None
        paragraf = tom or header.add_paragraph()
        paragraf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraf.add_run(text)
        run.bold, run.font.size = True, Pt(9)


def _docx(data: dict[str, Any]) -> bytes:
    from kallelse_tui.export.word import Word

    data = rensa_data(data)  # a DOCX cannot hold control characters from older data
    doc = Word(
        kommun=data["kommun"],
        organ=data["organ"],
        dokument=data["dokument"],
        datum=data["datum"],
        titel=data["titel"],
        rutor=(data["sidfot"]["sign"], data["sidfot"]["bestyrkande"]),
        sidfotsrad=data["kontrollsumma"],
    )
    _docx_tillstand(doc, data["tillstand"])
    doc.titelblock()
    if data["publik_not"]:
        doc.stycke(data["publik_not"], kursiv=True)
    if digitalt := data.get("digitalt"):
        doc.stycke(f"{digitalt['rubrik']}: {digitalt['text']}")
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
                ("Utses att justera", [", ".join(data["justerare"])] if data["justerare"] else []),
                ("Justeringens plats och tid", [data["justering"]] if data["justering"] else []),
                ("Paragrafer", [data["paragrafspann"]]),
            ]
        )
        doc.underrubrik("Underskrifter")
        doc.signaturer([(u["roll"], u["namn"], u["not"]) for u in data["underskrifter"]])
        anslag = data["anslag"]
        doc.underrubrik(anslag["rubrik"])
        doc.stycke(anslag["intyg"])
        doc.falt([(r["etikett"], [r["varde"] or _TOM_RAD]) for r in anslag["rader"]])
        doc.signaturer([("Underskrift", anslag["underskrift"], "")])
        doc.sidbrytning()
    else:
        doc.falt([("Plats och tid", [data["plats_och_tid"]]), ("Utdrag", [utdrag["paragrafer"]])])
        for upplysning in utdrag["upplysningar"]:
            doc.stycke(upplysning)
    for p in data["paragrafer"]:
        doc.rubrikrad(
            f"§ {p['nummer']} {p['rubrik']}".strip(), f"Dnr {p['dnr']}" if p["dnr"] else ""
        )
        if p["sekretess"]:
            doc.stycke(p["sekretess"], kursiv=True)
        for a in p["avsnitt"]:
            if a["rubrik"]:
                doc.underrubrik(a["rubrik"], niva=3)
            for stycke in a["stycken"]:
                doc.stycke(stycke)
            doc.punkter(a["punkter"])
            if tabell := a["tabell"]:
                doc.tabell(tabell["kolumner"], tabell["rader"], tabell["bredder"], storlek=10)
        if omedelbar := p["omedelbar"]:
            doc.stycke((omedelbar["text"], True), omedelbar["datum"])
            doc.signaturer([(u["roll"], u["namn"], "") for u in omedelbar["underskrifter"]])
    if data["rattelser"]:
        doc.underrubrik("Rättelser")
        for r in data["rattelser"]:
            doc.underrubrik(r["rubrik"], niva=3)
            for stycke in r["stycken"]:
                doc.stycke(stycke)
    if utdrag is not None:
        doc.underrubrik(f"{utdrag['text']} {utdrag['paragrafer']}")
        doc.signaturer([("", utdrag["namn"], utdrag["datum"])])
        if utdrag["titel"]:
            doc.stycke(utdrag["titel"], liten=True)
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
