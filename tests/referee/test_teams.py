"""Teams: several students, one state, one move."""

from __future__ import annotations

import pytest

from game.referee import Move, combine_team_picks

ARM = Move.arm("defensive")
SIGNAL = Move.signal("reassure")
ALLY = Move.ally("propose", "BRN")


def test_a_democracy_plays_its_members_most_common_pick():
    picks = {"ann": ARM, "bob": SIGNAL, "cy": SIGNAL}
    assert combine_team_picks("democracy", picks, captain="ann") == SIGNAL


def test_a_tie_in_a_democracy_goes_to_the_captain():
    picks = {"ann": ARM, "bob": SIGNAL}
    assert combine_team_picks("democracy", picks, captain="bob") == SIGNAL
    assert combine_team_picks("democracy", picks, captain="ann") == ARM


def test_picks_that_differ_only_in_words_count_as_one():
    picks = {
        "ann": Move.signal("reassure", "all", "Peace."),
        "bob": Move.signal("reassure", "all", "Calm down."),
        "cy": ARM,
    }
    assert combine_team_picks("democracy", picks, captain="cy") == picks["ann"]


def test_an_autocracy_plays_its_leaders_pick():
    picks = {"ann": ARM, "bob": SIGNAL, "cy": SIGNAL}
    assert combine_team_picks("autocracy", picks, captain="ann") == ARM


def test_without_the_captains_pick_the_team_falls_back_to_the_most_common():
    picks = {"bob": ALLY, "cy": SIGNAL, "dee": SIGNAL}
    assert combine_team_picks("autocracy", picks, captain="ann") == SIGNAL
    tied = {"cy": SIGNAL, "bob": ALLY}
    assert combine_team_picks("democracy", tied, captain="ann") == ALLY


def test_a_team_with_no_picks_is_refused():
    with pytest.raises(ValueError, match="no member of the team has picked"):
        combine_team_picks("democracy", {}, captain="ann")
