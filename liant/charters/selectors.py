"""Reads of co-written documents, always within the actor's workspace.

Staff (owners, consultants) see everything of their workspace's documents, with
contributors' pseudonyms; sponsors see only the published version of the documents of their
organisation's missions (``published_for_portal``). Participants reach a document by its
secret link and see no other participant's identity.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import mark_safe

from liant.core.tenancy import Actor, require_staff, scoped

from . import diff
from .models import (
    Amendment,
    Clause,
    ClauseComment,
    ClauseVote,
    Contributor,
    Document,
    Feedback,
    Invitation,
    Version,
)


def documents_of_mission(actor: Actor, mission) -> QuerySet[Document]:
    require_staff(actor)
    return scoped(Document.objects.filter(mission=mission), actor)


def get_document(actor: Actor, mission, pk: int) -> Document:
    return get_object_or_404(documents_of_mission(actor, mission), pk=pk)


def versions(document: Document) -> list[Version]:
    return list(document.versions.order_by("number"))


def latest_version(document: Document) -> Version | None:
    return document.versions.order_by("-number").first()


def get_version(actor: Actor, document: Document, pk: int) -> Version:
    qs = scoped(Version.objects.filter(document=document), actor)
    return get_object_or_404(qs, pk=pk)


def get_draft_clause(actor: Actor, document: Document, pk: int) -> Clause:
    """A clause of the document's draft version (the only editable one)."""
    qs = scoped(Clause.objects.filter(version__document=document, version__frozen=False), actor)
    return get_object_or_404(qs.select_related("version"), pk=pk)


def get_amendment(actor: Actor, document: Document, pk: int) -> Amendment:
    qs = scoped(Amendment.objects.filter(document=document), actor)
    return get_object_or_404(qs, pk=pk)


def clauses(version: Version) -> list[Clause]:
    return list(version.clauses.order_by("order", "id"))


def window_open(document: Document, now=None) -> bool:
    """Votes, comments and amendments are taken only while the window is open."""
    now = now or timezone.now()
    if document.stage != Document.Stage.CONSULTATION:
        return False
    return document.closes_at is None or now < document.closes_at


def is_stale(amendment: Amendment, current: list[Clause]) -> bool:
    """The clause it amends changed (or vanished) since the amendment was written."""
    by_key = {c.key: c for c in current}
    now = by_key.get(amendment.clause.key)
    if amendment.kind == Amendment.Kind.ADD:
        return now is None  # the clause it comes after is gone
    return not amendment.clause.same_words(now)


# --- The facilitator's page -------------------------------------------------------------


@dataclass
class ClauseRow:
    clause: Clause
    agree: int = 0
    disagree: int = 0
    comments: list = field(default_factory=list)  # (pseudonym, text, created_at)
    amendments: list = field(default_factory=list)


@dataclass
class PendingAmendment:
    amendment: Amendment
    stale: bool
    current: Clause | None  # the clause as it reads now (None when gone or an addition)
    verdict: str = ""  # what the facilitator chose, shown again when the form is refused
    reason: str = ""

    @property
    def preview(self) -> str:
        """The proposal as escaped HTML: a word diff against the clause it rewrites."""
        a = self.amendment
        if a.kind == Amendment.Kind.REPLACE:
            html = diff.word_diff_html(a.clause.text, a.text)
        elif a.kind == Amendment.Kind.ADD:
            html = diff.word_diff_html("", a.text)
        else:
            html = diff.word_diff_html(a.clause.text, "")
        return mark_safe(html)  # noqa: S308 (diff.py escapes every piece of text)


def same_clause_ids(version: Version) -> dict[int, int]:
    """{clause id of any version up to ``version``: clause id in ``version``} for the clauses
    whose words did not change: a vote or a comment on "Réunions" in v1 still counts in v2
    when v2 kept "Réunions" word for word."""
    current = {c.key: c for c in version.clauses.all()}
    earlier = Clause.objects.filter(
        version__document_id=version.document_id,
        version__number__lte=version.number,
        key__in=list(current),
    ).only("id", "key", "title", "text")
    return {c.pk: current[c.key].pk for c in earlier if c.same_words(current[c.key])}


def _latest_votes(clause_ids: dict[int, int], **filters) -> dict[tuple[int, int], str]:
    """{(clause id in the version, contributor id): value}, the latest vote of each."""
    votes = ClauseVote.objects.filter(clause_id__in=list(clause_ids), **filters).order_by(
        "clause__version__number", "updated_at", "id"
    )
    latest = {}
    for clause_id, contributor_id, value in votes.values_list(
        "clause_id", "contributor_id", "value"
    ):
        latest[(clause_ids[clause_id], contributor_id)] = value
    return latest


def facilitator_view(actor: Actor, document: Document, version: Version) -> list[ClauseRow]:
    """The clauses of a version with their votes and comments (by pseudonym), including
    those given on earlier versions of a clause that kept its words; and where each clause
    was born (a workshop's card or group)."""
    require_staff(actor)
    if version.document_id != document.pk or version.workspace_id != actor.workspace_id:
        raise Http404
    rows = {c.pk: ClauseRow(c) for c in clauses(version)}
    same = same_clause_ids(version)
    for (clause_id, _contributor), value in _latest_votes(same).items():
        row = rows[clause_id]
        setattr(row, value, getattr(row, value) + 1)
    comments = scoped(ClauseComment.objects, actor).filter(clause_id__in=list(same))
    for comment in comments.select_related("contributor").order_by("created_at", "id"):
        rows[same[comment.clause_id]].comments.append(comment)
    _attach_origins(document, [row.clause for row in rows.values()])
    return list(rows.values())


def _attach_origins(document: Document, shown: list[Clause]) -> None:
    """The origin of a clause, whichever version it was turned into."""
    from django.contrib.contenttypes.models import ContentType

    from liant.workshops.models import Origin

    by_key = {c.key: c for c in shown}
    for clause in shown:
        clause.origin = None
    ids = dict(
        Clause.objects.filter(version__document=document, key__in=list(by_key)).values_list(
            "pk", "key"
        )
    )
    origins = Origin.objects.filter(
        workspace_id=document.workspace_id,
        target_type=ContentType.objects.get_for_model(Clause),
        target_id__in=list(ids),
    ).select_related("workshop")
    for origin in origins:
        by_key[ids[origin.target_id]].origin = origin


def pending_amendments(actor: Actor, document: Document) -> list[PendingAmendment]:
    require_staff(actor)
    latest = latest_version(document)
    current = clauses(latest) if latest else []
    by_key = {c.key: c for c in current}
    qs = scoped(Amendment.objects.filter(document=document), actor)
    result = []
    for amendment in qs.filter(status=Amendment.Status.PENDING).select_related(
        "clause__version", "contributor"
    ):
        stale = is_stale(amendment, current)
        result.append(PendingAmendment(amendment, stale, by_key.get(amendment.clause.key)))
    return result


def decided_amendments(actor: Actor, document: Document) -> QuerySet[Amendment]:
    require_staff(actor)
    return (
        scoped(Amendment.objects.filter(document=document), actor)
        .exclude(status=Amendment.Status.PENDING)
        .select_related("clause__version", "contributor", "result_version", "decided_by")
        .order_by("-decided_at", "-id")
    )


def feedback(actor: Actor, document: Document) -> QuerySet[Feedback]:
    require_staff(actor)
    return (
        scoped(Feedback.objects.filter(version__document=document), actor)
        .select_related("version", "contributor")
        .order_by("created_at", "id")
    )


def contributor_count(document: Document) -> int:
    return document.contributors.count()


def compare(old: Version, new: Version) -> list[diff.ClauseDiff]:
    return diff.compare(clauses(old), clauses(new))


# --- Participants ------------------------------------------------------------------------


def document_by_secret(secret: str) -> Document:
    document = Document.objects.filter(secret=secret).select_related("mission").first()
    if document is None or document.stage == Document.Stage.DRAFT:
        raise Http404
    return document


def contributor_by_key(document: Document, key: str | None) -> Contributor | None:
    if not key:
        return None
    try:
        return Contributor.objects.filter(document=document, key=uuid.UUID(key)).first()
    except ValueError:  # a malformed cookie is no identity
        return None


@dataclass
class ParticipantClause:
    clause: Clause
    my_vote: str = ""
    comments: list = field(default_factory=list)  # (text, mine) — never an author
    my_amendments: list = field(default_factory=list)
    comment_form: object = None  # set by the page
    amend_form: object = None


def participant_view(
    document: Document, version: Version, contributor: Contributor | None
) -> list[ParticipantClause]:
    """The clauses with everyone's comments (never their author) and this contributor's own
    vote, carried over from an earlier version when the clause kept its words."""
    rows = {c.pk: ParticipantClause(c) for c in clauses(version)}
    same = same_clause_ids(version)
    comments = ClauseComment.objects.filter(clause_id__in=list(same))
    for comment in comments.order_by("created_at", "id"):
        mine = contributor is not None and comment.contributor_id == contributor.pk
        rows[same[comment.clause_id]].comments.append((comment.text, mine))
    if contributor is not None:
        for (clause_id, _me), value in _latest_votes(same, contributor=contributor).items():
            rows[clause_id].my_vote = value
        by_key = {row.clause.key: row for row in rows.values()}
        for amendment in contributor.amendments.select_related("clause"):
            row = by_key.get(amendment.clause.key)
            if row is not None:
                row.my_amendments.append(amendment)
    return list(rows.values())


def my_amendments(contributor: Contributor | None) -> list[Amendment]:
    if contributor is None:
        return []
    return list(contributor.amendments.select_related("clause", "result_version"))


# --- The mission's portal (sponsors) ----------------------------------------------------


@dataclass(frozen=True)
class PublishedDocument:
    document: Document
    version: Version
    clauses: list[Clause]
    decision: object = None  # a direction project: the governance decision behind it


def can_read_published(actor: Actor, mission) -> bool:
    if mission.workspace_id != actor.workspace_id:
        return False
    if actor.is_staff_member:
        return True
    return actor.is_sponsor and mission.organization_id == actor.sponsored_organization_id


def published_for_portal(actor: Actor, mission) -> list[PublishedDocument]:
    """The final versions of a mission's co-written documents, for the sponsor portal: staff
    of the workspace and sponsors of the mission's organisation; nobody else."""
    if not can_read_published(actor, mission):
        return []
    qs = (
        scoped(Document.objects.filter(mission=mission), actor)
        .filter(stage=Document.Stage.PUBLISHED, published_version__isnull=False)
        .select_related("published_version")
        .order_by("title", "id")
    )
    return [
        PublishedDocument(
            d, d.published_version, clauses(d.published_version), validating_decision(d)
        )
        for d in qs
    ]


def validating_decision(document: Document):
    """The governance decision that validated a direction project (None for a charter)."""
    if document.kind != Document.Kind.DIRECTION:
        return None
    return (
        document.submissions.filter(outcome__in=["validated", "adjusted"])
        .order_by("-created_at", "-id")
        .first()
    )


# --- Personal invitations ----------------------------------------------------------------


def invitations(actor: Actor, document: Document) -> QuerySet[Invitation]:
    require_staff(actor)
    return scoped(Invitation.objects.filter(document=document), actor).select_related("person")


def get_invitation(actor: Actor, document: Document, pk: int) -> Invitation:
    return get_object_or_404(invitations(actor, document), pk=pk)


def invitable_people(actor: Actor, document: Document):
    """People of the mission's organisation not invited yet."""
    from liant.orgs.models import Person

    invited = Invitation.objects.filter(document=document).values("person_id")
    return (
        scoped(Person.objects.filter(organization_id=document.mission.organization_id), actor)
        .exclude(pk__in=invited)
        .order_by("name")
    )


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("document").filter(token=token).first()
