"""Writes on co-written documents. Staff functions take the acting user (``Actor``);
participants' functions take their ``Contributor``. Each write runs in one transaction and
changes nothing when it refuses (``ValidationError`` with a message for the person)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import selectors
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

Stage = Document.Stage

# ---- Writing the document -----------------------------------------------------------------


@transaction.atomic
def create_document(
    actor: Actor, mission, *, title: str, purpose: str = "", kind: str = Document.Kind.CHARTER
) -> Document:
    require_staff(actor)
    if mission.workspace_id != actor.workspace_id:
        raise PermissionDenied
    document = Document.objects.create(
        workspace=actor.workspace, mission=mission, kind=kind, title=title, purpose=purpose,
        created_by=actor.user,
    )  # fmt: skip
    Version.objects.create(
        workspace=actor.workspace, document=document, number=1, created_by=actor.user
    )
    audit.record(actor, "document.create", document)
    return document


def _draft(document: Document) -> Version:
    """The version being written; refuses once it has been opened to participants."""
    latest = selectors.latest_version(document)
    if latest is None or latest.frozen:
        raise ValidationError(
            _("This version was opened to participants: it changes only through amendments.")
        )
    return latest


@transaction.atomic
def add_clause(actor: Actor, document: Document, *, title: str, text: str) -> Clause:
    require_staff(actor)
    version = _draft(document)
    last = version.clauses.aggregate(m=Max("order"))["m"]
    clause = Clause.objects.create(
        workspace=actor.workspace, version=version, title=title.strip(), text=text.strip(),
        order=0 if last is None else last + 1,
    )  # fmt: skip
    audit.record(actor, "document.clause_add", document, f"{document} · {clause}")
    return clause


@transaction.atomic
def edit_clause(actor: Actor, clause: Clause, *, title: str, text: str) -> Clause:
    require_staff(actor)
    document = clause.version.document
    if _draft(document).pk != clause.version_id:
        raise ValidationError(_("Only the draft version can be edited."))
    changes = audit.apply_changes(clause, {"title": title.strip(), "text": text.strip()})
    clause.save()
    audit.record(actor, "document.clause_edit", document, f"{document} · {clause}", changes)
    return clause


@transaction.atomic
def delete_clause(actor: Actor, clause: Clause) -> None:
    require_staff(actor)
    document = clause.version.document
    if _draft(document).pk != clause.version_id:
        raise ValidationError(_("Only the draft version can be edited."))
    audit.record(actor, "document.clause_delete", document, f"{document} · {clause}")
    clause.delete()


@transaction.atomic
def move_clause(actor: Actor, clause: Clause, *, up: bool) -> None:
    require_staff(actor)
    version = _draft(clause.version.document)
    if version.pk != clause.version_id:
        raise ValidationError(_("Only the draft version can be edited."))
    ordered = selectors.clauses(version)
    i = next(n for n, c in enumerate(ordered) if c.pk == clause.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
        for n, c in enumerate(ordered):
            if c.order != n:
                c.order = n
                c.save(update_fields=["order", "updated_at"])


# ---- The stages -------------------------------------------------------------------------


@transaction.atomic
def open_participation(
    actor: Actor, document: Document, *, closes_at: datetime.datetime | None = None
) -> Document:
    """Open the window on the latest version (freezing it)."""
    require_staff(actor)
    if document.stage not in (Stage.DRAFT, Stage.REVIEW, Stage.PROTOTYPE):
        raise ValidationError(_("Participation cannot be opened at this stage."))
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError(_("The closing date must be in the future."))
    latest = selectors.latest_version(document)
    if latest is None or not latest.clauses.exists():
        raise ValidationError(_("Write at least one clause before opening participation."))
    if not latest.frozen:
        latest.frozen = True
        latest.save(update_fields=["frozen", "updated_at"])
    _set_stage(actor, document, Stage.CONSULTATION, closes_at=closes_at)
    return document


@transaction.atomic
def close_participation(actor: Actor, document: Document) -> Document:
    require_staff(actor)
    if document.stage != Stage.CONSULTATION:
        raise ValidationError(_("Participation is not open."))
    _set_stage(actor, document, Stage.REVIEW)
    return document


@transaction.atomic
def start_prototype(actor: Actor, document: Document) -> Document:
    """Put the latest version to the test: participants say what worked and what did not."""
    require_staff(actor)
    if document.kind == Document.Kind.DIRECTION:
        raise ValidationError(
            _("A direction project is tested by its governance, not by a prototype.")
        )
    if document.stage not in (Stage.CONSULTATION, Stage.REVIEW):
        raise ValidationError(_("Open participation once before testing a version."))
    latest = selectors.latest_version(document)
    _set_stage(actor, document, Stage.PROTOTYPE, tested_version=latest)
    return document


@transaction.atomic
def publish(actor: Actor, document: Document) -> Document:
    """The latest version becomes the final one, readable by the mission's sponsors."""
    require_staff(actor)
    if document.kind == Document.Kind.DIRECTION:
        raise ValidationError(
            _("A direction project is published once its governance validates it.")
        )
    if document.stage not in (Stage.CONSULTATION, Stage.REVIEW, Stage.PROTOTYPE):
        raise ValidationError(_("Open participation once before publishing."))
    latest = selectors.latest_version(document)
    _set_stage(
        actor, document, Stage.PUBLISHED, published_version=latest, published_at=timezone.now()
    )
    return document


def _set_stage(actor: Actor, document: Document, stage: str, **values) -> None:
    if stage != Stage.CONSULTATION:
        values.setdefault("closes_at", None)
    changes = audit.apply_changes(document, {"stage": stage, **values})
    document.save()
    audit.record(actor, f"document.{stage}", document, str(document), changes)


# ---- Participants -----------------------------------------------------------------------


@transaction.atomic
def join(document: Document, *, key: str | None = None, user=None) -> Contributor:
    """The contributor behind a cookie (or a staff account), created on first visit."""
    known = selectors.contributor_by_key(document, key)
    if known is not None:
        return known
    if user is not None and user.is_authenticated:
        mine = Contributor.objects.filter(document=document, user=user).first()
        if mine is not None:
            return mine
    # Lock the document row so two first visits do not take the same number.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    last = document.contributors.aggregate(m=Max("number"))["m"] or 0
    staff_user = user if user is not None and user.is_authenticated else None
    if (
        staff_user is not None
        and not staff_user.memberships.filter(workspace_id=document.workspace_id).exists()
    ):
        staff_user = None
    return Contributor.objects.create(
        workspace_id=document.workspace_id, document=document, number=last + 1, user=staff_user
    )


@transaction.atomic
def invite(actor: Actor, document: Document, people) -> int:
    """Personal links for people of the mission's organisation; returns how many are new."""
    require_staff(actor)
    if document.workspace_id != actor.workspace_id:
        raise PermissionDenied
    created = 0
    for person in people:
        if person.workspace_id != actor.workspace_id or (
            person.organization_id != document.mission.organization_id
        ):
            raise ValidationError(_("Invite people of the mission's organisation only."))
        _invitation, new = Invitation.objects.get_or_create(
            document=document, person=person, defaults={"workspace": actor.workspace}
        )
        created += new
    if created:
        audit.record(actor, "document.invite", document, f"{document} · {created}")
    return created


@transaction.atomic
def revoke_invitation(actor: Actor, invitation: Invitation) -> None:
    require_staff(actor)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor, "document.invitation_revoke", invitation.document, str(invitation))


@transaction.atomic
def join_by_invitation(invitation: Invitation) -> Contributor:
    """The contributor of a personal link: created on its first use, the same afterwards."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.active:
        raise PermissionDenied
    if invitation.contributor is None:
        invitation.contributor = join(invitation.document)
        invitation.save(update_fields=["contributor", "updated_at"])
    return invitation.contributor


def _require_window(document: Document) -> None:
    if not selectors.window_open(document):
        raise ValidationError(_("Participation is closed: your contribution was not recorded."))


def _current_clause(document: Document, clause: Clause) -> None:
    latest = selectors.latest_version(document)
    if clause.version.document_id != document.pk or clause.version_id != latest.pk:
        raise ValidationError(
            _("This clause was changed in a newer version: reload the page to see it.")
        )


@transaction.atomic
def vote(contributor: Contributor, clause: Clause, value: str) -> ClauseVote:
    document = contributor.document
    _require_window(document)
    _current_clause(document, clause)
    if value not in ClauseVote.Value.values:
        raise ValidationError(_("Choose agree or disagree."))
    try:
        with transaction.atomic():
            result, _created = ClauseVote.objects.update_or_create(
                clause=clause, contributor=contributor,
                defaults={"value": value, "workspace_id": document.workspace_id},
            )  # fmt: skip
    except IntegrityError:  # the same vote sent twice at once: the other one is kept
        result = ClauseVote.objects.get(clause=clause, contributor=contributor)
    return result


@transaction.atomic
def comment(contributor: Contributor, clause: Clause, text: str) -> ClauseComment:
    document = contributor.document
    _require_window(document)
    _current_clause(document, clause)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write your comment."))
    return ClauseComment.objects.create(
        workspace_id=document.workspace_id, clause=clause, contributor=contributor, text=text
    )


@transaction.atomic
def propose(
    contributor: Contributor, clause: Clause, *, kind: str, rationale: str, title: str = "",
    text: str = "",
) -> Amendment:  # fmt: skip
    document = contributor.document
    _require_window(document)
    _current_clause(document, clause)
    title, text, rationale = title.strip(), text.strip(), rationale.strip()
    if not rationale:
        raise ValidationError(_("Explain why you propose this amendment."))
    if kind == Amendment.Kind.DELETE:
        title, text = "", ""
    elif not text:
        raise ValidationError(_("Write the text you propose."))
    elif kind == Amendment.Kind.REPLACE and (title or clause.title, text) == (
        clause.title,
        clause.text,
    ):
        raise ValidationError(_("Your text is the same as the clause: change something."))
    elif kind not in Amendment.Kind.values:
        raise ValidationError(_("Choose what your amendment does."))
    if kind == Amendment.Kind.REPLACE and not title:
        title = clause.title  # rewriting the text only keeps the clause's title
    return Amendment.objects.create(
        workspace_id=document.workspace_id, document=document, contributor=contributor,
        clause=clause, kind=kind, title=title, text=text, rationale=rationale,
    )  # fmt: skip


@transaction.atomic
def give_feedback(contributor: Contributor, *, worked: str, did_not_work: str) -> Feedback:
    document = contributor.document
    if document.stage != Stage.PROTOTYPE or document.tested_version is None:
        raise ValidationError(_("The prototype test is not running: nothing was recorded."))
    worked, did_not_work = worked.strip(), did_not_work.strip()
    if not (worked or did_not_work):
        raise ValidationError(_("Tell what worked or what did not."))
    return Feedback.objects.create(
        workspace_id=document.workspace_id, version=document.tested_version,
        contributor=contributor, worked=worked, did_not_work=did_not_work,
    )  # fmt: skip


# ---- Deciding amendments ----------------------------------------------------------------

ACCEPT, REJECT = "accept", "reject"


@dataclass(frozen=True)
class Decision:
    amendment: Amendment
    verdict: str  # ACCEPT or REJECT
    reason: str = ""


@transaction.atomic
def decide(
    actor: Actor, document: Document, decisions: list[Decision], *, note: str = ""
) -> Version | None:
    """Accept and reject amendments at once. Every accepted amendment goes into ONE new
    version; a rejection needs a reason. Refuses everything (nothing stored) when a decision
    is not valid: a rejection without reason, an amendment already decided or of another
    document, an accepted amendment on a clause that changed since it was written (stale),
    or two accepted amendments on the same clause (conflict)."""
    require_staff(actor)
    if document.stage not in (Stage.CONSULTATION, Stage.REVIEW):
        raise ValidationError(_("Amendments are decided during participation or its review."))
    if not decisions:
        raise ValidationError(_("Choose at least one amendment to accept or reject."))
    # Two facilitators deciding at once: the second waits, then sees the first's decisions.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    for d in decisions:
        d.amendment.refresh_from_db(fields=["status"])
    latest = selectors.latest_version(document)
    current = selectors.clauses(latest)
    errors = []
    touched: dict = {}
    for d in decisions:
        a = d.amendment
        label = _("Amendment %(number)s") % {"number": a.pk}
        if a.document_id != document.pk or a.workspace_id != actor.workspace_id:
            raise PermissionDenied
        if d.verdict not in (ACCEPT, REJECT):
            errors.append(_("%(amendment)s: accept or reject it.") % {"amendment": label})
        elif a.status != Amendment.Status.PENDING:
            errors.append(_("%(amendment)s was already decided.") % {"amendment": label})
        elif d.verdict == REJECT and not d.reason.strip():
            errors.append(
                _("%(amendment)s: give the reason for the rejection.") % {"amendment": label}
            )
        elif d.verdict == ACCEPT and selectors.is_stale(a, current):
            errors.append(
                _(
                    "%(amendment)s was written on v%(old)s and its clause has changed since: "
                    "it can only be rejected (ask for a new amendment on v%(new)s)."
                )
                % {"amendment": label, "old": a.clause.version.number, "new": latest.number}
            )
        elif d.verdict == ACCEPT and a.kind != Amendment.Kind.ADD:
            other = touched.get(a.clause.key)
            if other is not None:
                errors.append(
                    _(
                        "%(amendment)s and %(other)s both change the clause “%(clause)s”: "
                        "accept one of them, then propose the other again on the new version."
                    )
                    % {"amendment": label, "other": other, "clause": a.clause}
                )
            touched[a.clause.key] = label
    if errors:
        raise ValidationError(errors)

    accepted = [d.amendment for d in decisions if d.verdict == ACCEPT]
    new_version = (
        _next_version(actor, document, latest, current, accepted, note) if accepted else None
    )
    now = timezone.now()
    for d in decisions:
        a = d.amendment
        a.status = Amendment.Status.ACCEPTED if d.verdict == ACCEPT else Amendment.Status.REJECTED
        a.reason = d.reason.strip()
        a.decided_by, a.decided_at = actor.user, now
        a.result_version = new_version if d.verdict == ACCEPT else None
        a.save()
        audit.record(
            actor, f"amendment.{a.status}", document, f"{document} · #{a.pk}", {"reason": a.reason}
        )
    return new_version


def _next_version(actor, document, latest, current, accepted, note) -> Version:
    """A copy of ``current`` with the accepted amendments applied, numbered latest + 1."""
    replace = {a.clause.key: a for a in accepted if a.kind == Amendment.Kind.REPLACE}
    delete = {a.clause.key for a in accepted if a.kind == Amendment.Kind.DELETE}
    add_after: dict = {}
    for a in accepted:
        if a.kind == Amendment.Kind.ADD:
            add_after.setdefault(a.clause.key, []).append(a)
    version = Version.objects.create(
        workspace=actor.workspace, document=document, number=latest.number + 1, frozen=True,
        note=note.strip()[:300], created_by=actor.user,
    )  # fmt: skip
    rows = []
    for clause in current:
        if clause.key not in delete:
            amended = replace.get(clause.key)
            title, text = (amended.title, amended.text) if amended else (clause.title, clause.text)
            rows.append(Clause(key=clause.key, title=title, text=text))
        rows.extend(Clause(title=a.title, text=a.text) for a in add_after.get(clause.key, []))
    for order, clause in enumerate(rows):
        clause.workspace, clause.version, clause.order = actor.workspace, version, order
    Clause.objects.bulk_create(rows)
    audit.record(actor, "document.version", document, f"{document} · v{version.number}")
    return version
