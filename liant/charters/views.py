"""Facilitators' pages of a co-written document (staff), and the published version for the
mission's sponsors. Participants' pages are in ``views_contribute``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors
from liant.missions import selectors as mission_selectors

from . import diff, selectors, services
from .forms import VERDICTS, DocumentForm, InviteForm, OpenForm, parse_decisions, part_form
from .kinds import words
from .models import Document


def _document(request, mission_pk, document_pk):
    actor = request.actor
    mission = mission_selectors.get_mission(actor, mission_pk)
    return mission, selectors.get_document(actor, mission, document_pk)


def _back(document, anchor=""):
    url = reverse("charters:detail", args=[document.mission_id, document.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@actor_required(staff=True)
def document_list(request, mission_pk):
    actor = request.actor
    mission = mission_selectors.get_mission(actor, mission_pk)
    documents = selectors.documents_of_mission(actor, mission)
    return render(
        request,
        "charters/document_list.html",
        {"nav": "missions", "mission": mission, "documents": documents},
    )


@actor_required(staff=True)
def document_create(request, mission_pk):
    actor = request.actor
    mission = mission_selectors.get_mission(actor, mission_pk)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = services.create_document(actor, mission, **form.cleaned_data)
        messages.success(request, _("Charter created: write its first clauses."))
        return _back(document)
    return render(
        request,
        "charters/document_form.html",
        {"nav": "missions", "mission": mission, "form": form},
    )


def _detail_context(request, mission, document, **extra):
    actor = request.actor
    all_versions = selectors.versions(document)
    latest = all_versions[-1]
    pending = selectors.pending_amendments(actor, document)
    for item in pending:  # a refused form shows the choices made again
        values = extra.get("decision_values", {}).get(item.amendment.pk)
        if values:
            item.verdict, item.reason = values["verdict"], values["reason"]
    context = {
        "nav": "missions",
        "mission": mission,
        "document": document,
        "words": words(document.kind),
        "versions": all_versions,
        "latest": latest,
        "previous": all_versions[-2] if len(all_versions) > 1 else None,
        "rows": selectors.facilitator_view(actor, document, latest),
        "pending": pending,
        "verdicts": VERDICTS,
        "decided": selectors.decided_amendments(actor, document),
        "feedback": selectors.feedback(actor, document),
        "contributors": selectors.contributor_count(document),
        "window_open": selectors.window_open(document),
        "clause_form": part_form(document)(),
        "open_form": OpenForm(),
        "participant_url": request.build_absolute_uri(
            reverse("contribute:document", args=[document.secret])
        ),
        "Stage": Document.Stage,
        "invitations": selectors.invitations(actor, document),
        "invite_form": InviteForm(people=selectors.invitable_people(actor, document)),
    }
    if document.kind == Document.Kind.DIRECTION:
        from .selectors_direction import attach_sources
        from .views_direction import governance_context

        attach_sources(actor, document, [row.clause for row in context["rows"]])
        context.update(governance_context(request, document, **extra))
    context.update(extra)
    return context


@actor_required(staff=True)
def document_detail(request, mission_pk, document_pk):
    mission, document = _document(request, mission_pk, document_pk)
    return render(
        request, "charters/document_detail.html", _detail_context(request, mission, document)
    )


@actor_required(staff=True)
def clause_add(request, mission_pk, document_pk):
    mission, document = _document(request, mission_pk, document_pk)
    if response := not_post(request):
        return response
    form = part_form(document)(request.POST)
    if form.is_valid():
        try:
            clause = services.add_clause(request.actor, document, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _back(document, f"clause-{clause.pk}")
    context = _detail_context(request, mission, document, clause_form=form)
    return render(request, "charters/document_detail.html", context, status=400)


@actor_required(staff=True)
def clause_edit(request, mission_pk, document_pk, clause_pk):
    mission, document = _document(request, mission_pk, document_pk)
    clause = selectors.get_draft_clause(request.actor, document, clause_pk)
    form = part_form(document)(
        request.POST or None, initial={"title": clause.title, "text": clause.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_clause(request.actor, clause, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _back(document, f"clause-{clause.pk}")
    return render(
        request,
        "charters/clause_form.html",
        {
            "nav": "missions",
            "mission": mission,
            "document": document,
            "clause": clause,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@actor_required(staff=True)
def clause_delete(request, mission_pk, document_pk, clause_pk):
    mission, document = _document(request, mission_pk, document_pk)
    clause = selectors.get_draft_clause(request.actor, document, clause_pk)
    if response := not_post(request):
        return response
    try:
        services.delete_clause(request.actor, clause)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(document, "clauses")


@actor_required(staff=True)
def clause_move(request, mission_pk, document_pk, clause_pk):
    mission, document = _document(request, mission_pk, document_pk)
    clause = selectors.get_draft_clause(request.actor, document, clause_pk)
    if response := not_post(request):
        return response
    try:
        services.move_clause(request.actor, clause, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(document, f"clause-{clause.pk}")


STAGE_MESSAGES = {
    "open": lambda: _("Participation is open: share the link with the participants."),
    "close": lambda: _("Participation is closed. Decide the amendments."),
    "prototype": lambda: _("The prototype test has started on the latest version."),
    "publish": lambda: _("The final version is published to the mission."),
}


@actor_required(staff=True)
def document_stage(request, mission_pk, document_pk):
    mission, document = _document(request, mission_pk, document_pk)
    if response := not_post(request):
        return response
    actor, action = request.actor, request.POST.get("action", "")
    open_form = OpenForm(request.POST if action == "open" else None)
    try:
        if action == "open":
            if not open_form.is_valid():
                context = _detail_context(request, mission, document, open_form=open_form)
                return render(request, "charters/document_detail.html", context, status=400)
            services.open_participation(
                actor, document, closes_at=open_form.cleaned_data["closes_at"]
            )
        elif action == "close":
            services.close_participation(actor, document)
        elif action == "prototype":
            services.start_prototype(actor, document)
        elif action == "publish":
            services.publish(actor, document)
        else:
            messages.error(request, _("Unknown action."))
            return _back(document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(document)
    messages.success(request, STAGE_MESSAGES[action]())
    return _back(document)


@actor_required(staff=True)
def document_decide(request, mission_pk, document_pk):
    mission, document = _document(request, mission_pk, document_pk)
    if response := not_post(request):
        return response
    pending = selectors.pending_amendments(request.actor, document)
    chosen, values = parse_decisions(request.POST, pending)
    decisions = [services.Decision(a, verdict, reason) for a, verdict, reason in chosen]
    try:
        version = services.decide(
            request.actor, document, decisions, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        context = _detail_context(
            request, mission, document, decision_values=values, decision_errors=error.messages
        )
        return render(request, "charters/document_detail.html", context, status=400)
    if version is not None:
        messages.success(
            request,
            _("Version %(number)s is written with the accepted amendments.")
            % {"number": version.number},
        )
    else:
        messages.success(request, _("Your decisions are recorded."))
    return _back(document, "amendments")


@actor_required(staff=True)
def version_detail(request, mission_pk, document_pk, version_pk):
    mission, document = _document(request, mission_pk, document_pk)
    version = selectors.get_version(request.actor, document, version_pk)
    return render(
        request,
        "charters/version_detail.html",
        {
            "nav": "missions", "mission": mission, "document": document, "version": version,
            "rows": selectors.facilitator_view(request.actor, document, version),
            "words": words(document.kind),
        },
    )  # fmt: skip


@actor_required(staff=True)
def document_compare(request, mission_pk, document_pk):
    """Any two versions, clause by clause and word by word (``?old=<id>&new=<id>``)."""
    mission, document = _document(request, mission_pk, document_pk)
    all_versions = selectors.versions(document)
    by_pk = {str(v.pk): v for v in all_versions}
    old = by_pk.get(request.GET.get("old", ""))
    new = by_pk.get(request.GET.get("new", ""))
    if old is None or new is None:
        # By default: the latest version against the one before.
        new = all_versions[-1]
        old = all_versions[-2] if len(all_versions) > 1 else new
    rows = selectors.compare(old, new)
    shown = [
        {"status": r.status, "title": mark_safe(r.title_html), "text": mark_safe(r.text_html)}  # noqa: S308 (escaped in diff.py)
        for r in rows
    ]
    return render(
        request,
        "charters/compare.html",
        {
            "nav": "missions", "mission": mission, "document": document, "versions": all_versions,
            "old": old, "new": new, "rows": shown, "counts": diff.counts(rows),
        },
    )  # fmt: skip


@actor_required
def published(request, mission_pk):
    """The published charters of a mission: read-only, for its sponsors and the staff."""
    actor = request.actor
    mission = mission_selectors.get_mission(actor, mission_pk)
    return render(
        request,
        "charters/published.html",
        {
            "nav": "missions",
            "mission": mission,
            "documents": selectors.published_for_portal(actor, mission),
        },
    )


@actor_required(staff=True)
def invite(request, mission_pk, document_pk):
    mission, document = _document(request, mission_pk, document_pk)
    if response := not_post(request):
        return response
    form = InviteForm(request.POST, people=selectors.invitable_people(request.actor, document))
    if form.is_valid():
        try:
            count = services.invite(request.actor, document, form.cleaned_data["people"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s personal link created.", "%(count)s personal links created.", count
                )
                % {"count": count},
            )
            return _back(document, "invitations")
    context = _detail_context(request, mission, document, invite_form=form)
    return render(request, "charters/document_detail.html", context, status=400)


@actor_required(staff=True)
def invitation_revoke(request, mission_pk, document_pk, doc_invitation_pk):
    mission, document = _document(request, mission_pk, document_pk)
    invitation = selectors.get_invitation(request.actor, document, doc_invitation_pk)
    if response := not_post(request):
        return response
    services.revoke_invitation(request.actor, invitation)
    messages.success(request, _("The personal link of %(name)s no longer works.") % {
        "name": invitation.person.name})  # fmt: skip
    return _back(document, "invitations")
