"""Demo data: the direction project of the organisation-coaching mission (phase 3), written
from the foresight workshops, submitted to the steering committee, validated with two
adjustments; v2 is being written, one adjustment done. Called once by ``liant demo``."""

from __future__ import annotations

import datetime

from django.utils import timezone

from liant.core.tenancy import Actor
from liant.steering.models import Body

from . import selectors, services
from . import services_direction as direction

TITLE = "Projet de direction 2027 — Direction des systèmes d’information"
PURPOSE = "Issu des ateliers prospectifs de l’automne : le pourquoi et le comment de la direction."
SECTIONS = [
    "Rendre le numérique simple et sûr pour les agents et les usagers du département.",
    "Construire, faire fonctionner et sécuriser les outils des services ; accompagner les "
    "projets numériques des directions métier.",
    "D’ici 2027 : un guichet unique pour toutes les demandes, un délai de traitement connu de "
    "chacun, des projets choisis avec les directions métier en comité.",
    "Coopération plutôt que ticket ; droit à l’erreur ; toute décision expliquée à ceux "
    "qu’elle concerne.",
]
ADJUSTMENTS = [
    "Chiffrer le délai de traitement visé pour les demandes courantes",
    "Ajouter un engagement sur la formation des agents aux nouveaux outils",
]


def load(owner: Actor) -> None:
    committee = (
        Body.objects.filter(
            workspace=owner.workspace, plan__mission__template__key="organisation-coaching"
        )
        .select_related("plan__mission")
        .order_by("id")
        .first()
    )
    if committee is None:
        return
    mission = committee.plan.mission
    document = direction.create_direction(owner, mission, title=TITLE, purpose=PURPOSE)
    sections = selectors.clauses(selectors.latest_version(document))
    for section, text in zip(sections, SECTIONS, strict=False):
        services.edit_clause(owner, section, title=section.title, text=text)
    submission = direction.submit(owner, document, body=committee)
    decided = timezone.localdate() - datetime.timedelta(days=3)
    direction.record_decision(
        owner, document, submission.version, outcome="adjusted", body=committee,
        decided_on=decided, adjustments=ADJUSTMENTS,
        note="Le comité valide l’orientation ; il demande des engagements mesurables.",
    )  # fmt: skip
    first = document.versions.get(number=2).adjustments.order_by("order").first()
    direction.tick(owner, first, done=True)
