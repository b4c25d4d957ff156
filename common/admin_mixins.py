"""What every admin inline of the portal shares."""

from .forms import MAX_ROWS


class BoundedRowsMixin:
    """An inline takes at most MAX_ROWS rows, as the workspace's row forms do: a request that says it posts a
    million (`…-TOTAL_FORMS`) is refused with the formset's message after building MAX_ROWS rows, not two
    thousand (which held a worker for over five seconds)."""

    max_num = MAX_ROWS

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", MAX_ROWS)
        return super().get_formset(request, obj, **kwargs)
