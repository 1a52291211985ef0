import pytest

from liant.charters import services
from liant.core.testing import MissionFactory


@pytest.fixture
def mission(owner, organization):
    return MissionFactory(organization=organization)


@pytest.fixture
def charter(owner, mission):
    """A charter with three clauses in its draft v1."""
    document = services.create_document(
        owner, mission, title="Charte des usages numériques", purpose="Pour mieux travailler."
    )
    services.add_clause(owner, document, title="Messagerie", text="Pas de courriel après 20 h.")
    services.add_clause(owner, document, title="Réunions", text="Ordre du jour envoyé la veille.")
    services.add_clause(owner, document, title="Visio", text="Caméra facultative.")
    return document


@pytest.fixture
def open_charter(owner, charter):
    services.open_participation(owner, charter)
    return charter


def clause_titled(document, title, version=None):
    from liant.charters import selectors

    version = version or selectors.latest_version(document)
    return version.clauses.get(title=title)


@pytest.fixture
def body(mission):
    from liant.steering.tests.factories import ActionPlanFactory, BodyFactory

    plan = ActionPlanFactory(mission=mission)
    return BodyFactory(plan=plan, name="Comité de direction")


@pytest.fixture
def direction(owner, mission, body):
    """A direction project of the mission, its v1 draft with the standard sections."""
    from liant.charters import services_direction

    return services_direction.create_direction(owner, mission, title="Projet de direction 2027")


@pytest.fixture
def outputs(owner, mission):
    """A user-journey canvas board of a workshop of the mission: two cards in a zone, one of
    them in a named group."""
    from liant.workshops.canvas_boards import add_canvas_boards, create_canvas
    from liant.workshops.models import Card, Cluster
    from liant.workshops.services import create_workshop, join

    workshop = create_workshop(owner, title="Atelier prospectif", mission=mission)
    canvas = create_canvas(
        owner, name="Parcours", columns=2, zones="Irritants | Ce qui gêne | 1,1\nIdées | | 2,1"
    )
    (board,) = add_canvas_boards(owner, workshop, canvas, title="Parcours usager")
    zone = board.columns.get(title="Irritants")
    author = join(workshop, pseudonym="Ana")
    group = Cluster.objects.create(
        workspace=owner.workspace, board=board, column=zone, title="Trouver le bon site"
    )
    cards = [
        Card.objects.create(
            workspace=owner.workspace,
            board=board,
            column=zone,
            author=author,
            text=text,
            cluster=cluster,
        )  # fmt: skip
        for text, cluster in [("Trois sites différents", group), ("Attente au guichet", None)]
    ]
    return {"workshop": workshop, "board": board, "zone": zone, "group": group, "cards": cards}
