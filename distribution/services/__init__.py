"""Writes on distribution: serves and their counters, shifts, stock, money and deliveries.

Every function here is the one way its change is made. Multi-row writes run in a transaction;
notices (core.notices) go out through Celery after the transaction commits."""

from distribution.services.common import (  # noqa: F401
    SCHEDULE_WEEKS_AHEAD,
    DeliveryChanged,
    ServeClosed,
    StockShortfall,
)
from distribution.services.deliveries import (  # noqa: F401
    AssignOutcome,
    deliveries_erase_addresses,
    delivery_assign,
    delivery_cancel,
    delivery_mark_delivered,
    delivery_mark_failed,
    delivery_mark_undo,
    delivery_reopen,
    delivery_request_create,
    delivery_request_update,
    delivery_requeue,
    delivery_run_finish,
    delivery_run_start,
    delivery_unassign,
    driver_coverage_set,
)
from distribution.services.notices import (  # noqa: F401
    delivery_assignment_notify,
    shift_remind,
    shift_reminders_send,
)
from distribution.services.serves import (  # noqa: F401
    lock_open_serve,
    schedule_save,
    serve_close,
    serve_late_tap_decide,
    serve_tap,
    serve_tap_late,
    serve_undo,
    serve_update_notes,
    serves_schedule_ahead,
    undo_last_count,
)
from distribution.services.shifts import (  # noqa: F401
    serve_check_in,
    shift_cancel,
    shift_cancellation_notify,
    shift_check_in,
    shift_check_out,
    shift_sign_up,
)
from distribution.services.stock import (  # noqa: F401
    bag_type_save,
    donation_record,
    purchase_record,
    reimbursement_record,
    stock_adjust,
    stock_carry_forward,
)
