"""Forms of the readout (part e of issue 5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Axis, CodedSegment, Evidence, Finding, SurveyQuestion, Theme, Wave


class ReadoutForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the readout a title.")},
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the title slide and at the top of the published readout."),
    )


class AxisForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the axis a title.")},
    )
    kind = forms.ChoiceField(label=_("Kind of axis"), choices=Axis.Kind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("List"), choices=Finding.Kind.choices)
    text = forms.CharField(
        label=_("Text"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please write the text.")},
    )


class EvidenceForm(forms.Form):
    """One piece of evidence; the querysets are the mission's (another mission's object is
    "not a valid choice"). The service checks that exactly one target is given."""

    segment = forms.ModelChoiceField(queryset=CodedSegment.objects.none(), required=False)
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False)
    question = forms.ModelChoiceField(queryset=SurveyQuestion.objects.none(), required=False)
    wave = forms.ModelChoiceField(queryset=Wave.objects.none(), required=False)
    comment = forms.CharField(
        label=_("Comment (optional, for the team)"),
        max_length=Evidence._meta.get_field("comment").max_length,
        required=False,
    )

    def __init__(self, *args, segments, themes, questions, waves, **kwargs):
        super().__init__(*args, **kwargs)
        invalid = {"invalid_choice": _("This evidence is not available in this mission.")}
        for name, queryset in (
            ("segment", segments),
            ("theme", themes),
            ("question", questions),
            ("wave", waves),
        ):
            self.fields[name].queryset = queryset
            self.fields[name].error_messages.update(invalid)
