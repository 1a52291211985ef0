"""Participants' side: join by code (no account), then the board on a phone."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.decorators import ratelimit

from liant.workshops import selectors, services
from liant.workshops.canvas_selectors import series_boards
from liant.workshops.models import CARD_MAX_LENGTH, CODE_LENGTH, Workshop
from liant.workshops.worldcafe_selectors import open_cafe_of

from .consumers import participant_cookie

COOKIE_MAX_AGE = 30 * 24 * 3600


class JoinForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Workshop code"),
        max_length=CODE_LENGTH + 4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PseudonymForm(forms.Form):
    pseudonym = forms.CharField(
        label=gettext_lazy("Pseudonym (optional)"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Your cards stay anonymous unless the facilitator signs them."),
    )


@ratelimit(key="ip", rate="30/m", block=True)
def join(request):
    """Type the code shown on the projector."""
    form = JoinForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "").upper()
        if Workshop.objects.filter(code=code).exists():
            return redirect("live:join_workshop", code=code)
        form.add_error("code", _("No workshop has this code. Check it on the projector."))
    return render(request, "live/join.html", {"form": form})


@ratelimit(key="ip", rate="30/m", block=True)
def join_workshop(request, code):
    workshop = selectors.workshop_by_code(code)
    cookie = participant_cookie(workshop)
    key = request.COOKIES.get(cookie)
    known = selectors.participant_by_key(workshop, key)
    if workshop.invited_only and not selectors.participant_admitted(workshop, known):
        # The code alone does not open a workshop for invited people only.
        return render(request, "live/invited_only.html", {"workshop": workshop}, status=403)
    form = PseudonymForm(request.POST or None)
    if known or (request.method == "POST" and form.is_valid()):
        participant = services.join(
            workshop, pseudonym=form.cleaned_data.get("pseudonym", "") if not known else "", key=key
        )
        return _enter(request, workshop, participant, waiting=bool(known))
    return render(request, "live/join_workshop.html", {"workshop": workshop, "form": form})


def _enter(request, workshop, participant, *, waiting: bool):
    """To the running World Café or Open Space, else the first board, with the participant's
    cookie (or the waiting page)."""
    board = workshop.boards.filter(open_space_session__isnull=True, cafe_table__isnull=True).first()
    if open_cafe_of(workshop) is not None:  # a World Café is on: see your table first
        response = redirect("live:cafe", code=workshop.code)
    elif hasattr(workshop, "open_space"):  # the Open Space page links to the boards
        response = redirect("live:openspace", code=workshop.code)
    elif board is None and waiting:
        response = render(request, "live/waiting.html", {"workshop": workshop})
    elif board is None:
        response = redirect("live:join_workshop", code=workshop.code)
    elif board.series is not None:  # small groups on a canvas each: choose yours
        response = redirect("live:groups", code=workshop.code, board_pk=board.pk)
    else:
        response = redirect("live:board", code=workshop.code, board_pk=board.pk)
    response.set_cookie(
        participant_cookie(workshop), str(participant.key), max_age=COOKIE_MAX_AGE,
        httponly=True, samesite="Lax", secure=request.is_secure(),
    )  # fmt: skip
    return response


@ratelimit(key="ip", rate="30/m", block=True)
def join_invitation(request, token):
    """A personal link: the same participant on every device, until it is revoked."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None or not invitation.active:
        return render(
            request, "live/invitation_invalid.html", {"invitation": invitation}, status=404
        )
    workshop = invitation.workshop
    if invitation.participant_id:
        return _enter(request, workshop, invitation.participant, waiting=True)
    form = PseudonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.join_by_invitation(
                invitation, pseudonym=form.cleaned_data["pseudonym"]
            )
        except PermissionDenied:
            return render(
                request, "live/invitation_invalid.html", {"invitation": invitation}, status=404
            )
        return _enter(request, workshop, participant, waiting=True)
    return render(
        request,
        "live/join_workshop.html",
        {"workshop": workshop, "form": form, "invited": True},
    )


def participant_board(request, code, board_pk):
    workshop = selectors.workshop_by_code(code)
    board = selectors.get_board(workshop, board_pk)
    participant = selectors.participant_by_key(
        workshop, request.COOKIES.get(participant_cookie(workshop))
    )
    if not selectors.participant_admitted(workshop, participant):
        return redirect("live:join_workshop", code=workshop.code)
    return render(
        request,
        "live/board.html",
        {
            "board": board,
            "workshop": workshop,
            "role": "participant",
            "config": board_config(board, "participant"),
            "boards": workshop.boards.all(),
            "cafe_url": reverse("live:cafe", args=[workshop.code])
            if open_cafe_of(workshop)
            else None,
        },
    )


def groups(request, code, board_pk):
    """Small groups on a canvas each: the participant picks theirs (and may change)."""
    workshop = selectors.workshop_by_code(code)
    board = selectors.get_board(workshop, board_pk)
    participant = selectors.participant_by_key(
        workshop, request.COOKIES.get(participant_cookie(workshop))
    )
    if not selectors.participant_admitted(workshop, participant):
        return redirect("live:join_workshop", code=workshop.code)
    return render(
        request,
        "live/groups.html",
        {"workshop": workshop, "boards": series_boards(workshop, board)},
    )


def board_config(board, role: str) -> dict:
    """What the board script needs: where to connect, who it is, and its words."""
    return {
        "board": board.pk,
        "socket": f"/ws/live/boards/{board.pk}/"
        + ("?view=projector" if role == "projector" else ""),
        "role": role,
        "maxLength": CARD_MAX_LENGTH,
        "strings": {
            "hiddenCard": _("A card (hidden until reveal)"),
            "yours": _("your card"),
            "edit": _("Edit"),
            "delete": _("Delete"),
            "save": _("Save"),
            "hide": _("Hide"),
            "show": _("Show"),
            "moderated": _("Hidden by the facilitator"),
            "newGroup": _("New group"),
            "newGroupHere": _("+ New group in this zone"),
            "zone": _("Zone of the canvas"),
            "groupName": _("Group name"),
            "ungroup": _("Ungrouped"),
            "moveTo": _("Move to group…"),
            "noGroup": _("No group"),
            "deleteGroup": _("Delete the group"),
            "toNewGroup": _("Into a new group"),
            "mergeInto": _("Merge into…"),
            "moveUp": _("Move the group up"),
            "moveDown": _("Move the group down"),
            "dot": _("Add a dot"),
            "undot": _("Remove a dot"),
            "dotsLeft": _("{n} dots left"),
            "dotLeft": _("1 dot left"),
            "noDotLeft": _("No dot left"),
            "myDots": _("Your dots on this item: {n}"),
            "severalDots": _("several dots on the same item are allowed"),
            "oneDot": _("one dot per item"),
            "tie": _("tie"),
            "results": _("Ranked results"),
            "votes": _("{n} dots"),
            "offline": _("Connection lost: reconnecting…"),
            "online": _("Connected"),
            "presence": _("Participants connected: {n}"),
            "presenceWorkshop": _("in the whole workshop: {n}"),
            "locked": _("The board is locked."),
            "empty": _("No card yet."),
            "timeUp": _("Time is up"),
            "accept": _("Accept"),
            "reject": _("Reject"),
            "noSuggestion": _("No group to suggest: too few ungrouped cards say similar things."),
            "stages": {
                "write": _("Write"),
                "group": _("Group"),
                "vote": _("Vote"),
                "discuss": _("Discuss"),
            },
        },
    }
