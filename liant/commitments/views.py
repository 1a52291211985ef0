"""Pages of the service-promise method: organisation overview, the nine steps of a provider
unit, the promise of one interface, the simplified form, the map. Thin: forms in, services,
selectors out. The counterpart's page (signed link, no account) is in ``views_feedback``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors
from liant.missions import selectors as mission_selectors

from . import relationship_map, selectors, services, signing
from .forms import (
    ClientUnitForm,
    GatheringForm,
    ItemEditForm,
    ItemForm,
    MissionForm,
    PairForm,
    RaciActorForm,
    RaciRowForm,
    ReviewForm,
)
from .models import PromiseItem


def _plan_url(unit, anchor: str = "") -> str:
    return reverse("commitments:plan", args=[unit.pk]) + (f"#{anchor}" if anchor else "")


def _promise_url(interface, anchor: str = "") -> str:
    return reverse("commitments:promise", args=[interface.pk]) + (f"#{anchor}" if anchor else "")


def _next_or(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


# --- Organisation overview, map, simplified form --------------------------------------------


@actor_required
def overview(request, org_pk):
    org = selectors.get_organization(request.actor, org_pk)
    summaries = selectors.organization_overview(org)
    shown = {s.unit.pk for s in summaries}
    return render(
        request,
        "commitments/overview.html",
        {
            "nav": "orgs",
            "org": org,
            "summaries": summaries,
            "other_units": [u for u in org.units.order_by("name") if u.pk not in shown],
            "map_svg": relationship_map.organization_map_svg(org),
            "legend": relationship_map.legend(),
            "due": selectors.due_reviews(request.actor, organization=org),
            "can_edit": request.actor.is_staff_member,
        },
    )


@actor_required
def map_svg(request, org_pk):
    org = selectors.get_organization(request.actor, org_pk)
    return HttpResponse(relationship_map.organization_map_svg(org), content_type="image/svg+xml")


@actor_required
def simplified(request, org_pk):
    org = selectors.get_organization(request.actor, org_pk)
    rows = selectors.interface_rows(selectors.organization_interfaces(org))
    return render(
        request,
        "commitments/simplified.html",
        {
            "nav": "orgs",
            "org": org,
            "rows": rows,
            "can_edit": request.actor.is_staff_member,
        },
    )


# --- The nine steps of a provider unit -------------------------------------------------------


def _plan_context(request, unit, **forms) -> dict:
    plan = selectors.plan_of(unit)
    rows = selectors.interface_rows(selectors.provider_interfaces(unit))
    missions = mission_selectors.mission_list(request.actor).filter(
        organization_id=unit.organization_id
    )
    context = {
        "nav": "orgs",
        "org": unit.organization,
        "unit": unit,
        "plan": plan,
        "rows": rows,
        "steps": selectors.plan_steps(unit, plan, rows),
        "team": selectors.team_of(unit),
        "categories": plan.image_categories.all() if plan else [],
        "missions": missions,
        "can_edit": request.actor.is_staff_member,
        "gathering_form": GatheringForm(
            initial={"gathered_on": plan.gathered_on, "team_note": plan.team_note} if plan else None
        ),
        "mission_form": MissionForm(
            initial={"mission_statement": plan.mission_statement} if plan else None
        ),
        "client_form": ClientUnitForm(units=selectors.client_units_to_add(unit)),
    }
    context.update(forms)
    return context


@actor_required
def plan(request, unit_pk):
    unit = selectors.get_unit(request.actor, unit_pk)
    return render(request, "commitments/plan.html", _plan_context(request, unit))


def _plan_post(request, unit_pk, form_class, form_name, apply, anchor, success, form_kwargs):
    """The shared shape of the step forms: validate, call the service, or show the errors."""
    unit = selectors.get_unit(request.actor, unit_pk)
    if response := not_post(request):
        return response
    form = (
        form_class(request.POST, **form_kwargs(unit)) if form_kwargs else form_class(request.POST)
    )
    if form.is_valid():
        try:
            apply(unit, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(_plan_url(unit, anchor))
    return render(
        request,
        "commitments/plan.html",
        _plan_context(request, unit, **{form_name: form}),
        status=400,
    )


@actor_required(staff=True)
def gather(request, unit_pk):
    return _plan_post(
        request, unit_pk, GatheringForm, "gathering_form",
        lambda unit, data: services.record_gathering(request.actor, unit, **data),
        "step-1", _("The team meeting is recorded."), None,
    )  # fmt: skip


@actor_required(staff=True)
def mission(request, unit_pk):
    return _plan_post(
        request, unit_pk, MissionForm, "mission_form",
        lambda unit, data: services.set_mission_statement(
            request.actor, unit, data["mission_statement"]
        ),
        "step-2", _("The mission of the unit is saved."), None,
    )  # fmt: skip


@actor_required(staff=True)
def add_client(request, unit_pk):
    return _plan_post(
        request, unit_pk, ClientUnitForm, "client_form",
        lambda unit, data: services.add_client_unit(request.actor, unit, **data),
        "step-3", _("The internal client is added."),
        lambda unit: {"units": selectors.client_units_to_add(unit)},
    )  # fmt: skip


@actor_required(staff=True)
def image_board(request, unit_pk):
    unit = selectors.get_unit(request.actor, unit_pk)
    if response := not_post(request):
        return response
    mission = None
    if request.POST.get("mission"):
        missions = mission_selectors.mission_list(request.actor)
        mission = missions.filter(
            pk=request.POST["mission"], organization_id=unit.organization_id
        ).first()
    try:
        services.create_image_board(request.actor, unit, mission=mission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The desired-image board is ready: open it for the session."))
    return redirect(_plan_url(unit, "step-4"))


@actor_required(staff=True)
def image_import(request, unit_pk):
    unit = selectors.get_unit(request.actor, unit_pk)
    if response := not_post(request):
        return response
    plan = selectors.plan_of(unit)
    try:
        if plan is None:
            raise ValidationError(_("Create the desired-image board first."))
        categories = services.import_image_categories(request.actor, plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(count)s image categories imported.") % {"count": len(categories)}
        )
    return redirect(_plan_url(unit, "step-4"))


# --- The promise of one interface ------------------------------------------------------------


def _promise_context(request, interface, **extra) -> dict:
    row = selectors.interface_rows([interface])[0]
    promise = row.promise
    actors, raci_rows = selectors.raci_matrix(promise)
    token = None
    if promise is not None and row.has_items and request.actor.is_staff_member:
        token = signing.make_token(promise)
    context = {
        "nav": "orgs",
        "org": interface.organization,
        "interface": interface,
        "row": row,
        "promise": promise,
        "plan": selectors.plan_of(interface.provider),
        "sections": [
            (kind, label, row.items[kind], ItemForm(initial={"kind": kind}))
            for kind, label in PromiseItem.Kind.choices
        ],
        "raci_actors": actors,
        "raci_rows": raci_rows,
        "feedback_url": request.build_absolute_uri(reverse("commitments:feedback", args=[token]))
        if token
        else "",
        "link_days": signing.LINK_DAYS,
        "versions": list(promise.versions.select_related("review")) if promise else [],
        "lessons": selectors.review_lessons(row),
        "can_edit": request.actor.is_staff_member,
        "pair_form": PairForm(
            initial={
                "pair_first": promise.pair_first_id,
                "pair_second": promise.pair_second_id,
                "contact": promise.contact_id,
            }
            if promise
            else None,
            team=selectors.team_of(interface.provider),
            client_people=selectors.team_of(interface.client),
        ),
    }
    context.update(extra)
    return context


@actor_required
def promise(request, interface_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    return render(request, "commitments/promise.html", _promise_context(request, interface))


@actor_required(staff=True)
def pair(request, interface_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    if response := not_post(request):
        return response
    form = PairForm(
        request.POST,
        team=selectors.team_of(interface.provider),
        client_people=selectors.team_of(interface.client),
    )
    if form.is_valid():
        try:
            services.set_pair(
                request.actor,
                interface,
                first=form.cleaned_data["pair_first"],
                second=form.cleaned_data["pair_second"],
                contact=form.cleaned_data["contact"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pair is saved."))
            return redirect(_promise_url(interface, "pair"))
    return render(
        request,
        "commitments/promise.html",
        _promise_context(request, interface, pair_form=form),
        status=400,
    )


def _cell_response(request, interface, kind, form=None, status=200):
    row = selectors.interface_rows([interface])[0]
    return render(
        request,
        "commitments/_cell.html",
        {
            "row": row,
            "interface": interface,
            "kind": kind,
            "items": row.items[kind],
            "form": form or ItemForm(initial={"kind": kind}),
            "can_edit": True,
        },
        status=status,
    )


@actor_required(staff=True)
def item_add(request, interface_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    if response := not_post(request):
        return response
    form = ItemForm(request.POST)
    kind = request.POST.get("kind", "")
    if form.is_valid():
        try:
            services.add_item(request.actor, interface, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _cell_response(request, interface, kind)
            messages.success(request, _("The line is added."))
            return redirect(_next_or(request, _promise_url(interface, kind)))
    if request.htmx and kind in PromiseItem.Kind.values:
        return _cell_response(request, interface, kind, form)
    return render(
        request,
        "commitments/promise.html",
        _promise_context(request, interface, failed_kind=kind, failed_form=form),
        status=400,
    )


@actor_required(staff=True)
def item_edit(request, interface_pk, promise_item_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    item = selectors.get_item(request.actor, interface, promise_item_pk)
    if request.method == "POST":
        form = ItemEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_item(request.actor, item, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if request.htmx:
                    return render(
                        request,
                        "commitments/_item.html",
                        {"item": item, "interface": interface, "can_edit": True},
                    )
                messages.success(request, _("The line is saved."))
                return redirect(_next_or(request, _promise_url(interface, item.kind)))
    else:
        form = ItemEditForm(initial={"text": item.text, "service_level": item.service_level})
    template = "commitments/_item_form.html" if request.htmx else "commitments/item_edit.html"
    return render(
        request,
        template,
        {"nav": "orgs", "org": interface.organization, "interface": interface, "item": item,
         "form": form},
        status=400 if form.is_bound and not request.htmx else 200,
    )  # fmt: skip


@actor_required(staff=True)
def item_adopt(request, interface_pk, promise_item_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    item = selectors.get_item(request.actor, interface, promise_item_pk)
    if response := not_post(request):
        return response
    try:
        services.adopt_proposal(request.actor, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposed wording is adopted."))
    return redirect(_next_or(request, _promise_url(interface, item.kind)))


@actor_required(staff=True)
def item_delete(request, interface_pk, promise_item_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    item = selectors.get_item(request.actor, interface, promise_item_pk)
    if response := not_post(request):
        return response
    kind = item.kind
    services.delete_item(request.actor, item)
    if request.htmx:
        return _cell_response(request, interface, kind)
    messages.success(request, _("The line is removed."))
    return redirect(_next_or(request, _promise_url(interface, kind)))


# --- RACI ------------------------------------------------------------------------------------


def _raci_page(request, interface, *, row_form=None, actor_form=None, editing=None, status=200):
    promise = selectors.promise_of(interface)
    actors, rows = selectors.raci_matrix(promise)
    return render(
        request,
        "commitments/raci.html",
        {
            "nav": "orgs",
            "org": interface.organization,
            "interface": interface,
            "promise": promise,
            "actors": actors,
            "rows": rows,
            "row_form": row_form or RaciRowForm(actors=actors),
            "actor_form": actor_form or RaciActorForm(),
            "editing": editing,
            "can_edit": request.actor.is_staff_member,
        },
        status=status,
    )


@actor_required
def raci(request, interface_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    return _raci_page(request, interface)


@actor_required(staff=True)
def raci_actor_add(request, interface_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    if response := not_post(request):
        return response
    if request.POST.get("defaults"):
        services.default_raci_actors(request.actor, interface)
        return redirect("commitments:raci", interface.pk)
    form = RaciActorForm(request.POST)
    if form.is_valid():
        try:
            services.add_raci_actor(request.actor, interface, form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("commitments:raci", interface.pk)
    return _raci_page(request, interface, actor_form=form, status=400)


def _save_row(request, interface, activity=None):
    promise = selectors.promise_of(interface)
    actors, _rows = selectors.raci_matrix(promise)
    form = RaciRowForm(request.POST, actors=actors)
    if form.is_valid():
        try:
            _activity, warnings = services.save_raci_row(
                request.actor,
                interface,
                label=form.cleaned_data["label"],
                letters=form.letters(),
                activity=activity,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity is saved."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("commitments:raci", interface.pk)
    return _raci_page(request, interface, row_form=form, editing=activity, status=400)


@actor_required(staff=True)
def raci_row_add(request, interface_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    if response := not_post(request):
        return response
    return _save_row(request, interface)


@actor_required(staff=True)
def raci_row_edit(request, interface_pk, raci_activity_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    activity = selectors.get_raci_activity(request.actor, interface, raci_activity_pk)
    if request.method == "POST":
        return _save_row(request, interface, activity)
    actors, _rows = selectors.raci_matrix(activity.promise)
    letters = {cell.actor_id: cell.letter for cell in activity.cells.all()}
    form = RaciRowForm(
        initial={"label": activity.label, **{f"actor_{pk}": v for pk, v in letters.items()}},
        actors=actors,
    )
    return _raci_page(request, interface, row_form=form, editing=activity)


@actor_required(staff=True)
def raci_row_delete(request, interface_pk, raci_activity_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    activity = selectors.get_raci_activity(request.actor, interface, raci_activity_pk)
    if response := not_post(request):
        return response
    services.delete_raci_row(request.actor, activity)
    messages.success(request, _("The activity is removed."))
    return redirect("commitments:raci", interface.pk)


# --- Publication, versions, reviews ----------------------------------------------------------


@actor_required(staff=True)
def publish(request, interface_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    if response := not_post(request):
        return response
    try:
        version = services.publish(request.actor, interface)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(number)s is published; its review is due on %(date)s.")
            % {"number": version.number, "date": version.review_due.strftime("%d/%m/%Y")},
        )
    return redirect(_promise_url(interface, "versions"))


@actor_required
def version(request, interface_pk, promise_version_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    version = selectors.get_version(request.actor, interface, promise_version_pk)
    return render(
        request,
        "commitments/version.html",
        {"nav": "orgs", "org": interface.organization, "interface": interface, "version": version},
    )


@actor_required
def review(request, interface_pk, promise_version_pk):
    interface = selectors.get_interface(request.actor, interface_pk)
    version = selectors.get_version(request.actor, interface, promise_version_pk)
    held = selectors.review_of(version)
    given = selectors.counterpart_ratings(version)
    form = ReviewForm(
        request.POST or None,
        commitments=version.commitments,
        initial={
            key: value
            for rating in given
            for key, value in (
                (f"rating_{rating.commitment_index}_client", rating.rating),
                (f"comment_{rating.commitment_index}_client", rating.comment),
            )
        },
    )
    status = 200
    if request.method == "POST":
        if not request.actor.is_staff_member:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                services.record_review(
                    request.actor,
                    version,
                    held_on=form.cleaned_data["held_on"],
                    ratings=form.ratings(),
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as error:
                _review_errors(form, error)
            else:
                messages.success(request, _("The review is recorded."))
                return redirect(_promise_url(interface, "versions"))
    return render(
        request,
        "commitments/review.html",
        {
            "nav": "orgs",
            "org": interface.organization,
            "interface": interface,
            "version": version,
            "held": held,
            "form": form,
            "can_edit": request.actor.is_staff_member,
            "counterpart_ratings": given,
            "rating_url": _rating_url(request, version) if not held else "",
            "link_days": signing.LINK_DAYS,
            "missions": _turn_missions(request, interface) if held else [],
        },
        status=status,
    )


def _rating_url(request, version) -> str:
    """The client contact's rating link (staff only: it is theirs to send)."""
    if not request.actor.is_staff_member or not version.commitments:
        return ""
    token = signing.make_review_token(version)
    return request.build_absolute_uri(reverse("commitments:review_rating", args=[token]))


def _turn_missions(request, interface) -> list:
    """The organisation's missions whose plan a review gap can become an action of."""
    if not request.actor.is_staff_member:
        return []
    return list(
        mission_selectors.mission_list(request.actor)
        .filter(organization_id=interface.organization_id)
        .order_by("-start_date", "-id")
    )


def _review_errors(form, error: ValidationError) -> None:
    """Ratings errors are keyed ``index-side``: put them on their rating field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        index, _sep, side = key.partition("-")
        field = f"rating_{index}_{side}" if side else key
        form.add_error(field if field in form.fields else None, errors)
