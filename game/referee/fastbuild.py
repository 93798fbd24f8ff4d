"""Fast construction for the frozen dataclasses built many times a turn.

A frozen dataclass's generated __init__ sets each field through object.__setattr__, and
even calling each slot's descriptor directly costs several times what a plain attribute
store does. `fast_init` gives the class a __new__ of the same signature that fills a
mutable twin (a plain class with the very same slots, so the very same memory layout)
with plain stores, then makes it an instance of the frozen class by assigning __class__,
which Python allows between classes of identical layout. Instances are the same frozen,
comparable, hashable objects; they copy and pickle by calling the class with their fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# Each fast class's maker: its constructor as a plain function, for the hottest loops.
_MAKERS: dict[type, Callable[..., Any]] = {}


def fast_init(cls: type[T]) -> type[T]:
    """Give the frozen slotted dataclass `cls` a faster constructor (same signature).

    `cls` must not be subclassed: the twin matches `cls`'s own slots only.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    slots = cls.__dict__.get("__slots__")
    if cls.__bases__ != (object,) or slots is None or tuple(slots) != names:
        raise TypeError(f"{cls.__name__}: fast_init needs a slotted dataclass based on object")
    twin = type(f"_{cls.__name__}Twin", (), {"__slots__": slots, "__module__": cls.__module__})
    namespace: dict[str, Any] = {"_new": object.__new__, "_twin": twin, "_cls": cls}
    params = []
    for f in fields:
        if f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: keyword-only fields are not supported")
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: default factories are not supported")
        else:
            params.append(f.name)
    body = [f"    self.{name} = {name}" for name in names]
    source = "\n".join(
        [
            f"def __new__(cls, {', '.join(params)}):",
            "    self = _new(_twin)",
            *body,
            "    self.__class__ = cls",
            "    return self",
            f"def make({', '.join(params)}):",
            "    self = _new(_twin)",
            *body,
            "    self.__class__ = _cls",
            "    return self",
            "def __reduce__(self):",
            f"    return type(self), ({''.join(f'self.{name}, ' for name in names)})",
        ]
    )
    exec(source, namespace)
    new = namespace["__new__"]
    new.__qualname__ = f"{cls.__qualname__}.__new__"
    new.__doc__ = cls.__init__.__doc__  # type: ignore[misc]
    make = namespace["make"]
    make.__qualname__ = f"make_{cls.__name__}"
    make.__doc__ = f"Return a new {cls.__name__} (what calling the class does, called directly)."
    _MAKERS[cls] = make
    reduce = namespace["__reduce__"]
    reduce.__qualname__ = f"{cls.__qualname__}.__reduce__"
    # object.__init__ accepts the constructor's arguments once __new__ is overridden.
    del cls.__init__  # type: ignore[misc]
    cls.__new__ = staticmethod(new)  # type: ignore[method-assign,assignment]
    cls.__reduce__ = reduce  # type: ignore[method-assign,assignment]
    return cls


def maker(cls: type[T]) -> Callable[..., T]:
    """Return a function that builds `cls` (a fast_init class) from the same arguments.

    Calling it skips the type machinery a class call goes through (finding __new__ and
    handing it the class), which matters only where tens of instances are built a turn.
    """
    return _MAKERS[cls]
