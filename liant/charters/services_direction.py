"""Writes on direction projects: the standard sections, their sources, and the governance
validation. Sections, versions, comments and amendments are the charter's (``services``).

Each function runs in one transaction and changes nothing when it refuses (``ValidationError``
with a message for the person)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import selectors, selectors_direction, services
from .models import Clause, Document, Version
from .models_direction import (
    ADJUSTMENT_MAX_LENGTH,
    SOURCE_TEXT_MAX_LENGTH,
    Adjustment,
    GovernanceSubmission,
    SectionSource,
)

Stage = Document.Stage
Outcome = GovernanceSubmission.Outcome


def standard_sections(axes: list[str]) -> list[tuple[str, str]]:
    """(title, starting text) of the sections every direction project starts with, in the
    active language; the commitments list the mission's plan axes when there are some."""
    commitments = _("For each priority axis, what we commit to, with whom and by when.")
    if axes:
        commitments += "\n" + "\n".join(f"– {axis}" for axis in axes)
    return [
        (
            _("Identity and purpose — the why"),
            _("Who we are and why we exist: what we bring to those we serve."),
        ),
        (_("Missions"), _("What we do and for whom: the missions entrusted to us.")),
        (
            _("Ambitions and strategic orientations"),
            _("Where we want to be in three to five years, and the orientations that lead there."),
        ),
        (
            _("Values and ways of working — the how"),
            _("The values we share and how we work together, with our partners and users."),
        ),
        (_("Commitments per axis"), commitments),
    ]


@transaction.atomic
def create_direction(actor: Actor, mission, *, title: str, purpose: str = "") -> Document:
    from liant.steering.models import Axis

    document = services.create_document(
        actor, mission, title=title, purpose=purpose, kind=Document.Kind.DIRECTION
    )
    axes = Axis.objects.filter(workspace_id=actor.workspace_id, plan__mission=mission)
    for section_title, text in standard_sections([a.title for a in axes]):
        services.add_clause(actor, document, title=section_title, text=text)
    return document


def _require_direction(actor: Actor, document: Document) -> None:
    require_staff(actor)
    if document.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if document.kind != Document.Kind.DIRECTION:
        raise ValidationError(_("This is not a direction project."))


# ---- Sources of a section ---------------------------------------------------------------


def _copy(source) -> tuple[str, str, str]:
    """(kind, label, text) of a card, a group or a canvas zone, as it reads now."""
    from liant.workshops.models import Card, Cluster, Column

    if isinstance(source, Card):
        return SectionSource.Kind.CARD, source.column.title, source.text
    visible = source.cards.filter(hidden=False).order_by("position", "id")
    texts = "\n".join(f"– {c.text}" for c in visible)
    if isinstance(source, Cluster):
        return SectionSource.Kind.CLUSTER, source.title or _("Untitled group"), texts
    if isinstance(source, Column):
        return SectionSource.Kind.ZONE, f"{source.board.title} · {source.title}", texts
    raise ValidationError(_("Choose a card, a group or a canvas zone."))


@transaction.atomic
def add_sources(actor: Actor, section: Clause, outputs: list) -> list[SectionSource]:
    """Link workshop outputs (cards, groups, canvas zones of the mission's workshops) as the
    sources of a section; an output already linked to the section is skipped."""
    document = section.version.document
    _require_direction(actor, document)
    if document.stage == Stage.PUBLISHED:
        raise ValidationError(_("This direction project is published: its sources are closed."))
    if not outputs:
        raise ValidationError(_("Choose at least one card, group or canvas zone."))
    created = []
    for output in outputs:
        workshop = output.board.workshop
        if output.workspace_id != actor.workspace_id or workshop.mission_id != document.mission_id:
            raise ValidationError(_("Choose outputs of the workshops of this mission."))
        kind, label, text = _copy(output)
        if not text.strip():
            raise ValidationError(
                _("“%(label)s” has no card yet: nothing to link.") % {"label": label}
            )
        field = {"card": "card", "cluster": "cluster", "zone": "zone"}[kind]
        known = SectionSource.objects.filter(
            document=document, section_key=section.key, **{field: output}
        )
        if known.exists():
            continue
        created.append(
            SectionSource.objects.create(
                workspace=actor.workspace,
                document=document,
                section_key=section.key,
                kind=kind,
                workshop=workshop,
                workshop_title=workshop.title[:200],
                label=label[:300],
                text=text[:SOURCE_TEXT_MAX_LENGTH],
                created_by=actor.user,
                **{field: output},
            )  # fmt: skip
        )
    if created:
        audit.record(actor, "direction.sources_add", document, f"{document} · {section}")
    return created


@transaction.atomic
def remove_source(actor: Actor, source: SectionSource) -> None:
    _require_direction(actor, source.document)
    if source.document.stage == Stage.PUBLISHED:
        raise ValidationError(_("This direction project is published: its sources are closed."))
    audit.record(actor, "direction.source_remove", source.document, str(source))
    source.delete()


# ---- Governance -------------------------------------------------------------------------


def open_adjustments(document: Document) -> list[Adjustment]:
    latest = selectors.latest_version(document)
    return list(latest.adjustments.filter(done_at__isnull=True)) if latest else []


@transaction.atomic
def submit(actor: Actor, document: Document, *, body) -> GovernanceSubmission:
    """Submit the latest version to a governance body of the mission (freezing it)."""
    _require_direction(actor, document)
    Document.objects.select_for_update().filter(pk=document.pk).first()
    document.refresh_from_db(fields=["stage"])
    if body is None:
        raise ValidationError(_("Choose the governance body the version is submitted to."))
    if body.workspace_id != actor.workspace_id or body.plan.mission_id != document.mission_id:
        raise ValidationError(_("Choose a governance body of this mission."))
    if document.submissions.filter(outcome=Outcome.PENDING).exists():
        raise ValidationError(
            _("A version is already awaiting the governance decision: record it first.")
        )
    if document.stage not in (Stage.DRAFT, Stage.REVIEW):
        raise ValidationError(
            _("Close participation before submitting the version to governance.")
            if document.stage == Stage.CONSULTATION
            else _("This version cannot be submitted at this stage.")
        )
    if open_adjustments(document):
        raise ValidationError(_("Tick off every requested adjustment before submitting."))
    latest = selectors.latest_version(document)
    if not latest.clauses.exists():
        raise ValidationError(_("Write at least one section before submitting."))
    if not latest.frozen:
        latest.frozen = True
        latest.save(update_fields=["frozen", "updated_at"])
    submission = GovernanceSubmission.objects.create(
        workspace=actor.workspace, document=document, version=latest, body=body,
        body_name=body.name[:200], submitted_by=actor.user,
    )  # fmt: skip
    services._set_stage(actor, document, Stage.GOVERNANCE)
    return submission


def parse_adjustments(text: str) -> list[str]:
    """One adjustment per non-empty line."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    return [line for line in lines if line]


@transaction.atomic
def record_decision(
    actor: Actor, document: Document, version: Version, *, outcome: str, body,
    decided_on: datetime.date | None, adjustments: list[str], note: str = "",
) -> GovernanceSubmission:  # fmt: skip
    """The body's decision on the submitted ``version``. Validated: the version is published
    to the mission. Validated with adjustments (at least one) or refused: the next version is
    written as a draft, the adjustments are its checklist."""
    _require_direction(actor, document)
    Document.objects.select_for_update().filter(pk=document.pk).first()
    submission = document.submissions.filter(version=version, outcome=Outcome.PENDING).first()
    if version.document_id != document.pk or submission is None:
        raise ValidationError(_("This version is not awaiting a governance decision."))
    errors = {}
    if body is None:
        errors["body"] = _("Say which governance body decided.")
    elif body.workspace_id != actor.workspace_id or body.plan.mission_id != document.mission_id:
        errors["body"] = _("Choose a governance body of this mission.")
    if decided_on is None:
        errors["decided_on"] = _("Give the date of the decision.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("The decision date cannot be in the future.")
    if outcome not in (Outcome.VALIDATED, Outcome.ADJUSTED, Outcome.REFUSED):
        errors["outcome"] = _("Choose the decision of the body.")
    elif outcome == Outcome.ADJUSTED and not adjustments:
        errors["adjustments"] = _("List the adjustments the body requested, one per line.")
    elif outcome == Outcome.VALIDATED and adjustments:
        errors["adjustments"] = _(
            "A validation without adjustments lists none: choose “validated with adjustments”."
        )
    if any(len(a) > ADJUSTMENT_MAX_LENGTH for a in adjustments):
        errors["adjustments"] = _("At most %(max)s characters per adjustment, please.") % {
            "max": ADJUSTMENT_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    changes = audit.apply_changes(
        submission,
        {"outcome": outcome, "body": body, "body_name": body.name[:200],
         "decided_on": decided_on, "note": note.strip(), "recorded_by": actor.user},
    )  # fmt: skip
    if outcome == Outcome.VALIDATED:
        submission.save()
        services._set_stage(
            actor, document, Stage.PUBLISHED, published_version=version,
            published_at=timezone.now(),
        )  # fmt: skip
    else:
        submission.next_version = _draft_after(actor, document, version)
        submission.save()
        Adjustment.objects.bulk_create(
            Adjustment(
                workspace=actor.workspace,
                submission=submission,
                version=submission.next_version,
                order=n,
                text=text,
            )  # fmt: skip
            for n, text in enumerate(adjustments)
        )
        services._set_stage(actor, document, Stage.DRAFT)
    audit.record(
        actor, f"direction.decision_{outcome}", document, f"{document} · v{version.number}",
        changes,
    )  # fmt: skip
    return submission


def _draft_after(actor: Actor, document: Document, version: Version) -> Version:
    """The next version, a draft copy of ``version`` (sections keep their keys)."""
    draft = Version.objects.create(
        workspace=actor.workspace, document=document, number=version.number + 1,
        note=_("Adjustments requested by the governance"), created_by=actor.user,
    )  # fmt: skip
    Clause.objects.bulk_create(
        Clause(
            workspace=actor.workspace,
            version=draft,
            key=c.key,
            order=c.order,
            title=c.title,
            text=c.text,
        )  # fmt: skip
        for c in selectors.clauses(version)
    )
    return draft


@transaction.atomic
def tick(actor: Actor, adjustment: Adjustment, *, done: bool) -> Adjustment:
    document = adjustment.submission.document
    _require_direction(actor, document)
    adjustment.version.refresh_from_db(fields=["frozen"])
    if adjustment.version.frozen:
        raise ValidationError(_("This version is closed: its checklist no longer changes."))
    if done != adjustment.done:
        adjustment.done_at, adjustment.done_by = (
            (timezone.now(), actor.user) if done else (None, None)
        )
        adjustment.save(update_fields=["done_at", "done_by", "updated_at"])
        audit.record(
            actor, "direction.adjustment_done" if done else "direction.adjustment_reopened",
            document, adjustment.text[:200],
        )  # fmt: skip
    return adjustment


@transaction.atomic
def publish_adjusted(actor: Actor, document: Document) -> Document:
    """Publish the version that carries out the adjustments of a "validated with adjustments"
    decision, once every adjustment is ticked off."""
    _require_direction(actor, document)
    Document.objects.select_for_update().filter(pk=document.pk).first()
    document.refresh_from_db(fields=["stage"])
    if not selectors_direction.follows_adjusted_validation(document):
        raise ValidationError(
            _("Only the version following a validation with adjustments can be published.")
        )
    if open_adjustments(document):
        raise ValidationError(_("Tick off every requested adjustment before publishing."))
    latest = selectors.latest_version(document)
    latest.frozen = True
    latest.save(update_fields=["frozen", "updated_at"])
    services._set_stage(
        actor, document, Stage.PUBLISHED, published_version=latest, published_at=timezone.now()
    )
    return document
