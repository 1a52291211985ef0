"""Milestone reviews and obstacles: the generated agenda, minutes, decisions, new actions and
obstacles recorded in a review; bad input stores nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import PersonFactory, make_actor
from liant.steering import selectors_track, services_track
from liant.steering.models import Action, ActionPlan, Decision, Obstacle, Review
from liant.steering.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    BodyFactory,
    ObstacleFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 5, 12)


@pytest.fixture
def plan():
    return ActionPlanFactory()


@pytest.fixture
def owner(plan):
    return make_actor(plan.workspace, Role.OWNER)


def test_agenda_lists_late_blocked_due_actions_and_open_obstacles(plan, owner):
    late = ActionFactory(plan=plan, title="En retard", due_date=ON - datetime.timedelta(days=3))
    blocked = ActionFactory(
        plan=plan, title="Bloquée", status=Action.Status.BLOCKED, due_date=datetime.date(2026, 9, 1)
    )
    due = ActionFactory(plan=plan, title="Bientôt", due_date=ON + datetime.timedelta(days=10))
    ActionFactory(plan=plan, title="Plus tard", due_date=ON + datetime.timedelta(days=90))
    ActionFactory(
        plan=plan, title="Finie", status=Action.Status.DONE, due_date=ON - datetime.timedelta(3)
    )
    high = ObstacleFactory(plan=plan, title="Budget", impact=Obstacle.Impact.HIGH)
    ObstacleFactory(plan=plan, title="Levé", status=Obstacle.Status.RESOLVED)
    ActionFactory(title="Autre plan", due_date=ON)  # another plan, same rules

    review = services_track.create_review(owner, plan, title="Point d'étape 1", date=ON)

    items = {(i["kind"], i["title"]): i for i in review.agenda}
    assert set(items) == {
        ("action", "En retard"),
        ("action", "Bloquée"),
        ("action", "Bientôt"),
        ("obstacle", "Budget"),
    }
    assert items[("action", "En retard")]["reasons"] == ["late"]
    assert items[("action", "Bloquée")]["reasons"] == ["blocked"]
    assert items[("action", "Bientôt")]["reasons"] == ["due"]
    assert items[("obstacle", "Budget")]["id"] == high.pk
    assert {late.pk, blocked.pk, due.pk} <= {i["id"] for i in review.agenda}
    assert AuditEntry.objects.filter(action="steering.review.create").count() == 1


def test_agenda_is_kept_once_the_review_is_held(plan, owner):
    review = services_track.create_review(owner, plan, title="Point", date=ON)
    assert review.agenda == []
    services_track.save_minutes(owner, review, minutes="Rien à signaler.", held=True)
    review.refresh_from_db()
    assert review.status == Review.Status.HELD and review.held_at is not None
    ActionFactory(plan=plan, due_date=ON - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services_track.refresh_agenda(owner, review)
    review.refresh_from_db()
    assert review.agenda == []


def test_holding_a_review_needs_minutes(plan, owner):
    review = ReviewFactory(plan=plan)
    with pytest.raises(ValidationError):
        services_track.save_minutes(owner, review, minutes="  ", held=True)
    review.refresh_from_db()
    assert review.status == Review.Status.PLANNED


def test_review_rejects_a_milestone_or_body_of_another_plan(plan, owner):
    foreign_body = BodyFactory(
        plan=ActionPlanFactory(mission__organization=plan.mission.organization)
    )
    with pytest.raises(ValidationError):
        services_track.create_review(owner, plan, title="X", date=ON, body=foreign_body)
    assert not Review.objects.exists()


def test_decision_and_new_action_in_a_review_on_a_validated_plan(plan, owner):
    now = datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    ActionPlan.objects.filter(pk=plan.pk).update(
        status=ActionPlan.Status.VALIDATED, submitted_at=now, validated_at=now
    )
    plan.refresh_from_db()
    body = BodyFactory(plan=plan)
    review = ReviewFactory(plan=plan, body=body)
    action = ActionFactory(plan=plan)
    decision = services_track.record_review_decision(
        owner, review, title="Reporter la formation", details="", decided_by="COPIL",
        actions=[action],
    )  # fmt: skip
    assert decision.review == review and decision.body == body and decision.date == review.date
    person = PersonFactory(organization=plan.mission.organization)
    new = services_track.add_review_action(
        owner, review, title="Former les référents", owner=person, objective=None,
        due_date=datetime.date(2026, 7, 1),
    )  # fmt: skip
    assert new.raised_in_review == review and new.plan == plan
    detail = selectors_track.review_detail(owner, plan, review.pk)
    assert list(detail.decisions.all()) == [decision]
    assert list(detail.new_actions.all()) == [new]


def test_sponsor_cannot_write(plan):
    sponsor = make_actor(plan.workspace, Role.SPONSOR, organization=plan.mission.organization)
    with pytest.raises(PermissionDenied):
        services_track.create_review(sponsor, plan, title="X", date=ON)
    with pytest.raises(PermissionDenied):
        services_track.create_obstacle(sponsor, plan, title="X")


def test_obstacle_register_lifecycle(plan, owner):
    person = PersonFactory(organization=plan.mission.organization)
    action = ActionFactory(plan=plan)
    obstacle = services_track.create_obstacle(
        owner, plan, title="Outil non livré", description="Le prestataire a du retard.",
        impact=Obstacle.Impact.HIGH, owner=person, actions=[action],
    )  # fmt: skip
    assert list(obstacle.actions.all()) == [action]
    with pytest.raises(ValidationError):
        services_track.resolve_obstacle(owner, obstacle, resolution=" ")
    obstacle.refresh_from_db()
    assert obstacle.status == Obstacle.Status.OPEN
    services_track.resolve_obstacle(owner, obstacle, resolution="Livraison obtenue.")
    obstacle.refresh_from_db()
    assert obstacle.status == Obstacle.Status.RESOLVED and obstacle.resolved_at
    services_track.reopen_obstacle(owner, obstacle)
    obstacle.refresh_from_db()
    assert obstacle.status == Obstacle.Status.OPEN and obstacle.resolution


def test_obstacle_refuses_an_owner_or_action_from_elsewhere(plan, owner):
    stranger = PersonFactory()  # another organisation (and workspace)
    with pytest.raises(ValidationError):
        services_track.create_obstacle(owner, plan, title="X", owner=stranger)
    with pytest.raises(ValidationError):
        services_track.create_obstacle(owner, plan, title="X", actions=[ActionFactory()])
    assert not Obstacle.objects.exists()


# --- Pages


@pytest.fixture
def staff_client(client, owner):
    client.force_login(owner.user)
    return client


def test_review_pages_hold_a_review(staff_client, plan):
    mission = plan.mission
    ActionFactory(plan=plan, title="Former les managers", due_date=ON - datetime.timedelta(1))
    response = staff_client.post(
        reverse("steering:review_add", args=[mission.pk]),
        {"title": "Point d'étape de mai", "date": ON.isoformat()},
    )
    review = Review.objects.get()
    assert response.status_code == 302
    page = staff_client.get(reverse("steering:review", args=[mission.pk, review.pk]))
    assert "Former les managers" in page.content.decode()
    staff_client.post(
        reverse("steering:review_obstacle_add", args=[mission.pk, review.pk]),
        {"obstacle-title": "Budget gelé", "obstacle-impact": "high"},
    )
    staff_client.post(
        reverse("steering:review_decision_add", args=[mission.pk, review.pk]),
        {"decision-title": "Lancer la formation en septembre"},
    )
    staff_client.post(
        reverse("steering:review_minutes", args=[mission.pk, review.pk]),
        {"minutes": "Tour de table des actions.", "hold": ""},
    )
    review.refresh_from_db()
    assert review.status == Review.Status.HELD
    assert Obstacle.objects.get().raised_in_review == review
    assert Decision.objects.get().review == review


def test_review_form_errors_store_nothing(staff_client, plan):
    response = staff_client.post(
        reverse("steering:review_add", args=[plan.mission.pk]), {"title": "", "date": "demain"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Donnez un titre" in body or "Give the review a title" in body
    assert not Review.objects.exists()


def test_staff_pages_are_closed_to_sponsors(client, plan):
    sponsor = make_actor(plan.workspace, Role.SPONSOR, organization=plan.mission.organization)
    client.force_login(sponsor.user)
    for name in ("steering_home", "obstacles", "review_add", "indicator_add", "impact"):
        assert client.get(reverse(f"steering:{name}", args=[plan.mission.pk])).status_code == 403
