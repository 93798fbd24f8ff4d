"""The wire form of the referee's dataclasses: exact both ways, whatever the type's shape."""

from __future__ import annotations

from dataclasses import dataclass

from game.referee import codec


@dataclass(frozen=True)
class Branch:
    weight: float
    label: str | None
    children: tuple[Branch, ...] = ()
    marks: dict[str, float] | None = None


def test_a_tree_of_its_own_kind_round_trips() -> None:
    tree = Branch(1.5, "root", (Branch(0.25, None), Branch(2.0, "leaf", marks={"a": 0.5})))
    assert codec.from_data(Branch, codec.to_data(tree)) == tree


def test_a_whole_number_in_a_float_field_decodes_as_a_float() -> None:
    decoded = codec.from_data(Branch, {"weight": 2, "label": None, "marks": {"a": 1}})
    assert decoded == Branch(2.0, None, (), {"a": 1.0})
    assert type(decoded.weight) is float and type(decoded.marks["a"]) is float


def test_a_missing_field_takes_its_default() -> None:
    assert codec.from_data(Branch, {"weight": 0.5, "label": "x"}).children == ()
