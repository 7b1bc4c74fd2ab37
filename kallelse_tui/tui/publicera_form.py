"""Publishing the digital anslagstavla: which folder the board is written to, and (when
something goes up for the first time) the question whether its anslag is registered today,
so that the board and the store agree. `publicera` runs the whole flow from any screen:
this form, the progress screen, and the message naming what was written."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from kallelse_tui.domain.anslagstavla import Registrering
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.store.paths import path_kind, typed_path
from kallelse_tui.tui.form import FormScreen, field
from kallelse_tui.tui.styles import shown_path

if TYPE_CHECKING:
    from kallelse_tui.tavla import Publicering

MAPPNAMN = "anslagstavla"  # the board's folder, in the last export folder or ~


@dataclass(frozen=True)
class PubliceraVal:
    mapp: Path
    registrera: bool


class PubliceraForm(FormScreen[PubliceraVal]):
    FORM_TITLE = "Publicera anslagstavlan"
    ASK_BEFORE_DISCARD = False
    BINDINGS = [
        Binding("f2", "save", "Publicera", id="form.save"),
        Binding("escape", "cancel", "Avbryt", id="form.cancel"),
    ]

    def __init__(self, mapp: Path, idag: date, nya: list[Registrering]) -> None:
        super().__init__()
        self.mapp = mapp
        self.idag = idag
        self.nya = nya

    def form_fields(self) -> Iterable[Widget]:
        yield field(
            "Anslagstavlans mapp",
            Input(shown_path(self.mapp), id="mapp"),
            "Webbplatsen skrivs hit i sin helhet (index.html, arkiv, Atom, JSON, "
            "kontrollsummor, PDF); en tidigare anslagstavla i mappen ersätts.",
        )
        if self.nya:
            dag = self.idag.isoformat()
            yield field(
                "",
                Checkbox(f"Registrera anslaget i dag, {dag}, för:", value=True, id="registrera"),
            )
            rader = "\n".join(f"  • {r.vad}" for r in self.nya)
            yield Static(
                f"{rader}\nUtan registrering visas de inte på anslagstavlan; tiden för "
                "överklagande räknas från anslagsdagen.",
                classes="field-hint",
                id="publicera-nya",
            )

    def build(self) -> PubliceraVal:
        text = self.text("mapp")
        if not text:
            raise ValidationError("mapp", "Ange anslagstavlans mapp.")
        mapp = typed_path(text)
        if path_kind(mapp.parent) != "dir":
            raise ValidationError("mapp", f"Mappen {mapp.parent} finns inte; skapa den först.")
        if mapp.exists() and path_kind(mapp) != "dir":
            raise ValidationError("mapp", f"{mapp} är en fil, inte en mapp.")
        return PubliceraVal(mapp, bool(self.nya) and self.checked("registrera"))


def publicera(
    screen: Screen[Any],
    klar: Callable[[Publicering], None] | None = None,
    forvaringsplats: dict[str, str] | None = None,
) -> None:
    """Ask, publish with progress, and say what was written (see the module);
    `forvaringsplats` as typed on the justering screen (meeting id → place)."""
    from kallelse_tui.tavla import att_registrera
    from kallelse_tui.tui.publicering_screen import PubliceringScreen

    app = screen.app
    store = app.store  # type: ignore[attr-defined]
    idag: date = app.idag()  # type: ignore[attr-defined]
    forra = getattr(app, "anslagstavla_mapp", None)
    mapp = forra or (getattr(app, "last_export_folder", None) or Path.home()) / MAPPNAMN
    nya = [] if store.readonly else att_registrera(store, idag)

    def vald(val: PubliceraVal | None) -> None:
        if val is not None:
            app.anslagstavla_mapp = val.mapp  # type: ignore[attr-defined]
            skarm = PubliceringScreen(store, val.mapp, idag, val.registrera, forvaringsplats)
            app.push_screen(skarm, gjord)

    def gjord(pub: Publicering | None) -> None:
        if pub is None:
            return
        from kallelse_tui.tavla import sammanfattning

        rader = [sammanfattning(pub)]
        rader += [f"Anslaget registrerat: {r.text}." for r in pub.registrerade]
        rader += [f"Visas inte förrän anslaget registreras: {r.vad}." for r in pub.oregistrerade]
        if pub.utelamnade:
            for text in pub.utelamnade:
                app.notify(text, title="Utelämnat från anslagstavlan", severity="error", timeout=20)
        app.notify("\n".join(rader), title="Anslagstavlan publicerad", timeout=15)
        if klar is not None:
            klar(pub)

    app.push_screen(PubliceraForm(mapp, idag, nya), vald)
