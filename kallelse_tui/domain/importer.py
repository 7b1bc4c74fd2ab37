"""Reads a kallelse pasted from Word or a PDF into structured data.

`parse_kallelse_text` never raises. It reads the organ, the date, time and place of the
meeting, the numbered ärenden with their Dnr, and the signatories, and it stops where the
kallelse ends: at the signature, or at the first heading of the handlingar that follow.
Every line it cannot place is listed in `problem` with its line number and a Swedish
explanation; it never makes up an ärende that is not numbered in the text.

Line numbers count "\\n", "\\r\\n" and "\\r" breaks, as an editor does; a form feed (a PDF
page break) is whitespace inside a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from kallelse_tui.domain.datum import (
    MANADER,
    VECKODAGAR,
    VECKODAGAR_BESTAMD,
    parse_datum,
    parse_tid,
)
from kallelse_tui.domain.dnr import parse_dnr
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.model import Undertecknare


@dataclass
class ImportRad:
    """One agenda item as printed."""

    nummer: int
    rubrik: str
    dnr: str
    rad: int


@dataclass
class ImportProblem:
    """A line that could not be read, and why (a Swedish sentence)."""

    rad: int
    text: str
    orsak: str


@dataclass
class KallelseImport:
    organ: str
    datum: date | None
    tid: time | None
    plats: str
    arenden: list[ImportRad]
    undertecknare: list[Undertecknare]
    problem: list[ImportProblem]


def parse_kallelse_text(text: str) -> KallelseImport:
    """Read a pasted kallelse; what cannot be read is reported in `problem`."""
    return _Lasare(text).las()


_RADBRYTNING = re.compile(r"\r\n|\r|\n")
# Longer lines are prose or garbage, never an agenda row; the cap also bounds regex work.
_MAX_RAD = 2000

_VECKODAG = "|".join(VECKODAGAR_BESTAMD + VECKODAGAR)
_MANAD = "|".join(MANADER)
_DATUM = re.compile(
    rf"(?:\b(?P<veckodag>{_VECKODAG})\s+)?(?:\bden\s+)?"
    rf"(?P<ord>\b\d{{1,2}}\s+(?:{_MANAD})\s+\d{{4}}\b)"
    r"|(?P<iso>\b\d{4}-\d{1,2}-\d{1,2}\b)"
    r"|(?P<dmy>\b\d{1,2}[./]\d{1,2}[./ ]\d{4}\b)",
    re.IGNORECASE,
)
_TID_KL = re.compile(r"\bkl(?:ockan)?\.?\s*\d{1,2}(?:[:.]\d{2})?(?![\d:.]?\d)", re.IGNORECASE)
# After a "Tid:" label a bare "13.00" is a time as well.
_TID_ETIKETT = re.compile(
    _TID_KL.pattern + r"|(?<![\d.:])\d{1,2}[:.]\d{2}(?![\d:.]?\d)", re.IGNORECASE
)
_ISO_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")

_KALLAS = re.compile(r"\bkallas\b|^kallelse\s+till\s+(?:sammanträde|möte)", re.IGNORECASE)
_LEDAMOTER = re.compile(
    r"^(?:samtliga\s+)?(?:ordinarie\s+)?(?:ledamöter(?:na)?|ersättare(?:na)?)"
    r"(?:\s+och\s+(?:ledamöter(?:na)?|ersättare(?:na)?))?\s+(?:i|för|till)\s+",
    re.IGNORECASE,
)
_MED_ORGAN = re.compile(r"\b(?:sammanträde|möte)\w*\s+med\s+(?P<organ>.+)", re.IGNORECASE)
_ORGAN_SLUT = re.compile(rf",|\d|\s(?:den|i|på|kl\.?|klockan|för|{_VECKODAG})\b", re.IGNORECASE)
_SAMMANTRADE = re.compile(r"\b(?:sammanträde|möte)\w*", re.IGNORECASE)
_PREPOSITION = re.compile(r"(?:^|\s)(?:i|på)\s+(?=\S)", re.IGNORECASE)
_FOR_ATT = re.compile(r"\bför att\b|\.\s", re.IGNORECASE)
_ORGANORD = re.compile(
    r"(?:styrelse|nämnd|fullmäktige|utskott|direktion|beredning|förbund|revision|presidi)"
    r"(?:e?n|e?t|s|ens|ets|ns|ts|um)?$"
)
_ETIKETT = re.compile(r"(?P<etikett>[^\W\d_][\w ,/&-]{0,40}?)\s*:\s*(?P<varde>.*)")
_ETIKETTORD = {
    "datum",
    "tid",
    "plats",
    "lokal",
    "och",
    "klockan",
    "dag",
    "organ",
    "nämnd",
    "sammanträdesdatum",
    "sammanträdestid",
    "sammanträdesplats",
    "sammanträdeslokal",
    "mötesdatum",
    "mötestid",
    "mötesplats",
    "möteslokal",
    "föredragande",
    "handläggare",
}

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

_NR_ORD = {"nr", "nummer", "§", "punkt", "#", "ärendenummer"}
_RUBRIK_ORD = {
    "ärende",
    "ärenden",
    "ärendemening",
    "rubrik",
    "titel",
    "ärendelista",
    "föredragningslista",
    "dagordning",
}
_DNR_ORD = {"dnr", "diarienummer", "diarienr"}
_ANDRA_RUBRIKORD = {"föredragande", "handläggare", "kommentar", "anteckning", "och", "kallelse"}

_HANDLINGAR = re.compile(
    r"(?:§|förslag till beslut.*|beskrivning av ärendet|ärendebeskrivning|beslutsunderlag"
    r"|tjänsteskrivelse|beslut skickas till|sammanfattning|bakgrund)[:.]?",
    re.IGNORECASE,
)
# "Sida 2 av 3", "2 (3)", "2/3", "- 2 -"; never the "2020/434" of a Dnr.
_SIDNUMMER = re.compile(
    r"\bsid(?:a|\.)?\s*\d{1,3}(?:\s*(?:av|/)\s*\d{1,3}|\s*\(\s*\d{1,3}\s*\))?(?![\d/])"
    r"|(?<![\d/-])\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3}|/\s*\d{1,3})(?![\d/-])"
    r"|^[-–]\s*\d{1,3}\s*[-–]$",
    re.IGNORECASE,
)
_SIDHUVUDORD = {
    "kallelse",
    "föredragningslista",
    "dagordning",
    "ärendelista",
    "sammanträdesdatum",
    "och",
}
_BREVHUVUD = re.compile(r"[A-ZÅÄÖ][A-ZÅÄÖ -]* (?:KOMMUN|REGION)")
_AVDELARE = set("|+:-=_* \t")

_HALSNING = re.compile(
    r"(?:välkomna|välkommen|(?:med )?vänlig(?:a)? hälsning(?:ar)?|hälsningar|mvh"
    r"|enligt uppdrag|på uppdrag av .+)[!.,]*",
    re.IGNORECASE,
)
_KONTAKT = re.compile(
    r"@|^(?:tfn|tel|telefon|mobil|e-post|epost|mejl|växel)\b|^[+\d][\d ()-]{5,}$",
    re.IGNORECASE,
)
_PARTI = re.compile(r"\s*\([A-ZÅÄÖa-zåäö]{1,4}\)$")
_PARTIKLAR = {"af", "von", "van", "de", "der", "den", "la", "le", "da", "di", "du"}
_TITELORD = (
    "sekreterare",
    "sekr",
    "ordförande",
    "ordf",
    "direktör",
    "chef",
    "handläggare",
    "administratör",
    "registrator",
    "kanslist",
    "samordnare",
    "strateg",
    "jurist",
    "controller",
    "utredare",
    "kommunalråd",
)

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_RUBRIKMARKERING = re.compile(r"^#{1,6}\s+")
_KOLUMNMELLANRUM = re.compile(r"[ \u00a0]{2,}")

_HUVUD, _LISTA, _SIGNATUR, _SLUT = "huvud", "lista", "signatur", "slut"

_UTAN_NUMMER = (
    "Raden ser ut att höra till ärendelistan men har inget ärendenummer; "
    "den har inte lästs in som ett ärende."
)


def _rensa(text: str) -> str:
    """Markdown bold, escapes and heading marks removed, whitespace collapsed."""
    text = _ESCAPE.sub(r"\1", text.replace("**", ""))
    return _RUBRIKMARKERING.sub("", " ".join(text.split()))


def _celler(raw: str) -> tuple[list[str], str]:
    """The columns of a row and how they were separated: "pipe", "tab" or "text".

    Only pipe cells keep their empty cells: there an empty number cell marks a wrapped row.
    """
    s = raw.replace("**", "").strip()
    if "|" in s:
        s = s.removeprefix("|").removesuffix("|")
        return [_rensa(c) for c in s.split("|")], "pipe"
    if "\t" in s:
        return [c for c in map(_rensa, s.split("\t")) if c], "tab"
    return [c for c in map(_rensa, _KOLUMNMELLANRUM.split(s)) if c], "text"


def _ord(text: str) -> list[str]:
    return [o.strip(".:") for o in re.split(r"[\s/,&]+", text.lower()) if o.strip(".:")]


def _roll(cell: str) -> str | None:
    """The column a header cell names ("nr", "rubrik", "dnr", "övrigt"), None if no header."""
    ord_ = _ord(cell)
    if not ord_ or not set(ord_) <= _NR_ORD | _RUBRIK_ORD | _DNR_ORD | _ANDRA_RUBRIKORD:
        return None
    for roll, ordlista in (("rubrik", _RUBRIK_ORD), ("dnr", _DNR_ORD), ("nr", _NR_ORD)):
        if set(ord_) & ordlista:
            return roll
    return "övrigt"


def _rubrikrad(celler: list[str]) -> list[str] | None:
    """The column roles when the row is an agenda header ("Nr | Ärende | Dnr", "Ärende")."""
    roller = [_roll(c) if c else "övrigt" for c in celler]
    if any(r is None for r in roller) or set(roller) == {"övrigt"}:
        return None
    return [r or "övrigt" for r in roller]


def _ar_organ(text: str) -> bool:
    ord_ = text.lower().split()
    return (
        1 <= len(ord_) <= 8
        and not any(c.isdigit() for c in text)
        and not text.endswith((":", "."))
        and any(_ORGANORD.search(o.strip(",.;:()")) for o in ord_)
    )


def _ar_titel(text: str) -> bool:
    ord_ = [o.strip(",.;()") for o in text.lower().split()]
    return (
        1 <= len(ord_) <= 6 and not text.endswith(":") and any(o.endswith(_TITELORD) for o in ord_)
    )


def _ar_namn(text: str) -> bool:
    ord_ = _PARTI.sub("", text).split()
    if not 2 <= len(ord_) <= 5 or _ar_titel(text) or _ar_organ(text):
        return False
    return ord_[0][:1].isupper() and all(_namnord(o) for o in ord_)


def _namnord(o: str) -> bool:
    if o in _PARTIKLAR:
        return True
    return (
        o[0].isupper()
        and not (len(o) > 2 and o.isupper())
        and all(c.isalpha() or c in "-'’." for c in o)
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


def _plats(text: str, spann: list[tuple[int, int]], efter_preposition: bool) -> str:
    """The place: what is left between the date and time, after "i"/"på" in a sentence."""
    bitar, start = [], 0
    for a, b in sorted(spann):
        bitar.append(text[start:a])
        start = max(start, b)
    bitar.append(text[start:])
    for bit in bitar:
        bit = _FOR_ATT.split(bit)[0]
        if efter_preposition:
            bit = _SAMMANTRADE.split(bit)[-1]
            m = _PREPOSITION.search(bit)
            if m is None:
                continue
            bit = bit[m.end() :]
        if plats := bit.strip(" ,.;:–-"):
            return plats
    return ""


class _Lasare:
    """One pass over the lines: header, agenda, signature, then stop."""

    def __init__(self, text: str) -> None:
        self.rader = _RADBRYTNING.split(text)
        self.fas = _HUVUD
        self.organ = self.plats = ""
        self.datum: date | None = None
        self.tid: time | None = None
        self.prio: dict[str, int] = {}  # lower wins: sentence, then "Tid:", then "Datum:"
        self.arenden: list[ImportRad] = []
        self.undertecknare: list[Undertecknare] = []
        self.problem: list[ImportProblem] = []
        self.rubriker: list[str] = []  # header lines before the agenda, for the organ
        self.kallas_rad: int | None = None  # index of the "kallas" line
        self.sag_datum = self.sag_tid = False
        self.aktuell: ImportRad | None = None
        self.fortsatt = False  # may the next line continue the current title
        self.roller: list[str] | None = None
        self.vantande: tuple[int, int] | None = None  # a bare number: (nummer, line index)
        # Where the signature began (line index, signatories before it), to take it back.
        self.signatur_fran = (0, 0)

    def las(self) -> KallelseImport:
        i = 0
        while i < len(self.rader) and self.fas != _SLUT:
            if self.fas == _HUVUD:
                i = self._huvud(i)
            elif self.fas == _LISTA:
                i = self._lista(i)
            else:
                i = self._signatur(i)
        self._avsluta()
        return KallelseImport(
            organ=self.organ,
            datum=self.datum,
            tid=self.tid,
            plats=self.plats,
            arenden=self.arenden,
            undertecknare=self.undertecknare,
            problem=sorted(self.problem, key=lambda p: p.rad),
        )

    # -- helpers -------------------------------------------------------------------

    def _problem(self, i: int, orsak: str) -> None:
        self.problem.append(ImportProblem(i + 1, self.rader[i], orsak))

    def _satt(self, falt: str, varde: object, prio: int) -> None:
        if prio < self.prio.get(falt, 99):
            setattr(self, falt, varde)
            self.prio[falt] = prio

    def _tidpunkt(
        self, text: str, rad_for: list[tuple[int, int]], prio: int, etikett: bool
    ) -> list[tuple[int, int]]:
        """Date and time found in `text`; returns their spans (for the place)."""

        def rad(offset: int) -> int:
            return max(i for start, i in rad_for if start <= offset)

        spann = []
        for m in _DATUM.finditer(text):
            spann.append(m.span())
            self.sag_datum = True
            try:
                d = parse_datum(m["ord"] or m["iso"] or m["dmy"])
            except ValidationError as fel:
                self._problem(rad(m.start()), fel.message)
                continue
            self._satt("datum", d, prio)
            if (
                m["veckodag"]
                and m["veckodag"].lower().removesuffix("en") != VECKODAGAR[d.weekday()]
            ):
                self._problem(
                    rad(m.start()),
                    f'Veckodagen "{m["veckodag"]}" stämmer inte med datumet {d.isoformat()}, '
                    f"som är en {VECKODAGAR[d.weekday()]}; kontrollera datumet.",
                )
        blankad = list(text)
        for a, b in spann:
            blankad[a:b] = " " * (b - a)
        for m in (_TID_ETIKETT if etikett else _TID_KL).finditer("".join(blankad)):
            spann.append(m.span())
            self.sag_tid = True
            try:
                self._satt("tid", parse_tid(m.group()), prio)
            except ValidationError as fel:
                self._problem(rad(m.start()), fel.message)
        return spann

    def _etikett(self, i: int, text: str, celler: list[str], slag: str) -> bool:
        """A "Tid: …", "Plats: …", "Organ: …" or "Föredragande: …" line (or two columns)."""
        if m := _ETIKETT.fullmatch(text):
            etikett, varde = m["etikett"], m["varde"].strip()
        elif len(celler) == 2 and slag != "text":
            etikett, varde = celler
        else:
            return False
        e = " ".join(_ord(etikett))
        if not e or not set(e.split()) <= _ETIKETTORD:
            return False
        if "organ" in e or "nämnd" in e:
            if varde:
                self._satt("organ", varde, 0)
            return True
        if "föredragande" in e or "handläggare" in e:
            return True
        har_plats = "plats" in e or "lokal" in e
        spann: list[tuple[int, int]] = []
        if "datum" in e or "tid" in e or "dag" in e or "klockan" in e:
            # "Datum:" alone is often the date the kallelse was sent.
            prio = 2 if "datum" in e and "tid" not in e and "sammanträde" not in e else 1
            spann = self._tidpunkt(varde, [(0, i)], prio, etikett=True)
            if not spann and not har_plats:
                self._problem(i, f'"{varde}" är inget datum eller klockslag som går att läsa.')
        if har_plats:
            if plats := _plats(varde, spann, efter_preposition=False):
                self._satt("plats", plats, 1)
            else:
                self._problem(i, "Raden anger ingen plats för sammanträdet.")
        return True

    # -- header: organ, date, time, place --------------------------------------------

    def _huvud(self, i: int) -> int:
        raw = self.rader[i]
        text = _rensa(raw)
        if not text or len(text) > _MAX_RAD or _SIDNUMMER.fullmatch(text):
            return i + 1
        celler, slag = _celler(raw)
        if self._etikett(i, text, celler, slag):
            return i + 1
        if _KALLAS.search(text):
            return self._kallelsemening(i)
        if roller := _rubrikrad(celler):
            self.fas = _LISTA
            self.roller = roller if len(roller) > 1 else None
            return i + 1
        rad = _las_rad(celler, slag, self.roller)
        if rad.nummer is not None and rad.rubrik:
            self.fas = _LISTA
            return self._lista(i)
        self.rubriker.append(text)
        return i + 1

    def _kallelsemening(self, i: int) -> int:
        """The "… kallas härmed till sammanträde …" sentence, over up to five lines."""
        delar = [(i, _rensa(self.rader[i]))]
        j = i + 1
        while j < len(self.rader) and len(delar) < 5:
            if _FOR_ATT.search(delar[-1][1]) or delar[-1][1].endswith(":"):
                break
            t = _rensa(self.rader[j])
            if not t or len(t) > _MAX_RAD or _ETIKETT.fullmatch(t) or _nummer(t):
                break
            if _rubrikrad([t]):
                break
            delar.append((j, t))
            j += 1
        text, rad_for, offset = "", [], 0
        for rad, t in delar:
            rad_for.append((offset, rad))
            text += t + " "
            offset = len(text)
        self.kallas_rad = i
        self._organ_ur_mening(delar[0][1])
        spann = self._tidpunkt(text, rad_for, 0, etikett=False)
        if plats := _plats(text, spann, efter_preposition=True):
            self._satt("plats", plats, 0)
        if "ärende" in text.lower() or text.rstrip().endswith(":"):
            self.fas = _LISTA
        return j

    def _organ_ur_mening(self, forsta: str) -> None:
        kandidater = []
        if m := _KALLAS.search(forsta):
            kandidater.append(_LEDAMOTER.sub("", forsta[: m.start()]).strip(" ,"))
        if m := _MED_ORGAN.search(forsta):
            kandidater.append(_ORGAN_SLUT.split(m["organ"])[0].strip(" ,."))
        kandidater += reversed(self.rubriker)
        for kandidat in kandidater:
            if _ar_organ(kandidat):
                self._satt("organ", kandidat[:1].upper() + kandidat[1:], 1)
                return
        # The heading right above the sentence, whatever the body is called.
        if self.rubriker and _ar_rubrik(self.rubriker[-1]):
            self._satt("organ", self.rubriker[-1], 1)

    # -- the agenda ------------------------------------------------------------------

    def _lista(self, i: int) -> int:
        raw = self.rader[i]
        text = _rensa(raw)
        if not text:
            self.fortsatt = False
            return i + 1
        if len(text) > _MAX_RAD:
            self._problem(i, "Raden är för lång för att vara en rad i ärendelistan.")
            self.fortsatt = False
            return i + 1
        stripped = raw.strip()
        if set(stripped) <= _AVDELARE and sum(stripped.count(c) for c in "-=_*") >= 3:
            return i + 1  # table separator or horizontal rule
        if (self.arenden or self.vantande) and _HANDLINGAR.fullmatch(text):
            self.fas = _SLUT  # the handlingar begin
            return i + 1
        if self._sidhuvud(text):
            self.fortsatt = False
            return i + 1
        celler, slag = _celler(raw)
        if not any(celler):
            self.fortsatt = False
            return i + 1
        if roller := _rubrikrad(celler):
            if len(roller) > 1:
                self.roller = roller
            self.fortsatt = False
            return i + 1
        if self._etikett(i, text, celler, slag):
            self.fortsatt = False
            return i + 1
        if not self.arenden and self.vantande is None:
            # A "Föredragningslista" heading may come before the rest of the header.
            if _KALLAS.search(text):
                return self._kallelsemening(i)
            if _ar_organ(text):
                self.rubriker.append(text)
                return i + 1
        if _HALSNING.fullmatch(text) or _ort_och_datum(text):
            self.fas, self.signatur_fran = _SIGNATUR, (i, len(self.undertecknare))
            return i + 1
        antal = len(self.undertecknare)
        if (nasta := self._las_underskrift(i)) is not None:
            self.fas, self.signatur_fran = _SIGNATUR, (i, antal)
            return nasta
        rad = _las_rad(celler, slag, self.roller)
        if self.vantande and self._vantande_rubrik(i, rad):
            return i + 1
        if rad.nummer is not None:
            self._numrerad(i, rad)
        elif rad.fortsattning or (self.fortsatt and rad.rubrik and rad.texter == 1):
            self._fortsattning(i, rad)
        elif rad.dnr and not rad.rubrik:
            self._dnr_rad(i, rad.dnr)
        elif rad.fel:
            self._problem(i, rad.fel)
            self.fortsatt = False
        else:
            self._problem(i, _UTAN_NUMMER)
            self.fortsatt = False
        return i + 1

    def _sidhuvud(self, text: str) -> bool:
        """Page numbers and headers repeated at a page break."""
        if _BREVHUVUD.fullmatch(text):
            return True
        rest = _DATUM.sub(" ", _SIDNUMMER.sub(" ", text))
        if self.organ:
            rest = rest.lower().replace(self.organ.lower(), " ")
        ord_ = [o for o in _ord(rest) if o.strip("()–-;") and o not in _SIDHUVUDORD]
        return not ord_

    def _vantande_rubrik(self, i: int, rad: _Rad) -> bool:
        """A bare number on the line before: this line is its title (a PDF table)."""
        assert self.vantande is not None
        nummer, j = self.vantande
        self.vantande = None
        if rad.nummer is None and not rad.fortsattning and rad.rubrik:
            self._nytt_arende(j, nummer, rad)
            return True
        self._problem(j, f"Ärendenummer {nummer} står ensamt utan någon rubrik efter.")
        return False

    def _numrerad(self, i: int, rad: _Rad) -> None:
        assert rad.nummer is not None
        if rad.rubrik:
            self._nytt_arende(i, rad.nummer, rad)
            return
        self.fortsatt = False
        if rad.dnr or rad.fel:
            self._problem(i, f"Ärendenummer {rad.nummer} har ingen rubrik.")
        elif self.arenden and rad.nummer != self.arenden[-1].nummer + 1:
            self._problem(
                i,
                f"Talet {rad.nummer} passar inte som nästa ärendenummer "
                f"(väntat {self.arenden[-1].nummer + 1}); raden lästes inte, "
                "kanske är det ett sidnummer.",
            )
        else:
            self.vantande = (rad.nummer, i)

    def _nytt_arende(self, i: int, nummer: int, rad: _Rad) -> None:
        forra = self.arenden[-1].nummer if self.arenden else None
        if forra is not None and nummer <= forra:
            self._problem(
                i,
                f"Ärendenummer {nummer} kommer efter {forra} och följer inte nummerordningen; "
                "raden har inte lästs in som ett ärende.",
            )
            self.aktuell, self.fortsatt = None, False
            return
        if forra is not None and nummer > forra + 1:
            saknas = (
                f"nummer {forra + 1}" if nummer == forra + 2 else f"nummer {forra + 1}–{nummer - 1}"
            )
            self._problem(i, f"Ärendenummer {nummer} följer på {forra}; {saknas} saknas i listan.")
        if rad.fel:
            self._problem(i, rad.fel)
        self.aktuell = ImportRad(nummer, rad.rubrik, rad.dnr, i + 1)
        self.arenden.append(self.aktuell)
        self.fortsatt = True

    def _fortsattning(self, i: int, rad: _Rad) -> None:
        """A wrapped title line, or a table row whose number cell is empty."""
        if self.aktuell is None or not self.fortsatt:
            self._problem(i, _UTAN_NUMMER)
            return
        if rad.rubrik:
            self.aktuell.rubrik = f"{self.aktuell.rubrik} {rad.rubrik}".strip()
        if rad.dnr:
            self._dnr_rad(i, rad.dnr)
        elif rad.fel:
            self._problem(i, rad.fel)

    def _dnr_rad(self, i: int, dnr: str) -> None:
        self.fortsatt = False
        if self.aktuell is None:
            self._problem(i, f"Diarienumret {dnr} står inte under något inläst ärende.")
        elif self.aktuell.dnr:
            self._problem(
                i,
                f"Ärende {self.aktuell.nummer} har redan diarienumret {self.aktuell.dnr}; "
                f"{dnr} har inte lästs in.",
            )
        else:
            self.aktuell.dnr = dnr

    # -- the signature ---------------------------------------------------------------

    def _las_underskrift(self, i: int) -> int | None:
        """A name line with a title line below it (side by side for several), or "Namn, titel".

        Returns the index after the signature, or None when there is none at `i`.
        """
        text = _rensa(self.rader[i])
        namn, komma, titel = text.partition(",")
        if komma and _ar_namn(namn.strip()) and _ar_titel(titel.strip()):
            self.undertecknare.append(Undertecknare(namn.strip(), titel.strip()))
            return i + 1
        if i + 1 >= len(self.rader):
            return None
        namnen = [c for c in _celler(self.rader[i])[0] if c]
        titlarna = [c for c in _celler(self.rader[i + 1])[0] if c]
        if (
            namnen
            and len(namnen) == len(titlarna)
            and all(map(_ar_namn, namnen))
            and all(map(_ar_titel, titlarna))
        ):
            self.undertecknare += [
                Undertecknare(n, t) for n, t in zip(namnen, titlarna, strict=True)
            ]
            return i + 2
        return None

    def _signatur(self, i: int) -> int:
        text = _rensa(self.rader[i])
        if not text or _KONTAKT.search(text) or _HALSNING.fullmatch(text) or _ort_och_datum(text):
            return i + 1
        if (nasta := self._las_underskrift(i)) is not None:
            return nasta
        celler, slag = _celler(self.rader[i])
        namnen = [c for c in celler if c]
        if namnen and all(map(_ar_namn, namnen)):
            self.undertecknare += [Undertecknare(n, "") for n in namnen]
            return i + 1
        rad = _las_rad(celler, slag, self.roller) if namnen else None
        if rad and rad.rubrik and self.arenden and rad.nummer == self.arenden[-1].nummer + 1:
            # The list goes on: that was a name and title inside it (a föredragande).
            start, antal = self.signatur_fran
            del self.undertecknare[antal:]
            for j in range(start, i):
                if _rensa(self.rader[j]):
                    self._problem(j, _UTAN_NUMMER)
            self.fas = _LISTA
            return i
        self.fas = _SLUT  # whatever follows the signature is not the kallelse
        return i + 1

    def _avsluta(self) -> None:
        if self.vantande:
            nummer, j = self.vantande
            self._problem(j, f"Ärendenummer {nummer} står ensamt utan någon rubrik efter.")
        if (i := self.kallas_rad) is not None:
            if self.datum is None and not self.sag_datum:
                self._problem(i, "Kallelsen anger inget sammanträdesdatum som går att läsa.")
            if self.tid is None and not self.sag_tid:
                self._problem(i, "Kallelsen anger inget klockslag för sammanträdet.")
        if not self.organ:
            self.organ = next((r for r in self.rubriker if _ar_organ(r)), "")


def _ar_rubrik(text: str) -> bool:
    """A short heading that could name the organ (not the letterhead nor "Kallelse")."""
    ord_ = text.lower().split()
    return (
        len(ord_) <= 6
        and not any(c.isdigit() or c in ":.;" for c in text)
        and not set(ord_) <= _SIDHUVUDORD
        and ord_[-1] != "kommun"
    )


def _ort_och_datum(text: str) -> bool:
    """ "Kalix den 1 december 2023" above a signature."""
    m = _DATUM.search(text)
    if m is None or text[m.end() :].strip(" .,"):
        return False
    ort = text[: m.start()].split()
    if ort and ort[-1].lower() == "den":
        ort.pop()
    return len(ort) == 1 and ort[0].rstrip(",")[:1].isupper() and ort[0].rstrip(",").isalpha()
