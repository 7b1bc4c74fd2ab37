"""The anslagsbevis ("Bevis om anslag"): that the justering of a protokoll, or of one
omedelbart justerad §, has been made known on the anslagstavla, with the dates that count
for an appeal: when it went up, the last day to appeal (laglighetsprövning), and the day it
may come down; where the protokoll is kept, its shortened hash, and who certifies it.
It is always published, so it is always made from the public version of the meeting
(`publicering.publik_version`).

`anslag_data` builds the one dict every format renders from; the PDF uses the protokoll's
header and footer (protokoll_delar.typ) so the bevis looks like the protokoll's own page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from kallelse_tui.domain.datum import veckodag
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.kontrollsumma import grupperad, kontrollsumma_mening
from kallelse_tui.domain.model import Organ, Sammantrade
from kallelse_tui.domain.paragrafer import namn
from kallelse_tui.domain.publicering import publik_text, publik_version
from kallelse_tui.domain.regler import KALLOR
from kallelse_tui.export.common import (
    jinja_text,
    kontrollera_format,
    kontrollera_mal,
    skriv_atomiskt,
    typst_pdf,
)
from kallelse_tui.export.protokoll import KONTROLLSUMMA_TECKEN, paragrafspann

FORMAT = ("pdf", "html", "md", "txt")
ANSLAGSBEVIS = "Anslagsbevis"
RUBRIK = "Bevis om anslag"
VAD = "anslagsbeviset"


def standard_forvaringsplats(organ: Organ) -> str:
    """Where a protokoll is kept unless the secretary says otherwise."""
    return f"Kommunkansliet, {organ.kommun}" if organ.kommun else "Kommunkansliet"


def _dag(dag: date) -> str:
    return f"{dag.isoformat()} ({veckodag(dag)})"


def _bestyrkt(mote: Sammantrade, organ: Organ, bestyrkt_av: str) -> dict[str, str]:
    """Name and title of who certifies: `bestyrkt_av`, else the official the organ has
    put in charge of its anslag, else the kallelse's first undertecknare."""
    namn_ = bestyrkt_av.strip() or organ.anslag_av.strip()
    kanda = [*mote.undertecknare, *organ.undertecknare]
    if not namn_ and kanda:
        namn_ = kanda[0].namn
    titel = next((u.titel for u in kanda if u.namn == namn_), "")
    return {"namn": namn_, "titel": titel}


def _overklagande(sista: date, organ: Organ) -> str:
    kalla = KALLOR["laglighetsprovning"].replace(" §", "\u00a0§")  # "5 §" on one line
    vems = organ.namn.lower() if organ.namn[-1:].lower() in "sxz" else organ.namn.lower() + "s"
    domstol = organ.forvaltningsratt.strip() or "förvaltningsrätten"
    return (
        f"Den som vill överklaga {vems} beslut genom laglighetsprövning ska "
        "göra det skriftligt inom tre veckor från den dag då justeringen tillkännagavs på "
        f"anslagstavlan ({kalla}). Överklagandet ska ges in till {domstol} och ha kommit "
        f"in senast {_dag(sista)}."
    )


def anslag_data(
    mote: Sammantrade, organ: Organ, paragraf: int | None = None, bestyrkt_av: str = ""
) -> dict[str, Any]:
    """Everything the anslagsbevis shows, as JSON-able data. `paragraf` makes it the bevis
    of that omedelbart justerad §, with its own dates and hash. A protokoll not justerat,
    or without a recorded anslag, is refused with a DomainError saying what to do."""
    # Put up on the anslagstavla: always the public version; the name typed in the form too.
    publik = publik_version(mote, organ)
    bestyrkt_av = publik_text(bestyrkt_av, mote.arenden)
    mote, organ = publik.mote, publik.organ
    vem = f"{organ.kortnamn} {mote.datum.isoformat()} ({mote.id})"
    if paragraf is None:
        justering = mote.justering
        if not mote.last or justering is None or justering.datum is None:
            raise DomainError(
                f"Protokollet {vem} är inte justerat, så det finns inget anslag att intyga. "
                "Justera protokollet först (j på sammanträdet)."
            )
        if mote.anslag is None:
            raise DomainError(
                f"Anslaget för protokollet {vem} är inte registrerat. Registrera dagen då "
                "justeringen sattes upp på anslagstavlan först (j på sammanträdet)."
            )
        justerad, uppsatt = justering.datum, mote.anslag.uppsatt
        sista = mote.anslag.sista_dag_overklagande
        ned = mote.anslag.tidigast_nedtagning
        spann = paragrafspann(p.nummer for p in mote.paragrafer)
        summa = justering.protokoll_hash
        forvaring = mote.anslag.forvaringsplats
        intyg = "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."
        justerare = list(justering.justerare)
        namn_ = justering.namn
    else:
        p = next((x for x in mote.paragrafer if x.nummer == paragraf), None)
        if p is None:
            raise DomainError(f"Protokollet {vem} har ingen § {paragraf}.")
        omedelbar = p.omedelbar
        if omedelbar is None:
            raise DomainError(
                f"§ {paragraf} i {vem} är inte omedelbart justerad; anslagsbeviset för hela "
                "protokollet skrivs ut utan --paragraf."
            )
        if omedelbar.anslag is None:
            raise DomainError(
                f"§ {paragraf} i {vem} är omedelbart justerad men dess anslag är inte "
                "registrerat; ange dagen då paragrafen sattes upp på anslagstavlan först."
            )
        justerad, uppsatt = omedelbar.datum, omedelbar.anslag
        sista = omedelbar.sista_dag_overklagande or uppsatt
        ned = omedelbar.tidigast_nedtagning or uppsatt
        spann = paragrafspann([paragraf])
        summa = omedelbar.paragraf_hash
        forvaring = mote.anslag.forvaringsplats if mote.anslag else ""
        intyg = (
            f"Paragrafen är omedelbart justerad. Justeringen av {spann} har tillkännagivits "
            "genom anslag."
        )
        justerare = list(omedelbar.justerare)
        namn_ = mote.justering.namn if mote.justering else {}
    forvaring = forvaring.strip() or standard_forvaringsplats(organ)
    kontroll = summa[:KONTROLLSUMMA_TECKEN]
    bestyrkt = _bestyrkt(mote, organ, bestyrkt_av)
    falt = [
        ["Organ", organ.namn],
        ["Sammanträdesdatum", mote.datum.isoformat()],
        ["Paragrafer", spann],
        ["Justerare", ", ".join(namn_.get(j) or namn(organ, j) for j in justerare)],
        ["Datum för justering", justerad.isoformat()],
        ["Anslaget uppsatt", _dag(uppsatt)],
        ["Sista dag för överklagande", _dag(sista)],
        ["Anslaget får tas ned", _dag(ned)],
        ["Förvaringsplats för protokollet", forvaring],
    ]
    data: dict[str, Any] = {
        "slag": "anslag",
        "dokument": ANSLAGSBEVIS,
        "rubrik": RUBRIK,
        "titel": f"{ANSLAGSBEVIS} {organ.namn} {mote.datum.isoformat()} {spann}",
        "kommun": organ.kommun,
        "organ": organ.namn,
        "datum": mote.datum.isoformat(),
        "intyg": intyg,
        "paragrafspann": spann,
        "justerad": justerad.isoformat(),
        "uppsatt": uppsatt.isoformat(),
        "sista_dag_overklagande": sista.isoformat(),
        "nedtagning": ned.isoformat(),
        "forvaringsplats": forvaring,
        "falt": [r for r in falt if r[1]],
        "overklagande": _overklagande(sista, organ),
        "bestyrkt": {**bestyrkt, "text": "Intygas"},
        # The protokoll's footer without its boxes: nothing on this page to initial.
        "sidfot": {"sign": "", "bestyrkande": ""},
    }
    summa_rubrik = "Paragrafens kontrollsumma" if paragraf else "Protokollets kontrollsumma"
    if kontroll:
        data["falt"].append([summa_rubrik, grupperad(summa)])
    data["kontrollsumma_kort"] = kontroll
    data["kontroll_text"] = kontrollsumma_mening(paragraf is not None) if kontroll else ""
    data["kontrollsumma"] = f"Kontrollsumma: {kontroll}" if kontroll else ""
    return data


def _text(mall: str) -> Callable[[dict[str, Any]], bytes]:
    return lambda data: jinja_text(mall, data).encode("utf-8")


_RENDERARE: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "pdf": lambda data: typst_pdf("anslag.typ", data),
    "html": _text("anslag.html.j2"),
    "md": _text("anslag.md.j2"),
    "txt": _text("anslag.txt.j2"),
}


def export_anslag(
    mote: Sammantrade,
    organ: Organ,
    fmt: str,
    target: Path,
    paragraf: int | None = None,
    bestyrkt_av: str = "",
) -> Path:
    """Write the anslagsbevis (of the protokoll, or of omedelbart justerad § `paragraf`)
    as `fmt` to `target` (atomically) and return the path."""
    fmt = kontrollera_format(fmt, FORMAT, VAD)
    kontrollera_mal(Path(target), VAD)
    data = anslag_data(mote, organ, paragraf, bestyrkt_av)
    return skriv_atomiskt(Path(target), _RENDERARE[fmt](data), VAD)
