"""Accounts: the organization's members, the roles they hold, and invitations to join.

Nobody signs up: a coordinator invites a member by email and picks their roles. A member is
identified by an email address only; Basework never asks a member or a contact for ID."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    LEAD = "lead", _("Committee lead")
    INVESTIGATOR = "investigator", _("Investigator")
    DRIVER = "driver", _("Driver")
    MEMBER = "member", _("Member")


# The roles a coordinator assigns; every active account is a member as well.
ASSIGNABLE_ROLES = (Role.COORDINATOR, Role.LEAD, Role.INVESTIGATOR, Role.DRIVER)
# Roles that see personal data of contacts: these must use a second factor.
ROLES_REQUIRING_MFA = frozenset({Role.COORDINATOR, Role.INVESTIGATOR})


class NoticeChannel(models.TextChoices):
    """How a member gets their own notices (core.notices): reminders, "can't make it", new
    deliveries to drive."""

    EMAIL = "email", _("By email")
    TEXT = "text", _("By text message")
    BOTH = "both", _("By email and text message")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True, is_coordinator=True)
        return self.create_user(email, password, **fields)

    def drivers(self):
        return self.filter(is_active=True, is_driver=True).order_by("display_name", "email")

    def for_choices(self):
        """Active members for a list to pick from: what their name needs, no more (an
        organization of years has hundreds)."""
        return (
            self.filter(is_active=True)
            .only("id", "display_name", "email")
            .order_by("display_name", "email")
        )

    def for_member_list(self):
        return self.order_by("-is_active", "display_name", "email")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("name"), max_length=80, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    is_lead = models.BooleanField(_("committee lead"), default=False)
    is_investigator = models.BooleanField(_("investigator"), default=False)
    is_driver = models.BooleanField(_("driver"), default=False)
    # db_default: rows written by code older than this field (an upgrade) get it too.
    notices_by = models.CharField(
        _("my notices"),
        max_length=8,
        choices=NoticeChannel.choices,
        default=NoticeChannel.EMAIL,
        db_default=NoticeChannel.EMAIL,
    )
    # The member's own mobile number, for their notices by text: encrypted with the
    # deployment's key (a member has no per-person data key; key rotation re-encrypts it).
    phone = EncryptedTextField(_("mobile phone"), blank=True, default="", db_default="")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Secret for the member's private calendar feed; resetting it cuts off old subscriptions.
    calendar_token = models.CharField(max_length=64, default="", blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def roles(self) -> frozenset[Role]:
        held = {Role.MEMBER}
        for role in ASSIGNABLE_ROLES:
            if getattr(self, f"is_{role.value}"):
                held.add(role)
        return frozenset(held)

    @property
    def requires_mfa(self) -> bool:
        return bool(self.roles & ROLES_REQUIRING_MFA)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())

    def for_invitation_list(self):
        return self.select_related("invited_by").order_by("-created_at")

    def by_token(self, token: str):
        return self.filter(token_digest=_token_digest(token))


class Invitation(models.Model):
    """A single-use link that lets one person create their account, valid for 7 days.

    Only a digest of the token is stored, so a database dump cannot be used to join."""

    email = models.EmailField(_("email address"))
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    is_lead = models.BooleanField(_("committee lead"), default=False)
    is_investigator = models.BooleanField(_("investigator"), default=False)
    is_driver = models.BooleanField(_("driver"), default=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _token_digest(token)

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in ASSIGNABLE_ROLES if getattr(self, f"is_{role.value}")]
