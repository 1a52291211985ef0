"""Every refused archive leaves the importing workspace exactly as it was."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import (
    MissionFactory,
    OrganizationFactory,
    PersonFactory,
    PhaseFactory,
    WorkspaceFactory,
    make_actor,
)
from liant.missions.models import Mission
from liant.orgs.models import Organization, Person
from liant.transfer.archive import ArchiveError
from liant.transfer.exporting import export_mission
from liant.transfer.importing import import_mission
from liant.workshops.models import WorkshopPhoto
from liant.workshops.services import create_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def exported(owner):
    org = OrganizationFactory(workspace=owner.workspace, name="Ardelis")
    PersonFactory(organization=org, name="Inès Martin", email="ines@example.org")
    mission = MissionFactory(workspace=owner.workspace, organization=org, title="Mission export")
    PhaseFactory(mission=mission)
    workshop = create_workshop(owner, title="Atelier", mission=mission)
    photo = WorkshopPhoto(
        workspace=owner.workspace, workshop=workshop, image_format="PNG", original_name="a.png"
    )
    photo.image.save("a.png", ContentFile(b"png bytes"), save=False)
    photo.thumbnail.save("a.jpg", ContentFile(b"jpg bytes"), save=False)
    photo.save()
    content, _ = export_mission(owner, mission)
    return content


@pytest.fixture
def importer():
    return make_actor(WorkspaceFactory(), Role.OWNER)


def rewrite(content: bytes, change) -> bytes:
    """A copy of the archive whose members pass through ``change(name, bytes)`` (None drops)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                zf.writestr(name, data)
    return out.getvalue()


def edit_json(member: str, edit):
    def change(name, data):
        if name != member:
            return data
        value = json.loads(data)
        edit(value)
        return json.dumps(value).encode()

    return change


def block(data: dict, label: str) -> list:
    return next(b["rows"] for b in data["models"] if b["model"] == label)


def refused(importer, content: bytes, message: str, settings=None):
    before = (
        Mission.objects.filter(workspace=importer.workspace_id).count(),
        Organization.objects.filter(workspace=importer.workspace_id).count(),
        Person.objects.filter(workspace=importer.workspace_id).count(),
        AuditEntry.objects.filter(workspace=importer.workspace_id).count(),
    )
    with translation.override("en"), pytest.raises(ArchiveError, match=message):
        import_mission(importer, io.BytesIO(content), len(content))
    after = (
        Mission.objects.filter(workspace=importer.workspace_id).count(),
        Organization.objects.filter(workspace=importer.workspace_id).count(),
        Person.objects.filter(workspace=importer.workspace_id).count(),
        AuditEntry.objects.filter(workspace=importer.workspace_id).count(),
    )
    assert after == before


def test_the_untouched_archive_imports(importer, exported):
    mission = import_mission(importer, io.BytesIO(exported), len(exported))
    assert mission.workshops.get().photos.get().image.read() == b"png bytes"


def test_an_archive_from_a_newer_format_is_refused(importer, exported):
    newer = rewrite(exported, edit_json("manifest.json", lambda m: m.update(format_version=2)))
    refused(importer, newer, "newer version of Liant")


def test_a_file_that_is_not_a_zip_is_refused(importer):
    refused(importer, b"PK\x03\x04 not really a zip", "not a readable zip")


def test_a_zip_of_something_else_is_refused(importer):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "other"}))
    refused(importer, out.getvalue(), "not a Liant mission export")


def test_bad_json_is_refused(importer, exported):
    broken = rewrite(exported, lambda n, d: d[:-20] if n == "data.json" else d)
    refused(importer, broken, "data.json is not valid JSON")


def test_a_missing_file_is_refused_and_no_file_is_left(importer, exported, settings):
    no_photo = rewrite(exported, lambda n, d: None if n.endswith("a.jpg") or "thumb" in n else d)
    refused(importer, no_photo, "incomplete")
    assert not [
        p
        for p in settings.MEDIA_ROOT.rglob("*")
        if f"/{importer.workspace_id}/" in str(p) and p.is_file()
    ]


def test_a_corrupted_member_is_refused(importer, exported):
    # Flip bytes inside the stored (uncompressed) photo: its CRC no longer matches.
    at = exported.index(b"png bytes")
    damaged = exported[:at] + b"PNG BYTES" + exported[at + 9 :]
    refused(importer, damaged, "damaged")


def test_a_zip_bomb_is_refused(importer, exported):
    bomb = rewrite(exported, lambda n, d: d)
    source = zipfile.ZipFile(io.BytesIO(bomb))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in source.namelist():
            zf.writestr(name, source.read(name))
        zf.writestr("files/bomb.bin", b"\0" * (20 * 1024 * 1024))
    refused(importer, out.getvalue(), "abnormal size")


def test_an_oversized_archive_is_refused(importer, exported, settings):
    settings.LIANT_IMPORT_LIMITS = {"archive_bytes": len(exported) - 1}
    refused(importer, exported, "too large")


def test_a_dangling_reference_is_refused(importer, exported):
    def dangle(data):
        block(data, "missions.Phase")[0]["fields"]["mission"] = 987654

    refused(importer, rewrite(exported, edit_json("data.json", dangle)), "missing record")


def test_an_unknown_field_is_refused(importer, exported):
    def extra(data):
        block(data, "missions.Mission")[0]["fields"]["budget"] = 12

    refused(importer, rewrite(exported, edit_json("data.json", extra)), "does not know")


def test_an_invalid_value_is_refused(importer, exported):
    def bad_date(data):
        block(data, "missions.Mission")[0]["fields"]["start_date"] = "the 12th"

    refused(importer, rewrite(exported, edit_json("data.json", bad_date)), "invalid value")


def test_a_file_name_outside_the_files_folder_is_refused(importer, exported):
    def escape(data):
        block(data, "workshops.WorkshopPhoto")[0]["fields"]["image"] = "../../etc/passwd"

    refused(importer, rewrite(exported, edit_json("data.json", escape)), "expected form")
