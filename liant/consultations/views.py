"""Facilitators' pages of a mission's consultations (/missions/<mission_pk>/consultations/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from liant.core.decorators import actor_required, not_post

from . import opinion_map, polis, selectors, services
from .forms import ConsultationForm, ImportForm, InviteForm, ModerationForm, SeedForm
from .map_view import map_context
from .models import Consultation


def _context(request, mission, consultation=None, **extra):
    return {
        "nav": "missions",
        "mission": mission,
        "consultation": consultation,
        "can_edit": request.actor.is_staff_member,
        **extra,
    }


def _staff(request):
    if not request.actor.is_staff_member:
        raise PermissionDenied


@actor_required
def consultation_list(request, mission_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultations = selectors.consultation_list(request.actor, mission)
    return render(
        request,
        "consultations/list.html",
        _context(request, mission, consultations=consultations, now=timezone.now()),
    )


def _form_values(form) -> dict:
    return {k: form.cleaned_data[k] for k in services.EDITABLE_FIELDS}


@actor_required(staff=True)
@require_http_methods(["GET", "POST"])
def consultation_create(request, mission_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    if request.method == "POST":
        form = ConsultationForm(request.POST)
        if form.is_valid():
            consultation = services.create_consultation(
                request.actor, mission, **_form_values(form)
            )
            messages.success(request, _("Consultation created. Add the first statements."))
            return redirect("consultations:detail", mission.pk, consultation.pk)
    else:
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = ConsultationForm(
            initial={
                "opens_at": now,
                "closes_at": now + timezone.timedelta(days=61),
                "access": Consultation.Access.LINK,
                "language": Consultation.Language.FR,
                "moderation": Consultation.Moderation.PRE,
                "participants_can_submit": True,
            }
        )
    return render(request, "consultations/form.html", _context(request, mission, form=form))


@actor_required(staff=True)
@require_http_methods(["GET", "POST"])
def consultation_edit(request, mission_pk, consultation_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    if request.method == "POST":
        form = ConsultationForm(request.POST)
        if form.is_valid():
            services.update_consultation(request.actor, consultation, **_form_values(form))
            messages.success(request, _("Consultation saved."))
            return redirect("consultations:detail", mission.pk, consultation.pk)
    else:
        form = ConsultationForm(
            initial={
                k: (
                    timezone.localtime(getattr(consultation, k))
                    if k in ("opens_at", "closes_at")
                    else getattr(consultation, k)
                )
                for k in services.EDITABLE_FIELDS
            }
        )
    return render(
        request, "consultations/form.html", _context(request, mission, consultation, form=form)
    )


def _dashboard_context(request, mission, consultation):
    snapshot, stale = opinion_map.current(consultation)
    return _context(
        request,
        mission,
        consultation,
        board=selectors.dashboard(consultation),
        state=services.state(consultation),
        snapshot=snapshot,
        stale=stale,
    )


@actor_required
def consultation_detail(request, mission_pk, consultation_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    context = _dashboard_context(request, mission, consultation)
    if request.htmx:  # the live dashboard refreshes its figures only
        return render(request, "consultations/_dashboard.html", context)
    context |= {
        "statements": selectors.statements_with_tallies(consultation),
        "seed_form": SeedForm(),
        "public_url": request.build_absolute_uri(reverse("take:home", args=[consultation.secret])),
        "invitations": consultation.invitations.select_related("person").filter(revoked_at=None),
    }
    return render(request, "consultations/detail.html", context)


@actor_required(staff=True)
def statement_add(request, mission_pk, consultation_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    if response := not_post(request):
        return response
    form = SeedForm(request.POST)
    if form.is_valid():
        try:
            services.add_seed_statement(request.actor, consultation, form.cleaned_data["text"])
            messages.success(request, _("Statement added."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(reverse("consultations:detail", args=[mission.pk, consultation.pk]) + "#seed")


@actor_required(staff=True)
def moderation(request, mission_pk, consultation_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    waiting, decided = selectors.moderation_queue(consultation)
    return render(
        request,
        "consultations/moderation.html",
        _context(request, mission, consultation, waiting=waiting, decided=decided,
                 form=ModerationForm()),
    )  # fmt: skip


@actor_required(staff=True)
def moderate(request, mission_pk, consultation_pk, statement_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    statement = selectors.get_statement(consultation, statement_pk)
    if response := not_post(request):
        return response
    form = ModerationForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        services.moderate(
            request.actor, statement, accept=accept,
            reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
        )  # fmt: skip
        messages.success(request, _("Statement published.") if accept else _("Statement rejected."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("consultations:moderation", mission.pk, consultation.pk)


@actor_required
def opinion_map_page(request, mission_pk, consultation_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    snapshot, stale = opinion_map.current(consultation)
    context = map_context(consultation, snapshot, request.GET.get("group"))
    return render(
        request,
        "consultations/map.html",
        _context(request, mission, consultation, stale=stale, **context),
    )


@actor_required
def report(request, mission_pk, consultation_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    snapshot, stale = opinion_map.current(consultation)
    context = map_context(consultation, snapshot, None)
    return render(
        request,
        "consultations/report.html",
        _context(request, mission, consultation, stale=stale,
                 board=selectors.dashboard(consultation), **context),
    )  # fmt: skip


@actor_required(staff=True)
def export(request, mission_pk, consultation_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    snapshot = getattr(consultation, "snapshot", None)
    groups = {}
    if snapshot is not None:
        groups = {m: g["id"] for g in snapshot.data.get("groups", []) for m in g["members"]}
    payload = polis.export_zip(consultation, groups)
    response = HttpResponse(payload, content_type="application/zip")
    name = slugify(consultation.title)[:60] or "consultation"
    response["Content-Disposition"] = f'attachment; filename="{name}-polis.zip"'
    return response


@actor_required(staff=True)
@require_http_methods(["GET", "POST"])
def import_polis(request, mission_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    error = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["archive"]
            try:
                conversation = polis.parse(polis.read_upload(upload))
            except polis.PolisFileError as problem:
                error = str(problem)
            else:
                consultation = polis.import_conversation(
                    request.actor, mission, conversation,
                    title=form.cleaned_data["title"], source=upload.name,
                )  # fmt: skip
                messages.success(
                    request,
                    _("Imported: %(s)d statements, %(v)d votes.")
                    % {"s": len(conversation.comments), "v": len(conversation.votes)},
                )
                return redirect("consultations:detail", mission.pk, consultation.pk)
    else:
        form = ImportForm()
    return render(
        request, "consultations/import.html", _context(request, mission, form=form, error=error)
    )


@actor_required(staff=True)
def invite(request, mission_pk, consultation_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    people = selectors.invitable_people(consultation)
    if request.method == "POST":
        form = InviteForm(request.POST, people=people)
        if form.is_valid():
            made = services.invite(request.actor, consultation, form.cleaned_data["people"])
            messages.success(request, _("%(n)d personal links ready.") % {"n": len(made)})
            return redirect("consultations:invite", mission.pk, consultation.pk)
    else:
        form = InviteForm(people=people)
    invitations = [
        (
            invitation,
            request.build_absolute_uri(reverse("take:invitation", args=[invitation.token])),
        )
        for invitation in consultation.invitations.select_related("person").filter(revoked_at=None)
    ]
    return render(
        request,
        "consultations/invite.html",
        _context(request, mission, consultation, form=form, invitations=invitations),
    )


@actor_required(staff=True)
def invitation_revoke(request, mission_pk, consultation_pk, consultation_invitation_pk):
    mission = selectors.get_consultation_mission(request.actor, mission_pk)
    consultation = selectors.get_consultation(request.actor, mission, consultation_pk)
    invitation = selectors.get_invitation(consultation, consultation_invitation_pk)
    if response := not_post(request):
        return response
    services.revoke_invitation(request.actor, invitation)
    messages.success(request, _("Invitation revoked."))
    return redirect("consultations:invite", mission.pk, consultation.pk)
