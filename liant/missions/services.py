"""Writes on missions, phases, checklists and workspace templates.

Every function checks the actor's rights, validates, writes in one transaction and records
an audit entry. Bad input raises ``ValidationError`` and stores nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liant.accounts.models import User
from liant.core import audit
from liant.core.tenancy import Actor, Role, require_staff
from liant.orgs.models import Organization, Unit

from .models import ChecklistItem, Mission, MissionTemplate, Phase, PhaseTemplate, localized

LANGUAGES = ("fr", "en")


def _check_same_workspace(actor: Actor, obj) -> None:
    if obj.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Please give the mission a title.")})
    return title


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose French or English.")})


def _check_consultants(actor: Actor, consultants: Iterable[User]) -> list[User]:
    consultants = list(consultants)
    allowed = set(
        User.objects.filter(
            memberships__workspace=actor.workspace_id, memberships__role__in=Role.STAFF
        ).values_list("pk", flat=True)
    )
    if any(user.pk not in allowed for user in consultants):
        raise ValidationError(
            {"consultants": _("Consultants must be owners or consultants of this workspace.")}
        )
    return consultants


def _check_units(organization: Organization, units: Iterable[Unit]) -> list[Unit]:
    units = list(units)
    if any(
        unit.organization_id != organization.pk or unit.workspace_id != organization.workspace_id
        for unit in units
    ):
        raise ValidationError(
            {"units_in_scope": _("Units in scope must belong to the mission's organisation.")}
        )
    return units


def _check_dates(start: datetime.date | None, end: datetime.date | None, field: str) -> None:
    if start and end and end < start:
        raise ValidationError({field: _("The end date cannot be before the start date.")})


# --- Missions


def planned_phases(
    template: MissionTemplate, start_date: datetime.date
) -> list[tuple[PhaseTemplate, datetime.date, datetime.date]]:
    """The template's phases laid end to end from the start date, by default duration."""
    laid = []
    start = start_date
    for phase in template.phases.all():
        end = start + datetime.timedelta(weeks=max(phase.duration_weeks, 1), days=-1)
        laid.append((phase, start, end))
        start = end + datetime.timedelta(days=1)
    return laid


@transaction.atomic
def create_mission(
    actor: Actor,
    *,
    organization: Organization,
    title: str,
    start_date: datetime.date,
    template: MissionTemplate | None = None,
    description: str = "",
    language: str = "fr",
    consultants: Sequence[User] = (),
    units_in_scope: Sequence[Unit] = (),
) -> Mission:
    """Create a mission; its phases and checklists come from the template, in ``language``."""
    require_staff(actor)
    _check_same_workspace(actor, organization)
    title = _clean_title(title)
    _check_language(language)
    if start_date is None:
        raise ValidationError({"start_date": _("Please give a start date.")})
    if template is not None and template.workspace_id not in (None, actor.workspace_id):
        raise ValidationError({"template": _("This template is not available.")})
    consultants = _check_consultants(actor, consultants)
    units = _check_units(organization, units_in_scope)

    mission = Mission.objects.create(
        workspace=actor.workspace,
        organization=organization,
        template=template,
        title=title,
        description=(description or "").strip(),
        language=language,
        start_date=start_date,
    )
    mission.consultants.set(consultants)
    mission.units_in_scope.set(units)

    if template is not None:
        items = []
        for order, (source, start, end) in enumerate(planned_phases(template, start_date)):
            phase = Phase.objects.create(
                workspace=actor.workspace,
                mission=mission,
                order=order,
                name=localized(source.name, language)[:200],
                objectives=localized(source.objectives, language),
                typical_actions="\n".join(localized(source.typical_actions, language) or []),
                deliverable=localized(source.deliverable, language)[:300],
                planned_start=start,
                planned_end=end,
            )
            labels = localized(source.checklist, language) or []
            items += [
                ChecklistItem(workspace=actor.workspace, phase=phase, label=label[:300], position=i)
                for i, label in enumerate(labels)
                if label.strip()
            ]
        ChecklistItem.objects.bulk_create(items)

    audit.record(
        actor,
        "mission.create",
        mission,
        mission.title,
        {
            "organization": organization.pk,
            "template": template.key if template else None,
            "start_date": start_date.isoformat(),
        },
    )
    return mission


@transaction.atomic
def update_mission(
    actor: Actor,
    mission: Mission,
    *,
    title: str,
    description: str = "",
    language: str = "fr",
    status: str | None = None,
    start_date: datetime.date,
    consultants: Sequence[User] = (),
    units_in_scope: Sequence[Unit] = (),
) -> Mission:
    """Update a mission. Moving the start date shifts every phase's planned dates with it."""
    require_staff(actor)
    _check_same_workspace(actor, mission)
    _check_language(language)
    if status is not None and status not in Mission.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if start_date is None:
        raise ValidationError({"start_date": _("Please give a start date.")})
    consultants = _check_consultants(actor, consultants)
    units = _check_units(mission.organization, units_in_scope)

    old_start = mission.start_date
    changes = audit.apply_changes(
        mission,
        {
            "title": _clean_title(title),
            "description": (description or "").strip(),
            "language": language,
            "start_date": start_date,
            **({"status": status} if status is not None else {}),
        },
    )
    mission.save()

    old_consultants = sorted(mission.consultants.values_list("pk", flat=True))
    if old_consultants != sorted(u.pk for u in consultants):
        changes["consultants"] = [old_consultants, sorted(u.pk for u in consultants)]
        mission.consultants.set(consultants)
    old_units = sorted(mission.units_in_scope.values_list("pk", flat=True))
    if old_units != sorted(u.pk for u in units):
        changes["units_in_scope"] = [old_units, sorted(u.pk for u in units)]
        mission.units_in_scope.set(units)

    if start_date != old_start:
        delta = start_date - old_start
        phases = list(mission.phases.all())
        for phase in phases:
            phase.planned_start += delta
            phase.planned_end += delta
        Phase.objects.bulk_update(phases, ["planned_start", "planned_end"])
        changes["phases_shifted_days"] = delta.days

    audit.record(actor, "mission.update", mission, mission.title, changes)
    return mission


@transaction.atomic
def set_mission_status(actor: Actor, mission: Mission, status: str) -> Mission:
    require_staff(actor)
    _check_same_workspace(actor, mission)
    if status not in Mission.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    changes = audit.apply_changes(mission, {"status": status})
    if changes:
        mission.save(update_fields=["status", "updated_at"])
        audit.record(actor, "mission.status", mission, mission.title, changes)
    return mission


@transaction.atomic
def delete_mission(actor: Actor, mission: Mission) -> None:
    require_staff(actor)
    _check_same_workspace(actor, mission)
    audit.record(
        actor, "mission.delete", mission, mission.title, {"organization": mission.organization_id}
    )
    mission.delete()


# --- Phases

PHASE_FIELDS = (
    "name",
    "objectives",
    "typical_actions",
    "deliverable",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
)


def _validate_phase(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    values["name"] = (values.get("name") or "").strip()
    if not values["name"]:
        raise ValidationError({"name": _("Please name the phase.")})
    if values.get("status", Phase.Status.PLANNED) not in Phase.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if not values.get("planned_start") or not values.get("planned_end"):
        raise ValidationError({"planned_start": _("Please give the planned dates.")})
    _check_dates(values["planned_start"], values["planned_end"], "planned_end")
    _check_dates(values.get("actual_start"), values.get("actual_end"), "actual_end")
    if values.get("actual_end") and not values.get("actual_start"):
        raise ValidationError({"actual_start": _("Give the actual start as well.")})
    for field in ("objectives", "typical_actions", "deliverable"):
        values[field] = (values.get(field) or "").strip()
    return values


@transaction.atomic
def add_phase(actor: Actor, mission: Mission, **values: Any) -> Phase:
    require_staff(actor)
    _check_same_workspace(actor, mission)
    values = _validate_phase({k: v for k, v in values.items() if k in PHASE_FIELDS})
    last = mission.phases.aggregate(last=Max("order"))["last"]
    phase = Phase.objects.create(
        workspace=actor.workspace,
        mission=mission,
        order=0 if last is None else last + 1,
        **values,
    )
    audit.record(actor, "phase.create", phase, f"{mission.title} · {phase.name}")
    return phase


@transaction.atomic
def update_phase(actor: Actor, phase: Phase, **values: Any) -> Phase:
    require_staff(actor)
    _check_same_workspace(actor, phase)
    current = {field: getattr(phase, field) for field in PHASE_FIELDS}
    values = _validate_phase({**current, **{k: v for k, v in values.items() if k in PHASE_FIELDS}})
    changes = audit.apply_changes(phase, values)
    if changes:
        phase.save()
        audit.record(actor, "phase.update", phase, phase.name, changes)
    return phase


@transaction.atomic
def set_phase_status(
    actor: Actor, phase: Phase, status: str, today: datetime.date | None = None
) -> Phase:
    """Start, complete or reopen a phase, filling in the actual dates that are missing."""
    require_staff(actor)
    _check_same_workspace(actor, phase)
    if status not in Phase.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    today = today or timezone.localdate()
    values: dict[str, Any] = {"status": status}
    if status == Phase.Status.ACTIVE:
        values["actual_start"] = phase.actual_start or today
        values["actual_end"] = None
    elif status == Phase.Status.DONE:
        start = phase.actual_start or min(phase.planned_start, today)
        values["actual_start"] = start
        values["actual_end"] = phase.actual_end or max(today, start)
    changes = audit.apply_changes(phase, values)
    if changes:
        phase.save()
        audit.record(actor, "phase.status", phase, phase.name, changes)
    return phase


@transaction.atomic
def delete_phase(actor: Actor, phase: Phase) -> None:
    require_staff(actor)
    _check_same_workspace(actor, phase)
    audit.record(actor, "phase.delete", phase, phase.name, {"mission": phase.mission_id})
    phase.delete()


# --- Checklist items


@transaction.atomic
def add_checklist_item(actor: Actor, phase: Phase, label: str) -> ChecklistItem:
    require_staff(actor)
    _check_same_workspace(actor, phase)
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": _("Please write the item.")})
    last = phase.checklist.aggregate(last=Max("position"))["last"]
    item = ChecklistItem.objects.create(
        workspace=actor.workspace,
        phase=phase,
        label=label[:300],
        position=0 if last is None else last + 1,
    )
    audit.record(actor, "checklist.create", item, f"{phase.name} · {item.label}")
    return item


@transaction.atomic
def set_checklist_item_done(actor: Actor, item: ChecklistItem, done: bool) -> ChecklistItem:
    require_staff(actor)
    _check_same_workspace(actor, item)
    changes = audit.apply_changes(item, {"done": bool(done)})
    if changes:
        item.save(update_fields=["done", "updated_at"])
        audit.record(actor, "checklist.update", item, item.label, changes)
    return item


@transaction.atomic
def delete_checklist_item(actor: Actor, item: ChecklistItem) -> None:
    require_staff(actor)
    _check_same_workspace(actor, item)
    audit.record(actor, "checklist.delete", item, item.label, {"phase": item.phase_id})
    item.delete()


# --- Workspace templates


def _template_is_usable(actor: Actor, template: MissionTemplate) -> None:
    if template.workspace_id not in (None, actor.workspace_id):
        raise PermissionDenied


def _check_own_template(actor: Actor, template: MissionTemplate) -> None:
    if template.workspace_id is None:
        raise PermissionDenied  # built-in templates are read-only
    if template.workspace_id != actor.workspace_id:
        raise PermissionDenied


@transaction.atomic
def copy_template(actor: Actor, template: MissionTemplate) -> MissionTemplate:
    """An editable copy, in the actor's workspace, of a built-in or workspace template."""
    require_staff(actor)
    _template_is_usable(actor, template)
    name = {}
    for lang, text in (template.name or {}).items():
        with translation.override(lang):
            name[lang] = (_("%(name)s (copy)") % {"name": text})[:200] if text else ""
    copy = MissionTemplate.objects.create(
        workspace=actor.workspace,
        key=template.key[:50],
        name=name,
        summary=dict(template.summary or {}),
        copied_from=template,
    )
    PhaseTemplate.objects.bulk_create(
        PhaseTemplate(
            template=copy,
            order=phase.order,
            name=phase.name,
            objectives=phase.objectives,
            typical_actions=phase.typical_actions,
            checklist=phase.checklist,
            deliverable=phase.deliverable,
            duration_weeks=phase.duration_weeks,
        )
        for phase in template.phases.all()
    )
    audit.record(actor, "template.copy", copy, copy.display_name, {"from": template.pk})
    return copy


def _bilingual(value: Any, lists: bool = False) -> dict:
    value = value or {}
    if lists:
        return {
            lang: [line.strip() for line in (value.get(lang) or []) if line.strip()]
            for lang in LANGUAGES
        }
    return {lang: (value.get(lang) or "").strip() for lang in LANGUAGES}


@transaction.atomic
def update_template(
    actor: Actor,
    template: MissionTemplate,
    *,
    name: dict,
    summary: dict,
    phases: Sequence[dict],
) -> MissionTemplate:
    """Replace a workspace template's texts and phases.

    ``phases`` is the new ordered list; each item holds ``id`` (an existing phase of this
    template, or None for a new one), the bilingual texts and ``duration_weeks``. Existing
    phases left out of the list are deleted.
    """
    require_staff(actor)
    _check_own_template(actor, template)
    name, summary = _bilingual(name), _bilingual(summary)
    if not any(name.values()):
        raise ValidationError({"name": _("Please name the template, in French or in English.")})
    if not phases:
        raise ValidationError(_("A template needs at least one phase."))

    existing = {phase.pk: phase for phase in template.phases.all()}
    kept = []
    for order, data in enumerate(phases):
        values = {
            "order": order,
            "name": _bilingual(data.get("name")),
            "objectives": _bilingual(data.get("objectives")),
            "deliverable": _bilingual(data.get("deliverable")),
            "typical_actions": _bilingual(data.get("typical_actions"), lists=True),
            "checklist": _bilingual(data.get("checklist"), lists=True),
            "duration_weeks": int(data.get("duration_weeks") or 1),
        }
        if not any(values["name"].values()):
            raise ValidationError(_("Every phase needs a name, in French or in English."))
        if not 1 <= values["duration_weeks"] <= 104:
            raise ValidationError(_("A phase lasts between 1 and 104 weeks."))
        pk = data.get("id")
        if pk:
            if pk not in existing:
                raise ValidationError(_("This phase is not part of the template."))
            phase = existing[pk]
            for field, value in values.items():
                setattr(phase, field, value)
            phase.save()
            kept.append(pk)
        else:
            kept.append(PhaseTemplate.objects.create(template=template, **values).pk)
    removed = [pk for pk in existing if pk not in kept]
    PhaseTemplate.objects.filter(pk__in=removed).delete()

    changes = audit.apply_changes(template, {"name": name, "summary": summary})
    template.save()
    changes["phases"] = len(kept)
    if removed:
        changes["phases_removed"] = len(removed)
    audit.record(actor, "template.update", template, template.display_name, changes)
    return template


@transaction.atomic
def delete_template(actor: Actor, template: MissionTemplate) -> None:
    """Delete a workspace template; missions made from it keep their phases."""
    require_staff(actor)
    _check_own_template(actor, template)
    audit.record(actor, "template.delete", template, template.display_name)
    template.delete()
