"""A lead writes their group's report for an ISO week; every member reads it; the weekly
summation reads every group's report for a week."""

import pytest
from django.urls import reverse

from committees.models import WeeklyReport

pytestmark = pytest.mark.django_db


def test_a_lead_writes_the_groups_weekly_report(as_lead, delivery, lead):
    url = reverse("committees:weekly_report", args=[delivery.pk, "2026-W47"])
    response = as_lead.post(
        url,
        {
            "what_we_did": "Twelve deliveries.",
            "what_went_wrong": "Two late requests.",
            "next_steps": "Close requests at 5 pm.",
        },
    )
    assert response.status_code == 302
    report = WeeklyReport.objects.get()
    assert (report.group, report.iso_week, report.written_by) == (delivery, "2026-W47", lead)
    as_lead.post(url, {"what_we_did": "Thirteen deliveries."})
    assert list(
        WeeklyReport.objects.for_week("2026-W47").values_list("what_we_did", flat=True)
    ) == ["Thirteen deliveries."]


def test_a_member_reads_the_report_but_cannot_write_it(as_member, delivery, lead):
    WeeklyReport.objects.create(
        group=delivery, iso_week="2026-W47", what_we_did="Twelve deliveries.", written_by=lead
    )
    url = reverse("committees:weekly_report", args=[delivery.pk, "2026-W47"])
    response = as_member.get(url)
    assert response.context["form"] is None
    assert "Twelve deliveries." in response.text
    assert as_member.post(url, {"what_we_did": "Nothing."}).status_code == 403


def test_another_groups_lead_cannot_write_its_report(as_lead, outreach):
    url = reverse("committees:weekly_report", args=[outreach.pk, "2026-W47"])
    assert as_lead.post(url, {"what_we_did": "x"}).status_code == 404
    assert not WeeklyReport.objects.exists()


def test_a_week_that_does_not_exist_is_404(as_lead, delivery):
    url = reverse("committees:weekly_report", args=[delivery.pk, "2026-W99"])
    assert as_lead.get(url).status_code == 404


def test_an_empty_report_is_refused_next_to_the_field(as_lead, delivery):
    url = reverse("committees:weekly_report", args=[delivery.pk, "2026-W47"])
    response = as_lead.post(url, {"what_we_did": "", "next_steps": "Close requests at 5 pm."})
    assert response.status_code == 422
    assert response.context["form"].errors["what_we_did"] == ["This field is required."]
    assert "Close requests at 5 pm." in response.text
