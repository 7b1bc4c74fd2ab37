"""Attaching documents from the command line, verifying them, and the handlingar bundle."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from kallelse_tui.cli import main
from kallelse_tui.store import Store

MEETING = "sjobacka-ks-2026-12-08"  # an utkast: Dnr KS/2020:226, KS 2020/434, 2026-000118


def text_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def underlag(demo_dir, nummer):
    with Store.open(demo_dir, readonly=True) as store:
        return store.meeting(MEETING).arenden[nummer - 1].beslutsunderlag


def test_attach_files_to_an_item(demo_dir, tmp_path, capsys):
    first = text_file(tmp_path, "Tjänsteskrivelse_avfallsplan.txt", "Förslag om avfallsplan.")
    second = text_file(tmp_path, "bilaga.md", "# Bilaga\nTabell över insamling.")
    assert (
        main(["attach", MEETING, "--item", "6", str(first), str(second), "--store", str(demo_dir)])
        == 0
    )
    out = capsys.readouterr().out
    assert "bifogad    Tjänsteskrivelse_avfallsplan.txt → ärende 6 (text)" in out
    docs = underlag(demo_dir, 6)
    assert [(d.titel, d.typ.value, d.textstatus.value) for d in docs] == [
        ("Tjänsteskrivelse avfallsplan", "tjänsteskrivelse", "text"),
        ("Bilaga", "bilaga", "text"),
    ]
    first.unlink()  # the store never depends on the original
    with Store.open(demo_dir, readonly=True) as store:
        assert (
            store.attachment_path(docs[0].sha256).read_bytes() == b"F\xc3\xb6rslag om avfallsplan."
        )
        assert "insamling" in store.attachment_text(docs[1].sha256)


def test_same_file_twice_is_stored_once(demo_dir, tmp_path):
    doc = text_file(tmp_path, "a.txt", "samma innehåll")
    copy = text_file(tmp_path, "b.txt", "samma innehåll")
    # Twice to one ärende is a slip (said, not attached); to two ärenden, stored once.
    assert (
        main(["attach", MEETING, "--item", "5", str(doc), str(copy), "--store", str(demo_dir)]) == 1
    )
    assert main(["attach", MEETING, "--item", "6", str(copy), "--store", str(demo_dir)]) == 0
    docs = [*underlag(demo_dir, 5), *underlag(demo_dir, 6)]
    assert [d.filnamn for d in docs].count("a.txt") == 1
    assert docs[-1].filnamn == "b.txt" and docs[-1].sha256 == docs[-2].sha256
    assert len(list((demo_dir / "bilagor").rglob(docs[0].sha256))) == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d, "mapp"),
        (lambda d: d / "saknas.pdf", "finns inte"),
        (lambda d: text_file(d, "tom.txt", ""), "tom"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_attached(demo_dir, tmp_path, capsys, make, message):
    good = text_file(tmp_path, "bra.txt", "innehåll")
    assert (
        main(
            [
                "attach",
                MEETING,
                "--item",
                "6",
                str(good),
                str(make(tmp_path)),
                "--store",
                str(demo_dir),
            ]
        )
        == 2
    )
    assert message in capsys.readouterr().err.lower()
    assert underlag(demo_dir, 6) == []


def test_attach_by_dnr_reports_matched_unmatched_and_ambiguous(demo_dir, tmp_path, capsys):
    folder = tmp_path / "handlingar"
    folder.mkdir()
    text_file(folder, "Yttrande KS 2020-226.txt", "Yttrande över detaljplanen.")
    text_file(folder, "tjanste.txt", "Tjänsteskrivelse\nDnr KS 2020/434\nAvfallsplan 2027–2032")
    text_file(folder, "okand.txt", "Ett brev utan diarienummer.")
    text_file(folder, "bada.txt", "Gäller KS 2020/434 och KS/2020:226.")
    assert main(["attach", MEETING, "--by-dnr", str(folder), "--store", str(demo_dir)]) == 1
    out = capsys.readouterr().out
    assert "bifogad    Yttrande KS 2020-226.txt → ärende 5" in out
    assert "bifogad    tjanste.txt → ärende 6" in out
    assert "ej bifogad  okand.txt" in out
    assert "ej bifogad  bada.txt" in out
    assert [d.filnamn for d in underlag(demo_dir, 5)] == ["Yttrande KS 2020-226.txt"]
    assert [d.filnamn for d in underlag(demo_dir, 6)] == ["tjanste.txt"]


def test_verify_finds_a_changed_attachment(demo_dir, tmp_path, capsys):
    assert main(["verify", "--store", str(demo_dir)]) == 0
    doc = text_file(tmp_path, "t.txt", "ursprunglig text")
    assert main(["attach", MEETING, "--item", "6", str(doc), "--store", str(demo_dir)]) == 0
    assert main(["verify", "--store", str(demo_dir)]) == 0
    capsys.readouterr()
    sha = underlag(demo_dir, 6)[0].sha256
    stored = demo_dir / "bilagor" / sha[:2] / sha
    stored.chmod(0o600)
    stored.write_bytes(b"Ursprunglig text")  # one byte changed
    assert main(["verify", "--store", str(demo_dir)]) == 1
    out = capsys.readouterr().out
    assert MEETING in out and "ärende 6" in out


def test_handlingar_bundle_from_the_command_line(demo_dir, tmp_path, capsys):
    doc = text_file(tmp_path, "Tjänsteskrivelse.txt", "Förslaget till avfallsplan i korthet.")
    assert main(["attach", MEETING, "--item", "6", str(doc), "--store", str(demo_dir)]) == 0
    target = tmp_path / "handlingar.pdf"
    assert (
        main(
            [
                "export",
                "handlingar",
                MEETING,
                "--format",
                "pdf",
                "-o",
                str(target),
                "--store",
                str(demo_dir),
            ]
        )
        == 0
    )
    reader = PdfReader(target)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Avfallsplan 2027–2032" in text and "Förslaget till avfallsplan i korthet." in text
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[0] == "Kallelse" and any(t.startswith("6. Avfallsplan") for t in titles)
    assert (
        main(
            [
                "export",
                "handlingar",
                MEETING,
                "--format",
                "docx",
                "-o",
                str(tmp_path / "h.docx"),
                "--store",
                str(demo_dir),
            ]
        )
        == 2
    )
