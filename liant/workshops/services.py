"""Writes on workshops and their boards (the live changes go through ``liant.live.protocol``)."""

from __future__ import annotations

import io
import os
import smtplib
import warnings
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import turn_targets
from .models import (
    Board,
    Column,
    Origin,
    Participant,
    Workshop,
    WorkshopInvitation,
    WorkshopPhoto,
    new_code,
    new_invitation_token,
)
from .turn_targets import Source

MAX_COLUMNS = 8


def create_workshop(actor: Actor, *, title: str, mission=None, **values) -> Workshop:
    require_staff(actor)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Please give the workshop a title.")})
    if mission is not None and mission.workspace_id != actor.workspace_id:
        raise PermissionDenied
    for _attempt in range(5):  # a code collision is rare; draw again
        try:
            with transaction.atomic():
                workshop = Workshop.objects.create(
                    workspace=actor.workspace,
                    title=title,
                    mission=mission,
                    organization=mission.organization if mission else None,
                    code=new_code(),
                    **values,
                )
                audit.record(actor, "workshop.create", workshop)
                return workshop
        except IntegrityError:
            continue
    raise ValidationError(_("Could not draw a free join code; please try again."))


def add_board(
    actor: Actor, workshop: Workshop, *, title: str, prompts: list[str], hidden_until_reveal=True
) -> Board:
    require_staff(actor)
    if workshop.workspace_id != actor.workspace_id:
        raise PermissionDenied
    title = (title or "").strip()
    prompts = [p.strip() for p in prompts if p.strip()]
    if not title:
        raise ValidationError({"title": _("Please give the board a title.")})
    if not prompts:
        raise ValidationError({"prompts": _("Write at least one prompt (one per line).")})
    if len(prompts) > MAX_COLUMNS or any(len(p) > 200 for p in prompts):
        raise ValidationError(
            {"prompts": _("At most %(max)s prompts of 200 characters.") % {"max": MAX_COLUMNS}}
        )
    with transaction.atomic():
        board = Board.objects.create(
            workspace=actor.workspace,
            workshop=workshop,
            title=title,
            hidden_until_reveal=hidden_until_reveal,
            position=workshop.boards.count(),
        )
        Column.objects.bulk_create(
            Column(workspace=actor.workspace, board=board, title=prompt, position=i)
            for i, prompt in enumerate(prompts)
        )
        audit.record(actor, "board.create", board, f"{workshop} › {board}")
    return board


def join(workshop: Workshop, *, pseudonym: str = "", key=None) -> Participant:
    """The participant behind a cookie key, or a new one. No account, no audit entry:
    participants are anonymous by design."""
    if key:
        participant = Participant.objects.filter(workshop=workshop, key=key).first()
        if participant is not None:
            return participant
    if workshop.invited_only:  # newcomers come through their personal link only
        raise PermissionDenied
    pseudonym = (pseudonym or "").strip()[:40]
    return Participant.objects.create(
        workspace_id=workshop.workspace_id, workshop=workshop, pseudonym=pseudonym
    )


# --- Invited-only workshops


def _check_workshop(actor: Actor, workshop: Workshop) -> None:
    require_staff(actor)
    if workshop.workspace_id != actor.workspace_id:
        raise PermissionDenied


def set_invited_only(actor: Actor, workshop: Workshop, invited_only: bool) -> Workshop:
    _check_workshop(actor, workshop)
    with transaction.atomic():
        changes = audit.apply_changes(workshop, {"invited_only": bool(invited_only)})
        if changes:
            workshop.save(update_fields=["invited_only", "updated_at"])
            audit.record(actor, "workshop.update", workshop, changes=changes)
    return workshop


def invite(actor: Actor, workshop: Workshop, people) -> list[WorkshopInvitation]:
    """Invite people of the workshop's organisation; each gets a personal link. A person
    invited before keeps their link; one whose invitation was revoked gets a new link."""
    _check_workshop(actor, workshop)
    people = list(people)
    if workshop.organization_id is None:
        raise ValidationError(
            _("Link the workshop to a mission first: its organisation's people can be invited.")
        )
    if not people:
        raise ValidationError(_("Choose at least one person or one unit."))
    if any(p.organization_id != workshop.organization_id for p in people):
        raise PermissionDenied
    invited = []
    with transaction.atomic():
        existing = {i.person_id: i for i in workshop.invitations.select_for_update()}
        for person in people:
            invitation = existing.get(person.pk)
            if invitation is None:
                invitation = WorkshopInvitation.objects.create(
                    workspace=actor.workspace, workshop=workshop, person=person
                )
            elif not invitation.active:
                invitation.revoked_at = None
                invitation.token = new_invitation_token()
                invitation.save(update_fields=["revoked_at", "token", "updated_at"])
            else:
                continue
            existing[person.pk] = invitation
            invited.append(invitation)
        if invited:
            names = ", ".join(i.person.name for i in invited)
            audit.record(actor, "workshop.invite", workshop, f"{workshop} · {names}")
    return invited


def revoke_invitation(actor: Actor, invitation: WorkshopInvitation) -> WorkshopInvitation:
    _check_workshop(actor, invitation.workshop)
    if invitation.active:
        with transaction.atomic():
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at", "updated_at"])
            audit.record(actor, "workshop.revoke_invitation", invitation, str(invitation))
    return invitation


def email_invitations(
    actor: Actor, workshop: Workshop, link_for: Callable[[WorkshopInvitation], str]
) -> tuple[int, list[str]]:
    """E-mail each active invitation its personal link through the configured backend.
    Returns how many were sent and the names of the people without an e-mail address."""
    _check_workshop(actor, workshop)
    sent, missing = [], []
    messages = []
    for invitation in workshop.invitations.filter(revoked_at=None).select_related("person"):
        person = invitation.person
        if not person.email:
            missing.append(person.name)
            continue
        body = render_to_string(
            "workshops/invitation_email.txt",
            {"workshop": workshop, "person": person, "link": link_for(invitation)},
        )
        subject = _("Invitation: %(title)s") % {"title": workshop.title}
        messages.append(EmailMessage(subject, body, to=[person.email]))
        sent.append(invitation.pk)
    if messages:
        try:
            get_connection().send_messages(messages)
        except (OSError, smtplib.SMTPException) as error:
            raise ValidationError(
                _("The e-mails could not be sent (%(error)s). Nothing was marked as sent.")
                % {"error": error}
            ) from error
        with transaction.atomic():
            WorkshopInvitation.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
            audit.record(actor, "workshop.email_invitations", workshop, f"{workshop} · {len(sent)}")
    return len(sent), missing


def join_by_invitation(invitation: WorkshopInvitation, *, pseudonym: str = "") -> Participant:
    """The participant of a personal link: created on first use, the same ever after."""
    with transaction.atomic():
        invitation = WorkshopInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.active:
            raise PermissionDenied
        if invitation.participant_id:
            return invitation.participant
        participant = Participant.objects.create(
            workspace_id=invitation.workspace_id,
            workshop_id=invitation.workshop_id,
            pseudonym=(pseudonym or "").strip()[:40],
        )
        invitation.participant = participant
        invitation.save(update_fields=["participant", "updated_at"])
    return participant


# --- Photos for the minutes

MAX_PHOTO_BYTES = 10 * 1024 * 1024
THUMBNAIL_SIZE = (640, 640)


def _read_image(upload) -> tuple[str, int, int, bytes]:
    """(format, width, height, JPEG thumbnail) of an uploaded image, checked by content."""
    from PIL import Image, ImageOps

    not_image = ValidationError(
        {"image": _("This file is not a JPEG, PNG or WebP image.")}, code="invalid"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                fmt = image.format
                if fmt not in WorkshopPhoto.EXTENSIONS:
                    raise not_image
                image.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                width, height = image.size
                thumb = ImageOps.exif_transpose(image).convert("RGB")
                thumb.thumbnail(THUMBNAIL_SIZE)
                out = io.BytesIO()
                thumb.save(out, "JPEG", quality=82)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise not_image from None
    upload.seek(0)
    return fmt, width, height, out.getvalue()


def add_photo(actor: Actor, workshop: Workshop, *, image, caption: str = "") -> WorkshopPhoto:
    _check_workshop(actor, workshop)
    if image is None:
        raise ValidationError({"image": _("Choose a photo to upload.")})
    if image.size > MAX_PHOTO_BYTES:
        raise ValidationError({"image": _("This file is larger than 10 MB.")})
    if image.size == 0:
        raise ValidationError({"image": _("This file is empty.")})
    fmt, width, height, thumbnail = _read_image(image)
    caption = " ".join((caption or "").split())[:300]
    photo = WorkshopPhoto(
        workspace=actor.workspace,
        workshop=workshop,
        image_format=fmt,
        original_name=os.path.basename(image.name or "")[:200] or "photo",
        caption=caption,
        width=width,
        height=height,
        size=image.size,
        uploaded_by=actor.user,
    )
    photo.image.save("photo", image, save=False)
    photo.thumbnail.save("thumb.jpg", ContentFile(thumbnail), save=False)
    try:
        with transaction.atomic():
            photo.save()
            audit.record(actor, "workshop.photo_add", photo, f"{workshop} · {photo}")
    except Exception:
        _remove_files(photo.image.name, photo.thumbnail.name)
        raise
    return photo


def _remove_files(*names: str) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def delete_photo(actor: Actor, photo: WorkshopPhoto) -> None:
    _check_workshop(actor, photo.workshop)
    names = (photo.image.name, photo.thumbnail.name)
    with transaction.atomic():
        audit.record(actor, "workshop.photo_delete", photo, f"{photo.workshop} · {photo}")
        photo.delete()
        transaction.on_commit(lambda: _remove_files(*names))


# --- "Turn into…": a card or a group becomes something else, with its origin kept


def turn_into(actor: Actor, key: str, source: Source, data: dict) -> tuple[models.Model, str]:
    """Create the registered target ``key`` from ``source`` (with the target form's cleaned
    ``data``), store its origin; return the new object and its URL."""
    target = turn_targets.get(key)
    if target is None:
        raise ValidationError(_("Unknown kind of target."))
    _check_workshop(actor, source.workshop)
    if not target.allowed(actor, source):
        raise PermissionDenied
    with transaction.atomic():
        obj = target.create(actor, source, data)
        Origin.objects.create(
            workspace=actor.workspace,
            workshop=source.workshop,
            board=source.board,
            card=source.card,
            cluster=source.cluster,
            source_kind=source.kind,
            source_text=source.text[:500],
            target_kind=key,
            target_type=ContentType.objects.get_for_model(obj),
            target_id=obj.pk,
            created_by=actor.user,
        )
        audit.record(
            actor, "workshop.turn_into", obj, f"{source.workshop} › {source.text[:80]} → {obj}"
        )
    return obj, target.url(obj)


def add_prompt(actor: Actor, board: Board, prompt: str) -> Column:
    """One more prompt (column) on a board. Open boards show it once reloaded."""
    _check_workshop(actor, board.workshop)
    prompt = " ".join((prompt or "").split())
    if not prompt:
        raise ValidationError({"prompt": _("Write the prompt.")})
    if len(prompt) > 200:
        raise ValidationError({"prompt": _("At most 200 characters, please.")})
    with transaction.atomic():
        if board.columns.count() >= MAX_COLUMNS:
            raise ValidationError(
                {"board": _("This board already has %(max)s prompts.") % {"max": MAX_COLUMNS}}
            )
        column = Column.objects.create(
            workspace=actor.workspace, board=board, title=prompt, position=board.columns.count()
        )
        audit.record(actor, "board.add_prompt", column, f"{board} › {prompt}")
    return column
