from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/invite/", views.invitation_create, name="invitation_create"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("audit/", views.audit_trail, name="audit_trail"),
    path("me/", views.profile, name="profile"),
    path("join/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
