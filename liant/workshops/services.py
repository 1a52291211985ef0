"""Writes on workshops and their boards (the live changes go through ``liant.live.protocol``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from .models import Activity, Board, Column, GroupFormat, Method, Participant, Workshop, new_code

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
