"""Staff pages of a direction project: its creation with the standard sections, the sources of
a section, and the governance validation. The document's page, versions, comparison,
participation and amendments are the charter's (``views``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors
from liant.missions import selectors as mission_selectors

from . import selectors, services_direction
from . import selectors_direction as sel
from .forms_direction import DecisionForm, DirectionForm, SourcesForm, SubmitForm
from .models import Document
from .models_direction import GovernanceSubmission
from .views import _back, _detail_context, _document


def governance_context(request, document, **forms) -> dict:
    """What the document's page shows of a direction project's governance."""
    actor = request.actor
    bodies = sel.bodies(actor, document.mission)
    pending = sel.pending(document)
    adjustments = sel.checklist(actor, document)
    decision_form = forms.get("decision_form") or DecisionForm(
        bodies=bodies,
        initial={"version": pending.version_id, "body": pending.body_id} if pending else None,
    )
    return {
        "is_direction": True,
        "bodies": bodies,
        "pending_submission": pending,
        "submissions": sel.submissions(actor, document),
        "adjustments": adjustments,
        "can_publish_adjusted": sel.can_publish_adjusted(document, adjustments),
        "submit_form": forms.get("submit_form") or SubmitForm(bodies=bodies),
        "decision_form": decision_form,
        "Outcome": GovernanceSubmission.Outcome,
        "plan_url": reverse("steering:governance", args=[document.mission_id]),
    }


def _direction(request, mission_pk, document_pk):
    mission, document = _document(request, mission_pk, document_pk)
    if document.kind != Document.Kind.DIRECTION:
        raise Http404
    return mission, document


def _page(request, mission, document, status=400, **forms):
    context = _detail_context(request, mission, document, **forms)
    return render(request, "charters/document_detail.html", context, status=status)


@actor_required(staff=True)
def direction_create(request, mission_pk):
    actor = request.actor
    mission = mission_selectors.get_mission(actor, mission_pk)
    form = DirectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = services_direction.create_direction(actor, mission, **form.cleaned_data)
        messages.success(
            request, _("Direction project created with its standard sections: write them.")
        )
        return _back(document)
    return render(
        request,
        "charters/direction_form.html",
        {"nav": "missions", "mission": mission, "form": form},
        status=400 if form.errors else 200,
    )


@actor_required(staff=True)
def section(request, mission_pk, document_pk, clause_pk):
    """A section with its sources, and the picker of the mission's workshop outputs."""
    mission, document = _direction(request, mission_pk, document_pk)
    actor = request.actor
    the_section = sel.get_section(actor, document, clause_pk)
    form = SourcesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outputs = sel.outputs_by_ids(actor, mission, **form.cleaned_data)
        chosen = sum(len(form.cleaned_data[k]) for k in ("cards", "groups", "zones"))
        try:
            if len(outputs) != chosen:
                raise ValidationError(_("Choose outputs of the workshops of this mission."))
            added = services_direction.add_sources(actor, the_section, outputs)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = len(added)
            messages.success(
                request,
                ngettext("%(count)s source linked.", "%(count)s sources linked.", count)
                % {"count": count},
            )
            return redirect(request.path)
    return render(
        request,
        "charters/section.html",
        {
            "nav": "missions", "mission": mission, "document": document, "section": the_section,
            "latest": selectors.latest_version(document),
            "sources": sel.sources_of(actor, the_section),
            "outputs": sel.workshop_outputs(actor, mission), "form": form,
            "closed": document.stage == Document.Stage.PUBLISHED,
        },
        status=400 if form.errors else 200,
    )  # fmt: skip


@actor_required(staff=True)
def source_remove(request, mission_pk, document_pk, direction_source_pk):
    mission, document = _direction(request, mission_pk, document_pk)
    source = sel.get_source(request.actor, document, direction_source_pk)
    if response := not_post(request):
        return response
    try:
        services_direction.remove_source(request.actor, source)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("charters:detail", args=[mission.pk, document.pk])
    return redirect(back)


@actor_required(staff=True)
def submit(request, mission_pk, document_pk):
    mission, document = _direction(request, mission_pk, document_pk)
    if response := not_post(request):
        return response
    form = SubmitForm(request.POST, bodies=sel.bodies(request.actor, mission))
    if form.is_valid():
        try:
            submission = services_direction.submit(request.actor, document, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s is submitted to %(body)s.")
                % {"number": submission.version.number, "body": submission.body_name},
            )
            return _back(document, "governance")
    return _page(request, mission, document, submit_form=form)


DECISION_MESSAGES = {
    "validated": lambda: _("Validated: the version is published to the mission."),
    "adjusted": lambda: _(
        "Validated with adjustments: the next version is a draft with their checklist."
    ),
    "refused": lambda: _("Refused: the next version is a draft, to be submitted again."),
}


@actor_required(staff=True)
def decide(request, mission_pk, document_pk):
    mission, document = _direction(request, mission_pk, document_pk)
    if response := not_post(request):
        return response
    actor = request.actor
    form = DecisionForm(request.POST, bodies=sel.bodies(actor, mission))
    if form.is_valid():
        data = form.cleaned_data
        version_pk = data.pop("version")
        version = document.versions.filter(pk=version_pk).first() if version_pk else None
        try:
            if version is None:
                raise ValidationError(_("This version is not awaiting a governance decision."))
            services_direction.record_decision(actor, document, version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, DECISION_MESSAGES[data["outcome"]]())
            return _back(document, "governance")
    return _page(request, mission, document, decision_form=form)


@actor_required(staff=True)
def adjustment_tick(request, mission_pk, document_pk, direction_adjustment_pk):
    mission, document = _direction(request, mission_pk, document_pk)
    adjustment = sel.get_adjustment(request.actor, document, direction_adjustment_pk)
    if response := not_post(request):
        return response
    try:
        services_direction.tick(request.actor, adjustment, done=request.POST.get("done") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(document, "governance")


@actor_required(staff=True)
def publish(request, mission_pk, document_pk):
    mission, document = _direction(request, mission_pk, document_pk)
    if response := not_post(request):
        return response
    try:
        services_direction.publish_adjusted(request.actor, document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The adjusted version is published to the mission."))
    return _back(document, "governance")
