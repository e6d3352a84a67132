from django.urls import path

from summations import views

app_name = "summations"

urlpatterns = [
    path("", views.summation_list, name="list"),
    path("build/", views.summation_build_week, name="build_week"),
    path("<int:pk>/", views.summation_detail, name="detail"),
    path("<int:pk>/status/", views.summation_status, name="status"),
    path("<int:pk>/build/", views.summation_build, name="build"),
    path("<int:pk>/present/", views.summation_present, name="present"),
    path("<int:pk>/adopt/", views.summation_adopt, name="adopt"),
    path("<int:pk>/comments/", views.summation_comment_create, name="comment_create"),
    path("<int:pk>/pdf/<str:language>/", views.summation_pdf, name="pdf"),
]
