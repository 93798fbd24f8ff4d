"""Turn the referee's frozen dataclasses into JSON-safe data and back, exactly.

Each type's encoder and decoder is built once, from its type hints, and kept:
a world's state decodes every turn in every process that serves it, so walking
the type hints again for each of its thousands of values would cost more than
the values themselves.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

Codec = Callable[[Any], Any]

# Classes with their own wire form: class -> (encode, decode).
_CUSTOM: dict[type, tuple[Codec, Codec]] = {}
# Values that are their own wire form.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def register(cls: type, encode: Codec, decode: Codec) -> None:
    """Give `cls` its own wire form."""
    _CUSTOM[cls] = (encode, decode)
    _encoder.cache_clear()
    _decoder.cache_clear()


def to_data(obj: Any) -> Any:
    """Return `obj` as dicts, lists and scalars."""
    kind = type(obj)
    if kind in _LEAVES:
        return obj
    return _encoder(kind)(obj)


def from_data(cls: Any, data: Any) -> Any:
    """Return the value of type `cls` that `data` describes."""
    return _decoder(cls)(data)


def _same(value: Any) -> Any:
    return value


@cache
def _encoder(kind: type) -> Codec:
    """Return the encoder for values of exactly this runtime type."""
    custom = _CUSTOM.get(kind)
    if custom is not None:
        return custom[0]
    if dataclasses.is_dataclass(kind):
        names = _field_names(kind)
        return lambda obj: {name: to_data(getattr(obj, name)) for name in names}
    if issubclass(kind, tuple | list):
        return lambda obj: [to_data(item) for item in obj]
    if issubclass(kind, dict):
        return lambda obj: {str(k): to_data(v) for k, v in obj.items()}
    return _same


@cache
def _decoder(cls: Any) -> Codec:
    """Return the decoder for values declared as `cls`."""
    if cls is Any:
        return _same
    custom = _CUSTOM.get(cls)
    if custom is not None:
        decode = custom[1]
        return lambda data: None if data is None else decode(data)
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        return _dataclass_decoder(cls)
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(a for a in typing.get_args(cls) if a is not type(None)))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        args = typing.get_args(cls)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            if item is _same:
                return tuple
            return lambda data: tuple([item(value) for value in data])
        items = [_decoder(a) for a in args]
        return lambda data: tuple([d(v) for d, v in zip(items, data, strict=True)])
    if origin is dict:
        value = _decoder(typing.get_args(cls)[1])
        return lambda data: {k: value(v) for k, v in data.items()}
    if cls is float:
        return _float
    return _same


def _float(data: Any) -> Any:
    # JSON writes 2.0 as 2.0, but a hand-written or older file may hold 2.
    if type(data) is int:
        return float(data)
    return data


def _dataclass_decoder(cls: type) -> Codec:
    # Field decoders are looked up on first use, so a class may refer to itself; the
    # list is assigned whole, so a thread never sees it half built.
    fields: list[tuple[str, Codec | None]] | None = None

    def decode(data: Any) -> Any:
        nonlocal fields
        if fields is None:
            fields = [
                (name, None if (field := _decoder(hint)) is _same else field)
                for name, hint in _hints(cls).items()
            ]
        return cls(
            **{
                name: data[name] if field is None else field(data[name])
                for name, field in fields
                if name in data
            }
        )

    return decode


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _hints(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}
