"""Confidentiality per role: interview campaigns and notes are for the consultants of the
mission's workspace; sponsors get 404 on every page and action of part a, change nothing and
never see a note. (Other workspaces: ``liant/core/tests/test_isolation.py``.)"""

import itertools

import pytest
from django.urls import URLPattern, reverse

from liant.diagnostic import services_interviews as services
from liant.diagnostic import urls_interviews
from liant.diagnostic.models import GuideQuestion, Interview, InterviewCampaign, Note

from .interviews_world import build, interview

pytestmark = pytest.mark.django_db
SECRET = "Confidentiel-7Q"


@pytest.fixture
def world():
    world = build()
    planned = interview(world, [world.people["Claire Dubois"]], status="done")
    services.save_note(
        world.consultant, planned, world.questions[0], text=f"{SECRET} dit",
        base_version=0,
    )  # fmt: skip
    world.interview = planned
    return world


def every_url(world):
    objects = {
        "mission_pk": world.mission.pk,
        "campaign_pk": world.campaign.pk,
        "guide_section_pk": world.section.pk,
        "guide_question_pk": world.questions[0].pk,
        "interview_pk": world.interview.pk,
    }
    for pattern in urls_interviews.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: objects[name] for name in ["mission_pk", *pattern.pattern.converters]}
        yield reverse(f"diagnostic:{pattern.name}", kwargs=kwargs)


def state():
    return (
        list(InterviewCampaign.objects.values_list("title", "status")),
        list(GuideQuestion.objects.values_list("text", "position")),
        list(Interview.objects.values_list("status", "scheduled_at")),
        list(Note.objects.values_list("text", "version")),
    )


def test_sponsor_gets_404_everywhere(client, world):
    before = state()
    client.force_login(world.sponsor.user)
    urls = list(every_url(world))
    assert len(urls) == len(urls_interviews.urlpatterns) >= 20
    for url, method in itertools.product(urls, ["get", "post"]):
        data = {"title": "x", "status": "closed", "direction": "up", "text": "x", "version": "1",
                "question": world.questions[0].pk}  # fmt: skip
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"sponsor {method.upper()} {url}"
        assert SECRET not in response.content.decode()
    assert state() == before
    # The diagnostic page shows them no campaign either.
    home = client.get(reverse("diagnostic:home", args=[world.mission.pk])).content.decode()
    assert world.campaign.title not in home


def test_consultants_of_the_workspace_read_the_notes(client, world):
    url = reverse(
        "diagnostic:interview_notes",
        args=[world.mission.pk, world.campaign.pk, world.interview.pk],
    )
    for actor in (world.owner, world.consultant):
        client.force_login(actor.user)
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET in response.content.decode()


def test_sponsor_sees_the_key_figure_but_no_note(client, world):
    client.force_login(world.sponsor.user)
    page = client.get(reverse("missions:detail", args=[world.mission.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Personnel rencontré" in body
    assert SECRET not in body
