"""Internal communication (track part): progress updates written by the staff and the
read-only portal where the client's sponsor (and the mission's staff) read them, with the
indicators, milestones and the decisions of held reviews."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.charters.selectors_direction import reference_direction
from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors, posted

from . import selectors_track, services_track
from .forms_track import UpdateForm


def _context(mission, plan, **extra) -> dict:
    return {"nav": "missions", "mission": mission, "plan": plan, **extra}


def _updates(mission):
    return redirect(reverse("steering:steering_home", args=[mission.pk]) + "#updates")


@actor_required
def portal(request, mission_pk):
    """Sponsors of the mission's organisation and the firm's staff: published updates only."""
    actor = request.actor
    mission, plan = selectors_track.mission_plan_or_none(actor, mission_pk)
    context = _context(
        mission,
        plan,
        can_edit=actor.is_staff_member,
        direction=reference_direction(actor, mission),
    )
    if plan is not None:
        context.update(
            updates=selectors_track.update_list(actor, plan, published_only=True),
            indicators=selectors_track.indicator_rows(actor, plan),
            milestones=selectors_track.portal_milestones(actor, plan),
            reviews=selectors_track.portal_reviews(actor, plan),
        )
    return render(request, "steering/track/portal.html", context)


@actor_required(staff=True)
def update_add(request, mission_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    form = UpdateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            update = services_track.create_update(request.actor, plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if update.published_at:
                messages.success(request, _("Update published: the sponsor can read it."))
            else:
                messages.success(request, _("Update saved as a draft."))
            return _updates(mission)
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("New progress update")),
    )


@actor_required(staff=True)
def update_edit(request, mission_pk, update_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    update = selectors_track.get_update(request.actor, plan, update_pk)
    form = UpdateForm(posted(request), initial={"title": update.title, "text": update.text})
    form.fields.pop("publish")
    if request.method == "POST" and form.is_valid():
        services_track.edit_update(request.actor, update, **form.cleaned_data)
        messages.success(request, _("Update saved."))
        return _updates(mission)
    return render(
        request,
        "steering/track/form.html",
        _context(mission, plan, form=form, heading=_("Edit the progress update")),
    )


@actor_required(staff=True)
def update_publish(request, mission_pk, update_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    update = selectors_track.get_update(request.actor, plan, update_pk)
    if response := not_post(request):
        return response
    publish = request.POST.get("publish") == "1"
    services_track.set_published(request.actor, update, publish)
    if publish:
        messages.success(request, _("Update published: the sponsor can read it."))
    else:
        messages.success(request, _("Update withdrawn from the portal."))
    return _updates(mission)


@actor_required(staff=True)
def update_delete(request, mission_pk, update_pk):
    mission, plan = selectors_track.mission_plan(request.actor, mission_pk)
    update = selectors_track.get_update(request.actor, plan, update_pk)
    if request.method == "POST":
        services_track.delete_update(request.actor, update)
        messages.success(request, _("Update “%(title)s” deleted.") % {"title": update.title})
        return _updates(mission)
    return render(
        request,
        "steering/track/delete.html",
        _context(
            mission,
            plan,
            heading=_("Delete the update “%(title)s”?") % {"title": update.title},
            warning=_("The sponsor will no longer see it."),
            back=reverse("steering:steering_home", args=[mission.pk]),
        ),
    )
