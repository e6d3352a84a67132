"""Action items, their notices, and the groups' weekly reports."""

from collections import defaultdict
from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from committees.models import (
    ActionItem,
    Decision,
    Meeting,
    Membership,
    WeeklyReport,
    WorkingGroup,
)
from committees.services.common import _today
from committees.services.meetings import _claim_request
from core import audit, emails
from core.queue import enqueue_on_commit

# --- Action items ------------------------------------------------------------------------------


def action_item_create(
    *,
    title: str,
    notes: str,
    group: WorkingGroup,
    assignee: User,
    due_on: date,
    meeting: Meeting | None,
    decision: Decision | None,
    by: User,
) -> ActionItem:
    """Give a member something to do, answerable to a working group; the assignee hears about
    it by email (after commit, through the worker)."""
    notify = assignee.pk != by.pk
    item = ActionItem.objects.create(
        title=title,
        notes=notes,
        group=group,
        assignee=assignee,
        due_on=due_on,
        meeting=meeting,
        decision=decision,
        created_by=by,
        assigned_notice_due_at=timezone.now() if notify else None,
    )
    audit.record(by=by, kind=audit.Kind.ACTION_ITEM_CREATE, obj=item, assignee=assignee.pk)
    if notify:
        enqueue_on_commit("committees.tasks.send_action_item_assigned", item.pk)
    return item


def action_item_update(
    *,
    item: ActionItem,
    title: str,
    notes: str,
    group: WorkingGroup,
    assignee: User,
    due_on: date,
    by: User,
) -> ActionItem:
    """Change an action item. A new assignee hears about it; a new due date re-arms the
    reminder and the overdue flag (they are claimed per due date)."""
    reassigned = item.assignee_id != assignee.pk
    item.title, item.notes, item.group, item.assignee, item.due_on = (
        title,
        notes,
        group,
        assignee,
        due_on,
    )
    fields = ["title", "notes", "group", "assignee", "due_on"]
    notify = reassigned and assignee.pk != by.pk
    if notify:
        item.assigned_notice_due_at = timezone.now()
        fields.append("assigned_notice_due_at")
    item.save(update_fields=fields)
    audit.record(by=by, kind=audit.Kind.ACTION_ITEM_UPDATE, obj=item, assignee=assignee.pk)
    if notify:
        enqueue_on_commit("committees.tasks.send_action_item_assigned", item.pk)
    return item


def action_item_set_status(*, item: ActionItem, status: str, by: User) -> ActionItem:
    """Mark an action item done, dropped, or open again."""
    item.status = ActionItem.Status(status)
    item.done_on = _today() if item.status == ActionItem.Status.DONE else None
    item.save(update_fields=["status", "done_on"])
    audit.record(by=by, kind=audit.Kind.ACTION_ITEM_STATUS, obj=item, status=item.status)
    return item


@transaction.atomic
def action_item_assigned_notify(*, item_id: int) -> int:
    """Tell the assignee of an action item, once per assignment (claimed first, so a task
    delivered twice sends one email)."""
    if not _claim_request(
        ActionItem.objects.filter(pk=item_id),
        requested="assigned_notice_due_at",
        handled="assigned_notice_sent_for",
    ):
        return 0
    item = ActionItem.objects.select_related("group", "assignee").get(pk=item_id)
    if item.status != ActionItem.Status.OPEN or not item.assignee.is_active:
        return 0
    message = emails.message_for(
        item.assignee,
        subject=lambda: _("New action item: %(title)s") % {"title": item.title},
        template="committees/email/action_item_assigned.txt",
        context={"item": item, "link": emails.absolute(item.get_absolute_url())},
    )
    return emails.send([message])


def _claim(queryset, field: str) -> list[ActionItem]:
    """Lock the rows not yet claimed by another run, mark them claimed for their due date,
    and return them: two runs never send the same notice."""
    with transaction.atomic():
        items = list(
            queryset.select_for_update(skip_locked=True, of=("self",)).select_related(
                "group", "assignee"
            )
        )
        ActionItem.objects.filter(pk__in=[i.pk for i in items]).update(**{field: F("due_on")})
    return items


def _overdue_subject(count: int) -> str:
    return ngettext("%(count)s overdue action item", "%(count)s overdue action items", count) % {
        "count": count
    }


def action_items_send_due_notices(*, today: date) -> tuple[int, int]:
    """The daily job: remind assignees of open items due within ACTION_ITEM_REMINDER_DAYS,
    and flag overdue items to their group's leads (to the coordinators if the group has no
    lead). Each notice is claimed per item and due date first, so the job is idempotent.
    Returns (reminders sent, leads flagged)."""
    due_soon = _claim(
        ActionItem.objects.needing_reminder(today, settings.ACTION_ITEM_REMINDER_DAYS),
        "reminded_for",
    )
    reminders = [
        emails.message_for(
            item.assignee,
            subject=lambda item=item: (
                _("Reminder: %(title)s is due %(date)s")
                % {"title": item.title, "date": date_format(item.due_on, "DATE_FORMAT")}
            ),
            template="committees/email/action_item_reminder.txt",
            context={"item": item, "link": emails.absolute(item.get_absolute_url())},
        )
        for item in due_soon
        if item.assignee.is_active
    ]
    overdue = _claim(ActionItem.objects.needing_overdue_flag(today), "overdue_flagged_for")
    by_group: dict[int, list[ActionItem]] = defaultdict(list)
    for item in overdue:
        by_group[item.group_id].append(item)
    leads: dict[int, list[User]] = defaultdict(list)
    for membership in Membership.objects.leads_of(by_group).select_related("user"):
        leads[membership.group_id].append(membership.user)
    coordinators = list(User.objects.filter(is_active=True, is_coordinator=True))
    per_reader: dict[int, tuple[User, list[ActionItem]]] = {}
    for group_id, items in by_group.items():
        for reader in leads.get(group_id) or coordinators:
            per_reader.setdefault(reader.pk, (reader, []))[1].extend(items)
    flags = [
        emails.message_for(
            reader,
            subject=partial(_overdue_subject, len(items)),
            template="committees/email/action_items_overdue.txt",
            context={
                "items": sorted(items, key=lambda i: (i.group.name, i.due_on)),
                "link": emails.absolute(reverse("committees:action_item_list") + "?overdue=on"),
                "today": today,
            },
        )
        for reader, items in per_reader.values()
    ]
    emails.send(reminders + flags)
    return len(reminders), len(flags)


# --- Weekly reports ----------------------------------------------------------------------------


def weekly_report_save(
    *,
    group: WorkingGroup,
    iso_week: str,
    what_we_did: str,
    what_went_wrong: str,
    next_steps: str,
    by: User,
) -> WeeklyReport:
    """Write (or rewrite) a group's report for one ISO week, for the weekly summation."""
    report, _created = WeeklyReport.objects.update_or_create(
        group=group,
        iso_week=iso_week,
        defaults={
            "what_we_did": what_we_did,
            "what_went_wrong": what_went_wrong,
            "next_steps": next_steps,
            "written_by": by,
        },
    )
    audit.record(by=by, kind=audit.Kind.WEEKLY_REPORT_SAVE, obj=report)
    return report
