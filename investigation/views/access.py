from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from investigation.models import Antagonist, BaseArea, Campaign, Demand, Grievance

# Only members whose roles grant VIEW_GRIEVANCES (investigators, coordinators) reach these
# lookups (see each view's @require): drivers and leads never see a grievance record.


def _get_base_area_for_user(request: HttpRequest, pk: int) -> BaseArea:
    return get_object_or_404(BaseArea.objects.select_related("parent"), pk=pk)


def _get_antagonist_for_user(request: HttpRequest, pk: int) -> Antagonist:
    return get_object_or_404(Antagonist, pk=pk)


def _get_grievance_for_user(request: HttpRequest, pk: int) -> Grievance:
    return get_object_or_404(
        Grievance.objects.select_related(
            "base_area", "category", "antagonist", "contact", "recorded_by"
        ),
        pk=pk,
    )


def _get_campaign_for_user(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("base_area", "antagonist"), pk=pk)


def _get_demand_for_user(request: HttpRequest, campaign: Campaign, pk: int) -> Demand:
    return get_object_or_404(Demand, campaign=campaign, pk=pk)
