from django import forms
from django.utils.translation import gettext_lazy as _

from liant.missions.models import Mission, Phase
from liant.orgs.models import Person, Unit

from .models import GroupFormat, Method
from .services import MAX_MINUTES

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
    phase = forms.ModelChoiceField(
        label=_("Phase of the mission"), queryset=Phase.objects.none(), required=False,
        empty_label=_("— No particular phase —"),
    )  # fmt: skip
    starts_at = forms.DateTimeField(label=_("Starts at"), required=False, widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False, widget=DATETIME_WIDGET)
    place = forms.CharField(label=_("Place or video link"), max_length=300, required=False)
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_people = forms.ModelMultipleChoiceField(
        label=_("Expected people"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ws-people"}),
        error_messages={"invalid_choice": _("Choose people of the mission’s organisation.")},
    )
    expected_headcount = forms.IntegerField(
        label=_("Expected participants"), required=False, min_value=1, max_value=5000,
        help_text=_("A headcount, when you do not name the people (or in addition to them)."),
    )  # fmt: skip
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

    def __init__(self, *args, missions, phases=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions
        self.fields["phase"].queryset = phases if phases is not None else Phase.objects.none()
        self.fields["phase"].label_from_instance = lambda p: f"{p.mission.title} — {p.name}"
        if people is not None:
            self.fields["expected_people"].queryset = people
        else:
            self.fields["expected_people"].help_text = _(
                "Choose a mission first: its organisation’s people are listed here."
            )

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


def _lines_field(label, help_text="", required=False, rows=4, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class MethodForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Please give the method a name.")},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say in a few words what the method is for.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_MINUTES, initial=30
    )
    group_format = forms.ChoiceField(
        label=_("Group format"), choices=GroupFormat.choices, initial=GroupFormat.PLENARY
    )
    group_size = forms.CharField(
        label=_("Group size"), required=False, max_length=300,
        help_text=_("For example: 6 to 40 people, tables of 5."),
    )  # fmt: skip
    timing = _lines_field(_("Timing"), _("How the time is divided."), rows=2)
    steps = _lines_field(
        _("Steps"),
        _("One step per line, in order."),
        required=True,
        rows=6,
        error_messages={"required": _("Write at least one step (one per line).")},
    )
    materials = _lines_field(_("Materials"), _("One item per line."))
    tips = _lines_field(_("Facilitator tips"), _("One tip per line."))
    board_prompts = _lines_field(
        _("Board prompts"),
        _("One prompt per line: each becomes a column of the live board. Leave empty if the "
          "method needs no board."),
        rows=3,
    )  # fmt: skip

    @classmethod
    def initial_from(cls, method: Method) -> dict:
        language = method.language or None
        initial = {"duration_minutes": method.duration_minutes, "group_format": method.group_format}
        for field in ("name", "purpose", "timing", "group_size"):
            initial[field] = method.text(field, language)
        for field in ("steps", "materials", "tips", "board_prompts"):
            initial[field] = "\n".join(method.text(field, language) or [])
        return initial


class ActivityForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the activity a title.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_MINUTES, initial=30,
        error_messages={"required": _("Give a duration between 1 and %(max)s minutes.")
                        % {"max": MAX_MINUTES}},
    )  # fmt: skip
    method = forms.ModelChoiceField(
        label=_("Method"), queryset=Method.objects.none(), required=False,
        empty_label=_("— No method —"),
    )  # fmt: skip
    group_format = forms.ChoiceField(
        label=_("Group format"), choices=GroupFormat.choices, initial=GroupFormat.PLENARY
    )
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, methods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = methods
        self.fields["method"].label_from_instance = lambda m: m.display_name


class UseMethodForm(forms.Form):
    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=None,
        empty_label=_("— Choose a workshop —"),
        error_messages={
            "required": _("Choose a workshop."),
            "invalid_choice": _("Choose one of your workshops."),
        },
    )

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops


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
