from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo as accounts_demo
from committees import demo as committees_demo
from distribution import demo as distribution_demo
from handouts import demo as handouts_demo
from investigation import demo as investigation_demo
from summations import demo as summations_demo


class Command(BaseCommand):
    help = "Create a small demo organization with one member per role (idempotent, DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with DEBUG off: it creates known logins.")
        with transaction.atomic():
            users = accounts_demo.seed()
            committees_demo.seed(users)
            # Base areas, then contacts (contacts.demo, called from here), then grievances.
            investigation_demo.seed(users)
            distribution = distribution_demo.seed(users)
            # After the serves: copies of the adopted handouts were given out at them.
            handouts_demo.seed(users)
        # Last: a summation reads every other app's demo data (and renders two PDFs per week).
        summations_demo.seed(users)
        self.stdout.write(_distribution_summary(distribution))
        self.stdout.write(self.style.SUCCESS("Demo organization ready. Sign in with:"))
        for user in users.values():
            mfa = "  (authenticator code: make totp)" if user.requires_mfa else ""
            self.stdout.write(f"  {user.email:<28} {accounts_demo.DEMO_PASSWORD}{mfa}")
        self.stdout.write(
            f"Authenticator secret for the coordinator and investigator: "
            f"{accounts_demo.DEMO_TOTP_SECRET}"
        )


def _distribution_summary(counts: dict) -> str:
    """What this run made, and what an earlier run had made and was left in place."""
    serves = []
    if counts["serves_closed"]:
        serves.append(f"{counts['serves_closed']} past serves closed with their counts")
    if counts["serves_already_closed"]:
        serves.append(
            f"{counts['serves_already_closed']} past serves already there, left as they were"
        )
    deliveries = []
    if counts["deliveries_today"]:
        deliveries.append(f"{counts['deliveries_today']} deliveries for driver@example.org today")
    if counts["deliveries_already_today"]:
        deliveries.append(
            f"{counts['deliveries_already_today']} of today's deliveries left in place"
        )
    tonight = counts["serve_tonight"]
    return (
        f"Distribution: {'; '.join(serves + deliveries) or 'nothing to add'}. "
        f"Tonight's serve: {tonight.site.name}, {tonight.start_time:%H:%M}."
    )
