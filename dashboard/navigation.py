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
    MenuEntry(_("Serves"), "distribution:serve_list", Perm.RUN_SERVE),
    MenuEntry(_("My run"), "distribution:run", Perm.DRIVE),
    MenuEntry(_("Deliveries"), "distribution:delivery_board", Perm.MANAGE_DELIVERIES),
    MenuEntry(_("Stock"), "distribution:stock", Perm.MANAGE_DISTRIBUTION),
    MenuEntry(_("Money"), "distribution:cash", Perm.MANAGE_DISTRIBUTION),
    MenuEntry(_("Members"), "accounts:member_list", Perm.MANAGE_MEMBERS),
)


def menu_for(user) -> list[MenuEntry]:
    return [entry for entry in MENU if entry.perm is None or can(user, entry.perm)]
