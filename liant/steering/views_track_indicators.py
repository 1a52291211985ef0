"""Indicator pages (track part): definition, measurements, computed values, the SVG chart and
impact evaluation. Staff only, except the chart, which the portal shows to sponsors too."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors, posted
from liant.core.tenancy import scoped
from liant.diagnostic.models import K_ANONYMITY, SurveyQuestion, Wave
from liant.diagnostic.selectors_results import question_summary

from . import charts, impact, indicator_values, selectors_track, services_track_indicators
from .forms_track import ImpactIndicatorForm, ImpactSurveyForm, IndicatorForm, MeasurementForm
from .models import Indicator, Measurement


def _context(mission, plan, **extra) -> dict:
    return {"nav": "missions", "mission": mission, "plan": plan, **extra}


def _indicator_form(request, mission, plan, **kwargs):
    choices = selectors_track.indicator_choices(request.actor, mission, plan)
    return IndicatorForm(posted(request), **choices, **kwargs)


def _indicator_page(mission, indicator):
    return redirect("steering:indicator", mission.pk, indicator.pk)


@actor_required(staff=True)
def indicator_add(request, mission_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    form = _indicator_form(
        request,
        mission,
        plan,
        initial={"value_type": Indicator.ValueType.NUMBER, "frequency": "monthly"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services_track_indicators.create_indicator(
                request.actor, plan, **form.service_values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator created."))
            return _indicator_page(mission, indicator)
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("New indicator")),
    )


@actor_required(staff=True)
def indicator_edit(request, mission_pk, indicator_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    indicator = selectors_track.get_indicator(request.actor, plan, indicator_pk)
    fields = (
        "name description objective value_type unit direction baseline target frequency "
        "source survey_question interview_campaign progress_axis"
    ).split()
    initial = {name: getattr(indicator, name) for name in fields}
    initial["measure"] = indicator.params.get("measure", "mean")
    form = _indicator_form(request, mission, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_track_indicators.update_indicator(
                request.actor, indicator, **form.service_values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator saved."))
            return _indicator_page(mission, indicator)
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("Edit the indicator")),
    )


@actor_required(staff=True)
def indicator_detail(request, mission_pk, indicator_pk, measurement_form=None):
    actor = request.actor
    mission, plan = selectors_track.mission_plan(actor, mission_pk)
    indicator = selectors_track.get_indicator(actor, plan, indicator_pk)
    measurements = selectors_track.measurements_of(actor, indicator)
    latest = measurements[-1] if measurements else None
    return render(
        request,
        "steering/track/indicator.html",
        _context(
            mission,
            plan,
            indicator=indicator,
            measurements=list(reversed(measurements)),
            latest=latest,
            status=indicator_values.status(indicator, latest.value if latest else None),
            form=measurement_form or MeasurementForm(),
            computed=indicator.source != Indicator.Source.MANUAL,
        ),
        status=400 if measurement_form is not None else 200,
    )


@actor_required(staff=True)
def measurement_add(request, mission_pk, indicator_pk):
    """Add a value by hand. A bad value re-renders the indicator page with the message."""
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    indicator = selectors_track.get_indicator(request.actor, plan, indicator_pk)
    if response := not_post(request):
        return response
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            services_track_indicators.add_measurement(request.actor, indicator, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Measurement recorded."))
            return _indicator_page(mission, indicator)
    return indicator_detail(request, mission_pk, indicator_pk, measurement_form=form)


@actor_required(staff=True)
def indicator_compute(request, mission_pk, indicator_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    indicator = selectors_track.get_indicator(request.actor, plan, indicator_pk)
    if response := not_post(request):
        return response
    try:
        written = services_track_indicators.refresh_from_source(request.actor, indicator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Values computed from the source: %(n)s.") % {"n": written})
    return _indicator_page(mission, indicator)


@actor_required(staff=True)
def measurement_delete(request, mission_pk, measurement_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    measurement = selectors_track.get_measurement(request.actor, plan, measurement_pk)
    if response := not_post(request):
        return response
    services_track_indicators.delete_measurement(request.actor, measurement)
    messages.success(request, _("Measurement deleted."))
    return _indicator_page(mission, measurement.indicator)


@actor_required(staff=True)
def indicator_delete(request, mission_pk, indicator_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    indicator = selectors_track.get_indicator(request.actor, plan, indicator_pk)
    if request.method == "POST":
        services_track_indicators.delete_indicator(request.actor, indicator)
        messages.success(request, _("Indicator “%(name)s” deleted.") % {"name": indicator.name})
        return redirect(reverse("steering:steering_home", args=[mission.pk]) + "#indicators")
    return render(
        request,
        "steering/track/delete.html",
        _context(
            mission,
            plan,
            heading=_("Delete the indicator “%(name)s”?") % {"name": indicator.name},
            warning=_("Its measurements go with it."),
            back=reverse("steering:indicator", args=[mission.pk, indicator.pk]),
        ),
    )


# The SVG carries its own stylesheet (pygal's); it has no script and no user-written markup.
@csp_replace({"style-src": ["'self'", "'unsafe-inline'"], "script-src": ["'none'"]})
@actor_required
def indicator_chart(request, mission_pk, indicator_pk):
    """The chart as an SVG image; sponsors may read it (the portal shows it)."""
    actor = request.actor
    mission, plan = selectors_track.mission_plan(actor, mission_pk)
    indicator = selectors_track.get_indicator(actor, plan, indicator_pk)
    measurements = selectors_track.measurements_of(actor, indicator)
    svg = charts.indicator_chart_svg(charts.indicator_series(indicator, measurements))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Impact evaluation


@actor_required(staff=True)
def impact_page(request, mission_pk):
    """Before/after of an indicator (two measurements) or of a survey question (two waves):
    the forms are read from the query string, so a result can be bookmarked."""
    actor = request.actor
    mission, plan = selectors_track.mission_plan(actor, mission_pk)
    kind = request.GET.get("kind", "")
    data = request.GET if kind else None
    indicators = selectors_track.indicator_list(actor, plan)
    indicator_form = ImpactIndicatorForm(
        data if kind == "indicator" else None,
        indicators=indicators,
        measurements=scoped(Measurement.objects.select_related("indicator"), actor).filter(
            indicator__plan=plan
        ),
        prefix="ind",
    )
    questions = scoped(SurveyQuestion.objects.select_related("survey"), actor).filter(
        survey__mission=mission, kind__in=selectors_track.SURVEY_KINDS
    )
    survey_form = ImpactSurveyForm(
        data if kind == "survey" else None,
        questions=questions,
        waves=scoped(Wave.objects.select_related("survey"), actor).filter(survey__mission=mission),
        prefix="srv",
    )
    result = None
    if kind == "indicator" and indicator_form.is_valid():
        cleaned = indicator_form.cleaned_data
        result = impact.compare_measurements(
            cleaned["indicator"], cleaned["before"], cleaned["after"]
        )
    elif kind == "survey" and survey_form.is_valid():
        cleaned = survey_form.cleaned_data
        question = cleaned["question"]
        result = impact.compare_summaries(
            question.text,
            question_summary(actor, question, cleaned["before"]),
            question_summary(actor, question, cleaned["after"]),
        )
    return render(
        request,
        "steering/track/impact.html",
        _context(
            mission,
            plan,
            indicator_form=indicator_form,
            survey_form=survey_form,
            result=result,
            kind=kind,
            has_surveys=questions.exists(),
            k=K_ANONYMITY,
        ),
        status=400 if kind and result is None else 200,
    )
