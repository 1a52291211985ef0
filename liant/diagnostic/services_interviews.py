"""Writes of part a (interview campaigns): campaigns, guide, interviews and notes.

Every function starts from ``require_mission_staff`` and checks that what it is given belongs
to the campaign's workspace and organisation; every write is audited, except the autosaves of
notes (the note's creation is audited; its text never goes into the audit log: it is
confidential).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liant.accounts.models import User
from liant.core import audit
from liant.core.tenancy import Actor, Role
from liant.missions.models import Mission
from liant.orgs.models import Person, Unit

from .models import NOTE_MAX_LENGTH, GuideQuestion, GuideSection, Interview, InterviewCampaign, Note
from .services import require_mission_staff

MAX_SECTIONS = 30
MAX_QUESTIONS = 200
MAX_DURATION = 8 * 60
PROMPTS_MAX_LENGTH = 2_000


# --- Checks


def _check_campaign(actor: Actor, campaign: InterviewCampaign) -> None:
    require_mission_staff(actor, campaign.mission)
    if campaign.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _check_people(actor: Actor, mission: Mission, people: Iterable[Person], field: str) -> list:
    people = list(people or [])
    if any(person.workspace_id != actor.workspace_id for person in people):
        raise PermissionDenied
    if any(person.organization_id != mission.organization_id for person in people):
        raise ValidationError({field: _("Choose people of the mission’s organisation.")})
    return people


def _check_units(actor: Actor, mission: Mission, units: Iterable[Unit]) -> list:
    units = list(units or [])
    if any(unit.workspace_id != actor.workspace_id for unit in units):
        raise PermissionDenied
    if any(unit.organization_id != mission.organization_id for unit in units):
        raise ValidationError({"target_units": _("Choose units of the mission’s organisation.")})
    return units


def _clean_text(value: str, field: str, max_length: int, required_message: str = "") -> str:
    value = (value or "").strip()
    if required_message and not value:
        raise ValidationError({field: required_message})
    if len(value) > max_length:
        raise ValidationError(
            {field: _("At most %(max)s characters.") % {"max": f"{max_length:,}".replace(",", " ")}}
        )
    return value


# --- Campaigns


def _campaign_values(actor, mission, data: dict) -> tuple[dict, dict]:
    title = _clean_text(data.get("title"), "title", 200, _("Please give the campaign a title."))
    coverage = data.get("target_coverage", 50)
    if not isinstance(coverage, int) or isinstance(coverage, bool) or not 1 <= coverage <= 100:
        raise ValidationError({"target_coverage": _("Give a coverage between 1 and 100 %.")})
    status = data.get("status", InterviewCampaign.Status.PREPARING)
    if status not in InterviewCampaign.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    relations = {
        "target_units": _check_units(actor, mission, data.get("target_units")),
        "target_people": _check_people(actor, mission, data.get("target_people"), "target_people"),
        "partners": _check_people(actor, mission, data.get("partners"), "partners"),
    }
    both = {p.pk for p in relations["target_people"]} & {p.pk for p in relations["partners"]}
    if both:
        raise ValidationError(
            {"partners": _("A person is either in the target or an internal partner, not both.")}
        )
    values = {
        "title": title,
        "description": (data.get("description") or "").strip(),
        "target_coverage": coverage,
        "status": status,
    }
    return values, relations


def create_campaign(actor: Actor, mission: Mission, **data) -> InterviewCampaign:
    require_mission_staff(actor, mission)
    values, relations = _campaign_values(actor, mission, data)
    with transaction.atomic():
        campaign = InterviewCampaign.objects.create(
            workspace=actor.workspace, mission=mission, **values
        )
        for name, objects in relations.items():
            getattr(campaign, name).set(objects)
        audit.record(actor, "diagnostic.campaign_create", campaign, f"{mission} › {campaign}")
    return campaign


def update_campaign(actor: Actor, campaign: InterviewCampaign, **data) -> InterviewCampaign:
    _check_campaign(actor, campaign)
    values, relations = _campaign_values(actor, campaign.mission, data)
    with transaction.atomic():
        changes = audit.apply_changes(campaign, values)
        campaign.save()
        for name, objects in relations.items():
            manager = getattr(campaign, name)
            old = sorted(manager.values_list("pk", flat=True))
            new = sorted(obj.pk for obj in objects)
            if old != new:
                changes[name] = [old, new]
                manager.set(objects)
        audit.record(actor, "diagnostic.campaign_update", campaign, changes=changes)
    return campaign


def set_campaign_status(actor: Actor, campaign: InterviewCampaign, status: str):
    """Start, close or reopen a campaign."""
    _check_campaign(actor, campaign)
    if status not in InterviewCampaign.Status.values:
        raise ValidationError(_("Choose a status."))
    with transaction.atomic():
        changes = audit.apply_changes(campaign, {"status": status})
        if changes:
            campaign.save(update_fields=["status", "updated_at"])
            audit.record(actor, "diagnostic.campaign_status", campaign, changes=changes)
    return campaign


# --- Guide


def _renumber(items) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])


def _move(items: list, item, offset: int) -> bool:
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = max(0, min(len(items) - 1, index + offset))
    if target == index:
        return False
    items.insert(target, items.pop(index))
    _renumber(items)
    return True


def add_section(actor: Actor, campaign: InterviewCampaign, *, title: str) -> GuideSection:
    _check_campaign(actor, campaign)
    title = _clean_text(title, "title", 200, _("Please give the section a title."))
    with transaction.atomic():
        InterviewCampaign.objects.select_for_update().filter(pk=campaign.pk).first()
        count = campaign.sections.count()
        if count >= MAX_SECTIONS:
            raise ValidationError(
                _("A guide holds at most %(max)s sections.") % {"max": MAX_SECTIONS}
            )
        section = GuideSection.objects.create(
            workspace=actor.workspace, campaign=campaign, title=title, position=count
        )
        audit.record(actor, "diagnostic.section_create", section, f"{campaign} › {section}")
    return section


def update_section(actor: Actor, section: GuideSection, *, title: str) -> GuideSection:
    _check_campaign(actor, section.campaign)
    title = _clean_text(title, "title", 200, _("Please give the section a title."))
    with transaction.atomic():
        changes = audit.apply_changes(section, {"title": title})
        section.save()
        audit.record(actor, "diagnostic.section_update", section, changes=changes)
    return section


def _has_notes(**filters) -> int:
    return Note.objects.exclude(text="").filter(**filters).count()


def delete_section(actor: Actor, section: GuideSection) -> None:
    """Delete a section and its questions; refused while one of them has notes."""
    campaign = section.campaign
    _check_campaign(actor, campaign)
    if _has_notes(question__section=section):
        raise ValidationError(
            _("Interview notes answer questions of this section: rename it rather than delete it.")
        )
    with transaction.atomic():
        audit.record(actor, "diagnostic.section_delete", section, f"{campaign} › {section}")
        section.delete()
        _renumber(list(campaign.sections.all()))


def move_section(actor: Actor, section: GuideSection, offset: int) -> None:
    campaign = section.campaign
    _check_campaign(actor, campaign)
    with transaction.atomic():
        sections = list(campaign.sections.select_for_update())
        if _move(sections, section, offset):
            audit.record(actor, "diagnostic.section_move", section, f"{campaign} › {section}")


def _question_values(text: str, prompts: str) -> dict:
    text = _clean_text(text, "text", 500, _("Write the question."))
    lines = [line.strip() for line in (prompts or "").splitlines() if line.strip()]
    prompts = _clean_text("\n".join(lines), "prompts", PROMPTS_MAX_LENGTH)
    return {"text": text, "prompts": prompts}


def add_question(
    actor: Actor, section: GuideSection, *, text: str, prompts: str = ""
) -> GuideQuestion:
    campaign = section.campaign
    _check_campaign(actor, campaign)
    values = _question_values(text, prompts)
    with transaction.atomic():
        GuideSection.objects.select_for_update().filter(pk=section.pk).first()
        total = GuideQuestion.objects.filter(section__campaign=campaign).count()
        if total >= MAX_QUESTIONS:
            raise ValidationError(
                _("A guide holds at most %(max)s questions.") % {"max": MAX_QUESTIONS}
            )
        question = GuideQuestion.objects.create(
            workspace=actor.workspace,
            section=section,
            position=section.questions.count(),
            **values,
        )
        audit.record(actor, "diagnostic.question_create", question, f"{campaign} › {question}")
    return question


def update_question(
    actor: Actor, question: GuideQuestion, *, text: str, prompts: str = ""
) -> GuideQuestion:
    _check_campaign(actor, question.section.campaign)
    values = _question_values(text, prompts)
    with transaction.atomic():
        changes = audit.apply_changes(question, values)
        question.save()
        audit.record(actor, "diagnostic.question_update", question, changes=changes)
    return question


def delete_question(actor: Actor, question: GuideQuestion) -> None:
    section = question.section
    _check_campaign(actor, section.campaign)
    if _has_notes(question=question):
        raise ValidationError(
            _("Interview notes answer this question: rephrase it rather than delete it.")
        )
    with transaction.atomic():
        audit.record(actor, "diagnostic.question_delete", question)
        question.delete()
        _renumber(list(section.questions.all()))


def move_question(actor: Actor, question: GuideQuestion, offset: int) -> None:
    section = question.section
    _check_campaign(actor, section.campaign)
    with transaction.atomic():
        questions = list(section.questions.select_for_update())
        if _move(questions, question, offset):
            audit.record(actor, "diagnostic.question_move", question)


# --- Interviews


def _check_interviewer(actor: Actor, interviewer: User | None) -> None:
    if interviewer is None:
        return
    member = interviewer.memberships.filter(
        workspace=actor.workspace_id, role__in=Role.STAFF
    ).exists()
    if not member:
        raise ValidationError({"interviewer": _("Choose a consultant of your workspace.")})


def _interview_values(actor: Actor, campaign: InterviewCampaign, data: dict) -> tuple[dict, list]:
    errors = {}
    kind = data.get("kind", Interview.Kind.INDIVIDUAL)
    status = data.get("status", Interview.Status.PLANNED)
    people = _check_people(actor, campaign.mission, data.get("people"), "people")
    if kind not in Interview.Kind.values:
        errors["kind"] = _("Choose individual or collective.")
    elif kind == Interview.Kind.INDIVIDUAL and len(people) != 1:
        errors["people"] = _("An individual interview is with one person: choose them.")
    elif kind == Interview.Kind.COLLECTIVE and len(people) < 2:
        errors["people"] = _("A collective interview brings together at least two people.")
    if status not in Interview.Status.values:
        errors["status"] = _("Choose a status.")
    scheduled_at = data.get("scheduled_at")
    if status == Interview.Status.PLANNED and scheduled_at is None:
        errors["scheduled_at"] = _("Give the date and time of a planned interview.")
    duration = data.get("duration_minutes") or 60
    if not isinstance(duration, int) or not 5 <= duration <= MAX_DURATION:
        errors["duration_minutes"] = _("Give a duration between 5 and %(max)s minutes.") % {
            "max": MAX_DURATION
        }
    label = (data.get("label") or "").strip()
    place = (data.get("place") or "").strip()
    if len(label) > 200:
        errors["label"] = _("At most %(max)s characters.") % {"max": 200}
    if len(place) > 300:
        errors["place"] = _("At most %(max)s characters.") % {"max": 300}
    interviewer = data.get("interviewer")
    try:
        _check_interviewer(actor, interviewer)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    values = {
        "kind": kind,
        "label": label,
        "scheduled_at": scheduled_at,
        "duration_minutes": duration,
        "place": place,
        "interviewer": interviewer,
        "status": status,
    }
    return values, people


def create_interview(actor: Actor, campaign: InterviewCampaign, **data) -> Interview:
    _check_campaign(actor, campaign)
    values, people = _interview_values(actor, campaign, data)
    with transaction.atomic():
        interview = Interview.objects.create(workspace=actor.workspace, campaign=campaign, **values)
        interview.people.set(people)
        audit.record(actor, "diagnostic.interview_create", interview, f"{campaign} › {interview}")
    return interview


def update_interview(actor: Actor, interview: Interview, **data) -> Interview:
    campaign = interview.campaign
    _check_campaign(actor, campaign)
    values, people = _interview_values(actor, campaign, data)
    with transaction.atomic():
        changes = audit.apply_changes(interview, values)
        interview.save()
        old = sorted(interview.people.values_list("pk", flat=True))
        if old != sorted(p.pk for p in people):
            changes["people"] = [old, sorted(p.pk for p in people)]
            interview.people.set(people)
        audit.record(actor, "diagnostic.interview_update", interview, changes=changes)
    return interview


def set_interview_status(actor: Actor, interview: Interview, status: str) -> Interview:
    _check_campaign(actor, interview.campaign)
    if status not in Interview.Status.values:
        raise ValidationError(_("Choose a status."))
    if status == Interview.Status.PLANNED and interview.scheduled_at is None:
        raise ValidationError(_("Give the date and time of a planned interview."))
    with transaction.atomic():
        changes = audit.apply_changes(interview, {"status": status})
        if changes:
            interview.save(update_fields=["status", "updated_at"])
            audit.record(actor, "diagnostic.interview_status", interview, changes=changes)
    return interview


def delete_interview(actor: Actor, interview: Interview) -> None:
    """Delete an interview entered by mistake; refused once it has notes."""
    _check_campaign(actor, interview.campaign)
    if _has_notes(interview=interview):
        raise ValidationError(
            _("This interview has notes: mark it cancelled rather than delete it.")
        )
    with transaction.atomic():
        audit.record(actor, "diagnostic.interview_delete", interview)
        interview.delete()


# --- Notes


class NoteConflict(Exception):
    """Another save reached the note since the version the client started from."""

    def __init__(self, note: Note):
        super().__init__("note version conflict")
        self.note = note


def save_note(
    actor: Actor,
    interview: Interview,
    question: GuideQuestion | None,
    *,
    text: str,
    base_version: int,
) -> Note:
    """Save the note of ``question`` (None: the free notes) if nobody saved it since
    ``base_version`` (0: the client never saw it saved); raise ``NoteConflict`` otherwise.
    Saving the same text again changes nothing."""
    campaign = interview.campaign
    _check_campaign(actor, campaign)
    if interview.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if question is not None and (
        question.workspace_id != actor.workspace_id or question.section.campaign_id != campaign.pk
    ):
        raise ValidationError({"question": _("This question belongs to another guide.")})
    text = (text or "").replace("\r\n", "\n")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("A note is limited to %(max)s characters; this one has %(count)s.")
                % {"max": f"{NOTE_MAX_LENGTH:,}".replace(",", " "), "count": len(text)}
            }
        )
    try:
        with transaction.atomic():
            note = (
                Note.objects.filter(interview=interview, question=question)
                .order_by()  # the default ordering joins the guide: no FOR UPDATE across it
                .select_for_update()
                .first()
            )
            if note is None:
                if base_version != 0:
                    raise ValidationError(_("This note no longer exists; reload the page."))
                note = Note.objects.create(
                    workspace=actor.workspace,
                    interview=interview,
                    question=question,
                    text=text,
                    version=1,
                    updated_by=actor.user,
                )
                audit.record(actor, "diagnostic.note_create", note, str(interview))
                return note
            if note.version != base_version:
                raise NoteConflict(note)
            if note.text != text:
                note.text = text
                note.version += 1
                note.updated_by = actor.user
                note.save(update_fields=["text", "version", "updated_by", "updated_at"])
            return note
    except IntegrityError:
        # Two first saves of the same note at once: the other one won.
        note = Note.objects.get(interview=interview, question=question)
        raise NoteConflict(note) from None
