"""Members from a CSV file (namn;parti;roll[;från;till]), with a problem per bad line."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Ledamot, Organ, Roll
from kallelse_tui.domain.rensa import rensa_text

_ROLL_ALIAS = {
    "ordf": Roll.ORDFORANDE,
    "ordförande": Roll.ORDFORANDE,
    "vice ordförande": Roll.VICE_1,
    "1:e vice ordförande": Roll.VICE_1,
    "förste vice ordförande": Roll.VICE_1,
    "2:e vice ordförande": Roll.VICE_2,
    "andre vice ordförande": Roll.VICE_2,
    "ledamot": Roll.LEDAMOT,
    "ersättare": Roll.ERSATTARE,
}
_HEADER = {"namn", "name"}


@dataclass
class CsvRad:
    rad: int
    namn: str
    parti: str
    roll: Roll
    fran: date | None
    till: date | None


@dataclass
class CsvProblem:
    rad: int
    text: str
    orsak: str


def parse_ledamoter_csv(text: str) -> tuple[list[CsvRad], list[CsvProblem]]:
    """Read members; ';' or ',' or tab separated, header row optional."""
    text = rensa_text(text)
    sample = text[:2000]
    delimiter = max(";,\t", key=sample.count) if sample.strip() else ";"
    rows: list[CsvRad] = []
    problems: list[CsvProblem] = []
    for number, raw in enumerate(text.splitlines(), 1):
        try:
            cells = [c.strip() for c in next(csv.reader([raw], delimiter=delimiter), [])]
        except csv.Error as exc:
            problems.append(CsvProblem(number, raw, f"Rad {number} går inte att läsa: {exc}."))
            continue
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in _HEADER:
            continue
        try:
            rows.append(_row(number, cells))
        except ValidationError as exc:
            problems.append(CsvProblem(number, raw, exc.message))
    return rows, problems


def _row(number: int, cells: list[str]) -> CsvRad:
    if len(cells) < 3:
        raise ValidationError(
            "csv", f"Rad {number} har {len(cells)} fält; förväntade namn;parti;roll."
        )
    namn, parti, roll_text = cells[0], cells[1].strip("()"), cells[2].lower()
    if not namn:
        raise ValidationError("namn", f"Rad {number} saknar namn.")
    roll = _ROLL_ALIAS.get(roll_text)
    if roll is None:
        valid = ", ".join(r.value for r in Roll)
        raise ValidationError(
            "roll", f"Rad {number}: rollen ”{cells[2]}” finns inte; använd {valid}."
        )
    fran = _datum(number, cells, 3, "från")
    till = _datum(number, cells, 4, "till")
    if fran and till and till < fran:
        raise ValidationError("till", f"Rad {number}: mandatet slutar före det börjar.")
    return CsvRad(number, namn, parti, roll, fran, till)


def _datum(number: int, cells: list[str], index: int, falt: str) -> date | None:
    """The date in column `index`, if any; an unreadable one names its line like every
    other problem (the import screen shows only the sentence)."""
    if len(cells) <= index or not cells[index]:
        return None
    try:
        return parse_datum(cells[index], falt)
    except ValidationError as exc:
        raise ValidationError(falt, f"Rad {number}: {exc.message}") from None


def som_ledamoter(rows: list[CsvRad], organ: Organ) -> list[Ledamot]:
    """New Ledamot objects with ids that clash neither with the organ's nor each other."""
    result: list[Ledamot] = []
    for row in rows:
        new_id = organ.nytt_ledamot_id(m.id for m in result)
        result.append(Ledamot(new_id, row.namn, row.parti, row.roll, row.fran, row.till))
    return result
