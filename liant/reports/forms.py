from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Document


class DocumentRequestForm(forms.Form):
    kind = forms.CharField(max_length=40)
    object_id = forms.IntegerField(min_value=1)
    format = forms.ChoiceField(choices=Document.Format.choices)


class BrandingForm(forms.Form):
    """The workspace's look in documents; the values are checked by the service."""

    primary_colour = forms.CharField(
        label=_("Primary colour"),
        required=False,
        max_length=7,
        help_text=_("# followed by six hexadecimal digits, e.g. #1f6f78. Empty: Liant's colours."),
        widget=forms.TextInput(attrs={"placeholder": "#1f6f78", "size": 9}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, WebP or GIF, at most 2 MB."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
