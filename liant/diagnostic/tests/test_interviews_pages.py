"""Campaigns, guide and interviews through the pages: what a consultant does, and what bad
input gets (a clear message in French, nothing stored)."""

import pytest
from django.urls import reverse

from liant.core.tenancy import Role
from liant.core.testing import PersonFactory, make_actor
from liant.diagnostic.models import GuideQuestion, GuideSection, Interview, InterviewCampaign

from .interviews_world import build, in_days, interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build()


@pytest.fixture
def consultant_client(client, world):
    client.force_login(world.consultant.user)
    return client


def url(world, name, **kwargs):
    kwargs = {"mission_pk": world.mission.pk, **kwargs}
    if name not in ("campaign_create", "interviews_ical"):
        kwargs.setdefault("campaign_pk", world.campaign.pk)
    return reverse(f"diagnostic:{name}", kwargs=kwargs)


def test_every_page_renders(consultant_client, world):
    planned = interview(world, [world.people["Claire Dubois"]])
    pages = [
        url(world, "campaign_create"),
        url(world, "campaign_detail"),
        url(world, "campaign_edit"),
        url(world, "campaign_guide"),
        url(world, "guide_print"),
        url(world, "campaign_schedule"),
        url(world, "campaign_coverage"),
        url(world, "interview_create"),
        url(world, "guide_section_edit", guide_section_pk=world.section.pk),
        url(world, "guide_section_delete", guide_section_pk=world.section.pk),
        url(world, "guide_question_add", guide_section_pk=world.section.pk),
        url(world, "guide_question_edit", guide_question_pk=world.questions[0].pk),
        url(world, "guide_question_delete", guide_question_pk=world.questions[0].pk),
        url(world, "interview_edit", interview_pk=planned.pk),
        url(world, "interview_delete", interview_pk=planned.pk),
        url(world, "interview_notes", interview_pk=planned.pk),
        reverse("diagnostic:home", args=[world.mission.pk]),
    ]
    for page in pages:
        response = consultant_client.get(page)
        assert response.status_code == 200, page
        assert "Claire Dubois" in response.content.decode() or "notes" not in page


def test_create_a_campaign(consultant_client, world):
    response = consultant_client.post(
        url(world, "campaign_create"),
        {
            "title": "Deuxième vague",
            "status": "preparing",
            "target_coverage": "60",
            "target_units": [world.service_a.pk],
            "target_people": [world.people["Luc Moreau"].pk],
            "partners": [world.partner.pk],
        },
    )
    campaign = InterviewCampaign.objects.get(title="Deuxième vague")
    assert response.status_code == 302
    assert response["Location"] == url(world, "campaign_guide", campaign_pk=campaign.pk)
    assert campaign.target_coverage == 60
    assert list(campaign.target_units.all()) == [world.service_a]
    assert campaign.workspace_id == world.mission.workspace_id


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": ""}, "Veuillez donner un titre à la campagne."),
        ({"target_coverage": "0"}, "Indiquez une couverture entre 1 et 100"),
        ({"target_coverage": "101"}, "Indiquez une couverture entre 1 et 100"),
        ({"target_people": ["OTHER"]}, "Choisissez des personnes de l’organisation de la mission."),
        ({"partners": ["LUC"], "target_people": ["LUC"]}, "soit dans la cible, soit partenaire"),
    ],
)
def test_bad_campaign_input(consultant_client, world, data, message):
    other = PersonFactory(organization__workspace=world.mission.workspace)
    luc = world.people["Luc Moreau"]
    values = {"title": "Nouvelle", "status": "preparing", "target_coverage": "50"} | data
    for key, value in values.items():
        if isinstance(value, list):
            values[key] = [{"OTHER": other.pk, "LUC": luc.pk}[v] for v in value]
    count = InterviewCampaign.objects.count()
    response = consultant_client.post(url(world, "campaign_create"), values)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert InterviewCampaign.objects.count() == count


def test_guide_editor(consultant_client, world):
    section_url = url(world, "guide_question_add", guide_section_pk=world.section.pk)
    response = consultant_client.post(
        section_url, {"question-text": "Et demain ?", "question-prompts": " A \n\n B "}
    )
    assert response.status_code == 302
    added = GuideQuestion.objects.get(text="Et demain ?")
    assert added.prompt_list == ["A", "B"] and added.position == 2
    # An empty question: a message, nothing stored.
    count = GuideQuestion.objects.count()
    response = consultant_client.post(section_url, {"question-text": "  ", "question-prompts": ""})
    assert response.status_code == 200
    assert "Écrivez la question." in response.content.decode()
    assert GuideQuestion.objects.count() == count
    # Reorder with the buttons.
    move = url(world, "guide_question_move", guide_question_pk=added.pk)
    consultant_client.post(move, {"direction": "up"})
    consultant_client.post(move, {"direction": "up"})
    consultant_client.post(move, {"direction": "up"})  # already first: stays
    texts = list(world.section.questions.values_list("text", flat=True))
    assert texts[0] == "Et demain ?"
    page = consultant_client.get(url(world, "campaign_guide")).content.decode()
    assert page.index("Et demain ?") < page.index("Comment décririez-vous votre travail ?")
    assert list(world.section.questions.values_list("position", flat=True)) == [0, 1, 2]
    # A second section, moved first.
    consultant_client.post(url(world, "campaign_guide"), {"section-title": "Conclusion"})
    last = GuideSection.objects.get(title="Conclusion")
    consultant_client.post(
        url(world, "guide_section_move", guide_section_pk=last.pk), {"direction": "up"}
    )
    titles = list(world.campaign.sections.values_list("title", flat=True))
    assert titles == ["Conclusion", "Votre rôle"]
    # Edit, then delete a question without notes.
    consultant_client.post(
        url(world, "guide_question_edit", guide_question_pk=added.pk),
        {"question-text": "Et dans un an ?", "question-prompts": ""},
    )
    added.refresh_from_db()
    assert added.text == "Et dans un an ?"
    consultant_client.post(url(world, "guide_question_delete", guide_question_pk=added.pk))
    assert not GuideQuestion.objects.filter(pk=added.pk).exists()


def test_questions_with_notes_are_not_deleted(consultant_client, world):
    from liant.diagnostic import services_interviews as services

    planned = interview(world, [world.people["Claire Dubois"]])
    services.save_note(world.consultant, planned, world.questions[0], text="Dit", base_version=0)
    question_url = url(world, "guide_question_delete", guide_question_pk=world.questions[0].pk)
    assert "ne peut pas être supprimée" in consultant_client.get(question_url).content.decode()
    consultant_client.post(question_url)
    consultant_client.post(url(world, "guide_section_delete", guide_section_pk=world.section.pk))
    assert GuideQuestion.objects.filter(pk=world.questions[0].pk).exists()
    consultant_client.post(url(world, "interview_delete", interview_pk=planned.pk))
    assert Interview.objects.filter(pk=planned.pk).exists()


def interview_data(world, **extra):
    return {
        "kind": "individual",
        "people": [world.people["Claire Dubois"].pk],
        "scheduled_at": in_days(3).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "place": "Salle 2",
        "interviewer": world.consultant.user.pk,
        "status": "planned",
    } | extra


def test_schedule_an_individual_and_a_collective_interview(consultant_client, world):
    response = consultant_client.post(url(world, "interview_create"), interview_data(world))
    assert response.status_code == 302
    p = world.people
    response = consultant_client.post(
        url(world, "interview_create"),
        interview_data(
            world, kind="collective", label="Équipe paie",
            people=[p["Karim Benali"].pk, p["Sophie Martin"].pk],
        ),
    )  # fmt: skip
    assert response.status_code == 302
    group = Interview.objects.get(label="Équipe paie")
    assert group.people.count() == 2 and group.interviewer == world.consultant.user
    # Marked done from the notes page.
    consultant_client.post(
        url(world, "interview_status", interview_pk=group.pk), {"status": "done", "next": "notes"}
    )
    group.refresh_from_db()
    assert group.status == "done"


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"scheduled_at": ""}, "Indiquez la date et l’heure d’un entretien prévu."),
        ({"scheduled_at": "demain"}, "Saisissez une date et une heure."),
        ({"people": ["OTHER_ORG"]}, "Choisissez des personnes de l’organisation de la mission."),
        ({"interviewer": "FOREIGN"}, "Choisissez un consultant de votre espace."),
        ({"interviewer": "SPONSOR"}, "Choisissez un consultant de votre espace."),
        ({"people": ["CLAIRE", "LUC"]}, "Un entretien individuel se fait avec une personne"),
        ({"kind": "collective"}, "Un entretien collectif réunit au moins deux personnes."),
        ({"duration_minutes": "2"}, "5"),
    ],
)
def test_bad_interview_input(consultant_client, world, extra, message):
    other_org_person = PersonFactory(organization__workspace=world.mission.workspace)
    foreign = make_actor(role=Role.OWNER)  # another workspace
    values = {
        "OTHER_ORG": other_org_person.pk,
        "FOREIGN": foreign.user.pk,
        "SPONSOR": world.sponsor.user.pk,
        "CLAIRE": world.people["Claire Dubois"].pk,
        "LUC": world.people["Luc Moreau"].pk,
    }
    data = interview_data(world)
    for key, value in extra.items():
        data[key] = (
            [values[v] for v in value] if isinstance(value, list) else values.get(value, value)
        )
    response = consultant_client.post(url(world, "interview_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Interview.objects.exists()


def test_interviewer_from_another_workspace_refused_by_the_service(world):
    from django.core.exceptions import ValidationError

    from liant.diagnostic import services_interviews as services

    foreign = make_actor(role=Role.CONSULTANT)
    with pytest.raises(ValidationError) as error:
        services.create_interview(
            world.consultant, world.campaign, kind="individual",
            people=[world.people["Claire Dubois"]], scheduled_at=in_days(1),
            interviewer=foreign.user, status="planned",
        )  # fmt: skip
    assert "interviewer" in error.value.message_dict
    assert not Interview.objects.exists()


def test_schedule_view_upcoming_first_and_filters(consultant_client, world):
    p = world.people
    past = interview(world, [p["Claire Dubois"]], days=-3, status="done")
    later = interview(world, [p["Karim Benali"]], days=5)
    soon = interview(world, [p["Luc Moreau"]], days=1, interviewer=world.owner)
    body = consultant_client.get(url(world, "campaign_schedule")).content.decode()
    positions = [body.index(name) for name in ("Luc Moreau", "Karim Benali", "Claire Dubois")]
    assert positions == sorted(positions)  # tomorrow, in five days, then the past
    filtered = consultant_client.get(
        url(world, "campaign_schedule"), {"interviewer": world.owner.user.pk}
    ).content.decode()
    assert "Luc Moreau" in filtered and "Karim Benali" not in filtered
    done = consultant_client.get(url(world, "campaign_schedule"), {"status": "done"})
    assert "Claire Dubois" in done.content.decode()
    assert "Luc Moreau" not in done.content.decode()
    assert {past.pk, later.pk, soon.pk}


def test_pages_in_english(consultant_client, world):
    planned = interview(world, [world.people["Claire Dubois"]])
    consultant_client.cookies["django_language"] = "en"
    detail = consultant_client.get(url(world, "campaign_detail")).content.decode()
    assert "Schedule an interview" in detail and "Interview guide" in detail
    notes = consultant_client.get(url(world, "interview_notes", interview_pk=planned.pk))
    body = notes.content.decode()
    assert "Offline — kept on this device" in body and "Free notes" in body
    coverage = consultant_client.get(url(world, "campaign_coverage")).content.decode()
    assert "How it is counted" in coverage
