"""Part c of issue 5, consultants' side: the questionnaire builder, templates, preview, waves
and their distribution (anonymous link + QR code, or personal invitations)."""

import csv
import io

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors

from . import selectors, selectors_surveys, services_surveys, survey_templates
from .forms_surveys import (
    InviteForm,
    NewSurveyForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
    WaveForm,
)
from .models import Wave
from .views_respond import questionnaire_context


def _survey(request, mission_pk, survey_pk):
    mission = selectors.get_diagnostic_mission(request.actor, mission_pk)
    return mission, selectors.get_survey(request.actor, mission, survey_pk)


def _builder_url(survey, anchor: str = "") -> str:
    url = reverse("diagnostic:survey_detail", args=[survey.mission_id, survey.pk])
    return url + (f"#{anchor}" if anchor else "")


def _templates() -> list[dict]:
    language = get_language() or "fr"
    return [
        survey_templates.in_language(t, language)
        for t in survey_templates.builtin_templates().values()
    ]


@actor_required(staff=True)
def survey_create(request, mission_pk):
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    templates = _templates()
    form = NewSurveyForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        key, title = form.cleaned_data["template"], form.cleaned_data["title"].strip()
        try:
            if key:
                survey = services_surveys.create_survey_from_template(actor, mission, key)
                if title:
                    services_surveys.update_survey(
                        actor, survey, **(_survey_data(survey) | {"title": title})
                    )
            else:
                survey = services_surveys.create_survey(actor, mission, title=title, ask_unit=True)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey created. Review its questions, then preview it."))
            return redirect(_builder_url(survey))
    return render(
        request,
        "diagnostic/surveys/survey_new.html",
        {"nav": "missions", "mission": mission, "form": form, "templates": templates},
    )


def _survey_data(survey) -> dict:
    return {
        "title": survey.title,
        "description": survey.description,
        "ask_unit": survey.ask_unit,
        "roles": survey.roles,
        "seniority_bands": survey.seniority_bands,
    }


@actor_required(staff=True)
def survey_detail(request, mission_pk, survey_pk):
    """The builder: sections and questions, with the waves and their response counts."""
    mission, survey = _survey(request, mission_pk, survey_pk)
    locked = selectors_surveys.survey_has_responses(survey)
    return render(
        request,
        "diagnostic/surveys/survey_detail.html",
        {
            "nav": "missions",
            "mission": mission,
            "survey": survey,
            "parts": selectors_surveys.questionnaire(survey),
            "sections": list(survey.sections.all()),
            "waves": selectors_surveys.wave_list(request.actor, survey),
            "locked": locked,
            "section_form": SectionForm(),
        },
    )


@actor_required(staff=True)
def survey_edit(request, mission_pk, survey_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    form = SurveyForm(request.POST or None, initial=_survey_data(survey))
    if request.method == "POST" and form.is_valid():
        try:
            services_surveys.update_survey(request.actor, survey, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey saved."))
            return redirect(_builder_url(survey))
    return render(
        request,
        "diagnostic/surveys/survey_form.html",
        {"nav": "missions", "mission": mission, "survey": survey, "form": form},
    )


@actor_required(staff=True)
def survey_delete(request, mission_pk, survey_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    if request.method == "POST":
        try:
            services_surveys.delete_survey(request.actor, survey)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_builder_url(survey))
        messages.success(request, _("Survey “%(title)s” deleted.") % {"title": survey.title})
        return redirect("diagnostic:home", mission_pk=mission.pk)
    return render(
        request,
        "diagnostic/surveys/confirm_delete.html",
        {"nav": "missions", "mission": mission, "survey": survey, "object": survey},
    )


@actor_required(staff=True)
def survey_preview(request, mission_pk, survey_pk):
    """The questionnaire exactly as respondents see it (nothing can be submitted)."""
    mission, survey = _survey(request, mission_pk, survey_pk)
    context = questionnaire_context(survey, units=selectors_surveys.respondent_units(survey))
    return render(
        request,
        "diagnostic/respond/questionnaire.html",
        {**context, "preview": True, "mission": mission, "back_url": _builder_url(survey)},
    )


# --- Sections


@actor_required(staff=True)
def section_create(request, mission_pk, survey_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services_surveys.add_section(request.actor, survey, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Section added."))
            return redirect(_builder_url(survey, f"section-{section.pk}"))
    return render(
        request,
        "diagnostic/surveys/section_form.html",
        {"nav": "missions", "mission": mission, "survey": survey, "form": form},
    )


@actor_required(staff=True)
def section_edit(request, mission_pk, survey_pk, survey_section_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    section = selectors_surveys.get_section(request.actor, survey, survey_section_pk)
    initial = {"title": section.title, "description": section.description}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_surveys.update_section(request.actor, section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Section saved."))
            return redirect(_builder_url(survey, f"section-{section.pk}"))
    return render(
        request,
        "diagnostic/surveys/section_form.html",
        {"nav": "missions", "mission": mission, "survey": survey, "form": form, "section": section},
    )


@actor_required(staff=True)
def section_delete(request, mission_pk, survey_pk, survey_section_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    section = selectors_surveys.get_section(request.actor, survey, survey_section_pk)
    if request.method == "POST":
        services_surveys.delete_section(request.actor, section)
        messages.success(
            request,
            _("Section “%(title)s” deleted; its questions are kept without a section.")
            % {"title": section.title},
        )
        return redirect(_builder_url(survey))
    return render(
        request,
        "diagnostic/surveys/confirm_delete.html",
        {"nav": "missions", "mission": mission, "survey": survey, "object": section},
    )


@actor_required(staff=True)
def section_move(request, mission_pk, survey_pk, survey_section_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    section = selectors_surveys.get_section(request.actor, survey, survey_section_pk)
    if response := not_post(request):
        return response
    step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if step is None:
        messages.error(request, _("Choose to move it up or down."))
    else:
        services_surveys.move_section(request.actor, section, step)
    return redirect(_builder_url(survey, f"section-{section.pk}"))


# --- Questions


def _question_form(request, survey, **kwargs) -> QuestionForm:
    return QuestionForm(
        request.POST or None,
        sections=survey.sections.all(),
        locked=selectors_surveys.survey_has_responses(survey),
        **kwargs,
    )


@actor_required(staff=True)
def question_create(request, mission_pk, survey_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    section = request.GET.get("section", "")
    initial = {"section": int(section) if section.isdigit() else None, "kind": "likert"}
    form = _question_form(request, survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            question = services_surveys.add_question(request.actor, survey, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect(_builder_url(survey, f"question-{question.pk}"))
    return render(
        request,
        "diagnostic/surveys/question_form.html",
        {"nav": "missions", "mission": mission, "survey": survey, "form": form},
    )


@actor_required(staff=True)
def question_edit(request, mission_pk, survey_pk, survey_question_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    question = selectors_surveys.get_question(request.actor, survey, survey_question_pk)
    initial = {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "section": question.section_id,
        "options": question.options,
        "rows": question.rows,
        "required": question.required,
    }
    form = _question_form(request, survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_surveys.update_question(request.actor, question, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect(_builder_url(survey, f"question-{question.pk}"))
    return render(
        request,
        "diagnostic/surveys/question_form.html",
        {
            "nav": "missions",
            "mission": mission,
            "survey": survey,
            "form": form,
            "question": question,
        },
    )


@actor_required(staff=True)
def question_delete(request, mission_pk, survey_pk, survey_question_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    question = selectors_surveys.get_question(request.actor, survey, survey_question_pk)
    if request.method == "POST":
        try:
            services_surveys.delete_question(request.actor, question)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_builder_url(survey, f"question-{question.pk}"))
        messages.success(request, _("Question deleted."))
        return redirect(_builder_url(survey))
    return render(
        request,
        "diagnostic/surveys/confirm_delete.html",
        {"nav": "missions", "mission": mission, "survey": survey, "object": question},
    )


@actor_required(staff=True)
def question_move(request, mission_pk, survey_pk, survey_question_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    question = selectors_surveys.get_question(request.actor, survey, survey_question_pk)
    if response := not_post(request):
        return response
    step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if step is None:
        messages.error(request, _("Choose to move it up or down."))
    else:
        services_surveys.move_question(request.actor, question, step)
    return redirect(_builder_url(survey, f"question-{question.pk}"))


# --- Waves and distribution


def _wave(request, mission_pk, survey_pk, wave_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    return mission, survey, selectors.get_wave(request.actor, survey, wave_pk)


@actor_required(staff=True)
def wave_create(request, mission_pk, survey_pk):
    mission, survey = _survey(request, mission_pk, survey_pk)
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services_surveys.create_wave(request.actor, survey, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Wave %(number)d created.") % {"number": wave.number})
            return redirect("diagnostic:survey_wave", mission.pk, survey.pk, wave.pk)
    return render(
        request,
        "diagnostic/surveys/wave_form.html",
        {"nav": "missions", "mission": mission, "survey": survey, "form": form},
    )


def _link(request, wave) -> str:
    return request.build_absolute_uri(reverse("respond:link", args=[wave.secret]))


@actor_required(staff=True)
def wave_detail(request, mission_pk, survey_pk, wave_pk):
    mission, survey, wave = _wave(request, mission_pk, survey_pk, wave_pk)
    actor = request.actor
    tokens = wave.distribution == Wave.Distribution.TOKENS
    context = {
        "nav": "missions",
        "mission": mission,
        "survey": survey,
        "wave": wave,
        "state": services_surveys.wave_state(wave),
        "response_count": wave.responses.count(),
        "dates_form": WaveForm(
            initial={
                "distribution": wave.distribution,
                "opens_at": wave.opens_at,
                "closes_at": wave.closes_at,
            }
        ),
    }
    if tokens:
        context["distribution"] = selectors_surveys.distribution(actor, wave)
        context["invite_form"] = InviteForm(
            units=selectors_surveys.invitable_units(actor, survey),
            people=selectors_surveys.invitable_people(actor, survey, not_in=wave),
        )
    else:
        context["link"] = _link(request, wave)
    return render(request, "diagnostic/surveys/wave_detail.html", context)


@actor_required(staff=True)
def wave_status(request, mission_pk, survey_pk, wave_pk):
    """POST ``action`` = open | close."""
    mission, survey, wave = _wave(request, mission_pk, survey_pk, wave_pk)
    if response := not_post(request):
        return response
    action = request.POST.get("action")
    try:
        if action == "open":
            services_surveys.open_wave(request.actor, wave)
            messages.success(request, _("Wave %(number)d is open.") % {"number": wave.number})
        elif action == "close":
            services_surveys.close_wave(request.actor, wave)
            messages.success(request, _("Wave %(number)d is closed.") % {"number": wave.number})
        else:
            messages.error(request, _("Choose to open or to close the wave."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("diagnostic:survey_wave", mission.pk, survey.pk, wave.pk)


@actor_required(staff=True)
def wave_dates(request, mission_pk, survey_pk, wave_pk):
    mission, survey, wave = _wave(request, mission_pk, survey_pk, wave_pk)
    if response := not_post(request):
        return response
    data = request.POST.copy()
    data["distribution"] = wave.distribution
    form = WaveForm(data)
    if form.is_valid():
        try:
            services_surveys.update_wave_dates(
                request.actor,
                wave,
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Dates saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("diagnostic:survey_wave", mission.pk, survey.pk, wave.pk)


@actor_required(staff=True)
def wave_qr(request, mission_pk, survey_pk, wave_pk):
    mission, survey, wave = _wave(request, mission_pk, survey_pk, wave_pk)
    if wave.distribution != Wave.Distribution.LINK:
        return HttpResponse(status=404)
    svg = segno.make(_link(request, wave), error="m").svg_inline(scale=8, border=2, dark="#1d2733")
    return HttpResponse(svg, content_type="image/svg+xml")


def _invitation_rows(request, invitations) -> list[dict]:
    return [
        {
            "name": i.person.name,
            "email": i.person.email,
            "unit": i.unit.name if i.unit else "",
            "link": request.build_absolute_uri(reverse("respond:token", args=[i.token])),
        }
        for i in invitations
    ]


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("E-mail address"), _("Unit"), _("Personal link")])
    for row in rows:
        writer.writerow([row["name"], row["email"], row["unit"], row["link"]])
    return out.getvalue()


def _show_links(request, mission, survey, wave, invitations):
    rows = _invitation_rows(request, invitations)
    return render(
        request,
        "diagnostic/surveys/wave_links.html",
        {
            "nav": "missions",
            "mission": mission,
            "survey": survey,
            "wave": wave,
            "rows": rows,
            "csv": _csv(rows),
        },
    )


@actor_required(staff=True)
def wave_invite(request, mission_pk, survey_pk, wave_pk):
    """Generate personal links: shown once, on the page answering this POST."""
    mission, survey, wave = _wave(request, mission_pk, survey_pk, wave_pk)
    if response := not_post(request):
        return response
    actor = request.actor
    form = InviteForm(
        request.POST,
        units=selectors_surveys.invitable_units(actor, survey),
        people=selectors_surveys.invitable_people(actor, survey),
    )
    if form.is_valid():
        try:
            invitations = services_surveys.create_tokens(actor, wave, form.chosen_people())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return _show_links(request, mission, survey, wave, invitations)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(
        reverse("diagnostic:survey_wave", args=[mission.pk, survey.pk, wave.pk]) + "#invite"
    )


@actor_required(staff=True)
def token_renew(request, mission_pk, survey_pk, wave_pk, token_pk):
    mission, survey, wave = _wave(request, mission_pk, survey_pk, wave_pk)
    token = selectors_surveys.get_token(request.actor, wave, token_pk)
    if response := not_post(request):
        return response
    try:
        invitation = services_surveys.renew_token(request.actor, token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("diagnostic:survey_wave", mission.pk, survey.pk, wave.pk)
    return _show_links(request, mission, survey, wave, [invitation])
