""" "Turn into an action": the ``steering.action`` target of the workshops' turn-into registry.

A card or a group of a workshop of a mission becomes an action of that mission's plan,
pre-filled with its words; ``liant.workshops.services.turn_into`` records the ``Origin`` that
the action's page then shows. Registered when the app is ready.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.orgs.models import Person
from liant.workshops.turn_targets import Source, Target, register, staff_only

from . import services_plan
from .forms_plan import DATE
from .models import ActionPlan, Objective


def _plan(actor, source: Source) -> ActionPlan:
    return services_plan.get_or_create_plan(actor, source.workshop.mission)


class ActionTarget(forms.Form):
    title = forms.CharField(
        label=_("Action"),
        max_length=200,
        error_messages={"required": _("Please write the action.")},
    )
    objective = forms.ModelChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=_("(not attached to an objective yet)"),
        error_messages={"invalid_choice": _("Choose an objective of this plan.")},
    )
    owner = forms.ModelChoiceField(
        label=pgettext_lazy("action", "Owner"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("(to be named)"),
        error_messages={"invalid_choice": _("Choose a person of the mission's organisation.")},
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)

    def __init__(self, data=None, *, actor, source: Source):
        initial = {"title": Truncator(source.text).chars(200)}
        super().__init__(data, initial=initial, prefix="action")
        mission = source.workshop.mission
        self.fields["objective"].queryset = Objective.objects.filter(
            workspace_id=actor.workspace_id, axis__plan__mission=mission
        ).select_related("axis")
        self.fields["objective"].label_from_instance = lambda o: f"{o.axis.title} › {o.title}"
        self.fields["owner"].queryset = Person.objects.filter(
            workspace_id=actor.workspace_id, organization_id=mission.organization_id
        )

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start date."))
        return data


def _allowed(actor, source: Source) -> bool:
    return staff_only(actor, source) and source.workshop.mission_id is not None


def _create(actor, source: Source, data: dict):
    plan = _plan(actor, source)
    objective = data.get("objective")
    if objective is not None and objective.axis.plan_id != plan.pk:
        raise ValidationError({"objective": _("Choose an objective of this plan.")})
    return services_plan.create_action(
        actor,
        plan,
        title=data["title"],
        objective=objective,
        owner=data.get("owner"),
        start_date=data.get("start_date"),
        due_date=data.get("due_date"),
    )


def _url(action) -> str:
    return reverse("steering:action", args=[action.plan.mission_id, action.pk])


register(
    Target(
        key="steering.action",
        label=_("An action of the mission's plan"),
        help=_("The mission's action plan gets a new action that remembers this origin."),
        form=ActionTarget,
        create=_create,
        url=_url,
        allowed=_allowed,
        order=5,
    )
)
