"""The reach page: per top-level base area, the contacts the serves and deliveries met beside
the grievances and the people who raised them; where each serve site's new contacts come
from; the areas and sites called out in words."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from contacts import services as contact_services
from contacts.models import BaseArea, Contact, Conversation
from distribution import reach as figures
from investigation import services as investigation_services
from investigation.ranking import ranking_changed
from tests.factories.contacts import ContactFactory, ConversationFactory
from tests.factories.distribution import (
    BagTypeFactory,
    DeliveryRequestFactory,
    ServeFactory,
    SiteFactory,
)
from tests.factories.investigation import BaseAreaFactory, GrievanceFactory

pytestmark = pytest.mark.django_db

URL = reverse("distribution:reach")
TODAY = timezone.localdate()
START, END = TODAY - timedelta(days=29), TODAY  # the page's default period: the last 30 days
LONG_AGO = TODAY - timedelta(days=40)


def area(name: str, parent=None, kind=BaseArea.Kind.BUILDING) -> BaseArea:
    return BaseAreaFactory(name=name, parent=parent, kind=kind)


def grievance(where, who, on=TODAY):
    return GrievanceFactory(base_area=where, contact=who, recorded_on=on)


def delivery(to, *, by, bag, status="delivered", on=TODAY):
    return DeliveryRequestFactory(
        contact=to,
        area=to.base_area,
        bag_type=bag,
        status=status,
        date=on,
        driver=None if status == "cancelled" else by,
        failure_reason="no_answer" if status == "failed" else "",
    )


@pytest.fixture
def planted(investigator, driver):
    """Eagle Hill holds Block 7, which holds 12 Trenton St (three levels). Four people raise
    grievances there (one of them in all three places, three times), but the distribution
    reaches two of its contacts. The serves at Plaza de la Raza meet new people from Harbor
    View and Quiet Point, where one person raised a grievance."""
    bag = BagTypeFactory(name="Groceries")
    eagle = area("Eagle Hill", kind=BaseArea.Kind.NEIGHBOURHOOD)
    block = area("Block 7", eagle, kind=BaseArea.Kind.OTHER)
    trenton = area("12 Trenton St", block)
    harbor = area("Harbor View", kind=BaseArea.Kind.NEIGHBOURHOOD)
    pier = area("Pier Building", harbor)
    quiet = area("Quiet Point", kind=BaseArea.Kind.NEIGHBOURHOOD)

    rosa = ContactFactory(name="Rosa", base_area=trenton)
    ana = ContactFactory(name="Ana", base_area=block)
    luis = ContactFactory(name="Luis", base_area=eagle)
    marta = ContactFactory(name="Marta", base_area=trenton)
    for where in (trenton, trenton, block):  # one person, three grievances, two places
        grievance(where, rosa)
    grievance(block, ana)
    grievance(eagle, luis)
    grievance(trenton, marta)
    grievance(trenton, None)  # anonymous: a grievance, nobody
    grievance(eagle, ContactFactory(name="Old"), on=LONG_AGO)  # before the period

    delivery(ana, by=driver, bag=bag)  # Eagle Hill reached: Ana
    delivery(luis, by=driver, bag=bag, status="failed")  # failed, cancelled, long ago: nobody
    delivery(marta, by=driver, bag=bag, status="cancelled")
    delivery(luis, by=driver, bag=bag, on=LONG_AGO)

    plaza = ServeFactory(site=SiteFactory(name="Plaza de la Raza"), date=TODAY)
    hall = ServeFactory(site=SiteFactory(name="Church Hall"), date=TODAY)
    for name, where in (("Pedro", pier), ("Sol", harbor), ("Lupe", quiet), ("Nadie", None)):
        investigation_services.contact_quick_add(
            by=investigator, name=name, base_area=where, serve=plaza.pk
        )
    with translation.override("es"):  # the note in Spanish: "Reparto #<id>"
        investigation_services.contact_quick_add(
            by=investigator, name="Carmen", base_area=block, serve=hall.pk
        )
    gone = investigation_services.contact_quick_add(
        by=investigator, name="Gone", base_area=pier, serve=plaza.pk
    ).contact
    contact_services.contact_forget(contact=gone, by=investigator)

    # A returning contact from Harbor View, talked with at the serve and delivered to, with a
    # grievance there: met both ways, reached once.
    tomas = ContactFactory(name="Tomás", base_area=pier, first_met="other")
    ConversationFactory(contact=tomas, held_on=TODAY, channel="serve")
    ConversationFactory(contact=tomas, held_on=TODAY, channel="phone")  # not a way
    delivery(tomas, by=driver, bag=bag)
    grievance(pier, tomas)
    return {"eagle": eagle, "harbor": harbor, "quiet": quiet, "plaza": plaza, "hall": hall}


def rows(found) -> dict[str, tuple]:
    return {
        a.name: (a.people, a.grievances, a.met_at_serves, a.reached_by_deliveries, a.reached)
        for a in found.areas
    }


def test_the_figures_roll_up_to_top_level_areas_and_count_each_person_once(planted):
    found = figures.reach(start=START, end=END)
    assert rows(found) == {
        # people, grievances, met at serves, reached by deliveries, reached
        "Eagle Hill": (4, 7, 1, 1, 2),
        "Harbor View": (1, 1, 3, 1, 3),
        "Quiet Point": (0, 0, 1, 0, 1),
    }
    assert [a.name for a in found.areas] == ["Eagle Hill", "Harbor View", "Quiet Point"]
    eagle = found.areas[0]
    assert (eagle.people_share, eagle.reach_share) == (80.0, 33.3)
    assert found.reached_without_area == 1  # Nadie, met at the serve with no base area


def test_a_forgotten_contact_is_not_reached(planted):
    assert Contact.objects.filter(forgotten_at__isnull=False).count() == 1
    found = figures.reach(start=START, end=END)
    assert rows(found)["Harbor View"][4] == 3  # Pedro, Sol, Tomás: not the forgotten one
    plaza = next(s for s in found.sites if s.name == "Plaza de la Raza")
    assert plaza.contacts == 4  # Pedro, Sol, Lupe, Nadie


def test_a_contact_met_every_way_counts_once_in_each_column_and_for_its_serve(planted, driver):
    lupe = Contact.objects.get(name="Lupe")  # first met at the Plaza serve, in Quiet Point
    for _ in range(2):
        ConversationFactory(contact=lupe, held_on=TODAY, channel="serve")
        ConversationFactory(contact=lupe, held_on=TODAY, channel="delivery")
        delivery(lupe, by=driver, bag=BagTypeFactory())
    found = figures.reach(start=START, end=END)
    assert rows(found)["Quiet Point"] == (0, 0, 1, 1, 1)
    plaza = next(s for s in found.sites if s.name == "Plaza de la Raza")
    assert (plaza.contacts, plaza.from_quiet_areas) == (4, 3)


def test_the_grievance_figures_are_the_rolled_up_rankings(planted):
    from investigation import ranking

    ranked = {
        row["key_name"]: (row["contacts"], row["grievances"])
        for row in ranking.sites_of_struggle(
            by="base_area", start=START, end=END, previous_start=START - timedelta(days=30)
        )
    }
    found = figures.reach(start=START, end=END)
    assert {a.name: (a.people, a.grievances) for a in found.areas if a.grievances} == ranked


def test_the_serve_sites_say_where_their_new_contacts_come_from(planted):
    found = figures.reach(start=START, end=END)
    sites = {s.name: (s.contacts, s.with_area, s.from_quiet_areas) for s in found.sites}
    assert sites == {"Plaza de la Raza": (4, 3, 3), "Church Hall": (1, 1, 0)}
    assert [s.name for s in found.sites_in_quiet_areas] == ["Plaza de la Raza"]
    assert [a.name for a in found.under_reached] == ["Eagle Hill"]


def test_the_rules_hold_at_their_edges():
    at = {"at_least": 3}
    assert figures.under_reached(people=3, people_total=6, reached=1, reached_total=5, **at)
    assert not figures.under_reached(people=3, people_total=6, reached=3, reached_total=12, **at)
    assert not figures.under_reached(people=2, people_total=2, reached=0, reached_total=9, **at)
    assert figures.under_reached(people=3, people_total=3, reached=0, reached_total=0, **at)
    assert figures.mostly_from_quiet_areas(with_area=3, from_quiet_areas=2, **at)
    assert not figures.mostly_from_quiet_areas(with_area=4, from_quiet_areas=2, **at)
    assert not figures.mostly_from_quiet_areas(with_area=2, from_quiet_areas=2, **at)


def test_the_page_calls_out_areas_and_sites_in_words(as_member, planted):
    response = as_member.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Eagle Hill: 4 people with grievances, 2 reached by the distribution." in page
    assert (
        "Plaza de la Raza: most of its contacts come from areas with few grievances (3 of the "
        "3 contacts with a base area first met at its serves)."
    ) in page
    assert "at least 3 people raised grievances there" in page  # the rule, said once
    assert "80.0 %" in page and "33.3 %" in page
    for name in ("Rosa", "Ana", "Luis", "Pedro", "Tomás", "Carmen"):
        assert name not in page  # places only


def test_the_page_speaks_spanish(as_member, member, planted):
    member.language = "es"
    member.save(update_fields=["language"])
    page = as_member.get(URL).content.decode()
    assert "Eagle Hill: 4 personas con quejas, 2 alcanzadas por la distribución." in page
    assert (
        "Plaza de la Raza: la mayoría de sus contactos vienen de áreas con pocas quejas (3 de "
        "los 3 contactos con área de base conocidos por primera vez en sus repartos)."
    ) in page
    assert "80,0 %" in page


def test_a_period_over_ten_years_is_refused_beside_the_field(as_member, member):
    data = {"period": "custom", "start": "2001-01-01", "end": "2025-01-01"}
    response = as_member.get(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["start"] == ["Pick a period of at most ten years."]
    page = response.content.decode()
    assert 'value="2001-01-01"' in page and 'value="2025-01-01"' in page  # what was typed
    assert response.context["choice"]["end"] == TODAY  # the default period is shown instead

    member.language = "es"
    member.save(update_fields=["language"])
    response = as_member.get(URL, data)
    assert response.context["form"].errors["start"] == [
        "Elige un periodo de diez años como máximo."
    ]


def test_a_chosen_period_is_read(as_member, planted):
    yesterday = TODAY - timedelta(days=1)
    response = as_member.get(
        URL, {"period": "custom", "start": LONG_AGO.isoformat(), "end": yesterday.isoformat()}
    )
    found = response.context["reach"]
    assert (found.start, found.end) == (LONG_AGO, yesterday)
    assert rows(found) == {"Eagle Hill": (1, 1, 0, 1, 1)}  # the old grievance and delivery


def test_members_read_it_drivers_and_strangers_do_not(as_member, as_driver, client):
    assert as_member.get(URL).status_code == 200
    assert as_driver.get(URL).status_code == 403
    assert client.get(URL).status_code == 302  # to sign in


def test_it_is_linked_from_the_sites_of_struggle_and_the_serves(as_member, as_driver):
    sites = as_member.get(reverse("investigation:sites_of_struggle")).content.decode()
    assert f'href="{URL}?period=custom&amp;start=' in sites
    assert f'href="{URL}"' in as_member.get(reverse("distribution:serve_list")).content.decode()
    assert URL not in as_driver.get(reverse("distribution:serve_list")).content.decode()


def _more(n: int, *, by, bag) -> None:
    """More of everything: areas three levels deep, grievances, contacts met both ways."""
    for i in range(n):
        top = area(f"Hood {n}-{i}", kind=BaseArea.Kind.NEIGHBOURHOOD)
        leaf = area(f"Building {n}-{i}", area(f"Block {n}-{i}", top))
        person = ContactFactory(base_area=leaf, first_met="serve", first_met_on=TODAY)
        Contact.objects.filter(pk=person.pk).update(first_met_note=f"Serve #{i + 1}")
        grievance(leaf, person)
        ConversationFactory(contact=person, held_on=TODAY, channel=Conversation.Channel.SERVE)
        delivery(person, by=by, bag=bag)


def _page_queries(client) -> int:
    cache.clear()  # the figures computed afresh
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_queries_do_not_grow_with_the_data(
    as_member, planted, driver, django_assert_max_num_queries, django_assert_num_queries
):
    bag = BagTypeFactory(name="Hygiene kit")
    # The area tree, the ranking's base areas (its tree and its aggregate: not cached yet), the
    # contacts met, the serves.
    cache.clear()
    with django_assert_num_queries(5):
        figures.reach(start=START, end=END)
    few = _page_queries(as_member)
    assert few <= 10  # the session (and its save), the member, the figures

    _more(30, by=driver, bag=bag)
    cache.clear()
    with django_assert_num_queries(5):
        found = figures.reach(start=START, end=END)
    assert len(found.areas) == 33 and len(found.sites) == 2
    cache.clear()
    with django_assert_max_num_queries(few):
        as_member.get(URL)
    with django_assert_max_num_queries(2):  # the session and the member: figures from the cache
        as_member.get(URL)


def test_place_names_are_escaped_in_the_call_outs(as_member):
    hood = area("<b>Eagle</b> Hill", kind=BaseArea.Kind.NEIGHBOURHOOD)
    for name in ("A", "B", "C"):
        grievance(hood, ContactFactory(name=name, base_area=hood))
    page = as_member.get(URL).content.decode()
    assert "&lt;b&gt;Eagle&lt;/b&gt; Hill: 3 people with grievances, 0 reached" in page
    assert "<b>Eagle</b>" not in page


def test_beats_refresh_leaves_the_default_figures_for_the_page(as_member, planted, settings):
    """Beat computes the page's default period again before its figures are REACH_SECONDS
    old, so a member opening the page finds them computed: no query of the figures."""
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-reach"]
    assert entry["task"] == "distribution.tasks.refresh_reach"
    assert 0 < entry["schedule"] < figures.REACH_SECONDS
    cache.clear()
    found = figures.refresh()
    assert (found.start, found.end) == (START, END)
    with CaptureQueriesContext(connection) as captured:
        page = as_member.get(URL)
    read = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("investigation_grievance", "contacts_conversation", "distribution_serve"):
        assert f'"{table}"' not in read
    assert rows(page.context["reach"]) == rows(figures.reach(start=START, end=END))

    # A grievance since: the next refresh counts it, though the figures were still cached.
    grievance(planted["quiet"], ContactFactory(name="Nuevo"))
    ranking_changed()  # as the services that record grievances do
    assert rows(figures.refresh())["Quiet Point"][0] == rows(found)["Quiet Point"][0] + 1
    assert rows(as_member.get(URL).context["reach"]) == rows(figures.refresh())
