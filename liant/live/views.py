"""Participants' side: join by code (no account), then the board on a phone."""

from django import forms
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.decorators import ratelimit

from liant.workshops import selectors, services
from liant.workshops.models import CARD_MAX_LENGTH, CODE_LENGTH, Workshop

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
    known = key and workshop.participants.filter(key=key).exists()
    form = PseudonymForm(request.POST or None)
    if known or (request.method == "POST" and form.is_valid()):
        participant = services.join(
            workshop, pseudonym=form.cleaned_data.get("pseudonym", "") if not known else "", key=key
        )
        board = workshop.boards.first()
        target = (
            reverse("live:board", args=[workshop.code, board.pk])
            if board
            else reverse("live:join_workshop", args=[workshop.code])
        )
        if board is None and known:
            return render(request, "live/waiting.html", {"workshop": workshop})
        response = redirect(target)
        response.set_cookie(
            cookie, str(participant.key), max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax",
            secure=request.is_secure(),
        )  # fmt: skip
        return response
    return render(request, "live/join_workshop.html", {"workshop": workshop, "form": form})


def participant_board(request, code, board_pk):
    workshop = selectors.workshop_by_code(code)
    board = selectors.get_board(workshop, board_pk)
    key = request.COOKIES.get(participant_cookie(workshop))
    if not (key and workshop.participants.filter(key=key).exists()):
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
        },
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
            "groupName": _("Group name"),
            "ungroup": _("Ungrouped"),
            "moveTo": _("Move to group…"),
            "noGroup": _("No group"),
            "deleteGroup": _("Delete the group"),
            "dot": _("Add a dot"),
            "undot": _("Remove a dot"),
            "dotsLeft": _("Dots left: {n}"),
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
