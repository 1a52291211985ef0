"""The team-practices part of ``liant demo``: the ESN's data team (team-tension mission)
with its charter, vigilance points, four weeks of daily check-ins, client coverage and
escalations. Called once by ``liant.core.demo.load_demo``; goes through the services, so the
audit log reads like a real mission's."""

from __future__ import annotations

import datetime
import random

from liant.missions.models import Mission
from liant.orgs.models import Unit

from . import services
from .models import CheckIn, TeamMember

TEAM_UNIT = "Équipe Data"

RULES = [
    (
        "On ne répond jamais seul à une demande urgente de l’assureur : "
        "on se concerte d’abord à deux.",
        "Les engagements pris seuls au téléphone ont mis l’équipe en porte-à-faux "
        "trois fois ce trimestre.",
        45,
        "Séance de suivi",
    ),
    (
        "La météo de 9 h 30 dure quinze minutes, debout, et commence à l’heure.",
        "Se voir chaque matin, court, plutôt que de découvrir les blocages en fin de semaine.",
        45,
        "Séance de suivi",
    ),
    (
        "Les désaccords se disent dans l’équipe, pas devant le client.",
        "Le client a plusieurs fois arbitré entre nous ; c’est à l’équipe de trouver sa position.",
        45,
        "Séance de suivi",
    ),
    (
        "Toute pression du client sur les délais remonte à Romain le jour même.",
        "Le manager absorbe la pression : personne ne négocie un délai seul.",
        30,
        "Réunion de consolidation",
    ),
    (
        "Chaque compte client est connu d’au moins deux personnes.",
        "Les absences de Sophie ont laissé la Mutuelle sans interlocuteur en février.",
        30,
        "Réunion de consolidation",
    ),
]

POINTS = [
    (
        "Charge de Sophie sur le compte Assurance Atlantique",
        "Elle reste l’unique référente des flux sinistres ; à partager avec Mehdi.",
        "Sophie Tessier",
        9,
        "attention",
        "Binôme lancé, passation à finir",
    ),
    (
        "Demandes hors périmètre passées directement aux développeurs",
        "Le client contourne le cadrage ; tout passe désormais par Ophélie.",
        "Ophélie Marty",
        20,
        None,
        "",
    ),
    (
        "Tensions sur les astreintes du week-end",
        "Le planning était fait au dernier moment.",
        "Romain Lebrun",
        -5,
        "resolved",
        "Planning trimestriel partagé et accepté par tous",
    ),
]

CLIENTS = [
    (
        "Assurance Atlantique",
        "Assureur régional, 70 % du chiffre de l’équipe",
        {
            "Sophie Tessier": "primary",
            "Mehdi Cherif": "backup",
            "Laura Besson": "knows",
            "Romain Lebrun": "knows",
        },
    ),
    (
        "Mutuelle des Pays de Loire",
        "Tableaux de bord mensuels",
        {"Laura Besson": "primary", "Kevin Nguyen": "backup"},
    ),
    ("Banque Océane", "Migration de l’entrepôt de données", {"Kevin Nguyen": "primary"}),
    ("Transports Brière", "Maintenance des rapports BI", {"Bastien Gillet": "primary"}),
    (
        "Centre hospitalier de Saint-Nazaire",
        "Étude prédictive des admissions",
        {"Nora Saïdi": "primary", "Mehdi Cherif": "knows"},
    ),
]

ESCALATIONS = [
    (
        "L’assureur exige la livraison du flux sinistres avant la clôture trimestrielle",
        "Demande faite directement à Mehdi, avec menace de pénalités.",
        "Assurance Atlantique",
        "Mehdi Cherif",
        12,
        "resolved",
        "Romain a renégocié une livraison en deux lots ; le premier lot est parti à la date.",
    ),
    (
        "Appels répétés du DSI de la Mutuelle le soir",
        "",
        "Mutuelle des Pays de Loire",
        "Laura Besson",
        4,
        "handling",
        "",
    ),
    (
        "Nouvelle demande de tableau de bord hors contrat",
        "Le client la présente comme urgente pour son comité de direction.",
        "Banque Océane",
        "Kevin Nguyen",
        1,
        "open",
        "",
    ),
]

BLOCKERS = [
    "En attente des accès à l’environnement de recette",
    "Jeu de données de test incomplet",
    "Revue de code bloquée faute de relecteur",
    "VPN client instable ce matin",
]
NEWS = [
    "L’assureur avance la réunion de pilotage à jeudi",
    "La Mutuelle valide la maquette du tableau de bord",
    "Banque Océane demande un devis pour la phase 2",
    "Retour positif du CHU sur le premier modèle",
]


def load(actors: dict, today: datetime.date) -> None:
    """Add the practices of each copy of the ESN's data team to the demo workspace."""
    lead = actors["amina.diallo@demo.liant.fr"]
    units = Unit.objects.filter(workspace=lead.workspace, name=TEAM_UNIT)
    for unit in units:
        mission = Mission.objects.filter(organization=unit.organization).first()
        _team(lead, unit, mission, today)


def _team(actor, unit, mission, today) -> None:
    team = services.create_team(actor, unit=unit, mission=mission)
    people = {m.person.name: m for m in team.members.select_related("person")}
    days_ago = datetime.timedelta
    for text, why, ago, source in RULES:
        services.add_rule(actor, team, text=text, rationale=why, adopted_on=today - days_ago(ago),
                          source=source)  # fmt: skip
    reviews = []
    for title, detail, owner, due, verdict, note in POINTS:
        point = services.add_vigilance_point(
            actor, team, title=title, detail=detail, owner=people[owner].person,
            follow_up_on=today + days_ago(due),
        )  # fmt: skip
        if verdict:
            reviews.append({"point": point, "verdict": verdict, "note": note,
                            "next_follow_up": today + days_ago(21)})  # fmt: skip
    services.review_vigilance_points(actor, team, reviews, day=today - days_ago(7))
    clients = {}
    cells = {}
    for name, notes, known in CLIENTS:
        clients[name] = services.add_client(actor, team, name=name, notes=notes)
        for person, level in known.items():
            cells[(clients[name].pk, people[person].pk)] = level
    services.set_coverage(actor, team, cells)
    for title, detail, client, by, ago, status, resolution in ESCALATIONS:
        item = services.escalate(
            actor, team, title=title, detail=detail, client=clients[client],
            raised_by=people[by], raised_on=today - days_ago(ago),
        )  # fmt: skip
        if status != "open":
            services.update_escalation(
                actor, item, status=status, resolution=resolution,
                day=item.raised_on + days_ago(6),
            )  # fmt: skip
    _checkins(list(people.values()), today)


def _checkins(members: list[TeamMember], today: datetime.date) -> None:
    """Four weeks of morning check-ins: most members most days, a dip in the middle week
    (the quarterly closing), a day with too few answers to show a mood."""
    rng = random.Random(6)  # the same demo every time
    for ago in range(27, -1, -1):
        day = today - datetime.timedelta(days=ago)
        if day.weekday() >= 5:
            continue
        few = ago == 9  # a training day: only three check-ins, no mood shown that day
        base = 2.6 if 6 <= ago <= 13 else 3.7
        answering = members[:3] if few else [m for m in members if rng.random() < 0.85]
        rows = []
        for member in answering:
            mood = min(5, max(1, round(rng.gauss(base, 0.8))))
            blockers = rng.choice(BLOCKERS) if rng.random() < 0.2 else ""
            news = rng.choice(NEWS) if rng.random() < 0.15 else ""
            rows.append(CheckIn(workspace_id=member.workspace_id, team_id=member.team_id,
                                member=member, day=day, mood=mood, blockers=blockers,
                                client_news=news))  # fmt: skip
        CheckIn.objects.bulk_create(rows)
