"""A contact may share a phone with another (a household's one phone): such contacts are
flagged and left out of the one-contact-per-phone constraint. See
docs/decisions/0007-shared-phones.md."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0008_reach_indexes"),
        # Written at the same time as 0009_sealed_names; depending on it keeps one leaf.
        ("contacts", "0009_sealed_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="shares_phone",
            field=models.BooleanField(default=False, editable=False, verbose_name="shares a phone"),
        ),
        migrations.RemoveConstraint(model_name="contact", name="contact_phone_once"),
        migrations.AddConstraint(
            model_name="contact",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("forgotten_at__isnull", True),
                    ("shares_phone", False),
                    models.Q(("phone_hash", ""), _negated=True),
                ),
                fields=("phone_hash",),
                name="contact_phone_once",
            ),
        ),
    ]
