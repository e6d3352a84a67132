"""The "weekly summation ready" email: once, when a summation's first build completes, to
every active member in their own language, with counts their role may see and a link, and
nothing attached."""

import time

import pytest
from django.core import mail

from summations import services
from summations.models import Summation
from tests.factories.accounts import UserFactory
from tests.summations.conftest import WEEK, local, make_area, make_contact

Status = Summation.BuildStatus


@pytest.mark.django_db
def test_the_first_build_enqueues_the_notice_and_a_rebuild_does_not(
    django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr("summations.tasks.send_summation_ready.delay", lambda pk: sent.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        services.summation_build_now(week=WEEK)
    summation = Summation.objects.get()
    assert sent == [summation.pk]

    services.summation_ready_notify(summation_id=summation.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.summation_build_now(week=WEEK)
    assert sent == [summation.pk]


@pytest.mark.django_db
def test_each_member_hears_once_in_their_language_with_what_their_role_may_see(
    member, driver, coordinator
):
    make_contact(at=local(2026, 11, 10, 18, 0), base_area=make_area("Elm Street Apartments"))
    make_contact(at=local(2026, 11, 11, 18, 0))
    UserFactory(email="gone@example.org", is_active=False)
    spanish = UserFactory(email="rosa@example.org", language="es")
    services.summation_build_now(week=WEEK, notify=False)
    summation = Summation.objects.get()

    assert services.summation_ready_notify(summation_id=summation.pk) == 4
    assert services.summation_ready_notify(summation_id=summation.pk) == 0  # once

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {member.email, driver.email, coordinator.email, spanish.email}
    link = f"/summations/{summation.pk}/"
    english = by_recipient[member.email]
    assert english.subject == "The weekly summation is ready: week 46 of 2026"
    assert "- New contacts: 2 (previous week 0)" in english.body
    assert link in english.body
    assert english.attachments == []
    assert "Elm Street" not in english.body  # counts only
    for_driver = by_recipient[driver.email]
    assert "New contacts" not in for_driver.body  # a driver sees nothing of the investigation
    assert link in for_driver.body
    es = by_recipient[spanish.email]
    assert es.subject == "El balance semanal está listo: semana 46 de 2026"
    assert "- Contactos nuevos: 2 (semana anterior 0)" in es.body


@pytest.mark.django_db
def test_a_summation_not_built_sends_nothing(member):
    summation = Summation.objects.create(year=2026, week=46)
    assert services.summation_ready_notify(summation_id=summation.pk) == 0
    assert mail.outbox == []
    summation.refresh_from_db()
    assert summation.ready_notice_sent_at is None


@pytest.mark.django_db
def test_a_mail_server_that_fails_leaves_the_notice_to_be_sent_again(member, monkeypatch):
    services.summation_build_now(week=WEEK, notify=False)
    summation = Summation.objects.get()

    def refuse(messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("core.emails.send", refuse)
    with pytest.raises(ConnectionRefusedError):
        services.summation_ready_notify(summation_id=summation.pk)
    summation.refresh_from_db()
    assert summation.ready_notice_sent_at is None

    monkeypatch.undo()
    assert services.summation_ready_notify(summation_id=summation.pk) == 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_then_sends_the_notice_after_commit(celery_worker, member, _media_root):
    """The worker runs in this process: its mail lands in the same locmem outbox."""
    summation = services.summation_request_build(week=WEEK, by=member)  # enqueued: no atomic

    deadline = time.monotonic() + 120
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.2)

    summation.refresh_from_db()
    assert summation.build_status == Status.DONE
    assert summation.ready_notice_sent_at is not None
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert f"/summations/{summation.pk}/" in mail.outbox[0].body
