from django.urls import path

from . import strategy_views as views

app_name = "strategies_staff"

urlpatterns = [
    path("strategijos/", views.strategy_list, name="strategy-list"),
    path("strategijos/<slug:code>/tarpines-reiksmes/", views.milestones_edit, name="milestones-edit"),
]
