"""An attachment's content as blocks: Markdown, plain text and Word typeset as documents,
never as raw markup, with personnummer cleaned across styled runs."""

from __future__ import annotations

from pathlib import Path

from kallelse_tui.export.dokumenttext import (
    BULLET,
    docx_block,
    markdown_block,
    rena,
    text_block,
)


def texter(runs) -> str:
    return "".join(r["t"] for r in runs)


def maska(text: str) -> str:
    return text.replace("811218-9876", "ÅÅMMDD-XXXX")


def test_markdown_becomes_headings_lists_and_tables():
    block = markdown_block(
        "# Rubrik\n\nText **fet**.\n\n- a\n  - b\n\n3. tre\n4. fyra\n\n"
        "| A | B |\n|---|---|\n| 1 |\n",
        str,
    )
    assert [b["typ"] for b in block] == ["rubrik", "stycke", "lista", "lista", "tabell"]
    assert block[1]["text"] == [
        {"t": "Text ", "b": False, "i": False},
        {"t": "fet", "b": True, "i": False},
        {"t": ".", "b": False, "i": False},
    ]
    assert texter(block[2]["punkter"][0]["under"]["punkter"][0]["text"]) == "b"
    assert block[3]["ordnad"] and block[3]["start"] == 3
    assert [[texter(c) for c in rad] for rad in block[4]["rader"]] == [["A", "B"], ["1", ""]]


def test_a_personnummer_split_over_two_styled_runs_is_still_cleaned():
    block = markdown_block("Sökande **811218**-9876.", maska)
    assert texter(block[0]["text"]) == "Sökande ÅÅMMDD-XXXX."


def test_private_use_bullets_become_real_ones_and_controls_go():
    assert rena("\uf0b7 punkt\x07\uf0a7") == f"{BULLET} punkt{BULLET}"
    block = text_block("Inledning\n\n\uf0b7\tett\n\uf0b7\ttvå\n1. första", str)
    assert block[1]["typ"] == "lista" and not block[1]["ordnad"]
    assert [texter(p["text"]) for p in block[1]["punkter"]] == ["ett", "två"]
    assert block[2]["ordnad"]


def test_word_numbering_decides_numbered_or_bulleted(tmp_path: Path):
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    numrering = doc.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numrering.append(
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90"><w:lvl w:ilvl="0">'
            '<w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
        )
    )
    numrering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text in ("första", "andra"):
        p = doc.add_paragraph(text, style="List Paragraph")
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
        )
    doc.add_paragraph("\uf0b7\tsymbolpunkt")
    path = tmp_path / "n.docx"
    doc.save(str(path))
    block = docx_block(path, str)
    assert block[0]["ordnad"] and [texter(p["text"]) for p in block[0]["punkter"]] == [
        "första",
        "andra",
    ]
    assert not block[1]["ordnad"] and texter(block[1]["punkter"][0]["text"]) == "symbolpunkt"
