"""Core keeps no domain data. Its tables are the queue's fallback (background work the broker
could not take while Redis was down, sent again once it is back) and the audit trail (who
changed what, never a personal value)."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import crypto
from core.fields import EncryptedTextField


class PendingTask(models.Model):
    """A task enqueued while the broker was unreachable (core.queue.enqueue_on_commit). Only a
    task name and its arguments (ids), never personal data. core.tasks.send_pending_tasks
    sends it again from beat; the tasks are idempotent, so a second delivery does nothing."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"


class AuditEntryQuerySet(models.QuerySet):
    def for_audit_page(self):
        return self.select_related("by").order_by("-at", "-id")


class AuditEntry(models.Model):
    """Append-only: who did what to which object, and when, written by every service that
    takes `by` (core.audit.record). Never a personal value: the object is a model label and
    an id, the detail only counts, ids and status codes. The database refuses UPDATE always
    and DELETE except the retention purge's (see migration 0002 and docs/security.md)."""

    class Kind(models.TextChoices):
        # accounts
        INVITATION_CREATE = "invitation.create", _("Invited a member")
        MEMBER_ROLES = "member.roles", _("Set a member's roles")
        MEMBER_DEACTIVATE = "member.deactivate", _("Deactivated a member")
        MEMBER_MFA_RESET = "member.mfa_reset", _("Reset a member's two-step sign-in")
        # committees
        GROUP_CREATE = "group.create", _("Created a working group")
        GROUP_UPDATE = "group.update", _("Edited a working group")
        MEMBERSHIP_ADD = "membership.add", _("Added a member to a group")
        MEMBERSHIP_LEAD = "membership.lead", _("Changed who leads a group")
        MEMBERSHIP_REMOVE = "membership.remove", _("Removed a member from a group")
        SPOKE_ELECT = "spoke.elect", _("Recorded a spoke's election")
        SPOKE_RECALL = "spoke.recall", _("Recalled a spoke")
        MEETING_SCHEDULE = "meeting.schedule", _("Scheduled a meeting")
        MEETING_UPDATE = "meeting.update", _("Edited a meeting")
        MEETING_ATTENDANCE = "meeting.attendance", _("Recorded attendance")
        MEETING_NOTICE = "meeting.notice", _("Sent a meeting notice")
        AGENDA_ADD = "agenda.add", _("Added an agenda item")
        AGENDA_REMOVE = "agenda.remove", _("Removed an agenda item")
        PROPOSAL_CREATE = "proposal.create", _("Made a proposal")
        MANDATE_SET = "mandate.set", _("Recorded a group's mandate")
        DECISION_MEETING = "decision.meeting", _("Recorded a decision and its votes")
        DECISION_LEAD = "decision.lead", _("Recorded a lead's decision")
        ACTION_ITEM_CREATE = "action_item.create", _("Created an action item")
        ACTION_ITEM_UPDATE = "action_item.update", _("Edited an action item")
        ACTION_ITEM_STATUS = "action_item.status", _("Changed an action item's status")
        WEEKLY_REPORT_SAVE = "weekly_report.save", _("Saved a weekly report")
        # contacts (views of a contact stay in the contact access log only)
        CONTACT_CREATE = "contact.create", _("Added a contact")
        CONTACT_EDITED = "contact.edited", _("Edited a contact")
        CONTACT_IMPORTED = "contact.imported", _("Imported contacts")
        CONTACT_EXPORTED = "contact.exported", _("Exported contacts")
        CONTACT_FORGOTTEN = "contact.forgotten", _("Forgot a contact")
        CONTACT_ASSESS = "contact.assess", _("Assessed a contact's development")
        CONVERSATION_RECORD = "conversation.record", _("Recorded a conversation")
        FOLLOW_UP_COMPLETE = "follow_up.complete", _("Completed a follow-up")
        # investigation
        GRIEVANCE_RECORD = "grievance.record", _("Recorded a grievance")
        GRIEVANCE_UPDATE = "grievance.update", _("Edited a grievance")
        GRIEVANCE_IMPORT = "grievance.import", _("Imported grievances")
        BASE_AREA_NOTE = "base_area.note", _("Wrote a base area note")
        CAMPAIGN_CREATE = "campaign.create", _("Started a campaign")
        CAMPAIGN_UPDATE = "campaign.update", _("Edited a campaign")
        CAMPAIGN_PEOPLE = "campaign.people", _("Set a campaign's people")
        CAMPAIGN_ACTION = "campaign.action", _("Recorded a campaign action")
        DEMAND_SAVE = "demand.save", _("Saved a demand")
        # distribution
        SERVE_TAP = "serve.tap", _("Counted at a serve")
        SERVE_UNDO = "serve.undo", _("Undid a count at a serve")
        SERVE_NOTES = "serve.notes", _("Edited a serve's notes")
        SERVE_CLOSE = "serve.close", _("Closed a serve")
        SHIFT_CANCEL = "shift.cancel", _("Cancelled a shift")
        SHIFT_CHECK_IN = "shift.check_in", _("Checked a volunteer in")
        SHIFT_CHECK_OUT = "shift.check_out", _("Checked a volunteer out")
        STOCK_ADJUST = "stock.adjust", _("Adjusted stock")
        DONATION_RECORD = "donation.record", _("Recorded a donation")
        PURCHASE_RECORD = "purchase.record", _("Recorded a purchase")
        REIMBURSEMENT_RECORD = "reimbursement.record", _("Recorded a reimbursement")
        DELIVERY_REQUEST = "delivery.request", _("Took a delivery request")
        DELIVERY_UPDATE = "delivery.update", _("Edited a delivery request")
        DELIVERY_ASSIGN = "delivery.assign", _("Assigned deliveries to a driver")
        DELIVERY_UNASSIGN = "delivery.unassign", _("Took a delivery off a run")
        DELIVERY_CANCEL = "delivery.cancel", _("Cancelled a delivery")
        DELIVERY_REQUEUE = "delivery.requeue", _("Put a delivery back in the queue")
        DELIVERY_DELIVERED = "delivery.delivered", _("Marked a delivery delivered")
        DELIVERY_FAILED = "delivery.failed", _("Marked a delivery not delivered")
        DELIVERY_UNDO = "delivery.undo", _("Took back a delivery mark")
        DELIVERY_REOPEN = "delivery.reopen", _("Put a delivered request back on the board")
        RUN_VIEWED = "run.viewed", _("Opened a run with addresses")
        RUN_SHEET = "run.sheet", _("Printed a run sheet with addresses")
        # handouts
        HANDOUT_SAVE = "handout.save", _("Saved a handout's draft")
        HANDOUT_PROPOSE = "handout.propose", _("Put a handout to the general body")
        HANDOUT_ADOPT = "handout.adopt", _("Recorded a handout's adoption")
        HANDOUT_TAP = "handout.tap", _("Counted a handout given out")
        HANDOUT_UNDO = "handout.undo", _("Undid a handout count")
        HANDOUT_PRINTED = "handout.printed", _("Recorded a printed batch of handouts")
        # texting
        TEXT_CONSENT = "text.consent", _("Recorded consent to texts")
        TEXT_OPT_OUT = "text.opt_out", _("Recorded an opt-out from texts")
        TEXT_OPT_IN = "text.opt_in", _("Lifted an opt-out from texts (the contact replied START)")
        TURNOUT_DRAFT = "turnout.draft", _("Wrote turnout texts")
        TURNOUT_SEND = "turnout.send", _("Sent turnout texts")
        TURNOUT_CAME = "turnout.came", _("Recorded who came after turnout texts")
        # summations
        SUMMATION_BUILD = "summation.build", _("Asked for a summation to be built")
        SUMMATION_PRESENT = "summation.present", _("Presented a summation")
        SUMMATION_ADOPT = "summation.adopt", _("Adopted a summation")
        SUMMATION_COMMENT = "summation.comment", _("Commented on a summation")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # PROTECT, not SET_NULL: setting it to null would be an UPDATE, which the table refuses.
    # Members are deactivated, never deleted. Null is a background job (beat).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=40, choices=Kind.choices)
    object_type = models.CharField(_("object"), max_length=80, blank=True)
    object_id = models.PositiveBigIntegerField(null=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["by", "-at"], name="core_audit_by_at"),
            models.Index(fields=["kind", "-at"], name="core_audit_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.by_id} {self.kind} {self.object_type}#{self.object_id} {self.at:%Y-%m-%d}"

    @property
    def object_name(self) -> str:
        """The object as the page shows it: its model's name and its id ("delivery request
        #12"), read from the app registry, so core imports no app."""
        if not self.object_type:
            return ""
        try:
            model = apps.get_model(self.object_type)
        except LookupError:  # a model renamed or removed since
            return f"{self.object_type} #{self.object_id}"
        return f"{model._meta.verbose_name} #{self.object_id}"

    @property
    def detail_items(self) -> list[tuple[str, str]]:
        return [
            (key, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
            for key, value in sorted(self.detail.items())
        ]


class DataKey(models.Model):
    """One person's own random key, stored wrapped (encrypted) under the deployment's keys
    (core.crypto). Every personal value about that person is sealed with it; deleting it
    makes them all unreadable at once, wherever copies of them lie (crypto-shredding).
    Rotating FIELD_ENCRYPTION_KEY re-wraps these keys; the values themselves stay."""

    wrapped = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"data key #{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        # Read along with the rows sealed with it (select_related("contact__key")): what they
        # seal then opens without another query.
        key = super().from_db(db, field_names, values, *args, **kwargs)
        if "wrapped" in key.__dict__:
            crypto.remember_wrapped(key.pk, key.wrapped)
        return key


class KeyCanary(models.Model):
    """A known value encrypted with the deployment's key when the database was first used:
    a process started with a different FIELD_ENCRYPTION_KEY refuses to start
    (core.crypto.check_keys) instead of serving errors or ciphertext."""

    token = models.TextField()

    def __str__(self) -> str:
        return "key canary"


class OutgoingTextQuerySet(models.QuerySet):
    def due_for_purge(self, cutoff):
        """Texts settled (sent, delivered or failed) before `cutoff`: the retention job's."""
        return self.exclude(status=OutgoingText.Status.QUEUED).filter(created_at__lt=cutoff)


class OutgoingText(models.Model):
    """One text message on its way out through core.texts, and what became of it.
    `idempotency_key` is the sender's ("turnout:3:contact:12"): queueing the same key twice,
    or running the task twice, sends one text. The phone and the body are sealed with the
    recipient's own data key where there is one (a contact), so forgetting them makes their
    texts unreadable too. Replies are never stored here (see docs/texts.md)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", pgettext_lazy("text message", "Delivered")
        FAILED = "failed", pgettext_lazy("text message", "Failed")

    idempotency_key = models.CharField(max_length=120, unique=True)
    # The recipient's own data key (a contact's): their number and text are sealed with it.
    # No database constraint: Django sets it to null when the key goes (forgetting), and a
    # deferred constraint here would stop contacts' key migrations from being reversed.
    key = models.ForeignKey(
        DataKey,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    phone = EncryptedTextField(_("phone"))
    body = EncryptedTextField(_("text"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    # The id the gateway knows the message by: derived from the key, so a resend after a
    # worker died mid-request is the same message to the gateway.
    gateway_id = models.CharField(max_length=64, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why it failed, in the gateway's words or ours: never the number or the text.
    error = models.CharField(
        pgettext_lazy("text message", "why it failed"), max_length=200, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing text")
        verbose_name_plural = _("outgoing texts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"text #{self.pk} {self.status}"

    def data_key_id(self) -> int | None:
        return self.key_id

    @classmethod
    def rotation_rows(cls, rows, names):
        """Key rotation (core.rotation): each text is sealed with its recipient's key."""
        return rows.only("pk", *names, "key")
