"""Survey results at scale: the cached figures follow every response exactly (the wave's
tallies version), and the tables built in Python (``results_html``) format and escape like
the templates they replace."""

import random

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation

from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, UnitFactory, make_actor
from liant.diagnostic import results_html, services_surveys
from liant.diagnostic.models import Response, Wave
from liant.diagnostic.selectors_results import Heatmap, Row, Trend
from liant.diagnostic.services_surveys import Breakdown

from .factories import SurveyFactory, SurveyQuestionFactory, WaveFactory


@pytest.fixture
def world(db):
    mission = MissionFactory(title="Mission Lorient")
    unit = UnitFactory(organization=mission.organization, name="Service Port")
    survey = SurveyFactory(mission=mission, title="Climat")
    question = SurveyQuestionFactory(survey=survey, kind="likert", text="Je suis écouté")
    wave = WaveFactory(survey=survey, number=1, status=Wave.Status.OPEN)
    for value in (4, 4, 4, 4, 4, 4):
        answer(wave, question, unit, value)
    owner = make_actor(mission.workspace, Role.OWNER)
    path = reverse("diagnostic:results_wave", args=[mission.pk, survey.pk, wave.pk])
    return {"wave": wave, "question": question, "unit": unit, "owner": owner, "path": path}


def answer(wave, question, unit, value):
    services_surveys.submit_response(wave, {question.pk: {"value": value}}, Breakdown(unit=unit))


def test_a_new_response_is_in_the_next_read_even_at_the_same_count(client, world):
    """One response deleted and another stored: same number of responses, new figures."""
    client.force_login(world["owner"].user)
    assert "4,0" in client.get(world["path"]).content.decode()  # computed, then cached
    assert "4,0" in client.get(world["path"]).content.decode()  # from the cache
    Response.objects.filter(wave=world["wave"]).first().delete()
    answer(world["wave"], world["question"], world["unit"], 1)
    assert Response.objects.filter(wave=world["wave"]).count() == 6
    page = client.get(world["path"]).content.decode()
    assert "3,5" in page  # (5 × 4 + 1) / 6
    assert "4,0" not in page


def test_every_tally_change_raises_the_version_and_a_stale_save_keeps_it(world):
    wave = Wave.objects.get(pk=world["wave"].pk)
    before = wave.tallies_version
    answer(world["wave"], world["question"], world["unit"], 2)
    Response.objects.filter(wave=wave).first().delete()
    assert Wave.objects.get(pk=wave.pk).tallies_version == before + 2
    # ``wave`` still holds the old version: editing its dates must not write it back.
    owner = world["owner"]
    services_surveys.update_wave_dates(owner, wave, opens_at=None, closes_at=None)
    assert Wave.objects.get(pk=wave.pk).tallies_version == before + 2


@pytest.mark.parametrize("language", ["fr", "en"])
def test_numbers_read_like_floatformat(language):
    rng = random.Random(7)
    values = [0, 4, 4.0, 2.25, 2.35, 3.45, -0.04, -0.5, 0.05, -12.5, 99.95, 1 / 3, 10.0, -100]
    values += [rng.uniform(-100, 100) for _ in range(300)]
    values += [round(rng.uniform(0, 10), 2) for _ in range(300)]
    with translation.override(language):
        number = results_html.Numbers()
        for value in values:
            for places in (0, 1):
                assert number(value, places) == floatformat(value, places), (value, places)
    assert number(None) == ""


def test_tables_escape_labels_and_texts():
    evil = "<script>alert(1)</script>"
    question = SurveyQuestionFactory.build(kind="text")
    with translation.override("en"):
        body = results_html.breakdown_body(question, [Row(1, evil, 0, {"n": 21, "texts": [evil]})])
    assert "<script>" not in body
    assert body.count("&lt;script&gt;") == 2
    assert "and 1 more" in body
    hidden = results_html.breakdown_body(question, [Row(1, evil, 1, None)])
    assert "<script>" not in hidden and 'colspan="1"' in hidden

    likert = SurveyQuestionFactory.build(kind="likert", text=evil)
    cell = {"mean": 3.25, "n": 7, "level": 2}
    heatmap = results_html.heatmap_body(Heatmap([(1, likert)], [cell], [Row(1, evil, 0, [None])]))
    assert "<script>" not in heatmap and "&lt;script&gt;" in heatmap
    assert 'class="num rs-heat rs-heat-2"' in heatmap and "rs-heat-none" in heatmap

    trend = Trend(likert, 1, [3.0, 3.25], [None, 0.25], [(evil, 0, [None, 2.0], [None, None])])
    body = results_html.trend_body(trend)
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert 'class="rs-change rs-up"' in body
