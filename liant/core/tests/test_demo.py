import stat

import pytest
from django.core.management import call_command
from django.urls import reverse

from liant.accounts.models import Membership, User
from liant.core.demo import data, load_demo
from liant.core.models import AuditEntry, Workspace
from liant.missions.models import Mission
from liant.orgs.models import Interface, Organization, Person, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_the_demo_has_the_cabinet_and_its_three_clients(var_dir):
    call_command("demo")
    workspace = Workspace.objects.get(name=data.WORKSPACE)
    roles = sorted(workspace.memberships.values_list("role", flat=True))
    assert roles == ["consultant", "consultant", "owner", "sponsor"]

    assembly = Organization.objects.get(name__startswith="Assemblée régionale")
    assert assembly.units.count() == 6
    assert assembly.people.count() == 40
    esn = Organization.objects.get(name="Numéria Conseil")
    assert esn.people.filter(unit__name="Équipe Data").count() == 8
    company = Organization.objects.get(name="Ardelis Industrie")
    assert set(company.units.values_list("name", flat=True)) == {
        "Direction générale", "Comptabilité", "Commercial", "Logistique",
        "ADV", "SAV", "R&D", "RH",
    }  # fmt: skip
    assert Interface.objects.filter(organization=company).count() == 10

    templates = dict(Mission.objects.values_list("organization__name", "template__key"))
    assert templates[assembly.name] == "organisation-coaching"
    assert templates[esn.name] == "team-tension"
    assert templates[company.name] == "service-promise"
    assert all(m.phases.exists() for m in Mission.objects.all())
    assert AuditEntry.objects.filter(workspace=workspace).count() > 5


def test_the_login_file_is_private_and_its_password_works(var_dir, client):
    call_command("demo")
    path = var_dir / "demo-login.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    email, password = path.read_text().split(": ", 1)[1].strip().split(" / ")
    assert email == data.OWNER[0]
    assert client.login(username=email, password=password)
    response = client.get(reverse("missions:list"))
    assert "Accompagnement de la Direction des services législatifs" in response.content.decode()


def test_passwords_differ_between_loads(var_dir):
    first = load_demo().password
    call_command("demo", reset=True)
    second = (var_dir / "demo-login.txt").read_text()
    assert first and first not in second


def test_a_second_run_changes_nothing(var_dir, capsys):
    call_command("demo")
    counts = (Organization.objects.count(), Person.objects.count(), User.objects.count())
    call_command("demo")
    assert "already loaded" in capsys.readouterr().out
    assert (Organization.objects.count(), Person.objects.count(), User.objects.count()) == counts


def test_reset_reloads_from_scratch(var_dir):
    call_command("demo")
    Unit.objects.filter(name="RH").delete()
    call_command("demo", reset=True)
    assert Unit.objects.filter(name="RH").count() == 1
    assert Workspace.objects.filter(name=data.WORKSPACE).count() == 1


def test_scale_copies_the_clients(var_dir):
    load_demo(scale=3)
    assert Organization.objects.count() == 9
    assert Person.objects.count() == 3 * (40 + 8 + 19)
    assert Mission.objects.count() == 9
    assert Membership.objects.filter(role="sponsor").count() == 1


def test_key_figures_are_truthful(var_dir, client):
    load_demo()
    owner = User.objects.get(email=data.OWNER[0])
    client.force_login(owner)
    esn_mission = Mission.objects.get(organization__name="Numéria Conseil")
    body = client.get(reverse("missions:detail", args=[esn_mission.pk])).content.decode()
    # The ESN mission covers the Data team only: its 8 people, not the agency.
    assert '<div class="figure-value">8</div>' in body.replace("\n", "").replace("  ", "")
