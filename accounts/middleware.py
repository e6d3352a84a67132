from django.shortcuts import redirect
from django.urls import reverse

# Paths a member who must enrol a second factor may still reach.
_MFA_ENROLMENT_OPEN = ("/accounts/", "/i18n/", "/static/", "/healthz")


def require_mfa(get_response):
    """Coordinators and investigators see personal data: until they have a TOTP authenticator,
    every page sends them to enrolment. (allauth has no setting that makes MFA mandatory.)"""

    def middleware(request):
        user = request.user
        if (
            user.is_authenticated
            and user.requires_mfa
            and not request.session.get("mfa_enrolled")
            and not request.path.startswith(_MFA_ENROLMENT_OPEN)
        ):
            from allauth.mfa.models import Authenticator

            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session["mfa_enrolled"] = True
            else:
                return redirect(reverse("mfa_activate_totp"))
        return get_response(request)

    return middleware
