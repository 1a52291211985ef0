import pytest
from django.urls import reverse
from django.utils.html import escape

from liant.core.demo import data, load_demo
from liant.diagnostic.models import CodedSegment, Interview, Readout, Response, Wave

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return load_demo()


@pytest.fixture
def owner_client(client, demo):
    client.force_login(demo.workspace.memberships.get(user__email=data.OWNER[0]).user)
    return client


def test_the_demo_diagnostic_has_coded_interviews_a_survey_and_a_readout(demo):
    assert Interview.objects.filter(status=Interview.Status.DONE).count() == 18
    assert Interview.objects.filter(status=Interview.Status.PLANNED).count() == 4
    assert CodedSegment.objects.count() == 36
    wave = Wave.objects.get()
    assert wave.status == Wave.Status.CLOSED
    assert Response.objects.filter(wave=wave).count() == 24
    readout = Readout.objects.get()
    assert readout.status == Readout.Status.PUBLISHED
    assert readout.axes.count() == 4
    assert all(axis.findings.count() == 1 for axis in readout.axes.all())


def test_the_demo_readout_and_results_pages_show_the_evidence(owner_client):
    readout = Readout.objects.get()
    page = owner_client.get(
        reverse("diagnostic:readout", kwargs={"mission_pk": readout.mission_id})
    )
    assert page.status_code == 200
    assert "Les décisions ne sont ni expliquées ni relayées." in page.content.decode()
    wave = Wave.objects.get()
    results = owner_client.get(
        reverse(
            "diagnostic:results_survey",
            kwargs={"mission_pk": wave.survey.mission_id, "survey_pk": wave.survey_id},
        ),
        follow=True,
    )
    assert results.status_code == 200
    assert escape(wave.survey.questions.first().text) in results.content.decode()
