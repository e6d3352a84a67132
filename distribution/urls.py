from django.urls import path, register_converter

from distribution.views import deliveries, money, reach, runs, serves, setup, stock
from distribution.views.common import RunDayConverter

register_converter(RunDayConverter, "runday")

app_name = "distribution"

urlpatterns = [
    # Serves and volunteers
    path("serves/", serves.serve_list, name="serve_list"),
    path("serves/today/", serves.serve_today, name="serve_today"),
    path("serves/<int:pk>/", serves.serve_detail, name="serve_detail"),
    path("serves/<int:pk>/tap/", serves.serve_tap, name="serve_tap"),
    path("serves/<int:pk>/undo/", serves.serve_undo, name="serve_undo"),
    path("serves/<int:pk>/totals/", serves.serve_totals, name="serve_totals"),
    path("serves/<int:pk>/notes/", serves.serve_notes, name="serve_notes"),
    path("serves/<int:pk>/close/", serves.serve_close, name="serve_close"),
    path("serves/<int:pk>/late/<int:late_pk>/", serves.serve_late_tap, name="serve_late_tap"),
    path("serves/<int:pk>/sign-up/", serves.serve_sign_up, name="serve_sign_up"),
    path("serves/<int:pk>/check-in/", serves.serve_check_in, name="serve_check_in"),
    path("shifts/<int:pk>/cancel/", serves.shift_cancel, name="shift_cancel"),
    path("shifts/<int:pk>/check-in/", serves.shift_check_in, name="shift_check_in"),
    path("shifts/<int:pk>/check-out/", serves.shift_check_out, name="shift_check_out"),
    # Setup
    path("setup/", setup.setup, name="setup"),
    path("setup/sites/new/", setup.site_form, name="site_create"),
    path("setup/sites/<int:pk>/", setup.site_form, name="site_edit"),
    path("setup/schedules/new/", setup.schedule_form, name="schedule_create"),
    path("setup/schedules/<int:pk>/", setup.schedule_form, name="schedule_edit"),
    path("setup/bag-types/new/", setup.bag_type_form, name="bag_type_create"),
    path("setup/bag-types/<int:pk>/", setup.bag_type_form, name="bag_type_edit"),
    # Stock
    path("stock/", stock.stock, name="stock"),
    path("stock/items/new/", stock.item_create, name="item_create"),
    path("stock/items/<int:pk>/", stock.item_detail, name="item_detail"),
    path("stock/adjust/", stock.stock_adjust, name="stock_adjust"),
    # Money
    path("money/", money.cash, name="cash"),
    path("money/donations/", money.donation_list, name="donation_list"),
    path("money/donations/new/", money.donation_create, name="donation_create"),
    path("money/purchases/", money.purchase_list, name="purchase_list"),
    path("money/purchases/new/", money.purchase_create, name="purchase_create"),
    path("money/reimbursements/new/", money.reimbursement_create, name="reimbursement_create"),
    # Deliveries: the lead's board
    path("deliveries/", deliveries.delivery_board, name="delivery_board"),
    path("deliveries/new/", deliveries.delivery_create, name="delivery_create"),
    path("deliveries/<int:pk>/", deliveries.delivery_detail, name="delivery_detail"),
    path("deliveries/<int:pk>/cancel/", deliveries.delivery_cancel, name="delivery_cancel"),
    path("deliveries/<int:pk>/unassign/", deliveries.delivery_unassign, name="delivery_unassign"),
    path("deliveries/<int:pk>/requeue/", deliveries.delivery_requeue, name="delivery_requeue"),
    path("deliveries/<int:pk>/reopen/", deliveries.delivery_reopen, name="delivery_reopen"),
    # The driver's run
    path("run/", runs.run, name="run"),
    path("run/sign-up/", runs.run_sign_up, name="run_sign_up"),
    path("run/coverage/", runs.coverage, name="coverage"),
    path("run/<runday:day>/", runs.run, name="run_day"),
    path("run/<runday:day>/sheet.pdf", runs.run_sheet, name="run_sheet"),
    path("run/<runday:day>/start/", runs.run_start, name="run_start"),
    path("run/<runday:day>/finish/", runs.run_finish, name="run_finish"),
    path("run/deliveries/<int:pk>/delivered/", runs.delivery_delivered, name="delivery_delivered"),
    path("run/deliveries/<int:pk>/failed/", runs.delivery_failed, name="delivery_failed"),
    path("run/deliveries/<int:pk>/undo/", runs.delivery_undo, name="delivery_undo"),
    # Reach: whom the serves and deliveries meet, beside where the grievances are
    path("reach/", reach.reach, name="reach"),
]
