"""Origins in a real browser: a consultant turns a survey result and a vigilance point into
actions of the mission's plan, and sees both origins, with links back, on the action pages.
Screenshots in test-artifacts/."""

import pytest
from playwright.sync_api import expect

from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, make_actor
from liant.diagnostic.tests.factories import SurveyFactory, SurveyQuestionFactory, WaveFactory
from liant.diagnostic.tests.test_results_pages import add_response
from liant.practices.tests.factories import TeamFactory, VigilancePointFactory
from liant.steering.models import Action, ActionOrigin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(page, live_server):
    consultant = make_actor(role=Role.CONSULTANT)
    mission = MissionFactory(
        organization__workspace=consultant.workspace, title="Accompagnement de l’atelier"
    )
    org = mission.organization
    PersonFactory(organization=org, name="Nathalie Brun")
    survey = SurveyFactory(mission=mission, title="Baromètre de printemps")
    question = SurveyQuestionFactory(
        survey=survey, text="Je sais à qui m’adresser quand une commande est bloquée."
    )
    wave = WaveFactory(survey=survey, number=1)
    for value in (2, 1, 2, 3, 2, 1):
        add_response(wave, [question], values=[{"value": value}])
    team = TeamFactory(
        unit=UnitFactory(organization=org, name="Atelier de découpe"), mission=mission
    )
    VigilancePointFactory(
        team=team,
        title="Les urgences du client Arvor court-circuitent le planning",
        detail="Trois fois en mars",
    )
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return {"mission": mission, "survey": survey, "wave": wave, "team": team}


def test_a_survey_result_and_a_vigilance_point_become_actions(page, world, screenshot):
    mission, survey, wave = world["mission"], world["survey"], world["wave"]

    # 1. The survey result, with its figure, from the wave's results page.
    page.goto(f"/missions/{mission.pk}/diagnostic/surveys/{survey.pk}/results/waves/{wave.pk}/")
    question = page.locator(".rs-question", has_text="Je sais à qui m’adresser")
    screenshot("origins-1-survey-results")
    question.get_by_role("link", name="Transformer en action").click()
    expect(page.get_by_role("heading", name="Transformer en action")).to_be_visible()
    expect(page.locator(".sp-origin")).to_contain_text("Vague 1\u00a0: 6 réponses")
    expect(page.locator("#id_title")).to_have_value(
        "Je sais à qui m’adresser quand une commande est bloquée."
    )
    page.locator("#id_title").fill("Nommer un référent pour les commandes bloquées")
    page.locator("#id_title").fill("")  # bad input first: a clear message, nothing stored
    page.get_by_role("button", name="Créer l’action").click()
    expect(page.locator(".field-error").first).to_be_visible()
    assert not Action.objects.exists()
    page.locator("#id_title").fill("Nommer un référent pour les commandes bloquées")
    page.get_by_label("Responsable").select_option(label="Nathalie Brun")
    screenshot("origins-2-survey-form")
    page.get_by_role("button", name="Créer l’action").click()
    expect(page.locator(".messages")).to_contain_text("Action ajoutée")
    origins = page.locator("section", has_text="Pourquoi cette action existe")
    expect(origins).to_contain_text("Résultat de questionnaire")
    expect(origins).to_contain_text("Je sais à qui m’adresser")
    expect(origins).to_contain_text("moyenne 1,8")
    screenshot("origins-3-survey-action")

    # 2. The vigilance point, from the team's charter.
    page.goto(f"/practices/{world['team'].pk}/charter/")
    row = page.locator("tr", has_text="court-circuitent le planning")
    row.get_by_role("link", name="Transformer en action").click()
    expect(page.locator(".sp-origin")).to_contain_text("Trois fois en mars")
    page.get_by_role("button", name="Créer l’action").click()
    expect(page.locator(".messages")).to_contain_text("Action ajoutée")
    origins = page.locator("section", has_text="Pourquoi cette action existe")
    expect(origins).to_contain_text("Point de vigilance")
    screenshot("origins-4-vigilance-action")
    origins.get_by_role("link", name="voir la source").click()
    expect(page.get_by_role("heading", name="Points de vigilance")).to_be_visible()

    assert sorted(ActionOrigin.objects.values_list("kind", flat=True)) == [
        "survey_result",
        "vigilance_point",
    ]
    assert Action.objects.count() == 2
