"""The foundation: every factory builds a consistent row, and the database refuses what the
services must never store."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from liant.steering.tests import factories as f

pytestmark = pytest.mark.django_db

ALL_FACTORIES = [
    f.ActionPlanFactory,
    f.AxisFactory,
    f.ObjectiveFactory,
    f.MilestoneFactory,
    f.ActionFactory,
    f.ActionDependencyFactory,
    f.ActionOriginFactory,
    f.BodyFactory,
    f.DecisionFactory,
    f.ReviewFactory,
    f.ObstacleFactory,
    f.IndicatorFactory,
    f.MeasurementFactory,
    f.ProgressUpdateFactory,
    f.CalendarFeedFactory,
]


@pytest.mark.parametrize("factory", ALL_FACTORIES, ids=lambda x: x.__name__)
def test_every_factory_keeps_one_workspace(factory):
    obj = factory()
    workspace_id = obj.workspace_id
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.name != "workspace":
            related = getattr(obj, field.name)
            if related is not None and hasattr(related, "workspace_id"):
                assert related.workspace_id == workspace_id, field.name
    assert str(obj)


def test_action_children_follow_the_plan():
    action = f.ActionFactory()
    assert action.objective.axis.plan == action.plan
    dependency = f.ActionDependencyFactory(action=action)
    assert dependency.depends_on.plan == action.plan


def test_due_date_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ActionFactory(start_date=datetime.date(2026, 5, 1), due_date=datetime.date(2026, 4, 1))


def test_an_action_cannot_depend_on_itself():
    action = f.ActionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ActionDependencyFactory(action=action, depends_on=action)


def test_a_validated_plan_needs_its_dates():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ActionPlanFactory(status="validated")


def test_progress_is_a_percentage():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ActionFactory(progress=120)


def test_calendar_feed_stores_only_the_hash():
    feed = f.CalendarFeedFactory()
    assert feed.token_hash == f.hash_token(feed.token)
    assert feed.token not in feed.token_hash
