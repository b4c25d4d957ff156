from django.urls import path, re_path

from . import views
from .docs import ApiDocs, ApiSchema
from .errors import not_found

app_name = "api"

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("schema/", ApiSchema.as_view(), name="schema"),
    path("docs/", ApiDocs.as_view(url_name="api:schema"), name="docs"),
    path("strategies/", views.StrategyList.as_view(), name="strategy-list"),
    path("strategies/<text:code>/", views.StrategyDetail.as_view(), name="strategy"),
    path("strategies/<text:code>/years/", views.StrategyYears.as_view(), name="strategy-years"),
    path("strategies/<text:code>/nodes/", views.NodeList.as_view(), name="node-list"),
    # Node codes hold dots (1.2.3) and, in rural strategies, dashes (LEADER-19.2-SAVA-5).
    path("strategies/<text:code>/nodes/<text:node_code>/", views.NodeDetail.as_view(), name="node"),
    path("projects/", views.ProjectList.as_view(), name="project-list"),
    path("projects/<text:slug>/", views.ProjectDetail.as_view(), name="project"),
    path("projects/<text:slug>/periods/", views.ProjectPeriods.as_view(), name="project-periods"),
    path("organisations/", views.OrganisationList.as_view(), name="organisation-list"),
    path("organisations/<text:slug>/", views.OrganisationDetail.as_view(), name="organisation"),
    path("target-groups/", views.TargetGroupList.as_view(), name="target-group-list"),
    # Anything else under /api/v1/ is a JSON 404 too, not the portal's HTML page.
    re_path(r"^.+$", not_found, name="not-found"),
]
