"""“Turn into an action” from a source of the mission that is not a workshop card or group.

One view serves every kind of ``origin_sources``: it finds the source in the URL's mission (404
otherwise), shows the action form pre-filled with the source's words, and creates the action
of the mission's plan together with its origin.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required

from . import origin_sources, services_plan
from .models import ActionOrigin
from .selectors_plan import get_plan_mission
from .views_plan import _action_form, _action_url, _context, _run

Kind = ActionOrigin.Kind


def _turn(request, mission_pk, kind: str, **source_kwargs):
    actor = request.actor
    mission = get_plan_mission(actor, mission_pk)
    found = origin_sources.find(actor, mission, kind, **source_kwargs)
    action_plan = services_plan.get_or_create_plan(actor, mission)
    form = _action_form(request, action_plan, initial={"title": Truncator(found.text).chars(200)})
    if request.method == "POST" and form.is_valid():
        holder = {}

        def call():
            holder["a"] = services_plan.create_action_from(
                actor,
                action_plan,
                kind=kind,
                source=found.source,
                source_text=found.text,
                details=found.details,
                **form.cleaned_data,
            )

        if _run(form, call):
            messages.success(request, _("Action added: it remembers where it comes from."))
            return redirect(_action_url(mission, holder["a"]))
    return render(
        request,
        "steering/plan/action_from.html",
        _context(
            request,
            mission,
            action_plan,
            form=form,
            found=found,
            kind_label=Kind(kind).label,
            found_kind=str(kind),
            back=found.back,
        ),
        status=400 if request.method == "POST" else 200,
    )


@actor_required(staff=True)
def from_theme(request, mission_pk, theme_pk):
    return _turn(request, mission_pk, Kind.INTERVIEW_THEME, theme_pk=theme_pk)


@actor_required(staff=True)
def from_survey_result(request, mission_pk, wave_pk, survey_question_pk):
    return _turn(
        request, mission_pk, Kind.SURVEY_RESULT, wave_pk=wave_pk,
        survey_question_pk=survey_question_pk,
    )  # fmt: skip


@actor_required(staff=True)
def from_review_gap(request, mission_pk, review_rating_pk):
    return _turn(request, mission_pk, Kind.PROMISE_GAP, review_rating_pk=review_rating_pk)


@actor_required(staff=True)
def from_vigilance_point(request, mission_pk, vigilance_point_pk):
    return _turn(request, mission_pk, Kind.VIGILANCE_POINT, vigilance_point_pk=vigilance_point_pk)


@actor_required(staff=True)
def from_escalation(request, mission_pk, escalation_pk):
    return _turn(request, mission_pk, Kind.ESCALATION, escalation_pk=escalation_pk)


@actor_required(staff=True)
def from_statement(request, mission_pk, statement_pk):
    return _turn(request, mission_pk, Kind.CONSULTATION_STATEMENT, statement_pk=statement_pk)
