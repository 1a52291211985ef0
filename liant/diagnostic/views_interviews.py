"""Part a of issue 5 — interview campaigns: campaign, guide, interviews, notes, schedule,
coverage and the iCal export. Staff of the mission's workspace only: sponsors get 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors

from . import selectors
from . import selectors_interviews as reads
from . import services_interviews as services
from .forms_interviews import (
    CampaignForm,
    InterviewForm,
    QuestionForm,
    ScheduleFilterForm,
    SectionForm,
)
from .ical_interviews import interviews_calendar
from .models import NOTE_MAX_LENGTH, Note


def _mission(request, mission_pk):
    mission = selectors.get_diagnostic_mission(request.actor, mission_pk)
    if not request.actor.is_staff_member:
        raise Http404  # interview campaigns are confidential: sponsors see nothing of them
    return mission


def _campaign(request, mission_pk, campaign_pk):
    mission = _mission(request, mission_pk)
    return mission, reads.get_campaign(request.actor, mission, campaign_pk)


def _render(request, template, mission, campaign=None, **context):
    return render(
        request,
        f"diagnostic/interviews/{template}",
        {"nav": "missions", "mission": mission, "campaign": campaign, **context},
    )


def _campaign_url(campaign, name="campaign_detail", **kwargs) -> str:
    return reverse(
        f"diagnostic:{name}",
        kwargs={"mission_pk": campaign.mission_id, "campaign_pk": campaign.pk, **kwargs},
    )


# --- Campaigns


def _campaign_form(request, mission, initial=None) -> CampaignForm:
    actor = request.actor
    return CampaignForm(
        request.POST or None,
        units=reads.organization_units(actor, mission),
        people=reads.organization_people(actor, mission),
        initial=initial,
    )


@actor_required
def campaign_create(request, mission_pk):
    mission = _mission(request, mission_pk)
    form = _campaign_form(request, mission)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(request.actor, mission, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign created. Now write its interview guide."))
            return redirect(_campaign_url(campaign, "campaign_guide"))
    return _render(request, "campaign_form.html", mission, form=form)


@actor_required
def campaign_edit(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    initial = {
        "title": campaign.title,
        "description": campaign.description,
        "status": campaign.status,
        "target_coverage": campaign.target_coverage,
        "target_units": list(campaign.target_units.values_list("pk", flat=True)),
        "target_people": list(campaign.target_people.values_list("pk", flat=True)),
        "partners": list(campaign.partners.values_list("pk", flat=True)),
    }
    form = _campaign_form(request, mission, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(request.actor, campaign, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect(_campaign_url(campaign))
    return _render(request, "campaign_form.html", mission, campaign, form=form)


@actor_required
def campaign_detail(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    actor = request.actor
    sections = reads.guide(actor, campaign)
    return _render(
        request,
        "campaign_detail.html",
        mission,
        campaign,
        sections=sections,
        question_count=sum(len(s.questions.all()) for s in sections),
        interviews=list(reads.interviews(actor, campaign)),
        coverage=reads.campaign_coverage(actor, campaign),
    )


@actor_required
def campaign_status(request, mission_pk, campaign_pk):
    _mission_obj, campaign = _campaign(request, mission_pk, campaign_pk)
    if response := not_post(request):
        return response
    try:
        services.set_campaign_status(request.actor, campaign, request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Campaign status: %(status)s.") % {
            "status": campaign.get_status_display()
        })  # fmt: skip
    return redirect(_campaign_url(campaign))


# --- Guide


@actor_required
def campaign_guide(request, mission_pk, campaign_pk):
    """The guide editor; POST adds a section at the end."""
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    form = SectionForm(request.POST or None, prefix="section")
    if request.method == "POST" and form.is_valid():
        try:
            section = services.add_section(request.actor, campaign, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Section added."))
            return redirect(_campaign_url(campaign, "campaign_guide") + f"#section-{section.pk}")
    return _render(
        request,
        "guide.html",
        mission,
        campaign,
        sections=reads.guide(request.actor, campaign),
        section_form=form,
        question_form=QuestionForm(prefix="question"),
    )


@actor_required
def guide_print(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    return _render(
        request,
        "guide_print.html",
        mission,
        campaign,
        sections=reads.guide(request.actor, campaign),
    )


@actor_required
def guide_section_edit(request, mission_pk, campaign_pk, guide_section_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    section = reads.get_section(request.actor, campaign, guide_section_pk)
    form = SectionForm(request.POST or None, initial={"title": section.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(request.actor, section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Section saved."))
            return redirect(_campaign_url(campaign, "campaign_guide") + f"#section-{section.pk}")
    return _render(request, "section_form.html", mission, campaign, section=section, form=form)


@actor_required
def guide_section_delete(request, mission_pk, campaign_pk, guide_section_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    section = reads.get_section(request.actor, campaign, guide_section_pk)
    notes = reads.note_count(request.actor, question__section=section)
    if request.method == "POST":
        try:
            services.delete_section(request.actor, section)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Section “%(title)s” deleted.") % {"title": section.title})
        return redirect(_campaign_url(campaign, "campaign_guide"))
    return _render(
        request, "guide_delete.html", mission, campaign, obj=section, kind="section", notes=notes
    )


def _direction(request) -> int | None:
    return {"up": -1, "down": 1}.get(request.POST.get("direction", ""))


@actor_required
def guide_section_move(request, mission_pk, campaign_pk, guide_section_pk):
    _mission_obj, campaign = _campaign(request, mission_pk, campaign_pk)
    section = reads.get_section(request.actor, campaign, guide_section_pk)
    if response := not_post(request):
        return response
    offset = _direction(request)
    if offset is None:
        messages.error(request, _("Choose to move up or down."))
    else:
        services.move_section(request.actor, section, offset)
    return redirect(_campaign_url(campaign, "campaign_guide") + f"#section-{section.pk}")


@actor_required
def guide_question_add(request, mission_pk, campaign_pk, guide_section_pk):
    """Add a question at the end of a section (the form of each section on the guide page)."""
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    section = reads.get_section(request.actor, campaign, guide_section_pk)
    form = QuestionForm(request.POST or None, prefix="question")
    if request.method == "POST" and form.is_valid():
        try:
            question = services.add_question(request.actor, section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect(_campaign_url(campaign, "campaign_guide") + f"#question-{question.pk}")
    return _render(request, "question_form.html", mission, campaign, section=section, form=form)


@actor_required
def guide_question_edit(request, mission_pk, campaign_pk, guide_question_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    question = reads.get_question(request.actor, campaign, guide_question_pk)
    form = QuestionForm(
        request.POST or None,
        prefix="question",
        initial={"text": question.text, "prompts": question.prompts},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(request.actor, question, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect(_campaign_url(campaign, "campaign_guide") + f"#question-{question.pk}")
    return _render(
        request,
        "question_form.html",
        mission,
        campaign,
        section=question.section,
        question=question,
        form=form,
    )


@actor_required
def guide_question_delete(request, mission_pk, campaign_pk, guide_question_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    question = reads.get_question(request.actor, campaign, guide_question_pk)
    notes = reads.note_count(request.actor, question=question)
    if request.method == "POST":
        try:
            services.delete_question(request.actor, question)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Question deleted."))
        return redirect(_campaign_url(campaign, "campaign_guide"))
    return _render(
        request, "guide_delete.html", mission, campaign, obj=question, kind="question", notes=notes
    )


@actor_required
def guide_question_move(request, mission_pk, campaign_pk, guide_question_pk):
    _mission_obj, campaign = _campaign(request, mission_pk, campaign_pk)
    question = reads.get_question(request.actor, campaign, guide_question_pk)
    if response := not_post(request):
        return response
    offset = _direction(request)
    if offset is None:
        messages.error(request, _("Choose to move up or down."))
    else:
        services.move_question(request.actor, question, offset)
    return redirect(_campaign_url(campaign, "campaign_guide") + f"#question-{question.pk}")


# --- Interviews


def _interview_form(request, mission, initial=None) -> InterviewForm:
    return InterviewForm(
        request.POST or None,
        people=reads.organization_people(request.actor, mission),
        interviewers=reads.interviewers(request.actor),
        initial=initial,
    )


@actor_required
def interview_create(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    form = _interview_form(request, mission, {"interviewer": request.actor.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_interview(request.actor, campaign, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Interview scheduled."))
            return redirect(_campaign_url(campaign) + "#interviews")
    return _render(request, "interview_form.html", mission, campaign, form=form)


@actor_required
def interview_edit(request, mission_pk, campaign_pk, interview_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    interview = reads.get_interview(request.actor, campaign, interview_pk)
    initial = {
        "kind": interview.kind,
        "label": interview.label,
        "people": [p.pk for p in interview.people.all()],
        "scheduled_at": timezone.localtime(interview.scheduled_at)
        if interview.scheduled_at
        else None,
        "duration_minutes": interview.duration_minutes,
        "place": interview.place,
        "interviewer": interview.interviewer_id,
        "status": interview.status,
    }
    form = _interview_form(request, mission, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_interview(request.actor, interview, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Interview saved."))
            return redirect(_campaign_url(campaign) + "#interviews")
    return _render(
        request, "interview_form.html", mission, campaign, interview=interview, form=form
    )


@actor_required
def interview_delete(request, mission_pk, campaign_pk, interview_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    interview = reads.get_interview(request.actor, campaign, interview_pk)
    notes = reads.note_count(request.actor, interview=interview)
    if request.method == "POST":
        try:
            services.delete_interview(request.actor, interview)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Interview deleted."))
        return redirect(_campaign_url(campaign) + "#interviews")
    return _render(
        request, "guide_delete.html", mission, campaign, obj=interview, kind="interview",
        notes=notes,
    )  # fmt: skip


@actor_required
def interview_status(request, mission_pk, campaign_pk, interview_pk):
    _mission_obj, campaign = _campaign(request, mission_pk, campaign_pk)
    interview = reads.get_interview(request.actor, campaign, interview_pk)
    if response := not_post(request):
        return response
    try:
        services.set_interview_status(request.actor, interview, request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Interview marked “%(status)s”.") % {"status": interview.get_status_display()},
        )
    next_url = request.POST.get("next", "")
    if next_url == "notes":
        return redirect(_campaign_url(campaign, "interview_notes", interview_pk=interview.pk))
    return redirect(_campaign_url(campaign) + "#interviews")


# --- Notes


@dataclass
class NoteField:
    """One field of the note-taking page: a guide question (None: the free notes), its note
    if written, and what a refused save without JavaScript sends back (text and reason)."""

    question: object
    note: Note | None
    text: str = ""
    version: int = 0
    conflict: Note | None = None
    error: str = ""

    @property
    def key(self) -> str:
        return str(self.question.pk) if self.question else "free"


def _note_fields(actor, campaign, interview, refused: NoteField | None = None):
    """(sections with their fields, the free-notes field) for the notes page."""
    notes = reads.notes_by_question(actor, interview)

    def field(question):
        if refused is not None and refused.question == question:
            return refused
        note = notes.get(question.pk if question else None)
        return NoteField(question, note, note.text if note else "", note.version if note else 0)

    sections = reads.guide(actor, campaign)
    rows = [(section, [field(q) for q in section.questions.all()]) for section in sections]
    return rows, field(None)


def _notes_page(request, mission, campaign, interview, refused=None, status=200):
    rows, free = _note_fields(request.actor, campaign, interview, refused)
    response = _render(
        request,
        "notes.html",
        mission,
        campaign,
        interview=interview,
        rows=rows,
        free=free,
        max_length=NOTE_MAX_LENGTH,
    )
    response.status_code = status
    return response


@actor_required
def interview_notes(request, mission_pk, campaign_pk, interview_pk):
    """The note-taking page: one field per guide question, autosaved by dg-notes.js."""
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    interview = reads.get_interview(request.actor, campaign, interview_pk)
    return _notes_page(request, mission, campaign, interview)


def _note_payload(note) -> dict:
    updated_by = note.updated_by.full_name if note.updated_by_id and note.updated_by else ""
    return {
        "version": note.version,
        "text": note.text,
        "updated_by": updated_by,
        "updated_at": formats.date_format(timezone.localtime(note.updated_at), "DATETIME_FORMAT"),
    }


@actor_required
def interview_note_save(request, mission_pk, campaign_pk, interview_pk):
    """Autosave of one note: ``question`` (empty: free notes), ``text``, ``version`` (the
    version the text started from, 0 for a new note). Answers JSON to the script: 200 with
    the new version, 409 with the other text on a conflict, 400 with a message on bad input.
    Without JavaScript (the "Save now" button), the notes page comes back instead, the
    refused text still in its field."""
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    interview = reads.get_interview(request.actor, campaign, interview_pk)
    if response := not_post(request):
        return response
    wants_json = "application/json" in request.headers.get("Accept", "")
    raw_question = request.POST.get("question", "")
    raw_version = request.POST.get("version", "")
    if not raw_version.isdigit() or not (raw_question == "" or raw_question.isdigit()):
        return JsonResponse(
            {"error": _("The note could not be read; reload the page.")}, status=400
        )
    question = None
    if raw_question:
        try:
            question = reads.get_question(request.actor, campaign, int(raw_question))
        except Http404:
            return JsonResponse({"error": _("This question belongs to another guide.")}, status=400)
    text = request.POST.get("text", "")
    refused = NoteField(question, None, text, int(raw_version))
    try:
        note = services.save_note(
            request.actor, interview, question, text=text, base_version=int(raw_version)
        )
    except services.NoteConflict as conflict:
        if wants_json:
            return JsonResponse({"conflict": True, **_note_payload(conflict.note)}, status=409)
        refused.note = refused.conflict = conflict.note
        refused.version = conflict.note.version  # saving again keeps this text, knowingly
        return _notes_page(request, mission, campaign, interview, refused, status=409)
    except ValidationError as error:
        if wants_json:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        refused.error = " ".join(error.messages)
        return _notes_page(request, mission, campaign, interview, refused, status=400)
    if not wants_json:
        messages.success(request, _("Note saved."))
        anchor = f"#note-{question.pk}" if question else "#notes-free"
        return redirect(
            _campaign_url(campaign, "interview_notes", interview_pk=interview.pk) + anchor
        )
    payload = _note_payload(note)
    del payload["text"]
    return JsonResponse({"ok": True, **payload})


# --- Schedule, coverage, calendar


@actor_required
def campaign_schedule(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    interviewers = reads.interviewers(request.actor)
    filters = ScheduleFilterForm(request.GET or None, interviewers=interviewers)
    interviewer_id, status = None, ""
    if filters.is_valid():
        chosen = filters.cleaned_data.get("interviewer")
        interviewer_id = chosen.pk if chosen else None
        status = filters.cleaned_data.get("status") or ""
    days = reads.schedule(request.actor, campaign, interviewer_id=interviewer_id, status=status)
    return _render(
        request,
        "schedule.html",
        mission,
        campaign,
        days=days,
        filters=filters,
        filtered=bool(interviewer_id or status),
        today=timezone.localdate(),
    )


@actor_required
def campaign_coverage(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    coverage = reads.campaign_coverage(request.actor, campaign)
    return _render(
        request,
        "coverage.html",
        mission,
        campaign,
        coverage=coverage,
        target_units_chosen=campaign.target_units.exists(),
    )


@actor_required
def interviews_ical(request, mission_pk):
    """The actor's interviews of the mission as an iCalendar file."""
    mission = _mission(request, mission_pk)
    interviews = reads.my_interviews(request.actor, mission)
    body = interviews_calendar(interviews, mission=mission, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="liant-interviews-{mission.pk}.ics"'
    return response
