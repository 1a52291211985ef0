"""The steering routes as a client sees them: a mission's plan, axes, objectives and actions,
its indicators and measurements — through the steering services, with their rules and
messages, filters and pagination."""

import pytest

from liant.api.tokens import create_token, revoke_token
from liant.core.models import AuditEntry
from liant.core.testing import MissionFactory, PersonFactory
from liant.diagnostic.tests.factories import SurveyQuestionFactory
from liant.steering import services_plan
from liant.steering.models import Action, ActionPlan, Indicator, Measurement
from liant.steering.tests import factories as steering

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def mission(organization):
    return MissionFactory(organization=organization, workspace=organization.workspace)


def locs(response) -> list:
    return [error["loc"][-1] for error in response.json()["detail"]]


def test_plan_axes_and_objectives_are_built_through_the_services(api_client, mission):
    base = f"/missions/{mission.pk}"
    assert api_client("get", f"{base}/plan").status_code == 404  # no plan yet
    assert api_client("get", f"{base}/axes").json() == {"items": [], "count": 0}

    refused = api_client(
        "post", f"{base}/objectives", {"plan_axis_id": 999_999, "title": "X", "target": "Y"}
    )
    assert refused.status_code == 422 and locs(refused) == ["plan_axis_id"]
    refused = api_client("post", f"{base}/actions", {"title": "X", "owner_id": 999_999})
    assert refused.status_code == 422 and locs(refused) == ["owner_id"]
    assert not ActionPlan.objects.exists()  # a refused first write leaves no plan behind

    axis = api_client("post", f"{base}/axes", {"title": "Coopération"})
    assert axis.status_code == 201
    plan = api_client("get", f"{base}/plan").json()
    assert plan["status"] == "draft" and plan["mission_id"] == mission.pk
    other = api_client("post", f"{base}/axes", {"title": "Outils"}).json()

    response = api_client("post", f"{base}/objectives", {"plan_axis_id": axis.json()["id"]})
    assert response.status_code == 422 and "target" in locs(response)
    response = api_client(
        "post", f"{base}/objectives",
        {"plan_axis_id": axis.json()["id"], "title": "Délais tenus", "target": "80 % sous 48 h",
         "target_value": "80", "target_unit": "%", "deadline": "2026-12-31"},
    )  # fmt: skip
    assert response.status_code == 201
    objective = response.json()
    assert objective["target_value"] == 80 and objective["plan_axis_id"] == axis.json()["id"]

    moved = api_client(
        "patch", f"{base}/objectives/{objective['id']}", {"plan_axis_id": other["id"]}
    ).json()
    assert moved["plan_axis_id"] == other["id"] and moved["title"] == "Délais tenus"
    listed = api_client("get", f"{base}/objectives", {"plan_axis_id": other["id"]}).json()
    assert [o["id"] for o in listed["items"]] == [objective["id"]]
    assert (
        api_client("get", f"{base}/objectives", {"plan_axis_id": axis.json()["id"]}).json()["count"]
        == 0
    )
    response = api_client("patch", f"{base}/axes/{other['id']}", {"title": None})
    assert response.status_code == 422 and locs(response) == ["title"]

    assert api_client("delete", f"{base}/axes/{other['id']}").status_code == 204
    assert api_client("get", f"{base}/objectives/{objective['id']}").status_code == 404
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"steering.plan_create", "steering.axis_create", "steering.objective_update"} <= (
        actions
    )
    assert "steering.axis_delete" in actions


def test_actions_with_their_rules_filters_and_pagination(api_client, owner, mission, organization):
    plan = steering.ActionPlanFactory(mission=mission)
    objective = steering.ObjectiveFactory(axis__plan=plan)
    anne = PersonFactory(organization=organization, name="Anne")
    base = f"/missions/{mission.pk}/actions"

    response = api_client(
        "post", base,
        {"title": "Former", "start_date": "2026-05-10", "due_date": "2026-05-01"},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "due_date"],
            "msg": "L’échéance ne peut pas précéder la date de début.",
            "type": "validation_error",
        }
    ]
    stranger = PersonFactory(organization__workspace=organization.workspace)
    response = api_client("post", base, {"title": "Former", "owner_id": stranger.pk})
    assert response.status_code == 422 and locs(response) == ["owner_id"]
    assert not Action.objects.exists()

    first = api_client(
        "post", base,
        {"title": "Former les agents", "objective_id": objective.pk, "owner_id": anne.pk,
         "contributor_ids": [anne.pk], "start_date": "2026-01-05", "due_date": "2026-02-01"},
    )  # fmt: skip
    assert first.status_code == 201
    first = first.json()
    assert first["plan_axis_id"] == objective.axis_id and first["contributor_ids"] == [anne.pk]
    assert first["late"] is True  # due in the past, not done
    second = api_client(
        "post", base, {"title": "Écrire la charte", "depends_on_ids": [first["id"]]}
    ).json()
    assert second["depends_on_ids"] == [first["id"]]

    response = api_client("patch", f"{base}/{first['id']}", {"depends_on_ids": [second["id"]]})
    assert response.status_code == 422 and locs(response) == ["depends_on_ids"]
    response = api_client("patch", f"{base}/{first['id']}", {"status": "finished"})
    assert response.status_code == 422

    assert api_client("get", base, {"owner_id": anne.pk}).json()["count"] == 1
    assert api_client("get", base, {"plan_axis_id": objective.axis_id}).json()["count"] == 1
    assert [a["id"] for a in api_client("get", base, {"late": True}).json()["items"]] == [
        first["id"]
    ]
    page = api_client("get", base, {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1

    done = api_client("patch", f"{base}/{first['id']}", {"status": "done"}).json()
    assert done["progress"] == 100 and done["late"] is False and done["completed_at"]
    assert api_client("get", base, {"status": "done"}).json()["count"] == 1

    # Once submitted, the structure is locked; status and progress stay open.
    api_client("patch", f"{base}/{second['id']}", {"owner_id": anne.pk, "due_date": "2026-09-01"})
    services_plan.submit_plan(owner, plan)
    response = api_client("patch", f"{base}/{second['id']}", {"title": "Autre"})
    assert response.status_code == 422
    assert Action.objects.get(pk=second["id"]).title == "Écrire la charte"
    progressed = api_client("patch", f"{base}/{second['id']}", {"progress": 40}).json()
    assert progressed["progress"] == 40 and progressed["status"] == "todo"
    assert api_client("delete", f"{base}/{second['id']}").status_code == 422

    services_plan.return_to_draft(owner, ActionPlan.objects.get(pk=plan.pk))
    assert api_client("delete", f"{base}/{second['id']}").status_code == 204
    assert AuditEntry.objects.filter(action="steering.action_delete").count() == 1


def test_indicators_and_measurements_with_typed_values(api_client, mission):
    plan = steering.ActionPlanFactory(mission=mission)
    base = f"/missions/{mission.pk}/indicators"

    response = api_client("post", base, {"name": "Satisfaction", "source": "survey_wave"})
    assert response.status_code == 422 and locs(response) == ["survey_question_id"]
    free_text = SurveyQuestionFactory(survey__mission=mission, kind="text")
    response = api_client(
        "post", base,
        {"name": "Satisfaction", "source": "survey_wave", "survey_question_id": free_text.pk},
    )  # fmt: skip
    assert response.status_code == 422 and locs(response) == ["survey_question_id"]
    response = api_client("post", base, {"name": "Taux", "value_type": "percentage", "target": 140})
    assert response.status_code == 422 and locs(response) == ["target"]
    assert not Indicator.objects.exists()

    created = api_client(
        "post", base,
        {"name": "Demandes traitées", "value_type": "integer", "unit": "demandes",
         "baseline": 10, "target": "40"},
    )  # fmt: skip
    assert created.status_code == 201
    indicator = created.json()
    assert indicator["target"] == 40 and indicator["source"] == "manual"
    assert Indicator.objects.get().plan_id == plan.pk

    values = f"{base}/{indicator['id']}/measurements"
    response = api_client("post", values, {"date": "2026-03-01", "value": 12.5})
    assert response.status_code == 422
    assert response.json()["detail"][0] == {
        "loc": ["body", "value"],
        "msg": "Cet indicateur compte des nombres entiers\u00a0: saisissez une valeur sans "
        "décimales.",
        "type": "validation_error",
    }
    assert api_client("post", values, {"date": "2026-03-01", "value": "NaN"}).status_code == 422
    assert not Measurement.objects.exists()
    first = api_client("post", values, {"date": "2026-03-01", "value": 12, "comment": " mars "})
    assert first.status_code == 201 and first.json()["comment"] == "mars"
    again = api_client("post", values, {"date": "2026-03-01", "value": 13})
    assert again.status_code == 422 and locs(again) == ["date"]
    api_client("post", values, {"date": "2026-04-01", "value": 20})
    listed = api_client("get", values).json()
    assert [m["value"] for m in listed["items"]] == [12, 20]

    changed = api_client("patch", f"{base}/{indicator['id']}", {"value_type": "number", "unit": ""})
    assert changed.json()["value_type"] == "number" and changed.json()["name"] == (
        "Demandes traitées"
    )
    response = api_client("patch", f"{base}/{indicator['id']}", {"value_type": "percentage"})
    assert response.status_code == 200  # baseline 10, target 40 fit a percentage
    response = api_client("patch", f"{base}/{indicator['id']}", {"target": 400})
    assert response.status_code == 422 and locs(response) == ["target"]

    assert api_client("delete", f"{values}/{first.json()['id']}").status_code == 204
    assert api_client("delete", f"{values}/{first.json()['id']}").status_code == 404
    assert api_client("delete", f"{base}/{indicator['id']}").status_code == 204
    assert not Measurement.objects.exists()
    audited = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"steering.indicator.create", "steering.measurement.create"} <= audited
    assert "steering.measurement.delete" in audited


def test_computed_indicator_from_action_progress(api_client, mission):
    plan = steering.ActionPlanFactory(mission=mission)
    steering.ActionFactory(plan=plan, progress=30)
    steering.ActionFactory(plan=plan, progress=70)
    base = f"/missions/{mission.pk}/indicators"
    manual = api_client("post", base, {"name": "Saisi"}).json()
    response = api_client("post", f"{base}/{manual['id']}/compute")
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Cet indicateur est saisi à la main."

    computed = api_client("post", base, {"name": "Avancement", "source": "action_progress"})
    assert computed.json()["value_type"] == "percentage" and computed.json()["unit"] == "%"
    path = f"{base}/{computed.json()['id']}"
    assert api_client("post", f"{path}/compute").json() == {"written": 1}
    values = api_client("get", f"{path}/measurements").json()["items"]
    assert [(m["value"], m["computed"]) for m in values] == [(50, True)]


def test_a_measurement_of_another_indicator_is_not_found_under_this_one(api_client, mission):
    plan = steering.ActionPlanFactory(mission=mission)
    one, two = steering.IndicatorFactory(plan=plan), steering.IndicatorFactory(plan=plan)
    value = steering.MeasurementFactory(indicator=two)
    path = f"/missions/{mission.pk}/indicators/{one.pk}/measurements/{value.pk}"
    assert api_client("delete", path).status_code == 404
    assert Measurement.objects.filter(pk=value.pk).exists()


def test_revoked_token_gets_401_on_the_steering_routes(client, owner, mission):
    plan = steering.ActionPlanFactory(mission=mission)
    action = steering.ActionFactory(plan=plan)
    indicator = steering.IndicatorFactory(plan=plan)
    token, key = create_token(owner, name="Tableur")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    base = f"{API}/missions/{mission.pk}"
    assert client.get(f"{base}/actions", **auth).status_code == 200
    revoke_token(owner, token)
    for method, url in [
        ("get", f"{base}/plan"),
        ("get", f"{base}/actions"),
        ("patch", f"{base}/actions/{action.pk}"),
        ("post", f"{base}/indicators"),
        ("get", f"{base}/indicators/{indicator.pk}/measurements"),
        ("delete", f"{base}/indicators/{indicator.pk}"),
    ]:
        response = getattr(client, method)(url, {}, content_type="application/json", **auth)
        assert response.status_code == 401, f"{method} {url}"
        assert response.json() == {"detail": "Un jeton d’API valide est nécessaire."}
    assert Action.objects.get(pk=action.pk).status == "todo"


def test_sponsor_reads_the_submitted_plan_and_writes_nothing(
    client, owner, sponsor, mission, bearer
):
    plan = steering.ActionPlanFactory(mission=mission)
    action = steering.ActionFactory(
        plan=plan, owner=PersonFactory(organization=mission.organization)
    )
    services_plan.submit_plan(owner, plan)
    auth = bearer(sponsor)
    base = f"{API}/missions/{mission.pk}"
    listed = client.get(f"{base}/actions", **auth).json()
    assert [a["id"] for a in listed["items"]] == [action.pk]
    assert client.get(f"{base}/plan", **auth).json()["status"] == "submitted"
    response = client.patch(
        f"{base}/actions/{action.pk}", {"progress": 50}, content_type="application/json", **auth
    )
    assert response.status_code == 403
    assert Action.objects.get(pk=action.pk).progress == 0
