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


# distribution. Distribution's objects belong to no group: any lead manages them (so
# `other_lead` gets what `lead` gets); a driver's delivery belongs to that driver.


@object_factory("serve")
def _serve(people) -> dict:
    from distribution.factories import ServeFactory

    return {"pk": ServeFactory(lead=people["lead"]).pk}


@object_factory("serve_shift")
def _serve_shift(people) -> dict:
    """The plain member's shift at a serve: only they may say they can't make it."""
    from distribution.factories import ShiftFactory

    return {"pk": ShiftFactory(volunteer=people["member"]).pk}


@object_factory("site")
def _site(people) -> dict:
    from distribution.factories import SiteFactory

    return {"pk": SiteFactory().pk}


@object_factory("schedule")
def _schedule(people) -> dict:
    from distribution.factories import ScheduleFactory

    return {"pk": ScheduleFactory(lead=people["lead"]).pk}


@object_factory("bag_type")
def _bag_type(people) -> dict:
    from distribution.factories import BagContentFactory

    return {"pk": BagContentFactory().bag_type_id}


@object_factory("item")
def _item(people) -> dict:
    from distribution.factories import ItemFactory

    return {"pk": ItemFactory().pk}


@object_factory("delivery_request")
def _delivery_request(people) -> dict:
    """A request waiting on the board (its address is never shown to a lead)."""
    from distribution.factories import DeliveryRequestFactory

    return {"pk": DeliveryRequestFactory().pk}


@object_factory("run_day")
def _run_day(people) -> dict:
    return {"day": timezone.localdate()}


@object_factory("drivers_delivery")
def _drivers_delivery(people) -> dict:
    from distribution.factories import DeliveryRequestFactory

    delivery = DeliveryRequestFactory(driver=people["driver"], status="assigned")
    return {"pk": delivery.pk}


@object_factory("other_drivers_delivery")
def _other_drivers_delivery(people) -> dict:
    from distribution.factories import DeliveryRequestFactory

    delivery = DeliveryRequestFactory(driver=people["other_driver"], status="assigned")
    return {"pk": delivery.pk}
