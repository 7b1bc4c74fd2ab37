"""An attachment's content as blocks a template typesets as a document: headings,
paragraphs of styled runs, lists (nested, bulleted or numbered), tables and code.

Markdown is parsed (markdown-it-py), DOCX read paragraph by paragraph with its styles
(python-docx), plain text and a PDF's text layer split into paragraphs and list items. No
markup ever reaches the page as text: "**fet**" is bold, "| a | b |" a table.

Every string goes through `rensa` (the public version masks personnummer there) after the
runs of a paragraph are joined, so a number split over two runs is still found; Word's
Symbol bullets and other private-use characters become real bullets, control characters
go.

A block is a dict: {"typ": "rubrik", "niva": 1–3, "text": runs}, {"typ": "stycke", "text":
runs}, {"typ": "lista", "ordnad": bool, "start": n, "punkter": [{"text": runs, "under":
lista | None}]}, {"typ": "tabell", "rader": [[runs, …], …], "huvud": bool}, {"typ": "kod",
"text": str}, {"typ": "linje"}; runs are [{"t": text, "b": bold, "i": italic}].
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

Block = dict[str, Any]
Run = dict[str, Any]
Rensa = Callable[[str], str]

# C0 controls but tab and newline, DEL and C1: typst would print them as boxes.
_STYRTECKEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Word writes list bullets in the Symbol and Wingdings fonts' private-use code points
# (U+F0B7 is Symbol's bullet); no font the bundle has draws them.
_PRIVAT = re.compile("[\ue000-\uf8ff]")
BULLET = "•"
# A token longer than this (a URL, a long number series) gets invisible break points, or
# typst would let it run off the page.
_LANGT_ORD = re.compile(r"\S{60,}")
_PUNKT = re.compile(r"^\s*(?:[-*•\u2013]|[\ue000-\uf8ff])\s+(?P<text>.*)$")
_NUMMER = re.compile(r"^\s*(?P<nr>\d{1,3})[.)]\s+(?P<text>.*)$")


def rena(text: str) -> str:
    """Text as it may be typeset: private-use bullets made real, controls dropped, long
    tokens given break points, tabs as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _PRIVAT.sub(BULLET, _STYRTECKEN.sub("", text))
    return _LANGT_ORD.sub(lambda m: "\u200b".join(re.findall(".{1,40}", m[0])), text)


def _runs(delar: list[tuple[str, bool, bool]], rensa: Rensa) -> list[Run]:
    """Styled runs, merged where the style is the same; when cleaning changes the joined
    text (a personnummer over two runs), one plain run of the cleaned text."""
    hel = "".join(t for t, _, _ in delar)
    ren = rensa(hel)
    if ren != hel:
        return [{"t": rena(ren), "b": False, "i": False}]
    ut: list[Run] = []
    for text, fet, kursiv in delar:
        if not text:
            continue
        if ut and ut[-1]["b"] == fet and ut[-1]["i"] == kursiv:
            ut[-1]["t"] += rena(text)
        else:
            ut.append({"t": rena(text), "b": fet, "i": kursiv})
    return ut


def _enkel(text: str, rensa: Rensa) -> list[Run]:
    return _runs([(text, False, False)], rensa)


# --- plain text and PDF text ------------------------------------------------------------


def text_block(text: str, rensa: Rensa, *, rad_ar_stycke: bool = False) -> list[Block]:
    """Plain text: paragraphs at blank lines (or one per line), single line breaks kept,
    lines beginning "- ", "• " or "1. " as list items."""
    text = rensa(text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n"))
    if rad_ar_stycke:
        stycken = [[rad] for rad in text.split("\n") if rad.strip()]
    else:
        delar = (s.strip("\n") for s in re.split(r"\n[ \t]*\n", text))
        stycken = [s.split("\n") for s in delar if s.strip()]
    return [b for rader in stycken for b in _stycke(rader)]


def _stycke(rader: list[str]) -> list[Block]:
    """One paragraph's lines: runs of list items become lists, the rest paragraphs."""
    block: list[Block] = []
    lista: Block | None = None
    rest: list[str] = []

    def tom_rest() -> None:
        if rest:
            block.append({"typ": "stycke", "text": _enkel("\n".join(rest), str)})
            rest.clear()

    for rad in rader:
        punkt, nummer = _PUNKT.match(rad), _NUMMER.match(rad)
        traff = punkt or nummer
        if traff is None:
            wrapped = lista is not None and lista["punkter"][-1]["text"]
            if lista is not None and wrapped and rad.startswith((" ", "\t")):  # a wrapped item
                lista["punkter"][-1]["text"][-1]["t"] += " " + rena(rad.strip())
                continue
            lista = None
            rest.append(rad)
            continue
        ordnad = nummer is not None
        if lista is None or lista["ordnad"] != ordnad:
            tom_rest()
            start = int(nummer["nr"]) if nummer else 1
            lista = {"typ": "lista", "ordnad": ordnad, "start": start, "punkter": []}
            block.append(lista)
        lista["punkter"].append({"text": _enkel(traff["text"], str), "under": None})
    tom_rest()
    return block


# --- Markdown ---------------------------------------------------------------------------


def markdown_block(text: str, rensa: Rensa) -> list[Block]:
    """CommonMark with tables, as blocks; raw HTML is printed as the text it is."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    block: list[Block] = []
    listor: list[Block] = []  # open lists, innermost last
    tabell: Block | None = None
    rubrik_niva = 0
    for tok in tokens:
        typ = tok.type
        if typ == "heading_open":
            rubrik_niva = min(int(tok.tag[1:]), 3)
        elif typ in ("bullet_list_open", "ordered_list_open"):
            ordnad = typ == "ordered_list_open"
            start = tok.attrGet("start")
            lista = {
                "typ": "lista",
                "ordnad": ordnad,
                "start": int(start) if start else 1,
                "punkter": [],
            }
            if listor and listor[-1]["punkter"]:
                listor[-1]["punkter"][-1]["under"] = lista
            else:
                block.append(lista)
            listor.append(lista)
        elif typ in ("bullet_list_close", "ordered_list_close"):
            listor.pop()
        elif typ == "list_item_open":
            listor[-1]["punkter"].append({"text": [], "under": None})
        elif typ == "table_open":
            tabell = {"typ": "tabell", "rader": [], "huvud": False}
            block.append(tabell)
        elif typ == "table_close":
            tabell = None
        elif typ == "thead_open" and tabell is not None:
            tabell["huvud"] = True
        elif typ == "tr_open" and tabell is not None:
            tabell["rader"].append([])
        elif typ in ("fence", "code_block"):
            block.append({"typ": "kod", "text": rena(rensa(tok.content.rstrip("\n")))})
        elif typ == "html_block":
            block.append({"typ": "stycke", "text": _enkel(tok.content.strip(), rensa)})
        elif typ == "inline":
            runs = _runs(_inline(tok.children or []), rensa)
            if tabell is not None and tabell["rader"]:
                tabell["rader"][-1].append(runs)
            elif rubrik_niva:
                block.append({"typ": "rubrik", "niva": rubrik_niva, "text": runs})
            elif listor and listor[-1]["punkter"]:
                punkt = listor[-1]["punkter"][-1]
                if punkt["text"]:  # a second paragraph in the item: a line break
                    punkt["text"].append({"t": "\n", "b": False, "i": False})
                punkt["text"].extend(runs)
            else:
                block.append({"typ": "stycke", "text": runs})
        elif typ == "heading_close":
            rubrik_niva = 0
        elif typ == "hr":
            block.append({"typ": "linje"})
    return jamna(block)


def _inline(children: list[Any]) -> list[tuple[str, bool, bool]]:
    delar: list[tuple[str, bool, bool]] = []
    fet = kursiv = 0
    for c in children:
        if c.type == "strong_open":
            fet += 1
        elif c.type == "strong_close":
            fet -= 1
        elif c.type == "em_open":
            kursiv += 1
        elif c.type == "em_close":
            kursiv -= 1
        elif c.type in ("text", "code_inline", "html_inline"):
            delar.append((c.content, fet > 0, kursiv > 0))
        elif c.type == "softbreak":
            delar.append((" ", fet > 0, kursiv > 0))
        elif c.type == "hardbreak":
            delar.append(("\n", fet > 0, kursiv > 0))
        elif c.type == "image":
            delar.append((c.content or "", fet > 0, kursiv > 0))
    return delar


# --- DOCX -------------------------------------------------------------------------------

_RUBRIKSTIL = re.compile(r"^(?:heading|rubrik)\s*(?P<niva>\d)$", re.IGNORECASE)


def docx_block(path: Path, rensa: Rensa) -> list[Block]:
    """A Word document's paragraphs and tables in order, with heading and list styles."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(str(path))
    numrering = _numreringar(doc)
    block: list[Block] = []
    lista: Block | None = None
    for element in doc.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            lista = None
            tabell = Table(element, doc)
            rader = [
                [_enkel(cell.text, rensa) for cell in _unika(rad.cells)] for rad in tabell.rows
            ]
            if rader:
                block.append({"typ": "tabell", "rader": rader, "huvud": True})
            continue
        if tag != "p":
            continue
        p = Paragraph(element, doc)
        delar = [(r.text, bool(r.bold), bool(r.italic)) for r in p.runs]
        text = "".join(t for t, _, _ in delar)
        if not text.strip():
            continue
        stil = (p.style.name if p.style is not None else "") or ""
        if (m := _RUBRIKSTIL.match(stil)) or stil.lower() in ("title", "rubrik"):
            lista = None
            niva = min(int(m["niva"]), 3) if m else 1
            block.append({"typ": "rubrik", "niva": niva, "text": _runs(delar, rensa)})
            continue
        num_pr = element.find(".//" + _w("numPr"))
        punkt = _PUNKT.match(text)
        if num_pr is not None or "list" in stil.lower() or punkt:
            if punkt and num_pr is None:  # a bullet typed as a character: drop it
                delar = [(punkt["text"], False, False)]
            ordnad = _numrerad(num_pr, numrering) or any(
                ord_ in stil.lower() for ord_ in ("number", "nummer")
            )
            if lista is None or lista["ordnad"] != ordnad:
                lista = {"typ": "lista", "ordnad": ordnad, "start": 1, "punkter": []}
                block.append(lista)
            lista["punkter"].append({"text": _runs(delar, rensa), "under": None})
            continue
        lista = None
        block.append({"typ": "stycke", "text": _runs(delar, rensa)})
    return jamna(block)


def _numreringar(doc: Any) -> dict[str, str]:
    """numId → the number format of its first level ("bullet", "decimal" …), from the
    document's numbering part; empty when it has none."""
    try:
        rot = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstrakta = {
        a.get(_w("abstractNumId")): a.find(f".//{_w('lvl')}/{_w('numFmt')}")
        for a in rot.findall(_w("abstractNum"))
    }
    ut = {}
    for num in rot.findall(_w("num")):
        ref = num.find(_w("abstractNumId"))
        fmt = abstrakta.get(ref.get(_w("val")) if ref is not None else None)
        if fmt is not None:
            ut[num.get(_w("numId"))] = fmt.get(_w("val"), "")
    return ut


def _numrerad(num_pr: Any, numrering: dict[str, str]) -> bool:
    """Whether Word numbers this list paragraph (1., a) …) rather than bulleting it."""
    if num_pr is None:
        return False
    num_id = num_pr.find(_w("numId"))
    fmt = numrering.get(num_id.get(_w("val")) if num_id is not None else "", "bullet")
    return fmt not in ("bullet", "none", "")


def _w(namn: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + namn


def _unika(celler: Any) -> list[Any]:
    """A merged cell appears once per grid column it spans in python-docx: keep one."""
    ut: list[Any] = []
    for cell in celler:
        if not ut or cell._tc is not ut[-1]._tc:
            ut.append(cell)
    return ut


def jamna(block: list[Block]) -> list[Block]:
    """Every table row as wide as the widest (Markdown and Word rows may be ragged), and
    no empty table."""
    ut = []
    for b in block:
        if b["typ"] == "tabell":
            bredd = max((len(r) for r in b["rader"]), default=0)
            if not bredd:
                continue
            b["rader"] = [r + [[]] * (bredd - len(r)) for r in b["rader"]]
        ut.append(b)
    return ut
