from django import forms
from django.utils.translation import gettext_lazy as _

from strategies.models import Strategy

from .reader import MAX_FILE_SIZE, WorkbookFileError, check_upload_name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xlsx,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Workbook"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "One .xlsx workbook, or .csv files named after the sheets (Projektai.csv, …); at most %(size)s MB each."
        ) % {"size": MAX_FILE_SIZE // 2**20}

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            try:
                check_upload_name(upload.name)
            except WorkbookFileError as exc:
                raise forms.ValidationError(exc.args[0]) from exc
            if upload.size > MAX_FILE_SIZE:
                raise forms.ValidationError(
                    _("The file %(name)s is larger than %(limit)s MB.")
                    % {"name": upload.name, "limit": MAX_FILE_SIZE // 2**20}
                )
        if len(files) > 1 and any(upload.name.lower().endswith(".xlsx") for upload in files):
            raise forms.ValidationError(_("Give one .xlsx workbook, or .csv files, not both."))
        return files


class ExportForm(forms.Form):
    strategy = forms.ModelChoiceField(
        Strategy.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Strategy"),
        empty_label=_("All strategies"),
    )
