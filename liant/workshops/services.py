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
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import turn_targets
from .models import (
    Activity,
    Board,
    Column,
    GroupFormat,
    Method,
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


def create_workshop(
    actor: Actor, *, title: str, mission=None, phase=None, expected_people=(), **values
) -> Workshop:
    require_staff(actor)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Please give the workshop a title.")})
    if mission is not None and mission.workspace_id != actor.workspace_id:
        raise PermissionDenied
    people = _check_details(actor, mission, phase, expected_people, values)
    if phase is not None:
        values["phase"] = phase
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
                workshop.expected_people.set(people)
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


# --- Preparation: workshop details, method library, agenda ------------------------------------

MAX_MINUTES = 8 * 60
MAX_ACTIVITIES = 60
METHOD_TEXT_FIELDS = ("name", "purpose", "timing", "group_size")
METHOD_LIST_FIELDS = ("steps", "materials", "tips", "board_prompts")


def _check_workshop(actor: Actor, workshop: Workshop) -> None:
    require_staff(actor)
    if workshop.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _check_details(actor: Actor, mission, phase, people, values: dict) -> list:
    """The phase belongs to the mission, the people to its organisation, the slot is in order."""
    start, end = values.get("starts_at"), values.get("ends_at")
    if start and end and end <= start:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    if phase is not None:
        if phase.workspace_id != actor.workspace_id:
            raise PermissionDenied
        if mission is None or phase.mission_id != mission.pk:
            raise ValidationError({"phase": _("Choose a phase of the workshop’s mission.")})
    people = list(people or [])
    if any(person.workspace_id != actor.workspace_id for person in people):
        raise PermissionDenied
    if people and (
        mission is None or any(p.organization_id != mission.organization_id for p in people)
    ):
        raise ValidationError(
            {"expected_people": _("Choose people of the mission’s organisation.")}
        )
    return people


def update_workshop(
    actor: Actor, workshop: Workshop, *, title: str, mission=None, phase=None,
    expected_people=(), **values
) -> Workshop:  # fmt: skip
    """Change a workshop's details (and its settings passed in ``values``)."""
    _check_workshop(actor, workshop)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Please give the workshop a title.")})
    if mission is not None and mission.workspace_id != actor.workspace_id:
        raise PermissionDenied
    people = _check_details(actor, mission, phase, expected_people, values)
    with transaction.atomic():
        changes = audit.apply_changes(
            workshop,
            {
                "title": title,
                "mission": mission,
                "organization": mission.organization if mission else None,
                "phase": phase,
                **values,
            },
        )
        workshop.save()
        old = sorted(workshop.expected_people.values_list("pk", flat=True))
        if old != sorted(p.pk for p in people):
            changes["expected_people"] = [old, sorted(p.pk for p in people)]
            workshop.expected_people.set(people)
        audit.record(actor, "workshop.update", workshop, changes=changes)
    return workshop


def _lines(value) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [line.strip() for line in value or [] if line and line.strip()]


def _method_values(data: dict, language: str) -> dict:
    """Validated values of a workspace method, its texts stored under ``language``."""
    errors = {}
    texts = {field: (data.get(field) or "").strip() for field in METHOD_TEXT_FIELDS}
    lists = {field: _lines(data.get(field)) for field in METHOD_LIST_FIELDS}
    if not texts["name"]:
        errors["name"] = _("Please give the method a name.")
    elif len(texts["name"]) > 200:
        errors["name"] = _("At most 200 characters.")
    if not texts["purpose"]:
        errors["purpose"] = _("Say in a few words what the method is for.")
    if not lists["steps"]:
        errors["steps"] = _("Write at least one step (one per line).")
    prompts = lists["board_prompts"]
    if len(prompts) > MAX_COLUMNS or any(len(p) > 200 for p in prompts):
        errors["board_prompts"] = _("At most %(max)s prompts of 200 characters.") % {
            "max": MAX_COLUMNS
        }
    duration = data.get("duration_minutes")
    if not isinstance(duration, int) or not 1 <= duration <= MAX_MINUTES:
        errors["duration_minutes"] = _("Give a duration between 1 and %(max)s minutes.") % {
            "max": MAX_MINUTES
        }
    if data.get("group_format") not in GroupFormat.values:
        errors["group_format"] = _("Choose a group format.")
    if errors:
        raise ValidationError(errors)
    return {
        **{field: {language: value} for field, value in texts.items()},
        **{field: {language: value} for field, value in lists.items()},
        "duration_minutes": duration,
        "group_format": data["group_format"],
    }


def _check_own_method(actor: Actor, method: Method) -> None:
    """Built-in methods are read-only; another workspace's methods are out of reach."""
    require_staff(actor)
    if method.workspace_id is None or method.workspace_id != actor.workspace_id:
        raise PermissionDenied


def create_method(actor: Actor, **data) -> Method:
    require_staff(actor)
    language = (get_language() or "fr")[:2]
    values = _method_values(data, language)
    with transaction.atomic():
        method = Method.objects.create(workspace=actor.workspace, language=language, **values)
        audit.record(actor, "method.create", method)
    return method


def update_method(actor: Actor, method: Method, **data) -> Method:
    _check_own_method(actor, method)
    values = _method_values(data, method.language or "fr")
    with transaction.atomic():
        changes = audit.apply_changes(method, values)
        method.save()
        audit.record(actor, "method.update", method, changes={k: True for k in changes})
    return method


def delete_method(actor: Actor, method: Method) -> None:
    """Delete a workspace method; the activities that used it keep their title and timing."""
    _check_own_method(actor, method)
    with transaction.atomic():
        audit.record(actor, "method.delete", method)
        method.delete()


def _check_method_use(actor: Actor, method: Method | None) -> None:
    if method is not None and method.workspace_id not in (None, actor.workspace_id):
        raise PermissionDenied


def _activity_values(title, duration_minutes, instructions, group_format) -> dict:
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Please give the activity a title.")
    elif len(title) > 200:
        errors["title"] = _("At most 200 characters.")
    if (
        not isinstance(duration_minutes, int)
        or isinstance(duration_minutes, bool)
        or not 1 <= duration_minutes <= MAX_MINUTES
    ):
        errors["duration_minutes"] = _("Give a duration between 1 and %(max)s minutes.") % {
            "max": MAX_MINUTES
        }
    if group_format not in GroupFormat.values:
        errors["group_format"] = _("Choose a group format.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "duration_minutes": duration_minutes,
        "instructions": (instructions or "").strip(),
        "group_format": group_format,
    }


def add_activity(
    actor: Actor, workshop: Workshop, *, title: str, duration_minutes: int, method=None,
    instructions: str = "", group_format: str = GroupFormat.PLENARY,
) -> Activity:  # fmt: skip
    """Append an activity at the end of the workshop's agenda."""
    _check_workshop(actor, workshop)
    _check_method_use(actor, method)
    values = _activity_values(title, duration_minutes, instructions, group_format)
    with transaction.atomic():
        # Lock the workshop row so that two additions do not take the same position.
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        count = workshop.activities.count()
        if count >= MAX_ACTIVITIES:
            raise ValidationError(
                _("An agenda holds at most %(max)s activities.") % {"max": MAX_ACTIVITIES}
            )
        activity = Activity.objects.create(
            workspace=actor.workspace, workshop=workshop, position=count, method=method, **values
        )
        audit.record(actor, "activity.create", activity, f"{workshop} › {activity}")
    return activity


def add_method_to_agenda(actor: Actor, workshop: Workshop, method: Method) -> Activity:
    """Use a method in a workshop: a new last activity with its name, duration and format."""
    _check_method_use(actor, method)
    return add_activity(
        actor,
        workshop,
        title=method.display_name[:200],
        duration_minutes=min(method.duration_minutes, MAX_MINUTES),
        method=method,
        instructions=method.text("timing"),
        group_format=method.group_format,
    )


def update_activity(
    actor: Actor, activity: Activity, *, title: str, duration_minutes: int, method=None,
    instructions: str = "", group_format: str = GroupFormat.PLENARY,
) -> Activity:  # fmt: skip
    _check_workshop(actor, activity.workshop)
    if activity.workspace_id != actor.workspace_id:
        raise PermissionDenied
    _check_method_use(actor, method)
    values = _activity_values(title, duration_minutes, instructions, group_format)
    with transaction.atomic():
        changes = audit.apply_changes(activity, {**values, "method": method})
        activity.save()
        audit.record(actor, "activity.update", activity, changes=changes)
    return activity


def _renumber(activities: list[Activity]) -> None:
    for position, activity in enumerate(activities):
        if activity.position != position:
            activity.position = position
            activity.save(update_fields=["position", "updated_at"])


def delete_activity(actor: Actor, activity: Activity) -> None:
    workshop = activity.workshop
    _check_workshop(actor, workshop)
    with transaction.atomic():
        audit.record(actor, "activity.delete", activity, f"{workshop} › {activity}")
        activity.delete()
        _renumber(list(workshop.activities.all()))


def move_activity(actor: Actor, activity: Activity, offset: int) -> Activity:
    """Move an activity ``offset`` places (−1: one up, +1: one down), within the agenda."""
    workshop = activity.workshop
    _check_workshop(actor, workshop)
    with transaction.atomic():
        activities = list(workshop.activities.select_for_update())
        index = next(i for i, a in enumerate(activities) if a.pk == activity.pk)
        target = max(0, min(len(activities) - 1, index + offset))
        if target != index:
            activities.insert(target, activities.pop(index))
            _renumber(activities)
            audit.record(
                actor, "activity.move", activity, f"{activity} ({target + 1}/{len(activities)})"
            )
    return activity


def reorder_activities(actor: Actor, workshop: Workshop, order: list[int]) -> None:
    """Put the agenda in the given order: every activity of the workshop, each exactly once."""
    _check_workshop(actor, workshop)
    with transaction.atomic():
        activities = {a.pk: a for a in workshop.activities.select_for_update()}
        if len(order) != len(set(order)) or set(order) != set(activities):
            raise ValidationError(
                _("The agenda changed in the meantime; reload the page and try again.")
            )
        new = [activities[pk] for pk in order]
        if [a.pk for a in sorted(activities.values(), key=lambda a: a.position)] != order:
            _renumber(new)
            audit.record(actor, "activity.reorder", workshop, f"{workshop} › agenda")


def create_activity_board(actor: Actor, activity: Activity) -> Board:
    """A live board for an activity whose method has board prompts, with those prompts."""
    workshop = activity.workshop
    _check_workshop(actor, workshop)
    method = activity.method
    _check_method_use(actor, method)
    prompts = method.prompts() if method else []
    if not prompts:
        raise ValidationError(_("The method of this activity proposes no board prompts."))
    with transaction.atomic():
        # Locked: a double click creates one board, not two.
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.board_id is not None:
            raise ValidationError(_("This activity already has its board."))
        board = add_board(actor, workshop, title=activity.title, prompts=prompts)
        activity.board = board
        activity.save(update_fields=["board", "updated_at"])
    return board


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
