"""The structure tree of a PDF assembled from parts (the handlingar bundle), and its claim
to be PDF/A-2a and PDF/UA-1.

pypdf copies pages, not the tags that say what is a heading, a table or a paragraph. The
`Struktur` carries each tagged part's tree over as one Part under the bundle's Document:
its elements point at the copied pages, the page and annotation keys of its parent tree
are moved past those of the parts before it, and its element IDs (table header cells
name theirs) get a prefix of their own so two parts cannot clash.

The bundle claims the standards (`metadata`) only when every page is typeset here,
each part checked by typst: a copied attachment is someone else's PDF, which may be an
untagged scan or break PDF/A in ways nothing here can see.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject

SPRAK = "sv-SE"
_DC_TITEL = re.compile(rb"(<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>)(.*?)(</rdf:li>)", re.DOTALL)
# The XMP properties that claim PDF/A or PDF/UA conformance.
_ANSPRAK = re.compile(rb"<(pdfu?aid:\w+)>[^<]*</\1>")


def ar_taggad(reader: PdfReader) -> bool:
    """Does the PDF have a structure tree that says it is tagged?"""
    rot = reader.root_object
    markering = rot.get("/MarkInfo")
    markerad = markering is not None and bool(_obj(markering).get("/Marked", False))
    return markerad and "/StructTreeRoot" in rot


def gor_ansprak(reader: PdfReader) -> bool:
    """Does the PDF claim both PDF/A-2 and PDF/UA-1 in its XMP?"""
    metadata = reader.root_object.get("/Metadata")
    xmp = _obj(metadata).get_data() if metadata is not None else b""
    return b"<pdfaid:part>2<" in xmp and b"<pdfuaid:part>1<" in xmp


def ar_skannad(reader: PdfReader) -> bool:
    """A scan: no page uses a font, so there is no text at all (the pages are images)."""
    for sida in reader.pages:
        resurser = sida.get("/Resources")
        if resurser is not None and "/Font" in _obj(resurser):
            return False
    return True


class Struktur:
    """The bundle's StructTreeRoot with one Document, filled part by part."""

    def __init__(self, writer: PdfWriter) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

        self.writer = writer
        self.nycklar: list[Any] = []  # the parent tree's /Nums, flat
        self.nasta = 0  # the next free parent tree key
        self.id: list[tuple[str, Any]] = []  # (ID, element) for the IDTree
        self.rollkarta = DictionaryObject()
        self.delar = 0
        self.rot = writer._add_object(
            DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        )
        self.dokument = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject("/Document"),
                    NameObject("/P"): self.rot,
                    NameObject("/K"): ArrayObject(),
                }
            )
        )
        rot = _obj(self.rot)
        rot[NameObject("/K")] = self.dokument
        rot[NameObject("/ParentTreeNextKey")] = NumberObject(0)

    def lagg_till(self, reader: PdfReader, forsta: int, *, framst: bool = False) -> bool:
        """Carry the tags of `reader`, whose pages were just appended to the writer from
        page index `forsta` on, into the bundle; `framst` puts them before the others
        (the kallelse, merged last but read first). False, with nothing added, when the
        part is untagged or its tree cannot be carried over."""
        if not ar_taggad(reader):
            return False
        try:
            del_ = _Del(self, reader, forsta)
        except Exception:  # a foreign PDF's tree may be broken in any way: untagged then
            return False
        del_.fast(framst)
        return True

    def bilder(self, sidor: list[Any], alt: list[str]) -> None:
        """Tag each of `sidor` (pages just appended, images only: a scan) as one Figure with
        its alternative text, so a screen reader says what the page is instead of nothing."""
        from pypdf.generic import (
            ArrayObject,
            DecodedStreamObject,
            DictionaryObject,
            NameObject,
            NumberObject,
            TextStringObject,
        )

        writer = self.writer
        for sida, text in zip(sidor, alt, strict=True):
            figur = writer._add_object(
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/StructElem"),
                        NameObject("/S"): NameObject("/Figure"),
                        NameObject("/P"): self.dokument,
                        NameObject("/Pg"): sida.indirect_reference,
                        NameObject("/K"): NumberObject(0),
                        NameObject("/Alt"): TextStringObject(text),
                    }
                )
            )
            _obj(self.dokument)["/K"].append(figur)
            self.nycklar += [NumberObject(self.nasta), ArrayObject([figur])]
            sida[NameObject("/StructParents")] = NumberObject(self.nasta)
            sida[NameObject("/Tabs")] = NameObject("/S")
            self.nasta += 1
            # The page's content, as it is, becomes the Figure's marked content 0.
            delar = []
            for data in (b"/Figure <</MCID 0>> BDC\n", b"\nEMC\n"):
                stream = DecodedStreamObject()
                stream.set_data(data)
                delar.append(writer._add_object(stream))
            gamla = sida.raw_get("/Contents") if "/Contents" in sida else None
            innehall = [] if gamla is None else list(_obj(gamla)) if _ar_lista(gamla) else [gamla]
            sida[NameObject("/Contents")] = ArrayObject([delar[0], *innehall, delar[1]])

    def skriv(self) -> None:
        """Hang the tree on the catalog: StructTreeRoot, MarkInfo, Lang."""
        from pypdf.generic import (
            ArrayObject,
            BooleanObject,
            DictionaryObject,
            NameObject,
            NumberObject,
            TextStringObject,
        )

        writer, rot = self.writer, _obj(self.rot)
        rot[NameObject("/ParentTree")] = writer._add_object(
            DictionaryObject({NameObject("/Nums"): ArrayObject(self.nycklar)})
        )
        rot[NameObject("/ParentTreeNextKey")] = NumberObject(self.nasta)
        if self.rollkarta:
            rot[NameObject("/RoleMap")] = self.rollkarta
        if self.id:
            namn: list[Any] = []
            for nyckel, element in sorted(self.id, key=lambda x: x[0].encode()):
                namn += [TextStringObject(nyckel), element]
            rot[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): ArrayObject(namn)})
        catalog = writer.root_object
        catalog[NameObject("/StructTreeRoot")] = self.rot
        catalog[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )
        catalog[NameObject("/Lang")] = TextStringObject(SPRAK)


class _Del:
    """One part's tree, cloned into the writer and renumbered; `fast` makes it a Part of
    the bundle's Document only once all of it has been carried over."""

    def __init__(self, struktur: Struktur, reader: PdfReader, forsta: int) -> None:
        from pypdf.generic import NameObject, NumberObject

        self.struktur = struktur
        writer = struktur.writer
        kalla = _obj(reader.root_object["/StructTreeRoot"])
        self.forskjut = struktur.nasta
        self.prefix = f"D{struktur.delar + 1}-"
        # The part's top elements; /P is left behind, each is hung on the bundle below.
        kids = kalla.raw_get("/K") if "/K" in kalla else None
        kids = [] if kids is None else list(_obj(kids)) if _ar_lista(kids) else [kids]
        if not all(_ar_element(k) for k in kids):
            raise ValueError("the structure tree's top is not a list of elements")
        self.element = [k.clone(writer, ignore_fields=[1, "/P"]) for k in kids]
        # The page and annotation keys: the copied pages lost /StructParents in the copy.
        self.nycklar: list[Any] = []
        hogsta = -1
        for nyckel, varde in _tal_trad(kalla.get("/ParentTree")):
            self.nycklar += [NumberObject(nyckel + self.forskjut), varde.clone(writer)]
            hogsta = max(hogsta, nyckel)
        sidor = list(writer.pages)
        delens: list[Any] = list(reader.pages)
        for i, sida in enumerate(delens):
            if "/StructParents" in sida:
                ny = sidor[forsta + i]
                ny[NameObject("/StructParents")] = NumberObject(
                    int(sida["/StructParents"]) + self.forskjut
                )
            for annot in _annots(sidor[forsta + i]):
                if "/StructParent" in annot:
                    annot[NameObject("/StructParent")] = NumberObject(
                        int(annot["/StructParent"]) + self.forskjut
                    )
        self.storsta = max(hogsta + 1, int(kalla.get("/ParentTreeNextKey", 0)))
        self.id: list[tuple[str, Any]] = []
        for element in self.element:
            self._byt_id(element)
        roller = kalla.get("/RoleMap")
        self.roller = {} if roller is None else dict(_obj(roller))

    def _byt_id(self, ref: Any) -> None:
        """Prefix the IDs of the element under `ref` and its kids, and the header cells
        their attributes name."""
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

        stack = [ref]
        sedda: set[int] = set()
        while stack:
            ref = stack.pop()
            element = _obj(ref)
            if not isinstance(element, DictionaryObject) or "/S" not in element:
                continue
            if id(element) in sedda:
                continue
            sedda.add(id(element))
            if "/ID" in element:
                ny = self.prefix + _text(element["/ID"])
                element[NameObject("/ID")] = TextStringObject(ny)
                self.id.append((ny, element.indirect_reference or ref))
            attribut = element.get("/A")
            if attribut is not None:
                attribut = _obj(attribut)
                for ref_a in attribut if isinstance(attribut, ArrayObject) else [attribut]:
                    a = _obj(ref_a)
                    if isinstance(a, DictionaryObject) and "/Headers" in a:
                        a[NameObject("/Headers")] = ArrayObject(
                            TextStringObject(self.prefix + _text(h)) for h in _obj(a["/Headers"])
                        )
            kids = element.get("/K")
            if kids is not None:
                stack += list(kids) if isinstance(kids, ArrayObject) else [kids]

    def fast(self, framst: bool) -> None:
        from pypdf.generic import NameObject

        struktur = self.struktur
        dokument = _obj(struktur.dokument)
        for ref in self.element:
            element = _obj(ref)
            if isinstance(element, dict) and element.get("/S") == "/Document":
                element[NameObject("/S")] = NameObject("/Part")  # one Document per file
            element[NameObject("/P")] = struktur.dokument
            ref_ = element.indirect_reference or ref
            if framst:
                dokument["/K"].insert(self.element.index(ref), ref_)
            else:
                dokument["/K"].append(ref_)
        struktur.nycklar += self.nycklar
        struktur.nasta = self.forskjut + self.storsta
        struktur.id += self.id
        struktur.delar += 1
        for roll, standard in self.roller.items():
            struktur.rollkarta.setdefault(NameObject(roll), standard)


def _obj(ref: Any) -> Any:
    """The object behind a reference, typed loosely: pypdf's own types say little."""
    return ref.get_object()


def _ar_lista(ref: Any) -> bool:
    from pypdf.generic import ArrayObject

    return isinstance(_obj(ref), ArrayObject)


def _ar_element(ref: Any) -> bool:
    from pypdf.generic import DictionaryObject, IndirectObject

    return isinstance(ref, IndirectObject) and isinstance(_obj(ref), DictionaryObject)


def _annots(sida: DictionaryObject) -> list[Any]:
    annots = sida.get("/Annots")
    return [] if annots is None else [_obj(a) for a in _obj(annots)]


def _tal_trad(nod: Any) -> list[tuple[int, Any]]:
    """A number tree's (key, value) pairs, from /Nums and /Kids alike."""
    if nod is None:
        return []
    nod = _obj(nod)
    par: list[tuple[int, Any]] = []
    nums = nod.get("/Nums")
    if nums is not None:
        nums = list(_obj(nums))
        par += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in nod.get("/Kids", []) or []:
        par += _tal_trad(kid)
    return par


def _text(varde: Any) -> str:
    return varde.decode("latin-1") if isinstance(varde, bytes) else str(varde)


def metadata(writer: PdfWriter, kalla: PdfReader, titel: str, *, standarder: bool) -> None:
    """Give the bundle the XMP and output intent of `kalla`, a part typst made to PDF/A-2a
    and PDF/UA-1 (the kallelse), with `titel` for its title: title, author and language in
    the XMP, where PDF/UA looks for them. Only with `standarder` does the bundle keep the
    claim to both (pdfaid, pdfuaid). The document information dictionary says the same as
    the XMP, as PDF/A requires: pypdf's own /Producer would contradict it, so it goes."""
    from pypdf.generic import NameObject

    rot = kalla.root_object
    if "/Metadata" not in rot:  # typst always writes one; without it there is nothing to copy
        writer.add_metadata({"/Title": titel})
        return
    kallans = _obj(rot["/Metadata"])
    xmp = _DC_TITEL.sub(
        lambda m: m[1] + escape(titel, quote=False).encode() + m[3], kallans.get_data(), count=1
    )
    if not standarder:
        xmp = _ANSPRAK.sub(b"", xmp)
    ny = kallans.clone(writer)
    ny.set_data(xmp)
    writer.root_object[NameObject("/Metadata")] = ny.indirect_reference
    if "/OutputIntents" in rot:
        writer.root_object[NameObject("/OutputIntents")] = rot["/OutputIntents"].clone(writer)
    info = {k: v for k, v in (kalla.metadata or {}).items() if k != "/Producer"}
    writer.metadata = {**info, "/Title": titel}
    writer.generate_file_identifiers()
