"""Journey: on a 360×740 phone, a lead opens tonight's serve, follows "Print for tonight"
(the suggested copies come from the last serves at the site), gets the bilingual PDF, then
counts a few handouts given out in each language; in Spanish the count page reads in Spanish;
the week's summation shows the copies given out."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.weeks import Week
from distribution.models import Serve
from summations import services as summations
from summations.models import Summation
from tests.browser.journeys.steps import arrive, fits_the_width, sign_in, switch_language
from tests.factories.distribution import ServeFactory, TapFactory
from tests.factories.handouts import handout_with_current

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lead_prints_tonights_handouts_and_counts_them_at_the_serve(
    browser_page, live_server, organizer, tonight, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = browser_page
    serve = tonight["serve"]
    handout = handout_with_current(by=organizer)
    last_week = ServeFactory(
        site=serve.site, date=serve.date - timezone.timedelta(days=7), status=Serve.Status.CLOSED
    )
    for _ in range(6):
        TapFactory(serve=last_week)

    sign_in(page, live_server, organizer)
    page.goto(f"{live_server.url}{reverse('distribution:serve_detail', args=[serve.pk])}")
    page.get_by_role("link", name="Print for tonight").click()
    page.wait_for_url(f"**/handouts/serves/{serve.pk}/print/")
    arrive(page)
    assert fits_the_width(page)
    expect(page.locator("main")).to_contain_text("Suggested: 6 copies")
    expect(page.locator("main")).to_contain_text("print 2 sheets")
    pdf_url = page.get_by_role("link", name="Both languages").get_attribute("href")
    answer = page.request.get(f"{live_server.url}{pdf_url}")
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"

    # At the table: two in Spanish, one in English.
    page.goto(f"{live_server.url}{reverse('handouts:serve_count', args=[serve.pk])}")
    arrive(page)
    for language in ("es", "es", "en"):
        page.locator(f"form[data-counter='handout:{handout.pk}:{language}'] button").click()
    expect(page.locator("[data-sync-status]")).to_have_attribute("data-pending", "0")
    assert serve.handout_taps.all().totals() == {
        f"handout:{handout.pk}:es": 2,
        f"handout:{handout.pk}:en": 1,
    }

    switch_language(page, "Español")
    arrive(page)
    expect(page.locator("h1")).to_have_text("Volantes entregados")
    expect(page.locator(f"form[data-counter='handout:{handout.pk}:es'] [data-total]")).to_have_text(
        "2"
    )

    # The week's summation reports them.
    week = Week.of(serve.date)
    summations.summation_build_now(week=week)
    summation = Summation.objects.get(year=week.year, week=week.week)
    page.goto(f"{live_server.url}{reverse('summations:detail', args=[summation.pk])}")
    arrive(page)
    expect(page.locator("main")).to_contain_text("Volantes entregados")
    expect(page.locator("main")).to_contain_text("Nuestros puntos de unidad")
