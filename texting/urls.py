from django.urls import path

from texting import views
from texting.urls_turnout import urlpatterns as turnout_urlpatterns

app_name = "texting"

urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
    path("contacts/<int:pk>/consent/", views.consent, name="consent"),
    path("contacts/<int:pk>/opt-out/", views.opt_out, name="opt_out"),
    *turnout_urlpatterns,
]
