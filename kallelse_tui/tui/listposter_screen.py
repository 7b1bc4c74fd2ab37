"""The lines of a meddelanden or delegationsbeslut ärende: each with its number, Dnr, date,
sender or delegate and delegation point; typed one by one or pasted as lines."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from kallelse_tui.domain.datum import parse_datum
from kallelse_tui.domain.dnr import parse_dnr
from kallelse_tui.domain.errors import ValidationError
from kallelse_tui.domain.listposter import parse_listposter
from kallelse_tui.domain.model import Arende, ArendeTyp, ListPost
from kallelse_tui.tui.form import FormScreen, field
from kallelse_tui.tui.item_list import ItemListScreen


class ListPostForm(FormScreen[ListPost]):
    CHECKS = {"dnr": parse_dnr, "datum": parse_datum}

    def __init__(self, post: ListPost, delegation: bool) -> None:
        super().__init__()
        self.post = post
        self.delegation = delegation
        self.title = f"Punkt {post.nummer}"

    def form_fields(self) -> Iterable[Widget]:
        p = self.post
        yield field("Nummer", Input(str(p.nummer), id="nummer"))
        yield field("Dnr", Input(p.dnr, id="dnr"))
        yield field("Datum", Input(p.datum.isoformat() if p.datum else "", id="datum"))
        yield field("Text", Input(p.text, id="text"))
        yield field(
            "Delegat (namn, titel)" if self.delegation else "Avsändare",
            Input(p.avsandare, id="avsandare"),
        )
        if self.delegation:
            yield field("Delegationspunkt", Input(p.delegationspunkt, id="punkt"))

    def build(self) -> ListPost:
        nummer = self.text("nummer")
        if not nummer.isdigit():
            raise ValidationError("nummer", "Numret ska vara ett heltal.")
        if not self.text("text"):
            raise ValidationError("text", "Vad gäller meddelandet eller beslutet?")
        dnr = self.text("dnr")
        datum = self.text("datum")
        return dataclasses.replace(
            self.post,
            nummer=int(nummer),
            dnr=parse_dnr(dnr).original if dnr else "",
            datum=parse_datum(datum) if datum else None,
            text=self.text("text"),
            avsandare=self.text("avsandare"),
            delegationspunkt=self.text("punkt") if self.delegation else self.post.delegationspunkt,
        )


class PasteForm(FormScreen[list[ListPost]]):
    """Lines pasted from Word, Excel or a PDF; the unreadable ones are shown, not guessed."""

    def __init__(self, forsta: int) -> None:
        super().__init__()
        self.forsta = forsta
        self.title = "Klistra in rader"

    def form_fields(self) -> Iterable[Widget]:
        yield field(
            "Rader",
            TextArea(id="rader"),
            "En rad per meddelande eller beslut. Kolumner med tabb, semikolon eller flera "
            "mellanslag: nummer; Dnr; datum; text; avsändare eller delegat; delegationspunkt.",
        )
        yield Static("", id="paste-result")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        posts, problems = parse_listposter(event.text_area.text, self.forsta)
        lines = [Text(f"{len(posts)} rader går att läsa.", style="bold")]
        lines += [Text(p.mening(), style="yellow") for p in problems]
        self.query_one("#paste-result", Static).update(Text("\n").join(lines))

    def build(self) -> list[ListPost]:
        posts, problems = parse_listposter(self.text("rader"), self.forsta)
        if problems:
            raise ValidationError(
                "rader",
                f"{len(problems)} rader går inte att läsa (se ovan); rätta eller ta bort dem.",
            )
        return posts


class ListposterScreen(ItemListScreen[ListPost]):
    COLUMNS = ("Nr", "Dnr", "Datum", "Text", "Avsändare / delegat", "Punkt")
    HELP = (
        "Meddelanden eller redovisade delegationsbeslut i ärendet, en rad var.\n\n"
        "- **a** ny rad, **Enter** ändrar, **Delete** tar bort, **K**/**J** flyttar.\n"
        "- **i** klistrar in rader (från Word, Excel eller PDF); rader som inte går att läsa "
        "visas med sitt nummer, inget gissas.\n\n"
        "Beslutet (”… beslutar lägga dem till handlingarna”) följer listan."
    )
    BINDINGS = [Binding("i", "paste", "Klistra in", id="listposter.paste")]
    EDITING = ItemListScreen.EDITING | {"paste"}

    def __init__(self, arende: Arende, on_change: Callable[[], object], editable: bool) -> None:
        kind = "Delegationsbeslut" if arende.typ is ArendeTyp.DELEGATIONSBESLUT else "Meddelanden"
        super().__init__(f"{kind}: {arende.rubrik}", arende.poster, on_change, editable)
        self.arende = arende

    def row(self, item: ListPost) -> Iterable[Any]:
        return (
            Text(str(item.nummer), justify="right"),
            item.dnr,
            item.datum.isoformat() if item.datum else "",
            item.text[:40],
            item.avsandare[:30],
            item.delegationspunkt,
        )

    def _next_number(self) -> int:
        return max((p.nummer for p in self.items), default=0) + 1

    def form(self, item: ListPost | None) -> ListPostForm:
        delegation = self.arende.typ is ArendeTyp.DELEGATIONSBESLUT
        return ListPostForm(item or ListPost(self._next_number(), ""), delegation)

    def action_paste(self) -> None:
        if not self.editable:
            return

        def done(posts: list[ListPost] | None) -> None:
            if posts:
                self.items.extend(posts)
                self.changed(len(self.items) - 1)
                self.notify(f"{len(posts)} rader tillagda.")

        self.app.push_screen(PasteForm(self._next_number()), done)
