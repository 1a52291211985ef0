"""Requesting a document and generating it (in the background task of ``tasks.py``)."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liant.accounts.models import Membership
from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import kinds
from .models import Document

logger = logging.getLogger(__name__)


def request_document(actor: Actor, kind_key: str, object_id: int, fmt: str) -> Document:
    """Queue a document of an object the actor may see; the task starts after the commit."""
    require_staff(actor)
    kind = kinds.get(kind_key)
    if fmt not in kind.formats:
        raise ValidationError(_("This document is not available in that format."))
    target = kind.get_object(actor, object_id)  # 404 outside the workspace
    document = Document.objects.create(
        workspace=actor.workspace,
        kind=kind.key,
        object_id=object_id,
        format=fmt,
        title=str(kind.title(target))[:300],
        requested_by=actor.user,
        language=translation.get_language() or "fr",
    )
    audit.record(actor, "document.request", document, f"{document.title} ({fmt})")

    from .tasks import generate_document

    transaction.on_commit(lambda: generate_document.enqueue(document.pk))
    return document


def _actor_of(document: Document) -> Actor | None:
    """The requester as they act now: still a member of the workspace, or nobody."""
    membership = (
        Membership.objects.select_related("workspace", "user")
        .filter(user=document.requested_by_id, workspace=document.workspace_id)
        .first()
        if document.requested_by_id
        else None
    )
    return Actor(user=membership.user, membership=membership) if membership else None


def _progress(document: Document, value: int) -> None:
    document.progress = max(0, min(100, value))
    Document.objects.filter(pk=document.pk).update(progress=document.progress)


def generate(document_id: int) -> None:
    """Render the document and store its file; any failure is stored as a clear message (the
    details go to the log, never to the page)."""
    document = Document.objects.filter(pk=document_id, status=Document.Status.QUEUED).first()
    if document is None:
        return  # already generated, or deleted
    Document.objects.filter(pk=document.pk).update(status=Document.Status.RUNNING, progress=5)
    with translation.override(document.language):
        try:
            actor = _actor_of(document)
            if actor is None or not actor.is_staff_member:
                raise PermissionError
            kind = kinds.get(document.kind)
            target = kind.get_object(actor, document.object_id)
            _progress(document, 20)
            content, filename = kind.render(
                actor, target, document.format, lambda v: _progress(document, v)
            )
            _progress(document, 90)
            document.file.save(filename, ContentFile(content), save=False)
        except Exception as error:  # noqa: BLE001 — every failure must reach the user
            logger.exception("document %s failed", document.pk)
            Document.objects.filter(pk=document.pk).update(
                status=Document.Status.FAILED,
                error=_failure_message(error),
                finished_at=timezone.now(),
            )
            return
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.DONE, progress=100, file=document.file.name,
        finished_at=timezone.now(),
    )  # fmt: skip


def _failure_message(error: Exception) -> str:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if isinstance(error, PermissionError | PermissionDenied):
        return _("You may no longer produce this document (your role in the workspace changed).")
    if isinstance(error, Http404):
        return _("What this document was made of no longer exists.")
    return _("The document could not be produced. Try again; if it fails again, tell us.")
