"""Demo data: a digital-usage charter consultation on the Assembly's mission, with its votes
and its map (called by ``liant.core.demo.load_demo``).

Forty participants in three opinion profiles — those who want strict limits on evening
messages, those who value flexibility, those who care mostly about tools — vote on the
facilitator's seed statements with some noise; a few add their own statements, one of which
was rejected by the moderator and one is still awaiting moderation."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from liant.missions.models import Mission

from . import opinion_map, services
from .models import Consultation, Vote

TITLE = "Charte des usages numériques — consultation des agents"
SEEDS = [
    # (text, stance of the "limits", "flexibility" and "tools" profiles: 1, -1 or 0)
    ("Aucun courriel professionnel ne devrait être envoyé après 20 h ni le week-end.", 1, -1, 0),
    ("Chacun doit pouvoir choisir ses horaires de connexion si le travail est fait.", -1, 1, 0),
    ("Les réunions en visioconférence ne devraient pas dépasser une heure.", 1, 1, 1),
    ("La caméra doit rester facultative en visioconférence.", 1, 1, 0),
    ("Il faut un outil de messagerie instantanée commun à toute la direction.", 0, 1, 1),
    ("Les messageries personnelles (WhatsApp…) ne doivent pas servir au travail.", 1, -1, 1),
    ("Un message urgent hors horaires doit passer par un appel, pas un courriel.", 1, 0, 0),
    ("Le « répondre à tous » devrait être l’exception.", 1, 1, 1),
    ("Chaque service devrait avoir un référent numérique formé.", 0, 0, 1),
    ("Les comptes rendus de séance doivent pouvoir être relus depuis chez soi.", -1, 1, 1),
    ("Le téléphone professionnel peut être éteint en dehors des heures de service.", 1, -1, 0),
    ("Les outils actuels font perdre plus de temps qu’ils n’en font gagner.", 0, 0, 1),
    ("La charte doit s’appliquer aussi aux élus et à leurs collaborateurs.", 1, -1, 0),
    ("Un temps de formation aux outils collaboratifs doit être prévu chaque année.", 0, 1, 1),
    ("Le droit à la déconnexion doit figurer dans les entretiens annuels.", 1, -1, -1),
    ("Les jours de séance, des exceptions aux horaires sont normales.", -1, 1, 0),
]
OWN = [
    ("Prévoir des créneaux sans réunion le vendredi après-midi.", "accepted"),
    ("Les agendas partagés devraient être visibles par tout le service.", "accepted"),
    ("Supprimer les listes de diffusion inutiles une fois par an.", "pending"),
    ("Le chef de service X envoie des mails à minuit, c’est inadmissible.", "rejected"),
]
PROFILES = {"limits": 0.4, "flexibility": 0.35, "tools": 0.25}
ROLES = ["Encadrement", "Agent", "Assistant ou assistante"]


def load(owner, workspace) -> Consultation | None:
    """Create the consultation on the Assembly's mission (the first one of the demo)."""
    mission = (
        Mission.objects.filter(workspace=workspace, title__startswith="Accompagnement de la")
        .order_by("pk")
        .first()
    )
    if mission is None:
        return None
    now = timezone.now()
    consultation = services.create_consultation(
        owner, mission, title=TITLE,
        question="Que doit dire notre charte des usages numériques ?",
        context=(
            "La direction co-écrit sa charte des usages numériques. Les ateliers de septembre "
            "ont fait émerger des propositions : donnez votre avis sur chacune, ajoutez les "
            "vôtres. La consultation dure deux mois ; la carte des opinions sera présentée au "
            "comité de pilotage."
        ),
        opens_at=now - datetime.timedelta(days=20), closes_at=now + datetime.timedelta(days=41),
        ask_unit=True, roles=ROLES, moderation=Consultation.Moderation.PRE,
    )  # fmt: skip
    stances = []
    for text, *stance in SEEDS:
        statement = services.add_seed_statement(owner, consultation, text)
        stances.append((statement, stance))
    rng = random.Random(8)
    units = list(mission.organization.units.exclude(kind="direction"))
    people = []
    for _ in range(40):
        participant = services.new_participant(consultation)
        participant.unit = rng.choice(units) if units and rng.random() < 0.85 else None
        participant.role = rng.choice(ROLES) if rng.random() < 0.8 else ""
        participant.profile_done = True
        participant.save()
        profile = rng.choices(list(PROFILES), weights=list(PROFILES.values()))[0]
        people.append((participant, list(PROFILES).index(profile)))
    for (text, status), (author, _) in zip(OWN, people, strict=False):
        statement = services.submit_statement(author, text, confirmed=True)
        if status != "pending":
            reason = "personal" if status == "rejected" else ""
            services.moderate(owner, statement, accept=status == "accepted", reason=reason,
                              note="Nomme une personne : reformuler sans la viser."
                              if status == "rejected" else "")  # fmt: skip
        if status == "accepted":
            stances.append((statement, [1, 1, 1] if "agendas" in text else [1, 0, -1]))
    votes = []
    for participant, profile in people:
        for statement, stance in stances:
            if rng.random() < 0.2:
                continue  # not everyone sees every statement
            lean = stance[profile]
            roll = rng.random()
            if roll < 0.12:
                value = Vote.PASS
            elif lean == 0:
                value = rng.choice([Vote.AGREE, Vote.DISAGREE, Vote.PASS])
            else:
                value = lean if roll < 0.85 else -lean
            votes.append(
                Vote(workspace=workspace, consultation=consultation, participant=participant,
                     statement=statement, value=value)
            )  # fmt: skip
    Vote.objects.bulk_create(votes)
    opinion_map.recompute(consultation)
    return consultation
