"""The header menu: each entry shows only to members whose roles grant its permission, and
only once the page exists. Apps add their entries here as they are built."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Perm, can


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url_name: str
    perm: Perm | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MENU: tuple[MenuEntry, ...] = (
    MenuEntry(_("Home"), "dashboard:home"),
    # Distribution: money, setup and the cash balance hang off Stock and Serves.
    MenuEntry(_("Serves"), "distribution:serve_list", Perm.RUN_SERVE),
    MenuEntry(_("My run"), "distribution:run", Perm.DRIVE),
    MenuEntry(_("Deliveries"), "distribution:delivery_board", Perm.MANAGE_DELIVERIES),
    MenuEntry(_("Stock"), "distribution:stock", Perm.MANAGE_DISTRIBUTION),
    # Committees' other pages (meetings, action items, the councils) hang off these two and
    # the dashboard's panels, to keep the menu short on a phone.
    MenuEntry(_("Committees"), "committees:group_list"),
    MenuEntry(_("Decisions"), "committees:decision_log"),
    MenuEntry(_("Handouts"), "handouts:list", Perm.VIEW_HANDOUTS),
    MenuEntry(_("Summations"), "summations:list", Perm.VIEW_SUMMATIONS),
    MenuEntry(_("Members"), "accounts:member_list", Perm.MANAGE_MEMBERS),
    MenuEntry(_("Contacts"), "contacts:list", Perm.VIEW_CONTACTS),
    MenuEntry(_("Grievances"), "investigation:grievance_list", Perm.VIEW_GRIEVANCES),
    MenuEntry(_("Sites of struggle"), "investigation:sites_of_struggle", Perm.VIEW_AGGREGATES),
    MenuEntry(_("Base areas"), "investigation:base_area_list", Perm.VIEW_GRIEVANCES),
    MenuEntry(_("Campaigns"), "investigation:campaign_list", Perm.VIEW_GRIEVANCES),
    MenuEntry(_("Access log"), "contacts:access_log", Perm.AUDIT_CONTACT_ACCESS),
    MenuEntry(_("Audit trail"), "accounts:audit_trail", Perm.VIEW_AUDIT_TRAIL),
)


def menu_for(user) -> list[MenuEntry]:
    return [entry for entry in MENU if entry.perm is None or can(user, entry.perm)]
