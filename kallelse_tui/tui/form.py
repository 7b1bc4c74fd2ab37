"""The base of every form: labelled fields, errors beside them, F2 saves, Esc asks before
throwing typed text away, F4 hands a long text to $EDITOR (TextArea keeps Ctrl+E for
end of line)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from textual.app import App, ComposeResult, CSSPathType, SuspendNotSupported
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from kallelse_tui.domain.errors import DomainError, ValidationError
from kallelse_tui.domain.rensa import rensa_text
from kallelse_tui.tui.footer import KallelseFooter
from kallelse_tui.tui.svenska import select_pa_svenska

T = TypeVar("T")
select_pa_svenska()


def field(label: str, widget: Widget, hint: str = "") -> Vertical:
    """A label, the widget, and the line where its error shows."""
    parts: list[Widget] = [Label(label, classes="field-label"), widget]
    if hint:
        parts.append(Static(hint, classes="field-hint"))
    parts.append(Static("", id=f"{widget.id}-error", classes="field-error"))
    return Vertical(*parts, classes="field")


class FormScreen(ModalScreen[T | None], Generic[T]):
    """Subclasses give `form_fields()` and `build()`; `CHECKS` validates Inputs as typed."""

    CSS_PATH: ClassVar[CSSPathType | None] = "form.tcss"
    FORM_TITLE: ClassVar[str] = ""
    CHECKS: ClassVar[dict[str, Callable[[str], object]]] = {}
    ASK_BEFORE_DISCARD: ClassVar[bool] = True  # False for forms with nothing worth keeping
    # The field focused when the form shows: the first Input or TextArea unless a form
    # names another (a choice that comes first in reading order, so Tab follows the page).
    FIRST_FIELD: ClassVar[str] = ""
    BINDINGS = [
        Binding("f2", "save", "Spara", id="form.save"),
        Binding("escape", "cancel", "Avbryt", id="form.cancel"),
        Binding("f4", "external_editor", "Öppna i $EDITOR", id="form.editor"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._initial: dict[str, Any] = {}
        # True from the form's first resume until it is dismissed: a question or picker
        # closing above it resumes it too, and must find what was typed untouched.
        self._showing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static(self.title or self.FORM_TITLE, id="form-title")
            with VerticalScroll(id="form-fields"):
                yield from self.form_fields()
            yield Static("", id="form-message")
        yield KallelseFooter()

    def form_fields(self) -> Iterable[Widget]:
        raise NotImplementedError

    def set_value(self, widget_id: str, value: object) -> None:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            widget.text = str(value)
        else:
            widget.value = value  # type: ignore[attr-defined]

    def build(self) -> T:
        """The result from the fields; raise ValidationError(field_id, message) when wrong."""
        raise NotImplementedError

    def fill(self) -> None:
        """Put the values in the fields; forms that are reused (see `reusable_form`) do it
        here, every time they are shown."""

    def dismiss(self, result: T | None = None) -> AwaitComplete:
        self._showing = False
        return super().dismiss(result)

    def on_screen_resume(self) -> None:
        if self._showing:
            return
        self._showing = True
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.remove_class("-shown")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        self.query_one("#form-message", Static).update("")
        self.fill()
        self._initial = self._values()
        self.query_one("#form-fields", VerticalScroll).scroll_home(animate=False)
        selector = f"#{self.FIRST_FIELD}" if self.FIRST_FIELD else "Input, TextArea"
        first = next(iter(self.query_one("#form-fields").query(selector)), None)
        if first is not None:
            first.focus()

    # -- reading fields ----------------------------------------------------------------

    def text(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, Input):
            return rensa_text(widget.value).strip()
        if isinstance(widget, TextArea):
            return rensa_text(widget.text).strip()
        raise TypeError(widget_id)

    def file_to_write(self, widget_id: str = "path") -> Path:
        """The file a form exports to: given, not a folder, in a folder that exists."""
        from kallelse_tui.store.paths import path_kind, typed_path

        text = self.text(widget_id)
        if not text:
            raise ValidationError(widget_id, "Ange var filen ska sparas.")
        path = typed_path(text)
        if path_kind(path) == "dir":
            raise ValidationError(widget_id, f"{path} är en mapp; ange ett filnamn.")
        if path_kind(path.parent) != "dir":
            raise ValidationError(widget_id, f"Mappen {path.parent} finns inte; skapa den först.")
        return path

    def checked(self, widget_id: str) -> bool:
        return self.query_one(f"#{widget_id}", Checkbox).value

    def selected(self, widget_id: str) -> Any:
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value is Select.NULL else value

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for widget in self.query(
            "#form-fields Input, #form-fields TextArea, #form-fields Checkbox, #form-fields Select"
        ):
            if isinstance(widget, TextArea):
                values[str(widget.id)] = widget.text
            else:
                values[str(widget.id)] = getattr(widget, "value", None)
        return values

    @property
    def dirty(self) -> bool:
        return self.ASK_BEFORE_DISCARD and self._values() != self._initial

    # -- validation as typed -------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        check = self.CHECKS.get(str(event.input.id))
        if check is None:
            return
        message = ""
        if event.value.strip():
            try:
                check(event.value)
            except ValidationError as exc:
                message = exc.message
        self.show_error(str(event.input.id), message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def show_error(self, widget_id: str, message: str) -> None:
        errors = self.query(f"#{widget_id}-error")
        if errors:
            errors.first(Static).update(message)
            errors.first().set_class(bool(message), "-shown")
        self.query_one(f"#{widget_id}").set_class(bool(message), "-invalid")

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "external_editor":  # only where there is a text to hand over
            return bool(self.query("#form-fields TextArea"))
        return True

    def action_save(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.remove_class("-shown")
        try:
            result = self.build()
        except ValidationError as exc:
            target = exc.field if self.query(f"#{exc.field}") else None
            if target:
                self.show_error(target, exc.message)
                self.query_one(f"#{target}").focus()
            self.query_one("#form-message", Static).update(f"[b]Inte sparat:[/b] {exc.message}")
            return
        except DomainError as exc:
            self.query_one("#form-message", Static).update(f"[b]Inte sparat:[/b] {exc}")
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from kallelse_tui.tui.confirm_screen import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Kasta ändringarna?", "Det du skrivit i formuläret sparas inte."),
            answered,
        )

    def action_external_editor(self) -> None:
        area = self.focused
        if not isinstance(area, TextArea):
            self.notify("Ställ markören i en textruta först.", severity="warning")
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "nano"
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write(area.text)
            path = Path(f.name)
        try:
            with self.app.suspend():
                result = subprocess.run([*shlex.split(editor), str(path)], check=False)
            if result.returncode == 0:
                area.text = path.read_text(encoding="utf-8").rstrip("\n")
            else:
                self.notify(
                    f"{editor} avslutades med fel; texten är oförändrad.", severity="warning"
                )
        except SuspendNotSupported:
            self.notify("Terminalen kan inte lämnas över till en editor här.", severity="warning")
        except OSError as exc:
            self.notify(f"Kunde inte starta {editor}: {exc.strerror or exc}.", severity="error")
        finally:
            path.unlink(missing_ok=True)


F = TypeVar("F", bound=FormScreen[Any])


def reusable_form(app: App[object], form_type: type[F]) -> F:
    """One installed instance per form type: composing a big form costs a few hundred ms,
    showing an installed one again costs nothing. The caller prepares it, then pushes it."""
    name = f"form:{form_type.__name__}"
    if not app.is_screen_installed(name):
        app.install_screen(form_type(), name)
    return app.get_screen(name, form_type)
