"""Writes of the readout (part e of issue 5): the readout itself, its priority axes, their
findings and the evidence behind each finding, publication.

Every function starts from ``require_mission_staff`` and is audited. Positions are dense
(0, 1, 2…) within their list: axes within the readout, findings within (axis, kind),
evidence within the finding.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor
from liant.missions.models import Mission

from .models import Axis, CodedSegment, Evidence, Finding, Readout, SurveyQuestion, Theme, Wave
from .services import require_mission_staff

# The four axes a readout starts with (the user can rename, remove, reorder or add).
DEFAULT_AXES = (Axis.Kind.OPERATIONAL, Axis.Kind.TOOLS, Axis.Kind.ORGANISATION, Axis.Kind.HR)


def _renumber(items) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])


def _move(items: list, item, offset: int) -> bool:
    """Move ``item`` ``offset`` places (−1 up, +1 down) in ``items``; True if it moved."""
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = max(0, min(len(items) - 1, index + offset))
    if target == index:
        return False
    items.insert(target, items.pop(index))
    _renumber(items)
    return True


# --- The readout


def ensure_readout(actor: Actor, mission: Mission) -> Readout:
    """The mission's readout, created on first open with the four default axes, titled in the
    actor's current language."""
    require_mission_staff(actor, mission)
    with transaction.atomic():
        readout, created = Readout.objects.select_for_update().get_or_create(
            mission=mission,
            defaults={"workspace": mission.workspace, "title": _("Readout of the diagnostic")},
        )
        if created:
            for position, kind in enumerate(DEFAULT_AXES):
                Axis.objects.create(
                    workspace=mission.workspace,
                    readout=readout,
                    kind=kind,
                    title=str(Axis.Kind(kind).label),
                    position=position,
                )
            audit.record(actor, "diagnostic.readout_create", readout, readout.title)
    return readout


def update_readout(actor: Actor, readout: Readout, *, title: str, introduction: str) -> Readout:
    require_mission_staff(actor, readout.mission)
    readout.title = title
    readout.introduction = introduction
    readout.full_clean()
    readout.save()
    audit.record(actor, "diagnostic.readout_update", readout, readout.title)
    return readout


def publish_readout(actor: Actor, readout: Readout) -> Readout:
    """Make the readout visible to the mission's sponsors (read-only); it needs a finding."""
    require_mission_staff(actor, readout.mission)
    if not Finding.objects.filter(axis__readout=readout).exists():
        raise ValidationError(_("Write at least one finding before publishing the readout."))
    with transaction.atomic():
        readout.status = Readout.Status.PUBLISHED
        readout.published_at = timezone.now()
        readout.save(update_fields=["status", "published_at", "updated_at"])
        audit.record(actor, "diagnostic.readout_publish", readout, readout.title)
    return readout


def unpublish_readout(actor: Actor, readout: Readout) -> Readout:
    require_mission_staff(actor, readout.mission)
    with transaction.atomic():
        readout.status = Readout.Status.DRAFT
        readout.published_at = None
        readout.save(update_fields=["status", "published_at", "updated_at"])
        audit.record(actor, "diagnostic.readout_unpublish", readout, readout.title)
    return readout


# --- Axes


def add_axis(actor: Actor, readout: Readout, *, title: str, kind: str, description: str) -> Axis:
    require_mission_staff(actor, readout.mission)
    with transaction.atomic():
        count = Axis.objects.select_for_update().filter(readout=readout).count()
        axis = Axis(
            workspace=readout.workspace,
            readout=readout,
            title=title,
            kind=kind,
            description=description,
            position=count,
        )
        axis.full_clean()
        axis.save()
        audit.record(actor, "diagnostic.axis_add", axis, axis.title)
    return axis


def update_axis(actor: Actor, axis: Axis, *, title: str, kind: str, description: str) -> Axis:
    require_mission_staff(actor, axis.readout.mission)
    axis.title, axis.kind, axis.description = title, kind, description
    axis.full_clean()
    axis.save()
    audit.record(actor, "diagnostic.axis_update", axis, axis.title)
    return axis


def delete_axis(actor: Actor, axis: Axis) -> None:
    readout = axis.readout
    require_mission_staff(actor, readout.mission)
    with transaction.atomic():
        audit.record(actor, "diagnostic.axis_delete", axis, axis.title)
        axis.delete()
        _renumber(list(Axis.objects.select_for_update().filter(readout=readout)))


def move_axis(actor: Actor, axis: Axis, offset: int) -> Axis:
    require_mission_staff(actor, axis.readout.mission)
    with transaction.atomic():
        axes = list(Axis.objects.select_for_update().filter(readout=axis.readout_id))
        if _move(axes, axis, offset):
            audit.record(actor, "diagnostic.axis_move", axis, axis.title)
    return axis


# --- Findings, strengths, potential, conditions of success


def _siblings(finding: Finding):
    return Finding.objects.select_for_update().filter(axis=finding.axis_id, kind=finding.kind)


def add_finding(actor: Actor, axis: Axis, *, kind: str, text: str) -> Finding:
    require_mission_staff(actor, axis.readout.mission)
    with transaction.atomic():
        count = Finding.objects.select_for_update().filter(axis=axis, kind=kind).count()
        finding = Finding(workspace=axis.workspace, axis=axis, kind=kind, text=text, position=count)
        finding.full_clean()
        finding.save()
        audit.record(actor, "diagnostic.finding_add", finding, str(finding))
    return finding


def update_finding(actor: Actor, finding: Finding, *, kind: str, text: str) -> Finding:
    require_mission_staff(actor, finding.axis.readout.mission)
    with transaction.atomic():
        old_kind = finding.kind
        finding.text = text
        if kind != old_kind:  # goes to the end of its new list
            finding.kind = kind
            finding.position = Finding.objects.filter(axis=finding.axis_id, kind=kind).count()
        finding.full_clean()
        finding.save()
        if kind != old_kind:
            _renumber(list(Finding.objects.filter(axis=finding.axis_id, kind=old_kind)))
        audit.record(actor, "diagnostic.finding_update", finding, str(finding))
    return finding


def delete_finding(actor: Actor, finding: Finding) -> None:
    require_mission_staff(actor, finding.axis.readout.mission)
    with transaction.atomic():
        audit.record(actor, "diagnostic.finding_delete", finding, str(finding))
        finding.delete()
        _renumber(list(_siblings(finding)))


def move_finding(actor: Actor, finding: Finding, offset: int) -> Finding:
    """Up or down within its own list (the findings, strengths… of its axis)."""
    require_mission_staff(actor, finding.axis.readout.mission)
    with transaction.atomic():
        if _move(list(_siblings(finding)), finding, offset):
            audit.record(actor, "diagnostic.finding_move", finding, str(finding))
    return finding


# --- Evidence


def add_evidence(
    actor: Actor,
    finding: Finding,
    *,
    segment: CodedSegment | None = None,
    theme: Theme | None = None,
    question: SurveyQuestion | None = None,
    wave: Wave | None = None,
    comment: str = "",
) -> Evidence:
    """Support a finding with exactly one of: a coded excerpt, a theme, or a survey question
    in one of its survey's waves — all taken from this mission's campaigns and surveys."""
    mission = finding.axis.readout.mission
    require_mission_staff(actor, mission)
    targets = sum(1 for target in (segment, theme, question or wave) if target is not None)
    if targets != 1:
        raise ValidationError(
            _("Choose exactly one piece of evidence: an excerpt, a theme or a survey question.")
        )
    if (question is None) != (wave is None):
        raise ValidationError(_("A survey question is shown for one wave: choose the wave."))
    if segment is not None:
        campaign = segment.note.interview.campaign
        if segment.workspace_id != actor.workspace_id or campaign.mission_id != mission.pk:
            raise ValidationError(_("This excerpt does not belong to this mission."))
    if theme is not None and (
        theme.workspace_id != actor.workspace_id or theme.campaign.mission_id != mission.pk
    ):
        raise ValidationError(_("This theme does not belong to this mission."))
    if question is not None:
        if question.workspace_id != actor.workspace_id or question.survey.mission_id != mission.pk:
            raise ValidationError(_("This survey question does not belong to this mission."))
        if wave.survey_id != question.survey_id or wave.workspace_id != actor.workspace_id:
            raise ValidationError(_("This wave is not a wave of the question’s survey."))
        if wave.status == Wave.Status.DRAFT:
            raise ValidationError(_("This wave has not been opened: it has no answers."))
    with transaction.atomic():
        existing = Evidence.objects.select_for_update().filter(finding=finding)
        if existing.filter(segment=segment, theme=theme, question=question, wave=wave).exists():
            raise ValidationError(_("This evidence already supports the finding."))
        evidence = Evidence(
            workspace=finding.workspace,
            finding=finding,
            segment=segment,
            theme=theme,
            question=question,
            wave=wave,
            comment=comment,
            position=existing.count(),
        )
        evidence.full_clean()
        evidence.save()
        audit.record(actor, "diagnostic.evidence_add", evidence, f"{finding} · {evidence.kind}")
    return evidence


def delete_evidence(actor: Actor, evidence: Evidence) -> None:
    finding = evidence.finding
    require_mission_staff(actor, finding.axis.readout.mission)
    with transaction.atomic():
        audit.record(actor, "diagnostic.evidence_delete", evidence, f"{finding} · {evidence.kind}")
        evidence.delete()
        _renumber(list(Evidence.objects.select_for_update().filter(finding=finding)))
