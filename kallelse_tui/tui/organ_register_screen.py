"""The organ register: organs, their members, signatories and reglemente settings."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from kallelse_tui.domain.datum import klockslag
from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.ledamot_csv import CsvRad, som_ledamoter
from kallelse_tui.domain.model import Ledamot, Organ
from kallelse_tui.store import StoreApi
from kallelse_tui.tui.confirm_screen import ConfirmScreen
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.ledamot_form import LedamotForm
from kallelse_tui.tui.organ_form import OrganForm
from kallelse_tui.tui.styles import cursor_key
from kallelse_tui.tui.title_bar import TitleBar


class OrganRegisterScreen(Screen[None]):
    CSS_PATH = "organ_register_screen.tcss"
    TITLE = "Organregister"
    HELP = (
        "Organen (fullmäktige, styrelse, nämnder, utskott) med ledamöter och ersättare, "
        "undertecknare och reglementets inställningar: kallelsetid, standardärenden, plats "
        "och tid.\n\n"
        "- **n** nytt organ, **e** redigera det valda organet.\n"
        "- **l** ny ledamot, **Enter** redigerar ledamoten, **Delete** tar bort (efter en "
        "fråga).\n"
        "- **c** importerar ledamöter från en CSV-fil (namn;parti;roll).\n\n"
        "**Tab** växlar mellan organlistan och ledamöterna, **Esc** går tillbaka."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Tillbaka", id="organs.back"),
        Binding("n", "new_organ", "Nytt organ", id="organs.new"),
        Binding("e", "edit_organ", "Redigera organ", id="organs.edit"),
        Binding("l", "new_member", "Ny ledamot", id="organs.member"),
        Binding("enter", "edit_member", "Redigera ledamot", id="organs.member.edit", show=False),
        Binding("delete", "delete_member", "Ta bort ledamot", id="organs.member.delete"),
        Binding("c", "import_csv", "CSV-import", id="organs.csv"),
    ]

    def __init__(self, store: StoreApi) -> None:
        super().__init__()
        self.store = store
        self.organs: list[Organ] = []
        self.current: Organ | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal():
            with Vertical(id="register-organs"):
                yield Static("Organ", classes="pane-title")
                yield OptionList(id="register-list")
            with Vertical(id="register-detail"):
                yield Static(id="organ-facts")
                yield Static("Ledamöter och ersättare", classes="pane-title")
                yield DataTable(id="member-table", cursor_type="row", zebra_stripes=True)
        yield KallelseFooter()

    def on_mount(self) -> None:
        table = self.query_one("#member-table", DataTable)
        for label, key in [
            ("Namn", "namn"),
            ("Parti", "parti"),
            ("Roll", "roll"),
            ("Från", "fran"),
            ("Till", "till"),
        ]:
            table.add_column(label, key=key)
        self.load()
        self.query_one("#register-list").focus()

    def load(self, select: str | None = None) -> None:
        self.organs = self.store.organs()
        keep = select or (self.current.id if self.current else None)
        options: list[Option] = []
        kommun = None
        for organ in self.organs:
            if organ.kommun != kommun:
                kommun = organ.kommun
                options.append(Option(Text(kommun or "Utan kommun", style="bold"), disabled=True))
            options.append(Option(f"{organ.kortnamn:<6}{organ.namn}", id=organ.id))
        organ_list = self.query_one("#register-list", OptionList)
        organ_list.clear_options()
        organ_list.add_options(options)
        ids = [o.id for o in options]
        if keep in ids:
            organ_list.highlighted = ids.index(keep)
        elif self.organs:
            organ_list.highlighted = ids.index(self.organs[0].id)
        self._show(
            next((o for o in self.organs if o.id == keep), None)
            or (self.organs[0] if self.organs else None)
        )

    @on(OptionList.OptionHighlighted, "#register-list")
    def _chosen(self, event: OptionList.OptionHighlighted) -> None:
        self._show(next((o for o in self.organs if o.id == event.option.id), None))

    @on(OptionList.OptionSelected, "#register-list")
    def _to_members(self) -> None:
        self.query_one("#member-table").focus()

    def _show(self, organ: Organ | None) -> None:
        self.current = organ
        facts = self.query_one("#organ-facts", Static)
        table = self.query_one("#member-table", DataTable)
        table.clear()
        if organ is None:
            facts.update(
                Text("Registret är tomt. Tryck n för att lägga till ett organ.", style="dim")
            )
            return
        r = organ.reglemente
        rows = [
            Text.assemble(
                (organ.namn, "bold"),
                f" ({organ.kortnamn})",
                f", {organ.kommun}" if organ.kommun else "",
                f" – {organ.typ.value}",
            ),
            Text(
                f"Kallelse senast {r.kallelse_dagar} dagar före · delegationsbeslut "
                f"{r.delegation_dagar_fore} dagar före · justering inom {r.justering_dagar} "
                "dagar"
            ),
            Text(
                "Plats och tid: "
                + ", ".join(x for x in (r.plats, klockslag(r.tid) if r.tid else "") if x)
                or "–"
            ),
            Text("Standardärenden: " + (", ".join(r.standardarenden) or "–")),
            Text(
                "Undertecknare: "
                + (
                    ", ".join(
                        f"{u.namn} ({u.titel})" if u.titel else u.namn for u in organ.undertecknare
                    )
                    or "–"
                )
            ),
        ]
        if organ.forsta_paragraf:
            rows.append(
                Text(
                    "Första §: "
                    + ", ".join(f"{y}: § {n}" for y, n in sorted(organ.forsta_paragraf.items()))
                )
            )
        facts.update(Text("\n").join(rows))
        for m in organ.ledamoter:
            table.add_row(
                m.namn,
                m.parti,
                m.roll.value,
                m.fran.isoformat() if m.fran else "",
                m.till.isoformat() if m.till else "",
                key=m.id,
            )

    def _save(self, organ: Organ, message: str) -> bool:
        try:
            self.store.save_organ(organ)
        except DomainError as exc:
            self.notify(str(exc), title="Inte sparat", severity="error", timeout=15)
            return False
        self.load(select=organ.id)
        self.notify(message)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"edit_organ", "new_member", "import_csv"} and self.current is None:
            return None
        if action in {"edit_member", "delete_member"} and not (
            self.current and self.current.ledamoter
        ):
            return None
        return True

    def action_new_organ(self) -> None:
        def done(organ: Organ | None) -> None:
            if organ is not None:
                self._save(organ, f"{organ.namn_och_kommun} är tillagt.")

        self.app.push_screen(OrganForm(None, {o.id for o in self.organs}), done)

    def action_edit_organ(self) -> None:
        if self.current is None:
            return

        def done(organ: Organ | None) -> None:
            if organ is not None:
                self._save(organ, f"{organ.namn} är sparat.")

        self.app.push_screen(OrganForm(self.current, {o.id for o in self.organs}), done)

    def _member_id(self) -> str | None:
        return cursor_key(self.query_one("#member-table", DataTable))

    def action_new_member(self) -> None:
        organ = self.current
        if organ is None:
            return
        new_id = organ.nytt_ledamot_id()

        def done(ledamot: Ledamot | None) -> None:
            if ledamot is not None:
                organ.ledamoter.append(ledamot)
                self._save(organ, f"{ledamot.visningsnamn} är tillagd i {organ.namn}.")

        self.app.push_screen(LedamotForm(Ledamot(new_id, ""), True, organ.namn), done)

    @on(DataTable.RowSelected, "#member-table")
    def _member_selected(self) -> None:
        self.action_edit_member()

    def action_edit_member(self) -> None:
        organ, member_id = self.current, self._member_id()
        if organ is None or member_id is None:
            return
        ledamot = organ.ledamot(member_id)

        def done(result: Ledamot | None) -> None:
            if result is not None:
                organ.ledamoter[organ.ledamoter.index(ledamot)] = result
                self._save(organ, f"{result.visningsnamn} är sparad.")

        self.app.push_screen(LedamotForm(ledamot, False, organ.namn), done)

    def action_delete_member(self) -> None:
        organ, member_id = self.current, self._member_id()
        if organ is None or member_id is None:
            return
        ledamot = organ.ledamot(member_id)
        # A member the protokoll names must stay, or the names (and the justering, which
        # records them) could no longer be looked up: the mandate ends instead.
        try:
            naming = self.store.meetings_naming(organ.id, member_id)
        except DomainError as exc:  # a damaged meeting file: cannot tell, so keep the member
            self.notify(str(exc), title="Inte borttagen", severity="error", timeout=30)
            return
        if naming:
            exempel = ", ".join(row.id for row in naming[:3])
            self.notify(
                f"{ledamot.visningsnamn} finns med i {len(naming)} sammanträden ({exempel}"
                f"{' …' if len(naming) > 3 else ''}) och kan inte tas bort. Sätt ett "
                "slutdatum för mandatet i stället (Enter på ledamoten).",
                title="Ledamoten behövs i protokollen",
                severity="warning",
                timeout=12,
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                organ.ledamoter.remove(ledamot)
                self._save(organ, f"{ledamot.visningsnamn} är borttagen ur {organ.namn}.")

        self.app.push_screen(
            ConfirmScreen(
                f"Ta bort {ledamot.visningsnamn} ur {organ.namn}?",
                "Ledamoten finns inte med i något sammanträde.",
            ),
            answered,
        )

    def action_import_csv(self) -> None:
        organ = self.current
        if organ is None:
            return
        from kallelse_tui.tui.csv_import_screen import CsvImportScreen

        def done(rows: list[CsvRad] | None) -> None:
            if rows:
                organ.ledamoter.extend(som_ledamoter(rows, organ))
                self._save(organ, f"{len(rows)} ledamöter är inlästa i {organ.namn}.")

        self.app.push_screen(CsvImportScreen(organ.namn), done)
