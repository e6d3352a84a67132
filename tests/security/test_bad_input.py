"""Bad input on every form: generated submissions never cause a 500, never reflect HTML, keep
what was typed next to a clear error, and never leave a half-written change.

To cover a new form, add one FormCase below, or in tests/security/domain_forms.py for a domain
app's form (the object factories are the access matrix's). Each form gets EXAMPLES_PER_FORM
generated submissions, so the run stays bounded: about 25 × the number of forms."""

import pytest
from django.urls import reverse

from tests.security.bad_input import (
    CHOICE,
    EMAIL,
    FLAG,
    MULTI,
    PASSWORD,
    TEXT,
    TRIED_PER_FORM,
    FormCase,
    post_bad_input,
)
from tests.security.domain_forms import DOMAIN_FORMS
from tests.security.matrix import MATRIX

EXAMPLES_PER_FORM = 25
ROLE_CHOICES = ("coordinator", "lead", "investigator", "driver")
LANGUAGES = ("en", "es")

FORMS = [
    FormCase("account_login", role="anonymous", fields={"login": EMAIL, "password": PASSWORD}),
    FormCase(
        "account_change_password",
        role="driver",
        fields={"oldpassword": PASSWORD, "password1": PASSWORD, "password2": PASSWORD},
    ),
    FormCase("account_reset_password", role="anonymous", fields={"email": EMAIL}),
    FormCase(
        "account_reset_password_from_key",
        role="anonymous",
        obj="password_reset_key",
        follow_get=True,
        fields={"password1": PASSWORD, "password2": PASSWORD},
    ),
    FormCase("account_reauthenticate", role="driver", fields={"password": PASSWORD}),
    FormCase("set_language", role="member", fields={"language": CHOICE(*LANGUAGES), "next": TEXT}),
    FormCase(
        "accounts:invitation_create",
        role="coordinator",
        fields={"email": EMAIL, "roles": MULTI(*ROLE_CHOICES), "language": CHOICE(*LANGUAGES)},
    ),
    FormCase(
        "accounts:invitation_accept",
        role="anonymous",
        obj="invitation",
        fields={"display_name": TEXT, "password1": PASSWORD, "password2": PASSWORD},
    ),
    FormCase(
        "accounts:member_edit",
        role="coordinator",
        obj="member",
        fields={"roles": MULTI(*ROLE_CHOICES), "is_active": FLAG},
    ),
    *DOMAIN_FORMS,
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", [pytest.param(c, id=c.label) for c in FORMS])
def test_a_form_survives_bad_input(case: FormCase, people, client_for, build_object):
    client = client_for(case.role, headers=case.headers)
    url = reverse(case.name, kwargs=build_object(case.obj))
    if case.follow_get:
        response = client.get(url)
        assert response.status_code == 302
        url = response["Location"]
    tried = post_bad_input(
        client,
        url,
        case.fields_for(people),
        fixed=case.fixed_data(people),
        max_examples=EXAMPLES_PER_FORM,
        form_name=case.form_name,
        result_key=case.result_key,
    )
    TRIED_PER_FORM[case.label] = tried
    assert tried >= EXAMPLES_PER_FORM


# Distribution's POST routes with nothing to fill in (a button): no input to attack.
NO_INPUT = {"distribution:run_start", "distribution:run_finish", "distribution:delivery_delivered"}


def test_every_distribution_route_that_takes_input_is_attacked():
    posted = {e.name for e in MATRIX if e.post and e.name.startswith("distribution:")}
    assert posted >= NO_INPUT
    assert sorted(posted - NO_INPUT - {case.name for case in FORMS}) == []
