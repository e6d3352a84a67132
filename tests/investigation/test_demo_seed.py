"""seed_demo grows a believable picture: base areas, a few hundred contacts (encrypted),
grievances concentrated on two landlords and one employer, and a campaign with demands."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from contacts.models import Contact
from investigation.models import Campaign, Grievance


@pytest.mark.django_db
def test_seed_demo_builds_the_picture_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent

    assert Contact.objects.count() == 300
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM contacts_contact WHERE phone <> '' LIMIT 1")
        assert cursor.fetchone()[0].startswith("gAAAA")  # a Fernet token, not a phone
    assert Contact.objects.exclude(phone="").first().phone.startswith("617-555-")

    by_antagonist = {
        row["antagonist__name"]: row["n"]
        for row in Grievance.objects.values("antagonist__name").annotate(n=Count("id"))
    }
    top_three = sorted((n for name, n in by_antagonist.items() if name), reverse=True)[:3]
    assert set(by_antagonist) == {
        "Harborview Property Management",
        "Mystic Realty Trust",
        "FreshPak Distribution",
        None,
    }
    assert sum(top_three) > 0.8 * Grievance.objects.count()
    campaign = Campaign.objects.get()
    assert campaign.demands.count() == 3
    assert campaign.demands.filter(status="won").count() == 1
    assert campaign.demands.first().grievances.exists()
