import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors
from liant.orgs.selectors import organization_list

from . import key_figures, selectors, services
from .forms import (
    ChecklistItemForm,
    MissionForm,
    PhaseForm,
    PhaseTemplateForm,
    PhaseTemplateFormSet,
    StatusForm,
    TemplateForm,
)
from .models import Mission, Phase
from .timeline import build_timeline

# --- Missions


@actor_required
def mission_list(request):
    actor = request.actor
    status = request.GET.get("status") or ""
    if status not in Mission.Status.values:
        status = ""
    organizations = list(organization_list(actor).order_by("name"))
    try:
        organization_id = int(request.GET.get("organization") or 0)
    except ValueError:
        organization_id = 0
    if organization_id not in {org.pk for org in organizations}:
        organization_id = 0
    missions = selectors.mission_overview(
        actor, status=status or None, organization_id=organization_id or None
    )
    return render(
        request,
        "missions/mission_list.html",
        {
            "nav": "missions",
            "missions": missions,
            "organizations": organizations,
            "statuses": Mission.Status.choices,
            "status": status,
            "organization_id": organization_id,
            "filtered": bool(status or organization_id),
        },
    )


@actor_required(staff=True)
def mission_create(request):
    actor = request.actor
    form = MissionForm(
        request.POST or None,
        actor=actor,
        organization_id=request.GET.get("organization"),
        initial={
            "template": request.GET.get("template") or None,
            "start_date": _next_monday(timezone.localdate()),
            "consultants": [actor.user.pk],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mission = services.create_mission(
                actor,
                organization=data["organization"],
                title=data["title"],
                start_date=data["start_date"],
                template=data["template"],
                description=data["description"],
                language=data["language"],
                consultants=data["consultants"],
                units_in_scope=data["units_in_scope"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mission is created."))
            return redirect("missions:detail", mission.pk)
    return render(
        request,
        "missions/mission_form.html",
        {
            "nav": "missions",
            "form": form,
            "creating": True,
            "has_organizations": form.fields["organization"].queryset.exists(),
        },
    )


def _next_monday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


@actor_required
def mission_detail(request, pk):
    actor = request.actor
    mission = selectors.get_mission_detail(actor, pk)
    phases = list(mission.phases.all())
    today = timezone.localdate()
    timeline = build_timeline(phases, today)
    late_ids = {row.phase.pk for row in timeline.rows if row.late} if timeline else set()
    # Open the phase asked for (after an action on it), else the ones under way, else the next.
    try:
        wanted = {int(request.GET["phase"])}
    except (KeyError, ValueError):
        wanted = {p.pk for p in phases if p.status == Phase.Status.ACTIVE}
        if not wanted:
            wanted = {next((p.pk for p in phases if p.status != Phase.Status.DONE), None)}
    phase_rows = [
        {"phase": p, "number": i, "late": p.pk in late_ids, "open": p.pk in wanted}
        for i, p in enumerate(phases, start=1)
    ]
    return render(
        request,
        "missions/mission_detail.html",
        {
            "nav": "missions",
            "mission": mission,
            "phases": phases,
            "timeline": timeline,
            "phase_rows": phase_rows,
            "figures": key_figures.compute(actor, mission),
            "can_edit": actor.is_staff_member,
            "status_form": StatusForm(initial={"status": mission.status}),
            "planned_end": max((p.planned_end for p in phases), default=None),
            "item_form": ChecklistItemForm(),
        },
    )


@actor_required(staff=True)
def mission_edit(request, pk):
    actor = request.actor
    mission = selectors.get_mission_detail(actor, pk)
    form = MissionForm(
        request.POST or None,
        actor=actor,
        mission=mission,
        initial={
            "title": mission.title,
            "description": mission.description,
            "language": mission.language,
            "status": mission.status,
            "start_date": mission.start_date,
            "consultants": list(mission.consultants.all()),
            "units_in_scope": list(mission.units_in_scope.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_mission(
                actor,
                mission,
                title=data["title"],
                description=data["description"],
                language=data["language"],
                status=data["status"],
                start_date=data["start_date"],
                consultants=data["consultants"],
                units_in_scope=data["units_in_scope"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mission is updated."))
            return redirect("missions:detail", mission.pk)
    return render(
        request,
        "missions/mission_form.html",
        {"nav": "missions", "form": form, "mission": mission, "creating": False},
    )


@actor_required(staff=True)
def mission_status(request, pk):
    mission = selectors.get_mission(request.actor, pk)
    if response := not_post(request):
        return response
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_mission_status(request.actor, mission, form.cleaned_data["status"])
        messages.success(request, _("Status updated."))
    else:
        messages.error(request, _("Unknown status."))
    return redirect("missions:detail", mission.pk)


@actor_required(staff=True)
def mission_delete(request, pk):
    mission = selectors.get_mission(request.actor, pk)
    if response := not_post(request):
        return response
    title = mission.title
    services.delete_mission(request.actor, mission)
    messages.success(request, _("The mission “%(title)s” is deleted.") % {"title": title})
    return redirect("missions:list")


# --- Phases


def _phase_anchor(mission, phase) -> str:
    url = reverse("missions:detail", args=[mission.pk])
    return f"{url}?phase={phase.pk}#phase-{phase.pk}"


def _phase_form_page(request, mission, form, phase=None):
    return render(
        request,
        "missions/phase_form.html",
        {"nav": "missions", "mission": mission, "phase": phase, "form": form},
    )


@actor_required(staff=True)
def phase_add(request, pk):
    actor = request.actor
    mission = selectors.get_mission_detail(actor, pk)
    last_end = max((p.planned_end for p in mission.phases.all()), default=None)
    start = last_end + datetime.timedelta(days=1) if last_end else mission.start_date
    form = PhaseForm(
        request.POST or None,
        initial={"planned_start": start, "planned_end": start + datetime.timedelta(days=13)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            phase = services.add_phase(actor, mission, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Phase added."))
            return redirect(_phase_anchor(mission, phase))
    return _phase_form_page(request, mission, form)


@actor_required(staff=True)
def phase_edit(request, pk, phase_pk):
    actor = request.actor
    mission = selectors.get_mission(actor, pk)
    phase = selectors.get_phase(actor, mission, phase_pk)
    form = PhaseForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        try:
            fresh = selectors.get_phase(actor, mission, phase_pk)  # the form changed `phase`
            services.update_phase(actor, fresh, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Phase updated."))
            return redirect(_phase_anchor(mission, phase))
    return _phase_form_page(request, mission, form, phase)


@actor_required(staff=True)
def phase_status(request, pk, phase_pk):
    actor = request.actor
    mission = selectors.get_mission(actor, pk)
    phase = selectors.get_phase(actor, mission, phase_pk)
    if response := not_post(request):
        return response
    status = request.POST.get("status")
    if status not in Phase.Status.values:
        messages.error(request, _("Unknown status."))
    else:
        services.set_phase_status(actor, phase, status)
    return redirect(_phase_anchor(mission, phase))


@actor_required(staff=True)
def phase_delete(request, pk, phase_pk):
    actor = request.actor
    mission = selectors.get_mission(actor, pk)
    phase = selectors.get_phase(actor, mission, phase_pk)
    if response := not_post(request):
        return response
    services.delete_phase(actor, phase)
    messages.success(request, _("Phase deleted."))
    return redirect("missions:detail", mission.pk)


# --- Checklist (htmx: answers with the refreshed checklist of the phase)


def _checklist_response(request, mission, phase_pk, form=None):
    if not request.htmx:
        url = reverse("missions:detail", args=[mission.pk])
        return redirect(f"{url}?phase={phase_pk}#phase-{phase_pk}")
    phase = selectors.get_phase_with_checklist(request.actor, mission, phase_pk)
    return render(
        request,
        "missions/_checklist.html",
        {
            "mission": mission,
            "phase": phase,
            "can_edit": True,
            "item_form": form or ChecklistItemForm(),
        },
    )


@actor_required(staff=True)
def item_add(request, pk, phase_pk):
    actor = request.actor
    mission = selectors.get_mission(actor, pk)
    phase = selectors.get_phase(actor, mission, phase_pk)
    if response := not_post(request):
        return response
    form = ChecklistItemForm(request.POST)
    if form.is_valid():
        services.add_checklist_item(actor, phase, form.cleaned_data["label"])
        form = None
    elif not request.htmx:
        messages.error(request, _("Please write the item."))
    return _checklist_response(request, mission, phase.pk, form)


@actor_required(staff=True)
def item_toggle(request, pk, item_pk):
    actor = request.actor
    mission = selectors.get_mission(actor, pk)
    item = selectors.get_checklist_item(actor, mission, item_pk)
    if response := not_post(request):
        return response
    services.set_checklist_item_done(actor, item, request.POST.get("done") in ("on", "true", "1"))
    return _checklist_response(request, mission, item.phase_id)


@actor_required(staff=True)
def item_delete(request, pk, item_pk):
    actor = request.actor
    mission = selectors.get_mission(actor, pk)
    item = selectors.get_checklist_item(actor, mission, item_pk)
    if response := not_post(request):
        return response
    phase_pk = item.phase_id
    services.delete_checklist_item(actor, item)
    return _checklist_response(request, mission, phase_pk)


# --- Templates (staff only)


@actor_required(staff=True)
def template_list(request):
    templates = list(selectors.template_list(request.actor))
    for template in templates:
        template.segments = _segments(template)
    return render(
        request,
        "missions/template_list.html",
        {
            "nav": "templates",
            "builtin_templates": [t for t in templates if t.is_builtin],
            "own_templates": [t for t in templates if not t.is_builtin],
        },
    )


def _segments(template) -> list[dict]:
    """Each phase's share of the template's length, for the proportional bar."""
    phases = list(template.phases.all())
    total = sum(max(p.duration_weeks, 1) for p in phases) or 1
    segments, x = [], 0.0
    for phase in phases:
        share = 100 * max(phase.duration_weeks, 1) / total
        width = round(max(share - 0.4, 0.2), 3)  # a thin gap between phases
        segments.append({"phase": phase, "x": round(x, 3), "width": width})
        x += share
    return segments


@actor_required(staff=True)
def template_detail(request, pk):
    template = selectors.get_template(request.actor, pk)
    language = request.GET.get("lang")
    if language not in ("fr", "en"):
        language = (get_language() or "fr")[:2]
    return render(
        request,
        "missions/template_detail.html",
        {
            "nav": "templates",
            "template": template,
            "language": language,
            "other_language": "en" if language == "fr" else "fr",
            "phases": [_phase_texts(phase, language) for phase in template.phases.all()],
            "name": template.name.get(language) or template.display_name,
            "summary": template.summary.get(language) or template.display_summary,
        },
    )


def _phase_texts(phase, language):
    def pick(value):
        return (value or {}).get(language) or (value or {}).get("fr") or ""

    return {
        "order": phase.order,
        "name": pick(phase.name),
        "objectives": pick(phase.objectives),
        "typical_actions": pick(phase.typical_actions) or [],
        "checklist": pick(phase.checklist) or [],
        "deliverable": pick(phase.deliverable),
        "duration_weeks": phase.duration_weeks,
    }


@actor_required(staff=True)
def template_copy(request, pk):
    template = selectors.get_template(request.actor, pk)
    if response := not_post(request):
        return response
    copy = services.copy_template(request.actor, template)
    messages.success(request, _("A copy is now in your workspace: adapt it to your practice."))
    return redirect("missions:template_edit", copy.pk)


@actor_required(staff=True)
def template_edit(request, pk):
    actor = request.actor
    template = selectors.get_workspace_template(actor, pk)
    phases = list(template.phases.all())
    initial = [PhaseTemplateForm.initial_for(p) | {"ORDER": i + 1} for i, p in enumerate(phases)]
    if request.method == "POST":
        data = request.POST.copy()
        adding = "add_phase" in data
        if adding:
            key = "phases-TOTAL_FORMS"
            data[key] = str(int(data.get(key) or 0) + 1)
        form = TemplateForm(data)
        formset = PhaseTemplateFormSet(data, initial=initial, prefix="phases")
        if not adding and form.is_valid() and formset.is_valid():
            try:
                services.update_template(
                    actor, template, **form.values(), phases=formset.ordered_values()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Template saved."))
                return redirect("missions:templates")
    else:
        form = TemplateForm(initial=TemplateForm.initial_for(template))
        formset = PhaseTemplateFormSet(initial=initial, prefix="phases")
    return render(
        request,
        "missions/template_form.html",
        {"nav": "templates", "template": template, "form": form, "formset": formset},
    )


@actor_required(staff=True)
def template_delete(request, pk):
    template = selectors.get_workspace_template(request.actor, pk)
    if response := not_post(request):
        return response
    name = template.display_name
    services.delete_template(request.actor, template)
    messages.success(request, _("The template “%(name)s” is deleted.") % {"name": name})
    return redirect("missions:templates")
