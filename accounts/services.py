"""Writes on accounts: inviting, joining, changing roles, deactivating."""

from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ASSIGNABLE_ROLES, Invitation, Role, User
from core import audit, emails


class InvitationNotUsable(Exception):
    pass


def _role_flags(roles) -> dict[str, bool]:
    return {f"is_{role.value}": role in roles for role in ASSIGNABLE_ROLES}


def invitation_create(
    *, email: str, roles: set[Role], language: str, by: User, accept_url: str
) -> Invitation:
    """Invite one person. The link in the email is the only copy of the token.

    `accept_url` is the absolute URL of the accept page with `{token}` where the token goes."""
    token, digest = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email.lower(),
        language=language,
        token_digest=digest,
        invited_by=by,
        expires_at=timezone.now() + settings.INVITATION_LIFETIME,
        **_role_flags(roles),
    )
    audit.record(by=by, kind=audit.Kind.INVITATION_CREATE, obj=invitation, roles=sorted(roles))
    link = accept_url.format(token=token)
    message = emails.message_to(
        invitation.email,
        language=language,
        subject=lambda: _("You are invited to %(org)s") % {"org": settings.ORGANIZATION_NAME},
        template="accounts/email/invitation.txt",
        context={"invitation": invitation, "link": link},
    )
    transaction.on_commit(lambda: emails.send([message]))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, display_name: str, password: str) -> User:
    """Create the invited member's account. The invitation can be used once, within 7 days."""
    invitation = Invitation.objects.select_for_update().by_token(token).first()
    if invitation is None or not invitation.is_usable:
        raise InvitationNotUsable
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationNotUsable
    user = User.objects.create_user(
        invitation.email,
        password,
        display_name=display_name,
        language=invitation.language,
        **{f"is_{r.value}": getattr(invitation, f"is_{r.value}") for r in ASSIGNABLE_ROLES},
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: set[Role], by: User) -> User:
    for field, value in _role_flags(roles).items():
        setattr(user, field, value)
    user.save(update_fields=list(_role_flags(roles)))
    audit.record(by=by, kind=audit.Kind.MEMBER_ROLES, obj=user, roles=sorted(roles))
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: User) -> User:
    """Stop a member from signing in and end every session they have open."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_end_sessions(user=user)
    audit.record(by=by, kind=audit.Kind.MEMBER_DEACTIVATE, obj=user)
    return user


def user_end_sessions(*, user: User) -> int:
    """End every session the member has open, on every device.

    Each session is deleted through the configured session engine, so a cached copy (with
    the cached_db engine) goes too, not only the database row."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def user_reset_mfa(*, user: User, by: User | None) -> int:
    """Remove the member's authenticator app and recovery codes (a lost or stolen phone) and
    end their sessions. A coordinator or investigator must enrol a new authenticator at their
    next sign-in (accounts.middleware.require_mfa). Returns how many authenticators went."""
    from allauth.mfa.models import Authenticator

    removed, _ = Authenticator.objects.filter(user=user).delete()
    user_end_sessions(user=user)
    audit.record(by=by, kind=audit.Kind.MEMBER_MFA_RESET, obj=user, removed=removed)
    return removed


def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def notices_set(*, user: User, notices_by: str, phone: str) -> None:
    """How a member gets their own notices (core.notices), and their mobile number. The
    number is the member's own, so no audit row: nobody else's data changes."""
    user.notices_by, user.phone = notices_by, phone.strip()
    user.save(update_fields=["notices_by", "phone"])


def invitations_purge_expired() -> int:
    """Remove unused invitations a week after they expired: they hold an email address."""
    cutoff = timezone.now() - settings.INVITATION_LIFETIME
    deleted, _ = Invitation.objects.filter(accepted_at__isnull=True, expires_at__lt=cutoff).delete()
    return deleted
