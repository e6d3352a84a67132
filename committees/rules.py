"""The decision rules, in one place and free of the database: which body decides which scope,
how many members make a quorum, and how a tally becomes an outcome under each vote rule.

- Operational proposals are decided by their own working group (at its meeting, or by its lead
  alone); coordination proposals only by the spokes-council; steering proposals only by a
  general body meeting that has quorum. A body never decides another level's proposal: the
  proposal's scope must be changed first, which keeps every decision's authority explicit.
- Majority: adopted when votes for outnumber votes against; a block counts as a vote against;
  abstentions do not count.
- Consensus minus one: adopted when at least one member is for and at most one member is
  against or blocks; abstentions (standing aside) do not count."""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from committees.models import BODY_FOR_SCOPE, Body, Outcome, Scope, VoteChoice, VoteRule


@dataclass(frozen=True)
class Tally:
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    votes_block: int = 0

    @classmethod
    def of(cls, choices: Iterable[str]) -> "Tally":
        counts = dict.fromkeys(VoteChoice.values, 0)
        for choice in choices:
            counts[VoteChoice(choice).value] += 1
        return cls(
            votes_for=counts[VoteChoice.FOR],
            votes_against=counts[VoteChoice.AGAINST],
            votes_abstain=counts[VoteChoice.ABSTAIN],
            votes_block=counts[VoteChoice.BLOCK],
        )

    @property
    def total(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain + self.votes_block


def outcome_under(rule: str, tally: Tally) -> Outcome:
    if rule == VoteRule.MAJORITY:
        adopted = tally.votes_for > tally.votes_against + tally.votes_block
    elif rule == VoteRule.CONSENSUS_MINUS_ONE:
        adopted = tally.votes_for >= 1 and tally.votes_against + tally.votes_block <= 1
    else:
        raise ValueError(f"no tally decides under the rule {rule!r}")
    return Outcome.ADOPTED if adopted else Outcome.REJECTED


def quorum_needed(share: float, eligible: int) -> int:
    """Members who must be present: `share` of the eligible members, rounded up, at least 1."""
    return max(1, math.ceil(share * eligible - 1e-9))


def refusal_at_meeting(proposal, meeting) -> str | None:
    """Why `meeting` may not decide `proposal`, or None if it may. Quorum is checked
    separately (it depends on attendance)."""
    names = {
        "title": proposal.title,
        "meeting": meeting.body_name,
        "group": proposal.group.name if proposal.group_id else "",
    }
    if proposal.scope == Scope.STEERING and meeting.body != Body.GENERAL_BODY:
        return (
            _(
                "“%(title)s” is a steering proposal: only a general body meeting with quorum can "
                "decide it, not %(meeting)s. Put it on a general body meeting's agenda."
            )
            % names
        )
    if proposal.scope == Scope.COORDINATION and meeting.body != Body.SPOKES_COUNCIL:
        return (
            _(
                "“%(title)s” is a coordination proposal: only the spokes-council can decide it, "
                "not %(meeting)s. Change its scope to steering if the general body should decide."
            )
            % names
        )
    if proposal.scope == Scope.OPERATIONAL and (
        meeting.body != BODY_FOR_SCOPE[Scope.OPERATIONAL] or meeting.group_id != proposal.group_id
    ):
        return (
            _(
                "“%(title)s” is an operational proposal of %(group)s: only %(group)s decides it, "
                "at its own meeting or through its lead, not %(meeting)s."
            )
            % names
        )
    return None


def refusal_without_quorum(*, present: int, needed: int | None, eligible: int | None) -> str:
    if needed is None:
        return _(
            "Record who is present first: a steering decision needs a general body meeting "
            "with quorum."
        )
    return _(
        "This general body meeting has no quorum: %(present)s members present, %(needed)s "
        "needed (of %(eligible)s active members). A steering decision needs quorum."
    ) % {"present": present, "needed": needed, "eligible": eligible}


def rule_label(rule: str) -> str:
    return str(VoteRule(rule).label)
