"""Every URL pattern, walked from the resolver: an anonymous request never gets a page, and a
driver never gets a coordinator's page."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages open without signing in (by URL name).
PUBLIC = {
    "healthz",
    "set_language",
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_logout",  # an anonymous logout is sent to the start page, which asks to sign in
    "accounts:invitation_accept",
    "mfa_authenticate",
    "mfa_trust",
    # The member's calendar feed: calendar apps cannot sign in, so the secret token in the URL
    # is the only key; any other token answers 404 (tests/dashboard/test_calendar_feed.py).
    "dashboard:calendar_feed",
    # The phone app's shell: no personal data, needed before signing in (core.pwa).
    "manifest",
    "service_worker",
    "favicon",
    "offline",
    # The text gateway's webhook: the phone cannot sign in; its HMAC signature is the key, and
    # anything unsigned gets 403 (tests/texting/test_webhook.py).
    "texting:webhook",
}


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or ""), prefix + str(entry.pattern), entry


def _sample_path(pattern: str) -> str:
    """Turn a route into a concrete path: every converter gets a plausible value."""
    import re

    path = pattern.lstrip("^").rstrip("$")
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000001", path)
    path = re.sub(r"<(?:str|slug|path):[^>]+>", "x-1", path)
    path = re.sub(r"<[^>]+>", "x-1", path)
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "x-1", path)
    return "/" + path.replace("\\", "")


ROUTES = sorted({(name, _sample_path(p)) for name, p, _ in _walk(get_resolver())})


def test_the_resolver_has_routes():
    assert len(ROUTES) > 20


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), ROUTES)
def test_an_anonymous_request_never_gets_a_page(client, name, path):
    for method in (client.get, client.post):
        response = method(path)
        if name in PUBLIC:
            assert response.status_code < 500
            continue
        assert response.status_code in (302, 404, 405), (name, path, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), (name, path)


COORDINATOR_ONLY = [
    "accounts:member_list",
    "accounts:invitation_create",
    "committees:group_create",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", COORDINATOR_ONLY)
def test_a_driver_gets_403_on_coordinator_pages(as_driver, name):
    from django.urls import reverse

    assert as_driver.get(reverse(name)).status_code == 403
    assert as_driver.post(reverse(name), {"email": "x@example.org"}).status_code == 403


@pytest.mark.django_db
def test_a_driver_gets_403_editing_a_member(as_driver, member):
    from django.urls import reverse

    response = as_driver.post(
        reverse("accounts:member_edit", args=[member.pk]), {"roles": ["coordinator"]}
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert not member.is_coordinator
