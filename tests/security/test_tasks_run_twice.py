"""Every Celery task, run twice, has one effect. A task can be delivered twice (acks_late and a
worker lost mid-task, beat running on two hosts, a retry after a send that did reach Redis),
so each one claims what it does: one purge, one serve a day, one email per notice, one build.

Each case runs its task twice, called directly and through Celery's eager apply(); the worker
tests in tests/committees/test_tasks.py and tests/summations/test_build_worker.py send the
same message twice through a real worker. A test below keeps this list complete."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.models import Invitation
from committees import services as committee_services
from committees.models import Body
from config.celery_app import app
from contacts.models import Contact, RetentionRun
from core.models import PendingTask
from core.weeks import Week
from distribution.models import Serve
from summations import services as summation_services
from summations.models import Summation
from tests.committees.conftest import hold_meeting
from tests.factories.accounts import UserFactory
from tests.factories.committees import ActionItemFactory, MembershipFactory, WorkingGroupFactory
from tests.factories.contacts import ContactFactory
from tests.factories.distribution import (
    DeliveryRequestFactory,
    ScheduleFactory,
    ServeFactory,
    ShiftFactory,
)

pytestmark = pytest.mark.django_db
WEEK = Week(2026, 46)


def direct(task, *args):
    return task(*args)


def eager(task, *args):
    return task.apply(args=args).get()


RUNS = [pytest.param(direct, id="direct"), pytest.param(eager, id="eager")]
CASES: dict[str, object] = {}


def case(name: str):
    def register(function):
        CASES[name] = function
        return function

    return register


@case("accounts.tasks.purge_expired_invitations")
def _purge_invitations(run):
    from accounts.tasks import purge_expired_invitations

    Invitation.objects.create(
        email="old@example.org",
        token_digest="a" * 64,
        invited_by=UserFactory(is_coordinator=True),
        expires_at=timezone.now() - timedelta(days=8),
    )
    assert run(purge_expired_invitations) == 1
    assert run(purge_expired_invitations) == 0
    return {"invitations left": Invitation.objects.count()}, {"invitations left": 0}


@case("distribution.tasks.create_upcoming_serves")
def _create_serves(run):
    from distribution.tasks import create_upcoming_serves

    ScheduleFactory(weekday=timezone.localdate().weekday())
    created = run(create_upcoming_serves)
    assert created == 4  # four weeks ahead, one serve a week
    assert run(create_upcoming_serves) == 0
    return {"serves": Serve.objects.count()}, {"serves": created}


@case("distribution.tasks.erase_delivery_addresses")
def _erase_addresses(run):
    from distribution.tasks import erase_delivery_addresses

    request = DeliveryRequestFactory(status="cancelled", address="12 Elm St")
    assert run(erase_delivery_addresses) == 1
    request.refresh_from_db()
    erased_at = request.address_erased_at
    assert run(erase_delivery_addresses) == 0
    request.refresh_from_db()
    return (request.address, request.address_erased_at), ("", erased_at)


@case("distribution.tasks.notify_lead_of_cancellation")
def _cancellation(run):
    from distribution.tasks import notify_lead_of_cancellation

    lead = UserFactory(email="lead@example.org", is_lead=True)
    shift = ShiftFactory(
        serve=ServeFactory(lead=lead), volunteer=UserFactory(), cancelled_at=timezone.now()
    )
    run(notify_lead_of_cancellation, shift.pk)
    run(notify_lead_of_cancellation, shift.pk)
    return [m.to for m in mail.outbox], [[lead.email]]


@case("distribution.tasks.send_shift_reminders")
def _shift_reminders(run):
    from distribution.tasks import send_shift_reminders

    volunteer = UserFactory(email="vol@example.org")
    ShiftFactory(
        serve=ServeFactory(date=timezone.localdate() + timedelta(days=1)), volunteer=volunteer
    )
    assert run(send_shift_reminders) == 1
    assert run(send_shift_reminders) == 0
    return [m.to for m in mail.outbox], [[volunteer.email]]


@case("distribution.tasks.notify_driver_of_assignment")
def _assignment(run):
    from distribution.tasks import notify_driver_of_assignment

    driver = UserFactory(email="dana@example.org", is_driver=True)
    delivery = DeliveryRequestFactory(driver=driver, status="assigned")
    run(notify_driver_of_assignment, driver.pk, [delivery.pk])
    run(notify_driver_of_assignment, driver.pk, [delivery.pk])
    return [m.to for m in mail.outbox], [[driver.email]]


def _agreed_to_reminders(**fields):
    from texting.services import consent_record

    contact = ContactFactory(phone="+16175550170", **fields)
    consent_record(contact=contact, by=None, reminders=True, organizing=False, language="en")
    return contact


@case("texting.tasks.text_serve_reminders")
def _serve_reminders(run):
    from core.models import OutgoingText
    from texting.tasks import text_serve_reminders

    last_week = ServeFactory(date=timezone.localdate() - timedelta(days=6))
    ServeFactory(site=last_week.site, date=timezone.localdate() + timedelta(days=1))
    _agreed_to_reminders(
        first_met="serve", first_met_on=last_week.date, first_met_note=f"Serve #{last_week.pk}"
    )
    run(text_serve_reminders)
    run(text_serve_reminders)
    return OutgoingText.objects.count(), 1


@case("texting.tasks.text_deliveries_on_the_way")
def _on_the_way(run):
    from core.models import OutgoingText
    from texting.tasks import text_deliveries_on_the_way

    delivery = DeliveryRequestFactory(
        contact=_agreed_to_reminders(),
        driver=UserFactory(is_driver=True),
        status="out",
        text_on_the_way=True,
    )
    run(text_deliveries_on_the_way, [delivery.pk])
    run(text_deliveries_on_the_way, [delivery.pk])
    return OutgoingText.objects.count(), 1


@case("contacts.tasks.forget_inactive_contacts")
def _retention(run):
    from contacts.tasks import forget_inactive_contacts

    contact = ContactFactory(name="Rosa")
    Contact.objects.filter(pk=contact.pk).update(
        last_activity_at=timezone.now() - timedelta(days=800)
    )
    run(forget_inactive_contacts)
    contact.refresh_from_db()
    forgotten_at = contact.forgotten_at
    assert forgotten_at is not None
    run(forget_inactive_contacts)
    contact.refresh_from_db()
    runs = list(RetentionRun.objects.values_list("purged", flat=True))
    return (runs, contact.forgotten_at), ([1], forgotten_at)


@case("committees.tasks.send_meeting_notice")
def _meeting_notice(run):
    from committees.tasks import send_meeting_notice

    lead, driver = UserFactory(is_lead=True), UserFactory()
    group = WorkingGroupFactory(name="Delivery")
    MembershipFactory(group=group, user=lead, is_lead=True)
    MembershipFactory(group=group, user=driver)
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=group, by=lead)
    committee_services.meeting_send_notice(meeting=meeting, by=lead)
    assert run(send_meeting_notice, meeting.pk) == 2
    assert run(send_meeting_notice, meeting.pk) == 0
    # "Send the notice again" is a new request: it goes out once more, once.
    committee_services.meeting_send_notice(meeting=meeting, by=lead)
    assert run(send_meeting_notice, meeting.pk) == 2
    assert run(send_meeting_notice, meeting.pk) == 0
    return len(mail.outbox), 4


@case("committees.tasks.send_action_item_assigned")
def _action_item_assigned(run):
    from committees.tasks import send_action_item_assigned

    lead, driver, other = UserFactory(is_lead=True), UserFactory(), UserFactory()
    item = committee_services.action_item_create(
        title="Map the routes",
        notes="",
        group=WorkingGroupFactory(name="Delivery"),
        assignee=driver,
        due_on=timezone.localdate() + timedelta(days=3),
        meeting=None,
        decision=None,
        by=lead,
    )
    run(send_action_item_assigned, item.pk)
    run(send_action_item_assigned, item.pk)
    # A new assignee is a new notice: told once as well.
    committee_services.action_item_update(
        item=item,
        title=item.title,
        notes="",
        group=item.group,
        assignee=other,
        due_on=item.due_on,
        by=lead,
    )
    run(send_action_item_assigned, item.pk)
    run(send_action_item_assigned, item.pk)
    return [m.to for m in mail.outbox], [[driver.email], [other.email]]


@case("committees.tasks.send_action_item_notices")
def _action_item_notices(run):
    from committees.tasks import send_action_item_notices

    assignee = UserFactory(email="dana@example.org")
    ActionItemFactory(assignee=assignee, due_on=timezone.localdate() + timedelta(days=1))
    assert run(send_action_item_notices) == [1, 0]
    assert run(send_action_item_notices) == [0, 0]
    return [m.to for m in mail.outbox], [[assignee.email]]


@case("summations.tasks.build_summation")
def _build(run):
    from summations.tasks import build_summation

    summation = summation_services.summation_request_build(week=WEEK, enqueue=False)
    assert run(build_summation, summation.pk) == "built"
    assert run(build_summation, summation.pk) == "not_needed"
    summation.refresh_from_db()
    return (
        (Summation.objects.count(), summation.build_status, summation.build_attempts),
        (1, Summation.BuildStatus.DONE, 1),
    )


@case("distribution.tasks.carry_stock_forward")
def _carry_stock(run):
    from distribution.models import Item
    from distribution.tasks import carry_stock_forward
    from tests.factories.distribution import ItemFactory, StockInFactory

    rice = ItemFactory(name="Rice")
    StockInFactory(item=rice, quantity=12)
    run(carry_stock_forward)
    run(carry_stock_forward)
    rice.refresh_from_db()
    level = Item.objects.with_levels().get(pk=rice.pk).level
    return (rice.carried_level, level), (12, 12)


@case("investigation.tasks.refresh_rankings")
def _refresh_rankings(run):
    from django.core.cache import cache

    from investigation import ranking
    from investigation.tasks import refresh_rankings
    from tests.factories.investigation import GrievanceFactory

    GrievanceFactory(contact=ContactFactory(), recorded_on=timezone.localdate())
    first, second = run(refresh_rankings), run(refresh_rankings)
    cached = all(cache.get(ranking.page_key(**r)) for r in ranking.first_readings())
    # Three rankings and the sites tab rendered in two languages for four kinds of reader.
    return (first, second, cached), (3 + 8, 0, True)  # the second finds them made


@case("distribution.tasks.refresh_reach")
def _refresh_reach(run):
    from django.core.cache import cache

    from distribution import reach
    from distribution.tasks import refresh_reach
    from investigation import ranking
    from tests.factories.investigation import BaseAreaFactory

    area = BaseAreaFactory(name="Eagle Hill")
    ContactFactory(base_area=area, first_met="serve", first_met_on=timezone.localdate())
    first, second = run(refresh_reach), run(refresh_reach)
    period = ranking.last_days(ranking.DEFAULT_DAYS)
    found = cache.get(reach.cache_key(start=period["start"], end=period["end"]))
    return (first, second, [a.met_at_serves for a in found.areas]), (1, 1, [1])


@case("summations.tasks.build_weekly_summation")
def _weekly(run):
    from summations.tasks import build_weekly_summation

    first, second = run(build_weekly_summation), run(build_weekly_summation)
    week = Week.last_completed(timezone.now())
    summation = Summation.objects.get()
    return (
        (first, second, summation.year, summation.week),
        (summation.pk, summation.pk, week.year, week.week),
    )


@case("summations.tasks.send_summation_ready")
def _ready(run):
    from summations.tasks import send_summation_ready

    UserFactory(email="mo@example.org")
    UserFactory(email="dana@example.org", is_driver=True)
    summation_services.summation_build_now(week=WEEK, notify=False)
    summation = Summation.objects.get()
    assert run(send_summation_ready, summation.pk) == 2
    assert run(send_summation_ready, summation.pk) == 0
    return sorted(m.to[0] for m in mail.outbox), ["dana@example.org", "mo@example.org"]


def _queued() -> int:
    with app.connection_for_read() as connection:
        return connection.default_channel.client.llen("celery")


@case("core.tasks.send_pending_tasks")
def _pending(run):
    from core.tasks import send_pending_tasks

    app.control.purge()
    PendingTask.objects.create(task="accounts.tasks.purge_expired_invitations")
    try:
        assert run(send_pending_tasks) == 1
        assert run(send_pending_tasks) == 0
        return (_queued(), PendingTask.objects.count()), (1, 0)  # one message, sent once
    finally:
        app.control.purge()


@case("core.tasks.purge_audit_trail")
def _purge_audit(run):
    from core.models import AuditEntry
    from core.tasks import purge_audit_trail

    old, recent = (
        AuditEntry.objects.create(kind=AuditEntry.Kind.STOCK_ADJUST),
        AuditEntry.objects.create(kind=AuditEntry.Kind.STOCK_ADJUST),
    )
    # Back-dated in the INSERT itself (the table takes no UPDATE, the ORM stamps now).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditentry (at, kind, object_type, detail) VALUES (%s, %s, '', '{}')",
            [timezone.now() - timedelta(days=800), AuditEntry.Kind.DONATION_RECORD],
        )
    assert run(purge_audit_trail) == 1
    assert run(purge_audit_trail) == 0
    left = set(AuditEntry.objects.values_list("pk", flat=True))
    return left, {old.pk, recent.pk}


@case("core.tasks.send_text")
def _send_text(run):
    from core import texts
    from core.tasks import send_text

    texts.outbox.clear()  # the test settings' locmem backend
    text, _created = texts.queue(key="twice:1", phone="+16175550101", body="Hola")
    assert run(send_text, text.pk) is True
    assert run(send_text, text.pk) is False
    return [m["id"] for m in texts.outbox], [text.gateway_id]


@case("core.tasks.purge_texts")
def _purge_texts(run):
    from core import texts
    from core.models import OutgoingText
    from core.tasks import purge_texts

    old, _created = texts.queue(key="twice:2", phone="+16175550101", body="Hola")
    recent, _created = texts.queue(key="twice:3", phone="+16175550101", body="Hola")
    OutgoingText.objects.filter(pk=old.pk).update(
        status=OutgoingText.Status.SENT, created_at=timezone.now() - timedelta(days=400)
    )
    assert run(purge_texts) == 1
    assert run(purge_texts) == 0
    return set(OutgoingText.objects.values_list("pk", flat=True)), {recent.pk}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_task_run_twice_has_one_effect(name, run):
    seen, once = CASES[name](run)
    assert seen == once, name


def test_every_task_of_basework_is_run_twice_above():
    ours = {name for name in app.tasks if not name.startswith("celery.")}
    assert ours == set(CASES)
    assert len(CASES) == 22
