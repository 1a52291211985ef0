"""Preparing a workshop: its details, the method library and the agenda builder."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors
from liant.missions.selectors import mission_list

from . import selectors, services
from .forms import ActivityForm, MethodForm, UseMethodForm, WorkshopForm
from .models import GroupFormat

# --- Workshop details


def workshop_form(request, *, initial: dict) -> WorkshopForm:
    """The workshop form; its people are those of the chosen (posted or initial) mission."""
    missions = mission_list(request.actor)
    chosen = request.POST.get("mission") if request.method == "POST" else initial.get("mission")
    mission = None
    if str(chosen or "").isdigit():
        mission = missions.filter(pk=int(chosen)).first()
    return WorkshopForm(
        request.POST or None,
        missions=missions,
        phases=selectors.phase_choices(request.actor),
        people=selectors.people_choices(request.actor, mission) if mission else None,
        initial=initial,
    )


@actor_required(staff=True)
def workshop_edit(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    initial = {
        field: getattr(workshop, field)
        for field in (
            "title", "starts_at", "ends_at", "place", "objectives", "expected_headcount",
            "signed_cards", "everyone_can_group", "dots_per_participant", "several_dots_per_item",
        )
    }  # fmt: skip
    initial |= {
        "mission": workshop.mission_id,
        "phase": workshop.phase_id,
        "expected_people": list(workshop.expected_people.values_list("pk", flat=True)),
    }
    form = workshop_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_workshop(request.actor, workshop, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Workshop saved."))
            return redirect("workshops:detail", pk=workshop.pk)
    return render(
        request,
        "workshops/workshop_form.html",
        {"nav": "workshops", "form": form, "workshop": workshop},
    )


def detail_context(workshop) -> dict:
    """What the workshop page shows of the preparation: people expected, agenda summary."""
    activities = selectors.agenda(workshop)
    return {
        "expected_people": workshop.expected_people.all(),
        "agenda_activities": activities,
        "agenda_schedule": selectors.agenda_schedule(workshop, activities),
    }


# --- Method library


def _library_filters(request) -> tuple[str, str]:
    text = request.GET.get("q", "").strip()[:100]
    group_format = request.GET.get("format", "")
    return text, group_format if group_format in GroupFormat.values else ""


@actor_required(staff=True)
def method_library(request):
    text, group_format = _library_filters(request)
    methods = selectors.method_library(request.actor, text=text, group_format=group_format)
    return render(
        request,
        "workshops/method_library.html",
        {
            "nav": "workshops",
            "methods": methods,
            "q": text,
            "format": group_format,
            "formats": GroupFormat.choices,
            "filtered": bool(text or group_format),
        },
    )


@actor_required(staff=True)
def method_detail(request, method_pk):
    method = selectors.get_method(request.actor, method_pk)
    workshops = selectors.workshop_list(request.actor)
    return render(
        request,
        "workshops/method_detail.html",
        {
            "nav": "workshops",
            "method": method,
            "use_form": UseMethodForm(workshops=workshops),
            "has_workshops": workshops.exists(),
            "language": method.language or None,
        },
    )


@actor_required(staff=True)
def method_create(request):
    form = MethodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = services.create_method(request.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Method added to your library."))
            return redirect("workshops:method_detail", method_pk=method.pk)
    return render(request, "workshops/method_form.html", {"nav": "workshops", "form": form})


@actor_required(staff=True)
def method_edit(request, method_pk):
    method = selectors.get_own_method(request.actor, method_pk)
    form = MethodForm(request.POST or None, initial=MethodForm.initial_from(method))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_method(request.actor, method, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Method saved."))
            return redirect("workshops:method_detail", method_pk=method.pk)
    return render(
        request, "workshops/method_form.html", {"nav": "workshops", "form": form, "method": method}
    )


@actor_required(staff=True)
def method_delete(request, method_pk):
    method = selectors.get_own_method(request.actor, method_pk)
    if request.method == "POST":
        name = method.display_name
        services.delete_method(request.actor, method)
        messages.success(request, _("Method “%(name)s” deleted.") % {"name": name})
        return redirect("workshops:methods")
    return render(request, "workshops/method_delete.html", {"nav": "workshops", "method": method})


@actor_required(staff=True)
def method_use(request, method_pk):
    """Add the method as the last activity of the chosen workshop's agenda."""
    method = selectors.get_method(request.actor, method_pk)
    if response := not_post(request):
        return response
    form = UseMethodForm(request.POST, workshops=selectors.workshop_list(request.actor))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("workshops:method_detail", method_pk=method.pk)
    workshop = form.cleaned_data["workshop"]
    try:
        activity = services.add_method_to_agenda(request.actor, workshop, method)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workshops:method_detail", method_pk=method.pk)
    messages.success(
        request,
        _("“%(method)s” added to the agenda of %(workshop)s.")
        % {"method": method.display_name, "workshop": workshop.title},
    )
    return redirect(reverse("workshops:agenda", args=[workshop.pk]) + f"#activity-{activity.pk}")


# --- Agenda builder


def _method_defaults(form) -> dict:
    """What choosing a method pre-fills in the activity form (read by agenda.js)."""
    if form is None:
        return {}
    return {
        str(m.pk): {
            "title": m.display_name[:200],
            "duration_minutes": m.duration_minutes,
            "group_format": m.group_format,
            "instructions": m.text("timing"),
        }
        for m in form.fields["method"].queryset
    }


def _agenda_context(request, workshop, form, **extra):
    activities = selectors.agenda(workshop)
    schedule = selectors.agenda_schedule(workshop, activities)
    slot_end = workshop.ends_at if schedule.slot_minutes is not None else None
    rows = [
        {"activity": a, "start": start, "end": end, "late": bool(slot_end and end > slot_end)}
        for a, start, end in zip(activities, schedule.starts, schedule.ends, strict=True)
    ]
    return {
        "nav": "workshops",
        "workshop": workshop,
        "method_defaults": _method_defaults(form),
        "rows": rows,
        "schedule": schedule,
        "form": form,
        **extra,
    }


@actor_required(staff=True)
def agenda(request, pk):
    """The agenda builder; POST adds an activity at the end."""
    workshop = selectors.get_workshop(request.actor, pk)
    form = ActivityForm(request.POST or None, methods=selectors.visible_methods(request.actor))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.add_activity(request.actor, workshop, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity added."))
            return redirect(reverse("workshops:agenda", args=[pk]) + f"#activity-{activity.pk}")
    return render(request, "workshops/agenda.html", _agenda_context(request, workshop, form))


@actor_required(staff=True)
def activity_edit(request, pk, activity_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    activity = selectors.get_activity(workshop, activity_pk)
    initial = {
        "title": activity.title,
        "duration_minutes": activity.duration_minutes,
        "method": activity.method_id,
        "group_format": activity.group_format,
        "instructions": activity.instructions,
    }
    form = ActivityForm(
        request.POST or None, methods=selectors.visible_methods(request.actor), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(request.actor, activity, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity saved."))
            return redirect(reverse("workshops:agenda", args=[pk]) + f"#activity-{activity.pk}")
    return render(
        request,
        "workshops/activity_form.html",
        {"nav": "workshops", "workshop": workshop, "activity": activity, "form": form},
    )


@actor_required(staff=True)
def activity_delete(request, pk, activity_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    activity = selectors.get_activity(workshop, activity_pk)
    if request.method == "POST":
        services.delete_activity(request.actor, activity)
        messages.success(request, _("Activity “%(title)s” deleted.") % {"title": activity.title})
        return redirect("workshops:agenda", pk=pk)
    return render(
        request,
        "workshops/activity_delete.html",
        {"nav": "workshops", "workshop": workshop, "activity": activity},
    )


@actor_required(staff=True)
def activity_move(request, pk, activity_pk):
    """One place up or down: the buttons that work without JavaScript."""
    workshop = selectors.get_workshop(request.actor, pk)
    activity = selectors.get_activity(workshop, activity_pk)
    if response := not_post(request):
        return response
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose to move the activity up or down."))
    else:
        services.move_activity(request.actor, activity, -1 if direction == "up" else 1)
    return redirect(reverse("workshops:agenda", args=[pk]) + f"#activity-{activity.pk}")


@actor_required(staff=True)
def agenda_order(request, pk):
    """The new order of the whole agenda (``order``: activity ids, comma-separated), sent by
    the drag-and-drop and keyboard script. Answers JSON."""
    workshop = selectors.get_workshop(request.actor, pk)
    if response := not_post(request):
        return response
    raw = request.POST.get("order", "")
    try:
        order = [int(part) for part in raw.split(",") if part.strip()]
        services.reorder_activities(request.actor, workshop, order)
    except ValueError:
        return JsonResponse({"error": _("The new order could not be read.")}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"ok": True})


@actor_required(staff=True)
def activity_board(request, pk, activity_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    activity = selectors.get_activity(workshop, activity_pk)
    if response := not_post(request):
        return response
    try:
        board = services.create_activity_board(request.actor, activity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("workshops:agenda", args=[pk]) + f"#activity-{activity.pk}")
    messages.success(request, _("Board created with the method’s prompts."))
    return redirect("workshops:board", pk=pk, board_pk=board.pk)


@actor_required(staff=True)
def agenda_print(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    context = _agenda_context(request, workshop, None)
    context["expected_people"] = workshop.expected_people.all()
    return render(request, "workshops/agenda_print.html", context)
