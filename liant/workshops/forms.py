from django import forms
from django.utils.translation import gettext_lazy as _

from liant.missions.models import Mission
from liant.orgs.models import Person, Unit

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WorkshopForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the workshop a title.")},
    )
    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=Mission.objects.none(), required=False,
        empty_label=_("— Stand-alone workshop —"),
    )  # fmt: skip
    starts_at = forms.DateTimeField(label=_("Starts at"), required=False, widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False, widget=DATETIME_WIDGET)
    place = forms.CharField(label=_("Place or video link"), max_length=300, required=False)
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_headcount = forms.IntegerField(
        label=_("Expected participants"), required=False, min_value=1, max_value=5000
    )
    signed_cards = forms.BooleanField(
        label=_("Signed cards (show the pseudonym of the author)"), required=False
    )
    everyone_can_group = forms.BooleanField(
        label=_("Participants may group the cards too"), required=False
    )
    dots_per_participant = forms.IntegerField(
        label=_("Dots per participant"), min_value=1, max_value=20, initial=3
    )
    several_dots_per_item = forms.BooleanField(
        label=_("Several dots on the same item"), required=False
    )

    def __init__(self, *args, missions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end must come after the start."))
        return cleaned


class BoardForm(forms.Form):
    title = forms.CharField(
        label=_("Board title"),
        max_length=200,
        error_messages={"required": _("Please give the board a title.")},
    )
    prompts = forms.CharField(
        label=_("Prompts (one per line: one column each)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write at least one prompt (one per line).")},
    )
    hidden_until_reveal = forms.BooleanField(
        label=_("Hidden until reveal: each participant sees only their own cards"),
        required=False,
        initial=True,
    )


class InviteForm(forms.Form):
    """Pick people of the workshop's organisation, one by one or a whole unit at once."""

    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Whole units (with their sub-units)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
        self.fields["units"].queryset = units
        self.fields["people"].label_from_instance = lambda p: (
            f"{p.name} · {p.unit.name}" if p.unit_id else p.name
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("people") and not cleaned.get("units"):
            raise forms.ValidationError(_("Choose at least one person or one unit."))
        return cleaned


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo (JPEG, PNG or WebP, at most 10 MB)"),
        error_messages={"required": _("Choose a photo to upload.")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption (optional)"), max_length=300, required=False)
