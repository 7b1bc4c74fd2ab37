"""Pilot test: a § with three yrkanden, a kontrapropositionsvotering and the huvudvotering,
recorded with keys; the store and the exported protokoll are read back."""

from __future__ import annotations

from kallelse_tui.domain.model import Rost, YrkandeTyp
from kallelse_tui.export.protokoll import export_protokoll
from kallelse_tui.store import Store
from kallelse_tui.tui.app import make_app
from kallelse_tui.tui.omrostning_screen import OmrostningScreen
from kallelse_tui.tui.sammantrade_screen import SammantradeScreen
from kallelse_tui.tui.yrkande_screen import YrkandeForm, YrkandenScreen
from tests.test_tui_sammantrade import SIZE, TODAY, new_ks_meeting, read, typed


def _tally(o) -> tuple[int, int, int]:
    t = o.resultat()
    return t[Rost.JA], t[Rost.NEJ], t[Rost.AVSTAR]


async def test_three_yrkanden_and_a_kontrapropositionsvotering_with_keys(demo_dir, tmp_path):
    new_ks_meeting(demo_dir)
    app = make_app(Store.open(demo_dir), idag=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "p", "j", "escape")  # j: start it; everyone serves
        assert isinstance(app.screen, SammantradeScreen)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "y")
        assert isinstance(app.screen, YrkandenScreen)
        # Anna-Karin Lund (1) bifall; Jan Persson (6) ändring; Lena Åkerlund (7) avslag.
        await pilot.press("a")
        typed(app, "1")
        await pilot.press("f2", "a")
        typed(app, "6")
        await pilot.press("enter")
        typed(app, "ä")
        await pilot.press("enter")
        typed(app, "Taxan sänks med tio procent.")
        await pilot.press("f2", "v")  # two alternatives: no votering about a motförslag
        assert isinstance(app.screen, YrkandenScreen)
        assert app.screen.paragraf.motforslagsvotering is None
        await pilot.press("a")
        assert isinstance(app.screen, YrkandeForm)
        typed(app, "7")
        await pilot.press("enter")
        typed(app, "a")
        await pilot.press("f2")
        screen = app.screen
        assert isinstance(screen, YrkandenScreen)
        # The chair finds the förslag adopted; Jan Persson's ändring is the motförslag.
        await pilot.press("up", "up", "space", "down", "m")
        assert screen.paragraf.bifallna == ["y1"] and screen.paragraf.motforslag == "y2"
        # Votering om motförslaget: ja Jan Persson's, nej Lena Åkerlund's; 3–2, 6 avstår.
        await pilot.press("v")
        assert isinstance(app.screen, OmrostningScreen)
        await pilot.press(*"aaaaajnjjan", "escape")
        assert isinstance(app.screen, YrkandenScreen)
        await pilot.press("escape")
        # Huvudvotering: ja the förslag, nej the motförslag; 7–4.
        await pilot.press("o")
        assert isinstance(app.screen, OmrostningScreen)
        await pilot.press(*"jjjjjnnnjjn", "escape", "g", "escape")
        await pilot.pause()

    mote = read(demo_dir)
    p = mote.paragraf_for("a9")
    assert [(y.ledamot_id, y.typ) for y in p.yrkanden] == [
        ("l1", YrkandeTyp.BIFALL),
        ("l6", YrkandeTyp.ANDRING),
        ("l7", YrkandeTyp.AVSLAG),
    ]
    mf = p.motforslagsvotering
    assert (mf.ja_yrkande, mf.nej_yrkande, _tally(mf)) == ("y2", "y3", (3, 2, 6))
    h = p.omrostning
    assert (h.ja_yrkande, h.nej_yrkande, _tally(h)) == ("y1", "y2", (7, 4, 0))
    assert p.motforslag == "y2" and p.bifallna == ["y1"]

    with Store.open(demo_dir, readonly=True) as store:
        organ = store.organ("norrvik-ks")
    text = export_protokoll(mote, organ, "txt", tmp_path / "p.txt").read_text()
    flat = " ".join(text.split())
    for mening in [
        "Jan Persson (SD) yrkar att taxan sänks med tio procent.",
        "Lena Åkerlund (V) yrkar avslag.",
        "Ordföranden ställer proposition på bifall till förvaltningens förslag, Jan Perssons "
        "(SD) ändringsyrkande och Lena Åkerlunds (V) avslagsyrkande och finner att "
        "kommunstyrelsen bifaller förvaltningens förslag.",
        "Votering begärs.",
        "Ordföranden ställer därefter proposition på Jan Perssons (SD) ändringsyrkande mot "
        "Lena Åkerlunds (V) avslagsyrkande för att utse motförslag i huvudvoteringen och "
        "finner att kommunstyrelsen utser Jan Perssons (SD) ändringsyrkande till motförslag.",
        "Med 3 ja-röster mot 2 nej-röster, 6 avstår, utser kommunstyrelsen Jan Perssons (SD) "
        "ändringsyrkande till motförslag i huvudvoteringen.",
        "Kommunstyrelsen godkänner följande voteringsproposition i huvudvoteringen: Ja-röst "
        "för bifall till förvaltningens förslag. Nej-röst för bifall till Jan Perssons (SD) "
        "ändringsyrkande.",
        "Voteringslista, val av motförslag",
        "Voteringslista, huvudvotering",
        "Med 7 ja-röster mot 4 nej-röster beslutar kommunstyrelsen att bifalla "
        "förvaltningens förslag.",
    ]:
        assert mening in flat, mening
    # The proposition was written by g once and not repeated after it.
    assert flat.count("Ordföranden ställer proposition på bifall") == 1
