"""Demo: the service promise of Ardelis Industrie's logistics service (called by ``liant demo``).

Logistique has gathered its team, written its mission, run its desired-image session (the
board and its groups are there), and written its promise to the ADV — answered by the ADV's
manager through the link and published. Its promise to the SAV is being written.
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation

from liant.core.tenancy import Actor
from liant.missions.models import Mission
from liant.orgs.models import Interface, Organization, Person
from liant.workshops.models import Card, Cluster
from liant.workshops.services import join

from . import selectors, services, signing
from .models import PromiseItem

ORGANIZATION = "Ardelis Industrie"
PROVIDER = "Logistique"

MISSION = (
    "Recevoir, stocker, préparer et expédier les commandes et les pièces détachées à la date "
    "promise au client, et prévenir l’ADV et le SAV de tout écart avant qu’il ne devienne un "
    "retard."
)

# (prompt index, group title, post-its)
IMAGE = [
    (0, "Fiabilité des dates", [
        "Quand la logistique donne une date, on peut la redonner au client.",
        "Ils préviennent avant que le client appelle.",
    ]),
    (0, "Disponibilité", [
        "On sait toujours qui joindre à l’expédition.",
        "Ils répondent aux urgences SAV dans la journée.",
    ]),
    (1, "Boîte noire", [
        "On ne sait jamais où en est une commande.",
        "Il faut relancer trois fois pour avoir un numéro de suivi.",
    ]),
    (1, "Décisions seules", [
        "Ils décalent une expédition sans le dire à personne.",
    ]),
]  # fmt: skip

ADV_ITEMS = [
    (PromiseItem.Kind.EXPECTATION, "Être prévenus dès qu’une commande validée ne pourra pas "
     "partir à la date promise au client.", ""),
    (PromiseItem.Kind.EXPECTATION, "Recevoir la confirmation d’expédition avec le numéro de "
     "suivi, sans avoir à la demander.", ""),
    (PromiseItem.Kind.EXPECTATION, "Avoir un interlocuteur joignable pour les urgences.", ""),
    (PromiseItem.Kind.COMMITMENT, "Signaler toute rupture de stock qui bloque une commande "
     "validée, avec une nouvelle date possible.", "sous 4 heures ouvrées"),
    (PromiseItem.Kind.COMMITMENT, "Confirmer chaque expédition avec son numéro de suivi.",
     "le jour même, avant 17 h"),
    (PromiseItem.Kind.COMMITMENT, "Tenir à jour le tableau partagé des expéditions prévues.",
     "chaque matin à 9 h"),
    (PromiseItem.Kind.COMMITMENT, "Assurer une permanence téléphonique à l’expédition.",
     "de 8 h à 17 h, du lundi au vendredi"),
    (PromiseItem.Kind.ACCEPTABLE, "Demander une précision sur une commande par messagerie, "
     "avec l’ADV en copie.", ""),
    (PromiseItem.Kind.ACCEPTABLE, "Regrouper deux commandes d’un même client quand la date "
     "promise est tenue.", ""),
    (PromiseItem.Kind.UNACCEPTABLE, "Décaler une expédition sans prévenir l’ADV.", ""),
    (PromiseItem.Kind.UNACCEPTABLE, "Appeler directement le client final pour renégocier un "
     "délai.", ""),
]  # fmt: skip

SAV_ITEMS = [
    (PromiseItem.Kind.EXPECTATION, "Des pièces détachées expédiées en urgence quand une "
     "machine est arrêtée chez le client.", ""),
    (PromiseItem.Kind.COMMITMENT, "Expédier les pièces d’une commande « machine arrêtée ».",
     "le jour même si la demande arrive avant 14 h"),
]  # fmt: skip

RACI_ACTORS = ["Logistique", "ADV", "Commercial"]
RACI_ROWS = [
    ("Annoncer une date de livraison", {"ADV": "AR", "Logistique": "C", "Commercial": "I"}),
    ("Signaler une rupture de stock", {"Logistique": "AR", "ADV": "I", "Commercial": "I"}),
    ("Renégocier un délai avec le client", {"Commercial": "A", "ADV": "R", "Logistique": "C"}),
    ("Expédier et confirmer l’expédition", {"Logistique": "AR", "ADV": "I"}),
]  # fmt: skip


def load_service_promises(actor: Actor) -> None:
    """Load the example into the demo workspace of ``actor`` (its first Ardelis copy)."""
    with translation.override("fr"):  # the board's prompts are written in the demo's language
        _load(actor)


def _load(actor: Actor) -> None:
    org = Organization.objects.filter(workspace=actor.workspace, name=ORGANIZATION).first()
    if org is None:
        return
    unit = org.units.get(name=PROVIDER)
    people = {p.name: p for p in Person.objects.filter(organization=org)}
    today = timezone.localdate()
    services.record_gathering(
        actor,
        unit,
        gathered_on=today - datetime.timedelta(days=6),
        team_note="Jérôme Gautier, Samir Belkacem, Valérie Noël ; animation : Claire Martin.",
    )
    services.set_mission_statement(actor, unit, MISSION)
    _image_session(actor, unit, org)

    to_adv = Interface.objects.get(organization=org, provider=unit, client__name="ADV")
    services.set_pair(
        actor, to_adv, first=people["Valérie Noël"], second=people["Samir Belkacem"],
        contact=people["Emma Roux"],
    )  # fmt: skip
    items = [
        services.add_item(actor, to_adv, kind=kind, text=text, service_level=level)
        for kind, text, level in ADV_ITEMS
    ]
    _raci(actor, to_adv)
    _adv_feedback(to_adv, items)
    services.publish(actor, to_adv)

    to_sav = Interface.objects.get(organization=org, provider=unit, client__name="SAV")
    services.set_pair(
        actor, to_sav, first=people["Jérôme Gautier"], second=people["Valérie Noël"],
        contact=people["Damien Perrin"],
    )  # fmt: skip
    for kind, text, level in SAV_ITEMS:
        services.add_item(actor, to_sav, kind=kind, text=text, service_level=level)


def _image_session(actor: Actor, unit, org) -> None:
    mission = Mission.objects.filter(organization=org).first()
    plan = services.create_image_board(actor, unit, mission=mission)
    board = plan.image_board
    columns = list(board.columns.order_by("position"))
    authors = [join(plan.image_workshop, pseudonym="") for _ in range(3)]
    n = 0
    for position, (column_index, title, texts) in enumerate(IMAGE):
        cluster = Cluster.objects.create(
            workspace=actor.workspace, board=board, column=columns[column_index], title=title,
            position=position,
        )  # fmt: skip
        for text in texts:
            Card.objects.create(
                workspace=actor.workspace, board=board, column=columns[column_index],
                cluster=cluster, author=authors[n % len(authors)], text=text, position=n,
            )  # fmt: skip
            n += 1
    services.import_image_categories(actor, plan)


def _raci(actor: Actor, interface) -> None:
    for name in RACI_ACTORS:
        services.add_raci_actor(actor, interface, name)
    promise = selectors.promise_of(interface)
    ids = {a.name: a.pk for a in promise.raci_actors.all()}
    for label, letters in RACI_ROWS:
        services.save_raci_row(
            actor,
            interface,
            label=label,
            letters={ids[name]: letter for name, letter in letters.items()},
        )


def _adv_feedback(interface, items) -> None:
    """Emma Roux answered through the link, as a counterpart would."""
    promise = selectors.promise_of(interface)
    payload = signing.read_token(signing.make_token(promise))
    by_text = {item.text[:30]: item for item in items}

    def item(start):
        return next(i for key, i in by_text.items() if key.startswith(start[:30]))

    answers = {
        item("Être prévenus dès qu’une commande").pk: {"verdict": "agree"},
        item("Recevoir la confirmation d’expédition").pk: {
            "verdict": "comment",
            "comment": "Par courriel à l’adresse commune adv@, pas à une personne.",
        },
        item("Signaler toute rupture de stock").pk: {
            "verdict": "change",
            "proposed_text": "Signaler toute rupture de stock sous 2 heures ouvrées : nos "
            "clients appellent dans la matinée.",
        },
        item("Confirmer chaque expédition").pk: {"verdict": "agree"},
    }
    services.submit_feedback(payload, promise, answers)
