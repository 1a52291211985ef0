"""Writes of surveys: the questionnaire builder, templates, waves, invitations and responses.

Anonymity of token waves rests on what is *not* written: a response gets the unit of the
invitation and the day, nothing else; the invitation gets ``used_at`` truncated to the day,
written with ``QuerySet.update`` so that its ``updated_at`` keeps the time it was created
(an exact time of use would line up with the order of the responses). Submissions are not
audited for the same reason.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor
from liant.missions.models import Mission

from . import survey_templates, tallies
from .models import (
    ANSWER_TEXT_MAX_LENGTH,
    LIKERT_MAX,
    LIKERT_MIN,
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Response,
    Survey,
    SurveyQuestion,
    SurveySection,
    SurveyToken,
    Wave,
    hash_token,
    validate_labels,
)
from .services import require_mission_staff

Kind = SurveyQuestion.Kind
MAX_QUESTIONS = 120
MAX_SECTIONS = 30


def _labels(value, field: str) -> list[str]:
    labels = [item.strip() for item in value or [] if item and item.strip()]
    try:
        validate_labels(labels)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    return labels


def has_responses(survey: Survey) -> bool:
    return Response.objects.filter(wave__survey=survey).exists()


# --- Surveys


def _survey_values(data: dict) -> dict:
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("Please give the survey a title.")})
    return {
        "title": title[:200],
        "description": (data.get("description") or "").strip(),
        "ask_unit": bool(data.get("ask_unit")),
        "roles": _labels(data.get("roles"), "roles"),
        "seniority_bands": _labels(data.get("seniority_bands"), "seniority_bands"),
    }


def create_survey(actor: Actor, mission: Mission, **data) -> Survey:
    require_mission_staff(actor, mission)
    values = _survey_values(data)
    with transaction.atomic():
        survey = Survey.objects.create(workspace=actor.workspace, mission=mission, **values)
        audit.record(actor, "diagnostic.survey_create", survey)
    return survey


def create_survey_from_template(
    actor: Actor, mission: Mission, key: str, *, language: str | None = None
) -> Survey:
    """A new survey with the template's sections and questions, in the actor's language."""
    require_mission_staff(actor, mission)
    template = survey_templates.builtin_templates().get(key)
    if template is None:
        raise ValidationError({"template": _("Choose one of the templates.")})
    data = survey_templates.in_language(template, language or get_language() or "fr")
    with transaction.atomic():
        survey = Survey.objects.create(
            workspace=actor.workspace,
            mission=mission,
            title=data["title"],
            description=data["description"],
            template_key=key,
            roles=data["roles"],
            seniority_bands=data["seniority_bands"],
        )
        position = 0
        for s_position, section_data in enumerate(data["sections"]):
            section = SurveySection.objects.create(
                workspace=actor.workspace,
                survey=survey,
                title=section_data["title"],
                description=section_data["description"],
                position=s_position,
            )
            for q in section_data["questions"]:
                SurveyQuestion.objects.create(
                    workspace=actor.workspace, survey=survey, section=section, position=position,
                    kind=q["kind"], text=q["text"], help_text=q["help_text"],
                    options=q["options"], rows=q["rows"], required=q["required"],
                )  # fmt: skip
                position += 1
        audit.record(actor, "diagnostic.survey_create", survey, f"{survey} ({key})")
    return survey


def update_survey(actor: Actor, survey: Survey, **data) -> Survey:
    require_mission_staff(actor, survey.mission)
    values = _survey_values(data)
    with transaction.atomic():
        changes = audit.apply_changes(survey, values)
        survey.save()
        audit.record(actor, "diagnostic.survey_update", survey, changes=changes)
    return survey


def delete_survey(actor: Actor, survey: Survey) -> None:
    require_mission_staff(actor, survey.mission)
    if has_responses(survey):
        raise ValidationError(_("This survey has responses: it cannot be deleted."))
    with transaction.atomic():
        audit.record(actor, "diagnostic.survey_delete", survey)
        survey.delete()


# --- Sections


def _section_values(data: dict) -> dict:
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("Please give the section a title.")})
    return {"title": title[:200], "description": (data.get("description") or "").strip()}


def add_section(actor: Actor, survey: Survey, **data) -> SurveySection:
    require_mission_staff(actor, survey.mission)
    values = _section_values(data)
    if survey.sections.count() >= MAX_SECTIONS:
        raise ValidationError(_("At most %(max)d sections.") % {"max": MAX_SECTIONS})
    with transaction.atomic():
        last = survey.sections.aggregate(m=Max("position"))["m"]
        section = SurveySection.objects.create(
            workspace=survey.workspace, survey=survey, position=(last or 0) + 1, **values
        )
        audit.record(actor, "diagnostic.survey_section_add", section, f"{survey} › {section}")
    return section


def update_section(actor: Actor, section: SurveySection, **data) -> SurveySection:
    require_mission_staff(actor, section.survey.mission)
    with transaction.atomic():
        changes = audit.apply_changes(section, _section_values(data))
        section.save()
        audit.record(actor, "diagnostic.survey_section_update", section, changes=changes)
    return section


def delete_section(actor: Actor, section: SurveySection) -> None:
    """Delete a section; its questions stay, without a section."""
    require_mission_staff(actor, section.survey.mission)
    with transaction.atomic():
        section.questions.update(section=None)
        audit.record(actor, "diagnostic.survey_section_delete", section)
        section.delete()


def move_section(actor: Actor, section: SurveySection, step: int) -> None:
    require_mission_staff(actor, section.survey.mission)
    _move(list(section.survey.sections.all()), section, step)


def _move(items: list, item, step: int) -> None:
    """Move ``item`` one place up (-1) or down (+1) among ``items`` and renumber them."""
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + step
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    with transaction.atomic():
        for position, other in enumerate(items):
            if other.position != position:
                type(other).objects.filter(pk=other.pk).update(position=position)


# --- Questions


def _question_values(survey: Survey, data: dict) -> dict:
    kind = data.get("kind")
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")})
    text = (data.get("text") or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if len(text) > 500:
        raise ValidationError({"text": _("A question is limited to 500 characters.")})
    section = data.get("section")
    if section is not None and section.survey_id != survey.pk:
        raise PermissionDenied
    values = {
        "kind": kind,
        "text": text,
        "help_text": (data.get("help_text") or "").strip()[:300],
        "required": bool(data.get("required")),
        "section": section,
        "options": [],
        "rows": [],
    }
    if kind in SurveyQuestion.CHOICE_KINDS:
        values["options"] = _labels(data.get("options"), "options")
        if len(values["options"]) < 2:
            raise ValidationError({"options": _("Give at least two options, one per line.")})
    if kind == Kind.MATRIX:
        values["rows"] = _labels(data.get("rows"), "rows")
        if not values["rows"]:
            raise ValidationError({"rows": _("Give at least one row, one per line.")})
    return values


def add_question(actor: Actor, survey: Survey, **data) -> SurveyQuestion:
    require_mission_staff(actor, survey.mission)
    values = _question_values(survey, data)
    if survey.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(_("At most %(max)d questions.") % {"max": MAX_QUESTIONS})
    with transaction.atomic():
        last = survey.questions.aggregate(m=Max("position"))["m"]
        question = SurveyQuestion.objects.create(
            workspace=survey.workspace, survey=survey, position=(last or 0) + 1, **values
        )
        tallies.count_question_skipped(question)  # the existing respondents did not answer it
        audit.record(actor, "diagnostic.survey_question_add", question, f"{survey} › {question}")
    return question


def _check_kept_labels(old: list[str], new: list[str], field: str) -> None:
    """Answers store indexes: existing labels may be renamed, new ones appended, nothing else."""
    if len(new) < len(old):
        raise ValidationError(
            {
                field: _(
                    "This survey already has responses: existing options and rows can be "
                    "renamed, and new ones added at the end, but none can be removed."
                )
            }
        )
    old_folded = [label.casefold() for label in old]
    for index, label in enumerate(new):
        folded = label.casefold()
        if folded in old_folded and old_folded.index(folded) != index:
            raise ValidationError(
                {
                    field: _(
                        "This survey already has responses: options and rows cannot be "
                        "reordered (“%(label)s” moved). Rename them in place."
                    )
                    % {"label": label}
                }
            )


def update_question(actor: Actor, question: SurveyQuestion, **data) -> SurveyQuestion:
    survey = question.survey
    require_mission_staff(actor, survey.mission)
    values = _question_values(survey, data)
    if has_responses(survey):
        if values["kind"] != question.kind:
            raise ValidationError(
                {"kind": _("This survey already has responses: the kind cannot change.")}
            )
        _check_kept_labels(question.options, values["options"], "options")
        _check_kept_labels(question.rows, values["rows"], "rows")
    with transaction.atomic():
        changes = audit.apply_changes(question, values)
        question.save()
        audit.record(actor, "diagnostic.survey_question_update", question, changes=changes)
    return question


def delete_question(actor: Actor, question: SurveyQuestion) -> None:
    require_mission_staff(actor, question.survey.mission)
    if question.answers.exists():
        raise ValidationError(_("This question has answers: it cannot be deleted."))
    with transaction.atomic():
        audit.record(actor, "diagnostic.survey_question_delete", question)
        question.delete()


def move_question(actor: Actor, question: SurveyQuestion, step: int) -> None:
    """One place up or down within its section (or among the questions without section)."""
    require_mission_staff(actor, question.survey.mission)
    siblings = list(question.survey.questions.filter(section=question.section_id))
    _move(siblings, question, step)


# --- Waves


def _wave_dates(opens_at, closes_at) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The closing date must come after the opening.")})


def create_wave(
    actor: Actor, survey: Survey, *, distribution: str, opens_at=None, closes_at=None
) -> Wave:
    require_mission_staff(actor, survey.mission)
    if distribution not in Wave.Distribution.values:
        raise ValidationError({"distribution": _("Choose how the survey is distributed.")})
    _wave_dates(opens_at, closes_at)
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before creating a wave."))
    with transaction.atomic():
        last = Wave.objects.filter(survey=survey).aggregate(m=Max("number"))["m"]
        wave = Wave.objects.create(
            workspace=survey.workspace, survey=survey, number=(last or 0) + 1,
            distribution=distribution, opens_at=opens_at, closes_at=closes_at,
        )  # fmt: skip
        audit.record(actor, "diagnostic.wave_create", wave)
    return wave


def update_wave_dates(actor: Actor, wave: Wave, *, opens_at=None, closes_at=None) -> Wave:
    require_mission_staff(actor, wave.survey.mission)
    _wave_dates(opens_at, closes_at)
    with transaction.atomic():
        changes = audit.apply_changes(wave, {"opens_at": opens_at, "closes_at": closes_at})
        wave.save()
        audit.record(actor, "diagnostic.wave_update", wave, changes=changes)
    return wave


def open_wave(actor: Actor, wave: Wave) -> Wave:
    require_mission_staff(actor, wave.survey.mission)
    if wave.status != Wave.Status.DRAFT:
        raise ValidationError(_("Only a wave not open yet can be opened."))
    other = Wave.objects.filter(survey=wave.survey_id, status=Wave.Status.OPEN).exclude(pk=wave.pk)
    if other.exists():
        raise ValidationError(_("Close the open wave of this survey first."))
    with transaction.atomic():
        Wave.objects.filter(pk=wave.pk).update(status=Wave.Status.OPEN)
        wave.status = Wave.Status.OPEN
        audit.record(actor, "diagnostic.wave_open", wave)
    return wave


def close_wave(actor: Actor, wave: Wave) -> Wave:
    require_mission_staff(actor, wave.survey.mission)
    if wave.status != Wave.Status.OPEN:
        raise ValidationError(_("Only an open wave can be closed."))
    with transaction.atomic():
        Wave.objects.filter(pk=wave.pk).update(status=Wave.Status.CLOSED)
        wave.status = Wave.Status.CLOSED
        audit.record(actor, "diagnostic.wave_close", wave)
    return wave


def wave_state(wave: Wave, now: datetime.datetime | None = None) -> str:
    """``open`` when answers are accepted now, else ``not_open`` or ``closed``."""
    now = now or timezone.now()
    if wave.status == Wave.Status.CLOSED or (wave.closes_at and now >= wave.closes_at):
        return "closed"
    if wave.status == Wave.Status.DRAFT or (wave.opens_at and now < wave.opens_at):
        return "not_open"
    return "open"


# --- Invitations (tokens)


@dataclass(frozen=True)
class Invitation:
    """A generated invitation: the raw token exists only in this object, never in a row."""

    person: object
    unit: object
    token: str


def new_token() -> str:
    return secrets.token_urlsafe(24)


def create_tokens(actor: Actor, wave: Wave, people) -> list[Invitation]:
    """One personal invitation per person not invited yet to this wave (of the mission's
    organisation). Returns the raw tokens, to be handed out once."""
    survey = wave.survey
    require_mission_staff(actor, survey.mission)
    if wave.distribution != Wave.Distribution.TOKENS:
        raise ValidationError(_("This wave is distributed by one anonymous link."))
    if wave.status == Wave.Status.CLOSED:
        raise ValidationError(_("This wave is closed."))
    people = list(people)
    if any(p.workspace_id != actor.workspace_id for p in people):
        raise PermissionDenied
    if any(p.organization_id != survey.mission.organization_id for p in people):
        raise ValidationError({"people": _("Choose people of the mission’s organisation.")})
    invited = set(SurveyToken.objects.filter(wave=wave).values_list("person_id", flat=True))
    fresh = [p for p in people if p.pk not in invited]
    if not fresh:
        raise ValidationError(_("Everyone chosen is already invited to this wave."))
    now = timezone.now()
    invitations = [Invitation(person, person.unit, new_token()) for person in fresh]
    with transaction.atomic():
        SurveyToken.objects.bulk_create(
            SurveyToken(
                workspace=wave.workspace, wave=wave, person=i.person, unit=i.unit,
                token_hash=hash_token(i.token), sent_at=now,
            )
            for i in invitations
        )  # fmt: skip
        audit.record(
            actor,
            "diagnostic.wave_invite",
            wave,
            _("%(count)d invitations") % {"count": len(fresh)},
        )
    return invitations


def renew_token(actor: Actor, token: SurveyToken) -> Invitation:
    """A new link for someone who lost theirs (the old one stops working)."""
    require_mission_staff(actor, token.wave.survey.mission)
    if token.used_at is not None:
        raise ValidationError(_("This person has already answered."))
    if token.wave.status == Wave.Status.CLOSED:
        raise ValidationError(_("This wave is closed."))
    raw = new_token()
    with transaction.atomic():
        SurveyToken.objects.filter(pk=token.pk).update(
            token_hash=hash_token(raw), sent_at=timezone.now()
        )
        audit.record(actor, "diagnostic.token_renew", token, str(token.person or ""))
    return Invitation(token.person, token.unit, raw)


# --- Responses


class AlreadyAnswered(Exception):
    """The invitation was used already (or the browser has answered the link)."""


class NotOpen(Exception):
    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


@dataclass
class Breakdown:
    unit: object = None
    role: str = ""
    seniority: str = ""


def _one_int(raw: str | None, low: int, high: int, message: str) -> int | None:
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError(message) from None
    if not low <= value <= high:
        raise ValidationError(message)
    return value


def read_answers(questions: list[SurveyQuestion], data) -> tuple[dict, dict]:
    """Check the posted answers (``data`` a QueryDict): returns ``(answers, errors)`` keyed by
    question id. Answers are dicts of Answer fields; an unanswered question is left out."""
    answers, errors = {}, {}
    for q in questions:
        name = f"q{q.pk}"
        try:
            answer = _read_one(q, name, data)
        except ValidationError as error:
            errors[q.pk] = " ".join(error.messages)
            continue
        if answer is None:
            if q.required:
                errors[q.pk] = _("This question needs an answer.")
        else:
            answers[q.pk] = answer
    return answers, errors


def _read_one(q: SurveyQuestion, name: str, data) -> dict | None:
    if q.kind == Kind.LIKERT:
        value = _one_int(data.get(name), LIKERT_MIN, LIKERT_MAX, _("Choose a value from 1 to 5."))
        return None if value is None else {"value": value}
    if q.kind == Kind.SCALE:
        value = _one_int(data.get(name), SCALE_MIN, SCALE_MAX, _("Choose a value from 0 to 10."))
        return None if value is None else {"value": value}
    if q.kind == Kind.SINGLE:
        unknown = _("Choose one of the options offered.")
        index = _one_int(data.get(name), 0, len(q.options) - 1, unknown)
        return None if index is None else {"choices": [index]}
    if q.kind == Kind.MULTIPLE:
        raw = [item for item in data.getlist(name) if item != ""]
        unknown = _("Choose among the options offered.")
        indexes = sorted({_one_int(item, 0, len(q.options) - 1, unknown) for item in raw})
        return {"choices": indexes} if indexes else None
    if q.kind == Kind.MATRIX:
        matrix = {}
        for index, _row in enumerate(q.rows):
            value = _one_int(
                data.get(f"{name}_r{index}"),
                LIKERT_MIN,
                LIKERT_MAX,
                _("Choose a value from 1 to 5."),
            )
            if value is not None:
                matrix[str(index)] = value
        if q.required and matrix and len(matrix) < len(q.rows):
            raise ValidationError(_("Answer every row of this question."))
        return {"matrix": matrix} if matrix else None
    text = (data.get(name) or "").strip()
    if len(text) > ANSWER_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Your answer is %(length)d characters long; the limit is %(max)d.")
            % {"length": len(text), "max": ANSWER_TEXT_MAX_LENGTH}
        )
    return {"text": text} if text else None


def read_breakdown(survey: Survey, units: list, data, *, token_unit=None) -> tuple[Breakdown, dict]:
    """The unit, role and seniority chosen (each optional), from the lists offered."""
    breakdown, errors = Breakdown(unit=token_unit), {}
    if token_unit is None and survey.ask_unit and units:
        raw = data.get("unit") or ""
        by_pk = {str(unit.pk): unit for unit in units}
        if raw and raw not in by_pk:
            errors["unit"] = _("Choose one of the units offered.")
        breakdown.unit = by_pk.get(raw)
    for field, labels in (("role", survey.roles), ("seniority", survey.seniority_bands)):
        if not labels:
            continue
        try:
            index = _one_int(data.get(field), 0, len(labels) - 1, _("Choose one of the options."))
        except ValidationError as error:
            errors[field] = " ".join(error.messages)
        else:
            setattr(breakdown, field, "" if index is None else labels[index])
    return breakdown, errors


def find_token(raw: str) -> SurveyToken | None:
    if not raw or len(raw) > 100:
        return None
    return (
        SurveyToken.objects.select_related("wave__survey__mission", "unit")
        .filter(token_hash=hash_token(raw))
        .first()
    )


def submit_response(
    wave: Wave, answers: dict, breakdown: Breakdown, *, token: SurveyToken | None = None
) -> None:
    """Store one anonymous response. With an invitation, mark it used (the day only) in the
    same transaction; a used invitation is refused and nothing is written."""
    state = wave_state(wave)
    if state != "open":
        raise NotOpen(state)
    questions = {q.pk: q for q in wave.survey.questions.all()}
    today = timezone.localdate()
    with transaction.atomic():
        if token is not None:
            if token.wave_id != wave.pk:
                raise PermissionDenied
            locked = SurveyToken.objects.select_for_update().filter(pk=token.pk).first()
            if locked is None or locked.used_at is not None:
                raise AlreadyAnswered
            day = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
            marked = SurveyToken.objects.filter(pk=token.pk, used_at__isnull=True).update(
                used_at=day
            )
            if marked != 1:
                raise AlreadyAnswered
            breakdown.unit = locked.unit
        response = Response.objects.create(
            workspace_id=wave.workspace_id, wave=wave, submitted_on=today,
            unit=breakdown.unit, role=breakdown.role, seniority=breakdown.seniority,
        )  # fmt: skip
        kept = {pk: a for pk, a in answers.items() if pk in questions}
        Answer.objects.bulk_create(
            Answer(workspace_id=wave.workspace_id, response=response, question=questions[pk], **a)
            for pk, a in kept.items()
        )
        contents = {
            pk: (a.get("value"), a.get("choices"), a.get("matrix")) for pk, a in kept.items()
        }
        tallies.record_response(wave, response, questions.values(), contents)
