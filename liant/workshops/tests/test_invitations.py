"""Invited-only workshops: personal links, refusal by code, revocation, anonymity."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from liant.core.models import AuditEntry
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory
from liant.workshops import selectors, services
from liant.workshops.models import Participant, WorkshopInvitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_people(owner):
    mission = MissionFactory(organization__workspace=owner.workspace)
    org = mission.organization
    direction = UnitFactory(organization=org, name="Direction")
    team = UnitFactory(organization=org, parent=direction, name="Équipe")
    ana = PersonFactory(organization=org, unit=direction, name="Ana", email="ana@example.org")
    bruno = PersonFactory(organization=org, unit=team, name="Bruno", email="")
    chloe = PersonFactory(organization=org, unit=None, name="Chloé", email="c@example.org")
    workshop = services.create_workshop(owner, title="Séminaire", mission=mission)
    services.add_board(owner, workshop, title="Irritants", prompts=["Ce qui freine"])
    return workshop, {"direction": direction, "team": team}, (ana, bruno, chloe)


def test_invite_people_and_whole_units_once(owner, org_people):
    workshop, units, (ana, bruno, chloe) = org_people
    people = selectors.people_of_units(owner, workshop, [units["direction"]])
    assert {p.name for p in people} == {"Ana", "Bruno"}  # the sub-unit's people too
    invited = services.invite(owner, workshop, people)
    assert len(invited) == 2
    assert services.invite(owner, workshop, [ana, chloe]) == [
        WorkshopInvitation.objects.get(person=chloe)
    ]
    tokens = set(WorkshopInvitation.objects.values_list("token", flat=True))
    assert len(tokens) == 3 and all(len(t) >= 32 for t in tokens)
    assert AuditEntry.objects.filter(action="workshop.invite").count() == 2


def test_invite_refuses_people_of_another_organisation_and_empty_choices(owner, org_people):
    workshop, _units, _people = org_people
    stranger = PersonFactory(organization__workspace=owner.workspace)
    with pytest.raises(PermissionDenied):
        services.invite(owner, workshop, [stranger])
    with pytest.raises(ValidationError):
        services.invite(owner, workshop, [])
    alone = services.create_workshop(owner, title="Sans mission")
    with pytest.raises(ValidationError):
        services.invite(owner, alone, [stranger])
    assert not WorkshopInvitation.objects.exists()


def test_sponsor_cannot_invite(sponsor, org_people):
    workshop, _units, (ana, _b, _c) = org_people
    with pytest.raises(PermissionDenied):
        services.invite(sponsor, workshop, [ana])


def test_code_alone_gets_a_clear_page_and_creates_nothing(client, owner, org_people):
    workshop, _units, (ana, _b, _c) = org_people
    services.set_invited_only(owner, workshop, True)
    url = reverse("live:join_workshop", args=[workshop.code])
    response = client.get(url)
    assert response.status_code == 403
    assert "sur invitation" in response.content.decode()
    response = client.post(url, {"pseudonym": "Intrus"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.join(workshop, pseudonym="Intrus")
    assert not Participant.objects.exists()


def test_personal_link_joins_as_the_same_participant_on_any_device(client, owner, org_people):
    workshop, _units, (ana, _b, _c) = org_people
    services.set_invited_only(owner, workshop, True)
    (invitation,) = services.invite(owner, workshop, [ana])
    url = reverse("live:invitation", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 200
    # The pseudonym stays optional and is never filled with the person's name.
    field = re.search(r"<input[^>]*name=\"pseudonym\"[^>]*>", page.content.decode()).group()
    assert "value=" not in field
    response = client.post(url, {"pseudonym": ""})
    board = workshop.boards.get()
    assert response.url == reverse("live:board", args=[workshop.code, board.pk])
    participant = Participant.objects.get()
    assert participant.pseudonym == ""
    assert client.cookies[f"liant_p_{workshop.code}"].value == str(participant.key)
    assert client.get(response.url).status_code == 200
    # Reload with the cookie: the code page lets them in as the same participant.
    assert client.get(reverse("live:join_workshop", args=[workshop.code])).status_code == 302

    other_device = client.__class__()
    again = other_device.get(url)
    assert again.status_code == 302
    assert other_device.cookies[f"liant_p_{workshop.code}"].value == str(participant.key)
    assert Participant.objects.count() == 1


def test_revoked_tampered_or_foreign_tokens_do_not_work(client, owner, org_people):
    workshop, _units, (ana, bruno, _c) = org_people
    services.set_invited_only(owner, workshop, True)
    ana_inv, bruno_inv = services.invite(owner, workshop, [ana, bruno])
    client.post(reverse("live:invitation", args=[ana_inv.token]), {"pseudonym": "A"})
    services.revoke_invitation(owner, ana_inv)
    services.revoke_invitation(owner, bruno_inv)
    for token in (ana_inv.token, bruno_inv.token, bruno_inv.token[:-1] + "x", "x" * 80):
        response = client.get(reverse("live:invitation", args=[token]))
        assert response.status_code == 404
        assert "invitation" in response.content.decode().lower()
        response = client.post(reverse("live:invitation", args=[token]), {"pseudonym": "B"})
        assert response.status_code == 404
    assert Participant.objects.count() == 1
    # Ana's cookie no longer opens the board either.
    board = workshop.boards.get()
    response = client.get(reverse("live:board", args=[workshop.code, board.pk]))
    assert response.status_code == 302
    assert client.get(response.url).status_code == 403


def test_a_token_of_another_workshop_joins_only_its_own_workshop(client, owner, org_people):
    workshop, _units, (ana, _b, _c) = org_people
    other = services.create_workshop(owner, title="Autre", mission=workshop.mission)
    services.add_board(owner, other, title="Tableau", prompts=["Q"])
    services.set_invited_only(owner, workshop, True)
    services.set_invited_only(owner, other, True)
    (invitation,) = services.invite(owner, other, [ana])
    client.post(reverse("live:invitation", args=[invitation.token]), {"pseudonym": ""})
    assert client.get(reverse("live:join_workshop", args=[workshop.code])).status_code == 403
    board = workshop.boards.get()
    response = client.get(reverse("live:board", args=[workshop.code, board.pk]))
    assert response.status_code == 302
    assert Participant.objects.get().workshop == other


def test_invitations_page_csv_and_email(owner_client, owner, org_people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    workshop, units, (ana, bruno, chloe) = org_people
    url = reverse("workshops:invitations", args=[workshop.pk])
    # Bad input: nothing chosen, or people of another organisation.
    stranger = PersonFactory(organization__workspace=owner.workspace)
    response = owner_client.post(url, {})
    assert response.status_code == 200 and "Choisissez au moins" in response.content.decode()
    response = owner_client.post(url, {"people": [stranger.pk]})
    assert response.status_code == 200
    assert not WorkshopInvitation.objects.exists()

    response = owner_client.post(url, {"units": [units["team"].pk], "people": [ana.pk]})
    assert response.status_code == 302
    assert set(WorkshopInvitation.objects.values_list("person__name", flat=True)) == {
        "Ana",
        "Bruno",
    }
    page = owner_client.get(url).content.decode()
    invitation = WorkshopInvitation.objects.get(person=ana)
    assert f"/join/invite/{invitation.token}/" in page

    owner_client.post(reverse("workshops:invited_only", args=[workshop.pk]), {"invited_only": "on"})
    workshop.refresh_from_db()
    assert workshop.invited_only

    csv_text = owner_client.get(reverse("workshops:invitations_csv", args=[workshop.pk]))
    body = csv_text.content.decode("utf-8-sig")
    assert "Ana;ana@example.org;Direction;http://testserver/join/invite/" in body

    response = owner_client.post(reverse("workshops:invitations_email", args=[workshop.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    assert invitation.token in mail.outbox[0].body
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Bruno" in m for m in messages)  # no e-mail address: said, not skipped silently

    revoke = reverse("workshops:invitation_revoke", args=[workshop.pk, invitation.pk])
    assert owner_client.get(revoke).status_code == 405
    owner_client.post(revoke)
    invitation.refresh_from_db()
    assert not invitation.active
    assert invitation.token not in owner_client.get(url).content.decode()


def test_sponsor_and_participants_cannot_reach_the_invitations(client, sponsor, org_people):
    workshop, _units, _people = org_people
    url = reverse("workshops:invitations", args=[workshop.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(sponsor.user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"people": []}).status_code == 403


def test_a_revoked_or_uninvited_participant_cannot_write_on_the_board(owner, org_people):
    import uuid

    from liant.live.protocol import CommandError, Who, apply

    workshop, _units, (ana, _b, _c) = org_people
    board = workshop.boards.get()
    column = board.columns.get()
    by_code = services.join(workshop)  # came with the code before the workshop was closed
    (invitation,) = services.invite(owner, workshop, [ana])
    invited = services.join_by_invitation(invitation)
    services.set_invited_only(owner, workshop, True)

    def add(participant):
        frame = {"id": str(uuid.uuid4()), "type": "card.add", "column": column.pk, "text": "Idée"}
        return apply(board.pk, Who(participant.pk), frame)

    add(invited)
    with pytest.raises(CommandError) as error:
        add(by_code)
    assert error.value.code == "forbidden"
    services.revoke_invitation(owner, invitation)
    with pytest.raises(CommandError):
        add(invited)
    assert board.cards.count() == 1


def test_an_smtp_failure_is_said_and_marks_nothing(owner_client, owner, org_people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    workshop, _units, (ana, _b, _c) = org_people
    services.invite(owner, workshop, [ana])
    response = owner_client.post(reverse("workshops:invitations_email", args=[workshop.pk]))
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("n’ont pas pu être envoyés" in m for m in messages)
    assert not WorkshopInvitation.objects.filter(emailed_at__isnull=False).exists()


def test_being_invited_never_puts_a_name_on_a_card(client, owner, org_people):
    import json
    import uuid

    from liant.live import projection
    from liant.live.protocol import Who, apply
    from liant.workshops import minutes

    workshop, _units, (ana, bruno, _c) = org_people
    workshop.signed_cards = True  # even with signed cards, only a pseudonym chosen by the person
    workshop.save()
    ana_inv, bruno_inv = services.invite(owner, workshop, [ana, bruno])
    services.set_invited_only(owner, workshop, True)
    client.post(reverse("live:invitation", args=[ana_inv.token]), {"pseudonym": ""})
    ana_participant = WorkshopInvitation.objects.get(pk=ana_inv.pk).participant
    bruno_participant = services.join_by_invitation(bruno_inv)
    board = workshop.boards.get()
    frame = {"id": str(uuid.uuid4()), "type": "card.add", "column": board.columns.get().pk}
    event, _ = apply(board.pk, Who(ana_participant.pk), {**frame, "text": "Idée"})
    snapshot = projection.snapshot(board, Who(bruno_participant.pk, False))
    view = projection.event_view(
        event.kind, event.payload, event.seq, Who(None, True), signed=True, results=True
    )
    board.revealed = True
    board.save()
    exported = minutes.as_markdown(workshop, minutes.workshop_minutes(workshop))
    exported += minutes.as_csv(workshop, minutes.workshop_minutes(workshop))
    for text in (json.dumps(snapshot), json.dumps(view), exported):
        assert "Ana" not in text


def test_cafe_and_open_space_pages_refuse_uninvited_and_revoked_participants(
    client, owner, org_people
):
    import datetime

    from liant.live.consumers import participant_cookie
    from liant.workshops import openspace
    from liant.workshops.worldcafe import configure_cafe

    workshop, _units, (ana, _b, _c) = org_people
    configure_cafe(
        owner, workshop, questions=["Question"], rounds=2, round_minutes=10, table_names=["A"]
    )
    openspace.enable(
        owner,
        workshop,
        theme="Forum",
        rooms=["Salle"],
        slots=[(datetime.time(10), datetime.time(11))],
    )
    by_code = services.join(workshop)
    (invitation,) = services.invite(owner, workshop, [ana])
    invited = services.join_by_invitation(invitation)
    services.set_invited_only(owner, workshop, True)
    join_page = reverse("live:join_workshop", args=[workshop.code])
    pages = [
        reverse("live:cafe", args=[workshop.code]),
        reverse("live:openspace", args=[workshop.code]),
    ]

    def visit(participant):
        client.cookies[participant_cookie(workshop)] = str(participant.key)
        return [client.get(page) for page in pages]

    assert all(response.status_code == 200 for response in visit(invited))
    for response in visit(by_code):
        assert response.status_code == 302 and response.url == join_page
    services.revoke_invitation(owner, invitation)
    for response in visit(invited):
        assert response.status_code == 302 and response.url == join_page
