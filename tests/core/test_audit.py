"""The audit trail (core.audit): append-only in the database, purged only past its retention,
written by every service that takes `by`, never holding a personal value; and its page."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from core import audit
from core.models import AuditEntry

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
# An app's services: one module, or a package of modules (committees/services/).
SERVICE_MODULES = sorted([*ROOT.glob("*/services.py"), *ROOT.glob("*/services/*.py")])


def _services_by_app() -> dict[str, str]:
    sources: dict[str, str] = {}
    for path in SERVICE_MODULES:
        app = path.parent.name if path.name == "services.py" else path.parent.parent.name
        sources[app] = sources.get(app, "") + "\n" + path.read_text()
    return sources


def _entry_at(moment, kind=AuditEntry.Kind.STOCK_ADJUST, by=None) -> int:
    """An entry written at `moment` (the ORM stamps now, and the table takes no UPDATE)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditentry (at, kind, object_type, detail, by_id)"
            " VALUES (%s, %s, '', '{}', %s) RETURNING id",
            [moment, kind, by.pk if by else None],
        )
        return cursor.fetchone()[0]


# --- The table -------------------------------------------------------------------------------


def test_the_database_refuses_to_change_or_delete_an_entry(coordinator):
    entry = audit.record(by=coordinator, kind=audit.Kind.MEMBER_ROLES, obj=coordinator)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(kind=audit.Kind.MEMBER_DEACTIVATE)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET by_id = NULL")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk, by=coordinator).exists()


def test_an_old_entry_is_refused_to_a_delete_that_is_not_the_purge():
    old = _entry_at(timezone.now() - timedelta(days=800))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [old])
    assert AuditEntry.objects.filter(pk=old).exists()


def test_even_the_purge_cannot_delete_an_entry_younger_than_thirty_days():
    recent = _entry_at(timezone.now() - timedelta(days=10))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL basework.audit_purge = 'on'")
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [recent])
    assert AuditEntry.objects.filter(pk=recent).exists()


def test_the_purge_deletes_only_entries_past_the_retention(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    now = timezone.now()
    old = _entry_at(now - timedelta(days=400))
    kept = [_entry_at(now - timedelta(days=300)), _entry_at(now)]
    assert audit.purge() == 1
    assert audit.purge() == 0
    assert set(AuditEntry.objects.values_list("pk", flat=True)) == set(kept)
    assert not AuditEntry.objects.filter(pk=old).exists()


def test_a_retention_below_thirty_days_keeps_thirty(settings):
    settings.AUDIT_RETENTION_DAYS = 1
    entry = _entry_at(timezone.now() - timedelta(days=20))
    assert audit.purge() == 0
    assert AuditEntry.objects.filter(pk=entry).exists()


def test_the_purge_runs_nightly_from_beat():
    assert any(
        job["task"] == "core.tasks.purge_audit_trail"
        for job in settings.CELERY_BEAT_SCHEDULE.values()
    )


# --- record() --------------------------------------------------------------------------------


def test_an_entry_records_who_what_which_object_and_when(coordinator, lead):
    before = timezone.now()
    entry = audit.record(by=coordinator, kind=audit.Kind.MEMBER_DEACTIVATE, obj=lead, count=2)
    entry.refresh_from_db()
    assert (entry.by, entry.kind, entry.object_type, entry.object_id, entry.detail) == (
        coordinator,
        "member.deactivate",
        "accounts.user",
        lead.pk,
        {"count": 2},
    )
    assert entry.at >= before


@pytest.mark.parametrize("value", ["Rosa Díaz", "12 Elm St", "call after 5pm", {"a": 1}, 1.5])
def test_free_text_is_refused_in_the_detail(coordinator, value):
    with pytest.raises(ValueError):
        audit.record(by=coordinator, kind=audit.Kind.STOCK_ADJUST, note=value)
    assert not AuditEntry.objects.exists()


# --- Every service that takes `by` records it -------------------------------------------------

# Services that take `by` and write to the trail through another function (which this walk
# checks as well) rather than calling audit.record themselves, are found by following calls.
# Exempt, with the reason:
EXEMPT = {
    # The contact access log itself; it mirrors every action but a view into the trail.
    "contacts_access_record": "writes the audit row itself (one per batch)",
}


def _functions_taking_by(sources: dict[str, str]):
    for app, source in sources.items():
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                arguments = node.args.args + node.args.kwonlyargs
                if any(a.arg == "by" for a in arguments):
                    yield app, node


def _called_names(node) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Attribute):
                base = call.func.value
                prefix = base.id + "." if isinstance(base, ast.Name) else ""
                names.add(prefix + call.func.attr)
                names.add(call.func.attr)
            elif isinstance(call.func, ast.Name):
                names.add(call.func.id)
    return names


def _unrecorded(sources: dict[str, str]) -> tuple[int, list[str]]:
    """The walk: each public service function with a `by` parameter calls audit.record, or
    calls another service that does (followed to a fixed point). Returns how many functions
    take `by`, and those that record nothing."""
    functions = {(app, node.name): node for app, node in _functions_taking_by(sources)}
    calls = {key: _called_names(node) for key, node in functions.items()}
    recording = {key for key, names in calls.items() if "audit.record" in names}
    changed = True
    while changed:
        names = {name for _app, name in recording}
        grown = {key for key, called in calls.items() if called & names} | recording
        changed, recording = grown != recording, grown
    missing = sorted(
        f"{app}.services.{name}"
        for app, name in functions
        if (app, name) not in recording and name not in EXEMPT
    )
    return len(functions), missing


def test_every_service_that_takes_by_writes_an_audit_row():
    found, missing = _unrecorded(_services_by_app())
    assert found > 60  # the walk found the services (issue 15 counted 71 functions)
    assert missing == []


def test_the_walk_finds_a_service_that_takes_by_and_records_nothing():
    sources = {
        "things": (
            "def thing_make(*, by):\n    audit.record(by=by, kind=K)\n"
            "def thing_copy(*, by):\n    return thing_make(by=by)\n"
            "def thing_drop(*, thing, by):\n    thing.delete()\n"
        )
    }
    assert _unrecorded(sources) == (3, ["things.services.thing_drop"])


# --- The page --------------------------------------------------------------------------------


def test_only_a_coordinator_reads_the_audit_trail(as_coordinator, as_lead, as_investigator):
    url = reverse("accounts:audit_trail")
    assert as_lead.get(url).status_code == 403
    assert as_investigator.get(url).status_code == 403
    assert as_coordinator.get(url).status_code == 200


def test_the_page_filters_by_person_kind_and_date(as_coordinator, coordinator, lead):
    now = timezone.now()
    mine = _entry_at(now, AuditEntry.Kind.STOCK_ADJUST, by=lead)
    _entry_at(now, AuditEntry.Kind.DONATION_RECORD, by=lead)
    _entry_at(now, AuditEntry.Kind.STOCK_ADJUST, by=coordinator)
    _entry_at(now - timedelta(days=40), AuditEntry.Kind.STOCK_ADJUST, by=lead)
    day = timezone.localdate().isoformat()
    response = as_coordinator.get(
        reverse("accounts:audit_trail"),
        {"by": lead.pk, "kind": "stock.adjust", "at_after": day, "at_before": day},
    )
    assert [e.pk for e in response.context["page"].object_list] == [mine]


def test_the_page_is_paginated_newest_first(as_coordinator, lead):
    now = timezone.now()
    ids = [_entry_at(now - timedelta(minutes=i), by=lead) for i in range(55)]
    first = as_coordinator.get(reverse("accounts:audit_trail"))
    second = as_coordinator.get(reverse("accounts:audit_trail"), {"page": 2})
    assert [e.pk for e in first.context["page"].object_list] == ids[:50]
    assert [e.pk for e in second.context["page"].object_list] == ids[50:]


@pytest.mark.parametrize("rows", [2, 30])
def test_the_page_runs_a_pinned_number_of_queries(
    as_coordinator, lead, driver, rows, django_assert_max_num_queries
):
    for i in range(rows):
        _entry_at(timezone.now(), by=lead if i % 2 else driver)
    url = reverse("accounts:audit_trail")
    as_coordinator.get(url)
    with django_assert_max_num_queries(8):
        response = as_coordinator.get(url, {"kind": "stock.adjust"})
    assert response.status_code == 200
