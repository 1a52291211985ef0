from django import forms
from django.utils.translation import gettext_lazy as _

from liant.orgs.models import Person

from .models import MAX_ROLES, ROLE_MAX_LENGTH, STATEMENT_MAX_LENGTH, Consultation, Statement

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RolesField(forms.CharField):
    """Roles offered to participants, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        seen, roles = set(), []
        for line in (super().to_python(value) or "").splitlines():
            line = " ".join(line.split())
            if line and line.casefold() not in seen:
                seen.add(line.casefold())
                roles.append(line)
        return roles

    def validate(self, value):
        if len(value) > MAX_ROLES:
            raise forms.ValidationError(_("At most %(max)d roles.") % {"max": MAX_ROLES})
        if any(len(role) > ROLE_MAX_LENGTH for role in value):
            raise forms.ValidationError(
                _("A role has at most %(max)d characters.") % {"max": ROLE_MAX_LENGTH}
            )


class ConsultationForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200,
        error_messages={"required": _("Please give the consultation a title.")},
    )  # fmt: skip
    question = forms.CharField(
        label=_("Question asked"), max_length=300,
        help_text=_(
            "What participants react to, e.g. “What should our digital-usage charter say?”"
        ),
        error_messages={"required": _("Please write the question asked.")},
    )  # fmt: skip
    context = forms.CharField(
        label=_("Context"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to participants before the first statement."),
    )  # fmt: skip
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME_WIDGET)
    access = forms.ChoiceField(
        label=_("Who can take part"), choices=Consultation.Access.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip
    language = forms.ChoiceField(label=_("Language"), choices=Consultation.Language.choices)
    moderation = forms.ChoiceField(
        label=_("Moderation of participants’ statements"),
        choices=Consultation.Moderation.choices, widget=forms.RadioSelect,
    )  # fmt: skip
    participants_can_submit = forms.BooleanField(
        label=_("Participants can submit their own statements"), required=False
    )
    ask_unit = forms.BooleanField(label=_("Ask participants for their unit (once)"), required=False)
    roles = RolesField(
        label=_("Roles offered (one per line, optional)"), required=False,
        help_text=_("Asked once, e.g. “Manager”, “Agent”. Leave empty not to ask."),
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("opens_at"), cleaned.get("closes_at")
        if start and end and end <= start:
            self.add_error("closes_at", _("The closing date must come after the opening date."))
        return cleaned


class SeedForm(forms.Form):
    text = forms.CharField(
        label=_("New statement"),
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": STATEMENT_MAX_LENGTH}),
        error_messages={"required": _("Write a statement first.")},
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    reason = forms.ChoiceField(
        label=_("Reason"), required=False,
        choices=[("", _("— Reason for rejecting —")), *Statement.Reason.choices],
    )  # fmt: skip
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason"):
            self.add_error("reason", _("Choose the reason of the rejection."))
        return cleaned


class InviteForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People to invite"), queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person."),
                        "invalid_choice": _("Choose people of the mission’s organisation.")},
    )  # fmt: skip

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Pol.is export (.zip)"),
        help_text=_("A .zip holding comments.csv and votes.csv (summary.csv is read if present)."),
        error_messages={"required": _("Choose the .zip file to import.")},
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)


class ProfileForm(forms.Form):
    unit = forms.ChoiceField(label=_("Your unit"), required=False)
    role = forms.ChoiceField(label=_("Your role"), required=False)

    def __init__(self, *args, consultation, units, ask_unit=True, **kwargs):
        super().__init__(*args, **kwargs)
        blank = [("", _("— I prefer not to say —"))]
        if consultation.ask_unit and ask_unit:
            self.units = {str(u.pk): u for u in units}
            self.fields["unit"].choices = blank + [(k, u.name) for k, u in self.units.items()]
        else:
            self.units = {}
            del self.fields["unit"]
        if consultation.roles:
            self.fields["role"].choices = blank + [(r, r) for r in consultation.roles]
        else:
            del self.fields["role"]


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STATEMENT_MAX_LENGTH}),
        help_text=_("One idea, in one sentence, that others can agree or disagree with."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
