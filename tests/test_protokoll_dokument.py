"""The protokoll as a kommun publishes it (issue 10 points 1, 2, 3, 5, 6 and 13): the first
page, the ANSLAG/BEVIS box, the state on every page, the omedelbar justering under its §,
the förslag to another organ, the utdrag, the meeting's end time and ajourneringar typed in
meeting mode, and the golden text of the demo's justerat protokoll. Every check reads the
exported document back."""

from __future__ import annotations

import re
import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from kallelse_tui.cli import main
from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.domain.model import Ajournering, OvrigNarvarande, Utfall
from kallelse_tui.domain.motestider import kontrollera_tider, las_ajourneringar, tid_text
from kallelse_tui.export.protokoll import FORMAT, export_protokoll, paragrafspann, protokoll_data
from kallelse_tui.export.utdrag import export_utdrag, utdrag_data
from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.sammantrade_screen import SammantradeScreen
from kallelse_tui.tui.tider_form import TiderForm
from tests.conftest import mote_och_organ
from tests.test_export_protokoll import lasbar
from tests.test_tui_sammantrade import SIZE, TODAY, new_ks_meeting, read

KS = "norrvik-ks-2026-10-19"  # justerat 2026-10-23, not yet anslaget
SKS = "sjobacka-ks-2026-09-29"  # justerat 2026-10-01, anslaget 2026-10-02
KSAU = "norrvik-ksau-2026-11-09"  # protokoll klart, not justerat
SBN = "sjobacka-sbn-2026-11-17"  # not justerat; § 107 omedelbart justerad
GOLDEN = Path(__file__).resolve().parent / "golden" / "protokoll-norrvik-ks-2026-10-19.txt"


def i_ordning(path: Path) -> str:
    """What a reader sees, in reading order: for DOCX the body's paragraphs, those in
    tables included, as they come (python-docx lists tables apart from paragraphs)."""
    if path.suffix != ".docx":
        return lasbar(path)
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    stycken = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    return " ".join(" ".join(stycken).split())


def alla_format(mote, organ, mapp: Path, namn: str = "protokoll") -> dict[str, str]:
    return {
        fmt: i_ordning(export_protokoll(mote, organ, fmt, mapp / f"{namn}.{fmt}")) for fmt in FORMAT
    }


def pdf_sidor(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def forsta_sidan(text: str) -> str:
    """The first page's people: from "Plats och tid" (after the header, which names who
    justerade) to the ANSLAG/BEVIS box, in every format."""
    return text.split("Plats och tid", 1)[1].split("ANSLAG/BEVIS", 1)[0]


# -- point 1: the first page ------------------------------------------------------------


def test_plats_och_tid_has_start_end_and_ajournering(store, ut):
    mote, organ = mote_och_organ(store, KS)
    for fmt, text in alla_format(mote, organ, ut).items():
        assert (
            "Kommunhuset, Sessionssalen, måndagen den 19 oktober 2026 kl 09:00–11:45, "
            "ajournering 10:15–10:30" in text
        ), fmt
    mote.ajourneringar.append(Ajournering(time(11, 0), time(11, 10)))
    assert tid_text(mote) == "kl 09:00–11:45, ajourneringar 10:15–10:30 och 11:00–11:10"
    mote.sluttid, mote.ajourneringar = None, []
    assert tid_text(mote) == "kl 09:00"


def test_meeting_times_are_checked():
    assert las_ajourneringar("10.15–10.30\n\n11:00 - 11:10\n11.40") == [
        Ajournering(time(10, 15), time(10, 30)),
        Ajournering(time(11, 0), time(11, 10)),
        Ajournering(time(11, 40)),
    ]
    with pytest.raises(ValidationError, match="Ajournering 2"):
        las_ajourneringar("10.15–10.30\nefter lunch")
    start, slut = time(9), time(11, 45)
    fel = {
        "sluttid": (time(8, 30), []),
        "ajourneringar": (slut, [Ajournering(time(10, 30), time(10, 15))]),
    }
    for falt, (s, a) in fel.items():
        with pytest.raises(ValidationError) as exc:
            kontrollera_tider(start, s, a)
        assert exc.value.field == falt
    for utanfor in (Ajournering(time(8), time(9, 30)), Ajournering(time(11, 30), time(12))):
        with pytest.raises(ValidationError, match="utanför"):
            kontrollera_tider(start, slut, [utanfor])
    with pytest.raises(ValidationError, match="överlappar"):
        kontrollera_tider(
            start, slut, [Ajournering(time(10), time(10, 30)), Ajournering(time(10, 20))]
        )
    kontrollera_tider(start, slut, [Ajournering(time(10, 15), time(10, 30))])


def test_only_the_elected_justerare_are_named_and_each_signs_once(store, ut):
    mote, organ = mote_och_organ(store, KS)
    assert mote.justering is not None
    assert mote.justering.justerare == ["l1", "l3"]  # the chair recorded too: not listed
    data = protokoll_data(mote, organ, False)
    assert data["justerare"] == ["Sofia Nilsson (C)"]
    assert [(u["roll"], u["namn"]) for u in data["underskrifter"]] == [
        ("Sekreterare", "Johanna Sträng"),
        ("Ordförande", "Anna-Karin Lund (S)"),
        ("Justerande", "Sofia Nilsson (C)"),
    ]
    txt = export_protokoll(mote, organ, "txt", ut / "p.txt").read_text()
    assert "Utses att justera\n  Sofia Nilsson (C)\n" in txt
    assert "Justeringens plats och tid\n  Kommunhuset, 2026-10-23 kl 10:00\n" in txt


def test_no_person_is_listed_twice_on_the_first_page(store, ut):
    mote, organ = mote_och_organ(store, KS)
    # A member typed again under övriga, and an övrig typed twice.
    mote.ovriga_narvarande += [
        OvrigNarvarande("Ahmed Karimi", "ersättare"),
        OvrigNarvarande("Lars  Wennberg", "kommundirektör"),
    ]
    for fmt, text in alla_format(mote, organ, ut).items():
        sida = forsta_sidan(text)
        for namn in ("Kerstin Öhman", "Ahmed Karimi", "Lars Wennberg", "Malin Rönnqvist"):
            assert sida.count(namn) == 1, (fmt, namn)
        assert sida.count("Sofia Nilsson") == 3, fmt  # beslutande, utses att justera, signs


def test_pdf_first_page_holds_the_signatures_and_the_anslag_box(store, ut):
    mote, organ = mote_och_organ(store, KS)
    forsta = pdf_sidor(export_protokoll(mote, organ, "pdf", ut / "p.pdf"))[0]
    ordning = [
        "Plats och tid",
        "Beslutande",
        "Övriga närvarande",
        "Utses att justera Sofia Nilsson (C)",
        "Justeringens plats och tid",
        "Paragrafer §§ 171–181",
        "Sekreterare Johanna Sträng",
        "Ordförande Anna-Karin Lund (S)",
        "Justerande Sofia Nilsson (C)",
        "ANSLAG/BEVIS",
    ]
    platser = [forsta.find(bit) for bit in ordning]
    assert -1 not in platser and platser == sorted(platser), dict(
        zip(ordning, platser, strict=True)
    )
    assert "Kommunstyrelsens beslut" not in forsta


# -- point 2: ANSLAG/BEVIS --------------------------------------------------------------


def test_anslag_box_is_filled_from_the_registered_anslag_in_every_format(store, ut):
    mote, organ = mote_och_organ(store, SKS)
    assert mote.anslag is not None and mote.anslag.uppsatt == date(2026, 10, 2)
    rader = [
        ("Organ", "Kommunstyrelsen"),
        ("Sammanträdesdatum", "2026-09-29"),
        ("Datum då anslaget sätts upp", "2026-10-02"),
        ("Datum då anslaget tas ned", "2026-10-24"),
        ("Förvaringsplats för protokollet", "Kommunledningskontoret, Stadshuset"),
    ]
    texter = alla_format(mote, organ, ut)
    texter["pdf"] = pdf_sidor(ut / "protokoll.pdf")[0]
    for fmt, text in texter.items():
        platt = " ".join(text.replace("*", "").split())
        box = platt[platt.index("ANSLAG/BEVIS") :]
        assert "Protokollet är justerat. Justeringen har tillkännagivits genom anslag." in box
        for etikett, varde in rader:
            assert re.search(rf"{etikett}:? {re.escape(varde)}", box), (fmt, etikett)
        # Signed by the official the organ register names, not the secretary.
        assert re.search(r"Underskrift:? [_\\ ]*Petra Holmberg", box), fmt


def test_anslag_box_has_empty_lines_before_the_anslag_and_the_secretary_signs(store, ut):
    for mote_id, datum in ((KSAU, "2026-11-09"), (KS, "2026-10-19")):
        mote, organ = mote_och_organ(store, mote_id)
        assert mote.anslag is None and organ.anslag_av == ""  # the secretary posts it
        data = protokoll_data(mote, organ, False)["anslag"]
        assert [r["varde"] for r in data["rader"]] == [organ.namn, datum, "", "", ""]
        assert data["underskrift"] == "Johanna Sträng"
    txt = export_protokoll(mote, organ, "txt", ut / "p.txt").read_text()
    assert re.search(r"^Datum då anslaget sätts upp +_{10,}$", txt, re.M)
    doc = lasbar(export_protokoll(mote, organ, "docx", ut / "p.docx"))
    assert re.search(r"Datum då anslaget tas ned _{10,}", doc)


# -- point 3: the state on every page ---------------------------------------------------


def test_every_page_says_ej_justerat_until_justerat(store, ut):
    for mote_id, tillstand, av in (
        (KSAU, "Ej justerat", ""),
        (KS, "Justerat 2026-10-23", "av Anna-Karin Lund (S) och Sofia Nilsson (C)"),
    ):
        mote, organ = mote_och_organ(store, mote_id)
        texter = alla_format(mote, organ, ut, mote_id)
        sidor = pdf_sidor(ut / f"{mote_id}.pdf")
        assert len(sidor) >= 2
        for i, sida in enumerate(sidor, 1):
            assert tillstand in sida, (mote_id, i)
        for fmt in ("html", "md", "txt"):
            huvud = texter[fmt][: texter[fmt].index("Plats och tid")]
            assert f"{tillstand} {av}".strip() in " ".join(huvud.replace("*", "").split()), fmt
        with zipfile.ZipFile(ut / f"{mote_id}.docx") as z:
            huvuden = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
        assert len(huvuden) >= 2 and all(tillstand in h for h in huvuden), mote_id
        assert ("Ej justerat" in texter["txt"]) is (tillstand == "Ej justerat")


def test_omedelbart_justerad_paragraf_carries_its_own_justering(store, ut):
    mote, organ = mote_och_organ(store, SBN)
    for fmt, text in alla_format(mote, organ, ut).items():
        platt = " ".join(text.replace("*", "").split())
        paragraf = platt[platt.index("§ 107") :]
        block = paragraf[paragraf.index("Paragrafen förklaras omedelbart justerad") :]
        assert block.startswith("Paragrafen förklaras omedelbart justerad. 2026-11-17"), fmt
        assert re.search(r"Ordförande:? [_\\ ]*Karl Dahlberg \(C\)", block), fmt
        assert re.search(r"Justerande:? [_\\ ]*Sara Blom \(S\)", block), fmt
        # Only § 107 has one: the other §§ are justerade with the protokoll.
        assert platt.count("Paragrafen förklaras omedelbart justerad") == 1, fmt


# -- point 5: a förslag to another organ ------------------------------------------------


def test_paragraf_proposing_to_fullmaktige_is_a_forslag_not_a_beslut(store, ut):
    mote, organ = mote_och_organ(store, KS)
    data = protokoll_data(mote, organ, False)
    rubriker = {p["nummer"]: [a["rubrik"] for a in p["avsnitt"]] for p in data["paragrafer"]}
    for nummer in (177, 178, 179):
        assert rubriker[nummer][0] == "Kommunstyrelsens förslag till kommunfullmäktige", nummer
    assert rubriker[176][0] == "Kommunstyrelsens beslut"
    # The förslag the yrkanden refer to comes before the behandling.
    assert rubriker[176].index("Arbetsutskottets förslag") < rubriker[176].index("Behandling")
    forslag = next(
        a for a in data["paragrafer"][5]["avsnitt"] if a["rubrik"] == "Arbetsutskottets förslag"
    )
    assert forslag["stycken"][0].startswith("1. Kommunstyrelsen fastställer fördelningen")
    for fmt, text in alla_format(mote, organ, ut).items():
        assert text.count("Kommunstyrelsens förslag till kommunfullmäktige") == 3, fmt
    # Sent back instead: the organ's own beslut, whatever the förslag said.
    paragraf = next(p for p in mote.paragrafer if p.nummer == 177)
    paragraf.utfall = Utfall.ATERREMISS
    paragraf.beslut = "Kommunstyrelsen föreslår kommunfullmäktige att återremittera."
    data = protokoll_data(mote, organ, False)
    assert data["paragrafer"][6]["avsnitt"][0]["rubrik"] == "Kommunstyrelsens beslut"


def test_forslag_without_an_earlier_organ_is_the_forvaltnings(store):
    mote, organ = mote_och_organ(store, KSAU)
    data = protokoll_data(mote, organ, False)
    rubriker = [a["rubrik"] for a in data["paragrafer"][2]["avsnitt"]]
    assert "Förvaltningens förslag" in rubriker
    assert rubriker[0] == (
        "Kommunstyrelsens arbets- och personalutskotts förslag till kommunstyrelsen"
    )


# -- point 6: the protokollsutdrag -------------------------------------------------------


def test_paragrafspann_spans_only_consecutive_paragrafer():
    assert paragrafspann([175]) == "§ 175"
    assert paragrafspann([178, 175]) == "§§ 175, 178"
    assert paragrafspann([171, 172, 173, 176]) == "§§ 171–173, 176"
    assert paragrafspann(range(171, 181)) == "§§ 171–180"


def test_utdrag_certifies_and_says_when_justerat_and_anslaget(store, ut):
    mote, organ = mote_och_organ(store, KS)
    for fmt in FORMAT:
        path = export_utdrag(
            mote, organ, fmt, ut / f"u.{fmt}", [178, 175], datum=date(2026, 10, 27)
        )
        text = " ".join(lasbar(path).replace("*", "").split())
        assert "Utdrag §§ 175, 178" in text.replace(":", ""), fmt
        assert "Protokollet justerades 2026-10-23." in text, fmt
        assert "Justeringen har ännu inte tillkännagivits genom anslag." in text, fmt
        bestyrkande = text[text.index("Rätt utdraget betygar §§ 175, 178") :]
        for bit in ("Johanna Sträng", "Nämndsekreterare", "2026-10-27"):
            assert bit in bestyrkande, (fmt, bit)
        assert "§ 176" not in text, fmt
    mote, organ = mote_och_organ(store, SKS)
    text = lasbar(export_utdrag(mote, organ, "pdf", ut / "s.pdf", [93]))
    assert (
        "Protokollet justerades 2026-10-01. Justeringen tillkännagavs genom anslag på "
        "anslagstavlan 2026-10-02; sista dag för överklagande är 2026-10-23."
    ) in text
    assert "Mats Hedlund Kommunsekreterare" in text


def test_utdrag_of_an_omedelbart_justerad_paragraf_in_an_open_protokoll(store, ut):
    mote, organ = mote_och_organ(store, SBN)
    data = utdrag_data(mote, organ, [107])
    assert data["tillstand"]["text"] == "Omedelbart justerat 2026-11-17"
    assert data["utdrag"]["upplysningar"] == [
        "§ 107 förklarades omedelbart justerad 2026-11-17 och anslogs 2026-11-18; sista dag "
        "för överklagande är 2026-12-09."
    ]
    assert data["utdrag"]["namn"] == "Frida Lindgren"
    pdf = pdf_sidor(export_utdrag(mote, organ, "pdf", ut / "u.pdf", [107]))
    assert all("Omedelbart justerat 2026-11-17" in sida for sida in pdf)


def test_utdrag_of_a_paragraf_not_justerad_is_refused(store, ut):
    mote, organ = mote_och_organ(store, SBN)
    with pytest.raises(DomainError, match=r"§ 105 är inte justerad i protokollet"):
        export_utdrag(mote, organ, "pdf", ut / "u.pdf", [105, 107])
    mote, organ = mote_och_organ(store, KSAU)
    with pytest.raises(DomainError, match=r"§§ 143, 145 är inte justerade"):
        utdrag_data(mote, organ, [143, 145])
    assert list(ut.iterdir()) == []


def test_cli_refuses_an_utdrag_not_justerat_with_exit_2(demo_dir, ut, capsys):
    argv = ["--store", str(demo_dir), "export", "utdrag", KSAU, "--paragraf", "143"]
    assert main([*argv, "--format", "txt", "-o", str(ut / "u.txt")]) == 2
    fel = capsys.readouterr().err.strip()
    assert "§ 143 är inte justerad" in fel and "Traceback" not in fel
    assert len(fel.splitlines()) == 1
    assert not (ut / "u.txt").exists()
    argv = ["--store", str(demo_dir), "export", "utdrag", KS, "--paragraf", "176"]
    assert main([*argv, "--format", "txt", "-o", str(ut / "u.txt")]) == 0
    text = (ut / "u.txt").read_text()
    assert f"{date.today().isoformat()}" in text.split("Rätt utdraget betygar")[1]


# -- point 1: meeting mode records the end time and the ajourneringar -------------------


async def test_end_time_and_an_ajournering_typed_in_meeting_mode(demo_dir, ut):
    new_ks_meeting(demo_dir)
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "p", "j", "escape")
        assert isinstance(app.screen, SammantradeScreen)
        await pilot.press("t")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TiderForm)
        form.query_one("#sluttid", Input).value = "8.30"  # before the start: refused
        form.query_one("#ajourneringar", TextArea).text = "10.15–10.30"
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is form and "Inte sparat" in str(form.query_one("#form-message").render())
        form.query_one("#sluttid", Input).value = "11.45"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SammantradeScreen)
    mote = read(demo_dir)
    assert mote.sluttid == time(11, 45)
    assert mote.ajourneringar == [Ajournering(time(10, 15), time(10, 30))]
    assert tid_text(mote) == "kl 09:00–11:45, ajournering 10:15–10:30"


async def test_times_cannot_change_once_justerat(demo_dir):
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * 4, "enter", "p")
        screen = app.screen
        assert isinstance(screen, SammantradeScreen) and screen.mote.id == KS
        assert screen.check_action("tider", ()) is None


# -- the golden text ---------------------------------------------------------------------


def test_golden_text_of_the_demo_justerat_protokoll(store, ut):
    """The demo's justerat protokoll as plain text, read line by line and checked in: any
    change to what the protokoll prints shows here as a diff to read. After a deliberate
    change: `kallelse export protokoll norrvik-ks-2026-10-19 --store sample_data --format
    txt -o tests/golden/protokoll-norrvik-ks-2026-10-19.txt`, then read the diff."""
    mote, organ = mote_och_organ(store, KS)
    text = export_protokoll(mote, organ, "txt", ut / "p.txt").read_text(encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
