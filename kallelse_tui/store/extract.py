"""Text extraction from attachments, for search and for matching handlingar by Dnr.

`extract_text` never raises for a bad file: a broken or encrypted document is reported as
TextStatus.FEL with a Swedish reason. It runs in a TUI worker thread, so it keeps no
state between calls. The kind of file is told by its first bytes, then by its name: the
copy in the store (`bilagor/ab/<sha256>`) has no extension, so pass the original name as
`filnamn` when extracting from there. PDF pages are separated by a form feed ("\\f").
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from kallelse_tui.domain.model import TextStatus
from kallelse_tui.domain.rensa import rensa_text
from kallelse_tui.store.attachments import text_path, write_text_atomic

PAGE_BREAK = "\f"
_HEAD = 2048

_TEXT_SUFFIXES = frozenset({".txt", ".md", ".csv"})
_NOT_TEXT = frozenset(
    {
        ".xlsx",
        ".xls",
        ".ods",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".tif",
        ".tiff",
        ".bmp",
        ".heic",
        ".doc",
        ".rtf",
        ".zip",
    }
)
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8")


@dataclass(frozen=True)
class Extraction:
    text: str
    status: TextStatus
    sidor: int = 0  # pages, when the format has them (PDF); 0 otherwise
    orsak: str = ""  # Swedish reason when status is FEL


def extract_text(path: Path, filnamn: str = "") -> Extraction:
    """Read the text of a document; `filnamn` (the original name) gives the file type
    when `path` has no extension. Control characters are removed (page breaks stay)."""
    extraction = _extract(path, filnamn)
    return replace(extraction, text=rensa_text(extraction.text, sidbrytningar=True))


def _extract(path: Path, filnamn: str) -> Extraction:
    path = Path(path)
    suffix = Path(filnamn or path.name).suffix.lower()
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except OSError as exc:
        return _fel(f"Filen {path} går inte att läsa: {exc.strerror or exc}.")
    try:
        kind = _kind(path, head, suffix)
        if kind == "pdf":
            return _pdf(path)
        if kind == "docx":
            return _docx(path)
        if kind == "odt":
            return _odt(path)
        if kind == "text":
            return _plain(path)
    except Exception as exc:  # any parser failure means a bad file, never a crash
        return _fel(
            f"Filen {filnamn or path.name} kunde inte läsas; den verkar vara skadad eller i "
            f"ett annat format än namnet säger ({_describe(exc)})."
        )
    return Extraction("", TextStatus.EJ_TEXTFORMAT)


def save_extraction(root: Path, sha256: str, extraction: Extraction) -> None:
    """Store the text beside the attachment; status and pages belong in the
    Beslutsunderlag, which the caller saves."""
    write_text_atomic(text_path(Path(root), sha256), extraction.text)


# -- per format -------------------------------------------------------------------------


def _kind(path: Path, head: bytes, suffix: str) -> str:
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", errors="replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.text":
                    return "odt"
        return "other"
    if head.startswith(_IMAGE_MAGIC):
        return "other"
    if suffix == ".pdf":
        return "pdf"  # not a PDF inside: pypdf says why, reported as FEL
    if suffix == ".docx":
        return "docx"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    if suffix in _NOT_TEXT:
        return "other"
    # Unknown or no extension: plain text when the start decodes as such.
    return "text" if head and _looks_like_text(head) else "other"


def _pdf(path: Path) -> Extraction:
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted:
        # Many PDFs are encrypted only against editing, with an empty open password.
        try:
            opened = bool(reader.decrypt(""))
        except Exception:  # e.g. AES without a crypto library installed
            opened = False
        if not opened:
            return _fel(f"PDF-filen {path.name} är lösenordsskyddad och kan inte läsas.")
    pages = len(reader.pages)
    texts: list[str] = []
    failed = 0
    for page in reader.pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:  # one bad page must not lose the others
            texts.append("")
            failed += 1
    text = PAGE_BREAK.join(t.strip() for t in texts)
    if text.strip(PAGE_BREAK + " \n\t\r"):
        return Extraction(text, TextStatus.TEXT, pages)
    if failed and failed == pages:
        return _fel(f"Sidorna i PDF-filen {path.name} kunde inte läsas.", pages)
    # A scan without OCR: no text layer, but a perfectly good document.
    return Extraction("", TextStatus.UTAN_TEXT, pages)


def _docx(path: Path) -> Extraction:
    from docx import Document
    from docx.table import Table

    document = Document(str(path))
    lines: list[str] = []

    def walk(container: object) -> None:
        for block in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(block, Table):
                # A merged cell is returned once per grid square it covers: read it once.
                # (The elements themselves are kept, so their identity stays unique.)
                seen: set[object] = set()
                for row in block.rows:
                    for cell in row.cells:
                        if cell._tc in seen:
                            continue
                        seen.add(cell._tc)
                        walk(cell)
            elif block.text.strip():
                lines.append(block.text)

    # Headers first: a tjänsteskrivelse usually prints its Dnr there.
    for section in document.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.insert(0, section.first_page_header)
        for header in headers:
            if not header.is_linked_to_previous:
                walk(header)
    walk(document)
    text = "\n".join(lines)
    return Extraction(text, TextStatus.TEXT if text.strip() else TextStatus.UTAN_TEXT)


def _odt(path: Path) -> Extraction:
    import xml.etree.ElementTree as ET

    ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("content.xml"))
    lines = [
        "".join(element.itertext())
        for element in root.iter()
        if element.tag in (f"{ns}p", f"{ns}h")
    ]
    text = "\n".join(line for line in lines if line.strip())
    return Extraction(text, TextStatus.TEXT if text.strip() else TextStatus.UTAN_TEXT)


def _plain(path: Path) -> Extraction:
    raw = path.read_bytes()
    return Extraction(_decode(raw).replace("\r\n", "\n").replace("\r", "\n"), TextStatus.TEXT)


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")  # Notepad's "Unicode"
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Windows files: cp1252 (a superset of Latin-1 for åäö); five bytes are unused.
        return raw.decode("cp1252", errors="replace")


def _looks_like_text(head: bytes) -> bool:
    """No control bytes but tab, newlines and form feed: utf-8 or cp1252 text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return not any(b < 0x20 and b not in b"\t\n\r\f" for b in head)


def _fel(orsak: str, sidor: int = 0) -> Extraction:
    return Extraction("", TextStatus.FEL, sidor, orsak)


def _describe(exc: Exception) -> str:
    text = str(exc).strip().rstrip(".")
    return text or type(exc).__name__
