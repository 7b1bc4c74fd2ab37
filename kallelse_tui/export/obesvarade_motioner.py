"""The twice-yearly "Redovisning av obesvarade motioner och medborgarförslag" to
fullmäktige (KL 5 kap. 35 §, and the arbetsordning's two reports a year): every motion and
medborgarförslag väckt and not handled on the report's day, with its remiss, its last day
and how near that is, and what was handled during the half-year.

`rapport_data` builds the one dict the PDF (typst), Markdown and text render from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kallelse_tui.domain.datum import lang_datum
from kallelse_tui.domain.model import Organ, SammantradeIndex
from kallelse_tui.domain.motioner import (
    KALLA_ETT_AR,
    Motion,
    MotionTyp,
    besvarade_under,
    frist,
    obesvarade,
    rapportperiod,
    sista_mote_fore,
)
from kallelse_tui.export.common import (
    jinja_text,
    kontrollera_format,
    kontrollera_mal,
    skriv_atomiskt,
    typst_pdf,
)

FORMAT = ("pdf", "md", "txt")
RUBRIK = "Redovisning av obesvarade motioner och medborgarförslag"
VAD = "redovisningen av obesvarade motioner"
_NIVA = {0: "", 6: "6 mån", 11: "11 mån", 12: "Över ett år"}


def _rad(m: Motion, per: date, moten: Sequence[SammantradeIndex]) -> dict[str, str]:
    f = frist(m, per, moten)
    slut = f.sista_dag
    # Near the end of the year, fullmäktige's last meeting before it is the last chance.
    senast = sista_mote_fore(slut, moten, m.organ_id) if slut and f.niva == 11 else None
    remiss = m.remiss_till + (f" {m.remiss_datum.isoformat()}" if m.remiss_datum else "")
    return {
        "dnr": m.dnr,
        "vackt": m.vackt.isoformat(),
        "titel": m.titel,
        "av": m.av,
        "remiss": remiss or "Ej remitterad",
        "sista_dag": slut.isoformat() if slut else "",
        "sista_mote": senast.isoformat() if senast and senast >= per else "",
        "status": _NIVA[f.niva],
    }


def rapport_data(
    organ: Organ,
    motioner: Sequence[Motion],
    per: date,
    moten: Sequence[SammantradeIndex] = (),
) -> dict[str, Any]:
    """The report as of `per` (the day it is made): what is unanswered then, and what
    was answered since the half-year began."""
    start, slut = rapportperiod(per)[0], per  # the half-year so far
    kvar = obesvarade(motioner, per)
    grupper = []
    for typ, namn in (
        (MotionTyp.MOTION, "Motioner"),
        (MotionTyp.MEDBORGARFORSLAG, "Medborgarförslag"),
    ):
        rader = [_rad(m, per, moten) for m in kvar if m.typ is typ]
        grupper.append({"rubrik": namn, "rader": rader, "tom": f"Inga obesvarade {namn.lower()}."})
    klara = [m for m in besvarade_under(motioner, start, slut) if m.typ.ettarsregel]
    sena = sum(1 for m in kvar if frist(m, per, moten).niva == 12)
    antal = len(kvar)
    return {
        "titel": f"{RUBRIK} {per.isoformat()}",
        "kommun": organ.kommun,
        "organ": organ.namn,
        "dokument": "Redovisning",
        "datum_etikett": "Datum",
        "datum": per.isoformat(),
        "rubrik": RUBRIK,
        "ingress": (
            f"Redovisningen visar läget {lang_datum(per)} och perioden "
            f"{start.isoformat()}–{slut.isoformat()}. En motion eller ett medborgarförslag "
            f"ska beredas så att fullmäktige kan besluta inom ett år från att det väcktes. "
            f"Kan beredningen inte avslutas inom den tiden ska det, och vad som kommit fram, "
            f"anmälas till fullmäktige inom samma tid ({KALLA_ETT_AR})."
        ),
        "sammanfattning": (
            f"Obesvarade: {antal}, varav {sena} äldre än ett år. "
            f"Besvarade under perioden: {len(klara)}."
        ),
        "grupper": grupper,
        "besvarade": [
            {
                "dnr": m.dnr,
                "titel": f"{m.typ.value.capitalize()}: {m.titel}",
                "av": m.av,
                "besvarad": m.besvarad.isoformat() if m.besvarad else "",
                "paragraf": m.paragraf,
                "svar": m.svar,
            }
            for m in klara
        ],
        "forslag": "Kommunfullmäktige lägger redovisningen till handlingarna.",
        "sidfot": {"sign": "", "bestyrkande": ""},
        "kontrollsumma": "",
    }


def _text(mall: str) -> Callable[[dict[str, Any]], bytes]:
    return lambda data: jinja_text(mall, data).encode("utf-8")


_RENDERARE: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "pdf": lambda data: typst_pdf("obesvarade_motioner.typ", data),
    "md": _text("obesvarade_motioner.md.j2"),
    "txt": _text("obesvarade_motioner.txt.j2"),
}


def export_rapport(
    organ: Organ,
    motioner: Sequence[Motion],
    per: date,
    fmt: str,
    target: Path,
    moten: Sequence[SammantradeIndex] = (),
) -> Path:
    """Write the report as `fmt` to `target` (atomically) and return the path."""
    fmt = kontrollera_format(fmt, FORMAT, VAD)
    kontrollera_mal(Path(target), VAD)
    data = rapport_data(organ, motioner, per, moten)
    return skriv_atomiskt(Path(target), _RENDERARE[fmt](data), VAD)
