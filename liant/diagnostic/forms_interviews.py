from django import forms
from django.utils.translation import gettext_lazy as _

from liant.accounts.models import User
from liant.orgs.models import Person, Unit

from .models import Interview, InterviewCampaign
from .services_interviews import MAX_DURATION, PROMPTS_MAX_LENGTH

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PEOPLE_ERROR = _("Choose people of the mission’s organisation.")
COVERAGE_ERROR = _("Give a coverage between 1 and 100 %.")


def person_label(person: Person) -> str:
    return f"{person.name} — {person.unit.name}" if person.unit_id else person.name


class CampaignForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the campaign a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The purpose of the interviews, for the consultants of the mission."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=InterviewCampaign.Status.choices,
        initial=InterviewCampaign.Status.PREPARING,
    )
    target_coverage = forms.IntegerField(
        label=_("Target coverage (%)"),
        initial=50,
        help_text=_("Share of the target population to interview."),
        widget=forms.NumberInput(attrs={"min": 1, "max": 100}),
        error_messages={
            "required": COVERAGE_ERROR,
            "invalid": COVERAGE_ERROR,
        },
    )
    target_units = forms.ModelMultipleChoiceField(
        label=_("Target units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "dg-choices"}),
        help_text=_(
            "Their sub-units are included. Leave empty to target the units of the mission’s "
            "scope (the whole organisation when the mission covers all of it)."
        ),
        error_messages={"invalid_choice": _("Choose units of the mission’s organisation.")},
    )
    target_people = forms.ModelMultipleChoiceField(
        label=_("People named in the target"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "dg-choices"}),
        help_text=_("People to interview in particular, besides those of the target units."),
        error_messages={"invalid_choice": PEOPLE_ERROR},
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Internal partners"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "dg-choices"}),
        help_text=_(
            "People outside the target (internal clients, suppliers): their interviews are "
            "counted apart."
        ),
        error_messages={"invalid_choice": PEOPLE_ERROR},
    )

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_units"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        depth = {unit.pk: unit.depth for unit in units}
        order = {unit.pk: i for i, unit in enumerate(units)}
        self.fields["target_units"].label_from_instance = lambda u: (
            "\u2003" * depth.get(u.pk, 0) + u.name
        )
        # Keep the tree order of the units (the queryset is ordered by the model).
        self.fields["target_units"].choices = sorted(
            self.fields["target_units"].choices, key=lambda c: order.get(int(str(c[0])), 0)
        )
        for name in ("target_people", "partners"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = person_label

    def clean_target_coverage(self):
        # Checked here: the "%" of the message cannot go through min_value's formatting.
        value = self.cleaned_data["target_coverage"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(COVERAGE_ERROR)
        return value

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("target_people") or []) & set(cleaned.get("partners") or [])
        if both:
            self.add_error(
                "partners",
                _("A person is either in the target or an internal partner, not both."),
            )
        return cleaned


class SectionForm(forms.Form):
    title = forms.CharField(
        label=_("Section title"),
        max_length=200,
        error_messages={"required": _("Please give the section a title.")},
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the question.")},
    )
    prompts = forms.CharField(
        label=_("Follow-up prompts"),
        required=False,
        max_length=PROMPTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One prompt per line."),
    )


class InterviewForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Interview.Kind.choices,
        initial=Interview.Kind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People interviewed"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "dg-choices"}),
        error_messages={"invalid_choice": PEOPLE_ERROR},
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("For a collective interview, e.g. “Reception team”."),
    )
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        required=False,
        widget=DATETIME_WIDGET,
        error_messages={"invalid": _("Enter a date and a time.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=5,
        max_value=MAX_DURATION,
        initial=60,
        error_messages={
            "required": _("Give a duration between 5 and %(max)s minutes.") % {"max": MAX_DURATION}
        },
    )
    place = forms.CharField(label=_("Place or video link"), max_length=300, required=False)
    interviewer = forms.ModelChoiceField(
        label=_("Interviewer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— Not decided yet —"),
        error_messages={"invalid_choice": _("Choose a consultant of your workspace.")},
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Interview.Status.choices, initial=Interview.Status.PLANNED
    )

    def __init__(self, *args, people, interviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
        self.fields["people"].label_from_instance = person_label
        self.fields["interviewer"].queryset = interviewers
        self.fields["interviewer"].label_from_instance = lambda u: u.full_name or u.email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Interview.Status.PLANNED and not cleaned.get("scheduled_at"):
            if "scheduled_at" not in self.errors:
                self.add_error("scheduled_at", _("Give the date and time of a planned interview."))
        return cleaned


class ScheduleFilterForm(forms.Form):
    interviewer = forms.ModelChoiceField(
        label=_("Led by"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All interviewers"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Interview.Status.choices],
    )

    def __init__(self, *args, interviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = interviewers
        self.fields["interviewer"].label_from_instance = lambda u: u.full_name or u.email
