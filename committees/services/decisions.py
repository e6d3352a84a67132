"""Proposals, mandates, and decisions taken at meetings or by a group's lead."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from committees import rules
from committees.models import (
    Body,
    Decision,
    Mandate,
    Meeting,
    Outcome,
    Proposal,
    Scope,
    Vote,
    VoteChoice,
    VoteRule,
    WorkingGroup,
)
from committees.services.common import Refused, _today
from core import audit

# --- Proposals, mandates and decisions ---------------------------------------------------------


def proposal_create(
    *, title: str, text: str, scope: str, group: WorkingGroup | None, by: User
) -> Proposal:
    """Put a proposal forward. Its scope says who can decide it: an operational proposal
    belongs to one working group; coordination and steering ones to the whole organization."""
    if scope == Scope.OPERATIONAL and group is None:
        raise Refused(_("Say which working group an operational proposal is for."), field="group")
    proposal = Proposal.objects.create(
        title=title,
        text=text,
        scope=scope,
        group=group if scope == Scope.OPERATIONAL else None,
        proposed_by=by,
    )
    audit.record(by=by, kind=audit.Kind.PROPOSAL_CREATE, obj=proposal, scope=scope)
    return proposal


def mandate_set(
    *, proposal: Proposal, group: WorkingGroup, position: str, note: str, by: User
) -> Mandate:
    """Record the position a working group mandates its spoke to cast on a coordination
    proposal at the spokes-council."""
    if proposal.scope != Scope.COORDINATION:
        raise Refused(
            _("Spokes vote at the spokes-council on coordination proposals only."),
            field="position",
        )
    if Decision.objects.filter(proposal=proposal).exists():
        raise Refused(_("That proposal has already been decided."), field="position")
    mandate, _created = Mandate.objects.update_or_create(
        proposal=proposal,
        group=group,
        defaults={"position": position, "note": note, "recorded_by": by},
    )
    audit.record(by=by, kind=audit.Kind.MANDATE_SET, obj=mandate, position=position)
    return mandate


def _lock_open_proposal(proposal: Proposal) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("group").get(pk=proposal.pk)
    )
    if Decision.objects.filter(proposal=proposal).exists():
        raise Refused(_("This proposal has already been decided."))
    return proposal


@transaction.atomic
def decision_record_at_meeting(
    *, proposal: Proposal, meeting: Meeting, votes: dict[str, str], reasoning: str, by: User
) -> Decision:
    """Record the decision a meeting took on a proposal: the votes of the members present
    (`votes` maps each voter's key from `meeting.voters()` to a VoteChoice; members who did
    not vote are left out), the rule in force, the outcome it gives, and the reasoning.

    Refused when the meeting is the wrong level for the proposal's scope, when a steering
    proposal comes before a general body meeting without quorum, and when a spoke's vote
    differs from the position their group mandated."""
    proposal = _lock_open_proposal(proposal)
    refusal = rules.refusal_at_meeting(proposal, meeting)
    if refusal:
        raise Refused(refusal)
    if proposal.scope == Scope.STEERING:
        present = meeting.attendances.count()
        if not meeting.has_quorum(present):
            raise Refused(
                rules.refusal_without_quorum(
                    present=present,
                    needed=meeting.quorum_needed,
                    eligible=meeting.members_eligible,
                )
            )
    voters = {voter.key: voter for voter in meeting.voters(proposal)}
    cast = []
    for key, choice in votes.items():
        if not choice:
            continue
        voter = voters.get(key)
        if voter is None:
            raise Refused(_("Only members present at the meeting can vote."))
        if voter.mandate and choice != voter.mandate:
            raise Refused(
                _("%(group)s mandated its spoke to vote “%(position)s”.")
                % {"group": voter.group, "position": VoteChoice(voter.mandate).label},
                field=f"vote_{key}",
            )
        cast.append((voter, VoteChoice(choice)))
    if not cast:
        raise Refused(_("Record at least one vote."))
    rule = meeting.vote_rule
    tally = rules.Tally.of(choice for _voter, choice in cast)
    decision = Decision.objects.create(
        proposal=proposal,
        body=meeting.body,
        group=meeting.group,
        meeting=meeting,
        decided_on=meeting.on,
        vote_rule=rule,
        outcome=rules.outcome_under(rule, tally),
        reasoning=reasoning,
        votes_for=tally.votes_for,
        votes_against=tally.votes_against,
        votes_abstain=tally.votes_abstain,
        votes_block=tally.votes_block,
        recorded_by=by,
    )
    Vote.objects.bulk_create(
        Vote(
            decision=decision,
            voter=voter.member,
            group=voter.group,
            choice=choice,
            mandated=bool(voter.mandate),
        )
        for voter, choice in cast
    )
    audit.record(
        by=by,
        kind=audit.Kind.DECISION_MEETING,
        obj=decision,
        meeting=meeting.pk,
        outcome=decision.outcome,
        votes_for=tally.votes_for,
        votes_against=tally.votes_against,
        votes_abstain=tally.votes_abstain,
        votes_block=tally.votes_block,
    )
    return decision


@transaction.atomic
def decision_record_by_lead(
    *,
    group: WorkingGroup,
    proposal: Proposal | None,
    title: str,
    text: str,
    outcome: str,
    reasoning: str,
    by: User,
) -> Decision:
    """A group's lead records an operational decision for their own group, without a
    meeting: on one of the group's open operational proposals, or on a new one (`title`,
    `text`). Refused for another group's matters and for coordination or steering."""
    if not WorkingGroup.objects.led_by(by).filter(pk=group.pk).exists():
        raise Refused(
            _("Only a lead of %(group)s records its operational decisions.") % {"group": group}
        )
    if proposal is None:
        if not title:
            raise Refused(_("Say what was decided."), field="title")
        proposal = Proposal.objects.create(
            title=title, text=text, scope=Scope.OPERATIONAL, group=group, proposed_by=by
        )
    proposal = _lock_open_proposal(proposal)
    if proposal.scope != Scope.OPERATIONAL or proposal.group_id != group.pk:
        raise Refused(
            _("A lead decides only operational proposals of their own group."), field="proposal"
        )
    decision = Decision.objects.create(
        proposal=proposal,
        body=Body.WORKING_GROUP,
        group=group,
        meeting=None,
        decided_on=_today(),
        vote_rule=VoteRule.LEAD,
        outcome=Outcome(outcome),
        reasoning=reasoning,
        recorded_by=by,
    )
    audit.record(by=by, kind=audit.Kind.DECISION_LEAD, obj=decision, outcome=decision.outcome)
    return decision
