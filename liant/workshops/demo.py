"""The demo's workshops: a seminar the direction held ten days ago (agenda, a board with
anonymous cards, named groups and dot votes, so its minutes and documents have something to
show) and the next one, prepared but not started.

Cards and votes go through the live board's commands, as participants' phones would send
them, so the board's events, numbers and projections are those of a real session."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from liant.core.tenancy import Actor
from liant.live import protocol
from liant.live.protocol import Who
from liant.missions.models import Mission

from . import services
from .methods import sync_builtin_methods
from .models import Board, Method

TEMPLATE = "organisation-coaching"

# Prompt → groups → cards: what twelve agents wrote, anonymously, during the seminar.
BOARD_TITLE = "Ce qui freine et ce qui aide notre coopération"
PROMPTS = ["Ce qui nous freine", "Ce qui nous aide déjà"]
GROUPS = [
    (
        0,
        "Circulation de l’information",
        [
            "On apprend les décisions par la presse interne.",
            "Les comptes rendus de réunion arrivent trois semaines après.",
            "Personne ne sait qui valide les notes pour la présidence.",
            "Les consignes changent entre deux services sans explication.",
        ],
    ),
    (
        0,
        "Charge et urgences",
        [
            "Tout est urgent les jours de séance.",
            "Les demandes arrivent le soir pour le lendemain matin.",
            "On refait trois fois le même tableau pour des destinataires différents.",
        ],
    ),
    (
        0,
        "Relations entre services",
        [
            "Le service juridique est vu comme un guichet de contrôle.",
            "On ne connaît pas les contraintes des autres services.",
            "Les désaccords se règlent par courriels en copie à la hiérarchie.",
        ],
    ),
    (
        1,
        "Entraide dans les équipes",
        [
            "Les collègues se relaient spontanément pendant les séances.",
            "Les anciens forment les nouveaux sans qu’on le leur demande.",
            "On peut toujours demander un coup de main à la documentation.",
        ],
    ),
    (
        1,
        "Sens du service public",
        [
            "Nous sommes fiers du travail rendu aux élus.",
            "La qualité des textes produits est reconnue.",
            "Chacun sait pourquoi son travail compte les jours de séance.",
        ],
    ),
]
# Dots per group (in the order above): the room's priorities.
DOTS = [11, 8, 9, 4, 3]


def load(actor: Actor, mission: Mission, today: datetime.date) -> None:
    """The workshops of the demo's organisation-coaching mission (other missions: none)."""
    if mission.template is None or mission.template.key != TEMPLATE:
        return
    sync_builtin_methods()  # a flushed database has lost them
    phase = mission.phases.order_by("order").first()
    _seminar(actor, mission, phase, today)
    _next_workshop(actor, mission, today)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _method(key: str) -> Method:
    return Method.objects.get(workspace__isnull=True, key=key)


def _seminar(actor: Actor, mission: Mission, phase, today: datetime.date) -> None:
    day = today - datetime.timedelta(days=10)
    workshop = services.create_workshop(
        actor,
        title="Séminaire de lancement de la direction",
        mission=mission,
        phase=phase,
        starts_at=_at(day, 9),
        ends_at=_at(day, 12),
        place="Salle des commissions, 2e étage",
        objectives="Partager ce qui freine et ce qui aide la coopération entre services, "
        "et choisir les trois sujets à traiter en priorité.",
        expected_headcount=40,
        dots_per_participant=3,
    )
    services.add_method_to_agenda(actor, workshop, _method("check-in-check-out"))
    brainstorm = services.add_method_to_agenda(actor, workshop, _method("post-it-brainstorm"))
    services.add_method_to_agenda(actor, workshop, _method("dot-voting"))
    board = services.add_board(actor, workshop, title=BOARD_TITLE, prompts=PROMPTS)
    brainstorm.board = board
    brainstorm.save(update_fields=["board"])
    _run_board(workshop, board)


def _run_board(workshop, board: Board) -> None:
    """Twelve phones write the cards; the facilitator groups them and opens the vote."""
    facilitator = Who(participant_id=None, is_facilitator=True)
    phones = [Who(services.join(workshop).pk) for _ in range(12)]
    columns = list(board.columns.order_by("position").values_list("pk", flat=True))

    def send(who: Who, frame: dict) -> dict:
        event, _created = protocol.apply(board.pk, who, {"id": str(uuid.uuid4()), **frame})
        return event.payload

    group_cards = []
    written = 0
    for column, _title, texts in GROUPS:
        ids = []
        for text in texts:
            phone = phones[written % len(phones)]
            written += 1
            payload = send(phone, {"type": "card.add", "column": columns[column], "text": text})
            ids.append(payload["card"]["id"])
        group_cards.append(ids)
    send(facilitator, {"type": "board.reveal"})
    send(facilitator, {"type": "board.stage", "stage": Board.Stage.GROUP})
    clusters = []
    for (_column, title, _texts), ids in zip(GROUPS, group_cards, strict=True):
        payload = send(facilitator, {"type": "cluster.create", "title": title, "cards": ids})
        clusters.append(payload["cluster"]["id"])
    send(facilitator, {"type": "board.stage", "stage": Board.Stage.VOTE})
    # Each phone spends its three dots, the most wanted groups first.
    ballots = [cluster for cluster, dots in zip(clusters, DOTS, strict=True) for _ in range(dots)]
    for index, cluster in enumerate(ballots):
        phone = phones[(index * 5) % len(phones)]
        try:
            send(phone, {"type": "vote.add", "cluster": cluster})
        except protocol.CommandError:  # this phone has no dot left or already voted here
            continue
    send(facilitator, {"type": "board.results", "shown": True})
    send(facilitator, {"type": "board.lock", "locked": True})


def _next_workshop(actor: Actor, mission: Mission, today: datetime.date) -> None:
    day = today + datetime.timedelta(days=12)
    workshop = services.create_workshop(
        actor,
        title="Atelier « Notre image auprès des autres services »",
        mission=mission,
        starts_at=_at(day, 14),
        ends_at=_at(day, 17),
        place="Salle Marianne",
        objectives="Écrire ce que nous aimerions et n’aimerions pas que les autres services "
        "disent de nous, puis en tirer nos engagements.",
        expected_headcount=25,
    )
    services.add_method_to_agenda(actor, workshop, _method("check-in-check-out"))
    desired = services.add_method_to_agenda(actor, workshop, _method("desired-image"))
    services.create_activity_board(actor, desired)
    services.add_method_to_agenda(actor, workshop, _method("small-groups-plenary"))
