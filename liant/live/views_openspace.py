"""The participant's Open Space, on a phone and without an account: propose sessions,
browse the grid, choose one session per time slot, open a session's notes.

The workshop code in the URL and the participant cookie of that workshop are the only keys:
a participant of another workshop is unknown here and is sent to this workshop's join page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from liant.core.forms import add_service_errors
from liant.workshops import openspace, selectors
from liant.workshops import openspace_selectors as os_selectors
from liant.workshops.models import Participant
from liant.workshops.openspace_forms import SessionForm

from .consumers import participant_cookie


def current_participant(request, workshop) -> Participant | None:
    """The participant of the cookie, if the workshop admits them (invited-only workshops:
    an active invitation)."""
    key = request.COOKIES.get(participant_cookie(workshop))
    participant = selectors.participant_by_key(workshop, key)
    return participant if selectors.participant_admitted(workshop, participant) else None


def _rate_key(group, request) -> str:
    """Rate limits count per participant (a whole room may share one public address)."""
    code = (request.resolver_match.kwargs.get("code") or "").upper()
    return request.COOKIES.get(f"liant_p_{code}") or request.META.get("REMOTE_ADDR", "")


def _context(request, code):
    workshop = selectors.workshop_by_code(code)
    open_space = os_selectors.open_space_of(workshop)
    return workshop, open_space, current_participant(request, workshop)


def _page(request, workshop, open_space, participant, form=None, status=200):
    grid = os_selectors.grid(open_space, participant)
    boards = workshop.boards.filter(open_space_session__isnull=True)
    return render(
        request,
        "live/openspace.html",
        {
            "workshop": workshop,
            "open_space": open_space,
            "grid": grid,
            "form": form or SessionForm(prefix_id="new"),
            "boards": boards,
        },
        status=status,
    )


def open_space(request, code):
    workshop, open_space, participant = _context(request, code)
    if participant is None:
        return redirect("live:join_workshop", code=workshop.code)
    return _page(request, workshop, open_space, participant)


@ratelimit(key=_rate_key, rate="20/m", method="POST", block=True)
def propose(request, code):
    workshop, open_space, participant = _context(request, code)
    if participant is None:
        return redirect("live:join_workshop", code=workshop.code)
    if request.method != "POST":
        return redirect("live:openspace", code=workshop.code)
    form = SessionForm(request.POST, prefix_id="new")
    if form.is_valid():
        try:
            session = openspace.propose(participant, open_space, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is in the marketplace.") % {"title": session.title},
            )
            return redirect("live:openspace", code=workshop.code)
    return _page(request, workshop, open_space, participant, form=form)


@ratelimit(key=_rate_key, rate="60/m", method="POST", block=True)
def session(request, code, session_pk):
    workshop, open_space, participant = _context(request, code)
    if participant is None:
        return redirect("live:join_workshop", code=workshop.code)
    if request.method != "POST":
        return redirect("live:openspace", code=workshop.code)
    session = os_selectors.get_session(open_space, session_pk)
    action = request.POST.get("action")
    anchor = ""
    try:
        if action == "choose":
            openspace.choose(participant, session)
            anchor = f"#slot-{session.slot_id}"
        elif action == "unchoose":
            openspace.unchoose(participant, session)
            anchor = f"#slot-{session.slot_id}"
        elif action == "edit":
            form = SessionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    list(dict.fromkeys(e for errs in form.errors.values() for e in errs))
                )
            openspace.edit_own(participant, session, **form.cleaned_data)
            messages.success(request, _("Your proposal is saved."))
            anchor = "#os-mine"
        elif action == "withdraw":
            openspace.withdraw(participant, session)
            messages.success(request, _("Your proposal is withdrawn."))
            anchor = "#os-mine"
        elif action == "place":
            cell = os_selectors.find_cell(open_space, request.POST.get("cell"))
            if cell is None:
                raise ValidationError(_("Choose a free cell of the grid."))
            openspace.place_own(participant, session, *cell)
            messages.success(request, _("Your session is in the grid."))
            anchor = "#os-mine"
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _("This is not possible in this workshop."))
    return redirect(reverse("live:openspace", args=[workshop.code]) + anchor)
