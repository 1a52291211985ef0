"""Export a mission, import it into another workspace, and erase a person, in a browser."""

import pytest

from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import (
    MissionFactory,
    OrganizationFactory,
    PersonFactory,
    PhaseFactory,
    UnitFactory,
    WorkspaceFactory,
    make_actor,
)
from liant.missions.models import Mission
from liant.orgs.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, actor):
    page.context.clear_cookies()
    page.context.add_cookies([session_cookie(actor.user, live_server.url)])


def test_export_then_import_into_another_workspace(
    page, live_server, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page.set_default_timeout(30_000)  # the first page of a fresh live server is slow here
    owner = make_actor()
    org = OrganizationFactory(workspace=owner.workspace, name="Ardelis Industrie")
    unit = UnitFactory(organization=org, name="Logistique")
    PersonFactory(organization=org, unit=unit, name="Inès Martin", email="ines@ardelis.example")
    mission = MissionFactory(
        workspace=owner.workspace, organization=org, title="Promesses de service"
    )
    PhaseFactory(mission=mission, name="Diagnostic")
    login(page, live_server, owner)
    page.goto(f"/missions/{mission.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Exporter").click()
    archive = tmp_path / "mission.zip"
    download_info.value.save_as(archive)
    (tmp_path / "broken.zip").write_bytes(archive.read_bytes()[:200])

    other = make_actor(WorkspaceFactory(name="Cabinet B"), Role.CONSULTANT)
    login(page, live_server, other)
    page.goto("/missions/")
    page.get_by_role("link", name="Importer une mission").click()
    screenshot("transfer-01-import-form")
    page.set_input_files("#id_archive", str(tmp_path / "broken.zip"))
    page.get_by_role("button", name="Importer la mission").click()
    assert "n’est pas une archive zip lisible" in page.locator(".errorlist").inner_text()
    assert not Mission.objects.filter(workspace=other.workspace).exists()
    screenshot("transfer-02-import-refused")
    page.set_input_files("#id_archive", str(archive))
    page.get_by_role("button", name="Importer la mission").click()
    page.wait_for_url("**/missions/*/")
    copy = Mission.objects.get(workspace=other.workspace)
    assert page.url.endswith(f"/missions/{copy.pk}/")
    assert "Promesses de service" in page.locator("h1").inner_text()
    screenshot("transfer-03-imported-mission")
    assert copy.phases.get().name == "Diagnostic"
    assert Person.objects.get(workspace=other.workspace).email == "ines@ardelis.example"


def test_a_person_is_erased_after_confirming_her_name(page, live_server, screenshot):
    owner = make_actor()
    org = OrganizationFactory(workspace=owner.workspace, name="Ardelis Industrie")
    person = PersonFactory(organization=org, name="Inès Martin", email="ines@ardelis.example")
    login(page, live_server, owner)
    page.goto(f"/organisations/{org.pk}/#people")
    page.get_by_label("Données personnelles de Inès Martin").click()
    screenshot("transfer-04-person-data")
    page.get_by_role("link", name="Effacer cette personne…").click()
    page.get_by_label("Saisissez le nom de la personne pour confirmer").fill("Ines Martin")
    page.get_by_role("button", name="Effacer").click()
    assert "ne correspond pas" in page.locator(".errorlist").inner_text()
    screenshot("transfer-05-erase-confirm")
    page.get_by_label("Saisissez le nom de la personne pour confirmer").fill("Inès Martin")
    page.get_by_role("button", name="Effacer").click()
    page.wait_for_url(f"**/organisations/{org.pk}/**")
    screenshot("transfer-06-erased")
    person.refresh_from_db()
    assert person.email == "" and "Inès" not in person.name
