from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_create, name="create"),
    path("import/", views.contact_import, name="import"),
    path("import/sample.csv", views.contact_import_sample, name="import_sample"),
    path("export.csv", views.contact_export, name="export"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("levels/", views.level_list, name="levels"),
    path("levels/new/", views.level_edit, name="level_create"),
    path("levels/<int:pk>/", views.level_edit, name="level_edit"),
    path("access-log/", views.access_log, name="access_log"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
    path("<int:pk>/forget/", views.contact_forget, name="forget"),
    path("<int:pk>/conversations/new/", views.conversation_create, name="conversation_create"),
    path("<int:pk>/assess/", views.contact_assess, name="assess"),
]
