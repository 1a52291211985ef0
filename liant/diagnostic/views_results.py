"""Survey results pages (part d): a wave's results, its heatmap, the trends across waves.

Read-only pages for the mission's staff; every figure comes k-safe from
``selectors_results`` (groups under k, or that subtraction would reveal, are hidden).
"""

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language, ngettext

from liant.core.decorators import actor_required

from . import selectors, selectors_results
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


def _labelled(heatmap):
    """Each shown cell's mean and title as displayed, formatted once here: a thousand
    cells rendered through template filters and ``blocktranslate`` cost more than the rest
    of the page."""
    for cell in [*heatmap.overall, *(cell for row in heatmap.rows for cell in row.figures)]:
        if cell:
            n = cell["n"]
            cell["title"] = ngettext("%(counter)s answer", "%(counter)s answers", n) % {
                "counter": n
            }
            cell["shown_mean"] = floatformat(cell["mean"], 1)
    return heatmap


@actor_required(staff=True)
def heatmap(request, mission_pk, survey_pk, wave_pk):
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    survey = selectors_results.results_survey(actor, mission, survey_pk)
    wave = selectors_results.results_wave(actor, survey, wave_pk)
    if refused := _read_only(request):
        return refused
    return render(
        request,
        "diagnostic/results/heatmap.html",
        _context(
            request,
            mission,
            survey,
            wave=wave,
            waves=selectors_results.survey_waves(actor, survey),
            heatmap=_labelled(selectors_results.heatmap(actor, survey, wave)),
            levels=range(5),
        ),
    )


def _trend_cells(means, changes) -> list[dict]:
    cells = []
    for mean, change in zip(means, changes, strict=True):
        cell = {"mean": None if mean is None else floatformat(mean, 1), "change": None}
        if mean is not None and change is not None:
            cell["change"] = ("+" if change > 0 else "") + floatformat(change, 1)
            cell["direction"] = "rs-up" if change > 0 else "rs-down" if change < 0 else ""
        cells.append(cell)
    return cells


def _displayed(trends):
    """Means and changes formatted once here (as ``_labelled`` does for the heatmap)."""
    for trend in trends:
        trend.cells = _trend_cells(trend.means, trend.changes)
        trend.rows = [(label, depth, _trend_cells(means, changes))
                      for label, depth, means, changes in trend.units]  # fmt: skip
    return trends


@actor_required(staff=True)
def trends(request, mission_pk, survey_pk):
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    survey = selectors_results.results_survey(actor, mission, survey_pk)
    if refused := _read_only(request):
        return refused
    waves, trends = selectors_results.trends(actor, survey)
    return render(
        request,
        "diagnostic/results/trends.html",
        _context(request, mission, survey, waves=waves, trends=_displayed(trends)),
    )
