"""Committees: the working groups that do the work, the spokes-council that coordinates them,
and the general body of all members that steers. Every decision has an explicit scope.

- A working group has members and one or more leads; each group elects a spoke at one of its
  recorded meetings, for a term and with a mandate, and can recall them.
- A meeting belongs to one body: a working group, the spokes-council or the general body. It
  has an agenda, attendance, minutes and, for the general body, a quorum.
- A proposal has a scope: operational (a working group or its lead decides), coordination (the
  spokes-council decides) or steering (only a general body meeting with quorum decides). The
  decision records the votes, the rule in force, the outcome and the reasoning.
- Action items come out of meetings and decisions; leads write a weekly report per group."""

from committees.models.choices import (  # noqa: F401
    BODY_FOR_SCOPE,
    MEETING_VOTE_RULES,
    Body,
    Outcome,
    Scope,
    VoteChoice,
    VoteRule,
)
from committees.models.decisions import (  # noqa: F401
    Decision,
    DecisionQuerySet,
    Mandate,
    Proposal,
    ProposalQuerySet,
    Vote,
)
from committees.models.groups import (  # noqa: F401
    Membership,
    MembershipQuerySet,
    Spoke,
    SpokeQuerySet,
    WorkingGroup,
    WorkingGroupQuerySet,
)
from committees.models.meetings import (  # noqa: F401
    AgendaItem,
    AgendaItemQuerySet,
    Attendance,
    Meeting,
    MeetingQuerySet,
    Voter,
)
from committees.models.work import (  # noqa: F401
    ActionItem,
    ActionItemQuerySet,
    WeeklyReport,
    WeeklyReportQuerySet,
)
