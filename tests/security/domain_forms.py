"""The domain apps' forms for the bad-input test (tests/security/test_bad_input.py): one
FormCase per form, posted by a role that may use it, on the access matrix's objects.

Choices name real rows where a form offers them (`CHOICE(*pks(...))`: sometimes a valid id,
mostly anything), so that generated submissions also reach the services behind the forms."""

from hypothesis import strategies as st

from committees.models import (
    ActionItem,
    AgendaItem,
    Body,
    Meeting,
    Outcome,
    Proposal,
    Scope,
    VoteChoice,
    VoteRule,
    WorkingGroup,
)
from contacts.models import BaseArea, Contact, Conversation, DevelopmentLevel
from distribution.models import (
    BagType,
    DeliveryRequest,
    Donation,
    Item,
    Purchase,
    Site,
    Tap,
    Weekday,
)
from investigation.models import (
    Antagonist,
    Campaign,
    CampaignAction,
    Grievance,
    GrievanceCategory,
    InvestigationNote,
)
from tests.security.bad_input import (
    BAD_TEXT,
    CHOICE,
    DATE,
    FILE,
    FLAG,
    MULTI,
    NUMBER,
    TEXT,
    TIME,
    FormCase,
    Kind,
)


def pks(queryset) -> list[str]:
    return [str(pk) for pk in queryset.values_list("pk", flat=True)]


def values(choices) -> list[str]:
    return [str(value) for value in choices.values]


def members(people) -> list[str]:
    return [str(people[role].pk) for role in ("member", "driver", "lead", "investigator")]


# --- committees --------------------------------------------------------------------------------

GROUP_FIELDS = {
    "name": TEXT,
    "purpose": TEXT,
    "vote_rule": CHOICE(VoteRule.MAJORITY, VoteRule.CONSENSUS_MINUS_ONE),
}
MEETING_TIMES = {"title": TEXT, "day": DATE, "starts": TIME, "ends": TIME, "place": TEXT}


def _action_item_fields(people):
    return {
        "title": TEXT,
        "assignee": CHOICE(*members(people)),
        "group": CHOICE(*pks(WorkingGroup.objects.all())),
        "due_on": DATE,
        "notes": TEXT,
    }


COMMITTEES = [
    FormCase("committees:group_create", role="coordinator", fields=GROUP_FIELDS),
    FormCase("committees:group_edit", role="lead", obj="working_group", fields=GROUP_FIELDS),
    FormCase(
        "committees:group_members",
        role="lead",
        obj="working_group",
        fields=lambda people: {"user": CHOICE(*members(people)), "is_lead": FLAG},
    ),
    FormCase(
        "committees:spoke_elect",
        role="lead",
        obj="group_with_meeting",
        fields=lambda people: {
            "member": CHOICE(*members(people)),
            "meeting": CHOICE(*pks(Meeting.objects.all())),
            "term_start": DATE,
            "term_end": DATE,
            "mandate": TEXT,
        },
    ),
    FormCase(
        "committees:spoke_recall",
        role="lead",
        obj="spoke",
        fields=lambda people: {"meeting": CHOICE(*pks(Meeting.objects.all())), "reason": TEXT},
    ),
    FormCase(
        "committees:lead_decision",
        role="lead",
        obj="working_group",
        fields=lambda people: {
            "proposal": CHOICE(*pks(Proposal.objects.all())),
            "title": TEXT,
            "text": TEXT,
            "outcome": CHOICE(*values(Outcome)),
            "reasoning": TEXT,
        },
    ),
    FormCase(
        "committees:weekly_report",
        role="lead",
        obj="weekly_report",
        fields={"what_we_did": TEXT, "what_went_wrong": TEXT, "next_steps": TEXT},
    ),
    FormCase(
        "committees:meeting_create",
        role="lead",
        obj="committees_on_file",
        fields=lambda people: {
            "body": CHOICE(*values(Body)),
            "group": CHOICE(*pks(WorkingGroup.objects.all())),
            **MEETING_TIMES,
        },
    ),
    FormCase(
        "committees:meeting_edit",
        role="lead",
        obj="meeting",
        fields={**MEETING_TIMES, "minutes": TEXT},
    ),
    FormCase(
        "committees:meeting_attendance",
        role="lead",
        obj="meeting",
        fields=lambda people: {"present": MULTI(*members(people))},
    ),
    FormCase(
        "committees:agenda_item_add",
        role="lead",
        obj="meeting",
        fields=lambda people: {
            "kind": CHOICE(*values(AgendaItem.Kind)),
            "title": TEXT,
            "proposal": CHOICE(*pks(Proposal.objects.all())),
            "iso_week": CHOICE("2026-W10", "2026-W53", "2027-W01"),
        },
    ),
    FormCase(
        "committees:meeting_decide",
        role="lead",
        obj="agenda_proposal",
        fields=lambda people: {
            f"vote_{people['lead'].pk}": CHOICE(*values(VoteChoice)),
            "reasoning": TEXT,
        },
    ),
    FormCase(
        "committees:proposal_create",
        role="member",
        obj="committees_on_file",
        fields=lambda people: {
            "title": TEXT,
            "text": TEXT,
            "scope": CHOICE(*values(Scope)),
            "group": CHOICE(*pks(WorkingGroup.objects.all())),
        },
    ),
    FormCase(
        "committees:mandate_set",
        role="lead",
        obj="proposal",
        fields=lambda people: {
            "group": CHOICE(*pks(WorkingGroup.objects.all())),
            "position": CHOICE(*values(VoteChoice)),
            "note": TEXT,
        },
    ),
    FormCase(
        "committees:action_item_create",
        role="lead",
        obj="committees_on_file",
        fields=_action_item_fields,
    ),
    FormCase(
        "committees:action_item_edit", role="lead", obj="action_item", fields=_action_item_fields
    ),
    FormCase(
        "committees:action_item_status",
        role="member",
        obj="action_item",
        fields={"status": CHOICE(*values(ActionItem.Status)), "next": TEXT},
    ),
]

# --- contacts ----------------------------------------------------------------------------------


def _contact_fields(people):
    return {
        "name": TEXT,
        "phone": TEXT,
        "reach": CHOICE(*values(Contact.Reach)),
        "consent": FLAG,
        "language": CHOICE(*values(Contact.Language)),
        "base_area": CHOICE(*pks(BaseArea.objects.all())),
        "address": TEXT,
        "household_size": NUMBER,
        "no_kitchen": FLAG,
        "dietary_needs": TEXT,
        "first_met": CHOICE(*values(Contact.FirstMet)),
        "first_met_on": DATE,
        "first_met_note": TEXT,
        "notes": TEXT,
        "version": NUMBER,  # the edit form's optimistic lock (the new-contact form has none)
    }


def _quick_add_fields(people):
    categories = pks(GrievanceCategory.objects.all())
    grievance = {}
    for n in (1, 2):
        grievance |= {
            f"g{n}_category": CHOICE(*categories),
            f"g{n}_antagonist": TEXT,
            f"g{n}_description": TEXT,
            f"g{n}_severity": CHOICE(*values(Grievance.Severity)),
        }
    return {
        "name": TEXT,
        "phone": TEXT,
        "consent": FLAG,
        "language": CHOICE(*values(Contact.Language)),
        "base_area": CHOICE(*pks(BaseArea.objects.all())),
        "summary": TEXT,
        "follow_up_due": DATE,
        "serve": NUMBER,
        **grievance,
    }


LEVEL_FIELDS = {"name": TEXT, "name_es": TEXT, "rank": NUMBER, "counts_as_drawn_in": FLAG}


def _turnout_fields(people) -> dict:
    return {
        "site": CHOICE("all", *pks(Antagonist.objects.all())),
        "title": TEXT,
        "starts_at": TIME,
        "place": TEXT,
        "template_en": TEXT,
        "template_es": TEXT,
    }


CONTACTS = [
    FormCase(
        "contacts:create", role="investigator", obj="contacts_on_file", fields=_contact_fields
    ),
    FormCase("contacts:edit", role="investigator", obj="contact", fields=_contact_fields),
    FormCase(
        "quick_add:add", role="investigator", obj="contacts_on_file", fields=_quick_add_fields
    ),
    FormCase(
        "contacts:conversation_create",
        role="investigator",
        obj="contact",
        fields=lambda people: {
            "held_on": DATE,
            "channel": CHOICE(*values(Conversation.Channel)),
            "summary": TEXT,
            "follow_up_due": DATE,
            "follow_up_by": CHOICE(*members(people)),
        },
    ),
    FormCase(
        "texting:consent",
        role="investigator",
        obj="contact",
        fields={
            "reminders": FLAG,
            "organizing": FLAG,
            "language": CHOICE("en", "es"),
            "read_to_them": FLAG,
        },
    ),
    FormCase(
        "texting:turnout_new",
        role="investigator",
        obj="campaign_action",
        fields=_turnout_fields,
        result_key="previews",
        fixed={"preview": "1"},
    ),
    FormCase(
        "texting:turnout_edit",
        role="investigator",
        obj="turnout_draft",
        fields=_turnout_fields,
    ),
    FormCase(
        "contacts:assess",
        role="investigator",
        obj="contact",
        fields=lambda people: {
            "level": CHOICE(*pks(DevelopmentLevel.objects.all())),
            "assessed_on": DATE,
            "reason": TEXT,
        },
    ),
    FormCase("contacts:forget", role="investigator", obj="contact", fields={"confirm": FLAG}),
    FormCase("contacts:level_create", role="investigator", fields=LEVEL_FIELDS),
    FormCase(
        "contacts:level_edit", role="investigator", obj="development_level", fields=LEVEL_FIELDS
    ),
    FormCase(
        "contacts:import",
        role="investigator",
        obj="contacts_on_file",
        fields={"file": FILE},
        result_key="preview",
        variant="upload",
    ),
    FormCase("contacts:import", role="investigator", fields={"token": TEXT}, variant="confirm"),
    FormCase(
        "contacts:follow_up_done", role="investigator", obj="follow_up", fields={"next": TEXT}
    ),
    # Searching by name or phone is a POST: neither ever goes into a URL.
    FormCase(
        "contacts:list",
        role="investigator",
        obj="contacts_on_file",
        fields=lambda people: {
            "name": TEXT,
            "phone": TEXT,
            "base_area": CHOICE(*pks(BaseArea.objects.all())),
            "language": CHOICE(*values(Contact.Language)),
        },
        form_name="filter.form",
        result_key="contacts",
    ),
]

# --- investigation -----------------------------------------------------------------------------


def _grievance_fields(people):
    return {
        "base_area": CHOICE(*pks(BaseArea.objects.all())),
        "category": CHOICE(*pks(GrievanceCategory.objects.all())),
        "antagonist": CHOICE(*pks(Antagonist.objects.all())),
        "description": TEXT,
        "severity": CHOICE(*values(Grievance.Severity)),
        "recorded_on": DATE,
        "status": CHOICE(*values(Grievance.Status)),
    }


def _base_area_fields(people):
    return {
        "name": TEXT,
        "kind": CHOICE(*values(BaseArea.Kind)),
        "parent": CHOICE(*pks(BaseArea.objects.all())),
        "boundary": TEXT,
    }


def _campaign_fields(people):
    return {
        "name": TEXT,
        "base_area": CHOICE(*pks(BaseArea.objects.all())),
        "antagonist": CHOICE(*pks(Antagonist.objects.all())),
        "started_on": DATE,
        "status": CHOICE(*values(Campaign.Status)),
        "description": TEXT,
    }


def _demand_fields(people):
    return {
        "text": TEXT,
        "grievances": MULTI(*pks(Grievance.objects.all())),
        "status": CHOICE("pending", "won", "lost"),
        "decided_on": DATE,
    }


CATEGORY_FIELDS = {"name": TEXT, "name_es": TEXT, "position": NUMBER, "is_active": FLAG}
ANTAGONIST_FIELDS = {"name": TEXT, "kind": CHOICE(*values(Antagonist.Kind)), "notes": TEXT}

INVESTIGATION = [
    FormCase(
        "investigation:grievance_create",
        role="investigator",
        obj="contacts_on_file",
        fields=_grievance_fields,
    ),
    FormCase(
        "investigation:grievance_edit",
        role="investigator",
        obj="grievance",
        fields=_grievance_fields,
    ),
    FormCase(
        "investigation:grievance_import",
        role="investigator",
        obj="contacts_on_file",
        fields={"file": FILE},
        result_key="preview",
        variant="upload",
    ),
    FormCase(
        "investigation:grievance_import",
        role="investigator",
        fields={"token": TEXT},
        variant="confirm",
    ),
    FormCase(
        "investigation:base_area_import",
        role="investigator",
        obj="contacts_on_file",
        fields={"file": FILE},
        result_key="preview",
        variant="upload",
    ),
    FormCase(
        "investigation:base_area_import",
        role="investigator",
        fields={"token": TEXT},
        variant="confirm",
    ),
    FormCase("investigation:category_create", role="investigator", fields=CATEGORY_FIELDS),
    FormCase(
        "investigation:category_edit",
        role="investigator",
        obj="grievance_category",
        fields=CATEGORY_FIELDS,
    ),
    FormCase(
        "investigation:base_area_create",
        role="investigator",
        obj="contacts_on_file",
        fields=_base_area_fields,
    ),
    FormCase(
        "investigation:base_area_edit",
        role="investigator",
        obj="base_area",
        fields=_base_area_fields,
    ),
    FormCase(
        "investigation:note_create",
        role="investigator",
        obj="base_area",
        fields={
            "aspect": CHOICE(*values(InvestigationNote.Aspect)),
            "written_on": DATE,
            "text": TEXT,
        },
    ),
    FormCase("investigation:antagonist_create", role="investigator", fields=ANTAGONIST_FIELDS),
    FormCase(
        "investigation:antagonist_edit",
        role="investigator",
        obj="antagonist",
        fields=ANTAGONIST_FIELDS,
    ),
    FormCase(
        "investigation:campaign_create",
        role="investigator",
        obj="contacts_on_file",
        fields=_campaign_fields,
    ),
    FormCase(
        "investigation:campaign_edit",
        role="investigator",
        obj="campaign",
        fields=_campaign_fields,
    ),
    FormCase(
        "investigation:campaign_people",
        role="investigator",
        obj="campaign",
        fields=lambda people: {
            "contacts": MULTI(*pks(Contact.objects.all())),
            "members": MULTI(*members(people)),
        },
    ),
    FormCase(
        "investigation:demand_create", role="investigator", obj="campaign", fields=_demand_fields
    ),
    FormCase("investigation:demand_edit", role="investigator", obj="demand", fields=_demand_fields),
    FormCase(
        "investigation:campaign_action_create",
        role="investigator",
        obj="campaign",
        fields={
            "kind": CHOICE(*values(CampaignAction.Kind)),
            "held_on": DATE,
            "turnout": NUMBER,
            "notes": TEXT,
        },
    ),
]

WEEK = Kind(
    st.one_of(BAD_TEXT, st.sampled_from(["2026-W10", "2026-W01", "2025-W53", "2099-W01"])),
    echoed=True,
)

# --- summations --------------------------------------------------------------------------------

SUMMATIONS = [
    FormCase(
        "summations:build_week",
        role="coordinator",
        fields={"week": WEEK},
        form_name="week_form",
    ),
    FormCase(
        "summations:comment_create",
        role="member",
        obj="summation",
        fields={"body": TEXT},
        form_name="comment_form",
    ),
]

# --- distribution ------------------------------------------------------------------------------
# Pages the serve table's script posts to answer it with JSON; a browser without the script
# (Accept: text/html) is sent back to the page. The bad-input check needs the browser's answer.
BROWSER = {"Accept": "text/html"}
UUID = Kind(st.one_of(BAD_TEXT, st.uuids().map(str)))
NEXT = {"next": TEXT}
VERSION = {"version": CHOICE("0", "1")}
LINES = 3


def _item_lines(people):
    """A bag's, a donation's or a purchase's item lines (a formset, management form and all)."""
    items = pks(Item.objects.filter(is_active=True))
    fields = {
        "lines-TOTAL_FORMS": CHOICE(str(LINES), "0", "41", "1000000"),
        "lines-INITIAL_FORMS": CHOICE("0"),
    }
    for n in range(LINES):
        fields |= {f"lines-{n}-item": CHOICE(*items), f"lines-{n}-quantity": NUMBER}
    return fields


def _schedule_fields(people):
    return {
        "site": CHOICE(*pks(Site.objects.filter(is_active=True))),
        "weekday": CHOICE(*values(Weekday)),
        "start_time": TIME,
        "end_time": TIME,
        "working_group": CHOICE(*pks(WorkingGroup.objects.all())),
        "lead": CHOICE(*members(people)),
        "starts_on": DATE,
        "ends_on": DATE,
        "is_active": FLAG,
    }


def _bag_type_fields(people):
    return {
        "name": TEXT,
        "name_es": TEXT,
        "description": TEXT,
        "sort_order": NUMBER,
        "is_active": FLAG,
        **_item_lines(people),
    }


def _delivery_choices():
    return {
        "area": CHOICE(*pks(BaseArea.objects.all())),
        "bag_type": CHOICE(*pks(BagType.objects.for_counters())),
        "bag_count": NUMBER,
        "no_kitchen": FLAG,
        "language": CHOICE(*values(Tap.Language)),
        "window_start": TIME,
        "window_end": TIME,
    }


SITE_FIELDS = {"name": TEXT, "address": TEXT, "is_active": FLAG}
ITEM_FIELDS = {
    "name": TEXT,
    "name_es": TEXT,
    "unit": TEXT,
    "low_stock_threshold": NUMBER,
    "is_active": FLAG,
}

DISTRIBUTION = [
    # The serve table: counters, notes, volunteers on shift, closing.
    FormCase(
        "distribution:serve_tap",
        role="member",
        obj="serve",
        fields=lambda people: {
            "kind": CHOICE(*values(Tap.Kind)),
            "bag_type": CHOICE(*pks(BagType.objects.all())),
            "language": CHOICE(*values(Tap.Language)),
            "key": UUID,
            "device": TEXT,
        },
        headers=BROWSER,
    ),
    FormCase(
        "distribution:serve_undo",
        role="member",
        obj="serve",
        fields={"key": UUID, "device": TEXT},
        headers=BROWSER,
    ),
    FormCase(
        "distribution:serve_notes",
        role="member",
        obj="serve",
        fields={"notes": TEXT},
        form_name="notes_form",
    ),
    FormCase(
        "distribution:serve_close",
        role="lead",
        obj="serve_to_close",
        fields={"shortfall_reason": TEXT},
    ),
    FormCase(
        "distribution:serve_late_tap",
        role="lead",
        obj="late_tap",
        fields={"decision": CHOICE("add", "discard")},
    ),
    FormCase("distribution:serve_sign_up", role="member", obj="serve", fields=NEXT),
    FormCase(
        "distribution:serve_check_in",
        role="member",
        obj="serve",
        fields=lambda people: {"volunteer": CHOICE(*members(people))},
    ),
    FormCase("distribution:shift_cancel", role="member", obj="serve_shift", fields=NEXT),
    FormCase("distribution:shift_check_in", role="member", obj="serve_shift", fields=NEXT),
    FormCase("distribution:shift_check_out", role="member", obj="serve_shift", fields=NEXT),
    # Setup.
    FormCase("distribution:site_create", role="lead", fields=SITE_FIELDS),
    FormCase("distribution:site_edit", role="lead", obj="site", fields=SITE_FIELDS),
    FormCase(
        "distribution:schedule_create",
        role="lead",
        obj="distribution_on_file",
        fields=_schedule_fields,
    ),
    FormCase("distribution:schedule_edit", role="lead", obj="schedule", fields=_schedule_fields),
    FormCase(
        "distribution:bag_type_create",
        role="lead",
        obj="distribution_on_file",
        fields=_bag_type_fields,
    ),
    FormCase("distribution:bag_type_edit", role="lead", obj="bag_type", fields=_bag_type_fields),
    # Stock and money.
    FormCase("distribution:item_create", role="lead", fields=ITEM_FIELDS),
    FormCase("distribution:item_detail", role="lead", obj="item", fields=ITEM_FIELDS),
    FormCase(
        "distribution:stock_adjust",
        role="lead",
        obj="distribution_on_file",
        fields=lambda people: {
            "item": CHOICE(*pks(Item.objects.all())),
            "quantity": NUMBER,
            "reason": TEXT,
        },
    ),
    FormCase(
        "distribution:donation_create",
        role="lead",
        obj="distribution_on_file",
        fields=lambda people: {
            "kind": CHOICE(*values(Donation.Kind)),
            "source": CHOICE(*values(Donation.Source)),
            "amount": NUMBER,
            "received_on": DATE,
            "donor_name": TEXT,
            "notes": TEXT,
            **_item_lines(people),
        },
    ),
    FormCase(
        "distribution:purchase_create",
        role="lead",
        obj="distribution_on_file",
        fields=lambda people: {
            "purchased_on": DATE,
            "vendor": TEXT,
            "amount": NUMBER,
            "paid_by": CHOICE(*members(people)),
            "notes": TEXT,
            **_item_lines(people),
        },
    ),
    FormCase(
        "distribution:reimbursement_create",
        role="lead",
        obj="distribution_on_file",
        fields=lambda people: {
            "volunteer": CHOICE(*members(people)),
            "purchase": CHOICE(*pks(Purchase.objects.all())),
            "amount": NUMBER,
            "paid_on": DATE,
            "notes": TEXT,
        },
    ),
    # Deliveries: the lead's board.
    FormCase(
        "distribution:delivery_board",
        role="lead",
        obj="distribution_on_file",
        fields=lambda people: {
            "assign-selected": MULTI(
                *(
                    f"{pk}.{version}"
                    for pk, version in DeliveryRequest.objects.values_list("pk", "version")
                )
            ),
            "assign-driver": CHOICE(str(people["driver"].pk)),
            "assign-day": DATE,
        },
        form_name="assign_form",
    ),
    FormCase(
        "distribution:delivery_create",
        role="lead",
        obj="distribution_on_file",
        fields=lambda people: {
            "name": TEXT,
            "phone": TEXT,
            "address": TEXT,
            "dietary": TEXT,
            "day": DATE,
            "notes": TEXT,
            **_delivery_choices(),
        },
    ),
    FormCase(
        "distribution:delivery_detail",
        role="lead",
        obj="delivery_request",
        fields=lambda people: {
            **VERSION,
            "address": TEXT,
            "phone": TEXT,
            "date": DATE,
            **_delivery_choices(),
        },
    ),
    FormCase("distribution:delivery_cancel", role="lead", obj="delivery_request", fields=VERSION),
    FormCase("distribution:delivery_unassign", role="lead", obj="delivery_request", fields=VERSION),
    FormCase("distribution:delivery_requeue", role="lead", obj="delivery_request", fields=VERSION),
    FormCase("distribution:delivery_reopen", role="lead", obj="delivered_request", fields=VERSION),
    FormCase(
        "distribution:delivery_undo",
        role="driver",
        obj="drivers_marked_delivery",
        fields={"mark": UUID},
        headers=BROWSER,
    ),
    # The driver's run.
    FormCase(
        "distribution:run_sign_up", role="driver", fields={"day": DATE}, form_name="sign_up_form"
    ),
    FormCase(
        "distribution:delivery_failed",
        role="driver",
        obj="drivers_delivery",
        fields={"reason": CHOICE(*values(DeliveryRequest.FailureReason))},
        form_name="failed_form",
    ),
    FormCase(
        "distribution:coverage",
        role="driver",
        obj="distribution_on_file",
        fields=lambda people: {
            "areas": MULTI(*pks(BaseArea.objects.filter(kind=BaseArea.Kind.NEIGHBOURHOOD))),
            "weekdays": MULTI(*values(Weekday)),
        },
    ),
]

DOMAIN_FORMS = COMMITTEES + CONTACTS + INVESTIGATION + SUMMATIONS + DISTRIBUTION
