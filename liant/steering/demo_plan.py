"""The demo's action plan (``liant demo``): the assembly's organisation-coaching mission, in
its clarification phase, has a plan of four axes submitted to its steering committee — the
demo sponsor (Isabelle Roche) can validate it. Called by the demo loader for each mission."""

from __future__ import annotations

import datetime

from liant.core.tenancy import Actor
from liant.missions.models import Mission
from liant.orgs.models import Person

from . import services_plan as svc
from .models import Action, ActionOrigin

TEMPLATE = "organisation-coaching"

# Axis → objectives (title, target, deadline in days from today) → actions
# (title, owner, start and due in days from today, status, progress, impact, effort).
PLAN = [
    (
        "Organisation opérationnelle des séances",
        "Les séances et leurs comptes rendus suivent un calendrier connu de tous.",
        [
            (
                "Publier les comptes rendus des plénières sous 8 jours",
                "100 % des comptes rendus publiés sous 8 jours ouvrés",
                150,
                [
                    (
                        "Cartographier le circuit actuel d’un compte rendu",
                        "Nathalie Brun",
                        -20,
                        5,
                        "done",
                        100,
                        4,
                        2,
                    ),
                    (
                        "Fixer un calendrier de relecture par séance",
                        "Olivier Masson",
                        0,
                        30,
                        "in_progress",
                        40,
                        5,
                        2,
                    ),
                    (
                        "Tester la relecture partagée sur deux séances",
                        "Camille Perrot",
                        31,
                        75,
                        "todo",
                        0,
                        4,
                        3,
                    ),
                ],
            ),
            (
                "Stabiliser la préparation des commissions",
                "Ordre du jour diffusé 5 jours avant chaque commission",
                120,
                [
                    (
                        "Créer un modèle commun d’ordre du jour",
                        "Hélène Bouvier",
                        -5,
                        20,
                        "in_progress",
                        60,
                        3,
                        1,
                    ),
                ],
            ),
        ],
    ),
    (
        "Outils et circuits documentaires",
        "Un seul outil partagé pour les amendements et les comptes rendus.",
        [
            (
                "Un espace documentaire unique",
                "Fin des envois de versions par courriel",
                180,
                [
                    (
                        "Recenser les outils utilisés par service",
                        "Karim Benhamou",
                        -10,
                        10,
                        "in_progress",
                        70,
                        3,
                        1,
                    ),
                    (
                        "Choisir l’espace documentaire avec la DSI",
                        "Philippe Garnier",
                        11,
                        60,
                        "todo",
                        0,
                        5,
                        4,
                    ),
                    (
                        "Former les gestionnaires d’amendements",
                        "Lucie Marchal",
                        61,
                        100,
                        "todo",
                        0,
                        4,
                        3,
                    ),
                ],
            ),
        ],
    ),
    (
        "Organisation du travail",
        "Des charges mieux réparties entre les services pendant les sessions.",
        [
            (
                "Anticiper les pics de session",
                "Aucun week-end travaillé non planifié pendant la session budgétaire",
                200,
                [
                    (
                        "Établir un planning de renfort entre services",
                        "Philippe Garnier",
                        5,
                        45,
                        "todo",
                        0,
                        4,
                        2,
                    ),
                    (
                        "Mettre en place un point hebdomadaire de 15 minutes",
                        "Olivier Masson",
                        -3,
                        2,
                        "blocked",
                        20,
                        3,
                        1,
                    ),
                ],
            ),
        ],
    ),
    (
        "Ressources humaines et cohésion",
        "Chacun connaît son rôle et peut se faire remplacer.",
        [
            (
                "Clarifier les rôles",
                "Une fiche de rôle à jour pour 100 % des postes",
                160,
                [
                    (
                        "Rédiger les fiches de rôle avec chaque service",
                        "Nathalie Brun",
                        10,
                        90,
                        "todo",
                        0,
                        3,
                        4,
                    ),
                    (
                        "Organiser des binômes de suppléance",
                        "Hélène Bouvier",
                        30,
                        120,
                        "todo",
                        0,
                        4,
                        3,
                    ),
                ],
            ),
        ],
    ),
]

ORIGINS = {
    "Cartographier le circuit actuel d’un compte rendu": (
        ActionOrigin.Kind.READOUT_FINDING,
        "Les comptes rendus des plénières sont publiés en moyenne 3 semaines après la séance.",
    ),
    "Recenser les outils utilisés par service": (
        ActionOrigin.Kind.INTERVIEW_THEME,
        "Outils multiples et versions envoyées par courriel",
    ),
    "Mettre en place un point hebdomadaire de 15 minutes": (
        ActionOrigin.Kind.SURVEY_RESULT,
        "« Je suis informé·e des priorités de la semaine » : 38 % d’accord (vague 1)",
    ),
}


def load(actor: Actor, mission: Mission, today: datetime.date) -> None:
    """Build the plan of the demo's organisation-coaching mission (other missions: nothing)."""
    if mission.template is None or mission.template.key != TEMPLATE:
        return
    days = datetime.timedelta(days=1)
    people = {p.name: p for p in Person.objects.filter(organization=mission.organization)}
    plan = svc.get_or_create_plan(actor, mission)
    plan = svc.update_plan(actor, plan, title="Plan d’actions 2026 de la direction")
    committee = svc.create_body(
        actor,
        plan,
        name="Comité de pilotage",
        kind="steering_committee",
        description="Valide le plan et arbitre les priorités ; se réunit à chaque jalon.",
        members=[people[n] for n in ("Isabelle Roche", "Philippe Garnier", "Nathalie Brun")],
    )
    validation = svc.create_milestone(
        actor, plan, title="Comité de pilotage de validation", date=today + 7 * days
    )
    svc.create_milestone(actor, plan, title="Point d’étape à trois mois", date=today + 90 * days)
    created: dict[str, Action] = {}
    for axis_title, axis_description, objectives in PLAN:
        axis = svc.create_axis(actor, plan, title=axis_title, description=axis_description)
        for objective_title, target, deadline, actions in objectives:
            objective = svc.create_objective(
                actor, axis, title=objective_title, target=target, deadline=today + deadline * days
            )
            previous = None
            for title, owner, start, due, status, progress, impact, effort in actions:
                created[title] = previous = svc.create_action(
                    actor,
                    plan,
                    title=title,
                    objective=objective,
                    owner=people[owner],
                    start_date=today + start * days,
                    due_date=today + due * days,
                    status=status,
                    progress=progress,
                    impact=impact,
                    effort=effort,
                    priority=Action.Priority.HIGH if impact >= 5 else Action.Priority.NORMAL,
                    milestone=validation if due <= 7 else None,
                    depends_on=[previous] if previous and start > 0 else [],
                )
    for title, (kind, text) in ORIGINS.items():
        svc.add_origin(actor, created[title], kind=kind, source_text=text)
    svc.record_decision(
        actor,
        plan,
        date=today - 12 * days,
        title="Priorité donnée aux comptes rendus des séances plénières",
        details="Les comptes rendus de commission suivront au second semestre.",
        decided_by="Isabelle Roche, directrice",
        body=committee,
        actions=[created["Fixer un calendrier de relecture par séance"]],
    )
    svc.submit_plan(actor, plan)
