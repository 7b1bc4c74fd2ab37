"""One agenda row: its number, title and Dnr, in any column layout."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kallelse_tui.domain.dnr import parse_dnr
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.importer.huvud import _ISO_DATUM, _MANAD

# ASCII digits only: the number must read back as printed.
_NUMMER = r"(?:(?:§|punkt|ärende)\s*)?(?P<nr>[0-9]{1,3})"
_NUMMER_ENSAM = re.compile(_NUMMER + r"\s*[.):]?", re.IGNORECASE)
# "3. Titel", "3) Titel", "§ 3 Titel", "3 – Titel"; "2.1 Titel" is a sub-heading, not item 2.
_NUMMER_OCH_TEXT = re.compile(
    _NUMMER + r"(?:[.):–-](?!\d)\s*|[.):–-]?\s+)(?P<text>\S.*)", re.IGNORECASE
)
_MANAD_FORST = re.compile(rf"(?:{_MANAD})\b", re.IGNORECASE)

_DNR_ORDET = re.compile(r"dnr\b", re.IGNORECASE)
_DNR_I_TEXT = re.compile(r"(?:^|(?<=[\s(\[,;–-]))dnr\b", re.IGNORECASE)
_SERIE = r"(?:[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,9}\s*[ /]\s*)?"
# Shapes that read as an attempt at a Dnr, so a failure to parse one is worth reporting.
_DNR_LIKNANDE = re.compile(_SERIE + r"\d{2,4}\s*[-/:]\s*\d[\d\s.\-]*")
_DNR_SLUT = re.compile(
    r"(?:^|(?<=\s)|(?<=\())(?P<dnr>"
    + _SERIE
    + r"(?:19|20)\d{2}\s*[-/:]\s*\d{1,7}(?:\s*-\s*\d{1,4}|\s\d{1,4}(?:\.\d{1,4})*)?)\)?$"
)
# "Avfallsplan ........ 4": dot leaders to a page number, as in a table of contents.
_PUNKTLEDARE = re.compile(r"\s*(?:\.{4,}|…{2,})[\s.…]*\d*$")
_LOPNUMMER = re.compile(r"(?:19|20)\d{2}\s*(?P<sep>[-/:])\s*(?P<lopnr>\d+)")


_UTAN_NUMMER = (
    "Raden ser ut att höra till ärendelistan men har inget ärendenummer; "
    "den har inte lästs in som ett ärende."
)


def _dnr(text: str, strikt: bool) -> tuple[str, str] | None:
    """("Dnr as printed", "") for a Dnr, ("", why) for a Dnr that cannot be read, None otherwise.

    Without a printed "Dnr" a year span ("2026-2027") or a date is not a Dnr; `strikt`
    (for a Dnr at the end of a title) also wants a diarieserie, a zero-padded number or a
    slash, so that "budget 2024-25" stays part of the title.
    """
    ordet = _DNR_ORDET.match(text) is not None
    if not ordet and not _DNR_LIKNANDE.fullmatch(text):
        return None
    try:
        dnr = parse_dnr(text)
    except ValidationError as fel:
        return "", fel.message
    if ordet:
        return dnr.original, ""
    lop = _LOPNUMMER.search(text)
    if lop is None or _ISO_DATUM.fullmatch(text):
        return None
    siffror = lop["lopnr"]
    if len(siffror) == 4 and siffror[:2] in ("19", "20"):
        return None
    unpadded = lop["sep"] == "-" and not siffror.startswith("0")
    if strikt and not dnr.serie and (len(siffror) < 3 or unpadded):
        return None
    return dnr.original, ""


def _dnr_i_slutet(text: str) -> tuple[str, str, str]:
    """Split a title line into (title, Dnr, why the Dnr could not be read)."""
    text = _PUNKTLEDARE.sub("", text)
    for m in reversed(list(_DNR_I_TEXT.finditer(text))):
        kandidat = text[m.start() :].strip(" )]")
        if any(c.isdigit() for c in kandidat):
            dnr, fel = _dnr(kandidat, strikt=False) or ("", "")
            return text[: m.start()].rstrip(" ,;:–-([").strip(), dnr, fel
    slut = _DNR_SLUT.search(text)
    if slut and (funnet := _dnr(slut["dnr"], strikt=True)) and funnet[0]:
        return text[: slut.start()].rstrip(" ,;:–-([").strip(), funnet[0], ""
    return text, "", ""


def _nummer(text: str) -> tuple[int, str] | None:
    """(number, rest) when the text starts with an agenda number; rest "" for a bare number."""
    if m := _NUMMER_ENSAM.fullmatch(text):
        nummer, rest = int(m["nr"]), ""
    elif m := _NUMMER_OCH_TEXT.match(text):
        nummer, rest = int(m["nr"]), m["text"].lstrip("–-:. ")
        if _MANAD_FORST.match(rest) or not rest:  # "5 februari 2024" is a date
            return None
    else:
        return None
    return (nummer, rest) if nummer >= 1 else None


@dataclass
class _Rad:
    """What one line says about the agenda."""

    nummer: int | None
    rubrik: str
    dnr: str = ""
    fel: str = ""
    fortsattning: bool = False  # a table row with an empty number cell
    texter: int = 1  # text cells besides number and Dnr; a wrapped title line has one


def _las_rad(celler: list[str], slag: str, roller: list[str] | None) -> _Rad:
    if roller and len(roller) == len(celler) and "rubrik" in roller:
        return _las_rad_med_kolumner(celler, roller)
    forsta = celler[0]
    nummer: int | None = None
    rest = celler[1:]
    if slag == "pipe" and not forsta:
        fortsattning = any(rest)
    elif (funnet := _nummer(forsta)) is not None:
        nummer, rubrik = funnet
        rest = [rubrik, *rest]
        fortsattning = False
    else:
        rest, fortsattning = celler, False
    dnr = fel = ""
    texter: list[str] = []
    efter_dnr = False
    for cell in rest:
        if not any(c.isalnum() for c in cell):
            continue  # empty, or a dash standing between columns
        if not dnr and not fel and (funnet_dnr := _dnr(cell, strikt=False)) is not None:
            dnr, fel = funnet_dnr
            efter_dnr = True
        elif not (efter_dnr and slag == "text"):
            texter.append(cell)
    # Tab and pipe columns after the title are föredragande and the like, and so is text
    # after a Dnr; otherwise a run of spaces in copied PDF text may sit inside the title.
    rubrik = texter[0] if texter and slag != "text" else " ".join(texter)
    if not dnr and not fel:
        rubrik, dnr, fel = _dnr_i_slutet(rubrik)
    return _Rad(nummer, rubrik, dnr, fel, fortsattning, len(texter) if slag != "text" else 1)


def _las_rad_med_kolumner(celler: list[str], roller: list[str]) -> _Rad:
    """A row read by the columns its header named."""

    def kolumn(roll: str) -> str:
        return celler[roller.index(roll)] if roll in roller else ""

    nr_cell, rubrik, dnr_cell = kolumn("nr"), kolumn("rubrik"), kolumn("dnr").strip("-–—")
    if "nr" not in roller:
        funnet = _nummer(rubrik)
        rad = _Rad(funnet[0], funnet[1]) if funnet else _Rad(None, rubrik)
    elif not nr_cell:
        rad = _Rad(None, rubrik, fortsattning=bool(rubrik or dnr_cell))
    elif (m := _NUMMER_ENSAM.fullmatch(nr_cell)) and int(m["nr"]) >= 1:
        rad = _Rad(int(m["nr"]), rubrik)
    else:
        return _Rad(None, "", fel=f'Ärendenumret "{nr_cell}" går inte att läsa.')
    if not dnr_cell:
        rad.rubrik, rad.dnr, rad.fel = _dnr_i_slutet(rad.rubrik)
        return rad
    rad.rubrik = _PUNKTLEDARE.sub("", rad.rubrik)
    if (funnet_dnr := _dnr(dnr_cell, strikt=False)) is not None:
        rad.dnr, rad.fel = funnet_dnr
    else:
        rad.fel = f'"{dnr_cell}" i Dnr-kolumnen är inte ett diarienummer som går att läsa.'
    return rad
