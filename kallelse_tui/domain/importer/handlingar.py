"""The handlingar after the agenda: what each tjänsteskrivelse proposes, matched by Dnr.

A handling belongs to an agenda item when a line standing alone holds that item's Dnr
("Dnr KS 2024/112", "Vårt diarienummer: 2023-00513"); it runs to the next such line. Inside
it the "Förslag till beslut", "Handläggare" and "Beslut skickas till" blocks are read. A Dnr
inside a sentence never starts a handling, and nothing here touches an item: the result is
offered to the secretary, who takes it or leaves it.
"""

from __future__ import annotations

import re

from kallelse_tui.domain.dnr import dnr_nyckel
from kallelse_tui.domain.importer.agenda import _dnr
from kallelse_tui.domain.importer.huvud import _ORGANORD, _ar_organ
from kallelse_tui.domain.importer.layout import _MAX_RAD, _SIDNUMMER, _rensa
from kallelse_tui.domain.importer.resultat import ImportHandling, ImportRad
from kallelse_tui.domain.importer.signatur import _KONTAKT
from kallelse_tui.domain.model import Forslag, Handlaggare, Mottagare, Syfte

_DNR_ETIKETT = re.compile(
    r"(?:vårt\s+|ert\s+)?(?:dnr|diari(?:e)?\s*n(?:umme)?r|diarienummer|ärendenummer)\b[:.]?\s*",
    re.IGNORECASE,
)
_FORSLAG = re.compile(
    r"förslag till beslut(?:\s+(?:till\s+)?(?P<organ>[^:.]{3,60}?))?\s*[:.]?", re.IGNORECASE
)
_HANDLAGGARE = re.compile(r"(?:handläggare|i tjänsten)\s*[:,]?\s*(?P<varde>.*)", re.IGNORECASE)
_SKICKAS = re.compile(r"beslut(?:et)? skickas till\s*:?\s*(?P<varde>.*)", re.IGNORECASE)
# Headings that end a block.
_RUBRIK = re.compile(
    r"(?:beskrivning av ärendet|ärendebeskrivning|beskrivning|sammanfattning|bakgrund"
    r"|bedömning|beslutsunderlag|ekonomiska konsekvenser|jämställdhetsanalys|yttrande"
    r"|justerandes sign|utdragsbestyrkande|tjänsteskrivelse.*|§\s*\d*"
    r"|[A-ZÅÄÖ][A-ZÅÄÖ -]* (?:KOMMUN|REGION))[:.]?"
    r"|.{0,60}\b(?:beslut|förslag):?",
    re.IGNORECASE,
)
# Where the next document begins (a § of a protokollsutdrag, a tjänsteskrivelse, an organ's
# heading): the handling of the Dnr above ends there, so nothing of the next one is offered.
_NASTA_DOKUMENT = re.compile(r"§\s*\d{1,4}|tjänsteskrivelse\b.*", re.IGNORECASE)
# Lines a handling may open with (title, organ, date) before a boundary counts.
_HUVUDRADER = 3
_PUNKT = re.compile(r"^(?:\d{1,2}[.)]|[-–•*])\s+")
_SYFTE = [
    (re.compile(r"\(?\s*för\s+kännedom\s*\)?", re.IGNORECASE), Syfte.KANNEDOM),
    (re.compile(r"\(?\s*för\s+verkställighet\s*\)?", re.IGNORECASE), Syfte.VERKSTALLIGHET),
    (re.compile(r"\(?\s*efter\s+underskrift\s*\)?", re.IGNORECASE), Syfte.EFTER_UNDERSKRIFT),
]
_MAX_PUNKTER = 20


def _ensam_dnr(text: str) -> str | None:
    """The Dnr when the line holds nothing else (after a "Dnr"/"Vårt diarienummer" label)."""
    if len(text) > 60:
        return None
    rest = _DNR_ETIKETT.sub("", text, count=1) if _DNR_ETIKETT.match(text) else text
    funnet = _dnr(text, strikt=False) or _dnr(rest, strikt=False)
    return funnet[0] if funnet and funnet[0] else None


def _organrubrik(text: str) -> bool:
    """An organ's name alone ("Kommunstyrelsen", "Barn- och utbildningsnämnden"), not a
    sentence about it ("Kommunstyrelsen godkänner fördelningen")."""
    if not _ar_organ(text):
        return False
    ord_ = text.split()
    return (
        all(
            o[0].isupper() or o.endswith("-") or o in ("och", "för") or _ORGANORD.search(o)
            for o in ord_[1:]
        )
        and ord_[0][0].isupper()
    )


def _mottagare(text: str) -> Mottagare | None:
    text = _PUNKT.sub("", text).strip(" ,;.")
    syfte = Syfte.KANNEDOM
    for monster, s in _SYFTE:
        if monster.search(text):
            text, syfte = " ".join(monster.sub(" ", text).split()).strip(" ,;.–-"), s
            break
    return Mottagare(text, syfte) if text else None


def _handlaggare(rader: list[str]) -> Handlaggare | None:
    """ "Namn, titel" on one line, or name, title, telephone and e-mail on lines of their own."""
    if not rader:
        return None
    namn, _, titel = rader[0].partition(",")
    hand = Handlaggare(namn.strip(), titel.strip())
    for rad in rader[1:]:
        if "@" in rad:
            hand.epost = rad.split()[-1]
        elif _KONTAKT.search(rad):
            hand.telefon = re.sub(r"^\D+", "", rad).strip()
        elif not hand.titel and len(rad.split()) <= 5 and not any(c.isdigit() for c in rad):
            hand.titel = rad
    return hand if hand.namn and len(hand.namn.split()) <= 5 else None


class _Handling:
    """One handling as it is read: the blocks found so far."""

    def __init__(self, arende: ImportRad, dnr: str, rad: int) -> None:
        self.resultat = ImportHandling(arende.nummer, dnr, rad)
        self.block = ""  # "forslag", "handlaggare", "skickas" or ""
        self.organ = ""
        self.punkter: list[str] = []
        self.hand_rader: list[str] = []
        self.lasta = 0  # lines read so far

    def slut(self, text: str) -> bool:
        """Does `text` begin the next document?"""
        return self.lasta >= _HUVUDRADER and (
            _NASTA_DOKUMENT.fullmatch(text) is not None or _organrubrik(text)
        )

    def rad(self, text: str) -> None:
        self.lasta += 1
        if m := _FORSLAG.fullmatch(text):
            self._stang()
            self.block, self.organ = "forslag", (m["organ"] or "").strip()
        elif m := _HANDLAGGARE.fullmatch(text):
            self._stang()
            self.block = "handlaggare"
            if m["varde"]:
                self.hand_rader.append(m["varde"])
        elif m := _SKICKAS.fullmatch(text):
            self._stang()
            self.block = "skickas"
            for del_ in re.split(r",(?![^(]*\))", m["varde"]):
                self._mottagare(del_)
        elif _RUBRIK.fullmatch(text) or _SIDNUMMER.fullmatch(text):
            self._stang()
        elif self.block == "forslag" and len(self.punkter) < _MAX_PUNKTER:
            self.punkter.append(_PUNKT.sub("", text))
        elif self.block == "handlaggare" and len(self.hand_rader) < 4:
            self.hand_rader.append(text)
        elif self.block == "skickas":
            self._mottagare(text)

    def _mottagare(self, text: str) -> None:
        mottagare = _mottagare(text)
        if mottagare and len(self.resultat.skickas_till) < 50:
            self.resultat.skickas_till.append(mottagare)

    def _stang(self) -> None:
        if self.block == "forslag" and self.punkter:
            self.resultat.forslag.append(Forslag(self.punkter, self.organ))
        if self.block == "handlaggare" and self.resultat.handlaggare is None:
            self.resultat.handlaggare = _handlaggare(self.hand_rader)
        self.block, self.punkter, self.hand_rader = "", [], []


def las_handlingar(
    rader: list[str], fran: list[int], arenden: list[ImportRad]
) -> list[ImportHandling]:
    """What the handlingar in `rader` propose for `arenden`, one entry per item that has any.

    `fran[i]` is the printed line index of `rader[i]`.
    """
    per_nyckel: dict[str, ImportRad] = {}
    for arende in arenden:
        if arende.dnr and (nyckel := dnr_nyckel(arende.dnr)):
            per_nyckel.setdefault(nyckel, arende)
    if not per_nyckel:
        return []
    funna: dict[int, ImportHandling] = {}
    aktuell: _Handling | None = None

    def avsluta() -> None:
        if aktuell is None:
            return
        aktuell._stang()
        gammal, ny = funna.get(aktuell.resultat.nummer), aktuell.resultat
        if gammal is None:
            funna[ny.nummer] = ny
            return
        # The same Dnr again (a protokollsutdrag, then the tjänsteskrivelse): fill the gaps.
        gammal.forslag = gammal.forslag or ny.forslag
        gammal.handlaggare = gammal.handlaggare or ny.handlaggare
        gammal.skickas_till = gammal.skickas_till or ny.skickas_till

    for i, raw in enumerate(rader):
        text = _rensa(raw) if len(raw) <= _MAX_RAD else ""
        if not text:
            continue
        if (dnr := _ensam_dnr(text)) is not None:
            avsluta()
            funnen = per_nyckel.get(dnr_nyckel(dnr) or "")
            aktuell = _Handling(funnen, dnr, fran[i] + 1) if funnen else None
        elif aktuell is not None and aktuell.slut(text):
            avsluta()
            aktuell = None
        elif aktuell is not None:
            aktuell.rad(text)
    avsluta()
    return [h for _, h in sorted(funna.items()) if h.forslag or h.handlaggare or h.skickas_till]
