import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required
from liant.core.forms import add_service_errors
from liant.live.views import board_config

from . import minutes, selectors, services, views_agenda
from .forms import BoardForm


@actor_required(staff=True)
def workshop_list(request):
    workshops = selectors.workshop_list(request.actor)
    return render(
        request, "workshops/workshop_list.html", {"nav": "workshops", "workshops": workshops}
    )


@actor_required(staff=True)
def workshop_create(request):
    initial = {"mission": request.GET.get("mission")}
    form = views_agenda.workshop_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.create_workshop(request.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Workshop created. Add its first board."))
            return redirect("workshops:board_create", pk=workshop.pk)
    return render(request, "workshops/workshop_form.html", {"nav": "workshops", "form": form})


@actor_required(staff=True)
def workshop_detail(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    join_url = request.build_absolute_uri(reverse("live:join_workshop", args=[workshop.code]))
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "nav": "workshops",
            "workshop": workshop,
            "boards": workshop.boards.filter(open_space_session__isnull=True),
            "join_url": join_url,
            **views_agenda.detail_context(workshop),
        },
    )


@actor_required(staff=True)
def workshop_qr(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    url = request.build_absolute_uri(reverse("live:join_workshop", args=[workshop.code]))
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#1d2733")
    return HttpResponse(svg, content_type="image/svg+xml")


@actor_required(staff=True)
def board_create(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    form = BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            board = services.add_board(
                request.actor,
                workshop,
                title=data["title"],
                prompts=data["prompts"].splitlines(),
                hidden_until_reveal=data["hidden_until_reveal"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("workshops:board", pk=workshop.pk, board_pk=board.pk)
    return render(
        request,
        "workshops/board_form.html",
        {"nav": "workshops", "workshop": workshop, "form": form},
    )


@actor_required(staff=True)
def board_console(request, pk, board_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    board = selectors.get_board(workshop, board_pk)
    return _board_page(request, board, "facilitator")


@actor_required(staff=True)
def board_projector(request, pk, board_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    board = selectors.get_board(workshop, board_pk)
    return _board_page(request, board, "projector")


def _board_page(request, board, role):
    join_url = request.build_absolute_uri(reverse("live:join_workshop", args=[board.workshop.code]))
    return render(
        request,
        "live/board.html",
        {
            "nav": "workshops",
            "board": board,
            "workshop": board.workshop,
            "role": role,
            "config": board_config(board, role),
            "join_url": join_url,
        },
    )


@actor_required(staff=True)
def workshop_minutes(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    boards = minutes.workshop_minutes(workshop)
    fmt = request.GET.get("format")
    if fmt in ("md", "csv"):
        content = (minutes.as_markdown if fmt == "md" else minutes.as_csv)(workshop, boards)
        kind = "text/markdown" if fmt == "md" else "text/csv"
        response = HttpResponse("\ufeff" + content if fmt == "csv" else content,
                                content_type=f"{kind}; charset=utf-8")  # fmt: skip
        response["Content-Disposition"] = f'attachment; filename="minutes-{workshop.pk}.{fmt}"'
        return response
    return render(
        request,
        "workshops/minutes.html",
        {
            "nav": "workshops",
            "workshop": workshop,
            "boards": boards,
            "open_space": minutes.open_space_minutes(workshop),
        },
    )
