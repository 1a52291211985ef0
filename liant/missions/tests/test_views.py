import datetime

import pytest
from django.urls import reverse

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import OrganizationFactory, UnitFactory, WorkspaceFactory, make_actor
from liant.missions import services
from liant.missions.models import ChecklistItem, Mission, Phase

from .factories import MONDAY, builtin, mission_from_template, small_tree


def create_data(org, **overrides):
    data = {
        "organization": org.pk,
        "template": builtin("team-tension").pk,
        "title": "Équipe Atlas",
        "description": "Tensions avec l'équipe du client.",
        "language": "fr",
        "start_date": "2026-03-02",
    }
    data.update(overrides)
    return data


# --- List


@pytest.mark.django_db
def test_empty_list_invites_to_create(owner_client, owner):
    body = owner_client.get(reverse("missions:list")).content.decode()
    assert reverse("orgs:create") in body  # no organisation yet: create one first
    small_tree(owner.workspace)
    body = owner_client.get(reverse("missions:list")).content.decode()
    assert 'class="empty"' in body and reverse("missions:create") in body


@pytest.mark.django_db
def test_list_filters_by_status_and_organisation(owner_client, owner):
    org, _ = small_tree(owner.workspace)
    other_org = OrganizationFactory(workspace=owner.workspace, name="Numéria")
    first = mission_from_template(owner, org, title="Mission Alpha")
    services.set_mission_status(owner, first, "active")
    mission_from_template(owner, other_org, title="Mission Beta")

    def titles(query):
        response = owner_client.get(reverse("missions:list") + query)
        return {m.title for m in response.context["missions"]}

    assert titles("") == {"Mission Alpha", "Mission Beta"}
    assert titles("?status=active") == {"Mission Alpha"}
    assert titles(f"?organization={other_org.pk}") == {"Mission Beta"}
    assert titles(f"?status=active&organization={other_org.pk}") == set()
    assert titles("?status=bogus&organization=nope") == {"Mission Alpha", "Mission Beta"}
    listed = owner_client.get(reverse("missions:list")).context["missions"]
    alpha = next(m for m in listed if m.title == "Mission Alpha")
    assert (alpha.phase_count, alpha.phases_done) == (4, 0)


# --- Create


@pytest.mark.django_db
def test_create_mission_through_the_form(consultant_client, consultant):
    org, units = small_tree(consultant.workspace)
    page = consultant_client.get(reverse("missions:create") + f"?organization={org.pk}")
    assert page.status_code == 200
    assert set(page.context["form"].fields["units_in_scope"].queryset) == set(units.values())
    response = consultant_client.post(
        reverse("missions:create"),
        create_data(org, consultants=[consultant.user.pk], units_in_scope=[units["Service A"].pk]),
    )
    mission = Mission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("missions:detail", args=[mission.pk])
    assert mission.phases.count() == 4
    assert list(mission.units_in_scope.all()) == [units["Service A"]]
    assert list(mission.consultants.all()) == [consultant.user]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": "   "}, "title"),
        ({"organization": ""}, "organization"),
        ({"start_date": "pas une date"}, "start_date"),
        ({"language": "de"}, "language"),
    ],
)
def test_create_bad_input_rerenders_and_stores_nothing(owner_client, owner, overrides, field):
    org, _ = small_tree(owner.workspace)
    response = owner_client.post(reverse("missions:create"), create_data(org, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Mission.objects.exists()


@pytest.mark.django_db
def test_create_refuses_units_of_another_organisation_or_workspace(owner_client, owner):
    org, _ = small_tree(owner.workspace)
    sibling_unit = UnitFactory(organization=OrganizationFactory(workspace=owner.workspace))
    foreign_org = OrganizationFactory(workspace=WorkspaceFactory())
    foreign_unit = UnitFactory(organization=foreign_org)
    for data in (
        create_data(org, units_in_scope=[sibling_unit.pk]),
        create_data(org, units_in_scope=[foreign_unit.pk]),
        create_data(foreign_org),
    ):
        response = owner_client.post(reverse("missions:create"), data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not Mission.objects.exists()


# --- Detail, sponsor read-only, other workspace


@pytest.mark.django_db
def test_mission_page_shows_status_phases_figures_and_checklist(owner_client, owner):
    org, _ = small_tree(owner.workspace)
    mission = mission_from_template(owner, org, consultants=[owner.user])
    response = owner_client.get(reverse("missions:detail", args=[mission.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Diagnostic et immersion" in body
    assert {f.key for f in response.context["figures"]} == {
        "missions.phases_done",
        "missions.people_in_scope",
        "missions.units_in_scope",
    }
    item = ChecklistItem.objects.filter(phase__mission=mission).first()
    assert reverse("missions:item_toggle", args=[mission.pk, item.pk]) in body
    assert reverse("missions:edit", args=[mission.pk]) in body
    assert owner.user.full_name in body


@pytest.mark.django_db
def test_sponsor_reads_but_never_writes(client, sponsor, organization):
    owner = make_actor(sponsor.workspace, Role.OWNER)
    UnitFactory(organization=organization)
    mission = mission_from_template(owner, organization)
    phase = mission.phases.first()
    item = phase.checklist.first()
    client.force_login(sponsor.user)

    response = client.get(reverse("missions:detail", args=[mission.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Diagnostic et immersion" in body
    assert "<form" not in body.split('id="main"')[1]  # no edit control at all
    assert reverse("missions:edit", args=[mission.pk]) not in body

    posts = [
        (reverse("missions:status", args=[mission.pk]), {"status": "done"}),
        (reverse("missions:edit", args=[mission.pk]), {"title": "x"}),
        (reverse("missions:delete", args=[mission.pk]), {}),
        (reverse("missions:phase_add", args=[mission.pk]), {"name": "x"}),
        (reverse("missions:phase_edit", args=[mission.pk, phase.pk]), {"name": "x"}),
        (reverse("missions:phase_status", args=[mission.pk, phase.pk]), {"status": "done"}),
        (reverse("missions:phase_delete", args=[mission.pk, phase.pk]), {}),
        (reverse("missions:item_add", args=[mission.pk, phase.pk]), {"label": "x"}),
        (reverse("missions:item_toggle", args=[mission.pk, item.pk]), {"done": "on"}),
        (reverse("missions:item_delete", args=[mission.pk, item.pk]), {}),
        (reverse("missions:create"), create_data(organization)),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    mission.refresh_from_db()
    item.refresh_from_db()
    assert mission.status == "draft" and not item.done
    assert mission.phases.count() == 4
    assert Mission.objects.count() == 1


@pytest.mark.django_db
def test_sponsor_sees_only_their_organisation(client, sponsor, organization):
    owner = make_actor(sponsor.workspace, Role.OWNER)
    other = OrganizationFactory(workspace=sponsor.workspace)
    theirs = mission_from_template(owner, organization, title="Leur mission")
    hidden = mission_from_template(owner, other, title="Autre client")
    client.force_login(sponsor.user)
    listed = client.get(reverse("missions:list")).context["missions"]
    assert [m.pk for m in listed] == [theirs.pk]
    assert client.get(reverse("missions:detail", args=[hidden.pk])).status_code == 404


@pytest.mark.django_db
def test_other_workspace_gets_404(owner_client, owner):
    stranger = make_actor(WorkspaceFactory(), Role.OWNER)
    org, _ = small_tree(stranger.workspace)
    mission = mission_from_template(stranger, org)
    phase = mission.phases.first()
    item = phase.checklist.first()
    mine = mission_from_template(owner, small_tree(owner.workspace)[0])
    for url in (
        reverse("missions:detail", args=[mission.pk]),
        reverse("missions:edit", args=[mission.pk]),
        reverse("missions:phase_edit", args=[mission.pk, phase.pk]),
        # My mission with their phase or item: still 404.
        reverse("missions:phase_edit", args=[mine.pk, phase.pk]),
    ):
        assert owner_client.get(url).status_code == 404, url
    for url in (
        reverse("missions:status", args=[mission.pk]),
        reverse("missions:delete", args=[mission.pk]),
        reverse("missions:item_toggle", args=[mission.pk, item.pk]),
        reverse("missions:item_toggle", args=[mine.pk, item.pk]),
        reverse("missions:item_add", args=[mine.pk, phase.pk]),
        reverse("missions:phase_delete", args=[mine.pk, phase.pk]),
    ):
        data = {"status": "done", "done": "on", "label": "x"}
        assert owner_client.post(url, data).status_code == 404, url
    item.refresh_from_db()
    assert not item.done and Mission.objects.filter(pk=mission.pk).exists()
    assert phase.checklist.count() == len(builtin().phases.first().checklist["fr"])


# --- Edits from the mission page


@pytest.mark.django_db
def test_checklist_toggle_and_add_with_htmx(owner_client, owner):
    mission = mission_from_template(owner, small_tree(owner.workspace)[0])
    phase = mission.phases.first()
    item = phase.checklist.first()
    url = reverse("missions:item_toggle", args=[mission.pk, item.pk])
    response = owner_client.post(url, {"done": "on"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="checklist-{phase.pk}"' in response.content.decode()
    item.refresh_from_db()
    assert item.done
    owner_client.post(url, {}, HTTP_HX_REQUEST="true")
    item.refresh_from_db()
    assert not item.done

    add = reverse("missions:item_add", args=[mission.pk, phase.pk])
    response = owner_client.post(add, {"label": "Salle réservée"}, HTTP_HX_REQUEST="true")
    assert "Salle réservée" in response.content.decode()
    count = phase.checklist.count()
    response = owner_client.post(add, {"label": "   "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert phase.checklist.count() == count
    # Without htmx: back to the phase on the mission page.
    response = owner_client.post(url, {"done": "on"})
    assert response.status_code == 302 and response["Location"].endswith(f"#phase-{phase.pk}")


@pytest.mark.django_db
def test_phase_edit_refuses_end_before_start(owner_client, owner):
    mission = mission_from_template(owner, small_tree(owner.workspace)[0])
    phase = mission.phases.first()
    data = {
        "name": phase.name,
        "status": "active",
        "planned_start": "2026-03-02",
        "planned_end": "2026-02-01",
        "actual_start": "2026-03-05",
        "actual_end": "2026-03-01",
        "objectives": "",
        "typical_actions": "",
        "deliverable": "",
    }
    url = reverse("missions:phase_edit", args=[mission.pk, phase.pk])
    response = owner_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "planned_end" in errors and "actual_end" in errors
    phase.refresh_from_db()
    assert phase.status == "planned" and phase.actual_start is None

    data.update(planned_end="2026-04-30", actual_end="")
    response = owner_client.post(url, data)
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.status, phase.actual_start) == ("active", datetime.date(2026, 3, 5))
    assert AuditEntry.objects.filter(action="phase.update", object_id=str(phase.pk)).exists()


@pytest.mark.django_db
def test_add_phase_to_a_mission_without_template(owner_client, owner):
    org, _ = small_tree(owner.workspace)
    mission = services.create_mission(owner, organization=org, title="Libre", start_date=MONDAY)
    page = owner_client.get(reverse("missions:phase_add", args=[mission.pk]))
    assert page.context["form"].initial["planned_start"] == MONDAY
    response = owner_client.post(
        reverse("missions:phase_add", args=[mission.pk]),
        {
            "name": "Cadrage",
            "status": "planned",
            "planned_start": "2026-03-02",
            "planned_end": "2026-03-13",
        },
    )
    assert response.status_code == 302
    assert list(mission.phases.values_list("name", flat=True)) == ["Cadrage"]


@pytest.mark.django_db
def test_status_edit_and_delete(owner_client, owner):
    org, units = small_tree(owner.workspace)
    mission = mission_from_template(owner, org)
    owner_client.post(reverse("missions:status", args=[mission.pk]), {"status": "active"})
    mission.refresh_from_db()
    assert mission.status == "active"
    response = owner_client.post(reverse("missions:status", args=[mission.pk]), {"status": "x"})
    mission.refresh_from_db()
    assert response.status_code == 302 and mission.status == "active"

    edit = reverse("missions:edit", args=[mission.pk])
    assert owner_client.get(edit).status_code == 200
    response = owner_client.post(
        edit,
        {
            "title": "",
            "language": "fr",
            "status": "paused",
            "start_date": "2026-03-02",
        },
    )
    assert response.status_code == 200 and "title" in response.context["form"].errors
    response = owner_client.post(
        edit,
        {
            "title": "Titre revu",
            "language": "fr",
            "status": "paused",
            "start_date": "2026-03-09",
            "units_in_scope": [units["Service B"].pk],
        },
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.title, mission.status) == ("Titre revu", "paused")
    assert mission.phases.first().planned_start == datetime.date(2026, 3, 9)

    assert owner_client.get(reverse("missions:delete", args=[mission.pk])).status_code == 405
    response = owner_client.post(reverse("missions:delete", args=[mission.pk]))
    assert response.status_code == 302
    assert not Mission.objects.exists() and not Phase.objects.exists()
    assert AuditEntry.objects.filter(action="mission.delete").exists()


@pytest.mark.django_db
def test_user_text_is_escaped(owner_client, owner):
    org, _ = small_tree(owner.workspace)
    mission = mission_from_template(owner, org, title="<script>alert(1)</script>")
    services.add_checklist_item(owner, mission.phases.first(), "<b>gras</b>")
    body = owner_client.get(reverse("missions:detail", args=[mission.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert "<b>gras</b>" not in body
