"""allauth's two-factor forms, saying so when a code is right but was used already: two
sign-ins within one 30-second window otherwise read "Incorrect code" (issue 17)."""

from allauth.mfa.base import forms as allauth_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.utils import decrypt
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

CODE_USED = _(
    "This code was used already. Wait for the next code in your authenticator app "
    "(a new one every 30 seconds) and enter that."
)


def _code_already_used(user, code: str) -> bool:
    """Right for the user's authenticator app now, but already taken (allauth keeps used codes
    in the cache for one period, under the key it reads)."""
    for authenticator in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP):
        totp = TOTP(authenticator)
        secret = decrypt(authenticator.data["secret"])
        if validate_totp_code(secret, code) and cache.get(totp._get_used_cache_key(code)):
            return True
    return False


class _SaysWhenUsed:
    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except forms.ValidationError:
            code = self.data.get(self.add_prefix("code"), "")
            if code and _code_already_used(self.user, code):
                raise forms.ValidationError(CODE_USED, code="code_used") from None
            raise


class AuthenticateForm(_SaysWhenUsed, allauth_forms.AuthenticateForm):
    pass


class ReauthenticateForm(_SaysWhenUsed, allauth_forms.ReauthenticateForm):
    pass
