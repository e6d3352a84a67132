"""The decision rules on their own: quorum arithmetic and how a tally becomes an outcome."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committees.models import Outcome, VoteChoice, VoteRule
from committees.rules import Tally, outcome_under, quorum_needed


@pytest.mark.parametrize(
    ("share", "eligible", "needed"),
    [(0.5, 10, 5), (0.5, 9, 5), (0.5, 1, 1), (0.5, 0, 1), (0.25, 10, 3), (1.0, 7, 7), (0.3, 10, 3)],
)
def test_quorum_is_the_share_of_active_members_rounded_up(share, eligible, needed):
    assert quorum_needed(share, eligible) == needed


def test_a_tally_counts_each_choice():
    tally = Tally.of(["for", "for", "against", "abstain", "block", "for"])
    assert tally == Tally(votes_for=3, votes_against=1, votes_abstain=1, votes_block=1)
    assert tally.total == 6


@pytest.mark.parametrize(
    ("votes", "outcome"),
    [
        (Tally(votes_for=3, votes_against=2), Outcome.ADOPTED),
        (Tally(votes_for=2, votes_against=2), Outcome.REJECTED),
        (Tally(votes_for=3, votes_against=1, votes_block=2), Outcome.REJECTED),
        (Tally(votes_for=1, votes_abstain=9), Outcome.ADOPTED),
        (Tally(votes_abstain=3), Outcome.REJECTED),
    ],
)
def test_majority_adopts_when_for_outnumbers_against_and_blocks(votes, outcome):
    assert outcome_under(VoteRule.MAJORITY, votes) == outcome


@pytest.mark.parametrize(
    ("votes", "outcome"),
    [
        (Tally(votes_for=9, votes_against=1), Outcome.ADOPTED),
        (Tally(votes_for=9, votes_block=1), Outcome.ADOPTED),
        (Tally(votes_for=9, votes_against=1, votes_block=1), Outcome.REJECTED),
        (Tally(votes_for=9, votes_block=2), Outcome.REJECTED),
        (Tally(votes_for=1, votes_abstain=5), Outcome.ADOPTED),
        (Tally(votes_abstain=5), Outcome.REJECTED),
    ],
)
def test_consensus_minus_one_adopts_unless_two_dissent(votes, outcome):
    assert outcome_under(VoteRule.CONSENSUS_MINUS_ONE, votes) == outcome


def test_a_lead_decision_has_no_tally_to_count():
    with pytest.raises(ValueError):
        outcome_under(VoteRule.LEAD, Tally(votes_for=1))


@given(st.lists(st.sampled_from(VoteChoice.values), max_size=40))
def test_consensus_minus_one_adopts_only_with_support_and_at_most_one_dissent(choices):
    tally = Tally.of(choices)
    if outcome_under(VoteRule.CONSENSUS_MINUS_ONE, tally) == Outcome.ADOPTED:
        assert tally.votes_for >= 1
        assert tally.votes_against + tally.votes_block <= 1
