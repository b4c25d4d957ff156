"""The /projektai/ page's filters (`projects.filters.ProjectFilter`), with the types the API documents."""

from copy import copy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from projects.filters import ProjectFilter


def _documented(name, kind, description):
    documented = extend_schema_field(kind)(copy(ProjectFilter.base_filters[name]))
    documented.extra = {**documented.extra, "help_text": description}  # the page's filter keeps its own
    documented.method = documented.method  # bind the filter method to the copy, not to the page's filter
    return documented


class ApiProjectFilter(ProjectFilter):
    """The same filters; only their description in the OpenAPI schema differs."""

    veiksmas = _documented("veiksmas", OpenApiTypes.INT, "A node's `id`: projects of that node and the nodes below.")
    metai = _documented("metai", OpenApiTypes.INT, "Projects running at some time in this year.")
    organizacija = _documented(
        "organizacija", OpenApiTypes.STR, "An organisation's `slug`: projects it leads or partners."
    )
