"""Demo data of the track part, on the assembly's organisation-coaching mission: indicators
with a few months of measurements, an obstacles register, a held milestone review (minutes,
a decision, a new action, an obstacle raised) and the next one prepared, and progress
updates on the sponsor's portal. Runs after the plan part's demo (it uses its actions and
milestones when there are some); the plan itself is the plan part's (``get_or_create_plan``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from liant.core.tenancy import Actor
from liant.missions.models import Mission
from liant.orgs.models import Organization

from . import selectors_plan, services_plan, services_track, services_track_indicators
from .models import Indicator, Obstacle, ProgressUpdate

DAY = datetime.timedelta(days=1)

INDICATORS = [
    {
        "name": "Amendements traités dans le délai réglementaire",
        "description": "Part des amendements enregistrés, vérifiés et diffusés avant la "
        "date limite de la commission.",
        "unit": "%",
        "value_type": Indicator.ValueType.PERCENTAGE,
        "direction": Indicator.Direction.INCREASE,
        "baseline": Decimal("62"),
        "target": Decimal("90"),
        "frequency": Indicator.Frequency.MONTHLY,
        "values": [62, 64, 71, 76, 81],
    },
    {
        "name": "Heures supplémentaires par agent et par mois",
        "description": "Moyenne relevée par le service des ressources humaines.",
        "unit": "h",
        "value_type": Indicator.ValueType.NUMBER,
        "direction": Indicator.Direction.DECREASE,
        "baseline": Decimal("14.5"),
        "target": Decimal("8"),
        "frequency": Indicator.Frequency.MONTHLY,
        "values": [14.5, 13.8, 12.5, 12.9, 11.2],
    },
]


def load(owner: Actor, organization: Organization, today: datetime.date) -> None:
    mission = Mission.objects.filter(organization=organization).order_by("id").first()
    if mission is None:
        return
    plan = services_plan.get_or_create_plan(owner, mission)
    people = list(selectors_plan.people(owner, plan).order_by("id")[:6])
    actions = list(selectors_plan.actions(owner, plan).order_by("due_date", "id"))
    milestone = selectors_plan.milestones(owner, plan).first()

    for spec in INDICATORS:
        spec = dict(spec)
        values = spec.pop("values")
        indicator = services_track_indicators.create_indicator(owner, plan, **spec)
        for months_ago, value in zip(range(len(values) - 1, -1, -1), values, strict=True):
            services_track_indicators.add_measurement(
                owner,
                indicator,
                date=today - datetime.timedelta(days=30 * months_ago + 3),
                value=Decimal(str(value)),
            )
    progress = services_track_indicators.create_indicator(
        owner,
        plan,
        name="Avancement moyen du plan d’action",
        unit="%",
        value_type=Indicator.ValueType.PERCENTAGE,
        direction=Indicator.Direction.INCREASE,
        baseline=Decimal("0"),
        target=Decimal("100"),
        frequency=Indicator.Frequency.MONTHLY,
        source=Indicator.Source.ACTION_PROGRESS,
    )
    try:
        services_track_indicators.refresh_from_source(owner, progress)
    except ValidationError:
        pass  # no action yet in this plan: the indicator waits for them

    budget = services_track.create_obstacle(
        owner,
        plan,
        title="Budget de formation 2027 non voté",
        description="Sans vote du budget en décembre, les formations à l’outil de suivi "
        "des amendements ne peuvent pas être commandées.",
        impact=Obstacle.Impact.HIGH,
        owner=people[0] if people else None,
        actions=actions[:1],
    )
    services_track.create_obstacle(
        owner,
        plan,
        title="Pic d’activité de la session budgétaire",
        description="Les agents du service de la séance seront peu disponibles pour les "
        "ateliers de novembre.",
        impact=Obstacle.Impact.MEDIUM,
        owner=people[1] if len(people) > 1 else None,
    )
    resolved = services_track.create_obstacle(
        owner,
        plan,
        title="Salle de réunion indisponible pour les points d’équipe",
        impact=Obstacle.Impact.LOW,
        owner=people[2] if len(people) > 2 else None,
    )
    services_track.resolve_obstacle(
        owner, resolved, resolution="La salle 214 est réservée chaque mardi de 9 h à 9 h 15."
    )

    held = services_track.create_review(
        owner, plan, title="Point d’étape de la phase 2", date=today - 40 * DAY, milestone=milestone
    )
    services_track.save_minutes(
        owner,
        held,
        minutes="Tour de table des actions de l’axe outils : deux sont terminées, une est "
        "bloquée par le budget de formation.\nLe comité confirme le calendrier des ateliers "
        "et demande un indicateur sur les heures supplémentaires.",
        held=True,
    )
    services_track.record_review_decision(
        owner,
        held,
        title="Suivre chaque mois les heures supplémentaires par agent",
        decided_by="Comité de pilotage",
        actions=actions[:1],
    )
    services_plan.create_action(
        owner,
        plan,
        title="Présenter le besoin de formation au bureau avant le vote du budget",
        owner=people[0] if people else None,
        due_date=today + 20 * DAY,
        raised_in_review=held,
    )
    budget.raised_in_review = held
    budget.save(update_fields=["raised_in_review", "updated_at"])
    services_track.create_review(
        owner, plan, title="Point d’étape de décembre", date=today + 14 * DAY
    )

    now = timezone.now()
    for days_ago, title, text in (
        (
            35,
            "Premier point d’étape : le plan tient son calendrier",
            "Le comité de pilotage s’est réuni le mois dernier. Deux actions de l’axe "
            "outils sont terminées ; la formation attend le vote du budget.",
        ),
        (
            6,
            "Amendements : 81 % traités dans les délais",
            "La part des amendements traités avant la date limite progresse pour le "
            "quatrième mois consécutif (62 % au départ, objectif 90 %).",
        ),
    ):
        update = services_track.create_update(owner, plan, title=title, text=text, publish=True)
        ProgressUpdate.objects.filter(pk=update.pk).update(
            published_at=now - days_ago * DAY, created_at=now - days_ago * DAY
        )
    services_track.create_update(
        owner,
        plan,
        title="Préparation du point d’étape de décembre",
        text="Brouillon : ordre du jour à valider avec la secrétaire générale.",
    )
