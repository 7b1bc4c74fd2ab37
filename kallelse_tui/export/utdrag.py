"""The protokollsutdrag: the protokoll's §§ asked for, each as the protokoll prints it,
with when the protokoll was justerat and posted (the recipient's appeal time runs from the
anslag) and "Rätt utdraget betygar" with the secretary's signature, name, title and date.
Only justerade §§ may be extracted: the whole protokoll justerat, or the § omedelbart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.expediering import justerade_paragrafer
from kallelse_tui.domain.model import Organ, Paragraf, Sammantrade
from kallelse_tui.domain.publicering import publicera
from kallelse_tui.export.common import kontrollera_format, kontrollera_mal, skriv_atomiskt
from kallelse_tui.export.forsta_sidan import sekreterare
from kallelse_tui.export.protokoll import (
    _RENDERARE,
    FORMAT,
    RATT_UTDRAGET,
    UTDRAG,
    inga_paragrafer,
    paragrafspann,
    protokoll_data,
)


def kontrollera_justerade(mote: Sammantrade, paragrafer: Sequence[int]) -> None:
    """Refuse an utdrag of a § not yet justerat: neither the protokoll nor the § at the
    meeting. An utdrag certifies a decision that stands as recorded."""
    ej = sorted(set(paragrafer) - justerade_paragrafer(mote))
    if ej:
        vilka = f"{paragrafspann(ej)} är inte justerad" + ("e" if len(ej) > 1 else "")
        raise DomainError(
            f"{vilka} i protokollet för {mote.id}: ett protokollsutdrag kan göras först när "
            "protokollet är justerat eller paragrafen förklarats omedelbart justerad."
        )


def _upplysningar(mote: Sammantrade, valda: Sequence[Paragraf]) -> list[str]:
    """When the protokoll was justerat and posted, and so when the appeal time runs out:
    the recipient of an utdrag needs to know."""
    texter = []
    if mote.last and mote.justering is not None:
        justerad = mote.justering.datum
        texter.append(f"Protokollet justerades {justerad.isoformat()}." if justerad else "")
        if mote.anslag is not None:
            texter.append(
                "Justeringen tillkännagavs genom anslag på anslagstavlan "
                f"{mote.anslag.uppsatt.isoformat()}; sista dag för överklagande är "
                f"{mote.anslag.sista_dag_overklagande.isoformat()}."
            )
        else:
            texter.append("Justeringen har ännu inte tillkännagivits genom anslag.")
    for p in valda:
        record = p.omedelbar
        if record is None:
            continue
        text = f"§ {p.nummer} förklarades omedelbart justerad {record.datum.isoformat()}"
        if record.anslag is not None and record.sista_dag_overklagande is not None:
            text += (
                f" och anslogs {record.anslag.isoformat()}; sista dag för överklagande är "
                f"{record.sista_dag_overklagande.isoformat()}."
            )
        else:
            text += "; den har ännu inte anslagits."
        texter.append(text)
    return [t for t in texter if t]


def _nr(paragraf: Paragraf) -> int:
    return paragraf.nummer


def _bestyrkare(mote: Sammantrade, organ: Organ, namn_: str) -> tuple[str, str]:
    """Who certifies the utdrag and their title: the secretary unless another is named."""
    if not namn_.strip():
        return sekreterare(mote, organ)
    titlar = [
        *((u.namn, u.titel) for u in mote.undertecknare),
        *((o.namn, o.titel) for o in mote.ovriga_narvarande),
        *((u.namn, u.titel) for u in organ.undertecknare),
    ]
    titel = next((t for n, t in titlar if n.strip() == namn_.strip() and t.strip()), "")
    return namn_.strip(), titel[:1].upper() + titel[1:]


def utdrag_data(
    mote: Sammantrade,
    organ: Organ,
    paragrafer: Sequence[int],
    *,
    public: bool = False,
    bestyrkt_av: str = "",
    datum: date | None = None,
) -> dict[str, Any]:
    """The protokoll's data for the §§ asked for, with when it was justerat and posted and
    "Rätt utdraget betygar"; refused (DomainError) for a § not justerat."""
    if not mote.paragrafer:
        raise inga_paragrafer(mote)
    finns = {p.nummer for p in mote.paragrafer}
    saknas = [n for n in paragrafer if n not in finns]
    if not paragrafer or saknas:
        vilken = f"ingen § {saknas[0]}" if saknas else "ingen paragraf vald"
        raise DomainError(
            f"Protokollet för {mote.id} har {vilken}; paragraferna är "
            f"{paragrafspann(finns)}. Ange en av dem med --paragraf."
        )
    kontrollera_justerade(mote, paragrafer)
    data = protokoll_data(mote, organ, public, paragrafer=paragrafer)
    data["slag"] = "utdrag"
    data["dokument"] = UTDRAG
    valda = paragrafspann(paragrafer)
    data["titel"] = f"Protokollsutdrag {organ.namn} {mote.datum.isoformat()} {valda}"
    namn_, titel = _bestyrkare(mote, organ, bestyrkt_av)
    data["utdrag"] = {
        "text": RATT_UTDRAGET,
        "paragrafer": valda,
        "upplysningar": _upplysningar(
            mote, sorted((p for p in mote.paragrafer if p.nummer in set(paragrafer)), key=_nr)
        ),
        "namn": namn_,
        "titel": titel,
        "datum": datum.isoformat() if datum else "",
    }
    if public:  # the name is typed in the export form: cleaned like every other field
        data["utdrag"] = publicera(data["utdrag"], mote.arenden)
    return data


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
