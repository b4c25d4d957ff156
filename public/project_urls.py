from django.urls import path

from . import project_views as views

app_name = "projects"

urlpatterns = [
    path("projektai/", views.project_list, name="list"),
    path("projektai/csv/", views.project_csv, name="csv"),
    path("projektai/<slug:slug>/", views.project_detail, name="detail"),
    path("organizacijos/", views.organisation_list, name="organisation-list"),
    path("organizacijos/<slug:slug>/", views.organisation_detail, name="organisation"),
]
