from django.urls import path

from investigation.views import base_areas, campaigns, grievances, sites

app_name = "investigation"

urlpatterns = [
    path("sites-of-struggle/", sites.sites_of_struggle, name="sites_of_struggle"),
    path("grievances/", grievances.grievance_list, name="grievance_list"),
    path("grievances/new/", grievances.grievance_create, name="grievance_create"),
    path("grievances/import/", grievances.grievance_import, name="grievance_import"),
    path(
        "grievances/import/sample.csv",
        grievances.grievance_import_sample,
        name="grievance_import_sample",
    ),
    path("grievances/<int:pk>/", grievances.grievance_detail, name="grievance_detail"),
    path("grievances/<int:pk>/edit/", grievances.grievance_edit, name="grievance_edit"),
    path("categories/", base_areas.category_list, name="category_list"),
    path("categories/new/", base_areas.category_edit, name="category_create"),
    path("categories/<int:pk>/", base_areas.category_edit, name="category_edit"),
    path("base-areas/", base_areas.base_area_list, name="base_area_list"),
    path("base-areas/new/", base_areas.base_area_edit, name="base_area_create"),
    path("base-areas/import/", base_areas.base_area_import, name="base_area_import"),
    path(
        "base-areas/import/sample.csv",
        base_areas.base_area_import_sample,
        name="base_area_import_sample",
    ),
    path("base-areas/<int:pk>/", base_areas.base_area_detail, name="base_area_detail"),
    path("base-areas/<int:pk>/edit/", base_areas.base_area_edit, name="base_area_edit"),
    path("base-areas/<int:pk>/notes/new/", base_areas.base_area_note_create, name="note_create"),
    path("antagonists/", base_areas.antagonist_list, name="antagonist_list"),
    path("antagonists/new/", base_areas.antagonist_edit, name="antagonist_create"),
    path("antagonists/<int:pk>/", base_areas.antagonist_edit, name="antagonist_edit"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/people/", campaigns.campaign_people, name="campaign_people"),
    path("campaigns/<int:pk>/demands/new/", campaigns.demand_edit, name="demand_create"),
    path("campaigns/<int:pk>/demands/<int:demand_pk>/", campaigns.demand_edit, name="demand_edit"),
    path(
        "campaigns/<int:pk>/actions/new/",
        campaigns.campaign_action_create,
        name="campaign_action_create",
    ),
]

# Quick add at a serve (a contact, what they said, their grievances): config/urls.py serves it at
# /contacts/quick-add/ in its own namespace, quick_add:add.
quick_add_urlpatterns = [
    path("", grievances.quick_add, name="add"),
]
