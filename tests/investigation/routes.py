"""Every page of contacts and investigation (quick add included), walked from the URL resolver,
with a fixture that turns each route into a concrete URL pointing at a real object."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories.contacts import ContactFactory
from tests.factories.investigation import AntagonistFactory, CampaignFactory, GrievanceFactory


def _routes():
    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and top.namespace in (
            "contacts",
            "investigation",
            "quick_add",
        ):
            for entry in top.url_patterns:
                if isinstance(entry, URLPattern):
                    path = "/" + str(top.pattern) + str(entry.pattern)
                    yield f"{top.namespace}:{entry.name}", path


ROUTES = sorted(set(_routes()))


@pytest.fixture
def urls():
    """A concrete URL for every route, pointing at a real object."""
    from tests.factories.contacts import ConversationFactory, development_level

    contact = ContactFactory(name="Rosa")
    grievance = GrievanceFactory(contact=contact)
    campaign = CampaignFactory(base_area=grievance.base_area)
    demand = campaign.demands.create(text="Fix the heat")
    objects = {
        "contact": contact.pk,
        "conversation": ConversationFactory(contact=contact).pk,
        "level": development_level("Advanced").pk,
        "grievance": grievance.pk,
        "category": grievance.category_id,
        "base_area": grievance.base_area_id,
        "antagonist": AntagonistFactory().pk,
        "campaign": campaign.pk,
    }
    kinds = {
        "follow_up_done": "conversation",
        "level_edit": "level",
        "grievance_detail": "grievance",
        "grievance_edit": "grievance",
        "category_edit": "category",
        "antagonist_edit": "antagonist",
    }

    def url_for(name: str, path: str) -> str:
        """The concrete URL of route `name` (pattern `path`)."""
        namespace, short = name.split(":")
        if "<int:pk>" not in path:
            return path
        if short in kinds:
            kind = kinds[short]
        elif short.startswith(("base_area", "note")):
            kind = "base_area"
        elif short.startswith(("campaign", "demand")):
            kind = "campaign"
        else:
            kind = "contact"
        kwargs = {"pk": objects[kind]}
        if "<int:demand_pk>" in path:
            kwargs["demand_pk"] = demand.pk
        return reverse(name, kwargs=kwargs)

    url_for.objects = {
        "contact": contact,
        "grievance": grievance,
        "campaign": campaign,
        "demand": demand,
    }
    return url_for
