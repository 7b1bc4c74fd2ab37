"""Digital justering from the justering screen: who signs, with which key (a PKCS#12 file
or a card through its PKCS#11 library) and its password or PIN, which is used once and
never stored. The signing itself runs in a worker (`signera`), with its steps shown."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.domain.signatur import Undertecknande
from kallelse_tui.tui.form import FormScreen, field

if TYPE_CHECKING:
    from kallelse_tui.export.signering import Nyckel
    from kallelse_tui.store import StoreApi as Store

P12, PKCS11 = "p12", "pkcs11"
NYCKELTYPER = [("Certifikatfil (PKCS#12, .p12/.pfx)", P12), ("E-tjänstekort (PKCS#11)", PKCS11)]
PKCS11_ENV = "KALLELSE_PKCS11"  # a default library path, e.g. the kommun's card reader


@dataclass(frozen=True)
class SigneraUppgifter:
    namn: str
    nyckel: Nyckel


class SigneraForm(FormScreen[SigneraUppgifter]):
    ASK_BEFORE_DISCARD = False  # a password is nothing to keep
    FIRST_FIELD = "vem"  # top to bottom: Tab Tab from here reaches the file
    BINDINGS = [Binding("f2", "save", "Signera", id="signera.save")]

    def __init__(self, mote_id: str, kvar: Sequence[Undertecknande]) -> None:
        super().__init__()
        self.kvar = list(kvar)
        self.title = f"Signera protokollet {mote_id} digitalt"

    def form_fields(self) -> Iterable[Widget]:
        yield Static(
            Text(
                "Var och en signerar med sitt eget certifikat. Underskriften läggs i "
                "protokollets signaturfält; lösenordet eller PIN-koden sparas aldrig.",
                style="dim",
            )
        )
        vem = [(f"{u.namn}, {u.roll.lower()}", u.namn) for u in self.kvar]
        yield field(
            "Vem signerar",
            Select(vem, value=vem[0][1] if vem else Select.NULL, allow_blank=False, id="vem"),
        )
        yield field("Nyckel", Select(NYCKELTYPER, value=P12, allow_blank=False, id="nyckeltyp"))
        yield field(
            "Fil eller bibliotek",
            Input(id="nyckelfil", placeholder="~/certifikat/anna.p12"),
            "certifikatfilen, eller kortets PKCS#11-bibliotek (t.ex. …/libsofthsm2.so)",
        )
        yield field("Lösenord eller PIN-kod", Input(id="hemlighet", password=True))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "nyckeltyp" and event.value == PKCS11:
            fil = self.query_one("#nyckelfil", Input)
            if not fil.value and (standard := os.environ.get(PKCS11_ENV)):
                fil.value = standard

    def build(self) -> SigneraUppgifter:
        from kallelse_tui.export.signering import P12 as P12Nyckel
        from kallelse_tui.export.signering import Pkcs11

        namn = self.selected("vem")
        if not namn:
            raise ValidationError("vem", "Alla har redan signerat protokollet.")
        text = self.text("nyckelfil")
        if not text:
            raise ValidationError("nyckelfil", "Ange certifikatfilen eller kortets bibliotek.")
        fil = Path(text).expanduser()
        if not fil.is_file():
            raise ValidationError("nyckelfil", f"Filen {fil} finns inte.")
        hemlighet = self.query_one("#hemlighet", Input).value  # as typed: spaces count
        if self.selected("nyckeltyp") == PKCS11:
            return SigneraUppgifter(namn, Pkcs11(fil, hemlighet))
        return SigneraUppgifter(namn, P12Nyckel(fil, hemlighet))


def signera(
    node: DOMNode,
    store: Store,
    meeting_id: str,
    uppgifter: SigneraUppgifter,
    visa: Callable[[str], None],
    klar: Callable[[], None],
) -> None:
    """Check on this thread, sign in a worker (a card may take seconds), then record on
    this thread again: the store has one writer. `visa` shows each step, `klar` runs
    when the signing has ended either way."""
    from kallelse_tui.store.signaturer import forbered, kvar, spara, underteckna

    app = node.app
    try:
        f = forbered(store, meeting_id, uppgifter.namn)
    except DomainError as exc:
        app.notify(str(exc), title="Inte signerat", severity="error", timeout=15)
        return

    def steg(text: str) -> None:
        app.call_from_thread(visa, f"⏳ {text} …")

    def arbete() -> None:
        try:
            signatur, signerad = underteckna(f, uppgifter.nyckel, steg)
        except DomainError as exc:
            app.call_from_thread(app.notify, str(exc), title="Inte signerat", severity="error")
            app.call_from_thread(klar)
            return
        app.call_from_thread(avsluta, signatur, signerad)

    def avsluta(signatur: object, signerad: bytes) -> None:
        from kallelse_tui.domain.model import Signatur

        assert isinstance(signatur, Signatur)
        try:
            path = spara(store, f, signatur, signerad)
        except DomainError as exc:
            app.notify(str(exc), title="Inte signerat", severity="error", timeout=15)
        else:
            vantar = kvar(f.mote, f.organ)
            rest = (
                "Väntar på " + "; ".join(f"{u.namn}, {u.roll.lower()}" for u in vantar) + "."
                if vantar
                else "Alla har signerat; exporten av protokollet som PDF ger den signerade filen."
            )
            app.notify(
                f"{signatur.namn} har signerat som {signatur.roll.lower()}. Den signerade "
                f"PDF-filen sparades i lagret: {path}. {rest}",
                title="Signerat digitalt",
                timeout=15,
            )
        klar()

    visa("⏳ Signerar …")
    node.run_worker(arbete, thread=True, exclusive=True, group="signera")
