from django import forms
from django.utils.translation import gettext_lazy as _

from liant.orgs.models import Person, Unit

from .models import MAX_OPTIONS, SurveyQuestion, SurveySection, Wave

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class LinesField(forms.CharField):
    """A list of short labels typed one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return lines(super().to_python(value))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_OPTIONS:
            raise forms.ValidationError(
                _("At most %(max)d lines.") % {"max": MAX_OPTIONS}, code="too_many"
            )


class SurveyForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200,
        error_messages={"required": _("Please give the survey a title.")},
    )  # fmt: skip
    description = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to respondents before the questions: purpose, anonymity, duration."),
    )
    ask_unit = forms.BooleanField(
        label=_("Ask respondents for their unit (anonymous link only)"),
        required=False,
        initial=True,
        help_text=_("With personal invitations, the unit comes from the invitation."),
    )
    roles = LinesField(
        label=_("Roles offered"),
        required=False,
        help_text=_("One per line, e.g. Manager, Staff. Leave empty not to ask."),
    )
    seniority_bands = LinesField(
        label=_("Seniority bands offered"),
        required=False,
        help_text=_("One per line, e.g. Less than 2 years. Leave empty not to ask."),
    )


class NewSurveyForm(forms.Form):
    """Start from a template or from a blank questionnaire."""

    template = forms.ChoiceField(label=_("Start from"), widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the template’s title."),
    )

    def __init__(self, *args, templates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            ("", _("A blank questionnaire")),
            *[(t["key"], t["title"]) for t in templates],
        ]
        self.fields["template"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("template") and not cleaned.get("title", "").strip():
            self.add_error("title", _("Please give the survey a title."))
        return cleaned


class SectionForm(forms.Form):
    title = forms.CharField(
        label=_("Section title"), max_length=200,
        error_messages={"required": _("Please give the section a title.")},
    )  # fmt: skip
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SurveyQuestion.Kind.choices)
    text = forms.CharField(
        label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the question.")},
    )  # fmt: skip
    help_text = forms.CharField(
        label=_("Help text"), max_length=300, required=False,
        help_text=_("A short explanation shown under the question."),
    )  # fmt: skip
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=SurveySection.objects.none(),
        required=False,
        empty_label=_("— No section —"),
        error_messages={"invalid_choice": _("Choose a section of this survey.")},
    )
    options = LinesField(
        label=_("Options"),
        required=False,
        help_text=_("Single and multiple choice: one option per line."),
    )
    rows = LinesField(
        label=_("Rows"),
        required=False,
        help_text=_("Matrix: one row per line, each rated from 1 to 5."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(self, *args, sections, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        if locked:
            note = _(
                "This survey has responses: rename options in place or add new ones at the "
                "end; none can be removed or reordered."
            )
            self.fields["options"].help_text = note
            self.fields["rows"].help_text = note


class WaveForm(forms.Form):
    distribution = forms.ChoiceField(
        label=_("Distribution"),
        choices=Wave.Distribution.choices,
        widget=forms.RadioSelect,
        initial=Wave.Distribution.TOKENS,
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Optional: answers are accepted from then on, once the wave is open."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Optional: answers are refused from then on."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("opens_at"), cleaned.get("closes_at")
        if start and end and end <= start:
            self.add_error("closes_at", _("The closing date must come after the opening."))
        return cleaned


class InviteForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Everyone in these units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose units of the mission’s organisation.")},
    )
    people = forms.ModelMultipleChoiceField(
        label=_("These people"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose people of the mission’s organisation.")},
    )

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["people"].queryset = people
        self.fields["people"].label_from_instance = lambda p: (
            f"{p.name} · {p.unit.name}" if p.unit_id else p.name
        )

    def chosen_people(self) -> list:
        """The people chosen one by one and those of the chosen units, each once."""
        units = list(self.cleaned_data.get("units") or [])
        chosen = {p.pk: p for p in self.cleaned_data.get("people") or []}
        if units:
            for person in self.fields["people"].queryset.filter(unit__in=units):
                chosen.setdefault(person.pk, person)
        return sorted(chosen.values(), key=lambda p: (p.name, p.pk))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.chosen_people():
            raise forms.ValidationError(_("Choose at least one person or a unit with people."))
        return cleaned
