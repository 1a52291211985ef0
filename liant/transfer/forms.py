from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Mission archive (.zip)"),
        error_messages={
            "required": _("Choose the archive to import."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


class EraseForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Type the person's name to confirm"),
        max_length=200,
        error_messages={"required": _("Type the name to confirm the erasure.")},
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_confirm_name(self):
        value = self.cleaned_data["confirm_name"].strip()
        if value != self.expected.strip():
            raise forms.ValidationError(_("The name does not match: nothing was erased."))
        return value
