"""Demo data: the digital-usage charter of the assembly's legislative services, co-written in
two versions (v1 from the workshops, v2 after the consultation's amendments), tested as a
prototype and published to the mission's sponsor. Called once by ``liant demo``."""

from __future__ import annotations

from liant.core.demo import data
from liant.core.tenancy import Actor
from liant.missions.models import Mission

from . import selectors, services
from .services import ACCEPT, REJECT, Decision

TITLE = "Charte des usages numériques de la Direction des services législatifs"
PURPOSE = (
    "Co-écrite en ateliers par les agents des cinq services, soumise à consultation puis testée "
    "pendant la session budgétaire : des règles simples pour que le numérique nous aide sans "
    "envahir nos soirées ni nos séances."
)
V1 = [
    (
        "Messagerie",
        "Aucun courriel n’est envoyé entre 20 h et 7 h, ni le week-end, sauf urgence "
        "de séance signalée comme telle dans l’objet.",
    ),
    ("Réunions", "Toute réunion a un ordre du jour envoyé la veille et dure 45 minutes au plus."),
    (
        "Visioconférence",
        "La caméra est facultative ; la personne qui anime la réunion vérifie "
        "que chacun a pu prendre la parole.",
    ),
    (
        "Messagerie instantanée",
        "La messagerie instantanée sert aux questions courtes ; les "
        "décisions sont confirmées par courriel.",
    ),
    (
        "Documents partagés",
        "Les versions de travail des comptes rendus sont déposées dans "
        "l’espace partagé du service, jamais en pièce jointe.",
    ),
    (
        "Équipements",
        "Chaque agent dispose d’un ordinateur portable ; le téléphone professionnel "
        "n’est pas obligatoire.",
    ),
    (
        "Droit à la déconnexion",
        "Personne n’est tenu de répondre en dehors de ses heures de "
        "travail, y compris pendant les sessions.",
    ),
]
COMMENTS = {
    "Messagerie": [
        "Et les nuits de séance budgétaire ? Il faut une exception claire.",
        "20 h, c’est tard pour le service des comptes rendus.",
    ],
    "Réunions": ["45 minutes, bonne idée, mais les réunions de commission durent plus."],
    "Équipements": ["Les huissiers n’ont pas d’ordinateur portable."],
}
FEEDBACK = [
    (
        "Les soirées sont plus calmes, l’objet « URGENT SÉANCE » est bien respecté.",
        "Les ordres du jour arrivent encore le matin même pour les réunions du lundi.",
    ),
    ("L’espace partagé a supprimé les doublons de comptes rendus.", ""),
    ("", "La règle des 45 minutes est difficile à tenir avec les prestataires extérieurs."),
]


def load(owner: Actor) -> None:
    mission = (
        Mission.objects.filter(workspace=owner.workspace, organization__name=data.ASSEMBLY["name"])
        .order_by("id")
        .first()
    )
    if mission is None:
        return
    charter = services.create_document(owner, mission, title=TITLE, purpose=PURPOSE)
    for title, text in V1:
        services.add_clause(owner, charter, title=title, text=text)
    services.open_participation(owner, charter)
    v1 = {c.title: c for c in selectors.clauses(selectors.latest_version(charter))}
    people = [services.join(charter) for _ in range(9)]
    for i, person in enumerate(people):
        for j, clause in enumerate(v1.values()):
            # Most agree; the e-mail hours and the equipment split the room.
            disagree = (
                (clause.title == "Messagerie" and i % 3 == 0)
                or (clause.title == "Équipements" and i % 2 == 0)
                or (i + j) % 7 == 0
            )
            services.vote(person, clause, "disagree" if disagree else "agree")
    for n, (title, texts) in enumerate(COMMENTS.items()):
        for k, text in enumerate(texts):
            services.comment(people[(n + k) % len(people)], v1[title], text)
    mail = services.propose(
        people[0], v1["Messagerie"], kind="replace",
        text="Aucun courriel n’est envoyé entre 19 h et 7 h, ni le week-end. Pendant les "
        "sessions, seule l’équipe de permanence de la séance peut être sollicitée, par "
        "téléphone.",
        rationale="Le service des comptes rendus termine souvent à 19 h ; les urgences de "
        "séance passent mieux par la permanence que par des courriels à tout le monde.",
    )  # fmt: skip
    meetings = services.propose(
        people[3], v1["Réunions"], kind="replace",
        text="Toute réunion a un ordre du jour envoyé la veille et dure 45 minutes au plus, "
        "sauf les réunions de commission.",
        rationale="Les réunions de commission suivent leur propre ordre du jour.",
    )  # fmt: skip
    ushers = services.propose(
        people[5], v1["Équipements"], kind="add", title="Agents sans poste fixe",
        text="Les huissiers et les agents sans poste fixe reçoivent les informations de "
        "service sur l’affichage de l’hémicycle et par leur responsable.",
        rationale="La charte oublie les agents qui n’ont pas d’ordinateur.",
    )  # fmt: skip
    no_chat = services.propose(
        people[7], v1["Messagerie instantanée"], kind="delete",
        rationale="La messagerie instantanée devrait être supprimée.",
    )  # fmt: skip
    services.close_participation(owner, charter)
    services.decide(
        owner, charter,
        [Decision(mail, ACCEPT), Decision(meetings, ACCEPT), Decision(ushers, ACCEPT),
         Decision(no_chat, REJECT, "Les ateliers ont montré qu’elle évite beaucoup de "
                  "courriels ; la clause en limite l’usage aux questions courtes.")],
        note="Après la consultation de mars : horaires, commissions, agents sans poste fixe",
    )  # fmt: skip
    services.start_prototype(owner, charter)
    for person, (worked, did_not_work) in zip(people, FEEDBACK, strict=False):
        services.give_feedback(person, worked=worked, did_not_work=did_not_work)
    services.publish(owner, charter)
