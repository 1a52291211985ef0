"""iCalendar (RFC 5545) export of a consultant's interviews, written with ``icalendar``.

An event says who is interviewed, where and in which campaign; never a note.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Interview

STATUS = {
    Interview.Status.PLANNED: "CONFIRMED",
    Interview.Status.DONE: "CONFIRMED",
    Interview.Status.CANCELLED: "CANCELLED",
    Interview.Status.REFUSED: "CANCELLED",
}


def interview_title(interview: Interview) -> str:
    people = ", ".join(person.name for person in interview.people.all())
    if interview.kind == Interview.Kind.COLLECTIVE:
        name = interview.label or people
        return _("Collective interview: %(name)s") % {"name": name}
    return _("Interview: %(name)s") % {"name": people or interview.label}


def interview_event(
    interview: Interview, *, mission, stamp: datetime.datetime, domain: str
) -> Event:
    """One interview as an event (also used by the steering calendar feed)."""
    start = interview.scheduled_at.astimezone(datetime.UTC)
    event = Event()
    event.add("uid", f"interview-{interview.pk}@{domain}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=interview.duration_minutes))
    event.add("summary", interview_title(interview))
    if interview.place:
        event.add("location", interview.place)
    lines = [
        _("Campaign: %(title)s") % {"title": interview.campaign.title},
        _("Mission: %(title)s") % {"title": mission.title},
        _("People: %(names)s") % {"names": ", ".join(p.name for p in interview.people.all())},
    ]
    event.add("description", "\n".join(lines))
    event.add("status", STATUS[interview.status])
    event.add("last-modified", interview.updated_at.astimezone(datetime.UTC).replace(microsecond=0))
    return event


def interviews_calendar(interviews: Iterable[Interview], *, mission, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Liant//Interviews//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Interviews · %(mission)s") % {"mission": mission.title})
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    domain = host.split(":")[0] or "liant"
    for interview in interviews:
        calendar.add_component(
            interview_event(interview, mission=mission, stamp=stamp, domain=domain)
        )
    return calendar.to_ical()
