"""A site of struggle ready for turnout texts: a popular committee (a campaign) at a base
area against a landlord, its meeting, and contacts who raised grievances there, each with a
different answer to "may we text you about organizing?"."""

from dataclasses import dataclass, field
from datetime import date

from contacts.models import BaseArea, Contact
from investigation.models import Antagonist, CampaignAction
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    CampaignFactory,
    GrievanceFactory,
)
from texting import services
from texting.models import TextConsent


@dataclass
class Site:
    area: object
    landlord: object
    campaign: object
    meeting: CampaignAction
    people: dict[str, Contact] = field(default_factory=dict)


def site_contact(site: Site, name: str, *, phone="", language="en", organizing=None, **extra):
    """A contact who raised a grievance at the site; `organizing` True / False records their
    consent (False: reminders only), None records nothing; opted_out=True opts them out."""
    contact = ContactFactory(name=name, phone=phone, language=language)
    GrievanceFactory(contact=contact, base_area=site.area, antagonist=site.landlord)
    if organizing is not None:
        services.consent_record(
            contact=contact, by=None, reminders=True, organizing=organizing, language=language
        )
    if extra.get("opted_out"):
        services.opt_out_record(contact=contact, by=None, via=TextConsent.Via.ORGANIZER)
    site.people[name] = contact
    return contact


def turnout_site(*, people=True) -> Site:
    # Built again by tests that build every route's object: the same place and landlord.
    area = BaseArea.objects.filter(name="12 Elm St").first() or BaseAreaFactory(name="12 Elm St")
    landlord = Antagonist.objects.filter(name="Winn Management").first() or AntagonistFactory(
        name="Winn Management"
    )
    campaign = CampaignFactory(name="Elm St Tenants", base_area=area, antagonist=landlord)
    meeting = CampaignAction.objects.create(
        campaign=campaign, kind=CampaignAction.Kind.MEETING, held_on=date(2026, 12, 10)
    )
    site = Site(area=area, landlord=landlord, campaign=campaign, meeting=meeting)
    if people:
        site_contact(site, "Rosa Díaz", phone="+16175550101", language="es", organizing=True)
        site_contact(site, "Ana Lee", phone="+16175550102", language="en", organizing=True)
        site_contact(site, "Bea Cruz", phone="+16175550103", organizing=True, opted_out=True)
        site_contact(site, "Carl Ng", phone="+16175550104", organizing=False)
        site_contact(site, "Dee Park", phone="+16175550105")
        site_contact(site, "Eli Moss", organizing=True)
        # Consenting, but at another site: never on this list.
        elsewhere = ContactFactory(name="Fay Wu", phone="+16175550106", language="en")
        GrievanceFactory(contact=elsewhere, base_area=BaseAreaFactory(name="Far Rd"))
        services.consent_record(
            contact=elsewhere, by=None, reminders=True, organizing=True, language="en"
        )
    return site


def turnout_draft(site: Site, by, **fields):
    """A draft of turnout texts for the site's meeting, with the default texts."""
    from texting import turnout

    values = {
        "base_area": site.area,
        "antagonist": site.landlord,
        "title": "Tenants' meeting",
        "template_en": turnout.default_template("en"),
        "template_es": turnout.default_template("es"),
    }
    return turnout.turnout_save(by=by, action=site.meeting, **{**values, **fields})
