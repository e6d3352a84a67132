"""A mistyped quorum or vote rule stops the process at start-up."""

from django.test import override_settings

from committees.checks import check_committee_settings


def test_the_default_settings_pass():
    assert check_committee_settings(None) == []


@override_settings(GENERAL_BODY_QUORUM=1.5)
def test_a_quorum_above_one_is_an_error():
    assert [e.id for e in check_committee_settings(None)] == ["committees.E001"]


@override_settings(SPOKES_COUNCIL_VOTE_RULE="unanimity")
def test_an_unknown_vote_rule_is_an_error():
    assert [e.id for e in check_committee_settings(None)] == ["committees.E002"]
