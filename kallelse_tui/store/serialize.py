"""Domain dataclasses to JSON-ready dicts and back, driven by their type hints.

One converter for every class, so a new field needs no code here. Dates are ISO strings,
times "HH:MM", enums their Swedish value. A document that does not fit raises
StoreCorruptError naming the field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, time
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from kallelse_tui.store.errors import StoreCorruptError

T = TypeVar("T")


_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names, or None for any other type (asked once per type)."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


def to_dict(obj: Any) -> Any:
    # Saving a 60-item meeting (every autosave) converts some 7000 values, most of them
    # strings: the exact-type checks first, and dataclass fields looked up once per type.
    kind = type(obj)
    if kind in _SCALARS:
        return obj
    names = _field_names(kind)  # type: ignore[arg-type]  # classes are hashable
    if names is not None:
        return {name: to_dict(getattr(obj, name)) for name in names}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, time):
        return obj.strftime("%H:%M")
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, list | tuple):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


def from_dict(cls: type[T], data: Any, where: str = "") -> T:
    """Build `cls` from `data`; unknown keys are ignored, missing ones take their defaults."""
    try:
        result: T = _converter(cls)(data)  # type: ignore[arg-type]  # classes are hashable
    except _Mismatch as exc:
        path = (where or cls.__name__) + "".join(reversed(exc.path))
        # replace, not format: the message quotes the file's value, braces and all
        raise StoreCorruptError(exc.message.replace("{path}", path)) from None
    return result


class _Mismatch(Exception):
    """A value that does not fit; the path is collected on the way out, so reading a
    document builds no strings unless something is wrong."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.path: list[str] = []


Converter = Callable[[Any], Any]


@cache
def _converter(tp: Any) -> Converter:
    """A converter for one type, built once: the store reads thousands of documents."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = _converter(next(a for a in typing.get_args(tp) if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin is list:
        return _container(list, _converter(typing.get_args(tp)[0]))
    if origin is dict:
        return _container(dict, _converter(typing.get_args(tp)[1]))
    if dataclasses.is_dataclass(tp):
        return _dataclass_converter(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _parsing(tp)
    if tp is time:
        return _parsing(time.fromisoformat)
    if tp is date:
        return _parsing(date.fromisoformat)
    if tp in _TYPE_NAMES:

        def convert_plain(value: Any) -> Any:
            if not isinstance(value, tp):
                raise _Mismatch(f"Fältet {{path}} skulle vara {_TYPE_NAMES[tp]}.")
            return value

        return convert_plain
    return lambda value: value


def _container(kind: type, item: Converter) -> Converter:
    def convert(value: Any) -> Any:
        if not isinstance(value, kind):
            raise _Mismatch(f"Fältet {{path}} skulle vara {_TYPE_NAMES[kind]}.")
        items: Any = value
        pairs = items.items() if kind is dict else enumerate(items)
        out = {}
        for key, element in pairs:
            try:
                out[key] = item(element)
            except _Mismatch as exc:
                exc.path.append(f".{key}" if kind is dict else f"[{key}]")
                raise
        return out if kind is dict else list(out.values())

    return convert


def _dataclass_converter(tp: Any) -> Converter:
    hints = typing.get_type_hints(tp)
    fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(tp)]

    def convert(value: Any) -> Any:
        if not isinstance(value, dict):
            raise _Mismatch("Fältet {path} skulle vara ett objekt.")
        kwargs = {}
        for name, conv in fields:
            if name in value:
                try:
                    kwargs[name] = conv(value[name])
                except _Mismatch as exc:
                    exc.path.append(f".{name}")
                    raise
        try:
            return tp(**kwargs)
        except TypeError:
            missing = [
                f.name
                for f in dataclasses.fields(tp)
                if f.name not in value
                and f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING
            ]
            raise _Mismatch(f"Posten {{path}} saknar fältet {', '.join(missing) or '?'}.") from None

    return convert


def _parsing(parse: Callable[[Any], Any]) -> Converter:
    def convert(value: Any) -> Any:
        try:
            return parse(value)
        except (ValueError, TypeError):
            shown = repr(value)
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            raise _Mismatch(f"Fältet {{path}} har ett ogiltigt värde: {shown}.") from None

    return convert


_TYPE_NAMES: dict[type, str] = {
    str: "en text",
    int: "ett heltal",
    bool: "sant eller falskt",
    float: "ett tal",
    list: "en lista",
    dict: "ett objekt",
}
