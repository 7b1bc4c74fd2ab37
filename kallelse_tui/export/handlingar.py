"""The handlingar bundle: one PDF with the kallelse followed by every ärende's documents in
agenda order, with bookmarks "Kallelse", "6. <rubrik>" and one per document under its ärende.

PDF attachments are copied in as they are, except in the public version when their text
holds a personnummer: a PDF cannot be masked, so its text is typeset instead, masked. Text
documents (.txt, .md, and the extracted text of e.g. a DOCX) are typeset with
templates/handling.typ; anything else, and every document
that cannot be included (missing in the store, a broken or password-protected PDF, or
sekretess in the public version), gets a line on a placeholder page, so a reader of the
bundle always sees that a document exists and where it is. A broken attachment never stops
the bundle.

The public version never asks for a sekretess document's file or text: its title, file
name and content cannot reach the output, only "Sekretess enligt OSL …".
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
from kallelse_tui.domain.model import Arende, Beslutsunderlag, Organ, Sammantrade
from kallelse_tui.domain.publicering import maska_personnummer, publicera, publik_rubrik
from kallelse_tui.domain.underlag import storlek_text
from kallelse_tui.export import kallelse
from kallelse_tui.export.common import kontrollera_mal, skriv_atomiskt, typst_pdf

if TYPE_CHECKING:
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, TreeObject

MALL = "handling.typ"
VAD = "handlingarna"  # the document in error messages: "Kan inte spara handlingarna …"
TEXTFORMAT = (".txt", ".md")
KALLELSE_BOKMARKE = "Kallelse"
SKADAD_PDF = "PDF-filen är skadad och går inte att läsa"
PDF_SOM_TEXT = "Återgiven som text: personnummer är borttagna"

# A token longer than this (a URL, a long number series) gets invisible break points;
# typst would otherwise let it run off the page.
_LANGT_ORD = re.compile(r"\S{60,}")
# C0 control characters other than tab and newline: typst would print them as boxes.
_STYRTECKEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Progress = Callable[[int, int, str], None]


class _EjMed(Exception):
    """The document cannot be included; the message ends the sentence on its placeholder."""


@dataclass
class _Arendedel:
    """One ärende while its documents are added: bookmark and placeholders waiting for a page."""

    nummer: int
    arende: Arende
    dold: bool  # public version of a sekretess-marked ärende
    bokmarke: IndirectObject | None = None
    vantande: list[tuple[str, str]] = field(default_factory=list)  # (bookmark, line)

    @property
    def huvud(self) -> dict[str, Any]:
        """The ärende as the kallelse names it, at the top of every typeset page."""
        return {
            "nummer": self.nummer,
            "rubrik": publik_rubrik(self.arende) if self.dold else self.arende.rubrik,
            "dnr": "" if self.dold else self.arende.dnr.strip(),
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
    documents that are neither PDF nor plain text, e.g. DOCX). `progress(done, total, label)`
    is called before each step and once at the end with done == total. Documents that could
    not be included (missing, broken) are appended to `varningar` as Swedish sentences.
    """
    target = kontrollera_mal(Path(target), VAD)
    bygge = _Bygge(mote, organ, fil_for, text_for, public)
    # Steps: the kallelse, every document, writing the file.
    total = sum(len(a.beslutsunderlag) for a in mote.arenden) + 2
    steg = progress or (lambda _klara, _total, _etikett: None)

    with _tyst_pypdf():
        steg(0, total, KALLELSE_BOKMARKE)
        bygge.kallelse()
        klara = 1
        for nummer, arende in enumerate(mote.arenden, start=1):
            del_ = _Arendedel(nummer, arende, dold=public and arende.sekretess)
            for underlag in arende.beslutsunderlag:
                steg(klara, total, f"{nummer}. {bygge.titel(del_, underlag)}")
                bygge.dokument(del_, underlag)
                klara += 1
            bygge.platshallare(del_)
        steg(total - 1, total, f"Sparar {target.name}")
        skriv_atomiskt(target, bygge.writer.write, VAD)
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
        public: bool,
    ) -> None:
        from pypdf import PdfWriter

        self.mote, self.organ, self.public = mote, organ, public
        self.fil_for, self.text_for = fil_for, text_for
        self.writer = PdfWriter()
        self.varningar: list[str] = []
        datum = mote.datum.isoformat()
        self.gemensamt = {
            "titel": f"Handlingar {organ.namn} {datum}",
            "kommun": organ.kommun,
            "organ": organ.namn,
            "datum": datum,
        }
        self.writer.add_metadata({"/Title": self.gemensamt["titel"], "/Author": organ.kommun})
        self.writer.page_mode = "/UseOutlines"  # open with the bookmarks showing

    def publik(self, varde: Any) -> Any:
        """Personnummer masked and hidden ärenden's titles and Dnr replaced, in the public
        version; the same cleaning the kallelse gets."""
        return publicera(varde, self.mote.arenden) if self.public else varde

    def kallelse(self) -> None:
        # The kallelse module's own data and typst rendering, so the first pages are the
        # kallelse exactly as exported on its own, public-aware the same way.
        self._lagg_till(BytesIO(kallelse.kallelse_pdf(self.mote, self.organ, public=self.public)))
        self.writer.add_outline_item(title=KALLELSE_BOKMARKE, page_number=0)

    def titel(self, del_: _Arendedel, u: Beslutsunderlag) -> str:
        """A document's bookmark: its title, or only its sekretess reference when hidden."""
        if self._hemlig(del_, u):
            return _sekretess_rubrik(u.osl or del_.arende.osl)
        return self.publik(u.titel.strip() or u.filnamn or "Bilaga")

    def _hemlig(self, del_: _Arendedel, u: Beslutsunderlag) -> bool:
        return self.public and (u.sekretess or del_.arende.sekretess)

    def dokument(self, del_: _Arendedel, u: Beslutsunderlag) -> None:
        """Add one document, or queue its placeholder line for the ärende's next page."""
        titel = self.titel(del_, u)
        if self._hemlig(del_, u):
            # Neither the file nor the text is asked for: nothing of it can leak.
            del_.vantande.append((titel, f"Handlingen ”{titel}” är undantagen från offentlighet."))
            return
        namn = self.publik(_namn_och_storlek(u, None))
        try:
            path = Path(self.fil_for(u))
            finns = path.is_file()
        except (OSError, DomainError):  # e.g. a malformed hash: as good as missing
            finns = False
        if not finns:
            self._ej_med(del_, titel, namn, "filen saknas i lagret")
            return
        uppgifter = _uppgifter(del_.arende, u)
        try:
            if _ar_pdf(u, path):
                reader = _oppna_pdf(path)
                pdf_text = _pdf_text(reader) if self.public else ""
                if maska_personnummer(pdf_text) == pdf_text:
                    self.platshallare(del_)  # the ärende's waiting placeholders come first
                    try:
                        self._lagg_till(reader, del_, titel)
                    except Exception:  # a fault deep in the file shows only while copying
                        raise _EjMed(SKADAD_PDF) from None
                    return
                # A copied PDF cannot be masked: publish its text, personnummer removed.
                stycken = _stycken(pdf_text, rad_ar_stycke=False)
                uppgifter.append(PDF_SOM_TEXT)
            else:
                stycken = self._stycken(u, path)
        except OSError:
            self._ej_med(del_, titel, namn, "filen gick inte att läsa")
            return
        except _EjMed as fel:
            self._ej_med(del_, titel, namn, str(fel))
            return
        if not stycken:
            namn = self.publik(_namn_och_storlek(u, path))
            del_.vantande.append((titel, f"Bilagan ”{titel}” ({namn}) finns tillgänglig separat."))
            return
        self.platshallare(del_)
        data = {
            **self.gemensamt,
            "arende": del_.huvud,
            "sidfot": titel,
            "dokument": {
                "titel": titel,
                "uppgifter": uppgifter,
                "stycken": stycken,
            },
            "platshallare": [],
        }
        self._lagg_till(BytesIO(typst_pdf(MALL, self.publik(data))), del_, titel)

    def _ej_med(self, del_: _Arendedel, titel: str, namn: str, orsak: str) -> None:
        rad = f"Bilagan ”{titel}” ({namn}) kunde inte tas med: {orsak}."
        del_.vantande.append((titel, rad))
        self.varningar.append(f"Ärende {del_.nummer}: {rad}")

    def _stycken(self, u: Beslutsunderlag, path: Path) -> list[list[str]]:
        """The text of a non-PDF document as paragraphs of lines; empty if it has none."""
        try:
            if Path(u.filnamn or path.name).suffix.lower() in TEXTFORMAT:
                return _stycken(_las_text(path.read_bytes()), rad_ar_stycke=False)
            # Extracted text (DOCX …) has one paragraph per line.
            return _stycken(self.text_for(u) or "", rad_ar_stycke=True)
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
            "platshallare": [rad for _, rad in del_.vantande],
        }
        start = len(self.writer.pages)
        self._lagg_till(BytesIO(typst_pdf(MALL, self.publik(data))), del_)
        for titel, _ in del_.vantande:
            self._bokmarke(del_, titel, start)
        del_.vantande.clear()

    def _lagg_till(self, kalla: Any, del_: _Arendedel | None = None, titel: str = "") -> None:
        """Append a PDF (path, stream or reader) with its own bookmarks under the document's
        bookmark; on an error take back what was added, so a half-copied file leaves no trace."""
        writer = self.writer
        rot = writer.get_outline_root()
        sidor, sista = len(writer.pages), rot.get("/Last")
        try:
            writer.append(kalla, outline_item=titel or None, import_outline=bool(titel))
        except Exception:
            if len(writer.pages) > sidor:
                sidlista: Any = writer.pages  # a live list that supports del, typed Sequence
                del sidlista[sidor:]
            if rot.get("/Last") != sista:
                rot.remove_child(rot["/Last"].get_object())
            raise
        if del_ is not None and titel:
            # append() puts the document's bookmark at the top level; move it under its ärende.
            ny = rot["/Last"].get_object()
            rot.remove_child(ny)
            cast("TreeObject", self._arende_bokmarke(del_, sidor).get_object()).add_child(
                ny, writer
            )
        elif del_ is not None:
            self._arende_bokmarke(del_, sidor)

    def _arende_bokmarke(self, del_: _Arendedel, sida: int) -> IndirectObject:
        if del_.bokmarke is None:
            titel = self.publik(f"{del_.nummer}. {del_.huvud['rubrik']}")
            del_.bokmarke = self.writer.add_outline_item(title=titel, page_number=sida)
        return del_.bokmarke

    def _bokmarke(self, del_: _Arendedel, titel: str, sida: int) -> None:
        self.writer.add_outline_item(
            title=titel, page_number=sida, parent=self._arende_bokmarke(del_, sida)
        )


def _sekretess_rubrik(osl: str) -> str:
    """'Sekretess enligt OSL 26 kap. 1 §': publik_rubrik's wording, for a document."""
    return publik_rubrik(Arende(id="", rubrik="", sekretess=True, osl=osl))


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
    """The text of every page and bookmark, to look for personnummer in; "" when pypdf
    cannot read it (the file is then copied as it is, like a scanned PDF)."""
    try:
        sidor = [page.extract_text() or "" for page in reader.pages]
    except Exception:
        return ""
    try:
        bokmarken = [str(getattr(b, "title", "")) for b in _platt(reader.outline)]
    except Exception:
        bokmarken = []
    return "\n\n".join(sidor + bokmarken)


def _platt(items: Any) -> Iterator[Any]:
    for item in items:
        if isinstance(item, list):
            yield from _platt(item)
        else:
            yield item


def _ar_pdf(u: Beslutsunderlag, path: Path) -> bool:
    if Path(u.filnamn or path.name).suffix.lower() == ".pdf":
        return True
    with path.open("rb") as fil:  # a PDF stored under another name is still a PDF
        return b"%PDF-" in fil.read(1024)


def _las_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older Windows text files


def _stycken(text: str, *, rad_ar_stycke: bool) -> list[list[str]]:
    """Paragraphs of lines, ready for the template: control characters dropped and long
    tokens given break points (U+200B), so the text prints as written and stays on the page."""
    text = _STYRTECKEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _LANGT_ORD.sub(lambda m: "\u200b".join(re.findall(".{1,40}", m[0])), text)
    text = text.replace("\t", "    ")
    if rad_ar_stycke:
        return [[rad] for rad in text.split("\n") if rad.strip()]
    stycken = (s.strip("\n") for s in re.split(r"\n[ \t]*\n", text))
    return [s.split("\n") for s in stycken if s.strip()]


def _uppgifter(arende: Arende, u: Beslutsunderlag) -> list[str]:
    """The small line under a typeset document's title."""
    rad = [u.typ.value.capitalize(), u.datum.isoformat() if u.datum else "", u.filnamn]
    if u.sekretess or arende.sekretess:
        rad.append(_sekretess_rubrik(u.osl or arende.osl))
    return [x for x in rad if x]


def _namn_och_storlek(u: Beslutsunderlag, path: Path | None) -> str:
    storlek = u.storlek or (path.stat().st_size if path is not None else 0)
    delar = (u.filnamn, storlek_text(storlek) if storlek else "")
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
