"""The digital anslagstavla as a static site a kommun's web server or CMS publishes as it
is (KL 8 kap. 9–12 §§; domain/anslagstavla.py decides what stands on it):

    index.html          the current tillkännagivanden: justerade protokoll, omedelbart
                        justerade §§ and fullmäktige's kungörelser, each with its dates,
                        where the protokoll is kept, how to appeal, and its public PDF
    arkiv.html          the tillkännagivanden that have come down
    anslag.atom         an Atom feed of the current ones, for CMS import and readers
    anslag.json         the same entries (and the archive) as JSON
    kontrollsummor.txt  the published checksums of every justerat protokoll (verify --mot)
    stil.css            the one stylesheet (its colours are checked for contrast)
    dokument/*.pdf      the public protokoll, utdrag and kungörelser

Every value shown is public: each entry is built from the public version of its meeting
(`publik_version`, through anslag_data and kallelse_data). The site is written into a
temporary folder beside the target and swapped in whole; a PDF whose data has not changed
is taken over from the previous site (its name carries the hash of its data), so the same
board written twice is the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import secrets
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from kallelse_tui import __version__
from kallelse_tui.domain.anslagstavla import Slag, Tillkannagivande, ordning
from kallelse_tui.domain.datum import klockslag, lang_datum
from kallelse_tui.domain.errors import DomainError, os_orsak
from kallelse_tui.domain.model import Arende, Organ, Paragraf, Sammantrade
from kallelse_tui.domain.publicering import publik_rubrik, publik_text, publik_version
from kallelse_tui.export.common import TEMPLATES, jinja_text
from kallelse_tui.store.paths import swap_in_folder

INDEX, ARKIV, ATOM, JSON_FIL = "index.html", "arkiv.html", "anslag.atom", "anslag.json"
KONTROLLSUMMOR, STIL, DOKUMENT = "kontrollsummor.txt", "stil.css", "dokument"
FORMAT_ID = "kallelse-anslagstavla"  # in anslag.json: marks a folder this code may replace
VAD = "anslagstavlan"
_UUID_NS = uuid.UUID("6f0b7a52-3c55-4c1e-9d0e-6a8f1b6f2d11")  # Atom ids, stable across runs

RUBRIK = {
    Slag.PROTOKOLL: "Justerat protokoll",
    Slag.PARAGRAF: "Omedelbart justerad paragraf",
    Slag.KUNGORELSE: "Kungörelse",
}


@dataclass(frozen=True)
class Kalla:
    """One tillkännagivande and the organ its documents print (the frozen one of a
    justerat protokoll)."""

    tillkannagivande: Tillkannagivande
    organ: Organ


@dataclass
class Resultat:
    mapp: Path
    aktuella: int = 0
    arkiverade: int = 0
    nya_dokument: list[str] = field(default_factory=list)
    ateranvanda: int = 0


# Progress: (steps done, steps in all, what is being done now).
Rapport = Callable[[int, int, str], None]


def _storlek(antal: int) -> str:
    return f"{max(1, round(antal / 1024))} kB"


def _anslagsdelar(mote: Sammantrade, organ: Organ) -> tuple[Sammantrade, Organ]:
    """The meeting and organ as a notice of a justering needs them: the header, the §§
    with their justering records, and of the ärenden and the organ's members only what the
    public version needs to clean what is shown (a secret title is replaced wherever it
    stands; the justerare are named). The texts would be cleaned for nothing: ten years of
    archive in a fraction of a second."""
    hemliga = [
        Arende(
            a.id,
            a.rubrik,
            beslutsunderlag=[u for u in a.beslutsunderlag if u.sekretess or a.sekretess],
            sekretess=a.sekretess,
            publik_titel=a.publik_titel,
        )
        for a in mote.arenden
        if a.sekretess or any(u.sekretess for u in a.beslutsunderlag)
    ]
    paragrafer = [
        Paragraf(
            p.nummer, p.arende_id, omedelbar_justering=p.omedelbar_justering, omedelbar=p.omedelbar
        )
        for p in mote.paragrafer
    ]
    justerare = {j for p in mote.paragrafer if p.omedelbar for j in p.omedelbar.justerare}
    justerare |= set(mote.justering.justerare if mote.justering else [])
    ledamoter = [m for m in organ.ledamoter if m.id in justerare]
    return (
        dataclasses.replace(mote, arenden=hemliga, paragrafer=paragrafer),
        dataclasses.replace(organ, ledamoter=ledamoter),
    )


def _protokollpost(kalla: Kalla) -> dict[str, Any]:
    from kallelse_tui.export.anslag import anslag_data

    t = kalla.tillkannagivande
    mote, organ = _anslagsdelar(t.mote, kalla.organ)
    d = anslag_data(mote, organ, t.paragraf)
    falt = dict(d["falt"])
    post: dict[str, Any] = {
        "organ": d["organ"],
        "kommun": d["kommun"],
        "justerad": d["justerad"],
        "justerare": falt.get("Justerare", ""),
        "sista_dag_overklagande": d["sista_dag_overklagande"],
        "forvaringsplats": d["forvaringsplats"],
        "overklagande": d["overklagande"],
        "paragrafer": d["paragrafspann"],
        "kontrollsumma": mote.justering.protokoll_hash if mote.justering else "",
    }
    if t.slag is Slag.PARAGRAF:
        p = next(p for p in t.mote.paragrafer if p.nummer == t.paragraf)
        rubrik = publik_rubrik(t.mote.arende(p.arende_id))
        post["paragraf_rubrik"] = publik_text(rubrik, t.mote.arenden)
        post["kontrollsumma"] = p.omedelbar.paragraf_hash if p.omedelbar else ""
    return post


def _kungorelsepost(kalla: Kalla) -> dict[str, Any]:
    from kallelse_tui.export.kallelse import kallelse_data

    mote = kalla.tillkannagivande.mote
    d = kallelse_data(mote, kalla.organ, public=True)
    return {
        "organ": d["organ"],
        "kommun": d["kommun"],
        "tid": klockslag(mote.tid) if mote.tid else "",
        "dag": lang_datum(mote.datum),
        "plats": publik_version(mote, kalla.organ).mote.plats.strip(),
        "inledning": f"{d['inledning']['fore']} {d['inledning']['nar']}.",
        "kungorelse": d["kungorelse"],
        "arenden": [
            {"nummer": a["nummer"], "rubrik": a["rubrik"], "dnr": a["dnr"], "extra": a["extra"]}
            for a in d["arenden"]
        ],
    }


_PROTOKOLL_FALT = (
    "justerad",
    "justerare",
    "sista_dag_overklagande",
    "forvaringsplats",
    "overklagande",
    "paragrafer",
    "paragraf_rubrik",
    "kontrollsumma",
)
_KUNGORELSE_FALT = ("tid", "dag", "plats", "inledning", "kungorelse")


def post(kalla: Kalla) -> dict[str, Any]:
    """One tillkännagivande as JSON-able data, every text from the public version."""
    t = kalla.tillkannagivande
    innehall = _kungorelsepost(kalla) if t.slag is Slag.KUNGORELSE else _protokollpost(kalla)
    organ, kommun = innehall["organ"], innehall["kommun"]
    namn = f"{organ}, {kommun}" if kommun else organ
    datum = t.mote.datum.isoformat()
    paragraf = f" § {t.paragraf}" if t.slag is Slag.PARAGRAF else ""
    return {
        "id": t.id,
        "slag": t.slag.value,
        "rubrik": f"{RUBRIK[t.slag]}: {organ} {datum}{paragraf}",
        "organ_och_kommun": namn,
        "sammantradesdatum": datum,
        "uppsatt": t.uppsatt.isoformat(),
        "nedtas": t.nedtas.isoformat(),
        "dokument": None,
        # Every entry has every key (the JSON's shape does not depend on the kind).
        **dict.fromkeys(_PROTOKOLL_FALT + _KUNGORELSE_FALT, ""),
        "arenden": [],
        **innehall,
    }


# --- the public documents ------------------------------------------------------------------


def _dokumentdata(kalla: Kalla) -> tuple[str, str, Callable[[Path], Path], str]:
    """(the hash of what the PDF is typeset from, the link text, the function that writes
    the PDF, its kind)."""
    from kallelse_tui.export.kallelse import export_kallelse, kallelse_data
    from kallelse_tui.export.protokoll import export_protokoll, protokoll_data
    from kallelse_tui.export.utdrag import export_utdrag

    t, organ = kalla.tillkannagivande, kalla.organ
    mote = t.mote
    if t.slag is Slag.PROTOKOLL:
        data = protokoll_data(mote, organ, True)
        skriv = partial(export_protokoll, mote, organ, "pdf", public=True)
        return _hash(data), f"Protokoll {data['organ']} {data['datum']}", skriv, "protokoll"
    if t.slag is Slag.PARAGRAF:
        assert t.paragraf is not None
        justerad = next(p.omedelbar for p in mote.paragrafer if p.nummer == t.paragraf)
        dag = justerad.datum if justerad else mote.datum  # certified the day it was justerad
        data = protokoll_data(mote, organ, True, paragrafer=[t.paragraf])
        skriv = partial(
            export_utdrag, mote, organ, "pdf", paragrafer=[t.paragraf], public=True, datum=dag
        )
        text = f"Protokollsutdrag {data['organ']} {data['datum']} § {t.paragraf}"
        return _hash([data, dag]), text, skriv, "utdrag"
    data = kallelse_data(mote, organ, public=True)
    skriv = partial(export_kallelse, mote, organ, "pdf", public=True)
    return _hash(data), data["titel"], skriv, "kungorelse"


def _hash(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str) + __version__
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dokument(kalla: Kalla, tmp: Path, forra: Path | None, resultat: Resultat) -> dict[str, Any]:
    """The entry's public PDF in tmp/dokument: taken over from the previous site when its
    data is the same, otherwise typeset."""
    summa, text, skriv, slag = _dokumentdata(kalla)
    namn = f"{kalla.tillkannagivande.id}-{slag}-{summa[:12]}.pdf"
    mal = tmp / DOKUMENT / namn
    gammal = forra / DOKUMENT / namn if forra is not None else None
    if gammal is not None and gammal.is_file() and not gammal.is_symlink():
        shutil.copy2(gammal, mal)
        resultat.ateranvanda += 1
    else:
        skriv(mal)
        resultat.nya_dokument.append(f"{DOKUMENT}/{namn}")
    innehall = mal.read_bytes()
    return {
        "href": f"{DOKUMENT}/{namn}",
        "text": f"{text} (PDF, {_storlek(len(innehall))})",
        "storlek": len(innehall),
        "sha256": hashlib.sha256(innehall).hexdigest(),
    }


# --- the site --------------------------------------------------------------------------------


def _tidpunkt(dag: str) -> str:
    return f"{dag}T00:00:00Z"


def sajtdata(
    aktuella: list[dict[str, Any]], arkiv: list[dict[str, Any]], kommuner: list[str]
) -> dict[str, Any]:
    """What the pages, the feed and the JSON file share. `uppdaterad` is the newest day in
    the entries themselves, never the day the site was written."""
    alla = aktuella + arkiv
    kommuner = sorted({k for k in kommuner if k} | {p["kommun"] for p in alla if p["kommun"]})
    dagar = [p["uppsatt"] for p in alla] + [p["nedtas"] for p in arkiv]
    uppdaterad = max(dagar) if dagar else ""
    namn = " och ".join(kommuner)
    return {
        "format": FORMAT_ID,
        "version": 1,
        "titel": f"Anslagstavla – {namn}" if namn else "Anslagstavla",
        "kommuner": kommuner,
        "uppdaterad": uppdaterad,
        "tillkannagivanden": aktuella,
        "arkiv": arkiv,
    }


def _atom(sajt: dict[str, Any]) -> str:
    poster = [
        {
            **p,
            "atom_id": f"urn:uuid:{uuid.uuid5(_UUID_NS, p['id'])}",
            "tidpunkt": _tidpunkt(p["uppsatt"]),
            "sammanfattning": _sammanfattning(p),
        }
        for p in sajt["tillkannagivanden"]
    ]
    return jinja_text(
        "anslagstavla.atom.xml.j2",
        {
            **sajt,
            "poster": poster,
            "feed_id": f"urn:uuid:{uuid.uuid5(_UUID_NS, '|'.join(sajt['kommuner']))}",
            "tidpunkt": _tidpunkt(sajt["uppdaterad"])
            if sajt["uppdaterad"]
            else "1970-01-01T00:00:00Z",
            "forfattare": " och ".join(sajt["kommuner"]) or "Kommunen",
        },
    )


def _sammanfattning(p: dict[str, Any]) -> str:
    if p["slag"] == Slag.KUNGORELSE.value:
        return f"{p['organ']} sammanträder {p['dag']} {p['tid']} i {p['plats']}.".replace("  ", " ")
    return (
        f"Paragrafer {p['paragrafer']}, justerat {p['justerad']}. Anslaget {p['uppsatt']}–"
        f"{p['nedtas']}; sista dag att överklaga {p['sista_dag_overklagande']}. "
        f"Protokollet förvaras: {p['forvaringsplats']}."
    )


def _sidor(sajt: dict[str, Any]) -> dict[str, str]:
    grupper = [
        ("protokoll", "Justerade protokoll", Slag.PROTOKOLL),
        ("paragrafer", "Omedelbart justerade paragrafer", Slag.PARAGRAF),
        ("kungorelser", "Kungörelser av fullmäktiges sammanträden", Slag.KUNGORELSE),
    ]
    aktuella = [
        {
            "id": gid,
            "rubrik": rubrik,
            "poster": [p for p in sajt["tillkannagivanden"] if p["slag"] == s.value],
        }
        for gid, rubrik, s in grupper
    ]
    gemensamt = {**sajt, "index": INDEX, "arkivsida": ARKIV, "atom": ATOM, "json": JSON_FIL}
    gemensamt |= {"kontrollsummor": KONTROLLSUMMOR, "stil": STIL}
    return {
        INDEX: jinja_text(
            "anslagstavla.html.j2", {**gemensamt, "sida": "index", "grupper": aktuella}
        ),
        ARKIV: jinja_text("anslagstavla.html.j2", {**gemensamt, "sida": "arkiv", "grupper": []}),
    }


def _kontrollera_mal(mal: Path) -> Path | None:
    """The previous site at `mal` (None when there is none yet); a DomainError when `mal`
    is something this code must not replace."""
    mal = mal.expanduser()
    if not mal.parent.is_dir():
        raise DomainError(
            f"Kan inte skriva {VAD} i {mal}: mappen {mal.parent} finns inte. Skapa den först."
        )
    if mal.is_symlink() or (mal.exists() and not mal.is_dir()):
        raise DomainError(f"Kan inte skriva {VAD} i {mal}: det är en fil, inte en mapp.")
    if not mal.exists() or not any(mal.iterdir()):
        return None
    try:
        markor = json.loads((mal / JSON_FIL).read_text(encoding="utf-8")).get("format")
    except (OSError, ValueError, AttributeError):
        markor = None
    if markor != FORMAT_ID:
        raise DomainError(
            f"Mappen {mal} är inte tom och innehåller ingen anslagstavla ({JSON_FIL} saknas); "
            "den ersätts inte. Ange en tom mapp eller en tidigare anslagstavla."
        )
    return mal


def skriv_anslagstavla(
    kallor: list[Kalla],
    idag: date,
    mal: Path,
    kontrollsummor: str,
    rapport: Rapport | None = None,
    *,
    kommuner: list[str] | None = None,
    innan_bytet: Callable[[], None] | None = None,
) -> Resultat:
    """Write the board for `idag` to the folder `mal`, swapped in whole (see the module).
    `kommuner` name the board (the organs' kommuner). `innan_bytet` runs once the new
    site is complete, just before it replaces the old one (the store saves the anslag days
    the site shows then)."""
    mal = Path(mal).expanduser()
    forra = _kontrollera_mal(mal)
    resultat = Resultat(mal)
    aktuella = sorted(
        (k for k in kallor if k.tillkannagivande.aktuell(idag)),
        key=lambda k: ordning(k.tillkannagivande),
        reverse=True,
    )
    arkiv = sorted(
        (k for k in kallor if k.tillkannagivande.arkiverad(idag)),
        key=lambda k: ordning(k.tillkannagivande),
        reverse=True,
    )
    tmp = mal.parent / f".{mal.name}.{secrets.token_hex(4)}.tmp"
    try:
        os.mkdir(tmp)
        os.mkdir(tmp / DOKUMENT)
        aktuella_poster = []
        for i, kalla in enumerate(aktuella, 1):
            p = post(kalla)
            if rapport:
                rapport(i, len(aktuella) + 2, f"Dokument {i} av {len(aktuella)}: {p['rubrik']}")
            p["dokument"] = _dokument(kalla, tmp, forra, resultat)
            aktuella_poster.append(p)
        if rapport:
            steg = len(aktuella) + 1
            rapport(steg, steg + 1, f"Arkivet: {len(arkiv)} nedtagna tillkännagivanden")
        arkiv_poster = [post(k) for k in arkiv]
        sajt = sajtdata(aktuella_poster, arkiv_poster, kommuner or [])
        filer = {
            **_sidor(sajt),
            ATOM: _atom(sajt),
            JSON_FIL: json.dumps(sajt, ensure_ascii=False, indent=2) + "\n",
            KONTROLLSUMMOR: kontrollsummor,
            STIL: (TEMPLATES / "anslagstavla.css").read_text(encoding="utf-8"),
        }
        for namn, text in filer.items():
            (tmp / namn).write_text(text, encoding="utf-8")
        if innan_bytet is not None:
            innan_bytet()
        swap_in_folder(tmp, mal)
    except OSError as fel:
        raise DomainError(f"Kan inte skriva {VAD} i {mal}: {os_orsak(fel)}.") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    resultat.aktuella, resultat.arkiverade = len(aktuella), len(arkiv)
    return resultat
