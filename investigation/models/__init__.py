"""Investigation: social investigation and class analysis (SICA).

A base area is a concretely bounded place where people can be organized: a neighbourhood, a
building, a workplace, a school. Contacts are tied to base areas; the grievances raised there,
and the antagonists they are raised against, show where the organization should put its
strength. Where grievances concentrate, a campaign (a popular committee) draws up a program of
demands answering them and logs the actions taken to win them."""

from investigation.models.campaigns import (  # noqa: F401
    Campaign,
    CampaignAction,
    CampaignActionQuerySet,
    CampaignQuerySet,
    Demand,
    DemandQuerySet,
)
from investigation.models.grievances import (  # noqa: F401
    Grievance,
    GrievanceCategory,
    GrievanceCategoryQuerySet,
    GrievanceQuerySet,
)
from investigation.models.places import (  # noqa: F401
    Antagonist,
    AntagonistQuerySet,
    InvestigationNote,
    base_areas_for_list,
)
