"""A screen's autosaves on a thread of their own, so that a key never waits for a write.

The UI thread hands a save over and goes on taking keys; its result comes back as a
message. Saves handed over run one after the other, in the order they were made; before
any other store call the screen waits for them (`wait`), so none runs beside it. Each save has
a number: a result older than one already shown is not shown (a later save decided).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from textual.message import Message
from textual.message_pump import MessagePump

from kallelse_tui.domain.errors import DomainError


class SaveDone(Message):
    """A save has finished: `error` None when it was written."""

    def __init__(self, number: int, error: DomainError | OSError | None) -> None:
        super().__init__()
        self.number = number
        self.error = error


class BackgroundSave:
    def __init__(self, owner: MessagePump) -> None:
        self._owner = owner
        self._executor: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None  # the last handed over; the thread
        self._target: object = None  # runs them in turn, so the others are done before it
        self._made = 0
        self._shown = 0

    def number(self) -> int:
        """The next save's number (a save made in the UI thread takes one too)."""
        self._made += 1
        return self._made

    def submit(self, save: Callable[[], None], target: object) -> None:
        """Run `save` on the writer thread after any save handed over before it, without
        waiting for those: a write that stalls on the disk must not hold up the keys typed
        meanwhile. A save of the same `target` still waiting its turn is dropped, as this
        one writes what it would have and more. SaveDone reaches the owner when it is done."""
        number = self.number()
        if self._pending is not None and self._target is target:
            self._pending.cancel()  # only succeeds while it has not started

        def run() -> None:
            try:
                save()
            except (DomainError, OSError) as exc:  # told like a failed save in the UI thread
                self._owner.post_message(SaveDone(number, exc))
            else:
                self._owner.post_message(SaveDone(number, None))

        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="autospar")
        self._pending = self._executor.submit(run)
        self._target = target

    def wait(self) -> None:
        """Return once every save handed over has been written (or has failed)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def current(self, number: int) -> bool:
        """Whether the result of save `number` is the newest to show."""
        if number < self._shown:
            return False
        self._shown = number
        return True

    def close(self) -> None:
        self.wait()
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None
