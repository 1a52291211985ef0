from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DocumentForm
from .models_direction import DECISION_NOTE_MAX_LENGTH, GovernanceSubmission
from .services_direction import parse_adjustments

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
Outcome = GovernanceSubmission.Outcome


class DirectionForm(DocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the direction project a title.")
        self.fields["purpose"].help_text = _("For whom and by when: shown above the sections.")


class SubmitForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Governance body"),
        queryset=None,
        empty_label=_("Choose a body…"),
        error_messages={
            "required": _("Choose the governance body the version is submitted to."),
            "invalid_choice": _("Choose a governance body of this mission."),
        },
    )

    def __init__(self, data=None, *, bodies, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["body"].queryset = bodies


class DecisionForm(forms.Form):
    """The body's decision; the rules (a body, a date, adjustments when adjusted) are the
    service's, so the form takes every field as optional and shows the service's errors."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (o.value, o.label) for o in (Outcome.VALIDATED, Outcome.ADJUSTED, Outcome.REFUSED)
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the decision of the body.")},
    )
    body = forms.ModelChoiceField(
        label=_("Decided by"),
        queryset=None,
        required=False,
        empty_label=_("Choose a body…"),
        error_messages={"invalid_choice": _("Choose a governance body of this mission.")},
    )
    decided_on = forms.DateField(label=_("Date of the decision"), required=False, widget=DATE)
    adjustments = forms.CharField(
        label=_("Requested adjustments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: they become the checklist of the next version."),
    )
    note = forms.CharField(
        label=_("What the body said (optional)"),
        required=False,
        max_length=DECISION_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data=None, *, bodies, **kwargs):
        super().__init__(data, prefix="decision", **kwargs)
        self.fields["body"].queryset = bodies

    def clean_adjustments(self):
        return parse_adjustments(self.cleaned_data["adjustments"])


class IdsField(forms.Field):
    """Ticked checkboxes: a list of ids (which of them belong to the mission is the
    selector's business)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        if not all(str(v).isdigit() for v in values):
            raise forms.ValidationError(_("Choose outputs of the workshops of this mission."))
        return [int(v) for v in values]


class SourcesForm(forms.Form):
    cards = IdsField(required=False)
    groups = IdsField(required=False)
    zones = IdsField(required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("cards") or data.get("groups") or data.get("zones")):
            raise forms.ValidationError(_("Choose at least one card, group or canvas zone."))
        return data
