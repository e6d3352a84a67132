from allauth.account import urls as allauth_account_urls
from django.urls import include, path

from accounts.views import logout, set_language
from core import pwa
from core.views import healthz
from investigation import urls as investigation_urls

# Only the allauth pages Basework uses: no sign-up, no email confirmation, no login codes.
ALLAUTH_PAGES = {
    "account_login",
    "account_inactive",
    "account_reauthenticate",
    "account_change_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
}
allauth_pages = [p for p in allauth_account_urls.urlpatterns if p.name in ALLAUTH_PAGES]

# Error pages that need no database (core.views): 413 for oversized bodies, 503 when the
# database is unreachable.
handler400 = "core.views.bad_request"
handler500 = "core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The phone app: manifest, service worker (at the root, so its scope is the whole site),
    # favicon and the page the worker shows offline (core.pwa).
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    path("offline/<str:language>/", pwa.offline, name="offline"),
    path("i18n/setlang/", set_language, name="set_language"),
    # allauth's sign-out, wrapped to send Clear-Site-Data.
    path("accounts/logout/", logout, name="account_logout"),
    path("accounts/", include(allauth_pages)),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("committees/", include("committees.urls")),
    # Quick add at a serve records a contact and what they said: investigation's page, under
    # its own namespace (quick_add:add), at the address organizers already have.
    path("contacts/quick-add/", include((investigation_urls.quick_add_urlpatterns, "quick_add"))),
    path("contacts/", include("contacts.urls")),
    path("investigation/", include("investigation.urls")),
    path("summations/", include("summations.urls")),
    path("distribution/", include("distribution.urls")),
    path("handouts/", include("handouts.urls")),
    path("texts/", include("texting.urls")),
    path("", include("dashboard.urls")),
    path("", include("accounts.urls")),
]
