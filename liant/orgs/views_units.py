"""The unit tree: add, edit, move (drag-and-drop, form or up/down buttons), delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required
from liant.core.forms import add_service_errors

from . import selectors, services
from .forms import MoveUnitForm, UnitForm
from .views import confirm_page, detail_url, form_page


def _units(org):
    return selectors.flatten(selectors.unit_tree(org))


@actor_required(staff=True)
def unit_create(request, pk):
    org = selectors.get_organization(request.actor, pk)
    form = UnitForm(
        request.POST or None,
        units=_units(org),
        with_parent=True,
        initial={"parent": request.GET.get("parent")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(request.actor, org, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit “%(name)s” added.") % {"name": unit.name})
            if "another" in request.POST:
                return redirect(request.get_full_path())
            return redirect(detail_url(org, "units"))
    return form_page(
        request,
        org,
        form,
        title=_("Add a unit"),
        intro=_("A direction, a department, a service or a team, at any depth."),
        submit=_("Add"),
        cancel_url=detail_url(org, "units"),
    )


@actor_required(staff=True)
def unit_edit(request, pk, unit_pk):
    org = selectors.get_organization(request.actor, pk)
    unit = selectors.get_unit(org, unit_pk)
    initial = {"name": unit.name, "kind": unit.kind, "headcount": unit.headcount}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(request.actor, unit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Unit saved."))
            return redirect(detail_url(org, "units"))
    return form_page(
        request,
        org,
        form,
        title=_("Edit the unit %(name)s") % {"name": unit.name},
        submit=_("Save"),
        cancel_url=detail_url(org, "units"),
    )


@actor_required(staff=True)
def unit_move(request, pk, unit_pk):
    """GET: a form to choose the new place. POST: ``parent`` (empty = top level) or
    ``direction`` (up/down among siblings). Answers JSON to the drag-and-drop script."""
    org = selectors.get_organization(request.actor, pk)
    unit = selectors.get_unit(org, unit_pk)
    wants_json = request.headers.get("Accept") == "application/json"
    units = _units(org)
    # The form offers only the allowed places; a posted one is left to the service to check,
    # so that a hand-made or dragged move gets its clear message.
    excluded = set() if request.method == "POST" else services.descendant_ids(unit) | {unit.pk}
    form = MoveUnitForm(
        request.POST or None, units=units, excluded=excluded, initial={"parent": unit.parent_id}
    )
    if request.method == "POST":
        direction = request.POST.get("direction")
        error = None
        if direction in ("up", "down"):
            services.shift_unit(request.actor, unit, -1 if direction == "up" else 1)
        elif form.is_valid():
            try:
                services.move_unit(request.actor, unit, form.cleaned_data["parent"])
            except ValidationError as exc:
                error = exc
                add_service_errors(form, exc)
        else:
            error = ValidationError(_("Choose a unit of this organisation."))
        if wants_json:
            if error:
                return JsonResponse({"error": " ".join(error.messages)}, status=400)
            return JsonResponse({"ok": True})
        if not error:
            if not direction:
                messages.success(request, _("Unit “%(name)s” moved.") % {"name": unit.name})
            return redirect(detail_url(org, f"unit-{unit.pk}"))
    return form_page(
        request,
        org,
        form,
        title=_("Move the unit %(name)s") % {"name": unit.name},
        submit=_("Move"),
        cancel_url=detail_url(org, "units"),
    )


@actor_required(staff=True)
def unit_delete(request, pk, unit_pk):
    org = selectors.get_organization(request.actor, pk)
    unit = selectors.get_unit(org, unit_pk)
    if request.method == "POST":
        services.delete_unit(request.actor, unit)
        messages.success(request, _("Unit “%(name)s” deleted.") % {"name": unit.name})
        return redirect(detail_url(org, "units"))
    below = services.descendant_ids(unit)
    affected = selectors.people(org).filter(unit_id__in=below | {unit.pk}).count()
    return confirm_page(
        request,
        org,
        title=_("Delete a unit"),
        question=_("Delete the unit “%(name)s”?") % {"name": unit.name},
        consequences=[
            below and _("its %(count)s sub-units are deleted with it") % {"count": len(below)},
            affected
            and _("%(count)s people stay in the organisation without a unit") % {"count": affected},
        ],
        cancel_url=detail_url(org, "units"),
    )
