from allauth.account import urls as allauth_account_urls
from django.urls import include, path

from accounts.views import set_language
from core.views import healthz

# Only the allauth pages Basework uses: no sign-up, no email confirmation, no login codes.
ALLAUTH_PAGES = {
    "account_login",
    "account_logout",
    "account_inactive",
    "account_reauthenticate",
    "account_change_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
}
allauth_pages = [p for p in allauth_account_urls.urlpatterns if p.name in ALLAUTH_PAGES]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include(allauth_pages)),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("distribution/", include("distribution.urls")),
    path("", include("dashboard.urls")),
    path("", include("accounts.urls")),
]
