"""Writes on committees: groups and their members, spokes, meetings, proposals and decisions,
action items and weekly reports. Who may call each one is checked by the views' lookups
(`committees.views.access`); the rules about *what* may be recorded live here and in
`committees.rules`, and a write they forbid raises `Refused` with a message for the member."""

from committees.services.common import Refused  # noqa: F401
from committees.services.decisions import (  # noqa: F401
    decision_record_at_meeting,
    decision_record_by_lead,
    mandate_set,
    proposal_create,
)
from committees.services.groups import (  # noqa: F401
    membership_add,
    membership_remove,
    membership_set_lead,
    spoke_elect,
    spoke_recall,
    working_group_create,
    working_group_update,
)
from committees.services.meetings import (  # noqa: F401
    agenda_item_add,
    agenda_item_remove,
    meeting_notice_deliver,
    meeting_record_attendance,
    meeting_schedule,
    meeting_send_notice,
    meeting_update,
)
from committees.services.work import (  # noqa: F401
    action_item_assigned_notify,
    action_item_create,
    action_item_set_status,
    action_item_update,
    action_items_send_due_notices,
    weekly_report_save,
)
