"""The audit trail, append-only like the contact access log: the database refuses every UPDATE,
and every DELETE except the retention purge's (core.audit.purge): on PostgreSQL that is a
DELETE in a transaction that set basework.audit_purge, of rows older than 30 days; SQLite has
no session settings, so there only the 30-day floor holds."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE'
           AND current_setting('basework.audit_purge', true) = 'on'
           AND OLD.at < now() - interval '30 days' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'core_auditentry is append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only();",
]
SQLITE = [
    """
    CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update
    BEFORE UPDATE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete
    BEFORE DELETE ON core_auditentry
    WHEN OLD.at >= datetime('now', '-30 days')
    BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_pending_task"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("invitation.create", "Invited a member"),
                            ("member.roles", "Set a member's roles"),
                            ("member.deactivate", "Deactivated a member"),
                            ("member.mfa_reset", "Reset a member's two-step sign-in"),
                            ("group.create", "Created a working group"),
                            ("group.update", "Edited a working group"),
                            ("membership.add", "Added a member to a group"),
                            ("membership.lead", "Changed who leads a group"),
                            ("membership.remove", "Removed a member from a group"),
                            ("spoke.elect", "Recorded a spoke's election"),
                            ("spoke.recall", "Recalled a spoke"),
                            ("meeting.schedule", "Scheduled a meeting"),
                            ("meeting.update", "Edited a meeting"),
                            ("meeting.attendance", "Recorded attendance"),
                            ("meeting.notice", "Sent a meeting notice"),
                            ("agenda.add", "Added an agenda item"),
                            ("agenda.remove", "Removed an agenda item"),
                            ("proposal.create", "Made a proposal"),
                            ("mandate.set", "Recorded a group's mandate"),
                            ("decision.meeting", "Recorded a decision and its votes"),
                            ("decision.lead", "Recorded a lead's decision"),
                            ("action_item.create", "Created an action item"),
                            ("action_item.update", "Edited an action item"),
                            ("action_item.status", "Changed an action item's status"),
                            ("weekly_report.save", "Saved a weekly report"),
                            ("contact.create", "Added a contact"),
                            ("contact.edited", "Edited a contact"),
                            ("contact.imported", "Imported contacts"),
                            ("contact.exported", "Exported contacts"),
                            ("contact.forgotten", "Forgot a contact"),
                            ("contact.assess", "Assessed a contact's development"),
                            ("conversation.record", "Recorded a conversation"),
                            ("follow_up.complete", "Completed a follow-up"),
                            ("grievance.record", "Recorded a grievance"),
                            ("grievance.update", "Edited a grievance"),
                            ("grievance.import", "Imported grievances"),
                            ("base_area.note", "Wrote a base area note"),
                            ("campaign.create", "Started a campaign"),
                            ("campaign.update", "Edited a campaign"),
                            ("campaign.people", "Set a campaign's people"),
                            ("campaign.action", "Recorded a campaign action"),
                            ("demand.save", "Saved a demand"),
                            ("serve.tap", "Counted at a serve"),
                            ("serve.undo", "Undid a count at a serve"),
                            ("serve.notes", "Edited a serve's notes"),
                            ("serve.close", "Closed a serve"),
                            ("shift.cancel", "Cancelled a shift"),
                            ("shift.check_in", "Checked a volunteer in"),
                            ("shift.check_out", "Checked a volunteer out"),
                            ("stock.adjust", "Adjusted stock"),
                            ("donation.record", "Recorded a donation"),
                            ("purchase.record", "Recorded a purchase"),
                            ("reimbursement.record", "Recorded a reimbursement"),
                            ("delivery.request", "Took a delivery request"),
                            ("delivery.update", "Edited a delivery request"),
                            ("delivery.assign", "Assigned deliveries to a driver"),
                            ("delivery.unassign", "Took a delivery off a run"),
                            ("delivery.cancel", "Cancelled a delivery"),
                            ("delivery.requeue", "Put a delivery back in the queue"),
                            ("delivery.delivered", "Marked a delivery delivered"),
                            ("delivery.failed", "Marked a delivery not delivered"),
                            ("run.viewed", "Opened a run with addresses"),
                            ("run.sheet", "Printed a run sheet with addresses"),
                            ("summation.build", "Asked for a summation to be built"),
                            ("summation.present", "Presented a summation"),
                            ("summation.adopt", "Adopted a summation"),
                            ("summation.comment", "Commented on a summation"),
                        ],
                        max_length=40,
                        verbose_name="what",
                    ),
                ),
                ("object_type", models.CharField(blank=True, max_length=80, verbose_name="object")),
                ("object_id", models.PositiveBigIntegerField(null=True)),
                ("detail", models.JSONField(blank=True, default=dict)),
                (
                    "by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit trail",
                "ordering": ["-at", "-id"],
                "indexes": [
                    models.Index(fields=["by", "-at"], name="core_audit_by_at"),
                    models.Index(fields=["kind", "-at"], name="core_audit_kind_at"),
                ],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
