"""Facilitators' and participants' pages, bad input and anonymity."""

import datetime
import io
import re
import zipfile

import pytest
from django.utils import timezone

from liant.consultations import services
from liant.consultations.models import Consultation, Statement, Vote
from liant.consultations.views_take import cookie_name
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory

from .factories import ConsultationFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(owner):
    mission = MissionFactory(organization__workspace=owner.workspace)
    return ConsultationFactory(mission=mission, title="Charte numérique")


def base(c):
    return f"/missions/{c.mission_id}/consultations/{c.pk}/"


def test_create_a_consultation_and_bad_dates(owner_client, owner):
    mission = MissionFactory(organization__workspace=owner.workspace)
    url = f"/missions/{mission.pk}/consultations/new/"
    assert owner_client.get(url).status_code == 200
    data = {
        "title": "Charte des usages numériques", "question": "Que doit-elle dire ?",
        "opens_at": "2026-03-01T09:00", "closes_at": "2026-02-01T09:00", "access": "link",
        "language": "fr", "moderation": "pre", "roles": "Manager\nAgent\nagent",
    }  # fmt: skip
    response = owner_client.post(url, data)
    assert response.status_code == 200
    assert "La date de clôture doit venir après la date d’ouverture." in response.content.decode()
    assert not Consultation.objects.exists()
    response = owner_client.post(url, {**data, "closes_at": "2026-05-01T09:00"})
    consultation = Consultation.objects.get()
    assert response.url == base(consultation)
    assert consultation.roles == ["Manager", "Agent"]


def test_seed_statements_and_dashboard(owner_client, consultation):
    response = owner_client.post(base(consultation) + "statements/", {"text": "x" * 300})
    assert Statement.objects.count() == 0
    seed = {"text": "Pas de mail le soir"}
    response = owner_client.post(base(consultation) + "statements/", seed)
    assert response.status_code == 302
    page = owner_client.get(base(consultation)).content.decode()
    assert "Pas de mail le soir" in page
    assert consultation.secret in page  # the public link
    partial = owner_client.get(base(consultation), headers={"HX-Request": "true"})
    assert "cs-dashboard" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_participant_flow_profile_vote_change_and_write(client, consultation):
    unit = UnitFactory(organization=consultation.mission.organization, name="Service RH")
    consultation.ask_unit = True
    consultation.roles = ["Manager", "Agent"]
    consultation.save()
    first = StatementFactory(consultation=consultation, text="Pas de mail après 20 h")
    url = f"/c/{consultation.secret}/"
    assert "Participer" in client.get(url).content.decode()
    response = client.post(url + "start/")
    assert response.status_code == 302 and cookie_name(consultation) in response.cookies
    page = client.get(url).content.decode()
    assert "Service RH" in page  # the profile, asked once
    response = client.post(url + "profile/", {"unit": "999999", "role": "Agent"})
    assert response.status_code == 400
    client.post(url + "profile/", {"unit": str(unit.pk), "role": "Agent"})
    page = client.get(url).content.decode()
    assert "Pas de mail après 20 h" in page and "D’accord" in page
    client.post(url + "vote/", {"statement": first.pk, "value": "1"})
    client.post(url + "vote/", {"statement": first.pk, "value": "-1"})  # changed
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]
    assert client.post(url + "vote/", {"statement": first.pk, "value": "5"}).status_code == 400
    assert client.post(url + "vote/", {"statement": "abc", "value": "1"}).status_code == 400
    page = client.get(url).content.decode()
    assert "Vous avez donné votre avis sur toutes les propositions" in page
    response = client.post(url + "write/", {"text": "Aucun mail après 20 heures"})
    assert "Des propositions proches existent déjà" in response.content.decode()
    assert Statement.objects.count() == 1
    confirmed = {"text": "Aucun mail après 20 heures", "confirmed": "True"}
    response = client.post(url + "write/", confirmed)
    assert response.status_code == 302
    assert Statement.objects.filter(status="pending").count() == 1
    response = client.post(url + "write/", {"text": "y" * 281})
    assert response.status_code == 400
    assert "au plus 280 caractères" in response.content.decode()


def test_participant_pages_speak_the_consultation_language(client, consultation):
    consultation.language = "en"
    consultation.save()
    assert "Take part" in client.get(f"/c/{consultation.secret}/").content.decode()


def test_closed_and_invited_only_consultations(client, consultation, owner):
    consultation.opens_at = timezone.now() + datetime.timedelta(days=2)
    consultation.closes_at = consultation.opens_at + datetime.timedelta(days=30)
    consultation.save()
    page = client.get(f"/c/{consultation.secret}/").content.decode()
    assert "Cette consultation ouvrira le" in page
    client.post(f"/c/{consultation.secret}/start/")
    assert not consultation.participants.exists()
    consultation.opens_at = timezone.now() - datetime.timedelta(days=1)
    consultation.access = Consultation.Access.INVITED
    consultation.save()
    assert client.get(f"/c/{consultation.secret}/").status_code == 403
    assert client.post(f"/c/{consultation.secret}/start/").status_code == 403
    person = PersonFactory(organization=consultation.mission.organization)
    (invitation,) = services.invite(owner, consultation, [person])
    response = client.get(f"/c/i/{invitation.token}/")
    assert response.status_code == 302
    assert client.get(f"/c/{consultation.secret}/").status_code == 200
    services.revoke_invitation(owner, invitation)
    assert client.get(f"/c/{consultation.secret}/").status_code == 403
    assert client.get("/c/i/unknown-token/").status_code == 404
    assert client.get("/c/unknown-secret/").status_code == 404


def test_moderation_queue_and_reasons(owner_client, consultation):
    participant = services.join(consultation)
    services.submit_statement(participant, "Interdire les réunions avant 9 h")
    statement = Statement.objects.get()
    page = owner_client.get(base(consultation) + "moderation/").content.decode()
    assert "Interdire les réunions avant 9 h" in page
    url = base(consultation) + f"statements/{statement.pk}/moderate/"
    owner_client.post(url, {"decision": "reject", "reason": ""})
    statement.refresh_from_db()
    assert statement.status == "pending"
    owner_client.post(url, {"decision": "reject", "reason": "several_ideas", "note": "à scinder"})
    statement.refresh_from_db()
    assert (statement.status, statement.reason) == ("rejected", "several_ideas")
    page = owner_client.get(base(consultation) + "moderation/").content.decode()
    assert "Plusieurs idées dans une proposition" in page and "à scinder" in page


def test_sponsor_reads_but_does_not_moderate(client, consultation, sponsor):
    consultation.mission.organization = sponsor.membership.organization
    consultation.mission.save()
    client.force_login(sponsor.user)
    assert client.get(base(consultation)).status_code == 200
    assert client.get(base(consultation) + "moderation/").status_code == 403
    assert client.get(base(consultation) + "export/").status_code == 403


def vote_grid(consultation, n=6):
    statements = [StatementFactory(consultation=consultation) for _ in range(3)]
    for i in range(n):
        participant = services.join(consultation)
        for j, statement in enumerate(statements):
            services.cast_vote(participant, statement, 1 if (i + (j == 0)) % 2 else -1)
    return statements


def test_map_page_shows_groups_and_a_chosen_group(owner_client, consultation, fake_math):
    statements = vote_grid(consultation)
    owner_client.get(base(consultation) + "map/")  # requests the map (inline in tests)
    page = owner_client.get(base(consultation) + "map/").content.decode()
    assert page.count('class="cs-point"') == 6
    # SVG coordinates are plain numbers, never localised ("300,5" would break the drawing).
    coordinates = re.findall(r'<circle cx="([^"]+)" cy="([^"]+)"', page)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for xy in coordinates for c in xy)
    assert "Groupe A" in page and "Groupe B" in page
    page = owner_client.get(base(consultation) + "map/?group=1").content.decode()
    assert "Ce que pense le groupe B" in page
    assert statements[0].text in page
    assert owner_client.get(base(consultation) + "map/?group=x").status_code == 200
    report = owner_client.get(base(consultation) + "report/").content.decode()
    assert "Consensus entre les groupes" in report and statements[0].text in report


def test_no_identity_leaves_the_server(owner_client, owner, client, consultation, fake_math):
    unit = UnitFactory(organization=consultation.mission.organization, name="Unité Zéphyr")
    consultation.ask_unit = True
    consultation.save()
    vote_grid(consultation)
    participant = consultation.participants.first()
    services.save_profile(participant, unit=unit)
    services.submit_statement(participant, "Une proposition signée par personne")
    person = PersonFactory(organization=consultation.mission.organization, name="Jeanne Quidam")
    (invitation,) = services.invite(owner, consultation, [person])
    invited = services.join_by_invitation(invitation)
    services.cast_vote(invited, consultation.statements.filter(status="accepted").first(), 1)
    owner_client.get(base(consultation) + "map/")
    keys = [str(k) for k in consultation.participants.values_list("key", flat=True)]
    pages = [
        owner_client.get(base(consultation) + suffix).content.decode()
        for suffix in ("", "map/", "map/?group=0", "report/", "moderation/")
    ]
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(base(consultation) + "export/").content))
    exports = [archive.read(n).decode() for n in archive.namelist()]
    client.cookies[cookie_name(consultation)] = keys[1]
    pages.append(client.get(f"/c/{consultation.secret}/").content.decode())
    for text in pages + exports:
        for key in keys:
            assert key not in text
        assert "Jeanne Quidam" not in text
        assert invitation.token not in text
    # Exports name participants by number only: no unit, no role.
    assert "Unité Zéphyr" not in "".join(exports)
    # Participant pages never show who wrote a statement.
    assert not re.search(r"#\d+", pages[-1])
