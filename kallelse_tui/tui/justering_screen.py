"""Justering and anslag of one protokoll: who justerar, when and where, what is still open;
justera (which locks the protokoll), then record the anslag and export the anslagsbevis."""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.domain.fore_justering import foreslagna_justerare, oppna_punkter
from kallelse_tui.domain.model import Justering, Organ, Sammantrade
from kallelse_tui.domain.paragrafer import namn, ordforande
from kallelse_tui.domain.regler import KALLOR, Allvar, Fynd
from kallelse_tui.domain.rensa import rensa_text
from kallelse_tui.domain.status import Status
from kallelse_tui.domain.tidsfrister import (
    foreslagen_justeringsdag,
    nedtagning,
    overklagande_sista_dag,
    sista_anslagsdag,
)
from kallelse_tui.store.registers import markera_anmalda
from kallelse_tui.tui.confirm_screen import ConfirmScreen
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.meeting_part import MeetingPartScreen
from kallelse_tui.tui.skrivskydd import SkrivskyddRad, vagra
from kallelse_tui.tui.title_bar import TitleBar

if TYPE_CHECKING:
    from kallelse_tui.tui.rattelse_form import RattelseUppgifter

HASH_TECKEN = 12


class JusteringScreen(MeetingPartScreen):
    CSS_PATH = "justering_screen.tcss"
    HELP = (
        "Justering och anslag av protokollet.\n\n"
        "1. Välj justerare (**mellanslag** markerar), skriv justeringens tid och plats och "
        "dagen den görs. Till höger står det som är ofullständigt i protokollet; fel "
        "måste bekräftas särskilt.\n"
        "2. **F2** justerar protokollet (efter en fråga). Därefter är det låst och får "
        "kontrollsummor.\n"
        "3. Skriv dagen anslaget sätts upp på anslagstavlan och var protokollet förvaras; "
        "**F3** registrerar anslaget. Sista dag för överklagande räknas ut.\n"
        "4. **F5** sparar anslagsbeviset som PDF.\n"
        "5. **F6** lägger till en rättelse av ett uppenbart fel i det justerade protokollet: "
        "paragrafen, vad som står, vad det ska stå och vem som beslutade. Protokollet ändras "
        "inte; rättelsen skrivs ut sist i protokollet och i varje utdrag.\n\n"
        "Stämmer ett justerat protokoll inte längre med sina kontrollsummor (filen har ändrats "
        "utanför programmet) står det överst i rött, och protokollet lämnas inte ut.\n\n"
        "6. **F7** sparar ett protokollsutdrag av en eller flera justerade paragrafer.\n\n"
        "7. **F8** signerar det justerade protokollet digitalt: sekreteraren, ordföranden och "
        "varje justerare med sitt eget certifikat (en .p12-fil eller e-tjänstekortet). Den "
        "signerade PDF-filen sparas i lagret och är den som exporteras därefter.\n\n"
        "8. **F9** publicerar den digitala anslagstavlan (en webbplats i en mapp): de "
        "aktuella tillkännagivandena med protokollen som PDF, arkivet, Atom, JSON och "
        "kontrollsummorna. Sätts protokollet upp för första gången frågar programmet om "
        "anslaget ska registreras i dag.\n\n"
        "**Tab** går mellan fälten, **Esc** tillbaka till sammanträdet."
    )
    # The footer follows the protokoll's phase: F2 until it is justerat; then the anslag,
    # the bevis, utdrag, signing and publishing. Esc and the rare Rättelse are in F1 help and
    # the palette; labels are short so that a phase's keys fit on 120 columns.
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="justering.back", show=False),
        Binding("f2", "justera", "Justera", id="justering.justera"),
        Binding("f3", "anslag", "Anslag", id="justering.anslag"),
        Binding("f5", "export_anslag", "Anslagsbevis", id="justering.export"),
        Binding("f6", "rattelse", "Rättelse", id="justering.rattelse", show=False),
        Binding("f7", "utdrag", "Utdrag", id="justering.utdrag"),
        Binding("f8", "signera", "Signera", id="justering.signera"),
        Binding("f9", "publicera", "Publicera", id="justering.publicera"),
    ]
    AFTER_JUSTERING = {"anslag", "export_anslag", "rattelse", "signera", "publicera"}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SkrivskyddRad()
        yield Static(id="justering-status")
        yield Static(id="signering-status")
        with Horizontal(id="justering-body"):
            with VerticalScroll(id="justering-form"):
                yield Label("Justerare", classes="rubrik")
                yield SelectionList[str](id="justerare")
                yield Label("Justeringens tid och plats")
                yield Input(id="tid-och-plats", placeholder="Stadshuset, 2026-11-24 kl 09:00")
                yield Label("Justeras den")
                yield Input(id="justeringsdatum")
                yield Static(id="undertecknare", classes="hint")
            with Vertical(id="justering-right"):
                with VerticalScroll(id="justering-oppet"):
                    yield Static(id="oppna")
                with Vertical(id="anslag-form"):
                    yield Label("Anslag", classes="rubrik")
                    yield Label("Uppsatt på anslagstavlan den")
                    yield Input(id="uppsatt")
                    yield Static(id="anslag-varning")
                    yield Label("Förvaringsplats för protokollet")
                    yield Input(id="forvaringsplats")
                    yield Static(id="anslag-datum", classes="hint")
        yield KallelseFooter()

    def on_mount(self) -> None:
        self.title = f"Justering – {self.organ.namn} {self.mote.datum.isoformat()}"
        self.sub_title = self.organ.kommun
        mote, organ = self.mote, self.organ
        valda = set(foreslagna_justerare(mote, organ))
        ordf = ordforande(organ, mote)
        justerare = self.query_one("#justerare", SelectionList)
        for ledamot in organ.ledamoter:
            if not ledamot.har_mandat(mote.datum) and ledamot.id not in valda:
                continue
            roll = ", ordförande" if ledamot.id == ordf else ""
            if ledamot.roll.value == "ersättare":
                roll = ", ersättare"
            justerare.add_option(
                Selection(ledamot.visningsnamn + roll, ledamot.id, ledamot.id in valda)
            )
        justering = mote.justering
        self.query_one("#tid-och-plats", Input).value = justering.tid_och_plats if justering else ""
        # Dates follow from the meeting, never from today: the justering within the
        # reglemente's period, the anslag on the justering's day.
        datum = (
            justering.datum
            if justering and justering.datum
            else foreslagen_justeringsdag(
                mote.datum,
                organ.reglemente.justering_dagar,
                justering.tid_och_plats if justering else "",
            )
        )
        self.query_one("#justeringsdatum", Input).value = datum.isoformat()
        if mote.anslag is not None:
            uppsatt, plats = mote.anslag.uppsatt, mote.anslag.forvaringsplats
        else:
            from kallelse_tui.export.anslag import standard_forvaringsplats

            uppsatt, plats = datum, standard_forvaringsplats(organ)
        self.query_one("#uppsatt", Input).value = uppsatt.isoformat()
        self.query_one("#forvaringsplats", Input).value = plats
        self.refresh_state()
        first = "#uppsatt" if mote.status is Status.JUSTERAT else "#justerare"
        self.query_one(first).focus()

    # -- showing -------------------------------------------------------------------------

    def refresh_state(self) -> None:
        mote = self.mote
        justerat = mote.last
        for selector in ("#justerare", "#tid-och-plats", "#justeringsdatum"):
            self.query_one(selector).disabled = justerat or self.read_only
        for selector in ("#uppsatt", "#forvaringsplats"):
            self.query_one(selector).disabled = mote.status is not Status.JUSTERAT or self.read_only
        self.query_one("#justering-status", Static).update(self._status())
        self._show_undertecknare()
        self._show_anslag()
        self._show_open()
        self.refresh_bindings()

    def _avvikelser(self) -> list[str]:
        """What no longer matches the justering: shown here, and exports are refused."""
        from kallelse_tui.store.integritet import protocol_problems

        justering = self.mote.justering
        if justering is None or not justering.protokoll_hash:
            return []
        organ = justering.organ or self.organ
        return protocol_problems(self.store, self.mote.id, self.mote, organ)

    def _status(self) -> Text:
        mote = self.mote
        justering = mote.justering
        if not mote.last or justering is None:
            text = Text.assemble(
                ("Inte justerat ", "bold"),
                f"– status ”{mote.status.value}”. ",
                (
                    "Välj justerare, kontrollera det som står till höger och tryck F2."
                    if mote.status is Status.PROTOKOLL_KLART
                    else f"Protokollet kan justeras när det har status "
                    f"”{Status.PROTOKOLL_KLART.value}”."
                ),
            )
            return text
        lines = [
            Text.assemble(
                ("🔒 Justerat och låst ", "bold green"),
                f"den {justering.datum.isoformat() if justering.datum else '?'} · "
                f"kontrollsumma {justering.protokoll_hash[:HASH_TECKEN]}",
            ),
            Text(
                "Paragrafer: "
                + "  ".join(
                    f"§ {n} {h[:HASH_TECKEN]}" for n, h in sorted(justering.paragraf_hashar.items())
                ),
                style="dim",
            ),
        ]
        if avvikelser := self._avvikelser():
            lines[0] = Text(
                "✗ Protokollet stämmer inte med justeringen och lämnas inte ut:",
                style="bold red",
            )
            lines += [Text(f"  {a}", style="red") for a in avvikelser[:4]]
        if mote.rattelser:
            lines.append(Text(f"Rättelser: {len(mote.rattelser)} (se till höger).", style="bold"))
        lines.append(self._signerat())
        if mote.anslag is not None:
            lines.append(
                Text.assemble(
                    ("Anslaget ", "bold"),
                    f"uppsatt {mote.anslag.uppsatt.isoformat()} · sista dag för överklagande "
                    f"{mote.anslag.sista_dag_overklagande.isoformat()} · får tas ned "
                    f"{mote.anslag.tidigast_nedtagning.isoformat()}. F5 sparar anslagsbeviset.",
                )
            )
        else:
            lines.append(Text("Registrera anslaget nedan och tryck F3.", style="yellow"))
        return Text("\n").join(lines)

    def _frysta(self) -> Organ:
        """The organ as justerat: who signs follows from it, not from today's register."""
        return (self.mote.justering.organ if self.mote.justering else None) or self.organ

    def _signerat(self) -> Text:
        from kallelse_tui.store.signaturer import kvar

        gjorda = "; ".join(f"{s.namn}, {s.roll.lower()}" for s in self.mote.signaturer)
        vantar = "; ".join(f"{u.namn}, {u.roll.lower()}" for u in kvar(self.mote, self._frysta()))
        if not vantar:
            return Text.assemble(("Signerat digitalt ", "bold green"), f"av {gjorda}.")
        if gjorda:
            return Text.assemble(
                ("Signerat digitalt ", "bold"), f"av {gjorda}. Väntar på {vantar}. F8 signerar."
            )
        return Text.assemble(("Digital justering: ", "bold"), f"väntar på {vantar}. F8 signerar.")

    def _valda(self) -> list[str]:
        return list(self.query_one("#justerare", SelectionList).selected)

    def _show_undertecknare(self) -> None:
        organ, mote = self.organ, self.mote
        rader = [f"{u.titel or 'Undertecknare'}: {u.namn}" for u in mote.undertecknare]
        ordf = ordforande(organ, mote)
        if ordf:
            rader.append(f"Ordförande: {namn(organ, ordf)}")
        rader += [f"Justerare: {namn(organ, j)}" for j in self._valda() if j != ordf]
        self.query_one("#undertecknare", Static).update("Skriver under: " + "; ".join(rader))

    def _justerad(self) -> date | None:
        if self.mote.justering is not None and self.mote.justering.datum is not None:
            return self.mote.justering.datum
        try:
            return parse_datum(self.query_one("#justeringsdatum", Input).value)
        except ValidationError:
            return None

    def _show_anslag(self) -> None:
        varning = self.query_one("#anslag-varning", Static)
        datum = self.query_one("#anslag-datum", Static)
        try:
            uppsatt = parse_datum(self.query_one("#uppsatt", Input).value)
        except ValidationError as exc:
            varning.update(Text(exc.message, style="bold red"))
            datum.update("")
            return
        justerad = self._justerad()
        text = Text()
        if justerad is not None:
            sista = sista_anslagsdag(justerad)
            if uppsatt > sista:
                text = Text(
                    f"! Senare än sista anslagsdag {sista.isoformat()}: justeringen ska "
                    f"tillkännages senast andra dagen efter justeringen ({KALLOR['anslag']}).",
                    style="bold yellow",
                )
            elif uppsatt < justerad:
                text = Text(f"✗ Före justeringen {justerad.isoformat()}.", style="bold red")
        varning.update(text)
        datum.update(
            f"Sista dag för överklagande: {overklagande_sista_dag(uppsatt).isoformat()} · "
            f"anslaget får tas ned: {nedtagning(uppsatt).isoformat()}"
        )

    def _show_open(self) -> None:
        panel = self.query_one("#oppna", Static)
        if self.mote.last:
            rows = [Text("Protokollet är justerat; inget mer att kontrollera här.", "dim")]
            for r in self.mote.rattelser:
                rows.append(Text(f"Rättelse {r.datum.isoformat()} av § {r.paragraf}", "bold"))
                rows.append(Text(f"  Det står: {r.var}\n  Det ska stå: {r.ska_vara}"))
                rows.append(Text(f"  Beslutad av {r.beslutad_av}", "dim"))
            panel.update(Text("\n").join(rows))
            return
        fynd = self._oppna_punkter()
        if not fynd:
            panel.update(Text("✓ Protokollet har inget ofullständigt att anmärka.", "green"))
            return
        fel = sum(f.allvar is Allvar.FEL for f in fynd)
        rows = [Text(f"Före justering ({fel} fel, {len(fynd) - fel} varningar)", "bold")]
        for f in fynd:
            style = "bold red" if f.allvar is Allvar.FEL else "yellow"
            mark = "✗" if f.allvar is Allvar.FEL else "!"
            rows.append(Text.assemble((f"{mark} ", style), f.meddelande, (f" ({f.kalla})", "dim")))
        panel.update(Text("\n").join(rows))

    def _oppna_punkter(self) -> list[Fynd]:
        """What is open before justering, the deadline checked against the form's
        "Justeras den" (not today) while it can be read."""
        mote = self.mote
        try:
            dag = parse_datum(self.query_one("#justeringsdatum", Input).value)
        except ValidationError:
            return oppna_punkter(mote, self.organ, self.idag())
        planerad = dataclasses.replace(mote.justering or Justering(), datum=dag)
        return oppna_punkter(dataclasses.replace(mote, justering=planerad), self.organ, self.idag())

    @on(Input.Changed, "#uppsatt, #justeringsdatum")
    def _dates_changed(self, event: Input.Changed) -> None:
        if event.input.id == "justeringsdatum":
            if self.mote.anslag is None and not self.mote.last:
                with contextlib.suppress(ValidationError):  # the anslag follows the justering
                    uppsatt = parse_datum(event.value)
                    self.query_one("#uppsatt", Input).value = uppsatt.isoformat()
            self._show_open()
        self._show_anslag()

    @on(SelectionList.SelectedChanged, "#justerare")
    def _justerare_changed(self) -> None:
        self._show_undertecknare()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hidden (False) outside the protokoll's phase, dimmed (None) within it when not
        possible now. Read-only, the keys that would save stay and say why when pressed."""
        mote = self.mote
        if action == "justera":
            if mote.last:
                return False
            return None if mote.status is not Status.PROTOKOLL_KLART else True
        if action == "utdrag":  # an omedelbart justerad § has its utdrag before the rest
            from kallelse_tui.domain.expediering import justerade_paragrafer

            return bool(justerade_paragrafer(mote))
        if action in self.AFTER_JUSTERING and not mote.last:
            return False
        if action == "anslag":
            return None if mote.status is not Status.JUSTERAT else True
        if action == "export_anslag":
            return None if mote.anslag is None else True
        if action == "signera":
            from kallelse_tui.store.signaturer import kvar

            return None if not kvar(mote, self._frysta()) else True
        return True

    def action_signera(self) -> None:
        from kallelse_tui.store.signaturer import kvar
        from kallelse_tui.tui.signera_form import SigneraForm, SigneraUppgifter, signera

        if vagra(self):
            return
        vantar = kvar(self.mote, self._frysta())
        if not vantar:
            self.notify("Alla har redan signerat protokollet.", title="Signerat digitalt")
            return
        status = self.query_one("#signering-status", Static)

        def visa(text: str) -> None:
            status.update(text)
            status.display = bool(text)

        def klar() -> None:
            visa("")
            self.owner.mote = self.store.meeting(self.mote.id)
            self.refresh_state()

        def done(uppgifter: SigneraUppgifter | None) -> None:
            if uppgifter is not None:
                signera(self, self.store, self.mote.id, uppgifter, visa, klar)

        self.app.push_screen(SigneraForm(self.mote.id, vantar), done)

    def action_utdrag(self) -> None:
        from kallelse_tui.tui.export_form import UTDRAG

        self.owner.action_export(UTDRAG)

    def action_publicera(self) -> None:
        from kallelse_tui.tui.publicera_form import publicera

        def klar(_pub: object) -> None:
            self.owner.mote = self.store.meeting(self.mote.id)  # its anslag may be new
            if (anslag := self.mote.anslag) is not None:
                self.query_one("#uppsatt", Input).value = anslag.uppsatt.isoformat()
                self.query_one("#forvaringsplats", Input).value = anslag.forvaringsplats
            self.refresh_state()

        plats = rensa_text(self.query_one("#forvaringsplats", Input).value).strip()
        publicera(self, klar, {self.mote.id: plats} if self.mote.anslag is None else None)

    def action_justera(self) -> None:
        if vagra(self):
            return
        valda = self._valda()
        if not valda:
            self.notify("Välj minst en justerare (mellanslag i listan).", severity="warning")
            self.query_one("#justerare").focus()
            return
        try:
            datum = parse_datum(self.query_one("#justeringsdatum", Input).value, "justeringsdatum")
        except ValidationError as exc:
            self.notify(exc.message, title="Justeringsdatum", severity="error")
            self.query_one("#justeringsdatum").focus()
            return
        fel = [f for f in self._oppna_punkter() if f.allvar is Allvar.FEL]
        if fel:
            fraga = f"Protokollet har {len(fel)} fel. Justera ändå?"
            detalj = "\n".join(f"✗ {f.meddelande}" for f in fel[:6])
            if len(fel) > 6:
                detalj += f"\n… och {len(fel) - 6} till."
            detalj += "\n\nEfter justeringen kan protokollet inte ändras."
        else:
            fraga = f"Justera protokollet den {datum.isoformat()}?"
            detalj = (
                "Justerare: "
                + ", ".join(namn(self.organ, j) for j in valda)
                + ".\nEfter justeringen kan protokollet inte ändras."
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self._justera(datum, valda)

        self.app.push_screen(ConfirmScreen(fraga, detalj), answered)

    def _justera(self, datum: date, valda: list[str]) -> None:
        mote = self.mote
        tid_och_plats = rensa_text(self.query_one("#tid-och-plats", Input).value).strip()
        try:
            mote.justering = dataclasses.replace(
                mote.justering or Justering(), justerare=valda, tid_och_plats=tid_och_plats
            )
            self.store.save_meeting(mote)
            self.owner.mote = self.store.justera(mote.id, datum, valda)
            markera_anmalda(self.store, mote.organ_id)  # its delegationsbeslut are reported
        except DomainError as exc:
            self.notify(str(exc), title="Inte justerat", severity="error", timeout=15)
            self.owner.mote = self.store.meeting(mote.id)
            self.refresh_state()
            return
        self.refresh_state()
        self.notify(
            f"Protokollet är justerat den {datum.isoformat()} och låst. Registrera anslaget (F3).",
            title="Justerat",
        )
        self.query_one("#uppsatt").focus()

    def action_anslag(self) -> None:
        from kallelse_tui.domain.justering import registrera_anslag

        if vagra(self):
            return
        try:
            uppsatt = parse_datum(self.query_one("#uppsatt", Input).value, "uppsatt")
        except ValidationError as exc:
            self.notify(exc.message, title="Anslagsdatum", severity="error")
            return
        plats = rensa_text(self.query_one("#forvaringsplats", Input).value).strip()
        mote = self.mote
        try:
            registrera_anslag(mote, uppsatt, plats)
            self.store.save_meeting(mote)
        except DomainError as exc:
            self.notify(str(exc), title="Anslaget inte registrerat", severity="error", timeout=15)
            self.owner.mote = self.store.meeting(mote.id)
            self.refresh_state()
            return
        self.refresh_state()
        assert mote.anslag is not None
        self.notify(
            f"Anslaget uppsatt {uppsatt.isoformat()}; sista dag för överklagande "
            f"{mote.anslag.sista_dag_overklagande.isoformat()}. F5 sparar anslagsbeviset.",
            title="Anslaget registrerat",
        )

    def action_export_anslag(self) -> None:
        from kallelse_tui.tui.mapp_form import MappForm

        filnamn = f"anslagsbevis-{self.mote.id}.pdf"

        def done(folder: Path | None) -> None:
            if folder is not None:
                from kallelse_tui.store.integritet import export_source

                self.app.last_export_folder = folder  # type: ignore[attr-defined]
                try:  # the bevis renders from the frozen record, once checked
                    mote, organ = export_source(self.store, self.mote.id)
                except DomainError as exc:
                    self.notify(str(exc), title="Exporten vägrades", severity="error", timeout=15)
                    return
                self._export(folder / filnamn, mote, organ)

        folder = getattr(self.app, "last_export_folder", None) or Path.home()
        self.app.push_screen(MappForm("Spara anslagsbeviset", folder, [filnamn]), done)

    def action_rattelse(self) -> None:
        from kallelse_tui.tui.rattelse_form import RattelseForm

        if vagra(self):
            return

        def done(uppgifter: RattelseUppgifter | None) -> None:
            if uppgifter is not None:
                self._rattelse(uppgifter)

        self.app.push_screen(RattelseForm(self.mote, self.idag()), done)

    def _rattelse(self, u: RattelseUppgifter) -> None:
        from kallelse_tui.store.integritet import add_rattelse

        try:
            add_rattelse(
                self.store, self.mote.id, u.paragraf, u.var, u.ska_vara, u.beslutad_av, u.datum
            )
        except DomainError as exc:
            self.notify(str(exc), title="Ingen rättelse", severity="error", timeout=15)
            return
        self.owner.mote = self.store.meeting(self.mote.id)
        self.refresh_state()
        self.notify(
            f"Rättelsen av § {u.paragraf} är tillagd och skrivs ut sist i protokollet.",
            title="Rättelse",
        )

    @work(thread=True, exclusive=True, group="export")
    def _export(self, target: Path, mote: Sammantrade, organ: Organ) -> None:
        from kallelse_tui.export.anslag import export_anslag

        try:
            path = export_anslag(mote, organ, "pdf", target)
        except DomainError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Exporten misslyckades", severity="error", timeout=10
            )
        except Exception as exc:  # a bug in a template must not take the screen down
            self.app.call_from_thread(
                self.notify,
                f"Oväntat fel vid export ({type(exc).__name__}: {exc}); rapportera felet.",
                title="Exporten misslyckades",
                severity="error",
                timeout=10,
            )
        else:
            self.app.call_from_thread(
                self.notify, f"Sparat i {path}.", title="Anslagsbeviset exporterat", timeout=10
            )
