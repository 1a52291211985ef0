import pytest

from liant.core.demo import load_demo
from liant.missions import key_figures
from liant.practices import selectors
from liant.practices.models import Team

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_data_teams_practices():
    login = load_demo()
    team = Team.objects.get(workspace=login.workspace, unit__name="Équipe Data")
    assert team.mission.template.key == "team-tension"
    assert team.members.count() == 8 and team.manager.name == "Romain Lebrun"
    assert team.rules.count() == 5
    assert team.vigilance_points.filter(status="open").count() == 2
    matrix = selectors.coverage_matrix(team)
    assert [row.client.name for row in matrix.alerts] == ["Banque Océane", "Transports Brière"]
    assert team.escalations.filter(status="resolved").count() == 1
    membership = login.workspace.memberships.get(role="owner")
    from liant.core.tenancy import Actor

    actor = Actor(user=membership.user, membership=membership)
    figures = {f.key for f in key_figures.compute(actor, team.mission)}
    assert {"practices.team_rules", "practices.clients_at_risk"} <= figures
    assert team.checkins.values("day").distinct().count() >= 10
