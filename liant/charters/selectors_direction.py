"""Reads of direction projects, always within the actor's workspace: the sources of its
sections, the outputs of the mission's workshops to pick them from, and its governance."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, require_staff, scoped

from . import selectors
from .models import Clause, Document
from .models_direction import Adjustment, GovernanceSubmission, SectionSource


def get_section(actor: Actor, document: Document, pk: int) -> Clause:
    """A section of any version of the document."""
    require_staff(actor)
    qs = scoped(Clause.objects.filter(version__document=document), actor)
    return get_object_or_404(qs.select_related("version"), pk=pk)


def sources(actor: Actor, document: Document) -> QuerySet[SectionSource]:
    require_staff(actor)
    return scoped(SectionSource.objects.filter(document=document), actor)


def sources_of(actor: Actor, section: Clause) -> list[SectionSource]:
    return list(sources(actor, section.version.document).filter(section_key=section.key))


def get_source(actor: Actor, document: Document, pk: int) -> SectionSource:
    return get_object_or_404(sources(actor, document), pk=pk)


def attach_sources(actor: Actor, document: Document, sections: list[Clause]) -> None:
    """``section.sources``: the sources of each section, whichever version linked them."""
    by_key: dict = {}
    for source in sources(actor, document):
        by_key.setdefault(source.section_key, []).append(source)
    for section in sections:
        section.sources = by_key.get(section.key, [])


# ---- The outputs of the mission's workshops (the sources picker) ------------------------


@dataclass
class BoardOutputs:
    board: object
    zones: list = field(default_factory=list)  # (zone, its visible cards) on a canvas
    groups: list = field(default_factory=list)  # (group, its visible cards)
    loose: list = field(default_factory=list)  # cards outside any group


@dataclass
class WorkshopOutputs:
    workshop: object
    boards: list[BoardOutputs]


def workshop_outputs(actor: Actor, mission) -> list[WorkshopOutputs]:
    """Every board of the mission's workshops with its zones, groups and cards (cards hidden
    by a moderator left out; never an author)."""
    from liant.workshops.models import Board, Card, Workshop

    require_staff(actor)
    visible = Card.objects.filter(hidden=False).order_by("position", "id")
    boards = Board.objects.prefetch_related(
        "columns", "clusters", Prefetch("cards", queryset=visible)
    ).order_by("position", "id")
    workshops = scoped(Workshop.objects.filter(mission=mission), actor).prefetch_related(
        Prefetch("boards", queryset=boards)
    )
    result = []
    for workshop in workshops:
        shown = []
        for board in workshop.boards.all():
            cards = list(board.cards.all())
            if not cards:
                continue
            outputs = BoardOutputs(board)
            if board.is_canvas:
                for zone in board.columns.all():
                    in_zone = [c for c in cards if c.column_id == zone.pk]
                    if in_zone:
                        outputs.zones.append((zone, in_zone))
            for group in board.clusters.all():
                in_group = [c for c in cards if c.cluster_id == group.pk]
                if in_group:
                    outputs.groups.append((group, in_group))
            outputs.loose = [c for c in cards if c.cluster_id is None]
            shown.append(outputs)
        if shown:
            result.append(WorkshopOutputs(workshop, shown))
    return result


def outputs_by_ids(actor: Actor, mission, *, cards, groups, zones) -> list:
    """The chosen cards, groups and zones, only those of the mission's workshops (anything
    else is left out and reported by the count)."""
    from liant.workshops.models import Card, Cluster, Column

    def pick(model, ids, **extra):
        qs = scoped(model.objects.filter(pk__in=ids, board__workshop__mission=mission), actor)
        return list(qs.filter(**extra).select_related("board__workshop"))

    return [
        *pick(Column, zones, board__grid_columns__isnull=False),
        *pick(Cluster, groups),
        *pick(Card, cards, hidden=False),
    ]


# ---- Governance -------------------------------------------------------------------------


def bodies(actor: Actor, mission):
    """The governance bodies of the mission (on its action plan)."""
    from liant.steering.models import Body

    return scoped(Body.objects.filter(plan__mission=mission), actor).order_by("name", "id")


def submissions(actor: Actor, document: Document) -> list[GovernanceSubmission]:
    require_staff(actor)
    qs = scoped(GovernanceSubmission.objects.filter(document=document), actor)
    return list(
        qs.select_related("version", "next_version").prefetch_related("adjustments")
        .order_by("-created_at", "-id")
    )  # fmt: skip


def pending(document: Document) -> GovernanceSubmission | None:
    return document.submissions.filter(outcome=GovernanceSubmission.Outcome.PENDING).first()


def checklist(actor: Actor, document: Document) -> list[Adjustment]:
    """The adjustments the latest version must carry out."""
    require_staff(actor)
    latest = selectors.latest_version(document)
    return list(scoped(Adjustment.objects.filter(version=latest), actor).select_related("version"))


def get_adjustment(actor: Actor, document: Document, pk: int) -> Adjustment:
    require_staff(actor)
    qs = scoped(Adjustment.objects.filter(submission__document=document), actor)
    return get_object_or_404(qs.select_related("submission__document", "version"), pk=pk)


def follows_adjusted_validation(document: Document) -> bool:
    """The latest version is the draft written after a "validated with adjustments" decision:
    it is published, not submitted again, once its adjustments are done."""
    last = document.submissions.order_by("-created_at", "-id").first()
    latest = selectors.latest_version(document)
    return (
        document.stage == Document.Stage.DRAFT
        and last is not None
        and last.outcome == GovernanceSubmission.Outcome.ADJUSTED
        and last.next_version_id == latest.pk
    )


def can_publish_adjusted(document: Document, adjustments: list[Adjustment]) -> bool:
    return follows_adjusted_validation(document) and all(a.done for a in adjustments)


@dataclass(frozen=True)
class Reference:
    """The validated direction project a mission's plan points to."""

    document: Document
    version_number: int
    decision: GovernanceSubmission | None


def reference_direction(actor: Actor, mission) -> Reference | None:
    """The latest published direction project of the mission, with the decision that
    validated it; None when there is none or the actor may not read published documents."""
    if not selectors.can_read_published(actor, mission):
        return None
    document = (
        scoped(Document.objects.filter(mission=mission, kind=Document.Kind.DIRECTION), actor)
        .filter(stage=Document.Stage.PUBLISHED, published_version__isnull=False)
        .select_related("published_version")
        .order_by("-published_at", "-id")
        .first()
    )
    if document is None:
        return None
    decision = selectors.validating_decision(document)
    return Reference(document, document.published_version.number, decision)
