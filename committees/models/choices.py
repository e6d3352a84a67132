"""The choices every committee model shares: bodies, scopes and the vote rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Body(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group")
    SPOKES_COUNCIL = "spokes_council", _("Spokes-council")
    GENERAL_BODY = "general_body", _("General body")


class Scope(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    COORDINATION = "coordination", _("Coordination")
    STEERING = "steering", _("Steering")


# The one body that decides each scope (see committees.rules for the messages).
BODY_FOR_SCOPE = {
    Scope.OPERATIONAL: Body.WORKING_GROUP,
    Scope.COORDINATION: Body.SPOKES_COUNCIL,
    Scope.STEERING: Body.GENERAL_BODY,
}


class VoteRule(models.TextChoices):
    MAJORITY = "majority", _("Majority")
    CONSENSUS_MINUS_ONE = "consensus_minus_one", _("Consensus minus one")
    LEAD = "lead", _("Decided by the group's lead")


# The rules a body can vote under; LEAD is only recorded on a lead's own decision.
MEETING_VOTE_RULES = [VoteRule.MAJORITY, VoteRule.CONSENSUS_MINUS_ONE]


class VoteChoice(models.TextChoices):
    FOR = "for", pgettext_lazy("vote", "For")
    AGAINST = "against", pgettext_lazy("vote", "Against")
    ABSTAIN = "abstain", _("Abstain")
    BLOCK = "block", _("Block")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", pgettext_lazy("decision outcome", "Adopted")
    REJECTED = "rejected", pgettext_lazy("decision outcome", "Rejected")
