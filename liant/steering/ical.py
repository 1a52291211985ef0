"""The per-user calendar feed (iCalendar, RFC 5545, written with ``icalendar``).

What a feed holds is what its user may see in the feed's workspace, read through the
user's membership at the time the feed is fetched (a user who left the workspace gets an
empty feed, and a revoked feed answers 410): workshops, milestones and milestone reviews of
the missions they see; for the firm's staff also their own interviews (the diagnostic's
``interview_event``) and the due dates of open actions. Interviews never reach sponsors: who
is interviewed is confidential.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from liant.core.tenancy import Actor, scoped
from liant.diagnostic.ical_interviews import interview_event
from liant.diagnostic.models import Interview
from liant.missions.selectors import mission_list
from liant.workshops.models import Workshop

from .models import Action, Milestone, Review

HISTORY_DAYS = 365  # older events are left out of the feed


def _all_day(event: Event, date: datetime.date) -> None:
    event.add("dtstart", date)
    event.add("dtend", date + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")


def _event(uid: str, summary: str, stamp, description: str = "") -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    return event


def feed_calendar(actor: Actor, *, domain: str) -> bytes:
    now = timezone.now()
    stamp = now.astimezone(datetime.UTC).replace(microsecond=0)
    since = (now - datetime.timedelta(days=HISTORY_DAYS)).date()
    missions = list(mission_list(actor))
    titles = {mission.pk: mission.title for mission in missions}
    calendar = Calendar()
    calendar.add("prodid", "-//Liant//Steering//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Liant · %(workspace)s") % {"workspace": actor.workspace.name})

    workshops = scoped(Workshop.objects.all(), actor).filter(
        starts_at__isnull=False, starts_at__date__gte=since
    )
    if not actor.is_staff_member:
        workshops = workshops.filter(mission_id__in=titles)
    for workshop in workshops.order_by("starts_at", "id"):
        event = _event(
            f"workshop-{workshop.pk}@{domain}",
            _("Workshop: %(title)s") % {"title": workshop.title},
            stamp,
            titles.get(workshop.mission_id, ""),
        )
        start = workshop.starts_at.astimezone(datetime.UTC)
        event.add("dtstart", start)
        event.add("dtend", (workshop.ends_at or workshop.starts_at).astimezone(datetime.UTC))
        if workshop.place:
            event.add("location", workshop.place)
        calendar.add_component(event)

    milestones = scoped(Milestone.objects.all(), actor).filter(
        plan__mission_id__in=titles, date__gte=since
    )
    for milestone in milestones.select_related("plan"):
        event = _event(
            f"milestone-{milestone.pk}@{domain}",
            _("Milestone: %(title)s") % {"title": milestone.title},
            stamp,
            titles[milestone.plan.mission_id],
        )
        _all_day(event, milestone.date)
        calendar.add_component(event)

    reviews = scoped(Review.objects.all(), actor).filter(
        plan__mission_id__in=titles, date__gte=since
    )
    for review in reviews.select_related("plan"):
        event = _event(
            f"review-{review.pk}@{domain}",
            _("Milestone review: %(title)s") % {"title": review.title},
            stamp,
            titles[review.plan.mission_id],
        )
        _all_day(event, review.date)
        calendar.add_component(event)

    if actor.is_staff_member:
        actions = (
            scoped(Action.objects.all(), actor)
            .filter(plan__mission_id__in=titles, due_date__gte=since)
            .exclude(status__in=Action.CLOSED_STATUSES)
            .select_related("plan", "owner")
        )
        for action in actions:
            lines = [titles[action.plan.mission_id]]
            if action.owner:
                lines.append(_("Owner: %(name)s") % {"name": action.owner.name})
            event = _event(
                f"action-due-{action.pk}@{domain}",
                _("Due: %(title)s") % {"title": action.title},
                stamp,
                "\n".join(lines),
            )
            _all_day(event, action.due_date)
            calendar.add_component(event)

        interviews = (
            scoped(Interview.objects.all(), actor)
            .filter(
                interviewer=actor.user,
                scheduled_at__isnull=False,
                scheduled_at__date__gte=since,
                campaign__mission_id__in=titles,
            )
            .select_related("campaign__mission")
            .prefetch_related("people")
        )
        for interview in interviews:
            calendar.add_component(
                interview_event(
                    interview, mission=interview.campaign.mission, stamp=stamp, domain=domain
                )
            )
    return calendar.to_ical()
