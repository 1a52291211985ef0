"""The demo's steering data on the assembly's organisation-coaching mission."""

import pytest

from liant.core.demo import load_demo
from liant.steering.models import Indicator, Obstacle, ProgressUpdate, Review

pytestmark = pytest.mark.django_db


def test_demo_has_reviews_obstacles_indicators_and_portal_updates():
    load_demo()
    plan_filter = {"plan__mission__template__key": "organisation-coaching"}
    held = Review.objects.get(status=Review.Status.HELD, **plan_filter)
    assert held.minutes and held.decisions.count() == 1 and held.new_actions.count() == 1
    assert held.obstacles.get().impact == Obstacle.Impact.HIGH
    assert Review.objects.filter(status=Review.Status.PLANNED, **plan_filter).count() == 1
    assert Obstacle.objects.filter(status=Obstacle.Status.RESOLVED, **plan_filter).count() == 1
    manual = Indicator.objects.filter(source=Indicator.Source.MANUAL, **plan_filter)
    assert manual.count() == 2
    assert all(indicator.measurements.count() == 5 for indicator in manual)
    computed = Indicator.objects.get(source=Indicator.Source.ACTION_PROGRESS, **plan_filter)
    assert computed.measurements.get().computed_from["actions"] > 0  # the plan's actions
    published = ProgressUpdate.objects.filter(published_at__isnull=False, **plan_filter)
    assert published.count() == 2
