"""The readout of a mission's diagnostic (part e of issue 5): building it, publishing it to the
sponsors, presenting it in the readout meeting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors, posted

from . import selectors, selectors_readout, services_readout
from .forms_readout import AxisForm, EvidenceForm, FindingForm, ReadoutForm
from .models import K_ANONYMITY, Finding

SEARCH_MAX_LENGTH = 100


def _staff_readout(request, mission_pk):
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    return mission, selectors.get_readout(actor, mission)


def _back(mission, anchor: str = ""):
    url = reverse("diagnostic:readout", args=[mission.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _context(mission, **extra) -> dict:
    return {"nav": "missions", "mission": mission, "k": K_ANONYMITY, **extra}


def _direction(request) -> int | None:
    return {"up": -1, "down": 1}.get(request.POST.get("direction", ""))


# --- The readout page


@actor_required
def readout(request, mission_pk):
    """Staff: the readout builder (created on first open with four axes). Sponsors: the
    published readout, read-only, anonymous (404 before it is published)."""
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    if actor.is_staff_member:
        readout = services_readout.ensure_readout(actor, mission)
    else:
        readout = selectors.get_readout(actor, mission)
    public = not actor.is_staff_member
    axes = selectors_readout.readout_view(actor, readout, public=public)
    return render(
        request,
        "diagnostic/readout/readout.html",
        _context(
            mission,
            readout=readout,
            axes=axes,
            can_edit=actor.is_staff_member,
            public=public,
            kinds=Finding.Kind.choices,
        ),
    )


@actor_required(staff=True)
def readout_edit(request, mission_pk):
    mission, readout = _staff_readout(request, mission_pk)
    initial = {"title": readout.title, "introduction": readout.introduction}
    form = ReadoutForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_readout.update_readout(request.actor, readout, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Readout saved."))
            return _back(mission)
    return render(
        request,
        "diagnostic/readout/form.html",
        _context(mission, readout=readout, form=form, heading=_("Title and introduction")),
    )


@actor_required(staff=True)
def readout_publish(request, mission_pk):
    mission, readout = _staff_readout(request, mission_pk)
    if response := not_post(request):
        return response
    try:
        services_readout.publish_readout(request.actor, readout)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Readout published: the mission’s sponsors can read it."))
    return _back(mission)


@actor_required(staff=True)
def readout_unpublish(request, mission_pk):
    mission, readout = _staff_readout(request, mission_pk)
    if response := not_post(request):
        return response
    services_readout.unpublish_readout(request.actor, readout)
    messages.success(request, _("Readout withdrawn: the sponsors no longer see it."))
    return _back(mission)


@actor_required
def readout_present(request, mission_pk):
    """Full-screen presentation for the readout meeting: always the public view, since it is
    projected in front of the client."""
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    readout = selectors.get_readout(actor, mission)
    axes = selectors_readout.readout_view(actor, readout, public=True)
    return render(
        request,
        "diagnostic/readout/present.html",
        _context(
            mission,
            readout=readout,
            axes=axes,
            totals=selectors_readout.readout_totals(axes),
            slide_count=len(axes) + 2,
        ),
    )


# --- Axes


@actor_required(staff=True)
def axis_add(request, mission_pk):
    mission, readout = _staff_readout(request, mission_pk)
    form = AxisForm(posted(request), initial={"kind": "other"})
    if request.method == "POST" and form.is_valid():
        try:
            axis = services_readout.add_axis(request.actor, readout, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Axis added."))
            return _back(mission, f"axis-{axis.pk}")
    return render(
        request,
        "diagnostic/readout/form.html",
        _context(mission, readout=readout, form=form, heading=_("New priority axis")),
    )


@actor_required(staff=True)
def axis_edit(request, mission_pk, axis_pk):
    mission, readout = _staff_readout(request, mission_pk)
    axis = selectors_readout.get_axis(request.actor, readout, axis_pk)
    initial = {"title": axis.title, "kind": axis.kind, "description": axis.description}
    form = AxisForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_readout.update_axis(request.actor, axis, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Axis saved."))
            return _back(mission, f"axis-{axis.pk}")
    return render(
        request,
        "diagnostic/readout/form.html",
        _context(mission, readout=readout, form=form, heading=_("Edit the priority axis")),
    )


@actor_required(staff=True)
def axis_delete(request, mission_pk, axis_pk):
    mission, readout = _staff_readout(request, mission_pk)
    axis = selectors_readout.get_axis(request.actor, readout, axis_pk)
    if request.method == "POST":
        services_readout.delete_axis(request.actor, axis)
        messages.success(request, _("Axis “%(title)s” deleted.") % {"title": axis.title})
        return _back(mission)
    return render(
        request,
        "diagnostic/readout/delete.html",
        _context(
            mission,
            readout=readout,
            heading=_("Delete the axis “%(title)s”?") % {"title": axis.title},
            warning=_("Its findings, strengths, potential, conditions and evidence go with it."),
        ),
    )


@actor_required(staff=True)
def axis_move(request, mission_pk, axis_pk):
    mission, readout = _staff_readout(request, mission_pk)
    axis = selectors_readout.get_axis(request.actor, readout, axis_pk)
    if response := not_post(request):
        return response
    offset = _direction(request)
    if offset is None:
        messages.error(request, _("Choose to move the axis up or down."))
    else:
        services_readout.move_axis(request.actor, axis, offset)
    return _back(mission, f"axis-{axis.pk}")


# --- Findings


@actor_required(staff=True)
def finding_add(request, mission_pk, axis_pk):
    mission, readout = _staff_readout(request, mission_pk)
    axis = selectors_readout.get_axis(request.actor, readout, axis_pk)
    kind = request.GET.get("kind", "")
    initial = {"kind": kind if kind in Finding.Kind.values else Finding.Kind.FINDING}
    form = FindingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services_readout.add_finding(request.actor, axis, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Added to “%(axis)s”.") % {"axis": axis.title})
            return _back(mission, f"finding-{finding.pk}")
    return render(
        request,
        "diagnostic/readout/form.html",
        _context(
            mission,
            readout=readout,
            form=form,
            heading=_("Add to the axis “%(title)s”") % {"title": axis.title},
        ),
    )


@actor_required(staff=True)
def finding_edit(request, mission_pk, finding_pk):
    mission, readout = _staff_readout(request, mission_pk)
    finding = selectors_readout.get_finding(request.actor, readout, finding_pk)
    form = FindingForm(posted(request), initial={"kind": finding.kind, "text": finding.text})
    if request.method == "POST" and form.is_valid():
        try:
            services_readout.update_finding(request.actor, finding, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return _back(mission, f"finding-{finding.pk}")
    return render(
        request,
        "diagnostic/readout/form.html",
        _context(
            mission,
            readout=readout,
            form=form,
            heading=_("Edit (axis “%(title)s”)") % {"title": finding.axis.title},
        ),
    )


@actor_required(staff=True)
def finding_delete(request, mission_pk, finding_pk):
    mission, readout = _staff_readout(request, mission_pk)
    finding = selectors_readout.get_finding(request.actor, readout, finding_pk)
    if request.method == "POST":
        services_readout.delete_finding(request.actor, finding)
        messages.success(request, _("Deleted."))
        return _back(mission, f"axis-{finding.axis_id}")
    return render(
        request,
        "diagnostic/readout/delete.html",
        _context(
            mission,
            readout=readout,
            heading=_("Delete “%(text)s”?") % {"text": finding.text[:80]},
            warning=_("Its evidence goes with it (the excerpts and themes themselves stay)."),
        ),
    )


@actor_required(staff=True)
def finding_move(request, mission_pk, finding_pk):
    mission, readout = _staff_readout(request, mission_pk)
    finding = selectors_readout.get_finding(request.actor, readout, finding_pk)
    if response := not_post(request):
        return response
    offset = _direction(request)
    if offset is None:
        messages.error(request, _("Choose to move it up or down."))
    else:
        services_readout.move_finding(request.actor, finding, offset)
    return _back(mission, f"finding-{finding.pk}")


# --- Evidence


@actor_required(staff=True)
def evidence_add(request, mission_pk, finding_pk):
    """Pick the evidence of a finding: coded excerpts (by theme, with search), whole themes,
    survey questions of a wave (k-safe summary)."""
    mission, readout = _staff_readout(request, mission_pk)
    actor = request.actor
    finding = selectors_readout.get_finding(actor, readout, finding_pk)
    themes = selectors_readout.evidence_themes(actor, mission)
    form = EvidenceForm(
        posted(request),
        segments=selectors_readout.evidence_segments(actor, mission),
        themes=themes,
        questions=selectors_readout.evidence_questions(actor, mission),
        waves=selectors_readout.evidence_waves(actor, mission),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services_readout.add_evidence(actor, finding, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Evidence added."))
                return _back(mission, f"finding-{finding.pk}")
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    theme_list = list(themes)
    chosen_theme = None
    theme_arg = request.GET.get("theme", "")
    if theme_arg.isdigit():
        chosen_theme = next((t for t in theme_list if t.pk == int(theme_arg)), None)
    text = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    return render(
        request,
        "diagnostic/readout/evidence.html",
        _context(
            mission,
            readout=readout,
            finding=finding,
            themes=theme_list,
            chosen_theme=chosen_theme,
            q=text,
            segments=selectors_readout.search_segments(
                actor, mission, theme=chosen_theme, text=text
            ),
            questions=selectors_readout.question_choices(actor, mission),
            excerpts_shown=selectors_readout.EXCERPTS_SHOWN,
        ),
        status=400 if request.method == "POST" else 200,
    )


@actor_required(staff=True)
def evidence_delete(request, mission_pk, evidence_pk):
    mission, readout = _staff_readout(request, mission_pk)
    evidence = selectors_readout.get_evidence(request.actor, readout, evidence_pk)
    if response := not_post(request):
        return response
    services_readout.delete_evidence(request.actor, evidence)
    messages.success(request, _("Evidence removed."))
    return _back(mission, f"finding-{evidence.finding_id}")
