from django.urls import path

from . import project_views as views

app_name = "projects_staff"

urlpatterns = [
    path("projektai/", views.project_list, name="project-list"),
    path("projektai/naujas/", views.project_create, name="project-create"),
    path("projektai/<slug:slug>/", views.project_detail, name="project-detail"),
    path("projektai/<slug:slug>/keisti/", views.project_edit, name="project-edit"),
    path("projektai/<slug:slug>/istrinti/", views.project_delete, name="project-delete"),
    path("projektai/<slug:slug>/istorija/", views.project_history, name="project-history"),
    path("organizacijos/", views.organisation_list, name="organisation-list"),
    path("organizacijos/nauja/", views.organisation_create, name="organisation-create"),
    path("organizacijos/<slug:slug>/keisti/", views.organisation_edit, name="organisation-edit"),
    path("organizacijos/<slug:slug>/istrinti/", views.organisation_delete, name="organisation-delete"),
    path("organizacijos/<slug:slug>/istorija/", views.organisation_history, name="organisation-history"),
]
