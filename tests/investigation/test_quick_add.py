"""The serve table's quick-add page: a contact, a conversation and up to two grievances."""

import pytest
from django.urls import reverse

from contacts.models import Contact, Conversation
from investigation.models import Antagonist, Grievance
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import AntagonistFactory, BaseAreaFactory, category

pytestmark = pytest.mark.django_db

URL = reverse("quick_add:add")


def _post(client, **fields):
    data = {"language": "es", "g1_severity": "2", "g2_severity": "2"} | fields
    return client.post(URL + "?serve=12", data)


def test_the_url_name_is_stable_and_carries_the_serve(as_investigator):
    assert URL == "/contacts/quick-add/"
    response = as_investigator.get(URL, {"serve": "12"})
    assert response.status_code == 200
    assert 'name="serve" value="12"' in response.content.decode()


def test_one_form_records_contact_conversation_and_two_grievances(as_investigator, investigator):
    area = BaseAreaFactory(name="Maverick Sq")
    landlord = AntagonistFactory(name="Harborview Property Management")
    response = _post(
        as_investigator,
        name="Rosa",
        phone="617-555-0142",
        consent="on",
        base_area=area.pk,
        summary="Heat out two weeks, neighbours too",
        serve="12",
        g1_category=category("Repairs").pk,
        g1_antagonist="harborview property management",
        g1_description="No heat",
        g1_severity="3",
        g2_category=category("Rent").pk,
        g2_antagonist="Mystic Realty",
        g2_description="Rent up $300",
    )
    assert response.status_code == 302
    assert response["Location"] == URL + "?serve=12"
    rosa = Contact.objects.get()
    assert (rosa.name, rosa.phone, rosa.language, rosa.base_area) == (
        "Rosa",
        "617-555-0142",
        "es",
        area,
    )
    assert rosa.first_met == "serve" and rosa.first_met_note == "Serve #12"
    assert rosa.consent_recorded_by == investigator
    conversation = Conversation.objects.get()
    assert (conversation.contact, conversation.channel, conversation.summary) == (
        rosa,
        "serve",
        "Heat out two weeks, neighbours too",
    )
    grievances = Grievance.objects.order_by("id")
    assert [
        (g.category.name, g.antagonist.name, g.severity, g.contact, g.base_area) for g in grievances
    ] == [
        ("Repairs", landlord.name, 3, rosa, area),
        ("Rent", "Mystic Realty", 2, rosa, area),
    ]
    assert Antagonist.objects.count() == 2  # matched Harborview, created Mystic Realty


def test_a_name_alone_is_enough(as_investigator):
    response = _post(as_investigator, name="Don Tomás")
    assert response.status_code == 302
    assert Contact.objects.get().name == "Don Tomás"
    assert Conversation.objects.count() == 0 and Grievance.objects.count() == 0


def _known_phone_post(client, area, **fields):
    return _post(
        client,
        name="Rosita",
        phone="(617) 555 0142",
        summary="Heat out",
        base_area=area.pk,
        g1_category=category("Repairs").pk,
        g1_description="No heat since Monday",
        **fields,
    )


def test_a_known_phone_asks_who_this_is_and_files_nothing(as_investigator):
    area = BaseAreaFactory()
    ContactFactory(name="Luis (abuela) Pérez", phone="617-555-0142")
    response = _known_phone_post(as_investigator, area)
    assert response.status_code == 200
    assert Contact.objects.count() == 1
    assert Grievance.objects.count() == 0 and Conversation.objects.count() == 0
    body = response.content.decode()
    assert "The same person as Luis" in body and "abuela" not in body  # first name only
    assert "Someone else sharing this phone" in body
    assert 'value="Rosita"' in body and "No heat since Monday" in body  # all typed is kept
    assert response.context["form"].errors["same_as"]


def test_the_same_person_adds_to_their_record(as_investigator):
    area = BaseAreaFactory()
    luis = ContactFactory(name="Luis", phone="617-555-0142")
    response = _known_phone_post(as_investigator, area, same_as=str(luis.pk))
    assert response.status_code == 302
    assert Contact.objects.count() == 1
    assert Grievance.objects.get().contact == luis
    assert Conversation.objects.get().contact == luis


def test_someone_else_sharing_the_phone_is_a_new_contact_with_the_phone(as_investigator):
    area = BaseAreaFactory()
    luis = ContactFactory(name="Luis", phone="617-555-0142")
    response = _known_phone_post(as_investigator, area, same_as="new")
    assert response.status_code == 302
    rosita = Contact.objects.exclude(pk=luis.pk).get()
    assert (rosita.name, rosita.phone, rosita.shares_phone) == ("Rosita", "(617) 555 0142", True)
    assert rosita.phone_hash == luis.phone_hash
    assert Grievance.objects.get().contact == rosita
    # A third person on that phone: both are offered, the first one recorded first.
    response = _known_phone_post(as_investigator, area)
    assert [pk for pk, _ in response.context["form"].phone_holders] == [
        str(luis.pk),
        str(rosita.pk),
    ]


def test_a_choice_of_a_contact_without_that_phone_asks_again(as_investigator):
    area = BaseAreaFactory()
    ContactFactory(name="Luis", phone="617-555-0142")
    other = ContactFactory(name="Marta", phone="617-555-0999")
    response = _known_phone_post(as_investigator, area, same_as=str(other.pk))
    assert response.status_code == 200
    assert Grievance.objects.count() == 0
    assert "Marta" not in response.content.decode()


def test_the_database_still_refuses_two_contacts_claiming_one_phone_alone():
    from django.db import IntegrityError, transaction

    ContactFactory(name="Luis", phone="617-555-0142")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(name="Rosa", phone="617-555-0142")
    ContactFactory(name="Rosa", phone="617-555-0142", shares_phone=True)  # said to share it
    assert Contact.objects.count() == 2


def test_a_grievance_without_a_base_area_is_explained_and_nothing_saved(as_investigator):
    response = _post(
        as_investigator,
        name="Rosa",
        summary="talked",
        g1_category=category("Repairs").pk,
        g1_description="No heat",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["base_area"] == ["A grievance needs a base area."]
    body = response.content.decode()
    assert 'value="Rosa"' in body and "No heat" in body  # what was typed is kept
    assert Contact.objects.count() == 0


def test_a_grievance_without_a_category_is_explained(as_investigator):
    response = _post(as_investigator, name="Rosa", g2_description="landlord yells")
    assert response.context["form"].errors["g2_category"] == ["Pick what the grievance is about."]


def test_the_quick_add_moves_the_ranking(as_investigator):
    area = BaseAreaFactory(name="Maverick Sq")
    ranking = reverse("investigation:sites_of_struggle") + "?by=base_area&threshold=1"
    assert as_investigator.get(ranking).context["rows"] == []
    _post(
        as_investigator,
        name="Rosa",
        base_area=area.pk,
        g1_category=category("Repairs").pk,
        g2_category=category("Rent").pk,
    )
    [row] = as_investigator.get(ranking).context["rows"]
    assert (row["key_name"], row["grievances"], row["contacts"]) == ("Maverick Sq", 2, 1)


def test_the_quick_add_page_runs_a_fixed_number_of_queries(as_investigator):
    from tests.contacts.queries import assert_fixed_queries

    assert_fixed_queries(
        as_investigator,
        URL,
        add_rows=lambda n: (BaseAreaFactory.create_batch(n), AntagonistFactory.create_batch(n)),
        pin=8,
    )


def test_a_driver_cannot_quick_add(as_driver):
    assert _post(as_driver, name="Rosa").status_code == 403
    assert Contact.objects.count() == 0
