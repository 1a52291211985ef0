import pytest
from django.urls import reverse
from django.utils.html import escape

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import WorkspaceFactory, make_actor
from liant.missions import services
from liant.missions.builtin import load_data, sync_builtin_templates
from liant.missions.models import MissionTemplate, PhaseTemplate

from .factories import MONDAY, builtin, small_tree

KEYS = {
    "organisation-coaching",
    "team-tension",
    "service-promise",
    "participative-seminar",
    "charter-co-writing",
}


@pytest.mark.django_db
def test_the_five_builtin_templates_are_loaded_with_complete_bilingual_phases():
    templates = MissionTemplate.objects.filter(workspace__isnull=True)
    assert {t.key for t in templates} == KEYS
    for template in templates:
        for lang in ("fr", "en"):
            assert template.name[lang].strip(), (template.key, "name", lang)
            assert template.summary[lang].strip(), (template.key, "summary", lang)
        phases = list(template.phases.all())
        assert len(phases) >= 3, template.key
        for phase in phases:
            assert phase.duration_weeks >= 1
            for lang in ("fr", "en"):
                for field in ("name", "objectives", "deliverable"):
                    assert getattr(phase, field)[lang].strip(), (template.key, field, lang)
                for field in ("typical_actions", "checklist"):
                    items = getattr(phase, field)[lang]
                    assert items and all(item.strip() for item in items), (template.key, field)
            # The English and French lists describe the same steps.
            assert len(phase.typical_actions["fr"]) == len(phase.typical_actions["en"])
            assert len(phase.checklist["fr"]) == len(phase.checklist["en"])


@pytest.mark.django_db
def test_builtin_content_follows_the_practice():
    coaching = [p.name["en"] for p in builtin("organisation-coaching").phases.all()]
    assert coaching == [
        "Diagnostic & immersion",
        "Clarification",
        "Structuration",
        "Change support & steering",
    ]
    tension = [p.deliverable["en"] for p in builtin("team-tension").phases.all()]
    assert "Team rules" in tension
    assert any("vigilance" in d.lower() for d in tension)
    promise_actions = " ".join(
        a for p in builtin("service-promise").phases.all() for a in p.typical_actions["en"]
    )
    for step in range(1, 10):
        assert f"Step {step}:" in promise_actions
    seminar = " ".join(
        a for p in builtin("participative-seminar").phases.all() for a in p.typical_actions["en"]
    )
    for method in ("Appreciative Inquiry", "World Café", "Open Space", "graphic recording"):
        assert method.lower() in seminar.lower()


@pytest.mark.django_db
def test_sync_is_idempotent_and_restores_the_data_file():
    before = PhaseTemplate.objects.filter(template__workspace__isnull=True).count()
    template = builtin("team-tension")
    template.name = {"fr": "abîmé", "en": "broken"}
    template.save()
    first = template.phases.first()
    first.duration_weeks = 40
    first.save()
    PhaseTemplate.objects.create(template=template, order=99, name={"fr": "x", "en": "x"})

    counts = sync_builtin_templates()
    assert counts == {"created": 0, "updated": 5}
    sync_builtin_templates()
    assert MissionTemplate.objects.filter(workspace__isnull=True).count() == 5
    assert PhaseTemplate.objects.filter(template__workspace__isnull=True).count() == before
    template.refresh_from_db()
    data = next(t for t in load_data() if t["key"] == "team-tension")
    assert template.name == data["name"]
    assert template.phases.first().duration_weeks == data["phases"][0]["duration_weeks"]


@pytest.mark.django_db
def test_sync_leaves_workspace_copies_alone(owner):
    copy = services.copy_template(owner, builtin("team-tension"))
    copy.phases.update(duration_weeks=7)
    sync_builtin_templates()
    assert set(copy.phases.values_list("duration_weeks", flat=True)) == {7}


# --- Copy, edit, delete: workspace templates


def phase_post_data(template, phases, **overrides):
    """The edit form's POST data for ``phases`` (dicts of field values), in that order."""
    data = {
        "name_fr": template.name.get("fr", ""),
        "name_en": template.name.get("en", ""),
        "summary_fr": template.summary.get("fr", ""),
        "summary_en": template.summary.get("en", ""),
        "phases-TOTAL_FORMS": str(len(phases)),
        "phases-INITIAL_FORMS": str(template.phases.count()),
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
        "save": "1",
    }
    for index, phase in enumerate(phases):
        for key, value in phase.items():
            data[f"phases-{index}-{key}"] = value
    data.update(overrides)
    return data


def existing_phases(template):
    rows = []
    for order, phase in enumerate(template.phases.all(), start=1):
        rows.append(
            {
                "id": phase.pk,
                "ORDER": order,
                "name_fr": phase.name["fr"],
                "name_en": phase.name["en"],
                "duration_weeks": phase.duration_weeks,
                "objectives_fr": phase.objectives["fr"],
                "objectives_en": phase.objectives["en"],
                "typical_actions_fr": "\n".join(phase.typical_actions["fr"]),
                "typical_actions_en": "\n".join(phase.typical_actions["en"]),
                "checklist_fr": "\n".join(phase.checklist["fr"]),
                "checklist_en": "\n".join(phase.checklist["en"]),
                "deliverable_fr": phase.deliverable["fr"],
                "deliverable_en": phase.deliverable["en"],
            }
        )
    return rows


@pytest.mark.django_db
def test_copy_to_workspace_creates_an_editable_copy(owner_client, owner):
    source = builtin("team-tension")
    response = owner_client.post(reverse("missions:template_copy", args=[source.pk]))
    copy = MissionTemplate.objects.get(workspace=owner.workspace)
    assert response.status_code == 302
    assert response["Location"] == reverse("missions:template_edit", args=[copy.pk])
    assert copy.copied_from == source
    assert copy.name["fr"].startswith(source.name["fr"]) and copy.name["fr"] != source.name["fr"]
    assert copy.name["en"].startswith(source.name["en"])
    assert [p.name for p in copy.phases.all()] == [p.name for p in source.phases.all()]
    assert AuditEntry.objects.filter(workspace=owner.workspace, action="template.copy").exists()
    assert owner_client.get(reverse("missions:template_edit", args=[copy.pk])).status_code == 200


@pytest.mark.django_db
def test_edit_reorders_adds_and_removes_phases_without_touching_the_builtin(owner_client, owner):
    source = builtin("team-tension")
    source_phases = [(p.name, p.duration_weeks) for p in source.phases.all()]
    copy = services.copy_template(owner, source)
    phases = existing_phases(copy)
    phases[0]["ORDER"], phases[1]["ORDER"] = 2, 1  # swap the first two
    phases[3]["DELETE"] = "on"  # drop the last one
    phases[2]["checklist_en"] = "Rules signed\n\n  Rules posted  "
    phases.append(
        {
            "ORDER": 9,
            "name_fr": "Bilan à trois mois",
            "name_en": "Three-month review",
            "duration_weeks": 3,
        }
    )
    data = phase_post_data(copy, phases, name_en="Our tension mission")
    response = owner_client.post(reverse("missions:template_edit", args=[copy.pk]), data)
    assert response.status_code == 302

    copy.refresh_from_db()
    names = [p.name["en"] for p in copy.phases.all()]
    assert names == [
        "Collective session",
        "Individual interviews",
        "Follow-up session: team rules",
        "Three-month review",
    ]
    assert copy.name["en"] == "Our tension mission"
    assert copy.phases.all()[2].checklist["en"] == ["Rules signed", "Rules posted"]
    assert copy.phases.all()[3].duration_weeks == 3
    # The built-in is untouched.
    assert [(p.name, p.duration_weeks) for p in source.phases.all()] == source_phases
    assert AuditEntry.objects.filter(action="template.update", object_id=str(copy.pk)).exists()


@pytest.mark.django_db
def test_edit_with_bad_input_stores_nothing(owner_client, owner):
    copy = services.copy_template(owner, builtin("team-tension"))
    before = [(p.pk, p.name, p.duration_weeks) for p in copy.phases.all()]
    phases = existing_phases(copy)
    phases[1]["name_fr"] = phases[1]["name_en"] = "  "
    phases[2]["duration_weeks"] = 0
    data = phase_post_data(copy, phases, name_fr="", name_en="")
    response = owner_client.post(reverse("missions:template_edit", args=[copy.pk]), data)
    assert response.status_code == 200
    form, formset = response.context["form"], response.context["formset"]
    assert form.errors["name_fr"]
    assert formset.forms[1].errors["name_fr"]
    assert formset.forms[2].errors["duration_weeks"]
    copy.refresh_from_db()
    assert copy.name["fr"]
    assert [(p.pk, p.name, p.duration_weeks) for p in copy.phases.all()] == before


@pytest.mark.django_db
def test_removing_every_phase_is_refused(owner_client, owner):
    copy = services.copy_template(owner, builtin("team-tension"))
    phases = existing_phases(copy)
    for phase in phases:
        phase["DELETE"] = "on"
    response = owner_client.post(
        reverse("missions:template_edit", args=[copy.pk]), phase_post_data(copy, phases)
    )
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert copy.phases.count() == 4


@pytest.mark.django_db
def test_a_phase_id_of_another_template_is_refused(owner_client, owner):
    copy = services.copy_template(owner, builtin("team-tension"))
    other = builtin("charter-co-writing").phases.first()
    phases = existing_phases(copy)
    phases[0]["id"] = other.pk
    response = owner_client.post(
        reverse("missions:template_edit", args=[copy.pk]), phase_post_data(copy, phases)
    )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.template.key == "charter-co-writing" and other.template.workspace is None


@pytest.mark.django_db
def test_add_phase_button_works_without_javascript(owner_client, owner):
    copy = services.copy_template(owner, builtin("team-tension"))
    data = phase_post_data(copy, existing_phases(copy))
    del data["save"]
    data["add_phase"] = "1"
    response = owner_client.post(reverse("missions:template_edit", args=[copy.pk]), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 5
    assert copy.phases.count() == 4  # nothing saved yet


@pytest.mark.django_db
def test_builtins_are_read_only(owner_client, owner):
    source = builtin()
    assert owner_client.get(reverse("missions:template_edit", args=[source.pk])).status_code == 404
    response = owner_client.post(reverse("missions:template_delete", args=[source.pk]))
    assert response.status_code == 404
    assert MissionTemplate.objects.filter(pk=source.pk).exists()
    with pytest.raises(Exception) as error:
        services.update_template(owner, source, name={"fr": "x"}, summary={}, phases=[{}])
    assert error.type.__name__ == "PermissionDenied"


@pytest.mark.django_db
def test_delete_a_workspace_template_keeps_missions_made_from_it(owner_client, owner):
    copy = services.copy_template(owner, builtin("team-tension"))
    org, _ = small_tree(owner.workspace)
    mission = services.create_mission(
        owner, organization=org, title="M", start_date=MONDAY, template=copy
    )
    response = owner_client.post(reverse("missions:template_delete", args=[copy.pk]))
    assert response.status_code == 302
    assert not MissionTemplate.objects.filter(pk=copy.pk).exists()
    mission.refresh_from_db()
    assert mission.template is None and mission.phases.count() == 4
    assert AuditEntry.objects.filter(action="template.delete").exists()


@pytest.mark.django_db
def test_templates_of_other_workspaces_are_never_visible(owner_client, owner):
    other = make_actor(WorkspaceFactory(), Role.OWNER)
    theirs = services.copy_template(other, builtin("service-promise"))
    theirs.name = {"fr": "Modèle secret XyZ", "en": "Secret template XyZ"}
    theirs.save()
    mine = services.copy_template(owner, builtin("team-tension"))

    page = owner_client.get(reverse("missions:templates"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "XyZ" not in body
    assert escape(mine.display_name) in body
    for name in ("template_detail", "template_edit"):
        assert owner_client.get(reverse(f"missions:{name}", args=[theirs.pk])).status_code == 404
    for name in ("template_copy", "template_delete", "template_edit"):
        assert owner_client.post(reverse(f"missions:{name}", args=[theirs.pk])).status_code == 404
    assert MissionTemplate.objects.filter(workspace=owner.workspace).count() == 1
    # Nor can one be used to create a mission.
    create = owner_client.get(reverse("missions:create"))
    assert "XyZ" not in create.content.decode()


@pytest.mark.django_db
def test_templates_pages_are_for_staff_only(client, sponsor):
    client.force_login(sponsor.user)
    assert client.get(reverse("missions:templates")).status_code == 403
    source = builtin()
    assert client.get(reverse("missions:template_detail", args=[source.pk])).status_code == 403
    assert client.post(reverse("missions:template_copy", args=[source.pk])).status_code == 403
    assert not MissionTemplate.objects.filter(workspace=sponsor.workspace).exists()


@pytest.mark.django_db
def test_template_detail_shows_either_language(consultant_client):
    source = builtin("team-tension")
    french = consultant_client.get(reverse("missions:template_detail", args=[source.pk]))
    english = consultant_client.get(
        reverse("missions:template_detail", args=[source.pk]) + "?lang=en"
    )
    assert escape("Règles d'équipe") in french.content.decode()
    assert "Team rules" in english.content.decode()
