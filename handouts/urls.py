from django.urls import path

from handouts import views

app_name = "handouts"
urlpatterns = [
    path("", views.handout_list, name="list"),
    path("new/", views.handout_create, name="create"),
    path("sheet/", views.combined_sheet, name="sheet"),
    path("<int:pk>/", views.handout_detail, name="detail"),
    path("<int:pk>/new-version/", views.version_new, name="version_new"),
    path("<int:pk>/pdf/<str:layout>/", views.handout_pdf, name="pdf"),
    path("<int:pk>/v<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/v<int:number>/edit/", views.version_edit, name="version_edit"),
    path("<int:pk>/v<int:number>/propose/", views.version_propose, name="version_propose"),
    path("<int:pk>/v<int:number>/adopt/", views.version_adopt, name="version_adopt"),
    path("serves/<int:pk>/print/", views.serve_print, name="serve_print"),
    path("serves/<int:pk>/count/", views.serve_count, name="serve_count"),
    path("serves/<int:pk>/count/tap/", views.serve_tap, name="serve_tap"),
    path("serves/<int:pk>/count/undo/", views.serve_undo, name="serve_undo"),
    path("serves/<int:pk>/count/totals/", views.serve_totals, name="serve_totals"),
]
