"""Who may do what: the one place that maps roles to capabilities.

Views ask `can(user, Perm.X)` or use `@require(Perm.X)`; object-level checks (a lead's own
working group, a driver's own deliveries) live in each app's `_get_<thing>_for_user` helper,
which answers 404 for an object the member may not see. An object every member allowed on the
page may open is looked up with `get_object_or_404` on a named QuerySet instead."""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.models import Role


class Perm(StrEnum):
    # accounts
    MANAGE_MEMBERS = "manage_members"  # invite members, set roles, deactivate
    VIEW_AUDIT_TRAIL = "view_audit_trail"  # who changed what (core.audit), coordinators only
    # contacts and investigation
    VIEW_CONTACTS = "view_contacts"  # names, phones, addresses, conversations
    EDIT_CONTACTS = "edit_contacts"
    EXPORT_CONTACTS = "export_contacts"
    VIEW_GRIEVANCES = "view_grievances"  # grievance records and drill-downs
    EDIT_INVESTIGATION = "edit_investigation"  # base areas, antagonists, grievances, campaigns
    VIEW_AGGREGATES = "view_aggregates"  # counts and rankings without names
    AUDIT_CONTACT_ACCESS = "audit_contact_access"  # read who viewed/exported personal data
    # turnout texts to a site's consenting contacts for a campaign's action, and who came
    TEXT_TURNOUT = "text_turnout"
    # distribution
    RUN_SERVE = "run_serve"  # tap counters, check volunteers in and out
    MANAGE_DISTRIBUTION = "manage_distribution"  # sites, schedules, bag types, stock, close
    MANAGE_DELIVERIES = "manage_deliveries"  # the delivery board, assigning drivers
    DRIVE = "drive"  # the member's own delivery run
    # committees
    MANAGE_COMMITTEES = "manage_committees"  # groups, general body meetings, any decision
    LEAD_GROUP = "lead_group"  # operational decisions for the groups one leads
    # handouts
    VIEW_HANDOUTS = "view_handouts"  # read and print the current handouts (every member)
    EDIT_HANDOUTS = "edit_handouts"  # write drafts, put them to the general body, batches
    # summations
    # Who reads summations: every member, drivers included (the general body reviews them),
    # the list, the page and the PDF in every language alike. What each reads is the sections
    # its role may see: the investigation's only with VIEW_AGGREGATES (summations.presentation).
    VIEW_SUMMATIONS = "view_summations"
    BUILD_SUMMATIONS = "build_summations"


_MEMBER = {
    Perm.VIEW_AGGREGATES,
    Perm.RUN_SERVE,
    Perm.VIEW_HANDOUTS,
    Perm.VIEW_SUMMATIONS,
}

# Each role's set is complete: the plain member set applies only to members holding no other
# role. A driver sees nothing of the investigation, not even its aggregates (DOMAIN: drivers
# need an address and a phone number, nothing else); a driver who is also a lead or an
# investigator gets what that role grants.
ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.MEMBER: frozenset(_MEMBER),
    Role.DRIVER: frozenset((_MEMBER - {Perm.VIEW_AGGREGATES}) | {Perm.DRIVE}),
    Role.LEAD: frozenset(
        _MEMBER
        | {Perm.MANAGE_DISTRIBUTION, Perm.MANAGE_DELIVERIES, Perm.LEAD_GROUP, Perm.EDIT_HANDOUTS}
    ),
    Role.INVESTIGATOR: frozenset(
        _MEMBER
        | {
            Perm.VIEW_CONTACTS,
            Perm.EDIT_CONTACTS,
            Perm.EXPORT_CONTACTS,
            Perm.VIEW_GRIEVANCES,
            Perm.EDIT_INVESTIGATION,
            Perm.TEXT_TURNOUT,
        }
    ),
    Role.COORDINATOR: frozenset(Perm),  # everything
}


def permissions_for(user) -> frozenset[Perm]:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_basework_perms", None)
    if cached is None:
        roles = user.roles - {Role.MEMBER} or {Role.MEMBER}
        cached = frozenset().union(*(ROLE_PERMISSIONS[role] for role in roles))
        user._basework_perms = cached
    return cached


def can(user, perm: Perm) -> bool:
    return perm in permissions_for(user)


def require(perm: Perm) -> Callable:
    """View decorator: 403 unless the signed-in member's roles grant `perm`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not can(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
