"""The iCal export of one's interviews, parsed back with ``icalendar``."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from liant.core.testing import PersonFactory
from liant.diagnostic import services_interviews as services

from .interviews_world import build, in_days, interview

pytestmark = pytest.mark.django_db


def test_ical_export_of_my_interviews(client):
    world = build()
    p = world.people
    mine = interview(world, [p["Claire Dubois"]], place="Salle 3; bâtiment B, 2e étage")
    collective = interview(
        world, [p["Luc Moreau"], p["Inès Girard"]], label="Équipe recrutement", days=3
    )
    interview(world, [p["Karim Benali"]], interviewer=world.owner)  # someone else's
    interview(world, [p["Sophie Martin"]], status="done", days=-1)  # past, still listed
    services.create_interview(  # no date yet: not in a calendar
        world.consultant, world.campaign, kind="individual", people=[world.partner],
        scheduled_at=None, duration_minutes=45, interviewer=world.consultant.user,
        status="cancelled",
    )  # fmt: skip
    client.force_login(world.consultant.user)
    response = client.get(reverse("diagnostic:interviews_ical", args=[world.mission.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    by_uid = {str(event["UID"]): event for event in events}
    first = by_uid[f"interview-{mine.pk}@testserver"]
    assert str(first["SUMMARY"]) == "Entretien\u00a0: Claire Dubois"
    assert str(first["LOCATION"]) == "Salle 3; bâtiment B, 2e étage"  # escaped and read back
    start = first.decoded("DTSTART")
    assert start == in_days(2).astimezone(datetime.UTC)
    assert first.decoded("DTEND") - start == datetime.timedelta(minutes=60)
    assert "Entretiens de diagnostic" in str(first["DESCRIPTION"])
    assert str(first["STATUS"]) == "CONFIRMED"
    group = by_uid[f"interview-{collective.pk}@testserver"]
    assert str(group["SUMMARY"]) == "Entretien collectif\u00a0: Équipe recrutement"
    assert "Inès Girard" in str(group["DESCRIPTION"])
    assert "Karim Benali" not in response.content.decode()


def test_ical_is_for_staff_only(client):
    world = build()
    PersonFactory(organization=world.mission.organization)
    client.force_login(world.sponsor.user)
    response = client.get(reverse("diagnostic:interviews_ical", args=[world.mission.pk]))
    assert response.status_code == 404
