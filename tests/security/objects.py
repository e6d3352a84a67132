"""Object factories for routes that carry an id: the access matrix names one by key.

A factory takes `people` (members by role, created on demand) and returns the URL kwargs of
an object it builds. Build each object so that ownership is explicit: an object of "this
group" belongs to the group `people["lead"]` leads (so `other_lead` must get 404), an object
of "this driver" is assigned to `people["driver"]` (build one for `people["other_driver"]`
under another key to check that a driver gets 404 on another driver's run).

Adding a domain route after a merge: register its factory here, then add one line to
`tests/security/matrix.py`:

    @object_factory("working_group")
    def _working_group(people):
        group = WorkingGroupFactory(name="Delivery")
        Membership.objects.create(group=group, user=people["lead"], is_lead=True)
        return {"pk": group.pk}
"""

from collections.abc import Callable
from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.utils import timezone

from accounts.models import Invitation

Factory = Callable[..., dict]
OBJECTS: dict[str, Factory] = {}


def object_factory(key: str) -> Callable[[Factory], Factory]:
    def register(factory: Factory) -> Factory:
        if key in OBJECTS:
            raise ValueError(f"Object factory {key!r} is registered twice.")
        OBJECTS[key] = factory
        return factory

    return register


@object_factory("member")
def _member(people) -> dict:
    """A plain member's account (the one a coordinator edits)."""
    return {"pk": people["member"].pk}


@object_factory("invitation")
def _invitation(people) -> dict:
    """A pending invitation; the URL carries the token (only its digest is stored)."""
    token, digest = Invitation.new_token()
    Invitation.objects.create(
        email="invitee@example.org",
        token_digest=digest,
        invited_by=people["coordinator"],
        expires_at=timezone.now() + timedelta(days=7),
        is_driver=True,
    )
    return {"token": token}


@object_factory("password_reset_key")
def _password_reset_key(people) -> dict:
    """A valid password-reset link for the plain member, as the reset email carries it."""
    user = people["member"]
    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


@object_factory("recovery_codes")
def _recovery_codes(people) -> dict:
    """Recovery codes for the members who use a second factor (the route has no id: it shows
    the signed-in member's own codes)."""
    for role in ("investigator", "coordinator"):
        RecoveryCodes.activate(people[role])
    return {}
