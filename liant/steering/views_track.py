"""Steering pages (track part): the steering overview, milestone reviews and obstacles.

Staff only (owners, consultants); sponsors read the portal (``views_track_portal``)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors, posted

from . import selectors_plan, selectors_track, services_track
from .forms_track import (
    MinutesForm,
    ObstacleForm,
    ResolveForm,
    ReviewActionForm,
    ReviewDecisionForm,
    ReviewForm,
)
from .models import Obstacle


def _context(mission, plan, **extra) -> dict:
    return {"nav": "missions", "mission": mission, "plan": plan, **extra}


def _date_or_none(text):
    return datetime.date.fromisoformat(text) if text else None


# --- Overview


@actor_required(staff=True)
def steering_home(request, mission_pk):
    actor = request.actor
    mission, plan = selectors_track.mission_plan_or_none(actor, mission_pk)
    context = _context(mission, plan)
    if plan is not None:
        context.update(
            reviews=selectors_track.review_list(actor, plan)[:6],
            obstacles=selectors_track.obstacle_list(actor, plan, Obstacle.Status.OPEN),
            indicators=selectors_track.indicator_rows(actor, plan),
            updates=selectors_track.update_list(actor, plan, published_only=False)[:5],
        )
    return render(request, "steering/track/home.html", context)


def _home(mission, anchor=""):
    url = reverse("steering:steering_home", args=[mission.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- Reviews


def _review_form(request, plan, **kwargs):
    actor = request.actor
    return ReviewForm(
        posted(request),
        milestones=selectors_plan.milestones(actor, plan),
        bodies=selectors_plan.bodies(actor, plan),
        **kwargs,
    )


@actor_required(staff=True)
def review_add(request, mission_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    form = _review_form(request, plan, initial={"title": _("Milestone review")})
    if request.method == "POST" and form.is_valid():
        try:
            review = services_track.create_review(request.actor, plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review prepared: its agenda is ready."))
            return redirect("steering:review", mission.pk, review.pk)
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("Prepare a milestone review")),
    )


@actor_required(staff=True)
def review_detail(request, mission_pk, review_pk):
    actor = request.actor
    mission, plan = selectors_track.mission_plan(actor, mission_pk)
    review = selectors_track.review_detail(actor, plan, review_pk)
    actions = selectors_track.plan_actions(actor, plan)
    return render(
        request,
        "steering/track/review.html",
        _context(
            mission,
            plan,
            review=review,
            agenda=[{**item, "due": _date_or_none(item.get("due_date"))} for item in review.agenda],
            minutes_form=MinutesForm(initial={"minutes": review.minutes}),
            decision_form=ReviewDecisionForm(actions=actions, prefix="decision"),
            action_form=ReviewActionForm(
                people=selectors_track.plan_people(actor, plan),
                objectives=selectors_plan.objectives(actor, plan),
                prefix="action",
            ),
            obstacle_form=ObstacleForm(
                people=selectors_track.plan_people(actor, plan), actions=actions, prefix="obstacle"
            ),
        ),
    )


@actor_required(staff=True)
def review_edit(request, mission_pk, review_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    review = selectors_track.get_review(request.actor, plan, review_pk)
    initial = {
        "title": review.title,
        "date": review.date,
        "milestone": review.milestone,
        "body": review.body,
    }
    form = _review_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_track.update_review(request.actor, review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review saved."))
            return redirect("steering:review", mission.pk, review.pk)
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("Edit the review")),
    )


@actor_required(staff=True)
def review_agenda(request, mission_pk, review_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    review = selectors_track.get_review(request.actor, plan, review_pk)
    if response := not_post(request):
        return response
    try:
        services_track.refresh_agenda(request.actor, review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Agenda generated again from the plan as it stands."))
    return redirect("steering:review", mission.pk, review.pk)


@actor_required(staff=True)
def review_minutes(request, mission_pk, review_pk):
    """Save the minutes; the "close" button also marks the review as held."""
    actor = request.actor
    mission, plan = selectors_track.mission_plan(actor, mission_pk)
    review = selectors_track.get_review(actor, plan, review_pk)
    if response := not_post(request):
        return response
    form = MinutesForm(request.POST)
    held = "hold" in request.POST
    if form.is_valid():
        try:
            services_track.save_minutes(actor, review, held=held, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review held.") if held else _("Minutes saved."))
            return redirect(reverse("steering:review", args=[mission.pk, review.pk]) + "#minutes")
    for error in form.errors.get("minutes", []) + form.non_field_errors():
        messages.error(request, error)
    return redirect(reverse("steering:review", args=[mission.pk, review.pk]) + "#minutes")


@actor_required(staff=True)
def review_decision_add(request, mission_pk, review_pk):
    actor = request.actor
    mission, plan = selectors_track.mission_plan(actor, mission_pk)
    review = selectors_track.get_review(actor, plan, review_pk)
    form = ReviewDecisionForm(
        posted(request), actions=selectors_track.plan_actions(actor, plan), prefix="decision"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_track.record_review_decision(actor, review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(reverse("steering:review", args=[mission.pk, review.pk]) + "#decisions")
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("Record a decision"), review=review),
    )


@actor_required(staff=True)
def review_action_add(request, mission_pk, review_pk):
    actor = request.actor
    mission, plan = selectors_track.mission_plan(actor, mission_pk)
    review = selectors_track.get_review(actor, plan, review_pk)
    form = ReviewActionForm(
        posted(request),
        people=selectors_track.plan_people(actor, plan),
        objectives=selectors_plan.objectives(actor, plan),
        prefix="action",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_track.add_review_action(actor, review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("New action added to the plan."))
            return redirect(
                reverse("steering:review", args=[mission.pk, review.pk]) + "#new-actions"
            )
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("Decide a new action"), review=review),
    )


@actor_required(staff=True)
def review_obstacle_add(request, mission_pk, review_pk):
    actor = request.actor
    mission, plan = selectors_track.mission_plan(actor, mission_pk)
    review = selectors_track.get_review(actor, plan, review_pk)
    form = ObstacleForm(
        posted(request),
        people=selectors_track.plan_people(actor, plan),
        actions=selectors_track.plan_actions(actor, plan),
        prefix="obstacle",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_track.create_obstacle(
                actor, plan, raised_in_review=review, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Obstacle added to the register."))
            return redirect(reverse("steering:review", args=[mission.pk, review.pk]) + "#obstacles")
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("Raise an obstacle"), review=review),
    )


@actor_required(staff=True)
def review_delete(request, mission_pk, review_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    review = selectors_track.get_review(request.actor, plan, review_pk)
    if request.method == "POST":
        services_track.delete_review(request.actor, review)
        messages.success(request, _("Review “%(title)s” deleted.") % {"title": review.title})
        return _home(mission, "reviews")
    return render(
        request,
        "steering/track/delete.html",
        _context(
            mission,
            plan,
            heading=_("Delete the review “%(title)s”?") % {"title": review.title},
            warning=_("Its decisions, new actions and obstacles stay in the plan."),
            back=reverse("steering:review", args=[mission.pk, review.pk]),
        ),
    )


# --- Obstacles


@actor_required(staff=True)
def obstacle_list(request, mission_pk):
    actor = request.actor
    mission, plan = selectors_track.mission_plan(actor, mission_pk)
    status = request.GET.get("status", "")
    status = status if status in Obstacle.Status.values else ""
    return render(
        request,
        "steering/track/obstacles.html",
        _context(
            mission,
            plan,
            obstacles=selectors_track.obstacle_list(actor, plan, status or None),
            status=status,
            statuses=Obstacle.Status.choices,
        ),
    )


def _obstacle_form(request, plan, **kwargs):
    actor = request.actor
    return ObstacleForm(
        posted(request),
        people=selectors_track.plan_people(actor, plan),
        actions=selectors_track.plan_actions(actor, plan),
        **kwargs,
    )


def _obstacles(mission, obstacle=None):
    url = reverse("steering:obstacles", args=[mission.pk])
    return redirect(f"{url}#obstacle-{obstacle.pk}" if obstacle else url)


@actor_required(staff=True)
def obstacle_add(request, mission_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    form = _obstacle_form(request, plan)
    if request.method == "POST" and form.is_valid():
        try:
            obstacle = services_track.create_obstacle(request.actor, plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Obstacle added to the register."))
            return _obstacles(mission, obstacle)
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("New obstacle")),
    )


@actor_required(staff=True)
def obstacle_edit(request, mission_pk, obstacle_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    obstacle = selectors_track.get_obstacle(request.actor, plan, obstacle_pk)
    initial = {
        "title": obstacle.title,
        "description": obstacle.description,
        "impact": obstacle.impact,
        "owner": obstacle.owner,
        "actions": list(obstacle.actions.all()),
    }
    form = _obstacle_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_track.update_obstacle(request.actor, obstacle, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Obstacle saved."))
            return _obstacles(mission, obstacle)
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("Edit the obstacle")),
    )


@actor_required(staff=True)
def obstacle_resolve(request, mission_pk, obstacle_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    obstacle = selectors_track.get_obstacle(request.actor, plan, obstacle_pk)
    form = ResolveForm(posted(request), initial={"resolution": obstacle.resolution})
    if request.method == "POST" and form.is_valid():
        try:
            services_track.resolve_obstacle(request.actor, obstacle, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Obstacle resolved."))
            return _obstacles(mission, obstacle)
    return render(
        request,
        "steering/track/form.html",
        _context(
            mission,
            plan,
            form=form,
            heading=_("Resolve “%(title)s”") % {"title": obstacle.title},
        ),
    )


@actor_required(staff=True)
def obstacle_reopen(request, mission_pk, obstacle_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    obstacle = selectors_track.get_obstacle(request.actor, plan, obstacle_pk)
    if response := not_post(request):
        return response
    services_track.reopen_obstacle(request.actor, obstacle)
    messages.success(request, _("Obstacle reopened."))
    return _obstacles(mission, obstacle)


@actor_required(staff=True)
def obstacle_delete(request, mission_pk, obstacle_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    obstacle = selectors_track.get_obstacle(request.actor, plan, obstacle_pk)
    if request.method == "POST":
        services_track.delete_obstacle(request.actor, obstacle)
        messages.success(request, _("Obstacle “%(title)s” deleted.") % {"title": obstacle.title})
        return _obstacles(mission)
    return render(
        request,
        "steering/track/delete.html",
        _context(
            mission,
            plan,
            heading=_("Delete the obstacle “%(title)s”?") % {"title": obstacle.title},
            warning=_("Resolving it keeps its history; deleting it removes it for good."),
            back=reverse("steering:obstacles", args=[mission.pk]),
        ),
    )
