"""The handlingar bundle: one PDF with the kallelse followed by every ärende's documents in
agenda order, with bookmarks "Kallelse", "6. <rubrik>" and one per document under its ärende.

Each ärende's meddelanden or delegationsbeslut list comes first, typeset as a table. Text
documents (.txt, .md, .docx) are typeset as documents with templates/handling.typ, their
headings, lists and tables kept (export/dokumenttext.py). PDF attachments are copied in as
they are for the members; anything else, and every document that cannot be included
(missing, broken, password-protected), gets a line on a placeholder page, so a reader
always sees that a document exists. A broken attachment never stops the bundle.

Pages are numbered over the whole bundle ("sida 7 (42)", stamped in the corner of every
page after the kallelse), and the kallelse says on which page each ärende's handlingar
begin.

The public version is made from `publicering.publik_version` and never asks for a
sekretess document's file or text. A PDF with a text layer is typeset from its text with
personnummer masked, never copied (a copied PDF cannot be masked); a scanned PDF, with no
text to mask, is copied only once the secretary has marked it checked for publication,
otherwise its place says so. No file name is printed in either version: titles only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Arende, ArendeTyp, Beslutsunderlag, Organ, Sammantrade
from kallelse_tui.domain.publicering import (
    PublikVersion,
    publik_version,
    sekretess_hanvisning,
)
from kallelse_tui.domain.underlag import storlek_text
from kallelse_tui.export import dokumenttext, kallelse, sidnummer, taggar
from kallelse_tui.export.common import kontrollera_mal, skriv_atomiskt, typst_pdf

if TYPE_CHECKING:
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, TreeObject

MALL = "handling.typ"
VAD = "handlingarna"  # the document in error messages: "Kan inte spara handlingarna …"
KALLELSE_BOKMARKE = "Kallelse"
# Said in the bookmark of a copied attachment a screen reader cannot read as text.
OTAGGAD = "{titel} (ej tillgänglighetsanpassad)"
SKANNAD = "{titel} (skannad, ej tillgänglighetsanpassad)"
# The alternative text of a scanned page, which is a picture of text a screen reader cannot read.
SKANNAD_SIDA = "Skannad sida {n} av {av} i ”{titel}”: en bild utan text som kan läsas upp."
SKADAD_PDF = "PDF-filen är skadad och går inte att läsa"
PDF_SOM_TEXT = "Återgiven som text för publicering: sidornas utseende och bilder ingår inte"
EJ_GRANSKAD = (
    "Bilagan ”{titel}” är en skannad PDF utan textlager som inte är markerad som granskad "
    "för publicering; den ingår därför inte i den publika versionen."
)
# The kallelse's note under each ärende.
SIDHANVISNING = "Handlingar sida {sida}"
# The Dnr column has its own heading, so a typed "Dnr" prefix would print twice.
_DNR_PREFIX = re.compile(r"^\s*dnr\.?\s*:?\s*", re.IGNORECASE)

Progress = Callable[[int, int, str], None]


class _EjMed(Exception):
    """The document cannot be included; the message ends the sentence on its placeholder."""


@dataclass
class _Arendedel:
    """One ärende while its documents are added: bookmark and placeholders waiting for a page."""

    nummer: int
    arende: Arende
    bokmarke: IndirectObject | None = None
    forsta_sida: int | None = None  # index in the body, once it has a page
    vantande: list[tuple[str, str]] = field(default_factory=list)  # (bookmark, line)

    @property
    def huvud(self) -> dict[str, Any]:
        """The ärende as the kallelse names it, at the top of every typeset page."""
        return {
            "nummer": self.nummer,
            "rubrik": self.arende.rubrik,  # the public version's is already neutral
            "dnr": self.arende.dnr.strip(),
        }


def export_handlingar(
    mote: Sammantrade,
    organ: Organ,
    target: Path,
    *,
    fil_for: Callable[[Beslutsunderlag], Path],
    text_for: Callable[[Beslutsunderlag], str],
    public: bool = False,
    progress: Progress | None = None,
    varningar: list[str] | None = None,
) -> Path:
    """Write the handlingar bundle for `mote` to `target` (atomically) and return the path.

    `fil_for` gives a document's file in the store, `text_for` its extracted text (used for
    documents whose own format cannot be read). `progress(done, total, label)` is called
    before each step and once at the end with done == total. Documents that could not be
    included (missing, broken) are appended to `varningar` as Swedish sentences. The
    members' version, which has unmasked personal data, is written readable by the owner
    only.
    """
    target = kontrollera_mal(Path(target), VAD)
    publik = publik_version(mote, organ) if public else None
    bygge = _Bygge(mote, organ, fil_for, text_for, publik)
    # Steps: the kallelse, every document, writing the file.
    total = sum(len(a.beslutsunderlag) for a in mote.arenden) + 2
    steg = progress or (lambda _klara, _total, _etikett: None)

    with _tyst_pypdf():
        steg(0, total, KALLELSE_BOKMARKE)
        klara = 1
        for nummer, arende in enumerate(bygge.mote.arenden, start=1):
            del_ = _Arendedel(nummer, arende)
            bygge.lista(del_)
            for underlag in arende.beslutsunderlag:
                steg(klara, total, f"{nummer}. {_titel(underlag)}")
                bygge.dokument(del_, underlag)
                klara += 1
            bygge.platshallare(del_)
            bygge.delar.append(del_)
        bygge.kallelse_forst()
        steg(total - 1, total, f"Sparar {target.name}")
        skriv_atomiskt(target, bygge.writer.write, VAD, privat=not public)
    steg(total, total, "Klart")
    if varningar is not None:
        varningar.extend(bygge.varningar)
    return target


class _Bygge:
    """The writer being filled, and what every part of it needs to know."""

    def __init__(
        self,
        mote: Sammantrade,
        organ: Organ,
        fil_for: Callable[[Beslutsunderlag], Path],
        text_for: Callable[[Beslutsunderlag], str],
        publik: PublikVersion | None,
    ) -> None:
        from pypdf import PdfWriter

        self.original = (mote, organ)
        self.publik = publik
        self.mote, self.organ = (publik.mote, publik.organ) if publik else (mote, organ)
        self.fil_for, self.text_for = fil_for, text_for
        self.writer = PdfWriter()
        self.struktur = taggar.Struktur(self.writer)
        # Every part typeset here and checked by typst as PDF/A-2a and PDF/UA-1 (no copied
        # attachment, no character the fonts lack): the bundle can claim both.
        self.ansprak = True
        self.varningar: list[str] = []
        self.delar: list[_Arendedel] = []
        datum = self.mote.datum.isoformat()
        self.gemensamt = {
            "titel": f"Handlingar {self.organ.namn} {datum}",
            "kommun": self.organ.kommun,
            "organ": self.organ.namn,
            "datum": datum,
        }

    def rensa(self, text: str) -> str:
        """Text from an attachment made fit for the version being made."""
        return self.publik.text(text) if self.publik else text

    # -- the kallelse, numbering, metadata --------------------------------------------

    def kallelse_forst(self) -> None:
        """Put the kallelse in front, saying where each ärende's handlingar begin; number
        every later page over the whole bundle; set title and language."""
        from pypdf import PdfReader

        kropp = len(self.writer.pages)
        sidor = 1
        for _ in range(3):  # the notes may move the kallelse onto one more page
            pdf = kallelse.kallelse_pdf(self._kallelse_data(sidor, kropp))
            reader = PdfReader(BytesIO(pdf))
            if len(reader.pages) == sidor:
                break
            sidor = len(reader.pages)
        self.writer.merge(0, reader, import_outline=False)
        self.struktur.lagg_till(reader, 0, framst=True)
        self.writer.add_outline_item(title=KALLELSE_BOKMARKE, page_number=0)
        _sista_forst(self.writer.get_outline_root())
        sidnummer.numrera(self.writer, sidor)
        from pypdf.generic import BooleanObject, NameObject

        self.struktur.skriv()
        titel = self.gemensamt["titel"]
        self.ansprak = self.ansprak and taggar.gor_ansprak(reader)
        taggar.metadata(self.writer, reader, titel, standarder=self.ansprak)
        # A reader's window shows the title, not the file name.
        self.writer.create_viewer_preferences()[NameObject("/DisplayDocTitle")] = BooleanObject(
            True
        )
        self.writer.page_mode = "/UseOutlines"  # open with the bookmarks showing

    def _kallelse_data(self, sidor: int, kropp: int) -> dict[str, Any]:
        mote, organ = self.original
        data = kallelse.kallelse_data(mote, organ, public=self.publik is not None)
        for rad, del_ in zip(data["arenden"], self.delar, strict=True):
            if del_.forsta_sida is not None:
                rad["noter"].append(SIDHANVISNING.format(sida=sidor + del_.forsta_sida + 1))
        if self.publik is not None:  # what the documents had removed counts too
            data["publik_not"] = self.publik.not_text
        data["sidor_totalt"] = sidor + kropp
        return data

    # -- the ärenden ------------------------------------------------------------------

    def lista(self, del_: _Arendedel) -> None:
        """The ärende's meddelanden or delegationsbeslut, as a table before its documents."""
        arende = del_.arende
        if not arende.poster:
            return
        delegation = arende.typ is ArendeTyp.DELEGATIONSBESLUT or any(
            p.delegationspunkt for p in arende.poster
        )
        titel = "Redovisade delegationsbeslut" if delegation else "Meddelanden"
        kolumner = ["Nr", "Dnr", "Datum", "Delegat" if delegation else "Avsändare"]
        kolumner += ["Punkt", "Beslut"] if delegation else ["Ärende"]
        rader = []
        for p in arende.poster:
            dnr = _DNR_PREFIX.sub("", p.dnr).strip()
            rad = [str(p.nummer), dnr, p.datum.isoformat() if p.datum else "", p.avsandare]
            rad += [p.delegationspunkt, p.text] if delegation else [p.text]
            rader.append([dokumenttext.rena(x) for x in rad])
        bredder = [0.5, 2.2, 2.0, 3.4, *((2.2, 4.5) if delegation else (6.7,))]
        block = [
            {
                "typ": "tabell",
                "huvud": True,
                "bredder": bredder,
                "rader": [
                    [[{"t": x, "b": False, "i": False}] if x else [] for x in rad]
                    for rad in [kolumner, *rader]
                ],
            }
        ]
        self._typsatt(del_, titel, [], block)

    def dokument(self, del_: _Arendedel, u: Beslutsunderlag) -> None:
        """Add one document, or queue its placeholder line for the ärende's next page."""
        titel = _titel(u)
        if u.sekretess and self.publik is not None:
            # Neither the file nor the text is asked for: nothing of it can leak.
            rad = f"Handlingen är undantagen från offentlighet. {self._hanvisning(del_, u)}."
            del_.vantande.append((titel, rad))
            return
        try:
            path = Path(self.fil_for(u))
            finns = path.is_file()
        except (OSError, DomainError):  # e.g. a malformed hash: as good as missing
            finns = False
        if not finns:
            self._ej_med(del_, u, None, "filen saknas i lagret")
            return
        uppgifter = self._uppgifter(del_, u)
        try:
            if _ar_pdf(u, path):
                reader = _oppna_pdf(path)
                if self.publik is None:
                    self._kopiera(del_, titel, reader, import_outline=True)
                    return
                text = _pdf_text(reader)
                if not text.strip():  # scanned: nothing to mask, so only if checked
                    if u.granskad_for_publicering:
                        for sida in reader.pages:  # notes and form fields are text too
                            sida.pop("/Annots", None)
                        self._kopiera(del_, titel, reader, import_outline=False)
                    else:
                        del_.vantande.append((titel, EJ_GRANSKAD.format(titel=titel)))
                    return
                block = dokumenttext.text_block(text, self.rensa)
                uppgifter.append(PDF_SOM_TEXT)
            else:
                block = self._block(u, path)
        except OSError:
            self._ej_med(del_, u, path, "filen gick inte att läsa")
            return
        except _EjMed as fel:
            self._ej_med(del_, u, path, str(fel))
            return
        if not block:
            slag = _slag_och_storlek(u, path)
            del_.vantande.append((titel, f"Bilagan ”{titel}” ({slag}) finns tillgänglig separat."))
            return
        self._typsatt(del_, titel, uppgifter, block)

    def _typsatt(
        self, del_: _Arendedel, titel: str, uppgifter: list[str], block: list[dict[str, Any]]
    ) -> None:
        self.platshallare(del_)  # the ärende's waiting placeholders come first
        data = {
            **self.gemensamt,
            "arende": del_.huvud,
            "sidfot": titel,
            "dokument": {"titel": titel, "uppgifter": uppgifter, "block": _rubriknivaer(block)},
            "platshallare": [],
        }
        self._lagg_till(_las(typst_pdf(MALL, data)), del_, titel, import_outline=False)

    def _kopiera(
        self, del_: _Arendedel, titel: str, reader: PdfReader, *, import_outline: bool
    ) -> None:
        self.platshallare(del_)
        self.ansprak = False
        skannad = not taggar.ar_taggad(reader) and taggar.ar_skannad(reader)
        bokmarke = titel
        if not taggar.ar_taggad(reader):  # the bookmark says what a screen reader will meet
            bokmarke = (SKANNAD if skannad else OTAGGAD).format(titel=titel)
        forsta = len(self.writer.pages)
        try:
            self._lagg_till(reader, del_, bokmarke, import_outline=import_outline)
        except Exception:  # a fault deep in the file shows only while copying
            raise _EjMed(SKADAD_PDF) from None
        if skannad:  # each page an image: tagged as one, with words for what it is
            sidor = list(self.writer.pages)[forsta:]
            alt = [
                SKANNAD_SIDA.format(n=n, av=len(sidor), titel=titel)
                for n in range(1, len(sidor) + 1)
            ]
            self.struktur.bilder(sidor, alt)

    def _hanvisning(self, del_: _Arendedel, u: Beslutsunderlag) -> str:
        return sekretess_hanvisning(u.osl or del_.arende.osl)

    def _uppgifter(self, del_: _Arendedel, u: Beslutsunderlag) -> list[str]:
        """The small line under a typeset document's title: kind, date, sekretess."""
        rad = [u.typ.value.capitalize(), u.datum.isoformat() if u.datum else ""]
        if u.sekretess or del_.arende.sekretess:
            rad.append(self._hanvisning(del_, u))
        return [x for x in rad if x]

    def _ej_med(self, del_: _Arendedel, u: Beslutsunderlag, path: Path | None, orsak: str) -> None:
        titel = _titel(u)
        rad = f"Bilagan ”{titel}” ({_slag_och_storlek(u, path)}) kunde inte tas med: {orsak}."
        del_.vantande.append((titel, rad))
        self.varningar.append(f"Ärende {del_.nummer}: {rad}")

    def _block(self, u: Beslutsunderlag, path: Path) -> list[dict[str, Any]]:
        """A non-PDF document as blocks; empty if it has no text the bundle can show."""
        suffix = _suffix(u, path)
        try:
            if suffix == ".md":
                return dokumenttext.markdown_block(self.rensa(_las_text(path)), self.rensa)
            if suffix == ".txt":
                return dokumenttext.text_block(_las_text(path), self.rensa)
            if suffix == ".docx":
                try:
                    return dokumenttext.docx_block(path, self.rensa)
                except Exception:  # not readable as Word: fall back on its extracted text
                    pass
            # Extracted text (ODT …) has one paragraph per line.
            text = self.text_for(u) or ""
            return dokumenttext.text_block(text, self.rensa, rad_ar_stycke=True)
        except Exception:  # an unreadable document becomes a placeholder, like a broken PDF
            raise _EjMed("texten gick inte att läsa") from None

    def platshallare(self, del_: _Arendedel) -> None:
        """Typeset the ärende's waiting placeholder lines as one page, one bookmark each."""
        if not del_.vantande:
            return
        data = {
            **self.gemensamt,
            "arende": del_.huvud,
            "sidfot": "Handlingar som inte ingår i filen",
            "dokument": None,
            "platshallare": [self.rensa(rad) for _, rad in del_.vantande],
        }
        start = len(self.writer.pages)
        self._lagg_till(_las(typst_pdf(MALL, data)), del_)
        for titel, _ in del_.vantande:
            self._bokmarke(del_, titel, start)
        del_.vantande.clear()

    def _lagg_till(
        self, kalla: PdfReader, del_: _Arendedel, titel: str = "", *, import_outline: bool = False
    ) -> None:
        """Append a PDF under the document's bookmark, with its tags; on an error take
        back what was added, so a half-copied file leaves no trace."""
        writer = self.writer
        rot = writer.get_outline_root()
        sidor, sista = len(writer.pages), rot.get("/Last")
        try:
            writer.append(kalla, outline_item=titel or None, import_outline=import_outline)
        except Exception:
            if len(writer.pages) > sidor:
                sidlista: Any = writer.pages  # a live list that supports del, typed Sequence
                del sidlista[sidor:]
            if rot.get("/Last") != sista:
                rot.remove_child(rot["/Last"].get_object())
            raise
        self.struktur.lagg_till(kalla, sidor)
        self.ansprak = self.ansprak and taggar.gor_ansprak(kalla)
        if del_.forsta_sida is None:
            del_.forsta_sida = sidor
        if titel:
            # append() puts the document's bookmark at the top level; move it under its ärende.
            ny = rot["/Last"].get_object()
            rot.remove_child(ny)
            cast("TreeObject", self._arende_bokmarke(del_, sidor).get_object()).add_child(
                ny, writer
            )
        else:
            self._arende_bokmarke(del_, sidor)

    def _arende_bokmarke(self, del_: _Arendedel, sida: int) -> IndirectObject:
        if del_.bokmarke is None:
            titel = f"{del_.nummer}. {del_.huvud['rubrik']}"
            del_.bokmarke = self.writer.add_outline_item(title=titel, page_number=sida)
        return del_.bokmarke

    def _bokmarke(self, del_: _Arendedel, titel: str, sida: int) -> None:
        self.writer.add_outline_item(
            title=titel, page_number=sida, parent=self._arende_bokmarke(del_, sida)
        )


def _titel(u: Beslutsunderlag) -> str:
    """A document's bookmark and name on the page: its title (neutral in a public version)."""
    return u.titel.strip() or "Bilaga"


def _rubriknivaer(block: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The document's headings from H3 on, no level skipped (PDF/UA-1): the page's H1 is
    the ärende and its H2 the document's title (templates/handling.typ)."""
    ut, forra = [], 2
    for b in block:
        if b["typ"] == "rubrik":
            forra = min(b["niva"] + 2, forra + 1, 6)
            b = {**b, "niva": forra}
        ut.append(b)
    return ut


def _sista_forst(rot: TreeObject) -> None:
    """Move the last top-level bookmark to the front (pypdf's `before` cannot do it)."""
    from pypdf.generic import NameObject

    forsta, sista = rot.raw_get("/First"), rot.raw_get("/Last")
    if forsta == sista:
        return
    sista_obj = sista.get_object()
    fore = sista_obj.raw_get("/Prev")
    fore_obj = fore.get_object()
    del fore_obj["/Next"]
    del sista_obj["/Prev"]
    rot[NameObject("/Last")] = fore
    sista_obj[NameObject("/Next")] = forsta
    forsta.get_object()[NameObject("/Prev")] = sista
    rot[NameObject("/First")] = sista


def _las(pdf: bytes) -> PdfReader:
    from pypdf import PdfReader

    return PdfReader(BytesIO(pdf))


def _oppna_pdf(path: Path) -> PdfReader:
    """A readable PDF, decrypted if it opens without a password, or _EjMed saying why not."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            # Many PDFs are "protected" with an owner password only and open without one.
            try:
                oppnad = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except DependencyError:  # AES without the cryptography package
                oppnad = False
            if not oppnad:
                raise _EjMed("PDF-filen är lösenordsskyddad")
        if len(reader.pages) == 0:
            raise _EjMed("PDF-filen har inga sidor")
    except _EjMed:
        raise
    except Exception:  # pypdf raises many kinds on a broken file; none may stop the bundle
        raise _EjMed(SKADAD_PDF) from None
    return reader


def _pdf_text(reader: PdfReader) -> str:
    """The text layer of every page, pages as paragraphs; a PDF pypdf cannot read the text
    of is broken for the public version (it could not be masked)."""
    try:
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:
        raise _EjMed("PDF-filens text går inte att läsa, så den kan inte publiceras") from None


def _suffix(u: Beslutsunderlag, path: Path | None) -> str:
    """'.pdf': the kind of file by its name; the public version keeps only this part."""
    namn = u.filnamn or (path.name if path is not None else "")
    return (Path(namn).suffix or (namn if namn.startswith(".") else "")).lower()


def _ar_pdf(u: Beslutsunderlag, path: Path) -> bool:
    if _suffix(u, path) == ".pdf":
        return True
    with path.open("rb") as fil:  # a PDF stored under another name is still a PDF
        return b"%PDF-" in fil.read(1024)


def _las_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older Windows text files


def _slag_och_storlek(u: Beslutsunderlag, path: Path | None) -> str:
    """'PNG, 3 kB': the kind of file from its suffix, not its name (which may say too much)."""
    storlek = u.storlek or (path.stat().st_size if path is not None else 0)
    delar = (_suffix(u, path).lstrip(".").upper(), storlek_text(storlek) if storlek else "")
    return ", ".join(x for x in delar if x) or "utan fil"


@contextmanager
def _tyst_pypdf() -> Iterator[None]:
    """pypdf logs a warning for every oddity in a real-world PDF; the placeholders say what
    matters, and the warnings would only clutter the terminal."""
    logger = logging.getLogger("pypdf")
    niva = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(niva)
