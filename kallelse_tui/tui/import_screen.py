"""Paste a kallelse or an ärendelista (or name a text file), see what was read, confirm.

From the meetings list it makes a new meeting; from a meeting it adds the items to it.
Datum, tid and plats are filled from the text and may be typed over. What the handlingar
after the agenda propose (förslag till beslut, handläggare, mottagare) is shown and taken
only when the secretary presses F8."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static, TextArea

from kallelse_tui.domain.datum import klockslag, lang_datum, parse_datum, parse_tid
from kallelse_tui.domain.errors import DomainError, ValidationError, os_orsak
from kallelse_tui.domain.import_mapping import hitta_organ, som_arenden, som_sammantrade
from kallelse_tui.domain.importer import KallelseImport, parse_kallelse_text
from kallelse_tui.domain.model import Arende, Organ, Sammantrade
from kallelse_tui.domain.rensa import rensa_text
from kallelse_tui.store.paths import shown, typed_path
from kallelse_tui.tui.form import FormScreen, field

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}


class ImportScreen(FormScreen[Sammantrade | list[Arende]]):
    CSS_PATH = ["form.tcss", "import_screen.tcss"]
    CHECKS = {"datum": parse_datum, "tid": parse_tid}
    BINDINGS = [
        *FormScreen.BINDINGS,
        Binding("f8", "toggle_handlingar", "Handlingarnas förslag", id="import.handlingar"),
    ]

    def __init__(
        self, organs: list[Organ], target: Sammantrade | None = None, taken: set[str] | None = None
    ) -> None:
        super().__init__()
        self.organs = {o.id: o for o in organs}
        self.target = target
        self.taken = taken or set()
        self.result: KallelseImport = parse_kallelse_text("")
        self.med_handlingar = False  # the secretary took what the handlingar propose (F8)
        self.title = "Klistra in ärendelista" if target else "Importera kallelse"

    def form_fields(self) -> Iterable[Widget]:
        yield field(
            "Textfil (eller klistra in texten nedan)",
            Input(id="fil", placeholder="/sökväg/till/kallelse.txt – Enter läser filen"),
        )
        yield field(
            "Kallelsens text",
            TextArea(id="text", soft_wrap=False),
            "Klistra in med terminalens klistra-in (Ctrl+Shift+V eller mittenknappen).",
        )
        if self.target is None:
            yield Horizontal(
                field(
                    "Organ",
                    Select(
                        [
                            (f"{o.kortnamn} – {o.namn_och_kommun}", o.id)
                            for o in self.organs.values()
                        ],
                        id="organ",
                        prompt="Välj organ",
                    ),
                ),
                field("Datum", Input(id="datum", placeholder="hämtas ur texten")),
                classes="row",
            )
            yield Horizontal(
                field("Tid", Input(id="tid", placeholder="hämtas ur texten")),
                field("Plats", Input(id="plats", placeholder="hämtas ur texten")),
                classes="row",
            )
        yield Static("", id="import-summary")
        yield DataTable(id="import-items", cursor_type="row", zebra_stripes=True)
        yield Static("", id="import-handlingar")
        yield Static("", id="import-problems")

    def on_mount(self) -> None:
        table = self.query_one("#import-items", DataTable)
        table.add_column("Nr")
        table.add_column("Ärende", width=64)
        table.add_column("Dnr")
        table.add_column("Rad")

    @on(Input.Submitted, "#fil")
    def _read_file(self, event: Input.Submitted) -> None:
        event.stop()
        path = typed_path(event.value)
        try:
            if path.suffix.lower() not in TEXT_SUFFIXES:
                raise ValidationError(
                    "fil",
                    f"{shown(path.name)} är ingen textfil. Öppna den, kopiera texten och klistra "
                    "in den här, eller spara den som .txt.",
                )
            text = path.read_text(encoding="utf-8", errors="replace")
        except ValidationError as exc:
            self.show_error("fil", exc.message)
            return
        except (OSError, ValueError) as exc:  # ValueError: a NUL byte in what was pasted
            reason = os_orsak(exc) if isinstance(exc, OSError) else "ogiltigt namn"
            self.show_error("fil", f"Kunde inte läsa {shown(path)}: {reason}.")
            return
        self.show_error("fil", "")
        self.query_one("#text", TextArea).text = text
        self.query_one("#text").focus()

    @on(TextArea.Changed, "#text")
    def _text_changed(self) -> None:
        self.set_timer(0.2, self._preview, name="preview")

    def _preview(self) -> None:
        self.result = imp = parse_kallelse_text(rensa_text(self.query_one("#text", TextArea).text))
        table = self.query_one("#import-items", DataTable)
        table.clear()
        for rad in imp.arenden:
            table.add_row(str(rad.nummer), rad.rubrik, rad.dnr, str(rad.rad))
        facts = [f"{len(imp.arenden)} ärenden"]
        if imp.organ:
            facts.append(imp.organ)
        if imp.datum:
            facts.append(lang_datum(imp.datum))
        if imp.tid:
            slut = f"–{imp.tid_slut:%H:%M}" if imp.tid_slut else ""
            facts.append(klockslag(imp.tid) + slut)
        if imp.plats:
            facts.append(imp.plats)
        self.query_one("#import-summary", Static).update(Text("Inläst: " + ", ".join(facts)))
        problems = [
            Text(f"Rad {p.rad}: {p.orsak}  ”{p.text.strip()[:60]}”", style="yellow")
            for p in imp.problem
        ]
        self.query_one("#import-problems", Static).update(Text("\n").join(problems))
        self._show_handlingar()
        if self.target is None:
            self._prefill(imp)

    def _show_handlingar(self) -> None:
        """What the handlingar offer, and whether it is taken (F8 switches)."""
        rader = []
        for h in self.result.handlingar:
            delar = []
            if punkter := sum(len(f.punkter) for f in h.forslag):
                delar.append(
                    f"förslag till beslut ({punkter} {'punkt' if punkter == 1 else 'punkter'})"
                )
            if h.handlaggare:
                delar.append(f"handläggare {h.handlaggare.namn}")
            if h.skickas_till:
                delar.append("skickas till " + ", ".join(m.namn for m in h.skickas_till))
            rader.append(f"  Ärende {h.nummer} ({h.dnr}): {'; '.join(delar)}")
        text = Text()
        if rader:
            tas = "tas med – F8 låter bli" if self.med_handlingar else "tas inte med – F8 tar med"
            text.append(f"Ur handlingarna efter listan ({tas}):\n", style="bold")
            text.append("\n".join(rader))
        self.query_one("#import-handlingar", Static).update(text)

    def action_toggle_handlingar(self) -> None:
        if not self.result.handlingar:
            self.notify("Handlingarna efter listan föreslår inget för ärendena.", timeout=4)
            return
        self.med_handlingar = not self.med_handlingar
        self._show_handlingar()

    def _prefill(self, imp: KallelseImport) -> None:
        for widget_id, value in (
            ("datum", imp.datum.isoformat() if imp.datum else ""),
            ("tid", f"{imp.tid:%H:%M}" if imp.tid else ""),
            ("plats", imp.plats),
        ):
            widget = self.query_one(f"#{widget_id}", Input)
            if value and not widget.value:
                widget.value = value
        organ = self.query_one("#organ", Select)
        if imp.organ and organ.value is Select.NULL:
            try:
                organ.value = hitta_organ(imp.organ, list(self.organs.values()), imp.kommun).id
            except DomainError:
                pass  # several or none: the secretary chooses

    def build(self) -> Sammantrade | list[Arende]:
        self._preview()
        imp = self.result
        if not imp.arenden:
            raise ValidationError("text", "Texten innehåller inga numrerade ärenden att läsa in.")
        if self.target is not None:
            organ = self.organs[self.target.organ_id]
            return som_arenden(
                imp.arenden,
                organ,
                self.target.nytt_arende_id_generator(),
                imp.handlingar if self.med_handlingar else None,
            )
        organ_id = self.selected("organ")
        if organ_id is None:
            raise ValidationError("organ", "Välj vilket organ kallelsen gäller.")
        datum: date | None = None
        if self.text("datum"):
            datum = parse_datum(self.text("datum"), "datum")
        elif imp.datum is None:
            raise ValidationError("datum", "Ange sammanträdets datum; texten anger inget.")
        tid = parse_tid(self.text("tid")) if self.text("tid") else None
        return som_sammantrade(
            imp,
            self.organs[organ_id],
            self.taken,
            datum,
            tid,
            self.text("plats"),
            med_handlingar=self.med_handlingar,
        )
