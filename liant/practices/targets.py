""" "Turn into…" targets of this app: a workshop card or group becomes a team rule or a
vigilance point of a team of the workshop's organisation (registered when the app is ready).
The workshop keeps the origin, shown under the rule or the point."""

from __future__ import annotations

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from liant.workshops.turn_targets import Source, Target, register, staff_only

from . import services
from .models import Team


def _teams(actor, source: Source):
    teams = Team.objects.filter(workspace_id=actor.workspace_id).select_related("unit")
    mission = source.workshop.mission
    if mission is not None:
        teams = teams.filter(unit__organization_id=mission.organization_id)
    return teams


def _allowed(actor, source: Source) -> bool:
    return staff_only(actor, source) and _teams(actor, source).exists()


class _TeamChoice(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a team of this workshop's organisation.")},
    )

    def _teams_for(self, actor, source):
        teams = _teams(actor, source)
        self.fields["team"].queryset = teams
        if source.workshop.mission_id:
            self.initial.setdefault(
                "team", teams.filter(mission_id=source.workshop.mission_id).first()
            )


class TeamRuleTarget(_TeamChoice):
    text = forms.CharField(
        label=_("Rule"), max_length=300, error_messages={"required": _("Write the rule.")}
    )
    rationale = forms.CharField(label=_("Why this rule"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip

    def __init__(self, data=None, *, actor, source: Source):
        super().__init__(data, initial={"text": Truncator(source.text).chars(300)}, prefix="rule")
        self._teams_for(actor, source)


def _create_rule(actor, source: Source, data: dict):
    return services.add_rule(
        actor,
        data["team"],
        text=data["text"],
        rationale=data.get("rationale", ""),
        source=str(source.workshop.title)[:200],
    )


class VigilancePointTarget(_TeamChoice):
    title = forms.CharField(
        label=_("Vigilance point"),
        max_length=300,
        error_messages={"required": _("Name the vigilance point.")},
    )
    follow_up_on = forms.DateField(
        label=_("Follow-up date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give a follow-up date.")},
    )

    def __init__(self, data=None, *, actor, source: Source):
        initial = {
            "title": Truncator(source.text).chars(300),
            "follow_up_on": timezone.localdate() + datetime.timedelta(weeks=4),
        }
        super().__init__(data, initial=initial, prefix="point")
        self._teams_for(actor, source)


def _create_point(actor, source: Source, data: dict):
    return services.add_vigilance_point(
        actor, data["team"], title=data["title"], follow_up_on=data["follow_up_on"]
    )


register(
    Target(
        key="practices.team_rule",
        label=_("A rule of a team's charter"),
        help=_("The team's charter gets a new rule; the card stays its origin."),
        form=TeamRuleTarget,
        create=_create_rule,
        url=lambda rule: reverse("practices:charter", args=[rule.team_id]) + "#rules",
        allowed=_allowed,
        order=30,
    )
)
register(
    Target(
        key="practices.vigilance_point",
        label=_("A vigilance point of a team"),
        help=_("To review at the consolidation meeting, with an owner and a follow-up date."),
        form=VigilancePointTarget,
        create=_create_point,
        url=lambda point: reverse("practices:charter", args=[point.team_id]) + "#points",
        allowed=_allowed,
        order=40,
    )
)
