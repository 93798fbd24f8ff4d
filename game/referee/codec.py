"""Turn the referee's frozen dataclasses into JSON-safe data and back, exactly."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

# Classes with their own wire form: class -> (encode, decode).
_CUSTOM: dict[type, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {}


def register(cls: type, encode: Callable[[Any], Any], decode: Callable[[Any], Any]) -> None:
    """Give `cls` its own wire form."""
    _CUSTOM[cls] = (encode, decode)


def to_data(obj: Any) -> Any:
    """Return `obj` as dicts, lists and scalars."""
    custom = _CUSTOM.get(type(obj))
    if custom is not None:
        return custom[0](obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {name: to_data(getattr(obj, name)) for name in _field_names(type(obj))}
    if isinstance(obj, tuple | list):
        return [to_data(item) for item in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    return obj


def from_data(cls: Any, data: Any) -> Any:
    """Return the value of type `cls` that `data` describes."""
    if cls is Any:
        return data
    custom = _CUSTOM.get(cls)
    if custom is not None:
        return None if data is None else custom[1](data)
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        hints = _hints(cls)
        return cls(**{name: from_data(hints[name], data[name]) for name in hints if name in data})
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        options = [a for a in typing.get_args(cls) if a is not type(None)]
        return from_data(options[0], data)
    if origin is tuple:
        args = typing.get_args(cls)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], item) for item in data)
        return tuple(from_data(a, item) for a, item in zip(args, data, strict=True))
    if origin is dict:
        _, value_type = typing.get_args(cls)
        return {k: from_data(value_type, v) for k, v in data.items()}
    if cls is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    return data


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _hints(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}
