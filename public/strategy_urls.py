from django.urls import path

from . import strategy_views as views

app_name = "strategies"

urlpatterns = [
    path("", views.home, name="home"),
    path("strategijos/", views.strategy_list, name="list"),
    path("strategijos/<slug:code>/", views.strategy_detail, name="detail"),
    path("strategijos/<slug:code>/metai/", views.strategy_year_table, name="years"),
    # Node codes hold dots (1.2.3) and, in rural strategies, dashes (LEADER-19.2-SAVA-5).
    path("strategijos/<slug:code>/<str:node_code>/", views.node_detail, name="node"),
]
