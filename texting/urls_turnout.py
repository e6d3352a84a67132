from django.urls import path

from texting import views_turnout

# Included in texting/urls.py (namespace "texting"), under /texts/.
urlpatterns = [
    path("turnout/actions/<int:action_pk>/new/", views_turnout.turnout_new, name="turnout_new"),
    path("turnout/<int:pk>/", views_turnout.turnout_detail, name="turnout_detail"),
    path("turnout/<int:pk>/edit/", views_turnout.turnout_edit, name="turnout_edit"),
    path("turnout/<int:pk>/send/", views_turnout.turnout_send, name="turnout_send"),
    path("turnout/<int:pk>/came/", views_turnout.turnout_came, name="turnout_came"),
]
