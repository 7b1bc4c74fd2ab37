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


def to_dict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
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
    result: T = _converter(cls)(data, where or cls.__name__)
    return result


Converter = Callable[[Any, str], Any]


@cache
def _converter(tp: Any) -> Converter:
    """A converter for one type, built once: the store reads thousands of documents."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = _converter(next(a for a in typing.get_args(tp) if a is not type(None)))
        return lambda value, where: None if value is None else inner(value, where)
    if origin is list:
        item = _converter(typing.get_args(tp)[0])

        def convert_list(value: Any, where: str) -> Any:
            _expect(isinstance(value, list), where, "en lista")
            return [item(v, f"{where}[{i}]") for i, v in enumerate(value)]

        return convert_list
    if origin is dict:
        item = _converter(typing.get_args(tp)[1])

        def convert_dict(value: Any, where: str) -> Any:
            _expect(isinstance(value, dict), where, "ett objekt")
            return {k: item(v, f"{where}.{k}") for k, v in value.items()}

        return convert_dict
    if dataclasses.is_dataclass(tp):
        return _dataclass_converter(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _parsing(tp)
    if tp is time:
        return _parsing(time.fromisoformat)
    if tp is date:
        return _parsing(date.fromisoformat)
    if tp in _TYPE_NAMES:

        def convert_plain(value: Any, where: str) -> Any:
            _expect(isinstance(value, tp), where, _TYPE_NAMES[tp])
            return value

        return convert_plain
    return lambda value, where: value


def _dataclass_converter(tp: Any) -> Converter:
    hints = typing.get_type_hints(tp)
    fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(tp)]

    def convert(value: Any, where: str) -> Any:
        _expect(isinstance(value, dict), where, "ett objekt")
        kwargs = {
            name: conv(value[name], f"{where}.{name}") for name, conv in fields if name in value
        }
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
            raise StoreCorruptError(
                f"Posten {where} saknar fältet {', '.join(missing) or '?'}."
            ) from None

    return convert


def _parsing(parse: Callable[[Any], Any]) -> Converter:
    def convert(value: Any, where: str) -> Any:
        try:
            return parse(value)
        except (ValueError, TypeError):
            raise StoreCorruptError(f"Fältet {where} har ett ogiltigt värde: {value!r}.") from None

    return convert


_TYPE_NAMES = {str: "en text", int: "ett heltal", bool: "sant eller falskt", float: "ett tal"}


def _expect(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise StoreCorruptError(f"Fältet {where} skulle vara {what}.")
