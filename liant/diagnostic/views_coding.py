"""Pages of the coding of interview notes (part b of issue 5), for the mission's staff.

Sponsors get 404 everywhere here (``selectors.get_campaign`` is staff only): notes and
coded excerpts are confidential.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required
from liant.core.forms import add_service_errors

from . import exports_coding, selectors, services_coding
from . import selectors_coding as coding
from .forms_coding import ImportForm, SegmentForm, SegmentUpdateForm, ThemeForm


def _campaign(request, mission_pk, campaign_pk):
    mission = selectors.get_diagnostic_mission(request.actor, mission_pk)
    campaign = selectors.get_campaign(request.actor, mission, campaign_pk)
    return mission, campaign


def _context(mission, campaign, **extra):
    return {"nav": "missions", "mission": mission, "campaign": campaign, **extra}


def _not_post(request):
    return request.method != "POST"


def _to_codebook(mission, campaign):
    return redirect("diagnostic:coding_codebook", mission.pk, campaign.pk)


# --- Codebook


@actor_required
def codebook(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    actor = request.actor
    nodes = coding.theme_tree(actor, campaign)
    campaigns = coding.importable_campaigns(actor, campaign)
    return render(
        request,
        "diagnostic/coding/codebook.html",
        _context(
            mission,
            campaign,
            roots=coding.theme_roots(nodes),
            form=ThemeForm(nodes=nodes),
            import_form=ImportForm(campaigns=campaigns) if campaigns else None,
            interviews=coding.interview_list(actor, campaign),
        ),
    )


def _theme_form_page(request, mission, campaign, form, theme=None):
    return render(
        request,
        "diagnostic/coding/theme_form.html",
        _context(mission, campaign, form=form, theme=theme),
    )


@actor_required
def theme_create(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    nodes = coding.theme_tree(request.actor, campaign)
    initial = {"parent": request.GET.get("parent")}
    form = ThemeForm(request.POST or None, nodes=nodes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme = services_coding.create_theme(
                request.actor,
                campaign,
                name=data["name"],
                colour=data["colour"],
                description=data["description"],
                parent=data["parent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Theme “%(name)s” added.") % {"name": theme.name})
            return _to_codebook(mission, campaign)
    return _theme_form_page(request, mission, campaign, form)


@actor_required
def theme_edit(request, mission_pk, campaign_pk, theme_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    theme = coding.get_theme(request.actor, campaign, theme_pk)
    nodes = coding.theme_tree(request.actor, campaign)
    initial = {
        "name": theme.name,
        "parent": theme.parent_id,
        "colour": theme.colour,
        "description": theme.description,
    }
    form = ThemeForm(request.POST or None, nodes=nodes, theme=theme, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_coding.update_theme(
                request.actor,
                theme,
                name=data["name"],
                colour=data["colour"],
                description=data["description"],
                parent=data["parent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Theme “%(name)s” saved.") % {"name": theme.name})
            return _to_codebook(mission, campaign)
    return _theme_form_page(request, mission, campaign, form, theme)


@actor_required
def theme_move(request, mission_pk, campaign_pk, theme_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    theme = coding.get_theme(request.actor, campaign, theme_pk)
    if _not_post(request):
        return HttpResponseNotAllowed(["POST"])
    try:
        services_coding.move_theme(request.actor, theme, request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(
        f"{_to_codebook(mission, campaign).url}#theme-{theme.pk}",
    )


@actor_required
def theme_delete(request, mission_pk, campaign_pk, theme_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    theme = coding.get_theme(request.actor, campaign, theme_pk)
    impact = services_coding.deletion_impact(theme)
    if request.method == "POST" and (
        request.POST.get("confirm") == "yes" or not (impact["excerpts"] or impact["subthemes"])
    ):
        name = theme.name
        services_coding.delete_theme(request.actor, theme)
        messages.success(request, _("Theme “%(name)s” deleted.") % {"name": name})
        return _to_codebook(mission, campaign)
    return render(
        request,
        "diagnostic/coding/theme_delete.html",
        _context(mission, campaign, theme=theme, impact=impact),
    )


@actor_required
def codebook_import(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    if _not_post(request):
        return HttpResponseNotAllowed(["POST"])
    form = ImportForm(request.POST, campaigns=coding.importable_campaigns(request.actor, campaign))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _to_codebook(mission, campaign)
    try:
        result = services_coding.import_codebook(
            request.actor, campaign, form.cleaned_data["source"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Codebook imported: %(copied)s themes copied, %(merged)s already there.") % result,
        )
    return _to_codebook(mission, campaign)


# --- Coding an interview


@actor_required
def interview(request, mission_pk, campaign_pk, interview_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    actor = request.actor
    current = coding.get_interview(actor, campaign, interview_pk)
    ids = list(coding.interview_list(actor, campaign).values_list("pk", flat=True))
    index = ids.index(current.pk)
    blocks = coding.interview_notes(actor, current)
    nodes = coding.theme_tree(actor, campaign)
    return render(
        request,
        "diagnostic/coding/interview.html",
        _context(
            mission,
            campaign,
            interview=current,
            label=coding.interview_label(current),
            units=coding.units_of(current),
            blocks=blocks,
            notes_data=[block.data for block in blocks],
            themes_data=[
                {"id": n.theme.pk, "name": n.theme.name, "path": n.label, "colour": n.theme.colour}
                for n in nodes
            ],
            nodes=nodes,
            previous=ids[index - 1] if index > 0 else None,
            next=ids[index + 1] if index + 1 < len(ids) else None,
        ),
    )


def _json_error(form_or_error, status=400):
    if isinstance(form_or_error, ValidationError):
        message = " ".join(form_or_error.messages)
    else:
        errors = form_or_error.errors
        message = " ".join(errors.get("themes", [])) or _(
            "Select a passage of the notes and at least one theme."
        )
    return JsonResponse({"error": message}, status=status)


@actor_required
def segment_create(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    if _not_post(request):
        return HttpResponseNotAllowed(["POST"])
    actor = request.actor
    note_pk = request.POST.get("note", "")
    note = coding.get_note(actor, campaign, int(note_pk) if note_pk.isdigit() else 0)
    form = SegmentForm(request.POST, themes=coding.theme_list(actor, campaign))
    if not form.is_valid():
        return _json_error(form)
    data = form.cleaned_data
    try:
        segment = services_coding.code_segment(
            actor,
            note,
            start=data["start"],
            end=data["end"],
            quote=data["quote"] if "quote" in request.POST else None,
            themes=data["themes"],
            quotable=data["quotable"],
        )
    except ValidationError as error:
        return _json_error(error)
    return JsonResponse({"segment": segment.pk, "note": _fresh_note(actor, campaign, note.pk)})


def _fresh_note(actor, campaign, note_pk):
    note = coding.get_note(actor, campaign, note_pk)
    return coding.note_data(note)


@actor_required
def segment_update(request, mission_pk, campaign_pk, segment_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    segment = coding.get_segment(request.actor, campaign, segment_pk)
    if _not_post(request):
        return HttpResponseNotAllowed(["POST"])
    form = SegmentUpdateForm(request.POST, themes=coding.theme_list(request.actor, campaign))
    if not form.is_valid():
        return _json_error(form)
    try:
        services_coding.update_segment(
            request.actor,
            segment,
            themes=form.cleaned_data["themes"],
            quotable=form.cleaned_data["quotable"],
        )
    except ValidationError as error:
        return _json_error(error)
    return JsonResponse(
        {"segment": segment.pk, "note": _fresh_note(request.actor, campaign, segment.note_id)}
    )


@actor_required
def segment_delete(request, mission_pk, campaign_pk, segment_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    segment = coding.get_segment(request.actor, campaign, segment_pk)
    if _not_post(request):
        return HttpResponseNotAllowed(["POST"])
    note_pk = segment.note_id
    services_coding.delete_segment(request.actor, segment)
    return JsonResponse({"note": _fresh_note(request.actor, campaign, note_pk)})


# --- Analysis


@actor_required
def theme_view(request, mission_pk, campaign_pk, theme_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    actor = request.actor
    theme = coding.get_theme(actor, campaign, theme_pk)
    nodes = coding.theme_tree(actor, campaign)
    node = next(n for n in nodes if n.theme.pk == theme.pk)
    with_subthemes = request.GET.get("sub", "1") != "0"
    excerpts = coding.theme_excerpts(actor, campaign, theme, with_subthemes=with_subthemes)
    return render(
        request,
        "diagnostic/coding/theme.html",
        _context(
            mission,
            campaign,
            theme=theme,
            node=node,
            has_children=bool(node.children),
            with_subthemes=with_subthemes,
            excerpts=excerpts,
            interview_count=len({e.interview.pk for e in excerpts}),
            quotable_count=sum(1 for e in excerpts if e.segment.quotable),
        ),
    )


@actor_required
def frequency(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    tables = coding.frequency(request.actor, campaign)
    return render(
        request,
        "diagnostic/coding/frequency.html",
        _context(
            mission,
            campaign,
            tables=[
                (tables["units"], _("By unit"), ""),
                (
                    tables["roles"],
                    _("By role"),
                    _("The role is the job title given to each person in the organisation."),
                ),
            ],
        ),
    )


@actor_required
def search(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    query = request.GET.get("q", "")[:200]
    hits, total = coding.search_notes(request.actor, campaign, query)
    return render(
        request,
        "diagnostic/coding/search.html",
        _context(
            mission,
            campaign,
            query=query.strip(),
            hits=hits,
            total=total,
            truncated=total > len(hits),
        ),
    )


# --- Exports


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(campaign, suffix):
    return f"{slugify(campaign.title) or 'campaign'}-{suffix}"


@actor_required
def export_qdc(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    roots = coding.theme_roots(coding.theme_tree(request.actor, campaign))
    return _download(
        exports_coding.codebook_qdc(roots),
        "application/xml; charset=utf-8",
        _filename(campaign, "codebook.qdc"),
    )


def _excerpts_and_paths(request, campaign):
    paths = {n.theme.pk: n.label for n in coding.theme_tree(request.actor, campaign)}
    return coding.all_excerpts(request.actor, campaign), paths


@actor_required
def export_csv(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    return _download(
        exports_coding.segments_csv(*_excerpts_and_paths(request, campaign)),
        "text/csv; charset=utf-8",
        _filename(campaign, "excerpts.csv"),
    )


@actor_required
def export_xlsx(request, mission_pk, campaign_pk):
    mission, campaign = _campaign(request, mission_pk, campaign_pk)
    return _download(
        exports_coding.segments_xlsx(*_excerpts_and_paths(request, campaign)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _filename(campaign, "excerpts.xlsx"),
    )
