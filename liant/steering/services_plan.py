"""Writes of the plan part: the plan and its lifecycle, axes, objectives, actions, their
dependencies and origins, the prioritisation matrix, bodies, milestones and decisions.

Who may do what:
- staff (owners, consultants) build the plan while it is a draft;
- a submitted plan waits for governance: the workspace owner or a sponsor of the mission's
  organisation validates it, or sends it back to draft;
- once submitted or validated, the plan's structure is locked (axes, objectives, the
  actions' scope, owner, dates, dependencies and priority); the actions' status and progress
  stay open, and a milestone review may still add actions. Only the workspace owner reopens
  a validated plan, with a reason written in the decision log.

Every write is audited and refuses bad input with a ``ValidationError`` before storing
anything.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liant.core import audit
from liant.core.tenancy import Actor, require_staff
from liant.missions.models import Mission
from liant.orgs.models import Person

from .models import (
    Action,
    ActionDependency,
    ActionOrigin,
    ActionPlan,
    Axis,
    Body,
    Decision,
    Milestone,
    Objective,
)

# ---------------------------------------------------------------- permissions


def _require_mission_staff(actor: Actor, mission: Mission) -> None:
    require_staff(actor)
    if mission.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _require_plan_staff(actor: Actor, plan: ActionPlan) -> None:
    require_staff(actor)
    if plan.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _require_draft(plan: ActionPlan) -> None:
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError(
            _(
                "The plan is %(status)s: its structure is locked. Send it back to draft "
                "to change it."
            )
            % {"status": plan.get_status_display().lower()}
        )


def can_validate(actor: Actor, plan: ActionPlan) -> bool:
    """The client's governance validates: the workspace owner, or a sponsor of the mission's
    organisation. A consultant does not validate the plan they wrote."""
    if plan.workspace_id != actor.workspace_id:
        return False
    if actor.is_owner:
        return True
    return actor.is_sponsor and actor.sponsored_organization_id == plan.mission.organization_id


# ---------------------------------------------------------------- the plan


def get_or_create_plan(actor: Actor, mission: Mission) -> ActionPlan:
    """The mission's plan, created (empty, draft) on first open by a staff member."""
    _require_mission_staff(actor, mission)
    with transaction.atomic():
        plan, created = ActionPlan.objects.get_or_create(
            mission=mission,
            defaults={"workspace_id": mission.workspace_id, "title": _("Action plan")},
        )
        if created:
            audit.record(actor, "steering.plan_create", plan, f"{mission} › {plan.title}")
    return plan


def update_plan(actor: Actor, plan: ActionPlan, *, title: str) -> ActionPlan:
    _require_plan_staff(actor, plan)
    plan.title = title
    plan.full_clean()
    plan.save(update_fields=["title", "updated_at"])
    audit.record(actor, "steering.plan_update", plan, plan.title)
    return plan


def submit_plan(actor: Actor, plan: ActionPlan) -> ActionPlan:
    """Draft → submitted. The plan must have actions, each open one with an owner and a due
    date: governance validates who does what by when."""
    _require_plan_staff(actor, plan)
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != ActionPlan.Status.DRAFT:
            raise ValidationError(_("Only a draft plan can be submitted."))
        open_actions = plan.actions.exclude(status=Action.Status.CANCELLED)
        if not open_actions.exists():
            raise ValidationError(_("Add at least one action before submitting the plan."))
        incomplete = open_actions.filter(owner__isnull=True) | open_actions.filter(
            due_date__isnull=True
        )
        count = incomplete.distinct().count()
        if count:
            raise ValidationError(
                ngettext(
                    "%(count)d action still has no owner or no due date: governance "
                    "validates who does what by when.",
                    "%(count)d actions still have no owner or no due date: governance "
                    "validates who does what by when.",
                    count,
                )
                % {"count": count}
            )
        plan.status = ActionPlan.Status.SUBMITTED
        plan.submitted_at = timezone.now()
        plan.submitted_by = actor.user
        plan.validated_at = None
        plan.validated_by = None
        plan.validating_body = None
        plan.save()
        audit.record(actor, "steering.plan_submit", plan, plan.title)
    return plan


def validate_plan(
    actor: Actor, plan: ActionPlan, *, body: Body | None = None, note: str = ""
) -> ActionPlan:
    """Submitted → validated, by the owner or the client's sponsor, and logged as a decision."""
    if not can_validate(actor, plan):
        raise PermissionDenied
    if body is not None and body.plan_id != plan.pk:
        raise ValidationError({"body": _("Choose a body of this plan.")})
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != ActionPlan.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted plan can be validated."))
        now = timezone.now()
        plan.status = ActionPlan.Status.VALIDATED
        plan.validated_at = now
        plan.validated_by = actor.user
        plan.validating_body = body
        plan.save()
        decision = Decision.objects.create(
            workspace_id=plan.workspace_id,
            plan=plan,
            body=body,
            date=timezone.localdate(now),
            title=_("Action plan validated"),
            details=note,
            decided_by=body.name if body else actor.user.full_name or actor.user.email,
            recorded_by=actor.user,
        )
        decision.actions.set(plan.actions.exclude(status=Action.Status.CANCELLED))
        audit.record(actor, "steering.plan_validate", plan, plan.title)
    return plan


def return_to_draft(actor: Actor, plan: ActionPlan, *, reason: str = "") -> ActionPlan:
    """Submitted → draft (changes asked by governance, or the consultant withdraws it);
    validated → draft only by the workspace owner, with a reason kept in the decision log."""
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == ActionPlan.Status.SUBMITTED:
            if not (actor.is_staff_member or can_validate(actor, plan)):
                raise PermissionDenied
            if plan.workspace_id != actor.workspace_id:
                raise PermissionDenied
        elif plan.status == ActionPlan.Status.VALIDATED:
            if not actor.is_owner or plan.workspace_id != actor.workspace_id:
                raise PermissionDenied
            reason = " ".join((reason or "").split())
            if not reason:
                raise ValidationError({"reason": _("Say why the validated plan is reopened.")})
        else:
            raise ValidationError(_("The plan is already a draft."))
        was_validated = plan.status == ActionPlan.Status.VALIDATED
        plan.status = ActionPlan.Status.DRAFT
        plan.save()
        if was_validated or reason:
            Decision.objects.create(
                workspace_id=plan.workspace_id,
                plan=plan,
                date=timezone.localdate(),
                title=_("Action plan reopened") if was_validated else _("Changes requested"),
                details=reason,
                decided_by=actor.user.full_name or actor.user.email,
                recorded_by=actor.user,
            )
        audit.record(actor, "steering.plan_draft", plan, plan.title, {"reason": reason})
    return plan


# ---------------------------------------------------------------- axes


def _next_position(queryset) -> int:
    last = queryset.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def create_axis(
    actor: Actor, plan: ActionPlan, *, title: str, description: str = "", readout_axis=None
) -> Axis:
    _require_plan_staff(actor, plan)
    _require_draft(plan)
    if readout_axis is not None and readout_axis.readout.mission_id != plan.mission_id:
        raise ValidationError({"readout_axis": _("Choose an axis of this mission's readout.")})
    with transaction.atomic():
        axis = Axis(
            workspace_id=plan.workspace_id,
            plan=plan,
            title=title,
            description=description,
            readout_axis=readout_axis,
            position=_next_position(plan.axes.all()),
        )
        axis.full_clean()
        axis.save()
        audit.record(actor, "steering.axis_create", axis, f"{plan} › {axis}")
    return axis


def import_readout_axes(actor: Actor, plan: ActionPlan, readout_axes: Iterable) -> list[Axis]:
    """One plan axis per readout axis not imported yet, in the readout's order."""
    _require_plan_staff(actor, plan)
    _require_draft(plan)
    done = set(plan.axes.exclude(readout_axis=None).values_list("readout_axis_id", flat=True))
    created = []
    with transaction.atomic():
        for readout_axis in readout_axes:
            if readout_axis.pk in done:
                continue
            created.append(
                create_axis(
                    actor,
                    plan,
                    title=readout_axis.title,
                    description=readout_axis.description,
                    readout_axis=readout_axis,
                )
            )
    return created


def update_axis(actor: Actor, axis: Axis, *, title: str, description: str = "") -> Axis:
    _require_plan_staff(actor, axis.plan)
    _require_draft(axis.plan)
    axis.title = title
    axis.description = description
    axis.full_clean()
    axis.save()
    audit.record(actor, "steering.axis_update", axis, str(axis))
    return axis


def delete_axis(actor: Actor, axis: Axis) -> None:
    """Deletes the axis and its objectives; their actions stay in the plan, unclassified."""
    _require_plan_staff(actor, axis.plan)
    _require_draft(axis.plan)
    with transaction.atomic():
        audit.record(actor, "steering.axis_delete", axis, str(axis))
        axis.delete()


# ---------------------------------------------------------------- objectives


def _clean_objective(objective: Objective) -> None:
    objective.full_clean(exclude=["axis", "workspace"])


def create_objective(actor: Actor, axis: Axis, **fields) -> Objective:
    _require_plan_staff(actor, axis.plan)
    _require_draft(axis.plan)
    with transaction.atomic():
        objective = Objective(
            workspace_id=axis.workspace_id,
            axis=axis,
            position=_next_position(axis.objectives.all()),
            **fields,
        )
        _clean_objective(objective)
        objective.save()
        audit.record(actor, "steering.objective_create", objective, f"{axis} › {objective}")
    return objective


def update_objective(actor: Actor, objective: Objective, *, axis: Axis, **fields) -> Objective:
    plan = objective.axis.plan
    _require_plan_staff(actor, plan)
    _require_draft(plan)
    if axis.plan_id != plan.pk:
        raise ValidationError({"axis": _("Choose an axis of this plan.")})
    objective.axis = axis
    for name, value in fields.items():
        setattr(objective, name, value)
    _clean_objective(objective)
    objective.save()
    audit.record(actor, "steering.objective_update", objective, str(objective))
    return objective


def delete_objective(actor: Actor, objective: Objective) -> None:
    _require_plan_staff(actor, objective.axis.plan)
    _require_draft(objective.axis.plan)
    with transaction.atomic():
        audit.record(actor, "steering.objective_delete", objective, str(objective))
        objective.delete()


# ---------------------------------------------------------------- actions


def _check_dates(start: datetime.date | None, due: datetime.date | None) -> None:
    if start and due and due < start:
        raise ValidationError({"due_date": _("The due date cannot be before the start date.")})


def _check_people(plan: ActionPlan, owner: Person | None, contributors: Iterable[Person]) -> None:
    organization_id = plan.mission.organization_id
    if owner is not None and owner.organization_id != organization_id:
        raise ValidationError({"owner": _("Choose a person of the mission's organisation.")})
    if any(p.organization_id != organization_id for p in contributors):
        raise ValidationError({"contributors": _("Choose people of the mission's organisation.")})


def find_cycle(edges: dict[int, set[int]], action_id: int, depends_on: Iterable[int]) -> bool:
    """Would ``action_id`` depending on ``depends_on`` close a loop? ``edges`` maps each
    action to the actions it depends on (the rest of the plan)."""
    stack = list(depends_on)
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if current == action_id:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(edges.get(current, ()))
    return False


def _plan_edges(plan: ActionPlan, *, without: int | None = None) -> dict[int, set[int]]:
    edges: dict[int, set[int]] = defaultdict(set)
    rows = ActionDependency.objects.filter(action__plan=plan).values_list(
        "action_id", "depends_on_id"
    )
    for action_id, depends_on_id in rows:
        if action_id != without:
            edges[action_id].add(depends_on_id)
    return edges


def _set_dependencies(actor: Actor, action: Action, depends_on: Iterable[Action]) -> None:
    wanted = {a.pk: a for a in depends_on}
    if any(a.plan_id != action.plan_id for a in wanted.values()):
        raise ValidationError({"depends_on": _("Choose actions of this plan.")})
    if action.pk in wanted:
        raise ValidationError({"depends_on": _("An action cannot depend on itself.")})
    if find_cycle(_plan_edges(action.plan, without=action.pk), action.pk, wanted):
        raise ValidationError(
            {
                "depends_on": _(
                    "These dependencies would make a cycle: an action would end up waiting "
                    "for itself."
                )
            }
        )
    current = set(action.dependency_links.values_list("depends_on_id", flat=True))
    action.dependency_links.exclude(depends_on_id__in=list(wanted)).delete()
    ActionDependency.objects.bulk_create(
        ActionDependency(workspace_id=action.workspace_id, action=action, depends_on=other)
        for pk, other in wanted.items()
        if pk not in current
    )


# Fields of an action that belong to the plan's structure (locked once submitted).
STRUCTURE_FIELDS = ("objective", "title", "description", "owner", "start_date", "due_date")
PROGRESS_FIELDS = ("status", "progress")


def _apply_status(action: Action, status: str, progress: int) -> None:
    if status == Action.Status.DONE:
        progress = 100
        action.completed_at = action.completed_at or timezone.now()
    else:
        action.completed_at = None
    action.status = status
    action.progress = progress


def create_action(
    actor: Actor,
    plan: ActionPlan,
    *,
    title: str,
    objective: Objective | None = None,
    description: str = "",
    owner: Person | None = None,
    contributors: Iterable[Person] = (),
    start_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    priority: int = Action.Priority.NORMAL,
    status: str = Action.Status.TODO,
    progress: int = 0,
    milestone: Milestone | None = None,
    depends_on: Iterable[Action] = (),
    impact: int | None = None,
    effort: int | None = None,
    raised_in_review=None,
) -> Action:
    """A new action. In a submitted or validated plan only a milestone review adds one."""
    _require_plan_staff(actor, plan)
    if raised_in_review is None:
        _require_draft(plan)
    elif raised_in_review.plan_id != plan.pk:
        raise PermissionDenied
    contributors = list(contributors)
    if objective is not None and objective.axis.plan_id != plan.pk:
        raise ValidationError({"objective": _("Choose an objective of this plan.")})
    if milestone is not None and milestone.plan_id != plan.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this plan.")})
    _check_dates(start_date, due_date)
    _check_people(plan, owner, contributors)
    with transaction.atomic():
        action = Action(
            workspace_id=plan.workspace_id,
            plan=plan,
            objective=objective,
            title=title,
            description=description,
            owner=owner,
            start_date=start_date,
            due_date=due_date,
            priority=priority,
            milestone=milestone,
            impact=impact,
            effort=effort,
            raised_in_review=raised_in_review,
            position=_next_position(plan.actions.all()),
        )
        _apply_status(action, status, progress)
        action.full_clean(exclude=["plan", "workspace"])
        action.save()
        if contributors:
            action.contributors.set(contributors)
        _set_dependencies(actor, action, depends_on)
        audit.record(actor, "steering.action_create", action, f"{plan} › {action}")
    return action


def update_action(
    actor: Actor,
    action: Action,
    *,
    contributors: Iterable[Person] | None = None,
    depends_on: Iterable[Action] | None = None,
    **fields,
) -> Action:
    """Change an action. Structure fields, contributors and dependencies only in a draft
    plan; status and progress at any time (see ``set_progress``)."""
    plan = action.plan
    _require_plan_staff(actor, plan)
    _require_draft(plan)
    contributors = list(contributors) if contributors is not None else None
    objective = fields.get("objective", action.objective)
    if objective is not None and objective.axis.plan_id != plan.pk:
        raise ValidationError({"objective": _("Choose an objective of this plan.")})
    milestone = fields.get("milestone", action.milestone)
    if milestone is not None and milestone.plan_id != plan.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this plan.")})
    _check_dates(
        fields.get("start_date", action.start_date), fields.get("due_date", action.due_date)
    )
    _check_people(plan, fields.get("owner", action.owner), contributors or ())
    with transaction.atomic():
        before = {name: str(getattr(action, name)) for name in fields}
        status = fields.pop("status", action.status)
        progress = fields.pop("progress", action.progress)
        for name, value in fields.items():
            setattr(action, name, value)
        _apply_status(action, status, progress)
        action.full_clean(exclude=["plan", "workspace"])
        action.save()
        if contributors is not None:
            action.contributors.set(contributors)
        if depends_on is not None:
            _set_dependencies(actor, action, depends_on)
        after = {name: str(getattr(action, name)) for name in before}
        changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        audit.record(actor, "steering.action_update", action, str(action), changes)
    return action


def set_progress(actor: Actor, action: Action, *, status: str, progress: int) -> Action:
    """Status and progress: open whatever the plan's lifecycle (the plan is being carried out)."""
    _require_plan_staff(actor, action.plan)
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage, from 0 to 100.")})
    before = (action.status, action.progress)
    _apply_status(action, status, progress)
    action.save(update_fields=["status", "progress", "completed_at", "updated_at"])
    audit.record(
        actor,
        "steering.action_progress",
        action,
        str(action),
        {"status": [before[0], action.status], "progress": [before[1], action.progress]},
    )
    return action


def delete_action(actor: Actor, action: Action) -> None:
    _require_plan_staff(actor, action.plan)
    _require_draft(action.plan)
    with transaction.atomic():
        audit.record(actor, "steering.action_delete", action, str(action))
        action.delete()


def add_origin(
    actor: Actor,
    action: Action,
    *,
    kind: str,
    source_text: str,
    source=None,
    details: dict | None = None,
) -> ActionOrigin:
    """Record why an action exists, when the source is not a workshop card or group
    (those are recorded by the workshops' turn-into service)."""
    _require_plan_staff(actor, action.plan)
    if kind not in ActionOrigin.Kind.values:
        raise ValidationError(_("Unknown kind of origin."))
    if source is not None and getattr(source, "workspace_id", None) != action.workspace_id:
        raise PermissionDenied
    origin = ActionOrigin(
        workspace_id=action.workspace_id,
        action=action,
        kind=kind,
        source_text=" ".join(source_text.split())[:500],
        source=source,
        details=details or {},
        created_by=actor.user,
    )
    origin.save()
    audit.record(actor, "steering.action_origin", action, f"{action} ← {origin.source_text[:80]}")
    return origin


def create_action_from(
    actor: Actor,
    plan: ActionPlan,
    *,
    kind: str,
    source,
    source_text: str,
    details: dict | None = None,
    **fields,
) -> Action:
    """A new action turned from a source of the same mission (an interview theme, a survey
    result, a promise review gap, a vigilance point, a consultation statement), with the
    origin that says so: both or nothing."""
    with transaction.atomic():
        action = create_action(actor, plan, **fields)
        add_origin(
            actor, action, kind=kind, source_text=source_text, source=source, details=details
        )
    return action


# ---------------------------------------------------------------- prioritisation matrix


def place_on_matrix(actor: Actor, action: Action, *, impact: int | None, effort: int | None):
    """Place an action on the impact/effort matrix (both 1–5), or take it off (both None)."""
    _require_plan_staff(actor, action.plan)
    _require_draft(action.plan)
    low, high = Action.SCORE_RANGE
    if (impact is None) != (effort is None):
        raise ValidationError(_("Give both the impact and the effort, or neither."))
    for name, value in (("impact", impact), ("effort", effort)):
        if value is not None and not low <= value <= high:
            raise ValidationError({name: _("Choose a score from 1 to 5.")})
    before = (action.impact, action.effort)
    action.impact, action.effort = impact, effort
    action.save(update_fields=["impact", "effort", "updated_at"])
    audit.record(
        actor,
        "steering.action_matrix",
        action,
        str(action),
        {"impact": [before[0], impact], "effort": [before[1], effort]},
    )
    return action


def impact_from_votes(votes: int, most: int) -> int:
    """A dot count scaled to the matrix's 1–5 impact: the most voted item gets 5."""
    if most <= 0:
        return 1
    return max(1, min(5, round(1 + 4 * votes / most)))


# ---------------------------------------------------------------- governance


def create_body(actor: Actor, plan: ActionPlan, *, members: Iterable[Person] = (), **fields):
    _require_plan_staff(actor, plan)
    members = list(members)
    _check_people(plan, None, members)
    with transaction.atomic():
        body = Body(workspace_id=plan.workspace_id, plan=plan, **fields)
        body.full_clean(exclude=["plan", "workspace"])
        body.save()
        body.members.set(members)
        audit.record(actor, "steering.body_create", body, f"{plan} › {body}")
    return body


def update_body(actor: Actor, body: Body, *, members: Iterable[Person] = (), **fields) -> Body:
    _require_plan_staff(actor, body.plan)
    members = list(members)
    _check_people(body.plan, None, members)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(body, name, value)
        body.full_clean(exclude=["plan", "workspace"])
        body.save()
        body.members.set(members)
        audit.record(actor, "steering.body_update", body, str(body))
    return body


def delete_body(actor: Actor, body: Body) -> None:
    _require_plan_staff(actor, body.plan)
    with transaction.atomic():
        audit.record(actor, "steering.body_delete", body, str(body))
        body.delete()


def record_decision(
    actor: Actor,
    plan: ActionPlan,
    *,
    date: datetime.date,
    title: str,
    details: str = "",
    decided_by: str = "",
    body: Body | None = None,
    actions: Iterable[Action] = (),
    review=None,
) -> Decision:
    """A dated decision of the log (open whatever the plan's lifecycle: governance decides
    all along the mission)."""
    _require_plan_staff(actor, plan)
    actions = list(actions)
    if body is not None and body.plan_id != plan.pk:
        raise ValidationError({"body": _("Choose a body of this plan.")})
    if any(a.plan_id != plan.pk for a in actions):
        raise ValidationError({"actions": _("Choose actions of this plan.")})
    if review is not None and review.plan_id != plan.pk:
        raise PermissionDenied
    with transaction.atomic():
        decision = Decision(
            workspace_id=plan.workspace_id,
            plan=plan,
            body=body,
            date=date,
            title=title,
            details=details,
            decided_by=decided_by,
            review=review,
            recorded_by=actor.user,
        )
        decision.full_clean(exclude=["plan", "workspace", "review"])
        decision.save()
        decision.actions.set(actions)
        audit.record(actor, "steering.decision_record", decision, f"{date} · {title}")
    return decision


def delete_decision(actor: Actor, decision: Decision) -> None:
    _require_plan_staff(actor, decision.plan)
    with transaction.atomic():
        audit.record(actor, "steering.decision_delete", decision, str(decision))
        decision.delete()


# ---------------------------------------------------------------- milestones


def create_milestone(actor: Actor, plan: ActionPlan, **fields) -> Milestone:
    _require_plan_staff(actor, plan)
    with transaction.atomic():
        milestone = Milestone(workspace_id=plan.workspace_id, plan=plan, **fields)
        milestone.full_clean(exclude=["plan", "workspace"])
        milestone.save()
        audit.record(actor, "steering.milestone_create", milestone, f"{plan} › {milestone}")
    return milestone


def update_milestone(actor: Actor, milestone: Milestone, **fields) -> Milestone:
    _require_plan_staff(actor, milestone.plan)
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean(exclude=["plan", "workspace"])
    milestone.save()
    audit.record(actor, "steering.milestone_update", milestone, str(milestone))
    return milestone


def delete_milestone(actor: Actor, milestone: Milestone) -> None:
    _require_plan_staff(actor, milestone.plan)
    with transaction.atomic():
        audit.record(actor, "steering.milestone_delete", milestone, str(milestone))
        milestone.delete()
