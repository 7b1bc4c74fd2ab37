"""Meeting mode's § texts, kept saved as they are typed.

A pause in typing (or, typing on, MAX_UNSAVED_SECONDS after the first unsaved key) saves
the § on the writer thread (see BackgroundSave); every other save runs in the UI thread
after those. Under the ärendelista one line tells the state: "… skriver", "✓ Sparat" or
"✗ INTE SPARAT" with the reason, and what was typed stays on screen until a save succeeds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Static, TextArea

from kallelse_tui.domain.errors import DomainError
from kallelse_tui.domain.model import Paragraf
from kallelse_tui.domain.rensa import rensa_text
from kallelse_tui.tui.background_save import BackgroundSave

if TYPE_CHECKING:
    from kallelse_tui.tui.sammantrade_screen import SammantradeScreen

AUTOSAVE_SECONDS = 0.4  # after the last key; a save takes about 2 ms
# Typing without a pause never lets the debounce fire: save at the latest this long after
# the first unsaved key, so a crash loses less than a second of typing.
MAX_UNSAVED_SECONDS = 0.8


class ParagrafAutosave:
    """The saving of one meeting-mode screen: its #beslut and #behandling TextAreas hold
    the texts of `shown`, #save-state shows how the last save went."""

    def __init__(self, screen: SammantradeScreen) -> None:
        self.screen = screen
        self.shown: Paragraf | None = None  # the § whose texts are in the TextAreas
        self.failing = False
        self._timer: Timer | None = None
        self._dirty_since: float | None = None  # the first key not saved yet
        self._texts: dict[str, str] = {}  # the TextAreas' texts as last typed, by id
        self._saver = BackgroundSave(screen)
        self._state = ("", "")  # what #save-state shows: text and style

    def typed(self, area: TextArea) -> None:
        """A key changed `area`: save after the pause in typing."""
        p = self.shown
        if p is None or not self.screen.paragraf_editable(p):
            return
        stored = p.beslut if area.id == "beslut" else p.behandling
        text = area.text
        self._texts[area.id or ""] = text  # for the save at unmount
        if text == stored:
            return
        now = time.monotonic()
        if self._dirty_since is None:
            self._dirty_since = now
        if self._timer is not None:
            self._timer.stop()
        left = MAX_UNSAVED_SECONDS - (now - self._dirty_since)
        if left <= 0:
            # Typed without a pause for MAX_UNSAVED_SECONDS: save, but after this key is
            # on screen, so the write does not hold up the character being typed.
            self.screen.call_after_refresh(self._pause_over)
            return
        self._timer = self.screen.set_timer(min(AUTOSAVE_SECONDS, left), self._pause_over)
        self.show_state(Text("… skriver", style="dim"))

    def _pause_over(self) -> None:
        self.flush(background=True)

    def flush(self, background: bool = False) -> None:
        """Copy what is typed into the § and save it, if anything changed. `background`:
        the save goes to the writer thread where the store allows it; without it, once
        this returns nothing is in flight (other store calls may follow)."""
        if not background:
            self._saver.wait()
        self._stop_timer()
        self._dirty_since = None
        self._texts.clear()
        p = self.shown
        screen = self.screen
        if p is None or not screen.paragraf_editable(p) or not screen.is_mounted:
            return
        beslut = rensa_text(screen.query_one("#beslut", TextArea).text)
        behandling = rensa_text(screen.query_one("#behandling", TextArea).text)
        if (beslut, behandling) == (p.beslut, p.behandling) and not self.failing:
            return
        p.beslut, p.behandling = beslut, behandling
        self.save(p, background)

    def save(self, paragraf: Paragraf | None = None, background: bool = False) -> bool:
        """Write the meeting. `paragraf`: the one § typing changed, saved alone (a sixtieth
        of the converting, indexing and comparing of the whole meeting); after a failed
        save the whole meeting, so that what that save held is written too. `background`:
        the § goes to the writer thread (True means handed over; SaveDone tells the
        rest). Any other save first waits for those handed over."""
        store, mote = self.screen.store, self.screen.mote
        save: Callable[[], None]
        if paragraf is None or self.failing:
            save = partial(store.save_meeting, mote)
        else:
            save = partial(store.save_paragraf, mote.id, paragraf)
            if background and store.background_saves:
                self._saver.submit(save, paragraf)
                return True
        self._saver.wait()
        number = self._saver.number()
        try:
            save()
        except (DomainError, OSError) as exc:
            self.done(number, exc)
            return False
        self.done(number, None)
        return True

    def done(self, number: int, error: DomainError | OSError | None) -> None:
        """Show how save `number` went, unless a later save's result is already shown."""
        if not self._saver.current(number):
            return
        if error is not None:
            if not self.failing:
                self.screen.notify(
                    f"{error} Det du skrivit finns kvar på skärmen; programmet försöker igen "
                    "vid nästa ändring (F2 försöker nu).",
                    title="Inte sparat",
                    severity="error",
                    timeout=20,
                )
            self.failing = True
            self.show_state(Text(f"✗ INTE SPARAT: {error}", style="bold reverse red"))
            return
        if self.failing:
            self.screen.notify("Sparat igen.", timeout=4)
        self.failing = False
        self.show_state(Text("✓ Sparat", style="green"))

    def save_now(self) -> None:
        """F2: write now, even when nothing changed since a failed try."""
        self.failing = True
        self.flush()
        if self.shown is None:
            self.save()

    def show_state(self, state: Text) -> None:
        """Show the save state under the list, only when it changes, and without a layout
        (its height is fixed in the CSS): a Static.update lays out the whole screen again,
        which per keystroke cost more than the key itself."""
        key = (state.plain, str(state.style))
        if key == self._state:
            return
        try:
            widget = self.screen.query_one("#save-state", Static)
        except NoMatches:  # a last save while the screen closes: nothing left to show it on
            return
        self._state = key
        widget.update(state, layout=False)

    def close(self) -> None:
        """The last typing, when the app closes on the screen (ctrl+q within the
        autosave's pause): the TextAreas may be gone, so the texts come from _texts."""
        self._stop_timer()
        p = self.shown
        if self._dirty_since is not None and p is not None and self.screen.paragraf_editable(p):
            p.beslut = rensa_text(self._texts.get("beslut", p.beslut))
            p.behandling = rensa_text(self._texts.get("behandling", p.behandling))
            self.save(p)
        self._saver.close()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
