"""A participant's World Café page (phone first): which round, which table, which host.

It refreshes itself with a small htmx poll every few seconds (a round changes a few times
an hour: no websocket needed); the table boards keep their live websocket.
"""

from django.shortcuts import redirect, render

from liant.workshops import selectors, worldcafe
from liant.workshops import worldcafe_selectors as cafes

from .consumers import participant_cookie

POLL_SECONDS = 4


def participant_cafe(request, code):
    workshop = selectors.workshop_by_code(code)
    participant = selectors.participant_by_key(
        workshop, request.COOKIES.get(participant_cookie(workshop))
    )
    if not selectors.participant_admitted(workshop, participant):
        return redirect("live:join_workshop", code=workshop.code)
    cafe = cafes.cafe_of(workshop)
    if cafe is None:
        return redirect("live:join_workshop", code=workshop.code)
    worldcafe.seat_latecomer(cafe, participant)
    context = {
        "workshop": workshop,
        "cafe": cafe,
        "place": cafes.placement(cafe, participant),
        "ends_at": cafes.round_ends_at(cafe),
        "seconds_left": cafes.seconds_left(cafe),
        "compact": request.GET.get("compact") == "1",
        "current_board": _int(request.GET.get("board")),
        "poll_seconds": POLL_SECONDS,
    }
    if request.htmx:
        return render(request, "live/cafe_status.html", context)
    return render(request, "live/cafe.html", context)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
