"""One way to page a list: `?puslapis=N`, with the list's other parameters kept in the page links.

A page with two lists gives the second its own parameter (`parameter=`), and the include its name (`parameter`).
"""

from django.core.paginator import Paginator

PAGE_PARAMETER = "puslapis"


def paginate(request, queryset, per_page, parameter=PAGE_PARAMETER):
    """The page of `queryset` the request asks for (the last one if it asks past it), and the request's
    other GET parameters, encoded, for `includes/pagination.html` to put in front of each page number."""
    page = Paginator(queryset, per_page).get_page(request.GET.get(parameter))
    query = request.GET.copy()
    query.pop(parameter, None)
    return page, query.urlencode()
