"""Phones without signal (issue 14), in real Chromium with a profile kept on disk, so Cache
Storage and IndexedDB survive closing the browser: after one online visit tonight's serve and
today's run open offline; taps and driver marks made offline are kept through a restart and
counted once when the signal is back; a delivered stop's address leaves the phone at once;
signing out leaves nothing; an uncached page shows the offline page in the member's language.

Playwright's offline mode is switched on before navigating, as a phone that lost signal."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from distribution import services
from distribution.models import DeliveryRequest, Item, StockMovement, Tap
from tests.browser.conftest import CHROMIUM_ARGS, PHONE, open_menu, outbox_entries, screenshot
from tests.factories.accounts import UserFactory
from tests.factories.distribution import (
    BagContentFactory,
    BagTypeFactory,
    ContactFactory,
    DeliveryRequestFactory,
    ItemFactory,
    ServeFactory,
    SiteFactory,
    StockInFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Everything the phone keeps for this site: Cache Storage's pages, IndexedDB, localStorage.
PHONE_STORAGE = """async () => {
  const cached = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      cached.push(request.url + "\\n" + await (await cache.match(request)).text());
    }
  }
  const databases = (await indexedDB.databases()).map((db) => db.name);
  const local = JSON.stringify(Object.assign({}, localStorage));
  return {cached: cached, databases: databases, local: local};
}"""

WORKER_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return Boolean(registration.active);
}"""


class Phone:
    """One phone: a Chromium profile directory, opened and closed like the browser app."""

    def __init__(self, browser, directory, live_server):
        self.browser_type = browser.browser_type
        self.directory = directory
        self.url = live_server.url
        self.context = None

    def open(self, *, offline: bool):
        self.context = self.browser_type.launch_persistent_context(
            str(self.directory),
            executable_path="/usr/bin/chromium",
            args=CHROMIUM_ARGS,
            viewport=PHONE,
        )
        self.context.set_offline(offline)  # before any navigation
        return self.context.pages[0] if self.context.pages else self.context.new_page()

    def close(self):
        self.context.close()
        self.context = None

    def sign_in(self, user, language="en"):
        user.language = language
        user.save(update_fields=["language"])
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.url}]
        )

    def visit_online(self, page, path: str):
        """One online visit: the page loads and the worker starts and keeps it."""
        page.goto(f"{self.url}{path}")
        assert page.evaluate(WORKER_READY)
        page.wait_for_timeout(1500)  # the worker fetches the page once more to keep it

    def storage(self, page) -> dict:
        return page.evaluate(PHONE_STORAGE)


@pytest.fixture
def phone_factory(browser, live_server, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    phones = []

    def make(name):
        phone = Phone(browser, tmp_path / name, live_server)
        phones.append(phone)
        return phone

    yield make
    for phone in phones:
        if phone.context is not None:
            phone.close()


def _wait_for(predicate, page, timeout_ms=40_000):
    for _ in range(timeout_ms // 250):
        if predicate():
            return True
        page.wait_for_timeout(250)
    return predicate()


def test_the_serve_opens_offline_and_taps_survive_a_restart_and_count_once(phone_factory):
    serve = ServeFactory(site=SiteFactory(name="Central Square"), date=timezone.localdate())
    groceries = BagTypeFactory(name="Groceries", sort_order=1)
    ana = UserFactory(email="ana@example.org", display_name="Ana")
    serve_url = reverse("distribution:serve_detail", args=[serve.pk])
    phone = phone_factory("ana")

    page = phone.open(offline=False)
    phone.sign_in(ana)
    phone.visit_online(page, serve_url)
    phone.close()

    # No signal: the serve opens from the phone, says when it was brought up to date.
    page = phone.open(offline=True)
    page.goto(f"{phone.url}{serve_url}")
    expect(page.locator("h1")).to_have_text("Central Square")
    expect(page.locator("[data-kept-at]")).to_contain_text("Last brought up to date")
    for counter in ("household_new", "household_new", f"bag:{groceries.pk}"):
        page.locator(f"form[data-counter='{counter}'] button").click()
    expect(page.locator("[data-outbox-status]")).to_have_text("Offline · 3 waiting")
    screenshot(page, "offline-serve-taps-waiting")
    phone.close()

    # The browser closed and opened again, still offline: the taps are still there.
    page = phone.open(offline=True)
    page.goto(f"{phone.url}{serve_url}")
    expect(page.locator("[data-households]")).to_have_text("2")
    assert len(outbox_entries(page)) == 3
    assert Tap.objects.count() == 0

    # Signal again: sent, once.
    page.context.set_offline(False)
    page.evaluate("() => window.BaseworkOutbox.flush()")
    assert _wait_for(lambda: Tap.objects.count() == 3, page)
    expect(page.locator("[data-outbox-status]")).to_have_text("All sent")
    page.reload()
    page.wait_for_timeout(1000)
    assert serve.taps.all().totals() == {"household_new": 2, f"bag:{groceries.pk}": 1}
    assert outbox_entries(page) == []


def test_two_phones_tapping_offline_are_each_counted_once(phone_factory):
    serve = ServeFactory(site=SiteFactory(name="Central Square"), date=timezone.localdate())
    serve_url = reverse("distribution:serve_detail", args=[serve.pk])
    pages = []
    for name in ("ana", "ben"):
        phone = phone_factory(name)
        page = phone.open(offline=False)
        phone.sign_in(UserFactory(email=f"{name}@example.org"))
        phone.visit_online(page, serve_url)
        phone.close()
        page = phone.open(offline=True)
        page.goto(f"{phone.url}{serve_url}")
        for _ in range(2):
            page.locator("form[data-counter='household_returning'] button").click()
        expect(page.locator("[data-outbox-status]")).to_have_text("Offline · 2 waiting")
        pages.append(page)

    for page in pages:
        page.context.set_offline(False)
        page.evaluate("() => window.BaseworkOutbox.flush()")
    assert _wait_for(lambda: Tap.objects.count() == 4, pages[0])
    pages[0].wait_for_timeout(2000)  # any resend would have landed by now
    assert serve.taps.all().totals() == {"household_returning": 4}


def _run_for(driver, names):
    rice = ItemFactory(name="Rice")
    StockInFactory(item=rice, quantity=20)
    groceries = BagTypeFactory(name="Groceries")
    BagContentFactory(bag_type=groceries, item=rice, quantity=2)
    return [
        DeliveryRequestFactory(
            contact=ContactFactory(name=name),
            driver=driver,
            status="assigned",
            address=f"{n + 1}0 Bowdoin St",
            phone=f"617-555-010{n}",
            bag_type=groceries,
            date=timezone.localdate(),
            position=n,
        )
        for n, name in enumerate(names)
    ]


def test_the_run_opens_offline_and_a_delivered_stop_leaves_the_phone_at_once(phone_factory):
    dana = UserFactory(email="dana@example.org", display_name="Dana", is_driver=True)
    rosa, mei, jean = _run_for(dana, ["Rosa", "Mei", "Jean"])
    run_url = reverse("distribution:run")
    phone = phone_factory("dana")

    page = phone.open(offline=False)
    phone.sign_in(dana)
    phone.visit_online(page, run_url)
    assert any("10 Bowdoin St" in text for text in phone.storage(page)["cached"])
    phone.close()

    page = phone.open(offline=True)
    page.goto(f"{phone.url}{run_url}")
    expect(page.locator(".run-stop")).to_have_count(3)
    expect(page.locator("[data-kept-at]")).to_contain_text("Last brought up to date")

    rosa_stop = page.locator(".run-stop").filter(has_text="Rosa")
    rosa_stop.get_by_role("button", name="Delivered").click()
    expect(page.locator(".run-stop")).to_have_count(2)
    mei_stop = page.locator(".run-stop").filter(has_text="Mei")
    mei_stop.locator("summary").click()
    mei_stop.get_by_role("button", name="Mark as failed").click()  # no reason yet
    expect(mei_stop.locator(".field-invalid .errorlist")).to_have_text(
        "Choose why it could not be delivered."
    )
    mei_stop.get_by_label("Nobody answered").check()
    mei_stop.get_by_role("button", name="Mark as failed").click()
    expect(page.locator(".run-stop")).to_have_count(1)
    expect(page.locator("[data-outbox-status]")).to_have_text("Offline · 2 waiting")

    # Rosa's address and phone are nowhere on the phone: not in the kept run, the outbox or
    # localStorage. Jean's, still to deliver, stays for the day.
    kept = phone.storage(page)
    everything = json.dumps(kept) + json.dumps(outbox_entries(page))
    for gone in ("10 Bowdoin St", "617-555-0100", "20 Bowdoin St", "617-555-0101"):
        assert gone not in everything
    assert any("30 Bowdoin St" in text for text in kept["cached"])
    screenshot(page, "offline-run-marked")
    phone.close()

    # Closed and opened again offline: the marks wait, the stops stay off the page.
    page = phone.open(offline=True)
    page.goto(f"{phone.url}{run_url}")
    expect(page.locator(".run-stop")).to_have_count(1)
    assert [entry["fields"] for entry in outbox_entries(page)] == [{}, {"reason": "no_answer"}]
    assert DeliveryRequest.objects.get(pk=rosa.pk).status == "assigned"

    page.context.set_offline(False)
    page.evaluate("() => window.BaseworkOutbox.flush()")
    assert _wait_for(lambda: outbox_entries(page) == [], page)
    page.wait_for_timeout(1000)
    statuses = dict(DeliveryRequest.objects.values_list("pk", "status"))
    assert statuses == {rosa.pk: "delivered", mei.pk: "failed", jean.pk: "assigned"}
    assert StockMovement.objects.filter(delivery=rosa).count() == 1  # once
    assert DeliveryRequest.objects.get(pk=mei.pk).failure_reason == "no_answer"


def test_signing_out_leaves_nothing_of_the_member_on_the_phone(phone_factory):
    dana = UserFactory(email="dana@example.org", display_name="Dana", is_driver=True)
    _run_for(dana, ["Rosa"])
    phone = phone_factory("dana")
    page = phone.open(offline=False)
    phone.sign_in(dana)
    phone.visit_online(page, reverse("distribution:run"))
    page.evaluate("() => window.BaseworkOutbox.list()")  # the outbox's database exists
    before = phone.storage(page)
    assert before["cached"] and "basework" in before["databases"]

    open_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
    page.wait_for_timeout(1000)

    # The sign-in page starts the worker again, which keeps the app shell (static files, the
    # offline pages, the language to show them in: nobody's data); nothing of Dana's run.
    after = phone.storage(page)
    urls = [entry.split("\n", 1)[0].removeprefix(phone.url) for entry in after["cached"]]
    shell = ("/static/", "/offline/", "/__basework/language")  # the sign-in page's language
    assert [url for url in urls if not url.startswith(shell)] == []
    assert not any("Bowdoin" in entry or "Rosa" in entry for entry in after["cached"])
    assert "basework" not in after["databases"]
    assert "basework." not in after["local"]


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "You're offline"), ("es", "Estás sin conexión")]
)
def test_an_uncached_page_shows_the_offline_page_in_the_members_language(
    phone_factory, language, heading
):
    member = UserFactory(email="mo@example.org", display_name="Mo")
    phone = phone_factory(f"mo-{language}")
    page = phone.open(offline=False)
    phone.sign_in(member, language)
    phone.visit_online(page, reverse("dashboard:home"))
    phone.close()

    page = phone.open(offline=True)
    page.goto(f"{phone.url}{reverse('distribution:stock')}")
    expect(page.locator("h1")).to_have_text(heading)
    assert page.get_attribute("html", "lang") == language
    screenshot(page, f"offline-page-{language}")


def test_a_tap_sent_after_closing_is_offered_to_the_lead_and_added_once(phone_factory):
    lead = UserFactory(email="lena@example.org", display_name="Lena", is_lead=True)
    rice = ItemFactory(name="Rice")
    StockInFactory(item=rice, quantity=10)
    groceries = BagTypeFactory(name="Groceries", sort_order=1)
    BagContentFactory(bag_type=groceries, item=rice, quantity=2)
    serve = ServeFactory(site=SiteFactory(name="Central Square"), date=timezone.localdate())
    serve_url = reverse("distribution:serve_detail", args=[serve.pk])
    ana = UserFactory(email="ana@example.org", display_name="Ana")
    phone = phone_factory("ana")
    page = phone.open(offline=False)
    phone.sign_in(ana)
    phone.visit_online(page, serve_url)
    phone.close()

    page = phone.open(offline=True)
    page.goto(f"{phone.url}{serve_url}")
    page.locator(f"form[data-counter='bag:{groceries.pk}'] button").click()
    expect(page.locator("[data-outbox-status]")).to_have_text("Offline · 1 waiting")
    services.serve_close(serve=serve, by=lead)  # meanwhile, the lead closes the serve
    page.context.set_offline(False)
    page.evaluate("() => window.BaseworkOutbox.flush()")
    expect(page.locator("[data-sync-status]")).to_contain_text(
        "Taps sent after the serve was closed: 1. They are kept for the lead to add or discard."
    )
    assert serve.taps.all().totals() == {}
    phone.close()

    # The lead, on the closed serve's page: add it. Counts and stock change once.
    page = phone.open(offline=False)
    phone.sign_in(lead)
    page.goto(f"{phone.url}{serve_url}")
    late = page.locator(".late-taps li")
    expect(late).to_have_count(1)
    expect(late).to_contain_text("Groceries")
    late.get_by_role("button", name="Add to the counts").click()
    expect(page.locator(".messages")).to_contain_text("Added to the counts; stock is updated.")
    expect(page.locator(".late-taps")).to_have_count(0)
    assert serve.taps.all().totals() == {f"bag:{groceries.pk}": 1}
    assert StockMovement.objects.filter(serve=serve).count() == 1
    assert Item.objects.with_levels().get(pk=rice.pk).level == 8


def test_a_stop_marked_delivered_online_leaves_the_kept_run_too(phone_factory):
    dana = UserFactory(email="dana@example.org", display_name="Dana", is_driver=True)
    _run_for(dana, ["Rosa", "Mei"])
    run_url = reverse("distribution:run")
    phone = phone_factory("dana")
    page = phone.open(offline=False)
    phone.sign_in(dana)
    phone.visit_online(page, run_url)

    stop = page.locator(".run-stop").filter(has_text="Rosa")
    stop.get_by_role("button", name="Delivered").click()
    expect(page.locator(".messages")).to_contain_text("Delivered to Rosa")
    page.wait_for_timeout(1000)

    cached = " ".join(phone.storage(page)["cached"])
    assert "10 Bowdoin St" not in cached and "617-555-0100" not in cached
    assert "20 Bowdoin St" in cached  # Mei's stop, still to deliver, kept for today


def test_a_mark_made_offline_is_undone_before_and_after_it_was_sent(phone_factory, settings):
    settings.DELIVERY_UNDO_SHOWN_SECONDS = 60  # the test's waits stay inside the Undo's time
    dana = UserFactory(email="dana@example.org", display_name="Dana", is_driver=True)
    rosa, mei, _jean = _run_for(dana, ["Rosa", "Mei", "Jean"])
    run_url = reverse("distribution:run")
    phone = phone_factory("dana")
    page = phone.open(offline=False)
    phone.sign_in(dana)
    phone.visit_online(page, run_url)
    page.context.set_offline(True)
    page.goto(f"{phone.url}{run_url}")
    note = page.locator("[data-run-note]")

    # Not sent yet: the Undo takes the mark out of the outbox; nothing reaches the server.
    page.locator(".run-stop").filter(has_text="Rosa").get_by_role(
        "button", name="Delivered"
    ).click()
    expect(page.locator(".run-stop")).to_have_count(2)
    expect(note).to_contain_text("Marked delivered on this phone")
    box = note.bounding_box()
    assert box and box["y"] + box["height"] <= 740  # at the bottom edge, in sight
    note.get_by_role("button", name="Undo").click()
    expect(page.locator(".run-stop")).to_have_count(3)
    expect(note).to_have_text("Taken back: the stop is on your run again.")
    assert outbox_entries(page) == []

    # Sent meanwhile: the undo follows the mark through the outbox, and the server takes both.
    page.locator(".run-stop").filter(has_text="Mei").get_by_role("button", name="Delivered").click()
    page.context.set_offline(False)
    page.evaluate("() => window.BaseworkOutbox.flush()")
    assert _wait_for(lambda: outbox_entries(page) == [], page)
    assert _wait_for(lambda: DeliveryRequest.objects.get(pk=mei.pk).status == "delivered", page)
    note.get_by_role("button", name="Undo").click()
    expect(page.locator(".run-stop").filter(has_text="Mei")).to_have_count(1)
    assert _wait_for(lambda: DeliveryRequest.objects.get(pk=mei.pk).status == "assigned", page)
    assert _wait_for(lambda: outbox_entries(page) == [], page)
    mei.refresh_from_db()
    assert mei.address == "20 Bowdoin St"
    assert not StockMovement.objects.filter(delivery=mei).exists()
    assert DeliveryRequest.objects.get(pk=rosa.pk).status == "assigned"
