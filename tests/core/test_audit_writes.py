"""Each kind of write the issue names records who, what and which object on the audit trail,
and no personal value: stock, money, roles, invitations, MFA resets, decisions and their votes,
deliveries assigned and marked, exports, and the driver's run and run sheet."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Role
from committees import services as committee_services
from contacts import services as contact_services
from core.models import AuditEntry
from distribution import services as distribution_services
from distribution.models import DeliveryRequest
from tests.factories.committees import MembershipFactory, WorkingGroupFactory
from tests.factories.contacts import ContactFactory
from tests.factories.distribution import DeliveryRequestFactory, ItemFactory

pytestmark = pytest.mark.django_db
Kind = AuditEntry.Kind
PERSONAL = ("Rosa", "12 Elm", "6175550199", "ring twice")


def _only_entry(kind):
    entry = AuditEntry.objects.get(kind=kind)
    for value in PERSONAL:
        assert value not in str(entry.detail) + entry.object_type
    return entry


def test_a_stock_adjustment(lead):
    rice = ItemFactory(name="Rice")
    movement = distribution_services.stock_adjust(
        item=rice, quantity=5, reason="Counted again", by=lead
    )
    entry = _only_entry(Kind.STOCK_ADJUST)
    assert (entry.by, entry.object_type, entry.object_id) == (
        lead,
        "distribution.stockmovement",
        movement.pk,
    )
    assert entry.detail == {"item": rice.pk, "quantity": 5}


def test_a_donation_a_purchase_and_a_reimbursement(lead, driver):
    donation = distribution_services.donation_record(
        kind="cash",
        source="individual",
        received_on=date(2026, 11, 2),
        amount=Decimal("20"),
        donor_name="Rosa",
        by=lead,
    )
    purchase = distribution_services.purchase_record(
        purchased_on=date(2026, 11, 2), vendor="Market", amount=Decimal("12.50"), by=lead
    )
    paid = distribution_services.reimbursement_record(
        volunteer=driver, amount=Decimal("5"), paid_on=date(2026, 11, 3), by=lead
    )
    assert _only_entry(Kind.DONATION_RECORD).object_id == donation.pk
    assert _only_entry(Kind.PURCHASE_RECORD).object_id == purchase.pk
    entry = _only_entry(Kind.REIMBURSEMENT_RECORD)
    assert (entry.by, entry.object_id, entry.detail) == (lead, paid.pk, {"volunteer": driver.pk})


def test_roles_an_invitation_and_an_mfa_reset(coordinator, member):
    account_services.user_set_roles(user=member, roles={Role.DRIVER}, by=coordinator)
    account_services.invitation_create(
        email="new@example.org",
        roles={Role.LEAD},
        language="en",
        by=coordinator,
        accept_url="https://example.org/join/{token}/",
    )
    account_services.user_reset_mfa(user=member, by=coordinator)
    roles = _only_entry(Kind.MEMBER_ROLES)
    assert (roles.by, roles.object_type, roles.object_id, roles.detail) == (
        coordinator,
        "accounts.user",
        member.pk,
        {"roles": ["driver"]},
    )
    assert _only_entry(Kind.INVITATION_CREATE).detail == {"roles": ["lead"]}
    assert _only_entry(Kind.MEMBER_MFA_RESET).object_id == member.pk
    assert "new@example.org" not in str(list(AuditEntry.objects.values()))


def test_a_lead_s_decision(lead):
    group = WorkingGroupFactory(name="Delivery")
    MembershipFactory(group=group, user=lead, is_lead=True)
    decision = committee_services.decision_record_by_lead(
        group=group,
        proposal=None,
        title="Two runs on Saturdays",
        text="",
        outcome="adopted",
        reasoning="",
        by=lead,
    )
    entry = _only_entry(Kind.DECISION_LEAD)
    assert (entry.by, entry.object_type, entry.object_id) == (
        lead,
        "committees.decision",
        decision.pk,
    )
    assert entry.detail == {"outcome": "adopted"}


def test_deliveries_assigned_delivered_and_failed(lead, driver):
    first = DeliveryRequestFactory(address="12 Elm St", notes="ring twice")
    second = DeliveryRequestFactory()
    distribution_services.delivery_assign(
        selections=[(first.pk, first.version), (second.pk, second.version)], driver=driver, by=lead
    )
    assigned = _only_entry(Kind.DELIVERY_ASSIGN)
    assert (assigned.by, assigned.object_id, assigned.detail) == (
        lead,
        driver.pk,
        {"deliveries": [first.pk, second.pk]},
    )
    assert distribution_services.delivery_mark_delivered(delivery=first, by=driver)
    assert distribution_services.delivery_mark_failed(
        delivery=second, reason=DeliveryRequest.FailureReason.NO_ANSWER, by=driver
    )
    delivered = _only_entry(Kind.DELIVERY_DELIVERED)
    assert (delivered.by, delivered.object_id) == (driver, first.pk)
    assert _only_entry(Kind.DELIVERY_FAILED).detail == {"reason": "no_answer"}


def test_a_mark_that_changes_nothing_records_nothing(driver, other_driver):
    delivery = DeliveryRequestFactory(status="assigned", driver=other_driver)
    assert not distribution_services.delivery_mark_failed(
        delivery=delivery, reason="other", by=driver
    )
    assert not AuditEntry.objects.exists()


def test_an_export(investigator):
    ContactFactory(name="Rosa")
    ContactFactory(name="Ana")
    contact_services.contacts_export(
        by=investigator, contacts=ContactFactory._meta.model.objects.all()
    )
    entry = _only_entry(Kind.CONTACT_EXPORTED)
    assert (entry.by, entry.detail) == (investigator, {"contacts": 2})


def test_a_contact_view_stays_in_the_access_log_alone(investigator):
    contact = ContactFactory(name="Rosa")
    contact_services.contact_access_record(contact=contact, by=investigator, action="viewed")
    assert not AuditEntry.objects.exists()


def test_opening_the_run_and_its_sheet(as_driver, driver):
    today = timezone.localdate()
    delivery = DeliveryRequestFactory(status="assigned", driver=driver, date=today)
    as_driver.get(reverse("distribution:run_day", kwargs={"day": today}))
    viewed = _only_entry(Kind.RUN_VIEWED)
    assert (viewed.by, viewed.detail) == (
        driver,
        {"day": today.isoformat(), "deliveries": [delivery.pk]},
    )
    as_driver.get(reverse("distribution:run_sheet", kwargs={"day": today}))
    assert _only_entry(Kind.RUN_SHEET).detail["deliveries"] == [delivery.pk]
