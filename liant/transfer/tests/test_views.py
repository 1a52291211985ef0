import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, OrganizationFactory, WorkspaceFactory, make_actor
from liant.missions.models import Mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(owner):
    org = OrganizationFactory(workspace=owner.workspace, name="Ardelis")
    return MissionFactory(workspace=owner.workspace, organization=org, title="Mission <b>X</b>")


def test_the_mission_page_exports_a_zip_by_post_only(client, owner, mission):
    client.force_login(owner.user)
    page = client.get(reverse("missions:detail", args=[mission.pk])).content.decode()
    url = reverse("transfer:mission_export", args=[mission.pk])
    assert url in page
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"manifest.json", "data.json"} <= set(names)


def test_sponsors_cannot_export_nor_import(client, mission, sponsor):
    client.force_login(sponsor.user)
    assert client.post(reverse("transfer:mission_export", args=[mission.pk])).status_code == 403
    assert client.get(reverse("transfer:mission_import")).status_code == 403


def test_the_import_page_creates_the_mission_and_opens_it(client, owner, mission):
    client.force_login(owner.user)
    content = client.post(reverse("transfer:mission_export", args=[mission.pk])).content
    other = make_actor(WorkspaceFactory(), Role.CONSULTANT)
    client.force_login(other.user)
    assert (
        reverse("transfer:mission_import") in client.get(reverse("missions:list")).content.decode()
    )
    upload = SimpleUploadedFile("m.zip", content, content_type="application/zip")
    response = client.post(reverse("transfer:mission_import"), {"archive": upload}, follow=True)
    copy = Mission.objects.get(workspace=other.workspace_id)
    assert response.redirect_chain[-1][0] == reverse("missions:detail", args=[copy.pk])
    page = response.content.decode()
    assert "Mission &lt;b&gt;X&lt;/b&gt;" in page and "<b>X</b>" not in page


def test_a_bad_upload_shows_the_reason_and_stores_nothing(client, owner):
    client.force_login(owner.user)
    upload = SimpleUploadedFile("m.zip", b"not a zip at all", content_type="application/zip")
    response = client.post(reverse("transfer:mission_import"), {"archive": upload})
    assert response.status_code == 400
    assert "n’est pas une archive zip lisible" in response.content.decode()
    assert not Mission.objects.filter(workspace=owner.workspace_id).exists()
    response = client.post(reverse("transfer:mission_import"), {})
    assert response.status_code == 400
    assert "Choisissez l’archive à importer." in response.content.decode()
