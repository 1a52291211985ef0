import pytest

from liant.core.testing import PersonFactory, UnitFactory
from liant.practices import services


@pytest.fixture
def team(owner, organization):
    """A team of six: its unit's people, the first one its manager."""
    unit = UnitFactory(organization=organization, name="Équipe Data", kind="team")
    PersonFactory(organization=organization, unit=unit, name="Romain Lebrun", is_manager=True)
    for name in ["Sophie Tessier", "Mehdi Cherif", "Laura Besson", "Kevin Nguyen", "Nora Saïdi"]:
        PersonFactory(organization=organization, unit=unit, name=name)
    return services.create_team(owner, unit=unit)
