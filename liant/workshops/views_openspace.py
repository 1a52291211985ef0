"""The facilitator's Open Space pages: setup, marketplace and grid editor, projector."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required
from liant.core.forms import add_service_errors

from . import openspace, selectors
from . import openspace_selectors as os_selectors
from .openspace_forms import EnableForm, RoomForm, SessionForm, SettingsForm, SlotForm


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _form_error(form) -> ValidationError:
    """A form's messages, once each, for an action answered by a message."""
    return ValidationError(list(dict.fromkeys(e for errs in form.errors.values() for e in errs)))


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _done(request, workshop, anchor="", *, ok="", error: ValidationError | None = None):
    """After an action: JSON for the drag-and-drop script, otherwise back to the console."""
    if _wants_json(request):
        if error is not None:
            return JsonResponse({"error": _message(error)}, status=409)
        return JsonResponse({"message": ok})
    if error is not None:
        messages.error(request, _message(error))
    elif ok:
        messages.success(request, ok)
    return redirect(reverse("workshops:openspace", args=[workshop.pk]) + anchor)


def _console(request, workshop, open_space, **forms):
    context = {"nav": "workshops", "workshop": workshop, "open_space": open_space}
    if open_space is None:
        context["enable_form"] = forms.get("enable_form") or EnableForm()
        return render(request, "workshops/openspace/setup.html", context)
    join_url = request.build_absolute_uri(reverse("live:join_workshop", args=[workshop.code]))
    context |= {
        "grid": os_selectors.grid(open_space),
        "join_url": join_url,
        "settings_form": forms.get("settings_form")
        or SettingsForm(
            initial={
                "theme": open_space.theme,
                "proposals_open": open_space.proposals_open,
                "self_scheduling": open_space.self_scheduling,
            },
            auto_id="id_settings_%s",
        ),
        "room_form": forms.get("room_form") or RoomForm(auto_id="id_room_%s"),
        "slot_form": forms.get("slot_form") or SlotForm(auto_id="id_slot_%s"),
        "session_form": forms.get("session_form") or SessionForm(prefix_id="new"),
    }
    return render(request, "workshops/openspace/console.html", context)


@actor_required(staff=True)
def console(request, pk):
    """The console; before the Open Space exists, its setup form (POST creates it)."""
    workshop = selectors.get_workshop(request.actor, pk)
    open_space = os_selectors.find_open_space(workshop)
    if request.method == "POST" and open_space is None:
        form = EnableForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                open_space = openspace.enable(
                    request.actor,
                    workshop,
                    theme=data["theme"],
                    rooms=data["rooms"].splitlines(),
                    slots=data["slots"],
                    self_scheduling=data["self_scheduling"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The Open Space is ready: the marketplace is open."))
                return redirect("workshops:openspace", pk=workshop.pk)
        return _console(request, workshop, None, enable_form=form)
    return _console(request, workshop, open_space)


def _open_space(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    return workshop, os_selectors.get_open_space(request.actor, workshop)


@actor_required(staff=True)
def settings(request, pk):
    workshop, open_space = _open_space(request, pk)
    if request.method != "POST":
        return redirect("workshops:openspace", pk=workshop.pk)
    form = SettingsForm(request.POST, auto_id="id_settings_%s")
    if form.is_valid():
        try:
            openspace.update_settings(request.actor, open_space, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, workshop, ok=_("Settings saved."))
    return _console(request, workshop, open_space, settings_form=form)


@actor_required(staff=True)
def projector(request, pk):
    workshop, open_space = _open_space(request, pk)
    join_url = request.build_absolute_uri(reverse("live:join_workshop", args=[workshop.code]))
    return render(
        request,
        "workshops/openspace/projector.html",
        {
            "workshop": workshop,
            "open_space": open_space,
            "grid": os_selectors.grid(open_space),
            "join_url": join_url,
        },
    )


@actor_required(staff=True)
def room_add(request, pk):
    workshop, open_space = _open_space(request, pk)
    if request.method != "POST":
        return redirect("workshops:openspace", pk=workshop.pk)
    form = RoomForm(request.POST, auto_id="id_room_%s")
    if form.is_valid():
        try:
            openspace.add_room(request.actor, open_space, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, workshop, "#os-setup")
    return _console(request, workshop, open_space, room_form=form)


@actor_required(staff=True)
def room(request, pk, room_pk):
    workshop, open_space = _open_space(request, pk)
    room = os_selectors.get_room(open_space, room_pk)
    if request.method != "POST":
        return redirect("workshops:openspace", pk=workshop.pk)
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            openspace.move_room(request.actor, room, -1 if action == "up" else 1)
        elif action == "delete":
            openspace.delete_room(request.actor, room)
        else:
            form = RoomForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            openspace.update_room(request.actor, room, **form.cleaned_data)
    except ValidationError as error:
        return _done(request, workshop, "#os-setup", error=error)
    return _done(request, workshop, "#os-setup")


@actor_required(staff=True)
def slot_add(request, pk):
    workshop, open_space = _open_space(request, pk)
    if request.method != "POST":
        return redirect("workshops:openspace", pk=workshop.pk)
    form = SlotForm(request.POST, auto_id="id_slot_%s")
    if form.is_valid():
        try:
            openspace.add_slot(request.actor, open_space, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, workshop, "#os-setup")
    return _console(request, workshop, open_space, slot_form=form)


@actor_required(staff=True)
def slot(request, pk, slot_pk):
    workshop, open_space = _open_space(request, pk)
    slot = os_selectors.get_slot(open_space, slot_pk)
    if request.method != "POST":
        return redirect("workshops:openspace", pk=workshop.pk)
    try:
        if request.POST.get("action") == "delete":
            openspace.delete_slot(request.actor, slot)
        else:
            form = SlotForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            openspace.update_slot(request.actor, slot, **form.cleaned_data)
    except ValidationError as error:
        return _done(request, workshop, "#os-setup", error=error)
    return _done(request, workshop, "#os-setup")


@actor_required(staff=True)
def propose(request, pk):
    """A facilitator proposes a session on behalf of someone."""
    workshop, open_space = _open_space(request, pk)
    if request.method != "POST":
        return redirect("workshops:openspace", pk=workshop.pk)
    form = SessionForm(request.POST, prefix_id="new")
    if form.is_valid():
        try:
            session = openspace.propose_for(request.actor, open_space, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                workshop,
                "#os-marketplace",
                ok=_("“%(title)s” is in the marketplace.") % {"title": session.title},
            )
    return _console(request, workshop, open_space, session_form=form)


@actor_required(staff=True)
def session(request, pk, session_pk):
    workshop, open_space = _open_space(request, pk)
    session = os_selectors.get_session(open_space, session_pk)
    if request.method != "POST":
        return redirect("workshops:openspace", pk=workshop.pk)
    action = request.POST.get("action")
    actor = request.actor
    ok = ""
    try:
        if action == "edit":
            form = SessionForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            openspace.edit_session(actor, session, **form.cleaned_data)
            ok = _("Session saved.")
        elif action in ("hide", "show"):
            openspace.set_hidden(actor, session, action == "hide")
        elif action == "merge":
            target = os_selectors.find_session(open_space, request.POST.get("into"))
            if target is None:
                raise ValidationError(_("Choose the session to merge it into."))
            openspace.merge(actor, session, target)
            ok = _("“%(source)s” merged into “%(target)s”.") % {
                "source": session.title,
                "target": target.title,
            }
        elif action == "place":
            cell = os_selectors.find_cell(open_space, request.POST.get("cell"))
            if cell is None:
                raise ValidationError(_("Choose a free cell of the grid."))
            dropped = openspace.place(actor, session, *cell)
            ok = _("“%(title)s” placed in %(room)s, %(slot)s.") % {
                "title": session.title,
                "room": cell[0].name,
                "slot": str(cell[1]),
            }
            if dropped:
                ok += " " + _(
                    "%(count)s person(s) had already chosen another session at that time "
                    "and keep it."
                ) % {"count": dropped}
        elif action == "unschedule":
            openspace.unschedule(actor, session)
            ok = _("“%(title)s” is back in the marketplace.") % {"title": session.title}
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        return _done(request, workshop, "#os-grid", error=error)
    return _done(request, workshop, "#os-grid", ok=ok)
