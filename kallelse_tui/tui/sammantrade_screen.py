"""Meeting mode: the ärendelista item by item. Left the list with § numbers and outcomes,
right the current § (beslut and behandling typed in place, saved as typed), and one key
each for outcome, yrkanden, omröstning, reservation, jäv, närvaro and extra ärenden."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static, TextArea

from kallelse_tui.domain.beslutsgang import beslutsgang
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import (
    Arende,
    ArendeTyp,
    Ledamot,
    Organ,
    Paragraf,
    Sammantrade,
    Utfall,
)
from kallelse_tui.domain.narvaro import tjanstgorande_ids
from kallelse_tui.domain.paragrafer import (
    nasta_nummer,
    oppna_paragraf,
    saknar_motivering,
    standardbeslut,
)
from kallelse_tui.domain.status import Status
from kallelse_tui.store import StoreApi
from kallelse_tui.tui.background_save import SaveDone
from kallelse_tui.tui.commands import PaletteCommand
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.paragraf_autosave import ParagrafAutosave
from kallelse_tui.tui.paragraf_text import (
    UTFALL_KORT,
    meeting_head,
    paragraf_flags,
    paragraf_record,
)
from kallelse_tui.tui.skrivskydd import SkrivskyddRad, skrivskydd, vagra
from kallelse_tui.tui.styles import cursor_key
from kallelse_tui.tui.text_area import KallelseTextArea
from kallelse_tui.tui.title_bar import TitleBar

# The list pane is 62 wide (tcss): with its border and a scrollbar 59 for the columns, each
# padded by 1 on both sides. Nr (2), § (5), Utfall (10) and the flags (6) take 23 and the
# title the rest, so that the flags (jäv, reservation, not beslutför) are on screen.
RUBRIK_WIDTH = 59 - 2 * 5 - (2 + 5 + 10 + 6)


class SammantradeScreen(Screen[None]):
    CSS_PATH = "sammantrade_screen.tcss"
    HELP = (
        "Sammanträdet, ärende för ärende. Till vänster ärendelistan med paragrafnummer och "
        "utfall, till höger den aktuella paragrafen.\n\n"
        "- **Ctrl+N** / **F10** nästa ärende, **Ctrl+B** / **F9** föregående (fungerar också "
        "medan du skriver). **Enter** i listan går till ärendet. Att gå till ett ärende ger "
        "det nästa paragrafnummer i organets serie.\n"
        "- **e** skriver i beslutet (förifyllt från förslaget till beslut), **Tab** går till "
        "behandlingen, **Esc** tillbaka till listan. Det du skriver sparas av sig självt "
        "efter en knapp halv sekund.\n"
        "- **u** utfall: bifall, avslag, återremiss (till vem, varför), bordläggning, "
        "ärendet utgår, informationen noteras, annat. Beslutstexten skrivs om (Ctrl+Z ångrar).\n"
        "- **y** yrkanden och propositionsordning, **o** omröstning, **g** skriver "
        "beslutsgången i behandlingen.\n"
        "- **r** reservation eller protokollsanteckning, **j** jäv, **n** närvaron.\n"
        "- **l** listan i ett meddelande- eller delegationsärende; **x** lägger till ett "
        "extra ärende efter det aktuella.\n"
        "- **m** justerar paragrafen omedelbart: den låses direkt och kan anslås för sig; "
        "**m** igen registrerar dagen för dess anslag.\n"
        "- **k** markerar protokollet klart (eller öppnar det igen).\n"
        "- **t** när sammanträdet avslutades och dess ajourneringar (10:15–10:30).\n\n"
        "Överst visas beslutförheten vid paragrafen; den varnar när den går förlorad. "
        "I listan: Y yrkanden, O omröstning, J jäv, R reservation (R! utan skriftlig "
        "motivering), ! inte beslutför, L omedelbart justerad (låst). **Esc** i listan går "
        "tillbaka."
    )
    # What a meeting needs fits on 120 columns: Esc and going back one ärende (also the
    # list's arrow keys) are in F1 help and the palette.
    BINDINGS = [
        Binding("escape", "back", "Tillbaka", id="motet.back", show=False),
        Binding("ctrl+n,f10", "step(1)", "Nästa", id="motet.next", priority=True),
        Binding("ctrl+b,f9", "step(-1)", "Föregående", id="motet.prev", priority=True, show=False),
        Binding("e", "write", "Beslut", id="motet.write"),
        Binding("u", "utfall", "Utfall", id="motet.utfall"),
        Binding("y", "yrkanden", "Yrkanden", id="motet.yrkanden"),
        Binding("o", "omrostning", "Omröstning", id="motet.omrostning"),
        Binding("g", "beslutsgang", "Beslutsgång", id="motet.beslutsgang", show=False),
        Binding("r", "anteckning", "Reservation", id="motet.reservation"),
        Binding("j", "jav", "Jäv", id="motet.jav"),
        Binding("n", "narvaro", "Närvaro", id="motet.narvaro"),
        Binding("l", "listposter", "Lista", id="motet.lista", show=False),
        Binding("x", "extra", "Extra ärende", id="motet.extra", show=False),
        Binding("k", "klart", "Protokoll klart", id="motet.klart"),
        Binding("m", "omedelbar", "Justera omedelbart", id="motet.omedelbar", show=False),
        Binding("f2", "save_now", "Spara nu", id="motet.save", show=False, priority=True),
        Binding("t", "tider", "Sluttid, ajournering", id="motet.tider", show=False),
    ]
    EDITING = {
        "write",
        "utfall",
        "yrkanden",
        "omrostning",
        "beslutsgang",
        "anteckning",
        "jav",
        "extra",
        "klart",
        "save_now",
        "omedelbar",
        "tider",
    }
    # Actions that change the current §: refused once it is omedelbart justerad.
    PARAGRAF_EDITING = frozenset(
        {
            "write",
            "utfall",
            "yrkanden",
            "omrostning",
            "beslutsgang",
            "anteckning",
            "jav",
            "listposter",
        }
    )

    def __init__(self, mote: Sammantrade, organ: Organ) -> None:
        super().__init__()
        self.mote = mote
        self.organ = organ
        self.sista: int | None = None
        self.autosave = ParagrafAutosave(self)
        self.redigeras_av = ""  # someone else holds the meeting's edit lease (shared store)

    @property
    def store(self) -> StoreApi:
        return self.app.store  # type: ignore[attr-defined, no-any-return]

    @property
    def editable(self) -> bool:
        return not self.mote.last and not skrivskydd(self)

    def paragraf_editable(self, p: Paragraf | None) -> bool:
        """An omedelbart justerad § is locked while the rest of the protokoll is open."""
        return self.editable and (p is None or p.omedelbar is None)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SkrivskyddRad()
        yield Static(id="motet-head")
        with Horizontal(id="motet-body"):
            with Vertical(id="motet-left"):
                yield DataTable(id="motet-list", cursor_type="row", zebra_stripes=True)
                yield Static(id="save-state")
            with VerticalScroll(id="motet-right"):
                yield Static(id="paragraf-head")
                yield Label("Beslut", classes="motet-label")
                yield KallelseTextArea(id="beslut", soft_wrap=True)
                yield Label("Behandling", classes="motet-label")
                yield KallelseTextArea(id="behandling", soft_wrap=True, classes="short")
                yield Static(id="paragraf-info")
        yield KallelseFooter()

    def on_mount(self) -> None:
        self.title = f"Sammanträdet {self.organ.namn} {self.mote.kort_rubrik}"
        self.sub_title = self.organ.kommun
        if not self.store.readonly:  # held already when opened from the meeting screen
            self.redigeras_av = self.store.lease(self.mote.id)
            self.query_one(SkrivskyddRad).visa()
        try:
            self.sista = self.store.sista_paragraf(self.mote)
        except DomainError as exc:  # a damaged meeting of the series: § numbers unknown
            self.notify(str(exc), title="Kan inte öppna", severity="error", timeout=30)
            self.sista = None
        table = self.query_one("#motet-list", DataTable)
        table.add_column("Nr", key="nr")
        table.add_column("§", key="paragraf")
        table.add_column("Ärende", key="rubrik", width=RUBRIK_WIDTH)
        table.add_column("Utfall", key="utfall", width=10)
        table.add_column("", key="flaggor", width=6)
        for area in self.query(TextArea):
            area.read_only = not self.editable
        start = next((a for a in self.mote.arenden if self.mote.paragraf_for(a.id) is None), None)
        if start is None and self.mote.arenden:
            start = self.mote.arenden[-1]
        self.refresh_list(start.id if start else None)
        if start is not None and self.editable and self.mote.status is Status.PAGAR:
            self.enter(start.id, focus_text=False)
        table.focus()

    # -- showing -------------------------------------------------------------------------

    def current_id(self) -> str | None:
        return cursor_key(self.query_one("#motet-list", DataTable))

    def current_arende(self) -> Arende | None:
        current = self.current_id()
        return self.mote.arende(current) if current else None

    def current_paragraf(self) -> Paragraf | None:
        current = self.current_id()
        return self.mote.paragraf_for(current) if current else None

    def refresh_list(self, cursor: str | None = None) -> None:
        table = self.query_one("#motet-list", DataTable)
        current = cursor or self.current_id()
        table.clear()
        for nummer, arende in enumerate(self.mote.arenden, 1):
            p = self.mote.paragraf_for(arende.id)
            rubrik = arende.rubrik + (" (extra)" if arende.extra else "")
            table.add_row(
                Text(str(nummer), justify="right"),
                f"§ {p.nummer}" if p else "",
                rubrik,
                UTFALL_KORT[p.utfall] if p and p.utfall else "",
                paragraf_flags(self.mote, self.organ, p),
                key=arende.id,
            )
        ids = [a.id for a in self.mote.arenden]
        if current in ids:
            table.move_cursor(row=ids.index(current), animate=False)
        self.show_current()

    def show_current(self) -> None:
        arende = self.current_arende()
        p = self.current_paragraf()
        self._show_head(p)
        head = self.query_one("#paragraf-head", Static)
        info = self.query_one("#paragraf-info", Static)
        areas = [self.query_one("#beslut", TextArea), self.query_one("#behandling", TextArea)]
        if arende is None:
            head.update(Text("Ärendelistan är tom.", style="dim"))
            info.update("")
            for area in areas:
                area.display = False
            return
        meta = " · ".join(
            x for x in (arende.dnr, arende.typ.value, "extra ärende" if arende.extra else "") if x
        )
        title = Text.assemble(
            (f"§ {p.nummer} " if p else "", "bold"), (arende.rubrik, "bold"), "\n", (meta, "dim")
        )
        head.update(title)
        for area in areas:
            area.display = p is not None
            self.query(".motet-label").set(display=p is not None)
        if p is None:
            nasta = nasta_nummer(self.mote, self.organ, self.sista)
            hint = (
                f"Inte behandlat ännu. Enter (eller Ctrl+N från föregående) öppnar § {nasta}."
                if self.editable
                else "Inte behandlat."
            )
            info.update(Text(hint, style="dim italic"))
            self.autosave.shown = None
            return
        if self.autosave.shown is not p:
            self.autosave.flush()
            self.autosave.shown = p
            for area, text in zip(areas, (p.beslut, p.behandling), strict=True):
                area.load_text(text)
                # Typing goes after a prefilled förslag, not in front of it.
                area.move_cursor(area.document.end)
        for area in areas:
            area.read_only = not self.paragraf_editable(p)
        info.update(paragraf_record(self.mote, self.organ, arende, p))

    def _show_head(self, p: Paragraf | None) -> None:
        self.query_one("#motet-head", Static).update(meeting_head(self.mote, self.organ, p))

    # -- entering ärenden ---------------------------------------------------------------

    def enter(self, arende_id: str, focus_text: bool = True) -> None:
        """Make `arende_id` current and open its § (the next number of the series)."""
        self.autosave.flush()
        if self.editable and self.mote.status in (Status.PAGAR, Status.PROTOKOLL_KLART):
            had = self.mote.paragraf_for(arende_id) is not None
            try:
                oppna_paragraf(self.mote, self.organ, arende_id, self.sista)
            except DomainError as exc:
                self.notify(str(exc), severity="error")
                return
            if not had:
                self.autosave.save()
        self.refresh_list(arende_id)
        if focus_text and self.current_paragraf() is not None and self.editable:
            self.query_one("#beslut", TextArea).focus()

    @on(DataTable.RowHighlighted, "#motet-list")
    def _highlighted(self) -> None:
        self.autosave.flush()
        self.show_current()

    @on(DataTable.RowSelected, "#motet-list")
    def _selected(self) -> None:
        current = self.current_id()
        if current:
            self.enter(current)

    def action_step(self, step: int) -> None:
        ids = [a.id for a in self.mote.arenden]
        current = self.current_id()
        if current is None:
            return
        target = ids.index(current) + step
        if not 0 <= target < len(ids):
            self.notify(
                "Det är det sista ärendet." if step > 0 else "Det är det första ärendet.", timeout=3
            )
            return
        focus_text = isinstance(self.focused, TextArea)
        self.enter(ids[target], focus_text=focus_text)

    def action_back(self) -> None:
        if isinstance(self.focused, TextArea):
            self.autosave.flush()
            self.query_one("#motet-list", DataTable).focus()
            return
        self.autosave.flush()
        from kallelse_tui.tui.confirm_screen import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        # Esc is also how a text field is left: one press too many must not end the meeting.
        self.app.push_screen(
            ConfirmScreen(
                "Lämna sammanträdet?",
                "Allt är sparat. p på sammanträdet tar dig tillbaka hit.",
            ),
            answered,
        )

    # -- typing and saving (see ParagrafAutosave) ------------------------------------

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        self.autosave.typed(event.text_area)

    @on(SaveDone)
    def _save_done(self, message: SaveDone) -> None:
        self.autosave.done(message.number, message.error)

    def action_save_now(self) -> None:
        if not self.mote.last and vagra(self):
            return
        self.autosave.save_now()

    def on_screen_suspend(self) -> None:
        self.autosave.flush()

    def on_unmount(self) -> None:
        self.autosave.close()

    def changed(self) -> bool:
        """After a modal changed the §: save and redraw."""
        ok = self.autosave.save()
        self.refresh_list()
        return ok

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_now" and not self.mote.last and skrivskydd(self):
            return True  # F2 says why nothing is saved
        if action in self.EDITING and not self.editable:
            return None
        if action in self.PARAGRAF_EDITING and self.is_mounted:
            if not self.paragraf_editable(self.current_paragraf()):
                return None
        if action == "klart" and self.mote.status not in (Status.PAGAR, Status.PROTOKOLL_KLART):
            return None
        arende = self.current_arende() if self.is_mounted else None
        if action == "listposter" and (
            arende is None or arende.typ not in (ArendeTyp.MEDDELANDEN, ArendeTyp.DELEGATIONSBESLUT)
        ):
            return None
        if (
            action
            in {"write", "utfall", "yrkanden", "omrostning", "anteckning", "jav", "beslutsgang"}
            and arende is None
        ):
            return None
        return True

    def _paragraf(self) -> Paragraf | None:
        """The current § (opened now if it is not yet)."""
        if not self.editable:
            return self.current_paragraf()
        current = self.current_id()
        if current is None:
            return None
        if self.current_paragraf() is None:
            self.enter(current, focus_text=False)
        return self.current_paragraf()

    def serving(self, nummer: int) -> list[Ledamot]:
        ids = tjanstgorande_ids(self.mote, nummer)
        return [m for m in self.organ.ledamoter if m.id in ids]

    def action_write(self) -> None:
        if self._paragraf() is not None:
            self.query_one("#beslut", TextArea).focus()

    def action_utfall(self) -> None:
        p = self._paragraf()
        arende = self.current_arende()
        if p is None or arende is None:
            return
        from kallelse_tui.tui.utfall_screen import UtfallScreen, UtfallVal

        def done(val: UtfallVal | None) -> None:
            if val is None:
                return
            self.autosave.flush()
            p.utfall = val.utfall
            text = standardbeslut(arende, self.organ, val.utfall, val.till, val.motiv)
            area = self.query_one("#beslut", TextArea)
            if val.utfall is not Utfall.ANNAT and text and text != area.text:
                area.replace(text, (0, 0), area.document.end)  # Ctrl+Z brings the old back
                p.beslut = text
                self.notify("Beslutstexten är ersatt; Ctrl+Z i texten ångrar.", timeout=4)
            self.changed()
            if val.utfall is Utfall.ANNAT:
                area.focus()

        self.app.push_screen(UtfallScreen(p.nummer, p.utfall), done)

    def action_yrkanden(self) -> None:
        p = self._paragraf()
        if p is None:
            return
        from kallelse_tui.tui.yrkande_screen import YrkandenScreen

        self.app.push_screen(
            YrkandenScreen(
                p,
                self.mote,
                self.organ,
                self.serving(p.nummer),
                self.changed,
                self.write_behandling,
                self.paragraf_editable(p),
            ),
            lambda _: self.refresh_list(),
        )

    def write_behandling(self, text: str) -> None:
        area = self.query_one("#behandling", TextArea)
        area.replace(text, (0, 0), area.document.end)
        p = self.autosave.shown
        if p is not None:
            p.behandling = text
        self.changed()

    def action_beslutsgang(self) -> None:
        p = self._paragraf()
        if p is None:
            return
        text = beslutsgang(p, self.mote, self.organ)
        if not text:
            self.notify(
                "Paragrafen har inga yrkanden; beslutsgången skrivs utifrån dem (y).",
                severity="warning",
            )
            return
        self.autosave.flush()
        self.write_behandling(text)
        self.notify("Beslutsgången är skriven i behandlingen.", timeout=3)

    def action_omrostning(self) -> None:
        from kallelse_tui.tui.omrostning_screen import OmrostningScreen

        self._push_for_paragraf(OmrostningScreen)

    def action_anteckning(self) -> None:
        from kallelse_tui.tui.anteckning_form import AnteckningarScreen

        self._push_for_paragraf(AnteckningarScreen)

    def action_jav(self) -> None:
        from kallelse_tui.tui.jav_form import JavScreen

        self._push_for_paragraf(JavScreen)

    def _push_for_paragraf(self, screen_type: Callable[..., Screen[Any]]) -> None:
        """The current §'s omröstning, reservations or jäv: each screen saves through
        `self.autosave.save` as it changes, and the list shows the new flags when it closes."""
        p = self._paragraf()
        if p is None:
            return
        self.app.push_screen(
            screen_type(p, self.mote, self.organ, self.autosave.save, self.paragraf_editable(p)),
            lambda _: self.refresh_list(),
        )

    def action_narvaro(self) -> None:
        from kallelse_tui.tui.narvaro_screen import NarvaroScreen

        p = self.current_paragraf()
        self.autosave.flush()
        self.app.push_screen(
            NarvaroScreen(self.mote, self.organ, self.autosave.save, p.nummer if p else None),
            lambda _: self.refresh_list(),
        )

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.query("#motet-list"):
            self.refresh_list()

    def action_listposter(self) -> None:
        arende = self.current_arende()
        if arende is None:
            return
        from kallelse_tui.tui.listposter_screen import ListposterScreen

        p = self._paragraf()
        before = standardbeslut(arende, self.organ, p.utfall) if p and p.utfall else None

        def closed(_: None) -> None:
            if (
                p is not None
                and p.utfall
                and before is not None
                and p.beslut.strip() == before.strip()
            ):
                after = standardbeslut(arende, self.organ, p.utfall)
                if after != before:  # the sentence follows the list ("punkterna 1–4")
                    area = self.query_one("#beslut", TextArea)
                    area.replace(after, (0, 0), area.document.end)
                    p.beslut = after
                    self.changed()
            self.refresh_list()

        self.app.push_screen(ListposterScreen(arende, self.autosave.save, self.editable), closed)

    def action_extra(self) -> None:
        from kallelse_tui.tui.arende_form import ArendeForm
        from kallelse_tui.tui.form import reusable_form

        ids = [a.id for a in self.mote.arenden]
        current = self.current_id()
        position = ids.index(current) + 1 if current in ids else len(ids)
        arende = Arende(id=self.mote.nytt_arende_id(), rubrik="", typ=ArendeTyp.BESLUT, extra=True)

        def done(result: Arende | None) -> None:
            if result is None:
                return
            result.extra = True
            self.mote.arenden.insert(position, result)
            idag = self.app.idag()  # type: ignore[attr-defined]
            self.mote.registrera_andring(
                f"Extra ärende ”{result.rubrik}” tillagt under sammanträdet.", idag
            )
            self.autosave.save()
            self.enter(result.id)

        form = reusable_form(self.app, ArendeForm).prepare(arende, position + 1, new=True)
        self.app.push_screen(form, done)

    def action_klart(self) -> None:
        from kallelse_tui.tui.confirm_screen import ConfirmScreen

        self.autosave.flush()
        if self.mote.status is Status.PROTOKOLL_KLART:
            question, target = "Öppna protokollet igen?", Status.PAGAR
            detail = "Statusen går tillbaka till ”pågår”."
        else:
            question, target = "Markera protokollet som klart?", Status.PROTOKOLL_KLART
            missing = [a for a in self.mote.arenden if self.mote.paragraf_for(a.id) is None]
            notes = []
            if missing:
                notes.append(f"{len(missing)} ärenden saknar paragraf.")
            lacking = [p.nummer for p in self.mote.paragrafer if saknar_motivering(p)]
            if lacking:
                notes.append(
                    "Reservation utan skriftlig motivering vid § "
                    + ", ".join(map(str, lacking))
                    + " (ska in före justeringen)."
                )
            detail = " ".join(notes) or "Alla ärenden har sin paragraf."

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.mote.byt_status(target)
            except DomainError as exc:
                self.notify(str(exc), severity="error")
                return
            if self.autosave.save():
                self.notify(f"Status: {target.value}.")
            self.refresh_list()

        self.app.push_screen(ConfirmScreen(question, detail), answered)

    def action_omedelbar(self) -> None:
        """Justera the current § at once (KL 5 kap. 70 §, 6 kap. 35 §): it is locked from
        now on and gets its own anslag and appeal time."""
        p = self._paragraf()
        if p is None:
            return
        if p.omedelbar is not None:
            self._omedelbart_anslag(p)
            return
        from kallelse_tui.tui.omedelbar_form import OmedelbarForm

        self.autosave.flush()
        valda = list(self.mote.justering.justerare) if self.mote.justering else []

        def done(justerare: list[str] | None) -> None:
            if justerare is None:
                return
            from kallelse_tui.domain.justering import justera_omedelbart
            from kallelse_tui.domain.model import Justering

            idag = self.app.idag()  # type: ignore[attr-defined]
            if self.mote.justering is None:
                self.mote.justering = Justering()
            if not self.mote.justering.justerare:  # those elected under "Val av justerare"
                self.mote.justering.justerare = list(justerare)
            try:
                justera_omedelbart(self.mote, self.organ, p.nummer, idag, justerare)
            except DomainError as exc:
                self.notify(str(exc), severity="error")
                return
            if self.changed():
                self.show_current()
                self.notify(f"§ {p.nummer} är omedelbart justerad och låst.")

        self.app.push_screen(OmedelbarForm(self.mote, self.organ, p, valda), done)

    def _omedelbart_anslag(self, p: Paragraf) -> None:
        """The day an omedelbart justerad § went up on the anslagstavla."""
        from kallelse_tui.domain.justering import registrera_omedelbart_anslag
        from kallelse_tui.domain.tidsfrister import overklagande_sista_dag
        from kallelse_tui.tui.datum_form import DatumForm

        assert p.omedelbar is not None
        if p.omedelbar.anslag is not None:
            sista = overklagande_sista_dag(p.omedelbar.anslag)
            self.notify(
                f"§ {p.nummer} anslogs {p.omedelbar.anslag.isoformat()}; sista dag för "
                f"överklagande är {sista.isoformat()}."
            )
            return

        def done(dag: date | None) -> None:
            if dag is None:
                return
            try:
                registrera_omedelbart_anslag(self.mote, p.nummer, dag)
            except DomainError as exc:
                self.notify(str(exc), severity="error")
                return
            if self.changed():
                sista = overklagande_sista_dag(dag)
                self.notify(
                    f"§ {p.nummer} är anslagen {dag.isoformat()}; sista dag för överklagande "
                    f"är {sista.isoformat()}."
                )

        self.app.push_screen(
            DatumForm(
                f"Anslag av § {p.nummer}",
                "Paragrafen är omedelbart justerad och anslås för sig; tiden för "
                "överklagande (tre veckor) räknas från anslagsdagen.",
                "Uppsatt på anslagstavlan den",
                self.app.idag(),  # type: ignore[attr-defined]
                earliest=p.omedelbar.datum,
            ),
            done,
        )

    def action_tider(self) -> None:
        """The end time and the ajourneringar, for the protokoll's "Plats och tid"."""
        from kallelse_tui.tui.tider_form import Tider, TiderForm

        def done(tider: Tider | None) -> None:
            if tider is None:
                return
            self.mote.sluttid, self.mote.ajourneringar = tider
            if self.autosave.save():
                from kallelse_tui.domain.motestider import tid_text

                self.notify(f"Tider: {tid_text(self.mote) or 'ingen starttid angiven'}.")

        self.autosave.flush()
        self.app.push_screen(TiderForm(self.mote), done)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        for nummer, arende in enumerate(self.mote.arenden, 1):
            p = self.mote.paragraf_for(arende.id)
            yield (
                f"Gå till ärende {nummer}: {arende.rubrik}",
                f"§ {p.nummer}" if p else "ingen paragraf ännu",
                partial(self.enter, arende.id),
            )
