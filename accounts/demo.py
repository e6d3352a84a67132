"""Demo members, one per role, for the quick start. Never used outside DEBUG."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import User

DEMO_PASSWORD = "basework-demo"  # noqa: S105 - printed by seed_demo; DEBUG only
# A fixed authenticator secret for the demo accounts that must use MFA, so that the
# quick start can print today's code (`manage.py demo_totp`). Base32, as authenticator apps use.
DEMO_TOTP_SECRET = "BASEWORKDEMOBASEWORKDEMOBASEWORK"  # noqa: S105

DEMO_MEMBERS = {
    "coordinator": {"display_name": "Coordinator Cora", "is_coordinator": True, "language": "en"},
    "lead": {"display_name": "Lead Luis", "is_lead": True, "language": "es"},
    "investigator": {
        "display_name": "Investigator Ines",
        "is_investigator": True,
        "language": "en",
    },
    "driver": {"display_name": "Driver Dana", "is_driver": True, "language": "en"},
    "member": {"display_name": "Member Mo", "language": "en"},
}


def seed() -> dict[str, User]:
    users: dict[str, User] = {}
    for key, fields in DEMO_MEMBERS.items():
        email = f"{key}@example.org"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, **fields)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if user.requires_mfa and not Authenticator.objects.filter(user=user).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        users[key] = user
    return users
