import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.missions.models import Mission
from liant.orgs.models import Unit

from . import selectors
from .models import Escalation, TeamMember, VigilanceReview

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TeamForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Unit.objects.none(),
        help_text=_("A unit of a client organisation; its people become the members."),
        error_messages={"invalid_choice": _("Choose a unit of your organisations.")},
    )
    mission = forms.ModelChoiceField(
        label=_("Mission"),
        queryset=Mission.objects.none(),
        required=False,
        empty_label=_("No mission"),
        help_text=_("The mission's page then shows the team's key figures."),
        error_messages={"invalid_choice": _("Choose one of your missions.")},
    )

    def __init__(self, data=None, *, actor, initial=None):
        super().__init__(data, initial=initial)
        units = Unit.objects.filter(workspace_id=actor.workspace_id, practice_team__isnull=True)
        self.fields["unit"].queryset = units.select_related("organization").order_by(
            "organization__name", "name"
        )
        self.fields["unit"].label_from_instance = lambda u: f"{u.organization.name} › {u.name}"
        self.fields["mission"].queryset = Mission.objects.filter(
            workspace_id=actor.workspace_id
        ).select_related("organization")


class RuleForm(forms.Form):
    text = forms.CharField(
        label=_("Rule"),
        max_length=300,
        error_messages={"required": _("Write the rule.")},
        widget=forms.TextInput(attrs={"placeholder": _("E.g. “We answer the client together”")}),
    )
    rationale = forms.CharField(label=_("Why this rule"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    source = forms.CharField(
        label=_("Where it was decided"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Follow-up session of 12 March”."),
    )

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("initial", {"adopted_on": timezone.localdate()})
        super().__init__(data, prefix="rule", **kwargs)


def _people_field(team, label, required=False):
    field = forms.ModelChoiceField(
        label=label,
        queryset=selectors.org_people(team),
        required=required,
        error_messages={"invalid_choice": _("Choose a person of the team's organisation.")},
    )
    return field


class PointForm(forms.Form):
    title = forms.CharField(
        label=_("Vigilance point"),
        max_length=300,
        error_messages={"required": _("Name the vigilance point.")},
    )
    detail = forms.CharField(label=_("What to watch"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip
    follow_up_on = forms.DateField(
        label=_("Follow-up date"),
        widget=DATE,
        error_messages={"required": _("Give a follow-up date.")},
    )

    def __init__(self, data=None, *, team, **kwargs):
        super().__init__(data, prefix="point", **kwargs)
        self.fields["owner"] = _people_field(team, pgettext_lazy("vigilance point", "Owner"))
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(
            pk__in=team.members.values("person")
        )
        self.order_fields(["title", "detail", "owner", "follow_up_on"])
        if not self.is_bound:
            self.initial.setdefault(
                "follow_up_on", timezone.localdate() + datetime.timedelta(weeks=4)
            )


class MemberForm(forms.Form):
    def __init__(self, data=None, *, team):
        super().__init__(data, prefix="member")
        self.fields["person"] = _people_field(team, _("Person"), required=True)
        self.fields["person"].queryset = self.fields["person"].queryset.exclude(
            pk__in=team.members.values("person")
        )


class ClientForm(forms.Form):
    name = forms.CharField(
        label=_("Client"), max_length=200, error_messages={"required": _("Name the client.")}
    )
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, prefix="client", **kwargs)


class EscalationForm(forms.Form):
    title = forms.CharField(
        label=_("Client pressure"),
        max_length=300,
        error_messages={"required": _("Describe the client pressure.")},
    )
    detail = forms.CharField(label=_("Detail"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip
    client = forms.ModelChoiceField(label=_("Client"), queryset=None, required=False)
    raised_by = forms.ModelChoiceField(label=_("Raised by"), queryset=None, required=False)
    raised_on = forms.DateField(label=_("Escalated on"), widget=DATE)

    def __init__(self, data=None, *, team, **kwargs):
        kwargs.setdefault("initial", {"raised_on": timezone.localdate()})
        super().__init__(data, prefix="escalation", **kwargs)
        self.fields["client"].queryset = team.clients.all()
        self.fields["raised_by"].queryset = TeamMember.objects.filter(team=team).select_related(
            "person"
        )


class EscalationUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Escalation.Status.choices)
    resolution = forms.CharField(label=_("Resolution"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))  # fmt: skip


MOODS = [
    (1, _("Very bad")),
    (2, _("Bad")),
    (3, _("So-so")),
    (4, _("Good")),
    (5, _("Very good")),
]


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label=_("Your mood today"),
        choices=MOODS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose your mood, from 1 to 5."),
            "invalid_choice": _("Choose your mood, from 1 to 5."),
        },
    )
    blockers = forms.CharField(
        label=_("Blockers"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Anything blocking you? (optional)")}),
    )
    client_news = forms.CharField(
        label=_("Client news"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("News from a client? (optional)")}),
    )


VERDICTS = [("", _("Not reviewed")), *VigilanceReview.Verdict.choices]


def read_reviews(post, points) -> tuple[list[dict], dict]:
    """The consolidation checklist's answers: per open point, ``verdict-<pk>``,
    ``note-<pk>`` and ``next-<pk>`` (a date). Returns (reviews, errors by point)."""
    reviews, errors = [], {}
    valid = set(VigilanceReview.Verdict.values)
    for point in points:
        verdict = post.get(f"verdict-{point.pk}", "")
        if not verdict:
            continue
        if verdict not in valid:
            errors[point.pk] = _("Choose a verdict from the list.")
            continue
        raw_date = post.get(f"next-{point.pk}", "").strip()
        next_date = None
        if raw_date:
            try:
                next_date = datetime.date.fromisoformat(raw_date)
            except ValueError:
                errors[point.pk] = _("Enter a valid date.")
                continue
        reviews.append(
            {
                "point": point,
                "verdict": verdict,
                "note": post.get(f"note-{point.pk}", "")[:500],
                "next_follow_up": next_date,
            }
        )
    return reviews, errors
