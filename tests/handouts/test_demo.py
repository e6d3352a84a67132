"""seed_demo's handouts: points of unity and the statement on ID, adopted, and one draft."""

import io

import pytest
from django.core.management import call_command

from handouts.models import Handout, HandoutTap, HandoutVersion, Kind


@pytest.mark.django_db
def test_seed_demo_adopts_the_points_of_unity_and_the_statement_on_id(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    points = Handout.objects.get(kind=Kind.POINTS_OF_UNITY)
    statement = Handout.objects.get(kind=Kind.STATEMENT)
    for handout in (points, statement):
        current = handout.current_version
        assert current.number == 1 and current.adoption_decision.body == "general_body"
        assert current.title_en and current.title_es and current.body_en and current.body_es
    assert "never ask" in statement.current_version.title_en.lower()
    assert "Nunca" in statement.current_version.title_es
    draft = HandoutVersion.objects.get(handout=points, number=2)
    assert draft.status == HandoutVersion.Status.DRAFT
    given = HandoutTap.objects.count()
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    assert HandoutVersion.objects.count() == 3 and HandoutTap.objects.count() == given
