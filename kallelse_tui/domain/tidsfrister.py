"""Statutory deadlines after a meeting: anslag of the justering and the appeal period.

Pure date arithmetic (no model): the rules engine (regler), the justering records and the
exporters (anslagsbevis) all ask here, so a date is computed in one place only.

- Anslag: the justering is posted on the anslagstavla at the latest the second day after
  it was done (KL 8 kap. 12 §). Counted in calendar days and not moved off a weekend: the
  rules report such a day instead (see regler.py).
- Laglighetsprövning: an appeal must arrive within three weeks from the day of the anslag
  (KL 13 kap. 5 §). When the last day is a Saturday, a Sunday, a public holiday,
  midsommarafton, julafton or nyårsafton, it is the next day that is none of these
  (lagen (1930:173) om beräkning av lagstadgad tid).
- The anslag stays up until the appeal period has run out: it may come down the day after.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kallelse_tui.domain.datum import helgdag

ANSLAG_SENAST_DAGAR = 2  # "senast andra dagen efter justeringen"
OVERKLAGANDE_DAGAR = 21  # "inom tre veckor från den dag då ... tillkännagavs"


def sista_anslagsdag(justerad: date) -> date:
    """The last day the justering may be posted on the anslagstavla."""
    return justerad + timedelta(days=ANSLAG_SENAST_DAGAR)


def ar_ledig(dag: date) -> bool:
    """True for the days lagen (1930:173) skips: weekends, public holidays (the holidays
    library's "public" category) and midsommar-, jul- and nyårsafton ("de_facto")."""
    return helgdag(dag) is not None


def nasta_vardag(dag: date) -> date:
    """`dag` itself when it is a working day, else the first working day after it."""
    while ar_ledig(dag):
        dag += timedelta(days=1)
    return dag


def overklagande_sista_dag(anslag: date) -> date:
    """The last day to appeal the decisions of a protokoll posted on `anslag`."""
    return nasta_vardag(anslag + timedelta(days=OVERKLAGANDE_DAGAR))


def nedtagning(anslag: date) -> date:
    """The earliest day the anslag may be taken down: the day after the last day to appeal."""
    return overklagande_sista_dag(anslag) + timedelta(days=1)


def foreslagen_justeringsdag(motesdag: date, justering_dagar: int, tid_och_plats: str = "") -> date:
    """The justering date a form starts from: the day already written in "Justeringens
    plats och tid" ("Kommunhuset, 2026-10-23 kl 10:00"), else the last working day within
    the reglemente's period after the meeting (never today, which may be any day); the
    meeting day itself when the whole period is holidays."""
    for skriven in re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", tid_och_plats):
        try:
            dag = date.fromisoformat(skriven)
        except ValueError:
            continue
        if dag >= motesdag:
            return dag
    dag = motesdag + timedelta(days=justering_dagar)
    while dag > motesdag and ar_ledig(dag):
        dag -= timedelta(days=1)
    return dag
