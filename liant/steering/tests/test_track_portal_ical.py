"""The sponsor's portal (published updates only, the sponsor's own organisation only) and the
personal iCal feed (parsed back; revoked → 410, unknown → 404)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, OrganizationFactory, PersonFactory, make_actor
from liant.diagnostic.tests.factories import InterviewFactory
from liant.steering import services_track, services_track_calendar
from liant.steering.models import ActionPlan, CalendarFeed
from liant.steering.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    CalendarFeedFactory,
    DecisionFactory,
    IndicatorFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    hash_token,
)
from liant.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _submitted(plan):
    now = timezone.now()
    ActionPlan.objects.filter(pk=plan.pk).update(status="submitted", submitted_at=now)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def plan():
    return _submitted(ActionPlanFactory())


@pytest.fixture
def owner(plan):
    return make_actor(plan.workspace, Role.OWNER)


@pytest.fixture
def sponsor(plan):
    return make_actor(plan.workspace, Role.SPONSOR, organization=plan.mission.organization)


def test_portal_shows_published_updates_only(client, plan, owner, sponsor):
    services_track.create_update(owner, plan, title="Publié <b>ok</b>", text="Texte", publish=True)
    draft = services_track.create_update(owner, plan, title="Brouillon secret", text="…")
    IndicatorFactory(plan=plan, name="Délai de réponse")
    held = ReviewFactory(plan=plan, status="held", title="Point de mars")
    DecisionFactory(plan=plan, review=held, title="Recruter un référent")
    client.force_login(sponsor.user)
    url = reverse("steering:portal", args=[plan.mission.pk])
    body = client.get(url).content.decode()
    assert "Publié &lt;b&gt;ok&lt;/b&gt;" in body  # escaped
    assert "Brouillon secret" not in body
    assert "Délai de réponse" in body and "Recruter un référent" in body
    services_track.set_published(owner, draft, True)
    assert "Brouillon secret" in client.get(url).content.decode()
    services_track.set_published(owner, draft, False)
    assert "Brouillon secret" not in client.get(url).content.decode()


def test_sponsor_of_another_organisation_gets_404(client, plan):
    other_org = OrganizationFactory(workspace=plan.workspace)
    stranger = make_actor(plan.workspace, Role.SPONSOR, organization=other_org)
    ProgressUpdateFactory(plan=plan, published_at=timezone.now(), title="Confidentiel")
    indicator = IndicatorFactory(plan=plan)
    client.force_login(stranger.user)
    assert client.get(reverse("steering:portal", args=[plan.mission.pk])).status_code == 404
    chart = reverse("steering:indicator_chart", args=[plan.mission.pk, indicator.pk])
    assert client.get(chart).status_code == 404


def test_sponsor_sees_no_draft_plan(client):
    plan = ActionPlanFactory()  # draft: the consultants' work
    sponsor = make_actor(plan.workspace, Role.SPONSOR, organization=plan.mission.organization)
    ProgressUpdateFactory(plan=plan, published_at=timezone.now(), title="Trop tôt")
    client.force_login(sponsor.user)
    response = client.get(reverse("steering:portal", args=[plan.mission.pk]))
    assert response.status_code == 200
    assert "Trop tôt" not in response.content.decode()


def test_sponsor_cannot_publish_or_edit(client, plan, sponsor):
    update = ProgressUpdateFactory(plan=plan)
    client.force_login(sponsor.user)
    url = reverse("steering:update_publish", args=[plan.mission.pk, update.pk])
    assert client.post(url, {"publish": "1"}).status_code == 403
    update.refresh_from_db()
    assert update.published_at is None


# --- Calendar feed


def _parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def test_feed_holds_workshops_interviews_milestones_reviews_and_due_dates(client, plan, owner):
    mission = plan.mission
    Workshop.objects.create(
        workspace=plan.workspace, mission=mission, title="Atelier outils",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=3), place="Salle B",
    )  # fmt: skip
    interview = InterviewFactory(
        campaign__mission=mission, interviewer=owner.user,
        people=[PersonFactory(organization=mission.organization, name="Awa Diallo")],
    )  # fmt: skip
    InterviewFactory(campaign=interview.campaign)  # someone else's interview
    milestone = MilestoneFactory(plan=plan, title="Fin de phase 2", date=datetime.date(2026, 12, 1))
    review = ReviewFactory(plan=plan, title="Point d'étape 2", date=datetime.date(2026, 12, 2))
    action = ActionFactory(
        plan=plan, title="Former les référents", due_date=datetime.date(2026, 12, 3)
    )
    ActionFactory(plan=plan, status="done", due_date=datetime.date(2026, 12, 4))
    ActionFactory(title="Autre cabinet", due_date=datetime.date(2026, 12, 5))
    feed, token = services_track_calendar.create_feed(owner)
    assert feed.token_hash == hash_token(token) and token not in feed.token_hash

    events = _parse(client.get(reverse("calendar:feed", args=[token])))

    assert set(events) == {
        next(k for k in events if k.startswith("workshop-")),
        f"interview-{interview.pk}",
        f"milestone-{milestone.pk}",
        f"review-{review.pk}",
        f"action-due-{action.pk}",
    }
    assert "Atelier outils" in str(
        events[next(k for k in events if k.startswith("workshop-"))]["summary"]
    )
    assert "Awa Diallo" in str(events[f"interview-{interview.pk}"]["summary"])
    assert events[f"milestone-{milestone.pk}"].decoded("dtstart") == datetime.date(2026, 12, 1)
    assert "Former les référents" in str(events[f"action-due-{action.pk}"]["summary"])
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_sponsor_feed_has_no_interviews_or_actions(client, plan, sponsor):
    InterviewFactory(campaign__mission=plan.mission, interviewer=sponsor.user)
    ActionFactory(plan=plan, due_date=datetime.date(2026, 12, 3))
    milestone = MilestoneFactory(plan=plan, date=datetime.date(2026, 12, 1))
    _feed, token = services_track_calendar.create_feed(sponsor)
    events = _parse(client.get(reverse("calendar:feed", args=[token])))
    assert set(events) == {f"milestone-{milestone.pk}"}


def test_revoked_feed_answers_410_and_unknown_404(client, owner):
    feed = CalendarFeedFactory(workspace=owner.workspace, user=owner.user)
    url = reverse("calendar:feed", args=[feed.token])
    assert client.get(url).status_code == 200
    services_track_calendar.revoke_feed(owner, feed)
    response = client.get(url)
    assert response.status_code == 410
    assert "révoqué" in response.content.decode() or "revoked" in response.content.decode()
    assert client.get(reverse("calendar:feed", args=["nope"])).status_code == 404


def test_feed_of_a_user_who_left_the_workspace_is_gone(client, owner):
    feed = CalendarFeedFactory(workspace=owner.workspace, user=owner.user)
    owner.membership.delete()
    assert client.get(reverse("calendar:feed", args=[feed.token])).status_code == 410


def test_feed_page_creates_shows_once_and_revokes(client, owner):
    client.force_login(owner.user)
    response = client.post(reverse("calendar:feed_add"), follow=True)
    feed = CalendarFeed.objects.get()
    body = response.content.decode()
    assert "/calendar/" in body and ".ics" in body
    again = client.get(reverse("calendar:feeds")).content.decode()
    assert ".ics" not in again  # shown once
    other = make_actor(owner.workspace, Role.CONSULTANT)
    client.force_login(other.user)
    assert client.post(reverse("calendar:feed_revoke", args=[feed.pk])).status_code == 404
    client.force_login(owner.user)
    client.post(reverse("calendar:feed_revoke", args=[feed.pk]))
    feed.refresh_from_db()
    assert feed.revoked_at is not None


def test_feed_of_another_mission_workspace_is_not_mixed(client, owner):
    other_plan = ActionPlanFactory(mission=MissionFactory())  # another workspace
    MilestoneFactory(plan=other_plan, title="Ailleurs")
    _feed, token = services_track_calendar.create_feed(owner)
    body = client.get(reverse("calendar:feed", args=[token])).content.decode()
    assert "Ailleurs" not in body
