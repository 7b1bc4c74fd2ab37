"""What meeting mode shows of a § as Rich text: its flags in the ärendelista, the line of
beslutförhet over the screen, and its record (yrkanden, omröstning, reservationer, jäv,
the list, the förslag) under its texts. Pure: from the domain to Text, no widgets."""

from __future__ import annotations

from rich.text import Text

from kallelse_tui.domain.beslutsgang import yrkande_mening
from kallelse_tui.domain.model import Arende, ArendeTyp, Organ, Paragraf, Sammantrade, Utfall
from kallelse_tui.domain.narvaro import beslutforhet
from kallelse_tui.domain.paragrafer import namn, ordforande, rakna, saknar_motivering
from kallelse_tui.tui.styles import status_text

UTFALL_KORT = {
    Utfall.BIFALL: "bifall",
    Utfall.AVSLAG: "avslag",
    Utfall.ATERREMISS: "återremiss",
    Utfall.BORDLAGGNING: "bordlagt",
    Utfall.UTGAR: "utgår",
    Utfall.NOTERAS: "noteras",
    Utfall.ANNAT: "annat",
}


def paragraf_flags(mote: Sammantrade, organ: Organ, p: Paragraf | None) -> Text:
    """Y yrkanden, O omröstning, J jäv, R reservation (R! without written motivering),
    ! not beslutför, L omedelbart justerad."""
    if p is None:
        return Text("")
    flags = Text()
    if p.yrkanden:
        flags.append("Y")
    if p.omrostning is not None:
        flags.append("O")
    if p.jav:
        flags.append("J")
    if p.anteckningar:
        lacking = saknar_motivering(p)
        flags.append("R!" if lacking else "R", "bold yellow" if lacking else "")
    if not beslutforhet(mote, organ, p.nummer).beslutfor:
        flags.append("!", "bold red")
    if p.omedelbar is not None:
        flags.append("L", "bold green")
    return flags


def meeting_head(mote: Sammantrade, organ: Organ, p: Paragraf | None) -> Text:
    """The organ, the meeting, its status and whether it is beslutför at `p`."""
    nummer = p.nummer if p else None
    b = beslutforhet(mote, organ, nummer)
    where = f"Vid § {nummer}" if nummer is not None else "Vid början"
    quorum = Text(
        f"{where}: {b.text()}" + ("" if b.beslutfor else "  – beslut kan inte fattas!"),
        style="bold green" if b.beslutfor else "bold reverse red",
    )
    line = Text.assemble(
        (organ.namn, "bold"), f" {mote.kort_rubrik}  ", status_text(mote.status), "   ", quorum
    )
    if not mote.narvaro:
        line.append("   Närvaron är inte antecknad (n).", style="bold yellow")
    return line


def paragraf_record(mote: Sammantrade, organ: Organ, arende: Arende, p: Paragraf) -> Text:
    """Everything recorded at the § besides its texts, each part under the key that
    changes it, and the förslag till beslut last."""
    parts: list[Text] = []

    def section(title: str, lines: list[str], style: str = "") -> None:
        if lines:
            parts.append(Text(title, style="bold underline"))
            parts.extend(Text(line, style=style) for line in lines)

    section(
        "Yrkanden (y)",
        [f"{i}. {yrkande_mening(y, organ, arende)}" for i, y in enumerate(p.yrkanden, 1)],
    )
    if p.omrostning is not None:
        r = rakna(p.omrostning, ordforande(organ, mote))
        section(
            "Omröstning (o)",
            [
                f"Ja {r.ja} – nej {r.nej} – avstår {r.avstar}"
                + (f": {r.vinnare}" if r.vinnare else "")
                + (" (utslagsröst)" if r.utslag else "")
            ],
        )
    section(
        "Reservationer och anteckningar (r)",
        [
            a.typ.value.capitalize()
            + ": "
            + ", ".join(namn(organ, i) for i in a.ledamot_ids)
            + ("" if a.motivering else " – skriftlig motivering saknas")
            for a in p.anteckningar
        ],
    )
    section(
        "Jäv (j)",
        [
            f"{namn(organ, j.ledamot_id)} deltar inte"
            + (f"; {namn(organ, j.ersatt_av)} tjänstgör" if j.ersatt_av else "")
            for j in p.jav
        ],
    )
    if arende.typ in (ArendeTyp.MEDDELANDEN, ArendeTyp.DELEGATIONSBESLUT):
        section(
            f"Listan (l): {len(arende.poster)} rader",
            [f"{x.nummer}. {x.text}" for x in arende.poster[:8]],
        )
    section("Förslag till beslut", [pt for f in arende.forslag for pt in f.punkter], "dim")
    return Text("\n").join(parts)
