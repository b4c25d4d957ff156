"""One way to page a list: `?puslapis=N`, with the list's other parameters kept in the page links."""

from django.core.paginator import Paginator

PAGE_PARAMETER = "puslapis"


def paginate(request, queryset, per_page):
    """The page of `queryset` the request asks for (the last one if it asks past it), and the request's
    other GET parameters, encoded, for `includes/pagination.html` to put in front of each page number."""
    page = Paginator(queryset, per_page).get_page(request.GET.get(PAGE_PARAMETER))
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return page, query.urlencode()
