"""Canvases: the library, a workspace's own canvases, canvas boards and the plenary view."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required
from liant.core.forms import add_service_errors

from . import canvas_boards, canvas_selectors, selectors
from .canvas_forms import CanvasBoardForm, CanvasForm
from .canvas_selectors import Zone


@actor_required(staff=True)
def library(request):
    canvases = canvas_selectors.canvas_library(request.actor)
    language = get_language()
    return render(
        request,
        "workshops/canvas/library.html",
        {
            "nav": "workshops",
            "canvases": [(c, canvas_selectors.canvas_zones(c, language)) for c in canvases],
        },
    )


def _preview(form, language: str) -> tuple[int, list[Zone]] | None:
    """The canvas as typed, checked and drawn, without saving anything."""
    try:
        values = canvas_boards.canvas_values(form.cleaned_data, language)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return values["columns"], canvas_selectors.layout_zones(values["zones"], language)


def _canvas_form_page(request, form, canvas=None):
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            language = canvas.language if canvas else (get_language() or "fr")[:2]
            preview = _preview(form, language)
        else:
            try:
                if canvas is None:
                    canvas = canvas_boards.create_canvas(request.actor, **form.cleaned_data)
                    messages.success(request, _("Canvas created."))
                else:
                    canvas_boards.update_canvas(request.actor, canvas, **form.cleaned_data)
                    messages.success(request, _("Canvas saved."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("workshops:canvases")
    return render(
        request,
        "workshops/canvas/form.html",
        {"nav": "workshops", "form": form, "canvas": canvas, "preview": preview},
    )


@actor_required(staff=True)
def canvas_create(request):
    """A new canvas, blank or copied from another (``?from=``) in the user's language."""
    initial = {}
    source_pk = request.GET.get("from", "")
    if source_pk.isdigit():
        source = canvas_selectors.get_canvas(request.actor, int(source_pk))
        language = (get_language() or "fr")[:2]
        initial = {
            "name": _("%(name)s (copy)") % {"name": source.text("name", language)},
            "description": source.text("description", language),
            "columns": source.columns,
            "zones": canvas_boards.zone_lines(source, language),
        }
    return _canvas_form_page(request, CanvasForm(request.POST or None, initial=initial))


@actor_required(staff=True)
def canvas_edit(request, canvas_pk):
    canvas = canvas_selectors.get_own_canvas(request.actor, canvas_pk)
    language = canvas.language or "fr"
    initial = {
        "name": canvas.text("name", language),
        "description": canvas.text("description", language),
        "columns": canvas.columns,
        "zones": canvas_boards.zone_lines(canvas, language),
    }
    return _canvas_form_page(request, CanvasForm(request.POST or None, initial=initial), canvas)


@actor_required(staff=True)
def canvas_delete(request, canvas_pk):
    canvas = canvas_selectors.get_own_canvas(request.actor, canvas_pk)
    if request.method == "POST":
        name = canvas.display_name
        canvas_boards.delete_canvas(request.actor, canvas)
        messages.success(
            request,
            _("Canvas “%(name)s” deleted; the boards laid out on it keep their zones.")
            % {"name": name},
        )
        return redirect("workshops:canvases")
    return render(request, "workshops/canvas/delete.html", {"nav": "workshops", "canvas": canvas})


@actor_required(staff=True)
def board_create(request, pk):
    """Boards laid out on a canvas: one per small group."""
    workshop = selectors.get_workshop(request.actor, pk)
    canvases = canvas_selectors.visible_canvases(request.actor).order_by("workspace", "id")
    initial = {}
    if request.GET.get("canvas", "").isdigit():
        initial["canvas"] = int(request.GET["canvas"])
    form = CanvasBoardForm(request.POST or None, canvases=canvases, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            boards = canvas_boards.add_canvas_boards(
                request.actor,
                workshop,
                data["canvas"],
                title=data["title"],
                groups=data["groups"],
                hidden_until_reveal=data["hidden_until_reveal"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if len(boards) > 1:
                return redirect("workshops:plenary", pk=workshop.pk, board_pk=boards[0].pk)
            return redirect("workshops:board", pk=workshop.pk, board_pk=boards[0].pk)
    return render(
        request,
        "workshops/canvas/board_form.html",
        {"nav": "workshops", "workshop": workshop, "form": form},
    )


@actor_required(staff=True)
def plenary(request, pk, board_pk):
    """Every group's canvas side by side (refreshed every few seconds by htmx)."""
    workshop = selectors.get_workshop(request.actor, pk)
    board = selectors.get_board(workshop, board_pk)
    context = {
        "nav": "workshops",
        "workshop": workshop,
        "board": board,
        "groups": canvas_selectors.plenary(workshop, board),
    }
    if request.htmx:
        return render(request, "workshops/canvas/_plenary_groups.html", context)
    return render(request, "workshops/canvas/plenary.html", context)
