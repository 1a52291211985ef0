"""Survey results pages (part d): a wave's results, its heatmap, the trends across waves.

Read-only pages for the mission's staff; every figure comes k-safe from
``selectors_results`` (groups under k, or that subtraction would reveal, are hidden).
"""

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from liant.core.decorators import actor_required

from . import results_html, selectors, selectors_results
from .models import K_ANONYMITY


def _read_only(request):
    """Scope first (404 outside), then refuse anything but reading."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


def _context(request, mission, survey, **extra):
    return {"nav": "missions", "mission": mission, "survey": survey, "k": K_ANONYMITY, **extra}


def _language(request) -> str:
    return (get_language() or "fr")[:2]


@actor_required(staff=True)
def survey(request, mission_pk, survey_pk):
    """The latest wave with answers (else the latest wave); an empty state without waves."""
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    survey = selectors_results.results_survey(actor, mission, survey_pk)
    if refused := _read_only(request):
        return refused
    waves = selectors_results.survey_waves(actor, survey)
    answered = [wave for wave in waves if wave.response_count]
    latest = (answered or waves)[-1:]
    if latest:
        return redirect("diagnostic:results_wave", mission.pk, survey.pk, latest[0].pk)
    return render(request, "diagnostic/results/no_wave.html", _context(request, mission, survey))


@actor_required(staff=True)
def wave(request, mission_pk, survey_pk, wave_pk):
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    survey = selectors_results.results_survey(actor, mission, survey_pk)
    wave = selectors_results.results_wave(actor, survey, wave_pk)
    if refused := _read_only(request):
        return refused
    by = request.GET.get("by") or None
    if by not in selectors_results.BREAKDOWNS:
        by = None
    results = selectors_results.wave_results(actor, survey, wave, by, _language(request))
    for item in results.questions:
        if item.rows:
            item.body = results_html.breakdown_body(item.question, item.rows)
    breakdowns = [("unit", survey.ask_unit), ("role", bool(survey.roles)),
                  ("seniority", bool(survey.seniority_bands))]  # fmt: skip
    return render(
        request,
        "diagnostic/results/wave.html",
        _context(
            request,
            mission,
            survey,
            wave=wave,
            results=results,
            breakdowns=[name for name, offered in breakdowns if offered or name == by],
        ),
    )


@actor_required(staff=True)
def heatmap(request, mission_pk, survey_pk, wave_pk):
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    survey = selectors_results.results_survey(actor, mission, survey_pk)
    wave = selectors_results.results_wave(actor, survey, wave_pk)
    if refused := _read_only(request):
        return refused
    heatmap = selectors_results.heatmap(actor, survey, wave)
    return render(
        request,
        "diagnostic/results/heatmap.html",
        _context(
            request,
            mission,
            survey,
            wave=wave,
            waves=selectors_results.survey_waves(actor, survey),
            heatmap=heatmap,
            heatmap_body=results_html.heatmap_body(heatmap),
            levels=range(5),
        ),
    )


@actor_required(staff=True)
def trends(request, mission_pk, survey_pk):
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    survey = selectors_results.results_survey(actor, mission, survey_pk)
    if refused := _read_only(request):
        return refused
    waves, trends = selectors_results.trends(actor, survey)
    for trend in trends:
        trend.body = results_html.trend_body(trend)
    return render(
        request,
        "diagnostic/results/trends.html",
        _context(request, mission, survey, waves=waves, trends=trends),
    )
