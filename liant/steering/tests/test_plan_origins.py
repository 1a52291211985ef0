"""Actions turned from every source of a mission (issue 7 "Origins"): an interview theme, a
survey result, a promise review gap, a vigilance point, a consultation statement. Each opens
the pre-filled action form, records the origin, and the action page links back; sources of
another mission or workspace are refused; interview material stays with the consultants."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liant.commitments import services as promises
from liant.commitments.tests.factories import service_setup
from liant.consultations import services as consult
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, make_actor
from liant.diagnostic.tests.factories import (
    CodedSegmentFactory,
    InterviewCampaignFactory,
    InterviewFactory,
    NoteFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    ThemeFactory,
    WaveFactory,
)
from liant.diagnostic.tests.test_results_pages import add_response
from liant.practices.tests.factories import (
    EscalationFactory,
    TeamFactory,
    VigilancePointFactory,
)
from liant.steering import services_plan as svc
from liant.steering.models import Action, ActionOrigin, ActionPlan

pytestmark = pytest.mark.django_db

D = datetime.date
QUOTE = "Personne ne sait qui valide les devis."


def build_sources(mission, owner, *, marker="", promise=True):
    """One source of every kind in ``mission`` (the promise's units once per organisation)."""
    org = mission.organization
    campaign = InterviewCampaignFactory(mission=mission)
    theme = ThemeFactory(campaign=campaign, name=f"Circuit de validation{marker}")
    note = NoteFactory(interview=InterviewFactory(campaign=campaign), text=QUOTE)
    segment = CodedSegmentFactory(note=note, themes=[theme])
    segment.quotable = True
    segment.end = len(QUOTE)
    segment.text = QUOTE
    segment.save()
    survey = SurveyFactory(mission=mission, title="Baromètre")
    question = SurveyQuestionFactory(survey=survey, text=f"Je sais à qui m'adresser{marker}")
    wave = WaveFactory(survey=survey, number=1)
    for value in (2, 2, 3, 1, 2):
        add_response(wave, [question], values=[{"value": value}])
    team = TeamFactory(unit=UnitFactory(organization=org, name=f"Atelier{marker}"), mission=mission)
    point = VigilancePointFactory(
        team=team, title=f"Les urgences court-circuitent le planning{marker}", detail="À suivre"
    )
    escalation = EscalationFactory(team=team, title=f"Le client exige un devis en 24 h{marker}")
    consultation = consult.create_consultation(
        owner, mission, title="Charte", question="Que changer ?",
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )  # fmt: skip
    statement = consult.add_seed_statement(owner, consultation, f"Moins de réunions{marker}")
    sources = {"theme": theme, "wave": wave, "question": question, "point": point,
               "escalation": escalation, "statement": statement}  # fmt: skip
    if not promise:
        return sources
    setup = service_setup(org)
    promises.add_item(
        owner, setup.interface, kind="commitment", text=f"Répondre sous 2 jours{marker}"
    )
    version = promises.publish(owner, setup.interface)
    review = promises.record_review(
        owner, version, held_on=D(2026, 9, 1),
        ratings={(0, "provider"): ("kept", ""), (0, "client"): ("not_kept", "Délais de 5 jours")},
    )  # fmt: skip
    return {
        **sources,
        "gap": review.ratings.get(side="client"),
        "kept": review.ratings.get(side="provider"),
    }


@pytest.fixture
def mission():
    return MissionFactory(title="Mission Quimper")


@pytest.fixture
def consultant(mission):
    return make_actor(mission.workspace, Role.CONSULTANT)


@pytest.fixture
def sponsor(mission):
    return make_actor(mission.workspace, Role.SPONSOR, organization=mission.organization)


@pytest.fixture
def sources(mission, consultant):
    return build_sources(mission, consultant)


def turn_url(mission, kind, s):
    name, args = {
        "theme": ("action_from_theme", lambda: [s["theme"].pk]),
        "survey": ("action_from_survey_result", lambda: [s["wave"].pk, s["question"].pk]),
        "gap": ("action_from_review_gap", lambda: [s["gap"].pk]),
        "point": ("action_from_vigilance_point", lambda: [s["point"].pk]),
        "escalation": ("action_from_escalation", lambda: [s["escalation"].pk]),
        "statement": ("action_from_statement", lambda: [s["statement"].pk]),
    }[kind]
    return reverse(f"steering:{name}", args=[mission.pk, *args()])


CASES = [
    ("theme", ActionOrigin.Kind.INTERVIEW_THEME, "Circuit de validation", "/coding/themes/"),
    ("survey", ActionOrigin.Kind.SURVEY_RESULT, "Je sais à qui m&#x27;adresser", "/results/"),
    ("gap", ActionOrigin.Kind.PROMISE_GAP, "Répondre sous 2 jours", "/review/"),
    ("point", ActionOrigin.Kind.VIGILANCE_POINT, "Les urgences court-circuitent", "/charter/"),
    ("escalation", ActionOrigin.Kind.ESCALATION, "Le client exige un devis", "/escalations/"),
    ("statement", ActionOrigin.Kind.CONSULTATION_STATEMENT, "Moins de réunions", "/consult"),
]


@pytest.mark.parametrize(("key", "kind", "words", "back"), CASES)
def test_each_source_becomes_an_action_with_its_origin(
    client, mission, consultant, sources, key, kind, words, back
):
    client.force_login(consultant.user)
    form = client.get(turn_url(mission, key, sources))
    assert form.status_code == 200
    body = form.content.decode()
    assert words in body  # the title is pre-filled with the source's words
    response = client.post(
        turn_url(mission, key, sources),
        {"title": "Clarifier le circuit", "priority": 2, "status": "todo", "progress": 0},
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("steering:action", args=[mission.pk, action.pk])
    assert action.plan.mission == mission
    origin = action.origins.get()
    assert origin.kind == kind and origin.workspace_id == mission.workspace_id
    assert origin.source is not None and origin.created_by == consultant.user
    page = client.get(response["Location"]).content.decode()
    assert words in page and back in page  # the origin and its link back


def test_the_origin_keeps_the_figure_the_excerpt_and_the_gap(client, mission, consultant, sources):
    client.force_login(consultant.user)
    for key in ("survey", "theme", "gap"):
        client.post(turn_url(mission, key, sources), {"title": key, "priority": 2, "status": "todo",
                                                      "progress": 0})  # fmt: skip
    by_kind = {o.kind: o for o in ActionOrigin.objects.all()}
    survey = by_kind[ActionOrigin.Kind.SURVEY_RESULT].details
    assert survey["n"] == 5 and survey["mean"] == 2.0 and survey["wave_number"] == 1
    assert by_kind[ActionOrigin.Kind.INTERVIEW_THEME].details["quote"] == QUOTE
    assert by_kind[ActionOrigin.Kind.PROMISE_GAP].details["comment"] == "Délais de 5 jours"
    action = by_kind[ActionOrigin.Kind.SURVEY_RESULT].action
    page = client.get(reverse("steering:action", args=[mission.pk, action.pk])).content.decode()
    assert "5 answers" in page or "5 réponses" in page


def test_bad_input_stores_nothing(client, mission, consultant, sources):
    client.force_login(consultant.user)
    response = client.post(
        turn_url(mission, "point", sources),
        {"title": "", "priority": 2, "status": "todo", "progress": 0},
    )
    assert response.status_code == 400
    assert "Les urgences court-circuitent" in response.content.decode()
    assert not Action.objects.exists() and not ActionOrigin.objects.exists()


def test_a_locked_plan_refuses_with_a_message_and_stores_nothing(
    client, mission, consultant, sources
):
    plan = svc.get_or_create_plan(consultant, mission)
    ActionPlan.objects.filter(pk=plan.pk).update(
        status=ActionPlan.Status.SUBMITTED, submitted_at=timezone.now()
    )
    client.force_login(consultant.user)
    response = client.post(
        turn_url(mission, "statement", sources),
        {"title": "Moins de réunions", "priority": 2, "status": "todo", "progress": 0},
    )
    assert response.status_code == 400
    assert "locked" in response.content.decode() or "verrouill" in response.content.decode()
    assert not ActionOrigin.objects.exists()


def test_sources_of_another_mission_or_workspace_are_refused(client, mission, consultant, sources):
    other_mission = MissionFactory(workspace=mission.workspace, organization=mission.organization)
    elsewhere = MissionFactory()
    foreign = build_sources(elsewhere, make_actor(elsewhere.workspace, Role.OWNER), marker=" B")
    # The same workspace and organisation (a promise is the organisation's: not checked).
    sibling = build_sources(other_mission, consultant, marker=" bis", promise=False)
    client.force_login(consultant.user)
    for key, *_rest in CASES:
        assert client.get(turn_url(mission, key, foreign)).status_code == 404
        assert client.post(turn_url(mission, key, foreign), {"title": "x"}).status_code == 404
        if key != "gap":  # a promise belongs to the organisation, shared by its missions
            assert client.get(turn_url(mission, key, sibling)).status_code == 404
    assert not ActionOrigin.objects.exists()


def test_hidden_or_unpublished_sources_are_refused(client, mission, consultant, sources):
    client.force_login(consultant.user)
    kept = dict(sources, gap=sources["kept"])  # a kept commitment is no gap
    assert client.get(turn_url(mission, "gap", kept)).status_code == 404
    pending = consult.submit_statement(
        consult.join(sources["statement"].consultation), "Une idée en attente", confirmed=True
    )
    assert (
        client.get(turn_url(mission, "statement", dict(sources, statement=pending))).status_code
        == 404
    )
    small = WaveFactory(survey=sources["wave"].survey, number=2)
    for value in (1, 2):  # under k = 5: the figure is hidden, so is the source
        add_response(small, [sources["question"]], values=[{"value": value}])
    assert client.get(turn_url(mission, "survey", dict(sources, wave=small))).status_code == 404


def test_sponsors_cannot_turn_and_do_not_read_interview_material(
    client, mission, consultant, sponsor, sources
):
    client.force_login(consultant.user)
    for key in ("theme", "survey", "point"):
        client.post(turn_url(mission, key, sources), {"title": f"Action {key}", "priority": 2,
                                                      "status": "todo", "progress": 0})  # fmt: skip
    plan = ActionPlan.objects.get()
    person = PersonFactory(organization=mission.organization)
    Action.objects.update(owner=person, due_date=D(2099, 1, 1))
    svc.submit_plan(consultant, plan)
    action = Action.objects.get(title="Action theme")
    client.force_login(sponsor.user)
    assert client.get(turn_url(mission, "point", sources)).status_code == 403
    page = client.get(reverse("steering:action", args=[mission.pk, action.pk])).content.decode()
    assert "Circuit de validation" not in page and QUOTE not in page
    assert "/coding/" not in page
    assert "Son détail est réservé aux consultants." in page
    survey_action = Action.objects.get(title="Action survey")
    page = client.get(reverse("steering:action", args=[mission.pk, survey_action.pk])).content
    assert "adresser" not in page.decode()
    point_action = Action.objects.get(title="Action point")
    page = client.get(reverse("steering:action", args=[mission.pk, point_action.pk])).content
    assert "Les urgences court-circuitent" in page.decode()  # the team's charter is theirs too


def test_source_pages_offer_the_button(client, mission, consultant, sources):
    client.force_login(consultant.user)
    theme = sources["theme"]
    pages = {
        reverse("diagnostic:coding_theme", args=[mission.pk, theme.campaign_id, theme.pk]):
            turn_url(mission, "theme", sources),
        reverse("diagnostic:results_wave", args=[mission.pk, sources["wave"].survey_id,
                                                 sources["wave"].pk]):
            turn_url(mission, "survey", sources),
        reverse("practices:charter", args=[sources["point"].team_id]):
            turn_url(mission, "point", sources),
        reverse("practices:escalations", args=[sources["escalation"].team_id]):
            turn_url(mission, "escalation", sources),
        reverse("consultations:detail", args=[mission.pk, sources["statement"].consultation_id]):
            turn_url(mission, "statement", sources),
        reverse("commitments:review", args=[sources["gap"].review.version.promise.interface_id,
                                            sources["gap"].review.version_id]):
            turn_url(mission, "gap", sources),
    }  # fmt: skip
    for page, link in pages.items():
        body = client.get(page).content.decode()
        assert link in body, page
