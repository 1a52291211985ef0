"""Organisations and their people and interfaces; the unit tree is in ``views_units``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required
from liant.core.forms import add_service_errors

from . import selectors, services
from .forms import InterfaceForm, OrganizationForm, PersonForm
from .models import Unit

PEOPLE_PER_PAGE = 50


def form_page(request, org, form, *, title, submit, cancel_url, intro=""):
    return render(
        request,
        "orgs/form_page.html",
        {
            "nav": "orgs",
            "org": org,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "cancel_url": cancel_url,
        },
    )


def confirm_page(request, org, *, title, question, consequences, cancel_url):
    return render(
        request,
        "orgs/confirm_delete.html",
        {
            "nav": "orgs",
            "org": org,
            "title": title,
            "question": question,
            "consequences": [c for c in consequences if c],
            "cancel_url": cancel_url,
        },
    )


def detail_url(org, anchor: str = "") -> str:
    return reverse("orgs:detail", args=[org.pk]) + (f"#{anchor}" if anchor else "")


# --- Organisations


@actor_required
def organization_list(request):
    organizations = selectors.organization_list(request.actor)
    return render(
        request, "orgs/organization_list.html", {"nav": "orgs", "organizations": organizations}
    )


@actor_required(staff=True)
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organization(request.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Organisation created. Now build its unit tree."))
            return redirect(detail_url(org))
    return form_page(
        request,
        None,
        form,
        title=_("New organisation"),
        intro=_("The client organisation: you will then add its units, people and interfaces."),
        submit=_("Create the organisation"),
        cancel_url=reverse("orgs:list"),
    )


@actor_required
def organization_detail(request, pk):
    org = selectors.get_organization(request.actor, pk)
    forest = selectors.unit_tree(org)
    flat = selectors.flatten(forest)
    search = (request.GET.get("q") or "").strip()[:100]
    try:
        unit_id = int(request.GET.get("unit") or 0)
    except ValueError:
        unit_id = 0
    if unit_id not in {node.unit.pk for node in flat}:
        unit_id = 0
    people = selectors.people(org, unit_id=unit_id, search=search)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/organization_detail.html",
        {
            "nav": "orgs",
            "org": org,
            "forest": forest,
            "units": flat,
            "page": page,
            "search": search,
            "unit_id": unit_id,
            "people_filtered": bool(search or unit_id),
            "interfaces": selectors.interfaces(org),
            "kinds": Unit.Kind,
            "can_edit": request.actor.is_staff_member,
        },
    )


@actor_required(staff=True)
def organization_edit(request, pk):
    org = selectors.get_organization(request.actor, pk)
    form = OrganizationForm(request.POST or None, initial=OrganizationForm.initial_for(org))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(request.actor, org, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect(detail_url(org))
    return form_page(
        request,
        org,
        form,
        title=_("Edit the organisation"),
        submit=_("Save"),
        cancel_url=detail_url(org),
    )


@actor_required(staff=True)
def organization_delete(request, pk):
    org = selectors.get_organization(request.actor, pk)
    if request.method == "POST":
        services.delete_organization(request.actor, org)
        messages.success(request, _("Organisation “%(name)s” deleted.") % {"name": org.name})
        return redirect("orgs:list")
    return confirm_page(
        request,
        org,
        title=_("Delete the organisation"),
        question=_("Delete “%(name)s” and everything in it?") % {"name": org.name},
        consequences=[
            _("%(count)s units") % {"count": org.unit_count},
            _("%(count)s people") % {"count": org.people_count},
            org.mission_count and _("%(count)s missions") % {"count": org.mission_count},
        ],
        cancel_url=detail_url(org),
    )


# --- People


def _person_form(request, org, person=None):
    units = selectors.flatten(selectors.unit_tree(org))
    if person is not None:
        initial = PersonForm.initial_for(person)
    else:
        initial = {"unit": request.GET.get("unit")}
    return PersonForm(request.POST or None, units=units, initial=initial)


def _save_person(request, org, form, person=None) -> bool:
    if not (request.method == "POST" and form.is_valid()):
        return False
    try:
        if person is None:
            services.create_person(request.actor, org, **form.cleaned_data)
        else:
            services.update_person(request.actor, person, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@actor_required(staff=True)
def person_create(request, pk):
    org = selectors.get_organization(request.actor, pk)
    form = _person_form(request, org)
    if _save_person(request, org, form):
        messages.success(request, _("Person added."))
        if "another" in request.POST:
            return redirect(reverse("orgs:person_create", args=[org.pk]))
        return redirect(detail_url(org, "people"))
    return form_page(
        request,
        org,
        form,
        title=_("Add a person"),
        submit=_("Add"),
        cancel_url=detail_url(org, "people"),
    )


@actor_required(staff=True)
def person_edit(request, pk, person_pk):
    org = selectors.get_organization(request.actor, pk)
    person = selectors.get_person(org, person_pk)
    form = _person_form(request, org, person)
    if _save_person(request, org, form, person):
        messages.success(request, _("Person saved."))
        return redirect(detail_url(org, "people"))
    return form_page(
        request,
        org,
        form,
        title=_("Edit %(name)s") % {"name": person.name},
        submit=_("Save"),
        cancel_url=detail_url(org, "people"),
    )


@actor_required(staff=True)
def person_delete(request, pk, person_pk):
    org = selectors.get_organization(request.actor, pk)
    person = selectors.get_person(org, person_pk)
    if request.method == "POST":
        services.delete_person(request.actor, person)
        messages.success(request, _("%(name)s removed.") % {"name": person.name})
        return redirect(detail_url(org, "people"))
    return confirm_page(
        request,
        org,
        title=_("Remove a person"),
        question=_("Remove %(name)s from the organisation?") % {"name": person.name},
        consequences=[],
        cancel_url=detail_url(org, "people"),
    )


# --- Interfaces


def _interface_page(request, org, interface=None):
    units = selectors.flatten(selectors.unit_tree(org))
    initial = {}
    if interface is not None:
        initial = {
            "provider": interface.provider_id,
            "client": interface.client_id,
            "description": interface.description,
        }
    form = InterfaceForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if interface is None:
                services.create_interface(request.actor, org, **form.cleaned_data)
            else:
                services.update_interface(request.actor, interface, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Interface saved."))
            return redirect(detail_url(org, "interfaces"))
    return form_page(
        request,
        org,
        form,
        title=_("New internal interface") if interface is None else _("Edit the interface"),
        intro=_("A provider unit serves a client unit inside the organisation."),
        submit=_("Save"),
        cancel_url=detail_url(org, "interfaces"),
    )


@actor_required(staff=True)
def interface_create(request, pk):
    return _interface_page(request, selectors.get_organization(request.actor, pk))


@actor_required(staff=True)
def interface_edit(request, pk, interface_pk):
    org = selectors.get_organization(request.actor, pk)
    return _interface_page(request, org, selectors.get_interface(org, interface_pk))


@actor_required(staff=True)
def interface_delete(request, pk, interface_pk):
    org = selectors.get_organization(request.actor, pk)
    interface = selectors.get_interface(org, interface_pk)
    if request.method == "POST":
        services.delete_interface(request.actor, interface)
        messages.success(request, _("Interface deleted."))
        return redirect(detail_url(org, "interfaces"))
    return confirm_page(
        request,
        org,
        title=_("Delete an interface"),
        question=_("Delete the interface %(interface)s?") % {"interface": interface},
        consequences=[],
        cancel_url=detail_url(org, "interfaces"),
    )
