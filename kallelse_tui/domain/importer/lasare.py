"""One pass over the lines: header, agenda, signature, then stop."""

from __future__ import annotations

from datetime import date, time

from kallelse_tui.domain.datum import VECKODAGAR, parse_datum, parse_tid
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.importer.agenda import _UTAN_NUMMER, _las_rad, _nummer, _Rad
from kallelse_tui.domain.importer.handlingar import las_handlingar
from kallelse_tui.domain.importer.huvud import (
    _DATUM,
    _ETIKETT,
    _ETIKETTORD,
    _FOR_ATT,
    _KALLAS,
    _LEDAMOTER,
    _MED_ORGAN,
    _ORGAN_SLUT,
    _TID_ETIKETT,
    _TID_KL,
    _TID_SLUT,
    _ar_organ,
    _ar_rubrik,
    _plats,
    kommun_ur,
)
from kallelse_tui.domain.importer.layout import (
    _AVDELARE,
    _BREVHUVUD,
    _HANDLINGAR,
    _MAX_RAD,
    _RADBRYTNING,
    _SIDHUVUDORD,
    _SIDNUMMER,
    _celler,
    _ord,
    _rensa,
    _rubrikrad,
    logiska_rader,
)
from kallelse_tui.domain.importer.resultat import ImportProblem, ImportRad, KallelseImport
from kallelse_tui.domain.importer.signatur import (
    _HALSNING,
    _KONTAKT,
    _ar_namn,
    _ar_titel,
    _ort_och_datum,
)
from kallelse_tui.domain.model import Undertecknare

_HUVUD, _LISTA, _SIGNATUR, _SLUT = "huvud", "lista", "signatur", "slut"


class _Lasare:
    """One pass over the lines: header, agenda, signature, then stop."""

    def __init__(self, text: str) -> None:
        self.tryckta = _RADBRYTNING.split(text)  # as printed, for line numbers and problems
        self.rader, self.fran = logiska_rader(text)
        self.fas = _HUVUD
        self.organ = self.plats = ""
        self.datum: date | None = None
        self.tid: time | None = None
        self.tid_slut: time | None = None
        self.prio: dict[str, int] = {}  # lower wins: sentence, then "Tid:", then "Datum:"
        self.arenden: list[ImportRad] = []
        self.undertecknare: list[Undertecknare] = []
        self.problem: list[ImportProblem] = []
        self.rubriker: list[str] = []  # header lines before the agenda, for the organ
        self.kallas_rad: int | None = None  # index of the "kallas" line
        self.sag_datum = self.sag_tid = False
        self.aktuell: ImportRad | None = None
        self.fortsatt = False  # may the next line continue the current title
        self.bruten = False  # a blank line or page break since the current item began
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
        efter = las_handlingar(self.rader[i:], self.fran[i:], self.arenden)
        return KallelseImport(
            organ=self.organ,
            datum=self.datum,
            tid=self.tid,
            plats=self.plats,
            arenden=self.arenden,
            undertecknare=self.undertecknare,
            problem=sorted(self.problem, key=lambda p: p.rad),
            kommun=kommun_ur(self.rader),
            tid_slut=self.tid_slut,
            handlingar=efter,
        )

    # -- helpers -------------------------------------------------------------------

    def _problem(self, i: int, orsak: str) -> None:
        self.problem.append(ImportProblem(self.fran[i] + 1, self.tryckta[self.fran[i]], orsak))

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
        blankad_text, forbi = "".join(blankad), 0
        for m in (_TID_ETIKETT if etikett else _TID_KL).finditer(blankad_text):
            if m.start() < forbi:
                continue  # the end of a range already read
            slut = _TID_SLUT.match(blankad_text, m.end())
            forbi = slut.end() if slut else m.end()
            spann.append((m.start(), forbi))
            self.sag_tid = True
            try:
                self._satt("tid", parse_tid(m.group()), prio)
                if slut:
                    self._satt("tid_slut", parse_tid(slut["slut"]), prio)
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
            self.fortsatt, self.bruten = False, True
            return i + 1
        if len(text) > _MAX_RAD:
            self._problem(i, "Raden är för lång för att vara en rad i ärendelistan.")
            self.fortsatt = False
            return i + 1
        stripped = raw.strip()
        if set(stripped) <= _AVDELARE and sum(stripped.count(c) for c in "-=_*") >= 3:
            return i + 1  # table separator or horizontal rule
        if (self.arenden or self.vantande) and _HANDLINGAR.fullmatch(text):
            self.fas = _SLUT  # the handlingar begin (and are read from this line)
            return i
        if self._sidhuvud(text):
            self.fortsatt, self.bruten = False, True
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
        elif rad.dnr and not rad.rubrik and self.bruten and self.arenden:
            self.fas = _SLUT  # a Dnr after a break: the handlingar begin, not this item's
            return i
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
        self.aktuell = ImportRad(nummer, rad.rubrik, rad.dnr, self.fran[i] + 1)
        self.arenden.append(self.aktuell)
        self.fortsatt, self.bruten = True, False

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
        return i

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
