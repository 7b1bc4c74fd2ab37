"""What another session changed in a shared store, as a message to the open screens."""

from __future__ import annotations

from textual.message import Message


class StoreChanged(Message, bubble=False):
    """Another session saved `change`: a meeting's id, or "organ:<id>"."""

    def __init__(self, change: str) -> None:
        super().__init__()
        self.change = change
