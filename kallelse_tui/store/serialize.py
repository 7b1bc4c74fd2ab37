"""Domain dataclasses to JSON-ready dicts and back, driven by their type hints.

One converter for every class, so a new field needs no code here. Dates are ISO strings,
times "HH:MM", enums their Swedish value. A document that does not fit raises
StoreCorruptError naming the field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
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


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_dict(cls: type[T], data: Any, where: str = "") -> T:
    """Build `cls` from `data`; unknown keys are ignored, missing ones take their defaults."""
    result: T = _convert(cls, data, where or cls.__name__)
    return result


def _convert(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _convert(args[0], value, where)
    if origin is list:
        (item_type,) = typing.get_args(tp)
        _expect(isinstance(value, list), where, "en lista")
        return [_convert(item_type, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        _key_type, value_type = typing.get_args(tp)
        _expect(isinstance(value, dict), where, "ett objekt")
        return {k: _convert(value_type, v, f"{where}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        _expect(isinstance(value, dict), where, "ett objekt")
        hints = _hints(tp)
        kwargs = {
            f.name: _convert(hints[f.name], value[f.name], f"{where}.{f.name}")
            for f in dataclasses.fields(tp)
            if f.name in value
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
    try:
        if isinstance(tp, type) and issubclass(tp, Enum):
            return tp(value)
        if tp is time:
            return time.fromisoformat(value)
        if tp is date:
            return date.fromisoformat(value)
    except (ValueError, TypeError):
        raise StoreCorruptError(f"Fältet {where} har ett ogiltigt värde: {value!r}.") from None
    if tp in (str, int, bool, float):
        _expect(isinstance(value, tp), where, _TYPE_NAMES[tp])
        return value
    return value


_TYPE_NAMES = {str: "en text", int: "ett heltal", bool: "sant eller falskt", float: "ett tal"}


def _expect(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise StoreCorruptError(f"Fältet {where} skulle vara {what}.")
