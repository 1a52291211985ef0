"""Factories for every steering model. Each one follows its parent's workspace, so
``ActionFactory(plan=p)`` or ``MeasurementFactory(indicator=i)`` stay in one workspace."""

import datetime
import hashlib
import secrets
from decimal import Decimal

import factory

from liant.core.testing import MissionFactory, PersonFactory, UserFactory, WorkspaceFactory
from liant.steering import models


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ActionPlan

    mission = factory.SubFactory(MissionFactory)
    workspace = factory.SelfAttribute("mission.workspace")
    title = factory.LazyAttribute(lambda o: f"Plan d'action — {o.mission.title}")


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Axis

    plan = factory.SubFactory(ActionPlanFactory)
    workspace = factory.SelfAttribute("plan.workspace")
    title = factory.Sequence(lambda n: f"Axe {n}")
    position = factory.Sequence(lambda n: n)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Objective

    axis = factory.SubFactory(AxisFactory)
    workspace = factory.SelfAttribute("axis.workspace")
    title = factory.Sequence(lambda n: f"Objectif {n}")
    target = "80 % des demandes traitées sous 48 h"
    target_value = Decimal("80")
    target_unit = "%"
    deadline = datetime.date(2026, 12, 31)
    position = factory.Sequence(lambda n: n)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Milestone

    plan = factory.SubFactory(ActionPlanFactory)
    workspace = factory.SelfAttribute("plan.workspace")
    title = factory.Sequence(lambda n: f"Jalon {n}")
    date = datetime.date(2026, 6, 30)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Action
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    workspace = factory.SelfAttribute("plan.workspace")
    objective = factory.SubFactory(ObjectiveFactory, axis__plan=factory.SelfAttribute("...plan"))
    title = factory.Sequence(lambda n: f"Action {n}")
    start_date = datetime.date(2026, 3, 2)
    due_date = datetime.date(2026, 4, 30)
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def contributors(obj, create, extracted, **kwargs):
        """``ActionFactory(contributors=[p1, p2])`` adds them to the action."""
        if create and extracted:
            obj.contributors.add(*extracted)


class ActionDependencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ActionDependency

    action = factory.SubFactory(ActionFactory)
    workspace = factory.SelfAttribute("action.workspace")
    depends_on = factory.SubFactory(ActionFactory, plan=factory.SelfAttribute("..action.plan"))


class ActionOriginFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ActionOrigin

    action = factory.SubFactory(ActionFactory)
    workspace = factory.SelfAttribute("action.workspace")
    kind = models.ActionOrigin.Kind.READOUT_FINDING
    source_text = "Les outils changent tous les six mois et personne n'est formé."


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Body
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    workspace = factory.SelfAttribute("plan.workspace")
    name = factory.Sequence(lambda n: f"Comité de pilotage {n}")
    kind = models.Body.Kind.STEERING_COMMITTEE

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.add(*extracted)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Decision
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    workspace = factory.SelfAttribute("plan.workspace")
    date = datetime.date(2026, 3, 16)
    title = factory.Sequence(lambda n: f"Décision {n}")
    decided_by = "Comité de pilotage"

    @factory.post_generation
    def actions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.actions.add(*extracted)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Review

    plan = factory.SubFactory(ActionPlanFactory)
    workspace = factory.SelfAttribute("plan.workspace")
    title = factory.Sequence(lambda n: f"Point d'étape {n}")
    date = datetime.date(2026, 5, 12)


class ObstacleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Obstacle
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    workspace = factory.SelfAttribute("plan.workspace")
    title = factory.Sequence(lambda n: f"Obstacle {n}")
    description = "Le budget de formation n'est pas encore voté."
    owner = factory.SubFactory(
        PersonFactory, organization=factory.SelfAttribute("..plan.mission.organization")
    )

    @factory.post_generation
    def actions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.actions.add(*extracted)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    plan = factory.SubFactory(ActionPlanFactory)
    workspace = factory.SelfAttribute("plan.workspace")
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = "%"
    value_type = models.Indicator.ValueType.PERCENTAGE
    baseline = Decimal("40")
    target = Decimal("80")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    workspace = factory.SelfAttribute("indicator.workspace")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=30 * n))
    value = Decimal("55")


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProgressUpdate

    plan = factory.SubFactory(ActionPlanFactory)
    workspace = factory.SelfAttribute("plan.workspace")
    title = factory.Sequence(lambda n: f"Point d'avancement {n}")
    text = "Les trois premières actions de l'axe outils sont terminées."


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    """The clear token is left on the instance as ``token`` (only its hash is stored)."""

    class Meta:
        model = models.CalendarFeed

    workspace = factory.SubFactory(WorkspaceFactory)
    user = factory.SubFactory(UserFactory, current_workspace=factory.SelfAttribute("..workspace"))
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token")
        feed = super()._create(model_class, *args, **kwargs)
        feed.token = token
        return feed
