"""Writes of the track part: milestone reviews, obstacles and progress updates.

Every function takes the acting staff member, checks that what it links stays in the plan's
workspace (and mission), writes in a transaction and records an audit entry. Decisions and
new actions of a review go through the plan part's services (``services_plan``), which own
those models.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import selectors_track, services_plan
from .models import ActionPlan, Body, Milestone, Obstacle, ProgressUpdate, Review

# --- Links that must stay inside the plan


def _check_milestone(plan: ActionPlan, milestone: Milestone | None) -> None:
    if milestone is not None and milestone.plan_id != plan.pk:
        raise ValidationError({"milestone": _("This milestone belongs to another plan.")})


def _check_body(plan: ActionPlan, body: Body | None) -> None:
    if body is not None and body.plan_id != plan.pk:
        raise ValidationError({"body": _("This body belongs to another plan.")})


def _check_owner(plan: ActionPlan, owner) -> None:
    if owner is not None and (
        owner.workspace_id != plan.workspace_id
        or owner.organization_id != plan.mission.organization_id
    ):
        raise ValidationError({"owner": _("Choose a person of the client organisation.")})


def _check_actions(plan: ActionPlan, actions) -> None:
    if any(action.plan_id != plan.pk for action in actions):
        raise ValidationError({"actions": _("Link only actions of this plan.")})


# --- Milestone reviews


@transaction.atomic
def create_review(
    actor: Actor,
    plan: ActionPlan,
    *,
    title: str,
    date,
    milestone: Milestone | None = None,
    body: Body | None = None,
) -> Review:
    """A planned review; its agenda is generated at once from the plan as it stands."""
    require_staff(actor)
    _check_milestone(plan, milestone)
    _check_body(plan, body)
    review = Review.objects.create(
        workspace=plan.workspace,
        plan=plan,
        title=title,
        date=date,
        milestone=milestone,
        body=body,
        agenda=selectors_track.agenda_for(actor, plan, date),
    )
    audit.record(actor, "steering.review.create", review)
    return review


@transaction.atomic
def update_review(actor: Actor, review: Review, **values) -> Review:
    require_staff(actor)
    _check_milestone(review.plan, values.get("milestone"))
    _check_body(review.plan, values.get("body"))
    changes = audit.apply_changes(review, values)
    if changes:
        review.save()
        audit.record(actor, "steering.review.update", review, changes=changes)
    return review


@transaction.atomic
def refresh_agenda(actor: Actor, review: Review) -> Review:
    """Generate the agenda again (a held review keeps the agenda it was held with)."""
    require_staff(actor)
    if review.status == Review.Status.HELD:
        raise ValidationError(_("This review was held: its agenda is kept as it was."))
    review.agenda = selectors_track.agenda_for(actor, review.plan, review.date)
    review.save(update_fields=["agenda", "updated_at"])
    audit.record(actor, "steering.review.agenda", review)
    return review


@transaction.atomic
def save_minutes(actor: Actor, review: Review, *, minutes: str, held: bool) -> Review:
    """Record the minutes; ``held`` marks the review as held (once, with the time)."""
    require_staff(actor)
    if held and not minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes before closing the review.")})
    review.minutes = minutes
    fields = ["minutes", "updated_at"]
    if held and review.status != Review.Status.HELD:
        review.status = Review.Status.HELD
        review.held_at = timezone.now()
        fields += ["status", "held_at"]
    review.save(update_fields=fields)
    audit.record(actor, "steering.review.held" if held else "steering.review.minutes", review)
    return review


@transaction.atomic
def delete_review(actor: Actor, review: Review) -> None:
    require_staff(actor)
    audit.record(actor, "steering.review.delete", review)
    review.delete()


def record_review_decision(actor: Actor, review: Review, **values):
    """A decision taken in the review (a ``Decision`` of the plan part, ``review`` set)."""
    require_staff(actor)
    return services_plan.record_decision(
        actor, review.plan, body=review.body, date=review.date, review=review, **values
    )


def add_review_action(actor: Actor, review: Review, **values):
    """A new action decided in the review (allowed on a validated plan)."""
    require_staff(actor)
    return services_plan.create_action(actor, review.plan, raised_in_review=review, **values)


# --- Obstacles


@transaction.atomic
def create_obstacle(
    actor: Actor,
    plan: ActionPlan,
    *,
    title: str,
    description: str = "",
    impact: str = Obstacle.Impact.MEDIUM,
    owner=None,
    actions=(),
    raised_in_review: Review | None = None,
) -> Obstacle:
    require_staff(actor)
    _check_owner(plan, owner)
    _check_actions(plan, actions)
    if raised_in_review is not None and raised_in_review.plan_id != plan.pk:
        raise ValidationError(_("This review belongs to another plan."))
    obstacle = Obstacle.objects.create(
        workspace=plan.workspace,
        plan=plan,
        title=title,
        description=description,
        impact=impact,
        owner=owner,
        raised_in_review=raised_in_review,
    )
    obstacle.actions.set(actions)
    audit.record(actor, "steering.obstacle.create", obstacle)
    return obstacle


@transaction.atomic
def update_obstacle(actor: Actor, obstacle: Obstacle, *, actions=None, **values) -> Obstacle:
    require_staff(actor)
    _check_owner(obstacle.plan, values.get("owner"))
    if actions is not None:
        _check_actions(obstacle.plan, actions)
    changes = audit.apply_changes(obstacle, values)
    if changes:
        obstacle.save()
    if actions is not None:
        obstacle.actions.set(actions)
    audit.record(actor, "steering.obstacle.update", obstacle, changes=changes)
    return obstacle


@transaction.atomic
def resolve_obstacle(actor: Actor, obstacle: Obstacle, *, resolution: str) -> Obstacle:
    require_staff(actor)
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how the obstacle was resolved.")})
    obstacle.status = Obstacle.Status.RESOLVED
    obstacle.resolution = resolution
    obstacle.resolved_at = timezone.now()
    obstacle.save(update_fields=["status", "resolution", "resolved_at", "updated_at"])
    audit.record(actor, "steering.obstacle.resolve", obstacle)
    return obstacle


@transaction.atomic
def reopen_obstacle(actor: Actor, obstacle: Obstacle) -> Obstacle:
    require_staff(actor)
    obstacle.status = Obstacle.Status.OPEN
    obstacle.resolved_at = None
    obstacle.save(update_fields=["status", "resolved_at", "updated_at"])
    audit.record(actor, "steering.obstacle.reopen", obstacle)
    return obstacle


@transaction.atomic
def delete_obstacle(actor: Actor, obstacle: Obstacle) -> None:
    require_staff(actor)
    audit.record(actor, "steering.obstacle.delete", obstacle)
    obstacle.delete()


# --- Progress updates (internal communication)


@transaction.atomic
def create_update(
    actor: Actor, plan: ActionPlan, *, title: str, text: str, publish: bool = False
) -> ProgressUpdate:
    require_staff(actor)
    update = ProgressUpdate.objects.create(
        workspace=plan.workspace,
        plan=plan,
        title=title,
        text=text,
        author=actor.user,
        published_at=timezone.now() if publish else None,
    )
    audit.record(actor, "steering.update.create", update)
    return update


@transaction.atomic
def edit_update(actor: Actor, update: ProgressUpdate, *, title: str, text: str) -> ProgressUpdate:
    require_staff(actor)
    changes = audit.apply_changes(update, {"title": title, "text": text})
    if changes:
        update.save()
        audit.record(actor, "steering.update.edit", update, changes=changes)
    return update


@transaction.atomic
def set_published(actor: Actor, update: ProgressUpdate, published: bool) -> ProgressUpdate:
    """Publish to the portal (the sponsor sees it) or withdraw it back to a draft."""
    require_staff(actor)
    if published and update.published_at is None:
        update.published_at = timezone.now()
    elif not published:
        update.published_at = None
    update.save(update_fields=["published_at", "updated_at"])
    audit.record(
        actor, "steering.update.publish" if published else "steering.update.withdraw", update
    )
    return update


@transaction.atomic
def delete_update(actor: Actor, update: ProgressUpdate) -> None:
    require_staff(actor)
    audit.record(actor, "steering.update.delete", update)
    update.delete()
