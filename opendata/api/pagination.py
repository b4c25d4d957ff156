import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from common.pagination import PAGE_PARAMETER

_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")
LAST_PAGE_NUMBER = 999_999_999  # no list has as many pages; a longer number is refused before it is counted


class PagePagination(PageNumberPagination):
    """`?puslapis=N`, as on the pages; a page number that is not a whole number from 1 is a bad parameter."""

    page_size = 50
    page_query_param = PAGE_PARAMETER
    page_query_description = _("The page number, from 1.")

    def paginate_queryset(self, queryset, request, view=None):
        number = request.query_params.get(self.page_query_param)
        if number is not None and not _PAGE_NUMBER.fullmatch(number):
            raise ValidationError(
                {self.page_query_param: [_("Give a whole number from 1 to %(last)s.") % {"last": LAST_PAGE_NUMBER}]}
            )
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": LAST_PAGE_NUMBER}
        return parameters
