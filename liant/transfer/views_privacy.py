"""A person's data (GDPR): what the workspace holds, its JSON export, and erasure."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post

from . import privacy
from .forms import EraseForm
from .views import attachment


def _people_url(person) -> str:
    return reverse("orgs:detail", args=[person.organization_id]) + "#people"


@actor_required(staff=True)
def person_data(request, person_pk):
    person = privacy.get_person(request.actor, person_pk)
    context = {
        "person": person,
        "data": privacy.person_data(person),
        "can_erase": request.actor.is_owner,
        "people_url": _people_url(person),
    }
    return render(request, "transfer/person_data.html", context)


@actor_required(staff=True)
def person_export(request, person_pk):
    person = privacy.get_person(request.actor, person_pk)
    if response := not_post(request):
        return response
    content, filename = privacy.export_person(request.actor, person)
    return attachment(content, "application/json; charset=utf-8", filename)


@actor_required(owner=True)
def person_erase(request, person_pk):
    person = privacy.get_person(request.actor, person_pk)
    data = request.POST if request.method == "POST" else None
    form = EraseForm(data, expected=person.name)
    if request.method == "POST" and form.is_valid():
        changed = privacy.erase_person(request.actor, person)
        messages.success(
            request,
            _("The person's identity was erased (%(count)s texts mentioning them changed).")
            % {"count": changed},
        )
        return redirect(_people_url(person))
    context = {
        "person": person,
        "form": form,
        "consequences": privacy.consequences(person),
        "people_url": _people_url(person),
    }
    return render(
        request, "transfer/person_erase.html", context, status=400 if form.errors else 200
    )
