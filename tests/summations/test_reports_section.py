"""What the leads wrote for the week, which groups wrote nothing, and the week's decisions
(scope, who decided, the proposal's title, the outcome)."""

from datetime import timedelta

import pytest
from django.utils import translation

from committees import services as committees
from committees.models import (
    Body,
    Decision,
    Outcome,
    Proposal,
    Scope,
    VoteRule,
    WeeklyReport,
    WorkingGroup,
)
from summations.sections import Audience, freeze, thaw
from summations.sections.reports import decisions_section, reports_section
from tests.factories.committees import WorkingGroupFactory
from tests.summations.conftest import WEEK, local


@pytest.mark.django_db
def test_the_reports_section_carries_what_each_lead_wrote_and_who_wrote_nothing(lead):
    delivery = WorkingGroupFactory(name="Delivery")
    WorkingGroupFactory(name="Outreach")
    WorkingGroupFactory(name="Collections")
    WorkingGroup.objects.update(created_at=local(2026, 1, 5, 9, 0))
    WorkingGroupFactory(name="Formed after the week")
    WeeklyReport.objects.create(
        group=delivery,
        iso_week="2026-W46",
        what_we_did="Twelve deliveries, two new drivers trained.",
        what_went_wrong="",
        next_steps="Close requests at 5 pm on serve days.",
        written_by=lead,
    )
    WeeklyReport.objects.create(
        group=delivery, iso_week="2026-W45", what_we_did="Last week's report", written_by=lead
    )

    section = reports_section(WEEK)

    assert section.audience == Audience.MEMBERS
    (writing,) = section.writings
    assert writing.title == "Delivery"
    with translation.override("en"):
        assert [(str(label), text) for label, text in writing.passages] == [
            ("What we did", "Twelve deliveries, two new drivers trained."),
            ("Next steps", "Close requests at 5 pm on serve days."),
        ]
    spanish = thaw(freeze(section), "es")
    assert spanish.writings[0].passages[0] == (
        "Qué hicimos",
        "Twelve deliveries, two new drivers trained.",
    )
    assert thaw(freeze(section), "en").notes == (
        "No report this week from: Collections, Outreach.",
    )


@pytest.mark.django_db
def test_the_decisions_section_lists_the_weeks_decisions_with_scope_and_body(coordinator, lead):
    delivery = WorkingGroupFactory(name="Delivery")
    for title, scope, group, body, on, votes in (
        ("Move the serve to Elm Street", Scope.STEERING, None, Body.GENERAL_BODY, 1, (12, 3)),
        ("Deliveries leave at 6 pm", Scope.OPERATIONAL, delivery, Body.WORKING_GROUP, 3, None),
        ("Last week's decision", Scope.STEERING, None, Body.GENERAL_BODY, -2, (5, 0)),
    ):
        proposal = Proposal.objects.create(title=title, scope=scope, group=group)
        meeting = None
        if votes:
            meeting = committees.meeting_schedule(
                body=body,
                group=None,
                title="",
                starts_at=WEEK.start + timedelta(days=on, hours=18),
                ends_at=WEEK.start + timedelta(days=on, hours=20),
                place="Hall",
                by=coordinator,
            )
        Decision.objects.create(
            proposal=proposal,
            body=body,
            group=group,
            meeting=meeting,
            decided_on=WEEK.monday + timedelta(days=on),
            vote_rule=VoteRule.MAJORITY if votes else VoteRule.LEAD,
            outcome=Outcome.ADOPTED,
            reasoning="Because.",
            votes_for=votes[0] if votes else 0,
            votes_against=votes[1] if votes else 0,
        )

    section = decisions_section(WEEK)

    made = section.figures[0]
    assert (made.this_week, made.previous_week) == (2, 1)
    (table,) = thaw(freeze(section), "en").tables
    assert table.rows == (
        (
            "Steering",
            "General body",
            "Move the serve to Elm Street",
            "Adopted\u00a0(12\u2060–\u20603)",
        ),
        ("Operational", "Delivery", "Deliveries leave at 6 pm", "Adopted"),
    )
    (spanish,) = thaw(freeze(section), "es").tables
    assert spanish.rows[0][0] == "De dirección"


@pytest.mark.django_db
def test_a_week_without_decisions_says_so():
    section = thaw(freeze(decisions_section(WEEK)), "en")
    assert section.tables == ()
    assert section.notes == ("No decision was recorded this week.",)
