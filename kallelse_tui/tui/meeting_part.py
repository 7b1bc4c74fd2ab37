"""The base of screens that work on the meeting the meeting screen holds (justering,
expediering): they read and replace `owner.mote`, so its summary shows what they record."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.screen import Screen

from kallelse_tui.domain.model import Organ, Sammantrade
from kallelse_tui.store import StoreApi

if TYPE_CHECKING:
    from kallelse_tui.tui.meeting_screen import MeetingScreen


class MeetingPartScreen(Screen[None]):
    def __init__(self, owner: MeetingScreen) -> None:
        super().__init__()
        self.owner = owner

    @property
    def store(self) -> StoreApi:
        return self.owner.store

    @property
    def mote(self) -> Sammantrade:
        return self.owner.mote

    @property
    def organ(self) -> Organ:
        return self.owner.organ

    @property
    def read_only(self) -> bool:
        """Nothing can be saved: the store is read-only or someone else edits the meeting."""
        return self.owner.read_only

    def idag(self) -> date:
        return self.owner.idag()
