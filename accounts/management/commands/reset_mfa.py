from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import User


class Command(BaseCommand):
    help = (
        "A member lost the phone with their authenticator app: remove their authenticator and "
        "recovery codes and end their sessions. They enrol a new one at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the member's email address")

    def handle(self, *args, **options):
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No member with the email address {options['email']}.")
        removed = services.user_reset_mfa(user=user, by=None)
        self.stdout.write(
            f"Removed {removed} authenticator(s) of {user.email} and ended their sessions."
        )
