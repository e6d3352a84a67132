"""The summation's handouts section: copies given out by language, and each current version."""

import uuid
from datetime import timedelta

import pytest

from handouts import services
from summations.sections import freeze
from summations.sections.handouts import handouts_section
from tests.factories.distribution import ServeFactory
from tests.factories.handouts import handout_with_current
from tests.summations.conftest import WEEK

pytestmark = pytest.mark.django_db


def _give(serve, handout, language, by):
    services.handout_tap(
        serve=serve, handout=handout, language=language, key=uuid.uuid4(), device="p", by=by
    )


def test_it_counts_copies_by_language_this_week_with_the_current_version(lead):
    handout = handout_with_current(by=lead)
    serve = ServeFactory(date=WEEK.monday + timedelta(days=1))
    earlier = ServeFactory(date=WEEK.monday - timedelta(days=6))
    for language in ("es", "es", "en", "en"):
        _give(serve, handout, language, lead)
    services.handout_undo(serve=serve, key=uuid.uuid4(), device="p", by=lead)  # one "en" back
    _give(earlier, handout, "es", lead)

    section = handouts_section(WEEK)
    total, english, spanish = section.figures
    assert (total.this_week, total.previous_week) == (3, 1)
    assert (english.this_week, spanish.this_week) == (1, 2)
    (row,) = section.tables[0].rows
    assert row[2:] == (1, 2)
    frozen = freeze(section)
    assert frozen["tables"][0]["rows"][0][0] == {
        "en": "Our points of unity",
        "es": "Nuestros puntos de unidad",
    }
    assert "version 1, adopted" in frozen["tables"][0]["rows"][0][1]["en"]


def test_without_an_adopted_handout_it_says_so():
    section = handouts_section(WEEK)
    assert section.tables == () and section.figures[0].this_week == 0
    assert "No handout has an adopted version yet" in str(section.notes[0])
