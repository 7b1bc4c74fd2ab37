"""Text extraction: every bad file gives a status, never an exception."""

from __future__ import annotations

import stat
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kallelse_tui.domain.dnr_match import forsta_sidan
from kallelse_tui.domain.model import TextStatus
from kallelse_tui.store.attachments import attachment_path, attachment_text, store_file, text_path
from kallelse_tui.store.extract import PAGE_BREAK, Extraction, extract_text, save_extraction

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def two_page_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import typst

    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "ts.typ"
    source.write_text(
        "Tjänsteskrivelse Dnr 2023-00463 102\n\nVal av ledamot i utskottet.\n"
        "#pagebreak()\nSida två: beslutet skickas till Akten för kännedom.\n",
        encoding="utf-8",
    )
    pdf = folder / "Tjänsteskrivelse.pdf"
    pdf.write_bytes(typst.compile(str(source)))
    return pdf


def blank_pdf(path: Path, pages: int = 1) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def test_pdf_text_and_page_count(two_page_pdf: Path) -> None:
    result = extract_text(two_page_pdf)
    assert result.status is TextStatus.TEXT
    assert result.sidor == 2
    assert "Dnr 2023-00463 102" in result.text
    assert "skickas till Akten" in result.text
    # Pages are split by a form feed, so the first page can be told apart.
    assert result.text.count(PAGE_BREAK) == 1
    first = forsta_sidan(result.text)
    assert "2023-00463" in first and "Akten" not in first


def test_pdf_without_text_layer_is_not_an_error(tmp_path: Path) -> None:
    result = extract_text(blank_pdf(tmp_path / "skannad.pdf", pages=3))
    assert result == Extraction("", TextStatus.UTAN_TEXT, 3)


def test_broken_pdf_is_fel_without_exception(tmp_path: Path, two_page_pdf: Path) -> None:
    truncated = tmp_path / "trasig.pdf"
    truncated.write_bytes(two_page_pdf.read_bytes()[:200])
    garbage = tmp_path / "skräp.pdf"
    garbage.write_bytes(b"detta ar ingen pdf alls \x00\x01\x02")
    for path in (truncated, garbage):
        result = extract_text(path)
        assert result.status is TextStatus.FEL, path
        assert result.text == ""
        assert result.orsak.endswith(".")


def test_password_protected_pdf_is_fel(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(blank_pdf(tmp_path / "öppen.pdf")))
    writer.encrypt(user_password="hemligt", owner_password="ägare", algorithm="RC4-128")
    locked = tmp_path / "låst.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    result = extract_text(locked)
    assert result.status is TextStatus.FEL
    assert "lösenordsskyddad" in result.orsak


def test_pdf_encrypted_only_against_editing_is_read(tmp_path: Path, two_page_pdf: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(two_page_pdf))
    writer.encrypt(user_password="", owner_password="ägare", algorithm="RC4-128")
    path = tmp_path / "skyddad.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    result = extract_text(path)
    assert result.status is TextStatus.TEXT and result.sidor == 2
    assert "2023-00463" in result.text


def make_docx(path: Path) -> Path:
    from docx import Document

    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Kommunstyrelsen   Dnr KS 2020/434"
    document.add_paragraph("Yttrande över detaljplan för Karlsborg")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Post"
    table.cell(0, 1).text = "Belopp"
    table.cell(0, 2).text = "Kommentar"
    table.cell(1, 0).text = "Friskvård"
    table.cell(1, 1).text = "1 383 tkr"
    merged = table.cell(1, 2).merge(table.cell(0, 2))
    merged.text = "Sammanslagen cell"
    document.add_paragraph("Efter tabellen.")
    document.save(str(path))
    return path


def test_docx_paragraphs_tables_and_header(tmp_path: Path) -> None:
    result = extract_text(make_docx(tmp_path / "yttrande.docx"))
    assert result.status is TextStatus.TEXT
    assert result.sidor == 0
    text = result.text
    for expected in [
        "Dnr KS 2020/434",
        "Yttrande över",
        "Friskvård",
        "1 383 tkr",
        "Efter tabellen",
    ]:
        assert expected in text
    assert text.count("Sammanslagen cell") == 1
    # Document order: header, paragraph, table, paragraph.
    assert text.index("KS 2020/434") < text.index("Yttrande") < text.index("Friskvård")
    assert text.index("Friskvård") < text.index("Efter tabellen")


def test_broken_docx_is_fel(tmp_path: Path) -> None:
    path = tmp_path / "trasig.docx"
    path.write_bytes(make_docx(tmp_path / "hel.docx").read_bytes()[:300])
    assert extract_text(path).status is TextStatus.FEL
    fake = tmp_path / "fel.docx"
    fake.write_text("ingen zip-fil", encoding="utf-8")
    assert extract_text(fake).status is TextStatus.FEL


def test_odt_text(tmp_path: Path) -> None:
    path = tmp_path / "motion.odt"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        "<office:text><text:h>Motion om skyddsrum</text:h>"
        "<text:p>Dnr 2023-00439 <text:span>103</text:span></text:p></office:text>"
        "</office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    result = extract_text(path)
    assert result.status is TextStatus.TEXT
    assert result.text == "Motion om skyddsrum\nDnr 2023-00439 103"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "Förslag till beslut: återremiss.\r\n".encode("cp1252"),
            "Förslag till beslut: återremiss.\n",
        ),
        ("Beslut – ”bifall” §".encode("cp1252"), "Beslut – ”bifall” §"),
        ("\ufeffUTF-8 med BOM: åäö".encode(), "UTF-8 med BOM: åäö"),
        ("Notepad: åäö".encode("utf-16"), "Notepad: åäö"),
        (b"\x81\x8d trasiga", "\ufffd\ufffd trasiga"),
    ],
)
def test_plain_text_encodings(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "anteckning.txt"
    path.write_bytes(data)
    assert extract_text(path) == Extraction(expected, TextStatus.TEXT)


def test_markdown_is_text(tmp_path: Path) -> None:
    path = tmp_path / "noter.md"
    path.write_text("# Rubrik\n\nDnr 2023-00497\n", encoding="utf-8")
    assert extract_text(path).text == "# Rubrik\n\nDnr 2023-00497\n"


@pytest.mark.parametrize("name", ["karta.png", "karta.PNG", "bild-utan-ändelse", "foto.jpg"])
def test_image_is_not_a_text_format(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PNG_1X1)
    assert extract_text(path) == Extraction("", TextStatus.EJ_TEXTFORMAT)


def test_spreadsheet_is_not_a_text_format(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert extract_text(path).status is TextStatus.EJ_TEXTFORMAT
    old = tmp_path / "gammal.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert extract_text(old).status is TextStatus.EJ_TEXTFORMAT


def test_missing_file_is_fel(tmp_path: Path) -> None:
    result = extract_text(tmp_path / "saknas.pdf")
    assert result.status is TextStatus.FEL and "saknas.pdf" in result.orsak


def test_the_stored_copy_without_extension_is_read_by_content(
    tmp_path: Path, two_page_pdf: Path
) -> None:
    root = tmp_path / "lager"
    root.mkdir()
    pdf = store_file(root, two_page_pdf)
    docx = store_file(root, make_docx(tmp_path / "y.docx"))
    text = store_file(root, _write(tmp_path / "t.txt", "Dnr 2020/434 åäö".encode("cp1252")))
    assert extract_text(attachment_path(root, pdf.sha256)).sidor == 2
    assert "KS 2020/434" in extract_text(attachment_path(root, docx.sha256)).text
    stored_text = attachment_path(root, text.sha256)
    assert extract_text(stored_text, filnamn="t.txt").text == "Dnr 2020/434 åäö"
    assert extract_text(stored_text).text == "Dnr 2020/434 åäö"


def test_save_extraction_writes_the_sidecar(tmp_path: Path, two_page_pdf: Path) -> None:
    root = tmp_path / "lager"
    root.mkdir()
    stored = store_file(root, two_page_pdf)
    result = extract_text(attachment_path(root, stored.sha256), filnamn=stored.filnamn)
    save_extraction(root, stored.sha256, result)
    assert attachment_text(root, stored.sha256) == result.text
    sidecar = text_path(root, stored.sha256)
    assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600
    # Saving again replaces it, leaving no temp or backup files.
    save_extraction(root, stored.sha256, Extraction("ny text", TextStatus.TEXT, 1))
    assert attachment_text(root, stored.sha256) == "ny text"
    assert sorted(p.name for p in sidecar.parent.iterdir()) == [stored.sha256, sidecar.name]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=400),
    st.sampled_from([".pdf", ".docx", ".odt", ".txt", ".png", "", ".xyz"]),
    st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xff\xfe"]),
)
def test_extract_never_raises(data: bytes, suffix: str, head: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fil{suffix}"
        path.write_bytes(head + data)
        result = extract_text(path)
    assert isinstance(result.status, TextStatus)
    assert (result.status is TextStatus.FEL) == bool(result.orsak)
