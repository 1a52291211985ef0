import pytest

from liant.accounts.models import Membership
from liant.charters import selectors
from liant.charters.models import Amendment, Document
from liant.core.demo import data, load_demo
from liant.core.tenancy import Actor

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_published_charter_in_two_versions(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_demo()
    charter = Document.objects.get(kind="charter")
    assert [v.number for v in selectors.versions(charter)] == [1, 2]
    assert charter.stage == Document.Stage.PUBLISHED and charter.published_version.number == 2
    assert Amendment.objects.filter(status="accepted").count() == 3
    assert Amendment.objects.get(status="rejected").reason
    sponsor = Membership.objects.get(user__email=data.SPONSOR[0])
    actor = Actor(user=sponsor.user, membership=sponsor)
    [published] = selectors.published_for_portal(actor, charter.mission)
    assert "Agents sans poste fixe" in [c.title for c in published.clauses]


def test_the_demo_has_a_direction_project_validated_with_adjustments(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_demo()
    project = Document.objects.get(kind="direction")
    assert project.stage == Document.Stage.DRAFT
    (submission,) = project.submissions.all()
    assert submission.outcome == "adjusted" and submission.body_name == "Comité de pilotage"
    assert [a.done for a in submission.adjustments.order_by("order")] == [True, False]
    assert selectors.latest_version(project).number == 2
