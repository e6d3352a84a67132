"""The access matrix: for every URL name, what each role gets.

One line per route. `get` (and `post`, for routes whose POST changes data) list the expected
answer for each role, in the order of ROLES:

    anonymous, member, driver, lead, other_lead, investigator, coordinator

An answer is a status code, or a redirect to a page (LOGIN, REAUTH, ...), which checks where
the redirect goes. `lead` leads the group an object belongs to and `other_lead` leads another
group, so an object factory that builds "this group's" object makes `other_lead` the outsider
(expected 404, as every `_get_<thing>_for_user` helper answers). `obj` names the factory in
`tests/security/objects.py` that builds the object and returns the URL kwargs; `data` is what
the POST sends (by default nothing: a role that may use the form gets it back with errors), or
a function of `people` when it names a member (`lambda people: {"driver": people["driver"].pk}`).

A URL name may have several lines (the same route with different objects: a driver's own run
and another driver's run). The tests walk the URL resolver and fail on any route missing here.

Adding a route after a merge (with its object factory registered in objects.py):

    Access("committees:group_edit", obj="working_group",
           get=(LOGIN, 403, 403, 200, 404, 403, 200),
           post=(LOGIN, 403, 403, 200, 404, 403, 200)),

Every line also feeds the CSRF test (each POST a role may make, sent without a token, must get
403) and the safe-method test (no GET, by any role, changes a row).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "member", "driver", "lead", "other_lead", "investigator", "coordinator")


@dataclass(frozen=True)
class Redirect:
    """A redirect (301/302/303) to the path `to` (any query string), or to any path starting
    with `to` when `prefix` is set."""

    to: str
    prefix: bool = False

    def matches(self, location: str) -> bool:
        path = urlsplit(location).path
        return path.startswith(self.to) if self.prefix else path == self.to

    def __repr__(self) -> str:
        return f"redirect to {self.to}{'…' if self.prefix else ''}"


LOGIN = Redirect("/accounts/login/")
REAUTH = Redirect("/accounts/reauthenticate/")
HOME = Redirect("/")
# A valid reset link moves the key into the session and redirects to a URL without it.
RESET_FORM = Redirect("/accounts/password/reset/key/", prefix=True)
MEMBER_LIST = Redirect("/members/")
# Where a domain form goes once it is saved (the object's id is in the path).
COMMITTEES = Redirect("/committees/", prefix=True)
CONTACTS = Redirect("/contacts/", prefix=True)
INVESTIGATION = Redirect("/investigation/", prefix=True)
SUMMATIONS = Redirect("/summations/", prefix=True)
TEXTS = Redirect("/texts/", prefix=True)
CALENDAR = Redirect("/calendar/")
Answer = int | Redirect


@dataclass(frozen=True)
class Access:
    name: str
    get: tuple[Answer, ...]
    post: tuple[Answer, ...] | None = None
    obj: str | None = None
    data: dict | Callable[..., dict] = field(default_factory=dict)

    def __post_init__(self):
        for method in ("get", "post"):
            answers = getattr(self, method)
            if answers is not None and len(answers) != len(ROLES):
                raise ValueError(f"{self.name} {method}: one answer per role in {ROLES}")

    def post_data(self, people) -> dict:
        return self.data(people) if callable(self.data) else self.data

    def answers(self, method: str) -> dict[str, Answer]:
        return dict(zip(ROLES, getattr(self, method), strict=True))

    @property
    def label(self) -> str:
        return f"{self.name}[{self.obj}]" if self.obj else self.name


def url_names() -> dict[str, str]:
    """Every named route the resolver serves, with its pattern."""

    def walk(resolver: URLResolver, prefix: str, namespace: str):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                yield namespace + (entry.name or ""), prefix + str(entry.pattern)

    return dict(walk(get_resolver(), "", ""))


# fmt: off
# Columns: anonymous, member, driver, lead, other_lead, investigator, coordinator.
_ALL_200 = (200,) * 7
_MEMBERS_200 = (LOGIN, 200, 200, 200, 200, 200, 200)
_COORDINATOR_ONLY = (LOGIN, 403, 403, 403, 403, 403, 200)
_REAUTH_FIRST = (LOGIN, REAUTH, REAUTH, REAUTH, REAUTH, REAUTH, REAUTH)
# Committees: every member reads every group, meeting, proposal and decision; a lead manages
# the groups they lead (another group's objects: 404), a coordinator manages every group.
_LEADS_200 = (LOGIN, 403, 403, 200, 200, 403, 200)
_LEADS_422 = (LOGIN, 403, 403, 422, 422, 403, 422)
_THIS_GROUP_200 = (LOGIN, 403, 403, 200, 404, 403, 200)
_THIS_GROUP_422 = (LOGIN, 403, 403, 422, 404, 403, 422)
_THIS_GROUP_SAVED = (LOGIN, 403, 403, COMMITTEES, 404, 403, COMMITTEES)
_THIS_GROUP_POST_ONLY = (LOGIN, 403, 403, 405, 405, 403, 405)
# Contacts and the investigation: investigators and coordinators only (names, phones,
# grievance records); the counts-only ranking for every member but drivers.
_PERSONAL_200 = (LOGIN, 403, 403, 403, 403, 200, 200)
_PERSONAL_SAVED = (LOGIN, 403, 403, 403, 403, CONTACTS, CONTACTS)
_INVESTIGATION_SAVED = (LOGIN, 403, 403, 403, 403, INVESTIGATION, INVESTIGATION)
_PERSONAL_POST_ONLY = (LOGIN, 403, 403, 403, 403, 405, 405)
_TEXTS_SAVED = (LOGIN, 403, 403, 403, 403, TEXTS, TEXTS)
_AGGREGATES_200 = (LOGIN, 200, 403, 200, 200, 200, 200)
_COORDINATOR_SAVED = (LOGIN, 403, 403, 403, 403, 403, SUMMATIONS)
_COORDINATOR_422 = (LOGIN, 403, 403, 403, 403, 403, 422)
_COORDINATOR_POST_ONLY = (LOGIN, 403, 403, 403, 403, 403, 405)
_ALL_405 = (LOGIN, 405, 405, 405, 405, 405, 405)

# distribution: every member runs serves; leads manage stock, money and the delivery board
# (any lead: distribution's objects belong to no group); drivers have their run.
SERVES = Redirect("/distribution/serves/")
SERVE_PAGE = Redirect("/distribution/serves/", prefix=True)
DELIVERY_PAGE = Redirect("/distribution/deliveries/", prefix=True)
RUN_PAGE = Redirect("/distribution/run/", prefix=True)
_POST_ONLY = (LOGIN, 405, 405, 405, 405, 405, 405)
_MANAGERS = (LOGIN, 403, 403, 200, 200, 403, 200)
_MANAGERS_POST_ONLY = (LOGIN, 403, 403, 405, 405, 403, 405)
_DRIVERS = (LOGIN, 403, 200, 403, 403, 403, 200)
_DRIVERS_POST_ONLY = (LOGIN, 403, 405, 403, 403, 403, 405)
_A_TAP = {"kind": "household_new", "key": "00000000-0000-4000-8000-000000000001"}
DISTRIBUTION: list = [
    Access("distribution:serve_list", get=_MEMBERS_200),
    Access("distribution:serve_today", get=(LOGIN,) + (SERVES,) * 6),
    Access("distribution:serve_detail", obj="serve", get=_MEMBERS_200),
    Access("distribution:serve_totals", obj="serve", get=_MEMBERS_200),
    # A tap answers the live totals as JSON (the test client asks for no HTML page).
    Access("distribution:serve_tap", obj="serve", get=_POST_ONLY,
           post=(LOGIN,) + (200,) * 6, data=_A_TAP),
    Access("distribution:serve_undo", obj="serve", get=_POST_ONLY,
           post=(LOGIN,) + (200,) * 6, data={"key": _A_TAP["key"]}),
    Access("distribution:serve_notes", obj="serve", get=_POST_ONLY,
           post=(LOGIN,) + (SERVE_PAGE,) * 6, data={"notes": "Rain; soap ran out"}),
    Access("distribution:serve_sign_up", obj="serve", get=_POST_ONLY,
           post=(LOGIN,) + (SERVES,) * 6),
    Access("distribution:serve_check_in", obj="serve", get=_POST_ONLY,
           post=(LOGIN,) + (SERVE_PAGE,) * 6,
           data=lambda people: {"volunteer": people["lead"].pk}),  # built with the serve
    Access("distribution:serve_close", obj="serve", get=_MANAGERS,
           post=(LOGIN, 403, 403, SERVE_PAGE, SERVE_PAGE, 403, SERVE_PAGE)),
    Access("distribution:serve_late_tap", obj="late_tap", get=_MANAGERS_POST_ONLY,
           post=(LOGIN, 403, 403, SERVE_PAGE, SERVE_PAGE, 403, SERVE_PAGE),
           data={"decision": "discard"}),
    Access("distribution:shift_cancel", obj="serve_shift", get=_POST_ONLY,
           post=(LOGIN, SERVES, 404, 404, 404, 404, 404)),
    Access("distribution:shift_check_in", obj="serve_shift", get=_POST_ONLY,
           post=(LOGIN,) + (SERVE_PAGE,) * 6),
    Access("distribution:shift_check_out", obj="serve_shift", get=_POST_ONLY,
           post=(LOGIN,) + (SERVE_PAGE,) * 6),
    Access("distribution:setup", get=_MANAGERS),
    Access("distribution:site_create", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:site_edit", obj="site", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:schedule_create", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:schedule_edit", obj="schedule", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:bag_type_create", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:bag_type_edit", obj="bag_type", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:stock", get=_MANAGERS),
    Access("distribution:item_create", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:item_detail", obj="item", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:stock_adjust", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:cash", get=_MANAGERS),
    Access("distribution:donation_list", get=_MANAGERS),
    Access("distribution:donation_create", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:purchase_list", get=_MANAGERS),
    Access("distribution:purchase_create", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:reimbursement_create", get=_MANAGERS, post=_MANAGERS),
    # The board assigns on POST: nothing ticked is a form error (422).
    Access("distribution:delivery_board", get=_MANAGERS,
           post=(LOGIN, 403, 403, 422, 422, 403, 422)),
    Access("distribution:delivery_create", get=_MANAGERS, post=_MANAGERS),
    Access("distribution:delivery_detail", obj="delivery_request", get=_MANAGERS,
           post=(LOGIN, 403, 403, 422, 422, 403, 422)),
    Access("distribution:delivery_cancel", obj="delivery_request", get=_MANAGERS_POST_ONLY,
           post=(LOGIN, 403, 403, DELIVERY_PAGE, DELIVERY_PAGE, 403, DELIVERY_PAGE)),
    Access("distribution:delivery_unassign", obj="delivery_request", get=_MANAGERS_POST_ONLY,
           post=(LOGIN, 403, 403, DELIVERY_PAGE, DELIVERY_PAGE, 403, DELIVERY_PAGE)),
    Access("distribution:delivery_requeue", obj="delivery_request", get=_MANAGERS_POST_ONLY,
           post=(LOGIN, 403, 403, DELIVERY_PAGE, DELIVERY_PAGE, 403, DELIVERY_PAGE)),
    Access("distribution:run", get=_DRIVERS),
    Access("distribution:run_day", obj="run_day", get=_DRIVERS),
    Access("distribution:run_sheet", obj="run_day", get=_DRIVERS),
    Access("distribution:run_start", obj="run_day", get=_DRIVERS_POST_ONLY,
           post=(LOGIN, 403, RUN_PAGE, 403, 403, 403, RUN_PAGE)),
    Access("distribution:run_finish", obj="run_day", get=_DRIVERS_POST_ONLY,
           post=(LOGIN, 403, RUN_PAGE, 403, 403, 403, RUN_PAGE)),
    Access("distribution:run_sign_up", get=_DRIVERS_POST_ONLY,
           post=(LOGIN, 403, 422, 403, 403, 403, 422)),
    Access("distribution:coverage", get=_DRIVERS,
           post=(LOGIN, 403, RUN_PAGE, 403, 403, 403, RUN_PAGE)),
    # A driver's own delivery, and another driver's (404: not on their run).
    Access("distribution:delivery_delivered", obj="drivers_delivery", get=_DRIVERS_POST_ONLY,
           post=(LOGIN, 403, RUN_PAGE, 403, 403, 403, RUN_PAGE)),
    Access("distribution:delivery_delivered", obj="other_drivers_delivery",
           get=_DRIVERS_POST_ONLY, post=(LOGIN, 403, 404, 403, 403, 403, RUN_PAGE)),
    Access("distribution:delivery_failed", obj="drivers_delivery", get=_DRIVERS_POST_ONLY,
           post=(LOGIN, 403, 422, 403, 403, 403, 422)),
    Access("distribution:delivery_failed", obj="other_drivers_delivery",
           get=_DRIVERS_POST_ONLY, post=(LOGIN, 403, 404, 403, 403, 403, 422)),
    # Taking a mark back: only the driver who made it (anyone else's answer is 404).
    Access("distribution:delivery_undo", obj="drivers_marked_delivery",
           get=_DRIVERS_POST_ONLY, post=(LOGIN, 403, RUN_PAGE, 403, 403, 403, 404)),
    Access("distribution:delivery_undo", obj="other_drivers_marked_delivery",
           get=_DRIVERS_POST_ONLY, post=(LOGIN, 403, 404, 403, 403, 403, 404)),
    Access("distribution:delivery_reopen", obj="delivered_request", get=_MANAGERS_POST_ONLY,
           post=(LOGIN, 403, 403, DELIVERY_PAGE, DELIVERY_PAGE, 403, DELIVERY_PAGE)),
    # Reach: counts and place names, for the readers of the sites of struggle.
    Access("distribution:reach", obj="contacts_on_file", get=_AGGREGATES_200),
]

# handouts: every member reads and prints them and counts copies at the serve; leads and
# coordinators write drafts, put them to the general body and record printed batches.
HANDOUTS = Redirect("/handouts/", prefix=True)
_EDITORS_422 = (LOGIN, 403, 403, 422, 422, 403, 422)
_EDITORS_SAVED = (LOGIN, 403, 403, HANDOUTS, HANDOUTS, 403, HANDOUTS)
HANDOUT_ROUTES: list = [
    Access("handouts:list", get=_MEMBERS_200),
    Access("handouts:create", get=_MANAGERS, post=_EDITORS_422),
    # Nothing chosen for the combined sheet: said on a page, no PDF.
    Access("handouts:sheet", get=(LOGIN,) + (422,) * 6),
    Access("handouts:detail", obj="handout", get=_MEMBERS_200),
    Access("handouts:version", obj="handout_draft", get=_MEMBERS_200),
    Access("handouts:version_edit", obj="handout_draft", get=_MANAGERS, post=_EDITORS_422),
    Access("handouts:version_propose", obj="handout_draft", get=_MANAGERS_POST_ONLY,
           post=_EDITORS_SAVED),
    # A draft never put to the general body: refused with a message on the version's page.
    Access("handouts:version_adopt", obj="handout_draft", get=_MANAGERS_POST_ONLY,
           post=_EDITORS_SAVED),
    Access("handouts:version_new", obj="handout", get=_MANAGERS_POST_ONLY, post=_EDITORS_SAVED),
    Access("handouts:pdf", obj="handout_pdf", get=_MEMBERS_200),
    Access("handouts:serve_print", obj="serve", get=_MEMBERS_200, post=_EDITORS_422),
    Access("handouts:serve_count", obj="serve", get=_MEMBERS_200),
    Access("handouts:serve_totals", obj="serve", get=_MEMBERS_200),
    # Counts answer JSON; an empty count is not understood (400), an undo finds nothing.
    Access("handouts:serve_tap", obj="serve", get=_POST_ONLY, post=(LOGIN,) + (400,) * 6),
    Access("handouts:serve_undo", obj="serve", get=_POST_ONLY, post=(LOGIN,) + (200,) * 6,
           data={"key": _A_TAP["key"]}),
]

MATRIX: list[Access] = [
    # core
    Access("healthz", get=_ALL_200),
    # The phone app's shell (core.pwa): nothing personal, needed before signing in.
    Access("manifest", get=_ALL_200),
    Access("service_worker", get=_ALL_200),
    Access("favicon", get=_ALL_200),
    Access("offline", obj="offline_language", get=_ALL_200),
    Access("set_language", get=(405,) * 7, post=(HOME,) * 7, data={"language": "es"}),
    # dashboard
    Access("dashboard:home", get=_MEMBERS_200),
    Access("dashboard:floor", get=_MEMBERS_200),
    # accounts: members and invitations
    # Each member's own notices (email, text or both): an empty POST is the form with errors.
    Access("accounts:profile", get=_MEMBERS_200, post=(LOGIN,) + (422,) * 6),
    Access("accounts:member_list", get=_COORDINATOR_ONLY),
    Access("accounts:audit_trail", get=_COORDINATOR_ONLY),
    Access("accounts:invitation_create", get=_COORDINATOR_ONLY, post=_COORDINATOR_ONLY),
    Access("accounts:member_edit", obj="member", get=_COORDINATOR_ONLY,
           post=(LOGIN, 403, 403, 403, 403, 403, MEMBER_LIST),
           data={"roles": ["driver"], "is_active": "on"}),
    # The link is the credential: whoever holds it gets the form (a signed-in member too).
    Access("accounts:invitation_accept", obj="invitation", get=_ALL_200, post=_ALL_200),
    # allauth: signing in and out, passwords
    Access("account_login", get=(200, HOME, HOME, HOME, HOME, HOME, HOME),
           post=(200, HOME, HOME, HOME, HOME, HOME, HOME)),
    Access("account_logout", get=(HOME, 200, 200, 200, 200, 200, 200), post=(HOME,) * 7),
    Access("account_inactive", get=_ALL_200),
    Access("account_reauthenticate", get=_MEMBERS_200, post=_MEMBERS_200),
    Access("account_change_password", get=_MEMBERS_200, post=_MEMBERS_200),
    Access("account_reset_password", get=_ALL_200, post=_ALL_200),
    Access("account_reset_password_done", get=_ALL_200),
    Access("account_reset_password_from_key", obj="password_reset_key",
           get=(RESET_FORM,) * 7, post=(RESET_FORM,) * 7),
    Access("account_reset_password_from_key_done", get=_ALL_200),
    # allauth: second factor. Without a pending sign-in there is nothing to authenticate.
    Access("mfa_index", get=_MEMBERS_200),
    Access("mfa_authenticate", get=(LOGIN, HOME, HOME, HOME, HOME, HOME, HOME),
           post=(LOGIN, HOME, HOME, HOME, HOME, HOME, HOME)),
    Access("mfa_reauthenticate", get=(LOGIN, REAUTH, REAUTH, REAUTH, REAUTH, 200, 200),
           post=(LOGIN, REAUTH, REAUTH, REAUTH, REAUTH, 200, 200)),
    Access("mfa_activate_totp", get=_REAUTH_FIRST, post=_REAUTH_FIRST),
    Access("mfa_deactivate_totp", get=(LOGIN, 404, 404, 404, 404, REAUTH, REAUTH),
           post=(LOGIN, 404, 404, 404, 404, REAUTH, REAUTH)),
    Access("mfa_view_recovery_codes", obj="recovery_codes",
           get=(LOGIN, 404, 404, 404, 404, REAUTH, REAUTH)),
    Access("mfa_generate_recovery_codes", get=_REAUTH_FIRST, post=_REAUTH_FIRST),
    Access("mfa_download_recovery_codes", obj="recovery_codes",
           get=(LOGIN, 404, 404, 404, 404, REAUTH, REAUTH)),
    # dashboard: the private calendar link (the token in the feed's URL is the credential)
    Access("dashboard:calendar", get=_MEMBERS_200, post=(LOGIN,) + (CALENDAR,) * 6),
    Access("dashboard:calendar_feed", obj="calendar_token", get=_ALL_200),
    # committees: groups, spokes, the two organization-wide bodies, weekly reports
    Access("committees:group_list", obj="committees_on_file", get=_MEMBERS_200),
    Access("committees:group_create", get=_COORDINATOR_ONLY, post=_COORDINATOR_ONLY),
    Access("committees:group_detail", obj="working_group", get=_MEMBERS_200),
    Access("committees:group_edit", obj="working_group", get=_THIS_GROUP_200,
           post=_THIS_GROUP_200),
    Access("committees:group_members", obj="working_group", get=_THIS_GROUP_200,
           post=_THIS_GROUP_422),
    Access("committees:spoke_elect", obj="working_group", get=_THIS_GROUP_200,
           post=_THIS_GROUP_422),
    # Only a lead of the group records its operational decisions alone (a coordinator too
    # must lead it: otherwise the group decides at a meeting).
    Access("committees:lead_decision", obj="working_group",
           get=(LOGIN, 403, 403, 200, 404, 403, 404),
           post=(LOGIN, 403, 403, 422, 404, 403, 404)),
    Access("committees:weekly_report", obj="weekly_report", get=_MEMBERS_200,
           post=_THIS_GROUP_422),
    Access("committees:membership_set_lead", obj="membership", get=_THIS_GROUP_POST_ONLY,
           post=_THIS_GROUP_SAVED),
    Access("committees:membership_remove", obj="membership", get=_THIS_GROUP_POST_ONLY,
           post=_THIS_GROUP_SAVED),
    Access("committees:spoke_recall", obj="spoke", get=_THIS_GROUP_200, post=_THIS_GROUP_422),
    Access("committees:spokes_council", obj="committees_on_file", get=_MEMBERS_200),
    Access("committees:general_body", obj="committees_on_file", get=_MEMBERS_200),
    # committees: meetings
    Access("committees:meeting_list", obj="committees_on_file", get=_MEMBERS_200),
    Access("committees:meeting_create", get=_LEADS_200, post=_LEADS_422),
    Access("committees:meeting_detail", obj="meeting", get=_MEMBERS_200),
    Access("committees:meeting_edit", obj="meeting", get=_THIS_GROUP_200, post=_THIS_GROUP_422),
    Access("committees:meeting_attendance", obj="meeting", get=_THIS_GROUP_200,
           post=_THIS_GROUP_SAVED),
    Access("committees:meeting_notice", obj="meeting", get=_THIS_GROUP_POST_ONLY,
           post=_THIS_GROUP_SAVED),
    Access("committees:agenda_item_add", obj="meeting", get=_THIS_GROUP_200,
           post=_THIS_GROUP_422),
    Access("committees:agenda_item_remove", obj="agenda_item", get=_THIS_GROUP_POST_ONLY,
           post=_THIS_GROUP_SAVED),
    Access("committees:meeting_decide", obj="agenda_proposal", get=_THIS_GROUP_200,
           post=_THIS_GROUP_422),
    # committees: proposals (any member puts one forward), mandates, the decision log
    Access("committees:decision_log", obj="committees_on_file", get=_MEMBERS_200),
    Access("committees:proposal_list", obj="committees_on_file", get=_MEMBERS_200),
    Access("committees:proposal_create", get=_MEMBERS_200,
           post=(LOGIN, 422, 422, 422, 422, 422, 422)),
    Access("committees:proposal_detail", obj="proposal", get=_MEMBERS_200),
    # A coordination proposal concerns every group: each lead mandates their own spoke.
    Access("committees:mandate_set", obj="proposal", get=_LEADS_200, post=_LEADS_422),
    # committees: action items (the plain member is the assignee: they update its status)
    Access("committees:action_item_list", obj="committees_on_file", get=_MEMBERS_200),
    Access("committees:action_item_create", get=_LEADS_200, post=_LEADS_422),
    Access("committees:action_item_detail", obj="action_item", get=_MEMBERS_200),
    Access("committees:action_item_edit", obj="action_item", get=_THIS_GROUP_200,
           post=_THIS_GROUP_422),
    Access("committees:action_item_status", obj="action_item", get=_ALL_405,
           post=(LOGIN, COMMITTEES, 404, COMMITTEES, 404, 404, COMMITTEES)),
    # contacts: investigators and coordinators; the access log for coordinators
    # Searching by name or phone, and exporting what the search finds, are POSTs: a name or a
    # phone never goes into a URL.
    Access("contacts:list", obj="contacts_on_file", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("contacts:create", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("quick_add:add", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("contacts:import", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("contacts:import_sample", get=_PERSONAL_200),
    Access("contacts:export", obj="contacts_on_file", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("contacts:follow_ups", obj="contacts_on_file", get=_PERSONAL_200),
    Access("contacts:follow_up_done", obj="follow_up", get=_PERSONAL_POST_ONLY,
           post=_PERSONAL_SAVED),
    Access("contacts:levels", get=_PERSONAL_200),
    Access("contacts:level_create", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("contacts:level_edit", obj="development_level", get=_PERSONAL_200,
           post=_PERSONAL_200),
    Access("contacts:access_log", obj="contacts_on_file", get=_COORDINATOR_ONLY),
    Access("contacts:detail", obj="contact", get=_PERSONAL_200),
    Access("contacts:edit", obj="contact", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("contacts:forget", obj="contact", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("contacts:conversation_create", obj="contact", get=_PERSONAL_200,
           post=_PERSONAL_200),
    Access("contacts:assess", obj="contact", get=_PERSONAL_200, post=_PERSONAL_200),
    # texting: consent and opt-out with the contact's other records; the gateway's webhook is
    # the only route without sign-in, and without a valid signature it answers 403 to anyone.
    Access("texting:consent", obj="contact", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("texting:opt_out", obj="contact", get=_PERSONAL_POST_ONLY, post=_PERSONAL_SAVED),
    Access("texting:webhook", get=(405,) * 7, post=(403,) * 7),
    # turnout texts: members who may text turnout (TEXT_TURNOUT: investigators, coordinators)
    Access("texting:turnout_new", obj="campaign_action", get=_PERSONAL_200,
           post=_PERSONAL_200),
    Access("texting:turnout_detail", obj="turnout_draft", get=_PERSONAL_200),
    Access("texting:turnout_detail", obj="turnout_sent", get=_PERSONAL_200),
    Access("texting:turnout_edit", obj="turnout_draft", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("texting:turnout_edit", obj="turnout_sent", get=_TEXTS_SAVED),
    Access("texting:turnout_send", obj="turnout_draft", get=_PERSONAL_POST_ONLY,
           post=_TEXTS_SAVED),
    Access("texting:turnout_came", obj="turnout_sent", get=_PERSONAL_POST_ONLY,
           post=_TEXTS_SAVED),
    # investigation: records for investigators and coordinators, counts for members and leads
    Access("investigation:sites_of_struggle", obj="contacts_on_file", get=_AGGREGATES_200),
    Access("investigation:grievance_list", obj="contacts_on_file", get=_PERSONAL_200),
    Access("investigation:grievance_create", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("investigation:grievance_import", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("investigation:grievance_import_sample", get=_PERSONAL_200),
    Access("investigation:grievance_detail", obj="grievance", get=_PERSONAL_200),
    Access("investigation:grievance_edit", obj="grievance", get=_PERSONAL_200,
           post=_PERSONAL_200),
    Access("investigation:category_list", get=_PERSONAL_200),
    Access("investigation:category_create", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("investigation:category_edit", obj="grievance_category", get=_PERSONAL_200,
           post=_PERSONAL_200),
    Access("investigation:base_area_list", obj="contacts_on_file", get=_PERSONAL_200),
    Access("investigation:base_area_create", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("investigation:base_area_import", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("investigation:base_area_import_sample", get=_PERSONAL_200),
    Access("investigation:base_area_detail", obj="base_area", get=_PERSONAL_200),
    Access("investigation:base_area_edit", obj="base_area", get=_PERSONAL_200,
           post=_PERSONAL_200),
    Access("investigation:note_create", obj="base_area", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("investigation:antagonist_list", obj="contacts_on_file", get=_PERSONAL_200),
    Access("investigation:antagonist_create", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("investigation:antagonist_edit", obj="antagonist", get=_PERSONAL_200,
           post=_PERSONAL_200),
    Access("investigation:campaign_list", obj="contacts_on_file", get=_PERSONAL_200),
    Access("investigation:campaign_create", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("investigation:campaign_detail", obj="campaign", get=_PERSONAL_200),
    Access("investigation:campaign_edit", obj="campaign", get=_PERSONAL_200, post=_PERSONAL_200),
    # Unticking everyone is a valid answer: the empty form saves.
    Access("investigation:campaign_people", obj="campaign", get=_PERSONAL_200,
           post=_INVESTIGATION_SAVED),
    Access("investigation:demand_create", obj="campaign", get=_PERSONAL_200,
           post=_PERSONAL_200),
    Access("investigation:demand_edit", obj="demand", get=_PERSONAL_200, post=_PERSONAL_200),
    Access("investigation:campaign_action_create", obj="campaign", get=_PERSONAL_200,
           post=_PERSONAL_200),
    # summations: every member reads (list, page, PDF: one rule, Perm.VIEW_SUMMATIONS) and
    # comments; coordinators build, present and adopt
    Access("summations:list", obj="summations_on_file", get=_MEMBERS_200),
    Access("summations:build_week", get=_COORDINATOR_POST_ONLY, post=_COORDINATOR_422),
    Access("summations:detail", obj="summation", get=_MEMBERS_200),
    Access("summations:status", obj="summation", get=_MEMBERS_200),
    # A driver's PDF, like their page, leaves out the investigation's sections.
    Access("summations:pdf", obj="summation_pdf", get=_MEMBERS_200),
    Access("summations:build", obj="summation", get=_COORDINATOR_POST_ONLY,
           post=_COORDINATOR_SAVED),
    Access("summations:present", obj="summation", get=_COORDINATOR_POST_ONLY,
           post=_COORDINATOR_SAVED),
    Access("summations:adopt", obj="summation", get=_COORDINATOR_POST_ONLY,
           post=_COORDINATOR_SAVED),
    Access("summations:comment_create", obj="summation", get=_ALL_405,
           post=(LOGIN, 422, 422, 422, 422, 422, 422)),
    *DISTRIBUTION,
    *HANDOUT_ROUTES,
]
# fmt: on
