"""Page numbers stamped over the pages of a PDF being assembled (the handlingar bundle):
"sida n (N)" in the lower right corner, level with the footers of the bundle's own pages.

templates/sidnummer.typ typesets one page per stamp, of the page's size; each becomes a
form XObject drawn after the page's own content. That leaves the page's content streams
untouched (pypdf's merge_page parses and rewrites them, some 30 ms a page), and wraps them
in q … Q so whatever state they leave cannot move the stamp.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any

from kallelse_tui.export.common import typst_pdf

if TYPE_CHECKING:
    from pypdf import PageObject, PdfWriter

MALL = "sidnummer.typ"
# The stamps' fonts go into archival pages: PDF/A-2, but untagged (they are artifacts there).
STANDARD = ("a-2b",)


def numrera(writer: PdfWriter, forsta: int) -> None:
    """Stamp every page of `writer` from index `forsta` on with its number in the whole."""
    from pypdf import PdfReader

    sidor = list(writer.pages)[forsta:]
    if not sidor:
        return
    matt = []
    for sida in sidor:
        if sida.rotation:  # draw the stamp upright on the page as it is shown
            sida.transfer_rotation_to_content()
        box = sida.cropbox
        matt.append({"b": float(box.width), "h": float(box.height)})
    data = {"forsta": forsta + 1, "totalt": len(writer.pages), "sidor": matt}
    stamplar = PdfReader(BytesIO(typst_pdf(MALL, data, standarder=STANDARD))).pages
    spara = _stream(writer, b"q\n")
    resurser: dict[str, Any] = {}  # every stamp uses the same font: cloned once
    for i, (sida, stampel) in enumerate(zip(sidor, stamplar, strict=True)):
        nyckel = str(stampel.raw_get("/Resources"))
        if nyckel not in resurser:
            resurser[nyckel] = writer._add_object(stampel["/Resources"].clone(writer))
        namn = f"/KallelseSida{forsta + i + 1}"
        _stampla(writer, sida, stampel, namn, spara, resurser[nyckel])


def _stream(writer: PdfWriter, data: bytes, **falt: Any) -> Any:
    from pypdf.generic import DecodedStreamObject, NameObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    for nyckel, varde in falt.items():
        stream[NameObject(nyckel)] = varde
    return writer._add_object(stream)


def _stampla(
    writer: PdfWriter, sida: PageObject, stampel: PageObject, namn: str, spara: Any, resurser: Any
) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    # The stamp's page as a form XObject.
    innehall = stampel.get_contents()
    box = sida.cropbox
    form = _stream(
        writer,
        innehall.get_data() if innehall is not None else b"",
        **{
            "/Type": NameObject("/XObject"),
            "/Subtype": NameObject("/Form"),
            "/BBox": ArrayObject(FloatObject(x) for x in (0, 0, box.width, box.height)),
            "/Resources": resurser,
        },
    )
    # A copied PDF's pages may share one resource dictionary: give this page its own.
    egna = DictionaryObject(sida.get("/Resources", DictionaryObject()).get_object())
    xobjekt = DictionaryObject(egna.get("/XObject", DictionaryObject()).get_object())
    xobjekt[NameObject(namn)] = form
    egna[NameObject("/XObject")] = xobjekt
    sida[NameObject("/Resources")] = egna
    # An artifact, not content: a screen reader skips it and PDF/UA-1 needs no tag for it.
    flytt = f"{float(box.left):.4f} {float(box.bottom):.4f}"
    rita = f"Q\n/Artifact BMC q 1 0 0 1 {flytt} cm {namn} Do Q EMC\n"
    gamla = sida.raw_get("/Contents") if "/Contents" in sida else None
    delar = [] if gamla is None else list(gamla.get_object()) if _ar_lista(gamla) else [gamla]
    sida[NameObject("/Contents")] = ArrayObject([spara, *delar, _stream(writer, rita.encode())])


def _ar_lista(varde: Any) -> bool:
    from pypdf.generic import ArrayObject

    return isinstance(varde.get_object(), ArrayObject)
