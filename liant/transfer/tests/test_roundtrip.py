import io

import pytest
from django.apps import apps
from django.utils import translation

from liant.commitments.models import ServicePlan
from liant.core.models import AuditEntry, TenantModel
from liant.core.tenancy import Role
from liant.core.testing import WorkspaceFactory, make_actor
from liant.missions.models import Mission
from liant.practices.models import Team
from liant.transfer import registry
from liant.transfer.archive import ArchiveError
from liant.transfer.exporting import export_mission
from liant.transfer.importing import import_mission

from .helpers import normalised, rich_world, unzip

pytestmark = pytest.mark.django_db

# Models the rich world has no row of (checked so that the list only shrinks).
NOT_IN_WORLD = {
    "workshops.OpenSpaceChoice", "workshops.CafeSeat", "commitments.ImageCategory",
    "commitments.Feedback", "commitments.CounterpartRating",
    "charters.Feedback", "diagnostic.AnswerTally", "consultations.OpinionMapSnapshot",
}  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_rich_mission_comes_back_identical_from_another_workspace():
    world = rich_world("ZqRound")
    content, filename = export_mission(world["owner"], world["mission"])
    assert filename.endswith(".zip")
    manifest, data, _zf = unzip(content)
    assert manifest["format_version"] == 1 and manifest["liant_version"]
    exported = {block["model"] for block in data["models"] if block["rows"]}
    assert set(registry.ORDER) - exported == NOT_IN_WORLD, set(registry.ORDER) - exported
    assert len(exported) > 70  # every app is in the world

    importer = make_actor(WorkspaceFactory(), Role.CONSULTANT)
    copy = import_mission(importer, io.BytesIO(content), len(content))

    assert copy.workspace_id == importer.workspace_id != world["mission"].workspace_id
    assert copy.pk != world["mission"].pk
    assert importer.user in copy.consultants.all()
    again, _ = export_mission(importer, copy)
    assert normalised(again) == normalised(content)
    # Photo files are stored again under the importer's workspace, with their bytes.
    photo = copy.workshops.get().photos.get()
    assert f"/{importer.workspace_id}/" in photo.image.name
    assert photo.image.read().startswith(b"\x89PNG image ZqRound")
    assert AuditEntry.objects.filter(
        workspace=importer.workspace_id, action="mission.import", object_id=str(copy.pk)
    ).exists()


def test_secrets_do_not_travel_and_are_drawn_again():
    world = rich_world("ZqSecret")
    content, _ = export_mission(world["owner"], world["mission"])
    workshop = world["workshop"]
    assert workshop.code.encode() not in content
    assert world["wave"].secret.encode() not in content
    importer = make_actor(WorkspaceFactory(), Role.OWNER)
    copy = import_mission(importer, io.BytesIO(content), len(content))
    new_workshop = copy.workshops.get()
    assert new_workshop.code and new_workshop.code != workshop.code
    assert world["wave"].secret != copy.surveys.get().waves.get().secret


def test_a_second_import_matches_the_directory_or_is_refused_whole_on_a_conflict(settings):
    world = rich_world("ZqTwice")
    content, _ = export_mission(world["owner"], world["mission"])
    importer = make_actor(WorkspaceFactory(), Role.OWNER)
    first = import_mission(importer, io.BytesIO(content), len(content))
    units, people = first.organization.units.count(), first.organization.people.count()
    rows_before = _tenant_rows(importer.workspace_id)
    files_before = _files(settings.MEDIA_ROOT)

    # The team and the service plan are one per unit: the second copy conflicts with them.
    with translation.override("en"), pytest.raises(ArchiveError, match="conflicts"):
        import_mission(importer, io.BytesIO(content), len(content))
    assert _tenant_rows(importer.workspace_id) == rows_before
    assert _files(settings.MEDIA_ROOT) == files_before  # restored photos removed again

    Team.objects.filter(workspace=importer.workspace_id).delete()
    ServicePlan.objects.filter(workspace=importer.workspace_id).delete()
    second = import_mission(importer, io.BytesIO(content), len(content))
    assert second.organization_id == first.organization_id
    assert second.organization.units.count() == units
    assert second.organization.people.count() == people
    assert Mission.objects.filter(workspace=importer.workspace_id).count() == 2


def _tenant_rows(workspace_id) -> dict:
    return {
        model._meta.label: model.objects.filter(workspace=workspace_id).count()
        for model in apps.get_models()
        if issubclass(model, TenantModel)
    }


def _files(root) -> set:
    return {p for p in root.rglob("*") if p.is_file()}
