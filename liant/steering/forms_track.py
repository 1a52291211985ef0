"""Forms of the track part. Every choice of a related object is limited by the view to the
actor's workspace and the mission's plan (the services check again)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.diagnostic.models import InterviewCampaign, SurveyQuestion, Wave
from liant.orgs.models import Person

from . import indicator_sources, indicator_values
from .models import (
    Action,
    Axis,
    Body,
    Indicator,
    Measurement,
    Milestone,
    Objective,
    Obstacle,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {
    "required": _("Give a date."),
    "invalid": _("Enter a valid date."),
}
CHOICE_ERROR = _("Choose one of the proposed items.")


def _date(label):
    return forms.DateField(label=label, widget=DATE_WIDGET, error_messages=DATE_ERRORS)


def _choice(queryset, label, *, required=False, multiple=False, **kwargs):
    field = forms.ModelMultipleChoiceField if multiple else forms.ModelChoiceField
    return field(
        queryset=queryset,
        label=label,
        required=required,
        error_messages={"invalid_choice": CHOICE_ERROR, "invalid_pk_value": CHOICE_ERROR},
        **kwargs,
    )


class ReviewForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the review a title.")},
    )
    date = _date(_("Date"))
    milestone = _choice(Milestone.objects.none(), _("Milestone"))
    body = _choice(Body.objects.none(), _("Body"))

    def __init__(self, *args, milestones, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = milestones
        self.fields["body"].queryset = bodies


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=pgettext_lazy("meeting record", "Minutes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was said, point by point of the agenda."),
    )


class ReviewDecisionForm(forms.Form):
    title = forms.CharField(
        label=_("Decision"),
        max_length=300,
        error_messages={"required": _("Write the decision.")},
    )
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decided_by = forms.CharField(label=_("Decided by"), max_length=300, required=False)
    actions = _choice(
        Action.objects.none(),
        _("Actions concerned"),
        multiple=True,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions


class ReviewActionForm(forms.Form):
    title = forms.CharField(
        label=_("New action"),
        max_length=200,
        error_messages={"required": _("Give the action a title.")},
    )
    owner = _choice(Person.objects.none(), _("Person in charge"))
    objective = _choice(Objective.objects.none(), _("Objective"))
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )

    def __init__(self, *args, people, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["objective"].queryset = objectives


class ObstacleForm(forms.Form):
    title = forms.CharField(
        label=_("Obstacle"),
        max_length=200,
        error_messages={"required": _("Name the obstacle.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    impact = forms.ChoiceField(
        label=_("Impact"), choices=Obstacle.Impact.choices, initial=Obstacle.Impact.MEDIUM
    )
    owner = _choice(Person.objects.none(), _("Person in charge"))
    actions = _choice(
        Action.objects.none(),
        _("Linked actions"),
        multiple=True,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["actions"].queryset = actions


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say how the obstacle was resolved.")},
    )


class DecimalText(forms.CharField):
    """A number typed the French or English way ("12,5", "1 250", "80 %")."""

    def to_python(self, value):
        value = super().to_python(value)
        return None if value in self.empty_values else indicator_values.parse_value(value)


class IndicatorForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Name the indicator.")}
    )
    description = forms.CharField(
        label=_("Definition"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    objective = _choice(Objective.objects.none(), _("Objective"))
    value_type = forms.ChoiceField(label=_("Type of value"), choices=Indicator.ValueType.choices)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Indicator.Direction.choices)
    baseline = DecimalText(label=_("Baseline"), required=False)
    target = DecimalText(label=_("Target"), required=False)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Indicator.Frequency.choices)
    source = forms.ChoiceField(label=_("Source of the values"), choices=())
    survey_question = _choice(
        SurveyQuestion.objects.none(), _("Survey question"), help_text=_("For survey waves.")
    )
    measure = forms.ChoiceField(
        label=_("Survey figure"),
        choices=[
            ("mean", _("Mean of the answers")),
            ("favourable", _("Share of favourable answers (4–5 of 5, 7–10 of 10)")),
        ],
        required=False,
    )
    interview_campaign = _choice(
        InterviewCampaign.objects.none(),
        _("Interview campaign"),
        help_text=_("For interview coverage."),
    )
    progress_axis = _choice(
        Axis.objects.none(),
        _("Axis"),
        help_text=_("For action progress: the axis whose actions count (else the objective, "
                    "else the whole plan)."),
    )  # fmt: skip

    def __init__(self, *args, objectives, questions, campaigns, axes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives
        self.fields["survey_question"].queryset = questions
        self.fields["survey_question"].label_from_instance = lambda q: (
            f"{q.survey.title} — {q.text}"
        )
        self.fields["interview_campaign"].queryset = campaigns
        self.fields["progress_axis"].queryset = axes
        self.fields["source"].choices = [
            (value, label)
            for value, label in Indicator.Source.choices
            if indicator_sources.is_available(value)
        ]

    def clean(self):
        data = super().clean()
        question = data.get("survey_question")
        if (
            data.get("source") == Indicator.Source.SURVEY_WAVE
            and question is not None
            and question.kind not in ("likert", "scale", "matrix")
        ):
            self.add_error("survey_question", _("Choose a question answered on a scale."))
        if (
            data.get("measure") == "favourable"
            and question is not None
            and (question.kind not in indicator_sources.FAVOURABLE_FROM)
        ):
            self.add_error("measure", _("Only scale questions have a favourable share."))
        return data

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        measure = data.pop("measure") or "mean"
        data["params"] = {"measure": measure} if data["source"] == "survey_wave" else {}
        return data


class MeasurementForm(forms.Form):
    date = _date(_("Date"))
    value = DecimalText(
        label=_("Value"),
        error_messages={"required": _("Enter the value.")},
    )
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)


class ImpactIndicatorForm(forms.Form):
    indicator = _choice(Indicator.objects.none(), _("Indicator"), required=True)
    before = _choice(Measurement.objects.none(), _("Before"), required=True)
    after = _choice(Measurement.objects.none(), _("After"), required=True)

    def __init__(self, *args, indicators, measurements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        for name in ("before", "after"):
            self.fields[name].queryset = measurements
            self.fields[name].label_from_instance = lambda m: (
                f"{m.indicator.name} — {m.date:%d/%m/%Y} : {m.value.normalize():f}"
            )

    def clean(self):
        data = super().clean()
        indicator, before, after = data.get("indicator"), data.get("before"), data.get("after")
        if indicator and before and after:
            if before.indicator_id != indicator.pk or after.indicator_id != indicator.pk:
                raise ValidationError(_("Choose two measurements of this indicator."))
            if before.date >= after.date:
                raise ValidationError(_("The “after” measurement must come later."))
        return data


class ImpactSurveyForm(forms.Form):
    question = _choice(SurveyQuestion.objects.none(), _("Survey question"), required=True)
    before = _choice(Wave.objects.none(), _("Wave before"), required=True)
    after = _choice(Wave.objects.none(), _("Wave after"), required=True)

    def __init__(self, *args, questions, waves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions
        self.fields["question"].label_from_instance = lambda q: f"{q.survey.title} — {q.text}"
        for name in ("before", "after"):
            self.fields[name].queryset = waves
            self.fields[name].label_from_instance = lambda w: (
                _("%(survey)s — wave %(number)s") % {"survey": w.survey.title, "number": w.number}
            )

    def clean(self):
        data = super().clean()
        question, before, after = data.get("question"), data.get("before"), data.get("after")
        if question and before and after:
            if before.survey_id != question.survey_id or after.survey_id != question.survey_id:
                raise ValidationError(_("Choose two waves of the question’s survey."))
            if before.pk == after.pk:
                raise ValidationError(_("Choose two different waves."))
        return data


class UpdateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the update a title.")},
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the update.")},
    )
    publish = forms.BooleanField(label=_("Publish now to the sponsor’s portal"), required=False)
