from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import FIRST_DATE, validate_date_range, validate_not_future


class AsOfForm(forms.Form):
    """The 'as of' date of the strategy pages, read from the query string (`?data=2020-12-31`)."""

    data = forms.DateField(
        label=_("Show figures as of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=[validate_date_range, validate_not_future],
        widget=forms.DateInput(attrs={"type": "date", "min": FIRST_DATE}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2020-12-31.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data"].widget.attrs["max"] = timezone.localdate()  # the date picker offers no day to come
