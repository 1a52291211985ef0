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
