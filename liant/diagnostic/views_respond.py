"""Part c of issue 5, respondents' side: answer a wave by its anonymous link or a personal
invitation. No account, phone first; nothing is stored unless every answer is valid.

The anonymous link is protected by a rate limit per address and by a cookie that remembers,
in this browser only, that the questionnaire was answered: it prevents accidental double
submissions, it is not a security measure (the page says so)."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.decorators import ratelimit

from . import selectors_surveys, services_surveys
from .models import ANSWER_TEXT_MAX_LENGTH, SurveyQuestion, Wave

Kind = SurveyQuestion.Kind
LIKERT_LABELS = [
    gettext_lazy("Strongly disagree"),
    gettext_lazy("Disagree"),
    gettext_lazy("Neither agree nor disagree"),
    gettext_lazy("Agree"),
    gettext_lazy("Strongly agree"),
]
COOKIE_MAX_AGE = 180 * 24 * 3600


def _field(question, data, errors) -> dict:
    name = f"q{question.pk}"
    field = {
        "q": question,
        "name": name,
        "error": errors.get(question.pk, ""),
        "value": data.get(name, "") if data else "",
        "values": data.getlist(name) if data else [],
        "max_length": ANSWER_TEXT_MAX_LENGTH,
    }
    likert = [(str(i), label) for i, label in enumerate(LIKERT_LABELS, start=1)]
    if question.kind == Kind.LIKERT:
        field["choices"] = likert
    elif question.kind == Kind.SCALE:
        field["choices"] = [(str(i), str(i)) for i in range(11)]
    elif question.kind in SurveyQuestion.CHOICE_KINDS:
        field["choices"] = [(str(i), label) for i, label in enumerate(question.options)]
    elif question.kind == Kind.MATRIX:
        field["choices"] = likert
        field["rows"] = [
            {
                "label": label,
                "name": f"{name}_r{i}",
                "value": data.get(f"{name}_r{i}", "") if data else "",
            }
            for i, label in enumerate(question.rows)
        ]
    return field


def questionnaire_context(survey, *, units, data=None, errors=None, token_unit=None) -> dict:
    """What the questionnaire template needs, for respondents and for the preview."""
    errors = errors or {}
    parts = selectors_surveys.questionnaire(survey)
    sections = [
        {"section": part.section, "fields": [_field(q, data, errors) for q in part.questions]}
        for part in parts
    ]
    breakdown = []
    if token_unit is None and survey.ask_unit and units:
        breakdown.append(
            {
                "name": "unit",
                "label": _("Your unit"),
                "choices": [(str(u.pk), u.name) for u in units],
            }
        )
    if survey.roles:
        choices = [(str(i), label) for i, label in enumerate(survey.roles)]
        breakdown.append({"name": "role", "label": _("Your role"), "choices": choices})
    if survey.seniority_bands:
        choices = [(str(i), label) for i, label in enumerate(survey.seniority_bands)]
        breakdown.append({"name": "seniority", "label": _("Your seniority"), "choices": choices})
    for item in breakdown:
        item["value"] = data.get(item["name"], "") if data else ""
        item["error"] = errors.get(item["name"], "")
    error_count = len(errors)
    return {
        "survey": survey,
        "sections": sections,
        "section_count": len(sections) + (1 if breakdown else 0),
        "breakdown": breakdown,
        "token_unit": token_unit,
        "error_count": error_count,
        "question_errors": [
            {"name": f["name"], "text": f["q"].text, "error": f["error"]}
            for s in sections
            for f in s["fields"]
            if f["error"]
        ]
        + [
            {"name": b["name"], "text": b["label"], "error": b["error"]}
            for b in breakdown
            if b["error"]
        ],
    }


def _cookie(wave) -> str:
    return f"liant_answered_{wave.pk}"


def _closed_page(request, wave, state):
    return render(
        request, "diagnostic/respond/unavailable.html", {"wave": wave, "state": state}, status=403
    )


def _answer(request, wave, *, token=None):
    survey = wave.survey
    units = selectors_surveys.respondent_units(survey) if token is None else []
    token_unit = token.unit if token is not None else None
    state = services_surveys.wave_state(wave)
    if state != "open":
        return _closed_page(request, wave, state)
    if token is not None and token.used_at is not None:
        return render(request, "diagnostic/respond/already.html", {"wave": wave}, status=409)
    if token is None and request.COOKIES.get(_cookie(wave)):
        return render(request, "diagnostic/respond/already.html", {"wave": wave, "link": True},
                      status=409)  # fmt: skip
    data, errors = None, {}
    if request.method == "POST":
        data = request.POST
        questions = list(survey.questions.all())
        answers, errors = services_surveys.read_answers(questions, data)
        breakdown, breakdown_errors = services_surveys.read_breakdown(
            survey, units, data, token_unit=token_unit
        )
        errors |= breakdown_errors
        if not errors:
            try:
                services_surveys.submit_response(wave, answers, breakdown, token=token)
            except services_surveys.AlreadyAnswered:
                return render(
                    request, "diagnostic/respond/already.html", {"wave": wave}, status=409
                )
            except services_surveys.NotOpen as closed:
                return _closed_page(request, wave, closed.state)
            response = redirect("respond:thanks", secret=wave.secret)
            if token is None:
                response.set_cookie(
                    _cookie(wave), "1", max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax",
                    secure=request.is_secure(),
                )  # fmt: skip
            return response
    context = questionnaire_context(
        survey, units=units, data=data, errors=errors, token_unit=token_unit
    )
    return render(
        request,
        "diagnostic/respond/questionnaire.html",
        {**context, "wave": wave, "anonymous_link": token is None},
        status=400 if errors else 200,
    )


@ratelimit(key="ip", rate="30/m", method="POST", block=True)
@ratelimit(key="ip", rate="120/m", method="GET", block=True)
def answer_link(request, secret):
    wave = selectors_surveys.wave_by_secret(secret)
    if wave.distribution != Wave.Distribution.LINK:
        return render(request, "diagnostic/respond/invalid.html", status=404)
    return _answer(request, wave)


@ratelimit(key="ip", rate="60/m", block=True)
def answer_token(request, token):
    found = services_surveys.find_token(token)
    if found is None or found.wave.distribution != Wave.Distribution.TOKENS:
        return render(request, "diagnostic/respond/invalid.html", status=404)
    return _answer(request, found.wave, token=found)


def thanks(request, secret):
    wave = selectors_surveys.wave_by_secret(secret)
    return render(request, "diagnostic/respond/thanks.html", {"wave": wave})
