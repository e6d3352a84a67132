from django.urls import path

from committees.views import action_items, decisions, groups, meetings

app_name = "committees"

urlpatterns = [
    # Working groups, spokes, the two organization-wide bodies
    path("", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create, name="group_create"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/members/", groups.group_members, name="group_members"),
    path("groups/<int:pk>/spokes/elect/", groups.spoke_elect, name="spoke_elect"),
    path("groups/<int:pk>/decide/", groups.lead_decision, name="lead_decision"),
    path("groups/<int:pk>/reports/<str:iso_week>/", groups.weekly_report, name="weekly_report"),
    path("memberships/<int:pk>/lead/", groups.membership_set_lead, name="membership_set_lead"),
    path("memberships/<int:pk>/remove/", groups.membership_remove, name="membership_remove"),
    path("spokes/<int:pk>/recall/", groups.spoke_recall, name="spoke_recall"),
    path("spokes-council/", groups.spokes_council, name="spokes_council"),
    path("general-body/", groups.general_body, name="general_body"),
    # Meetings
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/notice/", meetings.meeting_notice, name="meeting_notice"),
    path("meetings/<int:pk>/agenda/add/", meetings.agenda_item_add, name="agenda_item_add"),
    path("agenda/<int:pk>/remove/", meetings.agenda_item_remove, name="agenda_item_remove"),
    path("agenda/<int:pk>/decide/", meetings.meeting_decide, name="meeting_decide"),
    # Proposals and decisions
    path("decisions/", decisions.decision_log, name="decision_log"),
    path("proposals/", decisions.proposal_list, name="proposal_list"),
    path("proposals/new/", decisions.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", decisions.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/mandate/", decisions.mandate_set, name="mandate_set"),
    # Action items
    path("action-items/", action_items.action_item_list, name="action_item_list"),
    path("action-items/new/", action_items.action_item_create, name="action_item_create"),
    path("action-items/<int:pk>/", action_items.action_item_detail, name="action_item_detail"),
    path("action-items/<int:pk>/edit/", action_items.action_item_edit, name="action_item_edit"),
    path(
        "action-items/<int:pk>/status/", action_items.action_item_status, name="action_item_status"
    ),
]
