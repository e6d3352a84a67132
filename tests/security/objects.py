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

import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Invitation
from committees.models import AgendaItem, Membership, Outcome, Scope, WorkingGroup
from committees.services import decision_record_by_lead
from contacts.models import BaseArea, Contact, ContactAccess
from contacts.services import contact_access_record
from dashboard.services import calendar_token_reset
from distribution import services
from distribution.models import Tap
from distribution.services import purchase_record
from investigation.models import Demand
from tests.factories.committees import (
    ActionItemFactory,
    MeetingFactory,
    ProposalFactory,
    SpokeFactory,
)
from tests.factories.contacts import ContactFactory, ConversationFactory, development_level
from tests.factories.distribution import (
    BagContentFactory,
    BagTypeFactory,
    DeliveryRequestFactory,
    ItemFactory,
    LateTapFactory,
    ScheduleFactory,
    ServeFactory,
    ShiftFactory,
    SiteFactory,
    StockInFactory,
    TapFactory,
)
from tests.factories.handouts import draft, handout_with_current
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    CampaignFactory,
    GrievanceFactory,
    category,
)
from tests.factories.summations import SummationFactory
from tests.factories.texting import site_contact, turnout_draft, turnout_site
from texting.turnout import turnout_send

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


# --- committees --------------------------------------------------------------------------------
# "This group" is led by people["lead"]; people["other_lead"] leads another group, so a lead who
# manages something (only not this) must get 404 from every lookup of this group's objects.

ISO_WEEK = "2026-W10"


def _this_group(people):
    """This group, led by the lead; another led by the other lead. (A test may build several
    objects of the same group: get_or_create.)"""
    group, _ = WorkingGroup.objects.get_or_create(name="Delivery")
    Membership.objects.get_or_create(group=group, user=people["lead"], is_lead=True)
    other, _ = WorkingGroup.objects.get_or_create(name="Collections")
    Membership.objects.get_or_create(group=other, user=people["other_lead"], is_lead=True)
    return group


def _this_groups_meeting(people):
    return MeetingFactory(group=_this_group(people), title="Delivery planning")


@object_factory("working_group")
def _working_group(people) -> dict:
    return {"pk": _this_group(people).pk}


@object_factory("group_with_meeting")
def _group_with_meeting(people) -> dict:
    """This group, with a meeting and the plain member in it (a spoke can be elected)."""
    meeting = _this_groups_meeting(people)
    Membership.objects.get_or_create(group=meeting.group, user=people["member"])
    return {"pk": meeting.group_id}


@object_factory("weekly_report")
def _weekly_report(people) -> dict:
    """This group's report page for one week (the report itself is written by its lead)."""
    return {"pk": _this_group(people).pk, "iso_week": ISO_WEEK}


@object_factory("membership")
def _membership(people) -> dict:
    """A plain member's membership of this group (the lead may make them a lead or remove
    them)."""
    membership, _ = Membership.objects.get_or_create(
        group=_this_group(people), user=people["member"]
    )
    return {"pk": membership.pk}


@object_factory("spoke")
def _spoke(people) -> dict:
    meeting = _this_groups_meeting(people)
    Membership.objects.get_or_create(group=meeting.group, user=people["member"])
    spoke = SpokeFactory(group=meeting.group, member=people["member"], elected_at=meeting)
    return {"pk": spoke.pk}


@object_factory("meeting")
def _meeting(people) -> dict:
    return {"pk": _this_groups_meeting(people).pk}


@object_factory("agenda_item")
def _agenda_item(people) -> dict:
    """A discussion item on this group's meeting."""
    item = AgendaItem.objects.create(
        meeting=_this_groups_meeting(people), position=1, title="Van schedule"
    )
    return {"pk": item.pk}


@object_factory("agenda_proposal")
def _agenda_proposal(people) -> dict:
    """An operational proposal of this group, on the agenda of this group's meeting."""
    meeting = _this_groups_meeting(people)
    proposal = ProposalFactory(
        title="Second van", scope=Scope.OPERATIONAL, group=meeting.group, proposed_by=people["lead"]
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        kind=AgendaItem.Kind.PROPOSAL,
        title=proposal.title,
        proposal=proposal,
    )
    return {"pk": item.pk}


@object_factory("proposal")
def _proposal(people) -> dict:
    """A coordination proposal: every group's lead may mandate their spoke on it."""
    _this_group(people)
    proposal = ProposalFactory(
        title="Shared storage", scope=Scope.COORDINATION, proposed_by=people["member"]
    )
    return {"pk": proposal.pk}


@object_factory("action_item")
def _action_item(people) -> dict:
    """This group's action item, assigned to the plain member (who may update its status)."""
    item = ActionItemFactory(
        title="Call the pantry", group=_this_group(people), assignee=people["member"]
    )
    return {"pk": item.pk}


# --- dashboard ---------------------------------------------------------------------------------


@object_factory("offline_language")
def _offline_language(people) -> dict:
    return {"language": "es"}


@object_factory("calendar_token")
def _calendar_token(people) -> dict:
    """The driver's private calendar link: the token is the credential."""
    return {"token": calendar_token_reset(user=people["driver"])}


# --- contacts ----------------------------------------------------------------------------------


def _contact(people, **fields):
    # One phone is one contact: a test that builds an object per role gets a phone for each.
    phone = f"617-555-{142 + Contact.objects.count():04d}"
    return ContactFactory(name="Rosa", phone=phone, created_by=people["investigator"], **fields)


@object_factory("contact")
def _contact_key(people) -> dict:
    return {"pk": _contact(people).pk}


@object_factory("follow_up")
def _follow_up(people) -> dict:
    """A conversation with an open follow-up."""
    conversation = ConversationFactory(
        contact=_contact(people),
        summary="Heat is out",
        follow_up_due=timezone.localdate(),
        follow_up_by=people["investigator"],
    )
    return {"pk": conversation.pk}


@object_factory("development_level")
def _development_level(people) -> dict:
    return {"pk": development_level("Advanced").pk}


# --- investigation -----------------------------------------------------------------------------


@object_factory("base_area")
def _base_area(people) -> dict:
    return {"pk": BaseAreaFactory(name="Maverick Sq").pk}


@object_factory("antagonist")
def _antagonist(people) -> dict:
    return {"pk": AntagonistFactory(kind="landlord").pk}


@object_factory("grievance_category")
def _grievance_category(people) -> dict:
    return {"pk": category("Repairs").pk}


@object_factory("grievance")
def _grievance(people) -> dict:
    grievance = GrievanceFactory(contact=_contact(people), description="No heat since November")
    return {"pk": grievance.pk}


@object_factory("campaign")
def _campaign(people) -> dict:
    return {"pk": CampaignFactory(name="Heat for Maverick").pk}


@object_factory("demand")
def _demand(people) -> dict:
    campaign = CampaignFactory(name="Heat for Maverick")
    demand = Demand.objects.create(campaign=campaign, text="Fix the boiler")
    return {"pk": campaign.pk, "demand_pk": demand.pk}


@object_factory("campaign_action")
def _campaign_action(people) -> dict:
    """A popular committee's meeting, at a site with one contact who agreed to organizing
    texts: what turnout texts are written for."""
    site = turnout_site(people=False)
    _turnout_contact(site)
    return {"action_pk": site.meeting.pk}


def _turnout_contact(site):
    phone = f"617-555-{742 + Contact.objects.count():04d}"  # one phone is one contact
    return site_contact(site, "Rosa Díaz", phone=phone, language="es", organizing=True)


def _turnout(people, *, sent: bool) -> dict:
    site = turnout_site(people=False)
    _turnout_contact(site)
    turnout = turnout_draft(site, people["investigator"])
    if sent:
        turnout_send(turnout=turnout, by=people["investigator"])
    return {"pk": turnout.pk}


@object_factory("turnout_draft")
def _turnout_draft(people) -> dict:
    return _turnout(people, sent=False)


@object_factory("turnout_sent")
def _turnout_sent(people) -> dict:
    return _turnout(people, sent=True)


# --- summations --------------------------------------------------------------------------------


@object_factory("summation")
def _summation(people) -> dict:
    return {"pk": SummationFactory(year=2026, week=10).pk}


@object_factory("summation_pdf")
def _summation_pdf(people) -> dict:
    """A built summation's English PDF (served only through the permission check)."""
    summation = SummationFactory(year=2026, week=10)
    summation.pdf_en.save("summation-2026-W10-en.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {"pk": summation.pk, "language": "en"}


# --- rows on file, for list pages (the route has no id: the factory returns {}) ----------------


@object_factory("contacts_on_file")
def _contacts_on_file(people) -> dict:
    """A contact with an open follow-up, a grievance against a landlord and an access-log
    line: what the contact, follow-up, grievance and ranking lists and the export show."""
    contact = _contact(people, base_area=BaseAreaFactory(name="Maverick Sq"))
    ConversationFactory(
        contact=contact,
        summary="Heat is out",
        follow_up_due=timezone.localdate(),
        follow_up_by=people["investigator"],
    )
    GrievanceFactory(
        contact=contact,
        base_area=contact.base_area,
        antagonist=AntagonistFactory(),
        description="No heat since November",
    )
    CampaignFactory(base_area=contact.base_area)
    contact_access_record(
        contact=contact, by=people["investigator"], action=ContactAccess.Action.VIEWED
    )
    return {}


@object_factory("committees_on_file")
def _committees_on_file(people) -> dict:
    """This group with a meeting, an open proposal, a lead's decision and an action item."""
    meeting = _this_groups_meeting(people)
    ProposalFactory(title="Shared storage", scope=Scope.COORDINATION, proposed_by=people["member"])
    decision_record_by_lead(
        group=meeting.group,
        proposal=None,
        title="Deliveries start at 10",
        text="",
        outcome=Outcome.ADOPTED,
        reasoning="Drivers asked.",
        by=people["lead"],
    )
    ActionItemFactory(title="Call the pantry", group=meeting.group, assignee=people["member"])
    return {}


@object_factory("summations_on_file")
def _summations_on_file(people) -> dict:
    SummationFactory(year=2026, week=10)
    return {}


# --- distribution ------------------------------------------------------------------------------
# Distribution's objects belong to no group: any lead manages them (so
# `other_lead` gets what `lead` gets); a driver's delivery belongs to that driver.


@object_factory("serve")
def _serve(people) -> dict:
    return {"pk": ServeFactory(lead=people["lead"]).pk}


@object_factory("late_tap")
def _late_tap(people) -> dict:
    """A tap sent after its serve was closed, for the lead to add or discard."""
    late = LateTapFactory(serve=ServeFactory(lead=people["lead"], status="closed"))
    return {"pk": late.serve_id, "late_pk": late.pk}


@object_factory("serve_shift")
def _serve_shift(people) -> dict:
    """The plain member's shift at a serve: only they may say they can't make it."""
    return {"pk": ShiftFactory(volunteer=people["member"]).pk}


@object_factory("site")
def _site(people) -> dict:
    return {"pk": SiteFactory().pk}


@object_factory("schedule")
def _schedule(people) -> dict:
    return {"pk": ScheduleFactory(lead=people["lead"]).pk}


@object_factory("bag_type")
def _bag_type(people) -> dict:
    return {"pk": BagContentFactory().bag_type_id}


@object_factory("item")
def _item(people) -> dict:
    return {"pk": ItemFactory().pk}


@object_factory("delivery_request")
def _delivery_request(people) -> dict:
    """A request waiting on the board (its address is never shown to a lead)."""
    return {"pk": DeliveryRequestFactory().pk}


@object_factory("run_day")
def _run_day(people) -> dict:
    return {"day": timezone.localdate()}


@object_factory("drivers_delivery")
def _drivers_delivery(people) -> dict:
    delivery = DeliveryRequestFactory(driver=people["driver"], status="assigned")
    return {"pk": delivery.pk}


@object_factory("other_drivers_delivery")
def _other_drivers_delivery(people) -> dict:
    delivery = DeliveryRequestFactory(driver=people["other_driver"], status="assigned")
    return {"pk": delivery.pk}


@object_factory("drivers_marked_delivery")
def _drivers_marked_delivery(people) -> dict:
    """A stop the driver just marked delivered (its Undo is still open)."""
    delivery = DeliveryRequestFactory(driver=people["driver"], status="assigned")
    services.delivery_mark_delivered(delivery=delivery, by=people["driver"], key=uuid.uuid4())
    return {"pk": delivery.pk}


@object_factory("other_drivers_marked_delivery")
def _other_drivers_marked_delivery(people) -> dict:
    delivery = DeliveryRequestFactory(driver=people["other_driver"], status="assigned")
    services.delivery_mark_delivered(delivery=delivery, by=people["other_driver"], key=uuid.uuid4())
    return {"pk": delivery.pk}


@object_factory("delivered_request")
def _delivered_request(people) -> dict:
    """A request marked delivered, which a lead may put back on the board."""
    delivery = DeliveryRequestFactory(driver=people["driver"], status="assigned")
    services.delivery_mark_delivered(delivery=delivery, by=people["driver"])
    return {"pk": delivery.pk}


@object_factory("serve_to_close")
def _serve_to_close(people) -> dict:
    """An open serve that gave out more bags than stock holds: closing it needs a reason."""
    rice = ItemFactory(name="Rice")
    StockInFactory(item=rice, quantity=1, by=people["lead"])
    bag = BagContentFactory(bag_type=BagTypeFactory(name="Family"), item=rice, quantity=2)
    serve = ServeFactory(lead=people["lead"])
    TapFactory(serve=serve, kind=Tap.Kind.BAG, bag_type=bag.bag_type)
    return {"pk": serve.pk}


@object_factory("distribution_on_file")
def _distribution_on_file(people) -> dict:
    """What distribution's forms offer as choices: an active site, this group, an item in
    stock in a bag type, a neighbourhood a driver may cover, a purchase the plain member paid
    for (awaiting reimbursement) and a request waiting on the board."""
    SiteFactory(name="Central Square")
    _this_group(people)
    rice = ItemFactory(name="Rice", unit="bag")
    StockInFactory(item=rice, quantity=10, by=people["lead"])
    ItemFactory(name="Beans", unit="can")
    bag = BagContentFactory(bag_type=BagTypeFactory(name="Family"), item=rice, quantity=2)
    area = BaseAreaFactory(name="Maverick Sq", kind=BaseArea.Kind.NEIGHBOURHOOD)
    purchase_record(
        purchased_on=timezone.localdate(),
        vendor="Market Basket",
        amount=Decimal("24.50"),
        paid_by=people["member"],
        lines=[(rice, 5)],
        by=people["lead"],
    )
    DeliveryRequestFactory(bag_type=bag.bag_type, area=area)
    return {}


@object_factory("handout")
def _handout(people) -> dict:
    """A handout with an adopted, current version (and no open draft)."""
    return {"pk": handout_with_current(by=people["coordinator"]).pk}


@object_factory("handout_pdf")
def _handout_pdf(people) -> dict:
    return {"pk": handout_with_current(by=people["coordinator"]).pk, "layout": "both"}


@object_factory("handout_draft")
def _handout_draft(people) -> dict:
    version = draft(by=people["lead"])
    return {"pk": version.handout_id, "number": version.number}
