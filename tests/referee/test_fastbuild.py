"""Fast-built frozen dataclasses behave exactly like ordinary ones."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass

import pytest

from game.referee import Move
from game.referee.fastbuild import fast_init, maker
from game.referee.ledger import BeliefDraft, thaw
from game.referee.types import Belief
from game.referee.view import SeatView


@fast_init
@dataclass(frozen=True, slots=True)
class Sample:
    """A small fast class for these tests."""

    name: str
    size: int
    tags: tuple[str, ...] = ()
    note: str | None = None


def test_a_fast_class_is_built_from_positions_keywords_and_defaults():
    built = Sample("a", 2, note="n")
    assert type(built) is Sample
    assert (built.name, built.size, built.tags, built.note) == ("a", 2, (), "n")
    assert built == Sample(name="a", size=2, tags=(), note="n")
    assert hash(built) == hash(Sample("a", 2, (), "n"))
    assert repr(built) == "Sample(name='a', size=2, tags=(), note='n')"
    assert built != Sample("a", 3, note="n")


def test_a_fast_class_refuses_wrong_arguments_like_a_dataclass():
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'size'"):
        Sample("a")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        Sample("a", 1, colour="red")  # type: ignore[call-arg]


def test_a_fast_instance_stays_frozen():
    built = Sample("a", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.size = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del built.name  # type: ignore[misc]


def test_a_fast_instance_copies_pickles_and_replaces():
    built = Sample("a", 1, ("x",))
    for twin in (copy.copy(built), copy.deepcopy(built), pickle.loads(pickle.dumps(built))):
        assert twin == built and type(twin) is Sample
    assert dataclasses.replace(built, size=5) == Sample("a", 5, ("x",))
    assert dataclasses.asdict(built) == {"name": "a", "size": 1, "tags": ("x",), "note": None}


def test_the_maker_builds_what_the_class_builds():
    make = maker(Sample)
    assert make("a", 1) == Sample("a", 1) and type(make("a", 1)) is Sample
    assert maker(Move)("arm", "defensive", 1) == Move.arm("defensive")


def test_a_view_with_a_dict_field_round_trips_through_pickle():
    from game.referee import load_scenario, new_world, seat_view

    scenario = load_scenario("tutorial")
    world = new_world(scenario, scenario.params, 1)
    view = seat_view(world, world.seats[0])
    assert pickle.loads(pickle.dumps(view)) == view
    assert isinstance(view, SeatView)


def test_fast_init_needs_a_slotted_dataclass():
    @dataclass(frozen=True)
    class Loose:
        name: str

    with pytest.raises(TypeError, match="slotted dataclass"):
        fast_init(Loose)


def test_a_frozen_draft_is_the_belief_it_describes():
    belief = Belief("A", "B", 0.4, 3.0, 2.0, 0.1, "offensive", 1, "none", 2, 0.3, 0.5)
    draft = thaw(belief)
    assert isinstance(draft, BeliefDraft)
    draft.seen = "defensive"
    frozen = draft.freeze()
    assert type(frozen) is Belief
    expected = dataclasses.replace(
        belief, seen="defensive", size=0, seen_before="offensive", trust_before=0.4
    )
    assert frozen == expected and hash(frozen) == hash(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        frozen.trust = 0.9  # type: ignore[misc]
