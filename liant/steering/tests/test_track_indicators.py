"""Indicators: typed measurements (bad input stores nothing), status against target, computed
sources (action progress, interview coverage, survey waves with k = 5), the SVG chart and
impact evaluation."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liant.core.tenancy import Role
from liant.core.testing import PersonFactory, make_actor
from liant.diagnostic.models import Interview, SurveyQuestion
from liant.diagnostic.tests.factories import (
    AnswerFactory,
    InterviewCampaignFactory,
    InterviewFactory,
    ResponseFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    WaveFactory,
)
from liant.steering import (
    charts,
    impact,
    indicator_sources,
    indicator_values,
    selectors_track,
    services_track_indicators,
)
from liant.steering.models import Action, Indicator, Measurement
from liant.steering.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    MeasurementFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 5, 12)


@pytest.fixture
def plan():
    return ActionPlanFactory()


@pytest.fixture
def owner(plan):
    return make_actor(plan.workspace, Role.OWNER)


# --- Typed values


@pytest.mark.parametrize(
    "text, value",
    [("12,5", "12.5"), ("80 %", "80"), ("1 250", "1250"), ("-3", "-3"), ("0.25", "0.25")],
)
def test_parse_value_reads_french_and_english_numbers(text, value):
    assert indicator_values.parse_value(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "douze", "12,5,3", "NaN", "inf", "1e"])
def test_parse_value_refuses_what_is_not_a_number(text):
    with pytest.raises(ValidationError):
        indicator_values.parse_value(text)


@pytest.mark.parametrize(
    "value_type, value, ok",
    [
        ("integer", "12", True),
        ("integer", "12.5", False),
        ("percentage", "100", True),
        ("percentage", "100.5", False),
        ("percentage", "-1", False),
        ("number", "-12.1234", True),
        ("number", "1.23456", False),
    ],
)
def test_check_value_by_type(value_type, value, ok, plan):
    indicator = IndicatorFactory(plan=plan, value_type=value_type)
    if ok:
        assert indicator_values.check_value(indicator, Decimal(value)) == Decimal(value)
    else:
        with pytest.raises(ValidationError):
            indicator_values.check_value(indicator, Decimal(value))


def test_a_measurement_of_the_wrong_type_is_refused_and_nothing_is_stored(plan, owner):
    indicator = IndicatorFactory(plan=plan, value_type=Indicator.ValueType.INTEGER, unit="")
    with pytest.raises(ValidationError) as error:
        services_track_indicators.add_measurement(
            owner, indicator, date=TODAY, value=Decimal("3.5")
        )
    assert "value" in error.value.message_dict
    assert not Measurement.objects.exists()
    services_track_indicators.add_measurement(owner, indicator, date=TODAY, value=Decimal("3"))
    with pytest.raises(ValidationError) as error:  # same date twice
        services_track_indicators.add_measurement(owner, indicator, date=TODAY, value=Decimal(4))
    assert "date" in error.value.message_dict
    assert Measurement.objects.get().value == 3


def test_measurement_page_shows_the_message_in_french(client, plan, owner):
    indicator = IndicatorFactory(plan=plan, value_type=Indicator.ValueType.PERCENTAGE)
    client.force_login(owner.user)
    url = reverse("steering:measurement_add", args=[plan.mission.pk, indicator.pk])
    response = client.post(url, {"date": "2026-05-12", "value": "beaucoup"})
    assert response.status_code == 400
    assert "Saisissez un nombre" in response.content.decode()
    response = client.post(url, {"date": "2026-05-12", "value": "140"})
    assert response.status_code == 400
    assert "entre 0 et 100" in response.content.decode()
    assert not Measurement.objects.exists()
    response = client.post(url, {"date": "2026-05-12", "value": "62,5", "comment": "Mai"})
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("62.5")


# --- Status against target


@pytest.mark.parametrize(
    "direction, baseline, target, latest, key, progress",
    [
        ("increase", 40, 80, None, "none", None),
        ("increase", 40, 80, 60, "progressing", 50),
        ("increase", 40, 80, 85, "reached", 100),
        ("increase", 40, 80, 30, "off_track", 0),
        ("decrease", 20, 5, 10, "progressing", 66),
        ("decrease", 20, 5, 4, "reached", 100),
        ("decrease", 20, 5, 25, "off_track", 0),
        ("maintain", None, 100, 97, "reached", None),
        ("maintain", None, 100, 90, "off_track", None),
    ],
)
def test_status_against_target(direction, baseline, target, latest, key, progress):
    indicator = Indicator(
        direction=direction,
        baseline=None if baseline is None else Decimal(baseline),
        target=Decimal(target),
    )
    status = indicator_values.status(indicator, None if latest is None else Decimal(latest))
    assert (status.key, status.progress) == (key, progress)


# --- Computed sources


def test_action_progress_source(plan, owner):
    axis_action = ActionFactory(plan=plan, progress=80)
    ActionFactory(plan=plan, progress=20, objective=axis_action.objective)
    ActionFactory(plan=plan, progress=100, status=Action.Status.CANCELLED)  # not counted
    ActionFactory(plan=plan, progress=50)
    whole = IndicatorFactory(plan=plan, source=Indicator.Source.ACTION_PROGRESS)
    assert services_track_indicators.refresh_from_source(owner, whole) == 1
    measurement = whole.measurements.get()
    assert measurement.value == Decimal("50.00")
    assert measurement.computed_from["actions"] == 3
    by_axis = IndicatorFactory(
        plan=plan, source=Indicator.Source.ACTION_PROGRESS,
        progress_axis=axis_action.objective.axis,
    )  # fmt: skip
    services_track_indicators.refresh_from_source(owner, by_axis)
    assert by_axis.measurements.get().value == Decimal("50.00")  # (80 + 20) / 2


def test_computed_value_never_overwrites_a_value_typed_by_hand(plan, owner):
    ActionFactory(plan=plan, progress=40)
    indicator = IndicatorFactory(plan=plan, source=Indicator.Source.ACTION_PROGRESS)
    today = datetime.date.today()
    MeasurementFactory(indicator=indicator, date=today, value=Decimal("99"))
    assert services_track_indicators.refresh_from_source(owner, indicator) == 0
    assert indicator.measurements.get().value == Decimal("99")


def test_interview_coverage_source(plan, owner):
    mission = plan.mission
    campaign = InterviewCampaignFactory(mission=mission)
    people = [PersonFactory(organization=mission.organization) for _ in range(4)]
    campaign.target_people.add(*people)
    InterviewFactory(campaign=campaign, people=[people[0]], status=Interview.Status.DONE)
    InterviewFactory(campaign=campaign, people=[people[1]], status=Interview.Status.PLANNED)
    indicator = services_track_indicators.create_indicator(
        owner, plan, name="Personnes interviewées", source=Indicator.Source.INTERVIEW_COVERAGE,
        interview_campaign=campaign, value_type=Indicator.ValueType.NUMBER, unit="",
    )  # fmt: skip
    assert indicator.value_type == Indicator.ValueType.PERCENTAGE and indicator.unit == "%"
    services_track_indicators.refresh_from_source(owner, indicator)
    measurement = indicator.measurements.get()
    assert measurement.value == Decimal("25.00")
    assert measurement.computed_from["interviewed"] == 1
    assert measurement.computed_from["target"] == 4


def _wave_with_answers(survey, question, number, values, closes):
    wave = WaveFactory(
        survey=survey, number=number, status="closed",
        opens_at=closes - datetime.timedelta(days=7), closes_at=closes,
    )  # fmt: skip
    for value in values:
        AnswerFactory(response=ResponseFactory(wave=wave), question=question, value=value)
    return wave


def test_survey_wave_source_respects_k(plan, owner):
    survey = SurveyFactory(mission=plan.mission)
    question = SurveyQuestionFactory(survey=survey, kind=SurveyQuestion.Kind.LIKERT)
    first = _wave_with_answers(
        survey, question, 1, [2, 3, 3, 4, 2], datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    )
    _wave_with_answers(  # 4 answers: under k, nothing may be shown
        survey, question, 2, [5, 5, 4, 4], datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    )
    indicator = services_track_indicators.create_indicator(
        owner, plan, name="Reconnaissance", source=Indicator.Source.SURVEY_WAVE,
        survey_question=question, value_type=Indicator.ValueType.NUMBER,
        params={"measure": "mean"},
    )  # fmt: skip
    assert services_track_indicators.refresh_from_source(owner, indicator) == 1
    measurement = indicator.measurements.get()
    assert measurement.value == Decimal("2.80")
    assert measurement.date == datetime.date(2026, 2, 1)
    assert measurement.computed_from["wave"] == first.pk
    assert measurement.computed_from["respondents"] == 5

    favourable = services_track_indicators.create_indicator(
        owner, plan, name="Favorables", source=Indicator.Source.SURVEY_WAVE,
        survey_question=question, value_type=Indicator.ValueType.PERCENTAGE,
        params={"measure": "favourable"},
    )  # fmt: skip
    services_track_indicators.refresh_from_source(owner, favourable)
    assert favourable.measurements.get().value == Decimal("20.00")  # one 4 out of five


def test_survey_source_with_no_wave_over_k_says_so(plan, owner):
    survey = SurveyFactory(mission=plan.mission)
    question = SurveyQuestionFactory(survey=survey)
    _wave_with_answers(
        survey, question, 1, [1, 2], datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    )
    indicator = IndicatorFactory(
        plan=plan, source=Indicator.Source.SURVEY_WAVE, survey_question=question
    )
    with pytest.raises(ValidationError):
        services_track_indicators.refresh_from_source(owner, indicator)
    assert not Measurement.objects.exists()


def test_a_source_needs_its_parameter_and_a_question_of_this_mission(plan, owner):
    with pytest.raises(ValidationError):
        services_track_indicators.create_indicator(
            owner, plan, name="X", source=Indicator.Source.SURVEY_WAVE, survey_question=None,
            value_type="number",
        )  # fmt: skip
    other = SurveyQuestionFactory(survey__mission__organization__workspace=plan.workspace)
    with pytest.raises(ValidationError):
        services_track_indicators.create_indicator(
            owner, plan, name="X", source=Indicator.Source.SURVEY_WAVE, survey_question=other,
            value_type="number",
        )  # fmt: skip
    assert not Indicator.objects.exists()


def test_checkin_source_is_a_hook_until_another_app_registers_it(plan, owner):
    assert not indicator_sources.is_available(Indicator.Source.CHECKIN)
    with pytest.raises(ValidationError):
        services_track_indicators.create_indicator(
            owner, plan, name="X", source=Indicator.Source.CHECKIN, value_type="number"
        )
    calls = []

    def checkins(actor, indicator, today):
        calls.append(indicator.pk)
        return [indicator_sources.Computed(today, Decimal("3"), {"checkins": 12})]

    indicator_sources.register(Indicator.Source.CHECKIN, checkins)
    try:
        indicator = services_track_indicators.create_indicator(
            owner, plan, name="Rituels tenus", source=Indicator.Source.CHECKIN,
            value_type="integer",
        )  # fmt: skip
        services_track_indicators.refresh_from_source(owner, indicator)
    finally:
        indicator_sources._SOURCES.pop(Indicator.Source.CHECKIN)
    assert calls == [indicator.pk]
    assert indicator.measurements.get().computed_from == {"source": "checkin", "checkins": 12}


# --- Chart


def test_chart_is_an_svg_with_the_values_and_no_script(plan):
    indicator = IndicatorFactory(plan=plan, unit="%", baseline=Decimal(40), target=Decimal(80))
    for day, value in ((1, 45), (40, 52), (90, 61)):
        MeasurementFactory(
            indicator=indicator,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day),
            value=Decimal(value),
        )
    series = charts.ChartSeries(
        title=indicator.name,
        points=[(m.date, m.value) for m in indicator.measurements.all()],
        unit="%",
        target=indicator.target,
        baseline=indicator.baseline,
        values_label="Valeurs",
        target_label="Cible",
        baseline_label="Référence",
    )
    svg = charts.indicator_chart_svg(series)
    root = ET.fromstring(  # noqa: S314 (our own output)
        svg.encode()
    )
    assert root.tag.endswith("svg")
    assert "<script" not in svg
    assert "Valeurs" in svg and "Cible" in svg and "Référence" in svg
    assert "61 %" in svg  # values are labelled with their unit
    empty = charts.indicator_chart_svg(charts.ChartSeries(title="x", points=[]))
    assert "No measurement yet" in empty


def test_chart_view_serves_svg_to_staff_and_sponsor(client, plan, owner):
    indicator = IndicatorFactory(plan=plan)
    MeasurementFactory(indicator=indicator)
    url = reverse("steering:indicator_chart", args=[plan.mission.pk, indicator.pk])
    client.force_login(owner.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "script-src 'none'" in response["Content-Security-Policy"]
    ET.fromstring(  # noqa: S314 (our own output)
        response.content
    )


# --- Impact


def test_impact_of_an_indicator(plan):
    indicator = IndicatorFactory(plan=plan, direction=Indicator.Direction.DECREASE)
    before = MeasurementFactory(indicator=indicator, value=Decimal(20))
    after = MeasurementFactory(indicator=indicator, value=Decimal(15))
    result = impact.compare_measurements(indicator, before, after)
    assert result.change == -5 and result.relative == -25 and result.improved is True


def test_impact_between_two_waves_with_effect_size_and_k(plan, owner):
    survey = SurveyFactory(mission=plan.mission)
    question = SurveyQuestionFactory(survey=survey, kind=SurveyQuestion.Kind.LIKERT)
    utc = datetime.UTC
    w1 = _wave_with_answers(
        survey, question, 1, [2, 2, 3, 3, 2, 3], datetime.datetime(2026, 2, 1, tzinfo=utc)
    )
    w2 = _wave_with_answers(
        survey, question, 2, [4, 3, 4, 5, 4, 4], datetime.datetime(2026, 5, 1, tzinfo=utc)
    )
    w3 = _wave_with_answers(
        survey, question, 3, [5, 5, 5], datetime.datetime(2026, 6, 1, tzinfo=utc)
    )
    from liant.diagnostic.selectors_results import question_summary

    result = impact.compare_summaries(
        question.text,
        question_summary(owner, question, w1),
        question_summary(owner, question, w2),
    )
    assert result.shown
    assert result.before.respondents == 6 and result.after.respondents == 6
    assert round(result.change, 2) == 1.5
    assert result.effect_size > 0.8 and result.effect_label == "fort"
    hidden = impact.compare_summaries(
        question.text,
        question_summary(owner, question, w1),
        question_summary(owner, question, w3),
    )
    assert not hidden.shown and hidden.change is None and hidden.after.value is None

    client_page = reverse("steering:impact", args=[plan.mission.pk])
    from django.test import Client

    client = Client()
    client.force_login(owner.user)
    response = client.get(
        client_page,
        {"kind": "survey", "srv-question": question.pk, "srv-before": w1.pk, "srv-after": w3.pk},
    )
    body = response.content.decode()
    assert "Moins de 5 personnes" in body
    assert "5,00" not in body  # the hidden wave's mean never reaches the page


def test_indicator_rows_give_latest_and_status(plan, owner):
    indicator = IndicatorFactory(plan=plan, baseline=Decimal(40), target=Decimal(80))
    MeasurementFactory(indicator=indicator, date=datetime.date(2026, 1, 1), value=Decimal(50))
    MeasurementFactory(indicator=indicator, date=datetime.date(2026, 3, 1), value=Decimal(90))
    (row,) = selectors_track.indicator_rows(owner, plan)
    assert row.latest.value == 90 and row.status.key == "reached"
