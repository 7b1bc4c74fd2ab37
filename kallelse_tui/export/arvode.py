"""The arvodesunderlag as CSV for the kommun's payroll and as a PDF each politician can
check: one section per person, each meeting with role and time.

The CSV is what Swedish Excel opens by a double click: UTF-8 with a byte order mark,
semicolons between fields, decimal commas, CRLF line ends; one row per person and meeting,
times as HH:MM, minutes as a whole number and hours with two decimals.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kallelse_tui.domain.arvode import HALLNA, Arvodesunderlag, Narvarotid, timmar_text
from kallelse_tui.domain.datum import kort_datum
from kallelse_tui.export.common import kontrollera_format, skriv_atomiskt, typst_pdf

if TYPE_CHECKING:
    from kallelse_tui.store.api import StoreApi

FORMAT = ("csv", "pdf")
VAD = "arvodesunderlaget"
KOLUMNER = (
    "Namn",
    "Parti",
    "Organ",
    "Datum",
    "Sammanträde",
    "Uppdrag",
    "Roll",
    "Ersätter",
    "Från",
    "Till",
    "Ajournering (min)",
    "Minuter",
    "Timmar",
    "Justerat",
    "Anmärkning",
)


def _hhmm(t: object) -> str:
    return "" if t is None else f"{t:%H:%M}"


def _timmar(minuter: int | None) -> str:
    return "" if minuter is None else f"{minuter / 60:.2f}".replace(".", ",")


def csv_rad(r: Narvarotid) -> list[str]:
    return [
        r.namn,
        r.parti,
        r.organ,
        r.datum.isoformat(),
        r.mote_id,
        r.uppdrag,
        r.roll.value,
        r.ersatter,
        _hhmm(r.fran),
        _hhmm(r.till),
        str(r.ajournering_minuter),
        "" if r.minuter is None else str(r.minuter),
        _timmar(r.minuter),
        "ja" if r.justerat else "nej",
        " ".join(r.anmarkningar),
    ]


def arvode_csv(underlag: Arvodesunderlag) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(KOLUMNER)
    writer.writerows(csv_rad(r) for r in underlag.rader)
    return buf.getvalue().encode("utf-8-sig")


def period_text(underlag: Arvodesunderlag) -> str:
    return f"{kort_datum(underlag.fran)} – {kort_datum(underlag.till)}"


def arvode_data(underlag: Arvodesunderlag) -> dict[str, Any]:
    kommuner = sorted({o.kommun for o in underlag.organ if o.kommun})
    organ = ", ".join(o.namn for o in underlag.organ) if len(underlag.organ) < 4 else "alla organ"
    return {
        "titel": f"Arvodesunderlag {period_text(underlag)}",
        "kommun": kommuner[0] if len(kommuner) == 1 else "",
        "organ": organ,
        "period": period_text(underlag),
        "moten": underlag.moten,
        "forklaring": (
            "Tiden räknas från sammanträdets början, eller klockslaget då du började "
            "tjänstgöra, till dess slut, eller klockslaget då du lämnade, minus "
            "ajourneringarna. Stämmer något inte? Hör av dig till sekreteraren innan "
            "underlaget går till lönekontoret."
        ),
        "personer": [
            {
                "namn": p.visningsnamn,
                "kommun": p.kommun,
                "summa": timmar_text(p.minuter),
                "antal": f"{len(p.rader)} sammanträde" + ("n" if len(p.rader) != 1 else ""),
                "ofullstandiga": p.ofullstandiga,
                "rader": [
                    {
                        "datum": r.datum.isoformat(),
                        "organ": r.organ_kortnamn or r.organ,
                        "roll": r.roll.value + (f" för {r.ersatter}" if r.ersatter else ""),
                        # The seat, when the role does not already say it: "ordförande".
                        "uppdrag": "" if r.uppdrag in ("ledamot", "ersättare") else r.uppdrag,
                        "tid": f"{_hhmm(r.fran) or '?'}–{_hhmm(r.till) or '?'}",
                        "paus": f"{r.ajournering_minuter} min" if r.ajournering_minuter else "",
                        "summa": timmar_text(r.minuter),
                        "anmarkning": " ".join(r.anmarkningar),
                    }
                    for r in p.rader
                ],
            }
            for p in underlag.personer
        ],
    }


def arvode_pdf(underlag: Arvodesunderlag) -> bytes:
    return typst_pdf("arvode.typ", arvode_data(underlag))


def skriv_arvode(underlag: Arvodesunderlag, target: Path, fmt: str | None = None) -> Path:
    """Write the arvodesunderlag to `target` as `fmt` (else the file's suffix), atomically
    and readable by its owner only (it lists people's attendance)."""
    fmt = kontrollera_format(fmt or Path(target).suffix or "csv", FORMAT, VAD)
    data = arvode_csv(underlag) if fmt == "csv" else arvode_pdf(underlag)
    return skriv_atomiskt(Path(target), data, VAD, privat=True)


def las_arvodesunderlag(
    store: StoreApi, fran: date, till: date, organ: str | None = None
) -> Arvodesunderlag:
    """The arvodesunderlag of the held meetings fran–till of `organ` (its id, short name or
    name; None: every organ), read from the store."""
    from kallelse_tui.domain.arvode import arvodesunderlag, kontrollera_period
    from kallelse_tui.domain.import_mapping import hitta_organ

    kontrollera_period(fran, till)
    organs = store.organs()
    valda = [hitta_organ(organ, organs)] if organ else organs
    by_id = {o.id: o for o in valda}
    moten = [
        (store.meeting(m.id), by_id[m.organ_id])
        for m in store.meetings()
        if m.organ_id in by_id and fran <= m.datum <= till and m.status in HALLNA
    ]
    return arvodesunderlag(moten, fran, till, valda)
