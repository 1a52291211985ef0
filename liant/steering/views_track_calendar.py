"""Personal calendar feeds: the page that creates and revokes them, and the feed itself
(``/calendar/<token>.ics``, no login: the token is the capability)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from liant.core.decorators import actor_required, not_post

from . import ical, selectors_track, services_track_calendar


@actor_required
def feeds(request):
    actor = request.actor
    token = request.session.pop("steering_new_feed_token", None)
    new_url = request.build_absolute_uri(reverse("calendar:feed", args=[token])) if token else None
    return render(
        request,
        "steering/track/feeds.html",
        {"nav": "calendar", "feeds": selectors_track.feed_list(actor), "new_url": new_url},
    )


@actor_required
def feed_add(request):
    if response := not_post(request):
        return response
    _feed, token = services_track_calendar.create_feed(request.actor)
    # Kept in the session for the one page that shows it; only its hash is stored.
    request.session["steering_new_feed_token"] = token
    messages.success(request, _("Calendar feed created. Copy its address now: it is shown once."))
    return redirect("calendar:feeds")


@actor_required
def feed_revoke(request, feed_pk):
    feed = selectors_track.get_feed(request.actor, feed_pk)
    if response := not_post(request):
        return response
    services_track_calendar.revoke_feed(request.actor, feed)
    messages.success(request, _("Feed revoked: calendars using it no longer update."))
    return redirect("calendar:feeds")


@require_GET
def feed_ics(request, token):
    try:
        actor = services_track_calendar.actor_for_token(token)
    except services_track_calendar.FeedRevoked:
        return HttpResponse(
            _("This calendar feed was revoked. Create a new one in Liant."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    body = ical.feed_calendar(actor, domain=request.get_host().split(":")[0] or "liant")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="liant.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
