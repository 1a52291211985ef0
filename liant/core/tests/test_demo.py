import re
import stat

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from liant.accounts.models import Membership, User
from liant.core.demo import data, delete_demo, load_demo
from liant.core.models import AuditEntry, Workspace
from liant.missions.models import ChecklistItem, Mission, Phase
from liant.orgs.models import Interface, Organization, Person, Unit

pytestmark = pytest.mark.django_db

EIGHT_SERVICES = {
    "Direction générale", "Comptabilité", "Commercial", "Logistique",
    "ADV", "SAV", "R&D", "RH",
}  # fmt: skip


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def _login(var_dir) -> tuple[str, str]:
    first_line = (var_dir / "demo-login.txt").read_text().splitlines()[0]
    email, password = first_line.split(": ", 1)[1].split(" / ")
    return email, password


def test_the_demo_has_the_cabinet_and_its_three_clients(var_dir):
    call_command("demo")
    workspace = Workspace.objects.get(name=data.WORKSPACE)
    roles = sorted(workspace.memberships.values_list("role", flat=True))
    assert roles == ["consultant", "consultant", "owner", "sponsor"]

    assembly = Organization.objects.get(name__startswith="Assemblée régionale")
    assert assembly.units.count() == 6
    assert assembly.people.count() == 40
    assert set(assembly.units.values_list("name", flat=True)) >= {
        "Direction des services législatifs",
        "Service de la séance",
    }
    # Managers are flagged in every unit of the direction, and have a work e-mail.
    assert assembly.people.filter(is_manager=True).values("unit").distinct().count() == 6
    assert not assembly.people.filter(is_manager=True, email="").exists()
    esn = Organization.objects.get(name="Numéria Conseil")
    assert esn.people.filter(unit__name="Équipe Data").count() == 8
    company = Organization.objects.get(name="Ardelis Industrie")
    assert set(company.units.values_list("name", flat=True)) == EIGHT_SERVICES
    interfaces = Interface.objects.filter(organization=company)
    assert interfaces.count() == 10
    assert interfaces.filter(
        provider__name="ADV", client__name="Logistique", description__contains="commandes"
    ).exists()
    # Every e-mail of a client person is on a reserved domain: no mail reaches a stranger.
    assert all(
        email.endswith(".example")
        for email in Person.objects.exclude(email="").values_list("email", flat=True)
    )

    missions = {m.organization_id: m for m in Mission.objects.select_related("template")}
    assert len(missions) == 3
    assert missions[assembly.pk].template.key == "organisation-coaching"
    assert missions[esn.pk].template.key == "team-tension"
    assert missions[company.pk].template.key == "service-promise"
    assert all(m.status == Mission.Status.ACTIVE for m in missions.values())
    assert all(m.phases.count() >= 4 for m in missions.values())
    assert all(m.consultants.exists() for m in missions.values())
    assert list(missions[esn.pk].units_in_scope.values_list("name", flat=True)) == ["Équipe Data"]
    # The 4-phase mission is in its second phase; the others in their first.
    statuses = list(missions[assembly.pk].phases.values_list("status", flat=True))
    assert statuses == ["done", "active", "planned", "planned"]
    assert Phase.objects.filter(status="active").count() == 3
    ticked = ChecklistItem.objects.filter(done=True)
    assert ticked.exists() and ChecklistItem.objects.filter(done=False).exists()
    assert not ChecklistItem.objects.filter(phase__status="done", done=False).exists()


def test_phase_dates_follow_each_other(var_dir):
    load_demo()
    for mission in Mission.objects.all():
        previous_end = None
        for phase in mission.phases.exclude(status="planned"):
            assert phase.actual_start is not None
            if previous_end is not None:
                assert phase.actual_start > previous_end
            previous_end = phase.actual_end
            if phase.status == "done":
                assert phase.actual_end >= phase.actual_start
            else:
                assert phase.actual_end is None


def test_the_audit_log_tells_what_happened(var_dir, client):
    login = load_demo()
    workspace = login.workspace
    actions = set(AuditEntry.objects.filter(workspace=workspace).values_list("action", flat=True))
    assert {
        "workspace.create",
        "membership.create",
        "organization.create",
        "organization.import",
        "mission.create",
        "phase.status",
        "checklist.update",
    } <= actions
    # The lead consultants moved their missions on, not only the owner.
    assert AuditEntry.objects.filter(
        action="phase.status", actor__email=data.CONSULTANTS[0][0]
    ).exists()
    client.force_login(User.objects.get(email=data.OWNER[0]))
    response = client.get(reverse("core:audit_log"))
    assert response.status_code == 200
    # The newest entries come first (the demo writes a few pages of them).
    latest = AuditEntry.objects.filter(workspace=workspace).order_by("-created_at", "-id")[0]
    assert escape(latest.summary) in response.content.decode()


def test_the_login_file_is_private_and_its_password_works(var_dir, client, capsys):
    call_command("demo")
    path = var_dir / "demo-login.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert 2 <= len(text.splitlines()) <= 3
    email, password = _login(var_dir)
    assert email == data.OWNER[0]
    assert len(password) >= 12
    assert password in capsys.readouterr().out
    assert client.login(username=email, password=password)
    response = client.get(reverse("missions:list"))
    assert response.status_code == 200
    assert "Accompagnement de la Direction des services législatifs" in response.content.decode()
    # The consultants and the sponsor share the password.
    for other in (data.CONSULTANTS[0][0], data.SPONSOR[0]):
        assert client.login(username=other, password=password)


def test_an_existing_login_file_becomes_private(var_dir):
    path = var_dir / "demo-login.txt"
    path.write_text("old")
    path.chmod(0o644)
    call_command("demo")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "old" not in path.read_text()


def test_the_sponsor_sees_only_the_assembly(var_dir, client):
    call_command("demo")
    _email, password = _login(var_dir)
    assert client.login(username=data.SPONSOR[0], password=password)
    body = client.get(reverse("missions:list")).content.decode()
    assert "Accompagnement de la Direction des services législatifs" in body
    assert "Ardelis" not in body and "équipe Data" not in body
    ardelis = Mission.objects.get(organization__name="Ardelis Industrie")
    assert client.get(reverse("missions:detail", args=[ardelis.pk])).status_code == 404


def test_passwords_differ_between_loads(var_dir):
    first = load_demo().password
    call_command("demo", reset=True)
    _email, second = _login(var_dir)
    assert first and second and first != second


def test_a_second_run_changes_nothing(var_dir, capsys):
    call_command("demo")
    login_file = (var_dir / "demo-login.txt").read_text()

    def counts():
        models = (Organization, Unit, Person, Interface, Mission, Phase, User, AuditEntry)
        return [model.objects.count() for model in models]

    before = counts()
    capsys.readouterr()
    call_command("demo")
    assert "already loaded" in capsys.readouterr().out
    assert counts() == before
    # The password in the login file is still the one that works.
    assert (var_dir / "demo-login.txt").read_text() == login_file


def test_a_renamed_demo_workspace_is_still_found(var_dir):
    login = load_demo()
    Workspace.objects.filter(pk=login.workspace.pk).update(name="Mon cabinet")
    assert load_demo().password is None
    assert Workspace.objects.count() == 1
    delete_demo()
    assert not Workspace.objects.exists() and not User.objects.exists()


def test_reset_reloads_from_scratch(var_dir):
    call_command("demo")
    Unit.objects.filter(name="RH").delete()
    call_command("demo", reset=True)
    assert Unit.objects.filter(name="RH").count() == 1
    assert Workspace.objects.filter(name=data.WORKSPACE).count() == 1
    assert Organization.objects.count() == 3
    assert User.objects.count() == 4


def test_reset_leaves_other_workspaces_alone(var_dir, owner, organization):
    call_command("demo")
    call_command("demo", reset=True)
    assert Workspace.objects.filter(pk=owner.workspace.pk).exists()
    assert Organization.objects.filter(pk=organization.pk).exists()
    assert User.objects.filter(pk=owner.user.pk).exists()


def test_a_demo_address_used_elsewhere_is_a_clear_error(var_dir, owner):
    owner.user.email = data.CONSULTANTS[1][0]
    owner.user.save()
    with pytest.raises(CommandError, match="already belong"):
        call_command("demo")
    assert not Workspace.objects.filter(name=data.WORKSPACE).exists()


def test_scale_copies_the_clients(var_dir):
    load_demo(scale=2)
    assert Organization.objects.count() == 6
    assert Person.objects.count() == 2 * (40 + 8 + 19)
    assert Interface.objects.count() == 2 * (4 + 10)
    assert Mission.objects.count() == 6
    assert Organization.objects.filter(name="Ardelis Industrie (copie 2)").exists()
    assert Membership.objects.filter(role="sponsor").count() == 1
    assert User.objects.count() == 4


def test_scale_must_be_positive(var_dir):
    with pytest.raises(CommandError):
        call_command("demo", scale=0)


def _scope_people(mission) -> int:
    """People in the chosen units and all their sub-units (the whole organisation if none)."""
    units = set(mission.units_in_scope.values_list("pk", flat=True))
    if not units:
        return mission.organization.people.count()
    while True:
        children = set(Unit.objects.filter(parent__in=units).values_list("pk", flat=True))
        if children <= units:
            break
        units |= children
    return Person.objects.filter(unit__in=units).count()


def test_key_figures_are_truthful(var_dir, client):
    load_demo()
    client.force_login(User.objects.get(email=data.OWNER[0]))
    expected = {"Numéria Conseil": 8, "Ardelis Industrie": 19}
    for mission in Mission.objects.select_related("organization"):
        response = client.get(reverse("missions:detail", args=[mission.pk]))
        figures = {figure.key: figure for figure in response.context["figures"]}
        people = _scope_people(mission)
        assert figures["missions.people_in_scope"].value == str(people)
        if mission.organization.name in expected:
            assert people == expected[mission.organization.name]
        done = mission.phases.filter(status="done").count()
        assert figures["missions.phases_done"].value == f"{done} / {mission.phases.count()}"
        values = re.findall(r'class="figure-value">([^<]*)<', response.content.decode())
        assert str(people) in values
    # The direction was chosen: its five services come with it.
    assembly = Mission.objects.get(organization__name__startswith="Assemblée")
    client_figures = client.get(reverse("missions:detail", args=[assembly.pk])).context["figures"]
    units = next(f for f in client_figures if f.key == "missions.units_in_scope")
    assert units.value == "6"
