"""Pages of the plan part: the plan (axes → objectives → actions), the action pages, the list,
board and timeline views, the prioritisation matrix, governance and the decision log.

Staff build the plan; sponsors read it once submitted, and validate it or send it back.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liant.charters.selectors_direction import reference_direction
from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors, posted
from liant.diagnostic.selectors import readout_for

from . import origin_sources, services_plan, votes
from . import selectors_plan as sel
from .forms_plan import (
    ActionForm,
    AxisForm,
    BodyForm,
    DecisionForm,
    FilterForm,
    MilestoneForm,
    ObjectiveForm,
    PlaceForm,
    ProgressForm,
    ReopenForm,
    ValidateForm,
    VoteImportForm,
)
from .matrix import Cell, build_matrix, cell_cards, keyboard_rows, score_options
from .models import Action, ActionPlan
from .timeline import build_timeline

PAGE_SIZE = 50


def _plan(request, mission_pk):
    """The mission and its plan as the actor may see them (404 otherwise)."""
    mission = sel.get_plan_mission(request.actor, mission_pk)
    return mission, sel.get_plan(request.actor, mission)


def _context(request, mission, plan, **extra) -> dict:
    actor = request.actor
    return {
        "nav": "missions",
        "mission": mission,
        "plan": plan,
        "can_edit": actor.is_staff_member,
        "is_draft": plan is not None and plan.status == ActionPlan.Status.DRAFT,
        "can_validate": plan is not None and services_plan.can_validate(actor, plan),
        **extra,
    }


def _home(mission, anchor: str = ""):
    url = reverse("steering:plan", args=[mission.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _form_page(request, mission, plan, form, heading: str, back: str, **extra):
    return render(
        request,
        "steering/plan/form.html",
        _context(request, mission, plan, form=form, heading=heading, back=back, **extra),
    )


def _confirm(request, mission, plan, *, heading: str, text: str, back: str):
    return render(
        request,
        "steering/plan/confirm_delete.html",
        _context(request, mission, plan, heading=heading, text=text, back=back),
    )


def _run(form, call):
    """Call a service; show its ValidationError on the form. True when it worked."""
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


# ---------------------------------------------------------------- the plan


@actor_required
def plan(request, mission_pk):
    """Staff: the plan, created on first open. Sponsors: the submitted or validated plan."""
    actor = request.actor
    mission = sel.get_plan_mission(actor, mission_pk)
    if actor.is_staff_member:
        action_plan = services_plan.get_or_create_plan(actor, mission)
    else:
        action_plan = sel.get_plan(actor, mission)
    readout_axes = []
    if actor.is_staff_member and action_plan.status == ActionPlan.Status.DRAFT:
        readout = readout_for(actor, mission)
        if readout is not None:
            imported = set(
                action_plan.axes.exclude(readout_axis=None).values_list("readout_axis", flat=True)
            )
            readout_axes = [a for a in readout.axes.all() if a.pk not in imported]
    today = timezone.localdate()
    tree = sel.plan_tree(actor, action_plan)
    for view in tree:
        _link_rows(mission, view.loose, today)
        for objective_view in view.objectives:
            _link_rows(mission, objective_view.actions, today)
    return render(
        request,
        "steering/plan/plan.html",
        _context(
            request,
            mission,
            action_plan,
            tree=tree,
            summary=sel.plan_summary(actor, action_plan, today),
            readout_axes=readout_axes,
            today=today,
            direction=reference_direction(actor, mission),
        ),
    )


@actor_required(staff=True)
def axis_import(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    if response := not_post(request):
        return response
    readout = readout_for(request.actor, mission)
    if readout is None:
        messages.error(request, _("This mission has no readout yet."))
        return _home(mission)
    wanted = {int(pk) for pk in request.POST.getlist("axis") if pk.isdigit()}
    chosen = [a for a in readout.axes.all() if not wanted or a.pk in wanted]
    try:
        created = services_plan.import_readout_axes(request.actor, action_plan, chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        count = len(created)
        messages.success(
            request,
            ngettext(
                "%(count)d axis taken from the readout.",
                "%(count)d axes taken from the readout.",
                count,
            )
            % {"count": count},
        )
    return _home(mission)


@actor_required(staff=True)
def axis_add(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    form = AxisForm(posted(request))
    if request.method == "POST" and form.is_valid():
        holder = {}

        def call():
            holder["axis"] = services_plan.create_axis(
                request.actor, action_plan, **form.cleaned_data
            )

        if _run(form, call):
            messages.success(request, _("Axis added."))
            return _home(mission, f"axis-{holder['axis'].pk}")
    back = reverse("steering:plan", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("New axis"), back)


@actor_required(staff=True)
def axis_edit(request, mission_pk, plan_axis_pk):
    mission, action_plan = _plan(request, mission_pk)
    axis = sel.get_axis(request.actor, action_plan, plan_axis_pk)
    form = AxisForm(posted(request), initial={"title": axis.title, "description": axis.description})
    if request.method == "POST" and form.is_valid():
        if _run(form, lambda: services_plan.update_axis(request.actor, axis, **form.cleaned_data)):
            messages.success(request, _("Axis saved."))
            return _home(mission, f"axis-{axis.pk}")
    back = reverse("steering:plan", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("Edit the axis"), back)


@actor_required(staff=True)
def axis_delete(request, mission_pk, plan_axis_pk):
    mission, action_plan = _plan(request, mission_pk)
    axis = sel.get_axis(request.actor, action_plan, plan_axis_pk)
    if request.method == "POST":
        try:
            services_plan.delete_axis(request.actor, axis)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Axis deleted; its actions stay in the plan."))
        return _home(mission)
    return _confirm(
        request,
        mission,
        action_plan,
        heading=_("Delete the axis “%(title)s”?") % {"title": axis.title},
        text=_("Its objectives are deleted too; their actions stay in the plan, unclassified."),
        back=reverse("steering:plan", args=[mission.pk]),
    )


@actor_required
def tree_actions(request, mission_pk, objective_pk=None):
    """One page of the actions of an objective of the tree, or of those without one (htmx:
    a collapsed objective opens, or its "show more" is pressed)."""
    mission, action_plan = _plan(request, mission_pk)
    objective = None
    if objective_pk is not None:
        objective = sel.get_objective(request.actor, action_plan, objective_pk)
    rows = sel.tree_actions(request.actor, action_plan, objective)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "steering/plan/_tree_actions.html",
        _context(
            request,
            mission,
            action_plan,
            rows=_link_rows(mission, page.object_list, today),
            page=page,
            left=page.paginator.count - page.end_index(),
            more_url=request.path,
        ),
    )


# ---------------------------------------------------------------- objectives


def _objective_initial(objective) -> dict:
    names = ("axis", "title", "target", "target_value", "target_unit", "deadline", "description")
    return {name: getattr(objective, name) for name in names}


@actor_required(staff=True)
def objective_add(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    axes = sel.axes(request.actor, action_plan)
    initial = {"axis": request.GET.get("axis")}
    form = ObjectiveForm(posted(request), axes=axes, initial=initial)
    if request.method == "POST" and form.is_valid():
        holder = {}
        data = dict(form.cleaned_data)
        axis = data.pop("axis")

        def call():
            holder["o"] = services_plan.create_objective(request.actor, axis, **data)

        if _run(form, call):
            messages.success(request, _("Objective added."))
            return _home(mission, f"objective-{holder['o'].pk}")
    back = reverse("steering:plan", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("New objective"), back)


@actor_required(staff=True)
def objective_edit(request, mission_pk, objective_pk):
    mission, action_plan = _plan(request, mission_pk)
    objective = sel.get_objective(request.actor, action_plan, objective_pk)
    axes = sel.axes(request.actor, action_plan)
    form = ObjectiveForm(posted(request), axes=axes, initial=_objective_initial(objective))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(form, lambda: services_plan.update_objective(request.actor, objective, **data)):
            messages.success(request, _("Objective saved."))
            return _home(mission, f"objective-{objective.pk}")
    back = reverse("steering:plan", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("Edit the objective"), back)


@actor_required(staff=True)
def objective_delete(request, mission_pk, objective_pk):
    mission, action_plan = _plan(request, mission_pk)
    objective = sel.get_objective(request.actor, action_plan, objective_pk)
    if request.method == "POST":
        try:
            services_plan.delete_objective(request.actor, objective)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Objective deleted; its actions stay in the plan."))
        return _home(mission)
    return _confirm(
        request,
        mission,
        action_plan,
        heading=_("Delete the objective “%(title)s”?") % {"title": objective.title},
        text=_("Its actions stay in the plan, unclassified."),
        back=reverse("steering:plan", args=[mission.pk]),
    )


# ---------------------------------------------------------------- actions


def _action_form(request, action_plan, instance=None, initial=None):
    actor = request.actor
    others = sel.actions(actor, action_plan).only("id", "title")
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    return ActionForm(
        posted(request),
        objectives=sel.objectives(actor, action_plan),
        people=sel.people(actor, action_plan),
        milestones=sel.milestones(actor, action_plan),
        actions=others,
        initial=initial,
    )


def _action_url(mission, action) -> str:
    return reverse("steering:action", args=[mission.pk, action.pk])


@actor_required(staff=True)
def action_add(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    form = _action_form(request, action_plan, initial={"objective": request.GET.get("objective")})
    if request.method == "POST" and form.is_valid():
        holder = {}

        def call():
            holder["a"] = services_plan.create_action(
                request.actor, action_plan, **form.cleaned_data
            )

        if _run(form, call):
            messages.success(request, _("Action added."))
            return redirect(_action_url(mission, holder["a"]))
    back = reverse("steering:plan", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("New action"), back)


@actor_required
def action(request, mission_pk, action_pk):
    mission, action_plan = _plan(request, mission_pk)
    item = sel.action_detail(request.actor, action_plan, action_pk)
    progress_form = ProgressForm(initial={"status": item.status, "progress": item.progress})
    return render(
        request,
        "steering/plan/action.html",
        _context(
            request,
            mission,
            action_plan,
            action=item,
            origin_rows=origin_sources.rows_for(request.actor, item.origins.all()),
            progress_form=progress_form,
            late=item.is_late(timezone.localdate()),
        ),
    )


@actor_required(staff=True)
def action_edit(request, mission_pk, action_pk):
    mission, action_plan = _plan(request, mission_pk)
    item = sel.action_detail(request.actor, action_plan, action_pk)
    names = (
        "title",
        "objective",
        "description",
        "owner",
        "start_date",
        "due_date",
        "priority",
        "status",
        "progress",
        "milestone",
    )
    initial = {name: getattr(item, name) for name in names}
    initial["contributors"] = list(item.contributors.all())
    initial["depends_on"] = list(item.depends_on.all())
    form = _action_form(request, action_plan, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(form, lambda: services_plan.update_action(request.actor, item, **data)):
            messages.success(request, _("Action saved."))
            return redirect(_action_url(mission, item))
    back = _action_url(mission, item)
    return _form_page(request, mission, action_plan, form, _("Edit the action"), back)


@actor_required(staff=True)
def action_progress(request, mission_pk, action_pk):
    mission, action_plan = _plan(request, mission_pk)
    item = sel.get_action(request.actor, action_plan, action_pk)
    if response := not_post(request):
        return response
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services_plan.set_progress(request.actor, item, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Progress saved."))
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
    return redirect(_action_url(mission, item))


@actor_required(staff=True)
def action_delete(request, mission_pk, action_pk):
    mission, action_plan = _plan(request, mission_pk)
    item = sel.get_action(request.actor, action_plan, action_pk)
    if request.method == "POST":
        try:
            services_plan.delete_action(request.actor, item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_action_url(mission, item))
        messages.success(request, _("Action deleted."))
        return _home(mission)
    return _confirm(
        request,
        mission,
        action_plan,
        heading=_("Delete the action “%(title)s”?") % {"title": item.title},
        text=_("Its dependencies and links to decisions are removed with it."),
        back=_action_url(mission, item),
    )


# ---------------------------------------------------------------- list, board, timeline


def _filters(request, action_plan):
    actor = request.actor
    form = FilterForm(
        request.GET or None,
        axes=sel.axes(actor, action_plan),
        people=sel.people(actor, action_plan),
    )
    filters = sel.ActionFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = sel.ActionFilters(
            axis=data["axis"].pk if data["axis"] else None,
            owner=data["owner"].pk if data["owner"] else None,
            status=data["status"],
            late=data["late"],
        )
    elif form.is_bound:
        form = FilterForm(axes=sel.axes(actor, action_plan), people=sel.people(actor, action_plan))
    return form, filters


def _page(request, rows):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@actor_required
def action_list(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    form, filters = _filters(request, action_plan)
    today = timezone.localdate()
    rows = sel.by_due_date(sel.action_rows(request.actor, action_plan, filters, today))
    page, query = _page(request, rows)
    page.object_list = _link_rows(mission, page.object_list, today)
    return render(
        request,
        "steering/plan/list.html",
        _context(
            request,
            mission,
            action_plan,
            view="list",
            filter_form=form,
            filters=filters,
            page=page,
            query=query,
            today=today,
        ),
    )


def _address(name: str, mission):
    """``pk → address`` of a page of one action, reversed once: reversing a URL for every
    row of a long page costs more than the rest of the row."""
    marker = str(2**31 - 1)
    prefix, suffix = reverse(f"steering:{name}", args=[mission.pk, marker]).split(marker)
    return lambda pk: f"{prefix}{pk}{suffix}"


def _link_rows(mission, rows, today) -> list[Action]:
    """Give each row its page's address and its lateness once, in Python rather than in the
    template for every row."""
    link = _address("action", mission)
    rows = list(rows)
    for row in rows:
        row.url = link(row.pk)
        row.late = row.is_late(today)
    return rows


def _board_query(request, **extra) -> str:
    """The board's filters as a query string, with ``extra`` in place of what it names."""
    query = request.GET.copy()
    for name, value in extra.items():
        query[name] = value
    return query.urlencode()


@actor_required
def action_board(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    form, filters = _filters(request, action_plan)
    today = timezone.localdate()
    rows = sel.action_rows(request.actor, action_plan, filters, today)
    panels = []
    for column in sel.board_columns(rows):
        _link_rows(mission, column.actions, today)
        more = _board_query(request, column=column.status, offset=len(column.actions))
        listed = _board_query(request, status=column.status)
        panels.append({"column": column, "next_query": more, "list_query": listed})
    return render(
        request,
        "steering/plan/board.html",
        _context(
            request,
            mission,
            action_plan,
            view="board",
            filter_form=form,
            filters=filters,
            panels=panels,
            today=today,
        ),
    )


@actor_required
def board_more(request, mission_pk):
    """The next cards of one board column (htmx "show more"), with the filters of the board."""
    mission, action_plan = _plan(request, mission_pk)
    _, filters = _filters(request, action_plan)
    status = request.GET.get("column", "")
    if status not in Action.Status.values:
        raise Http404
    offset = request.GET.get("offset", "")
    offset = int(offset) if offset.isdigit() else 0
    today = timezone.localdate()
    rows = sel.action_rows(request.actor, action_plan, filters, today)
    cards = _link_rows(mission, sel.board_cards(rows, status, offset), today)
    shown = offset + len(cards)
    count = rows.filter(status=status).count() if len(cards) == sel.BOARD_COLUMN_SIZE else shown
    return render(
        request,
        "steering/plan/_board_cards.html",
        {
            "mission": mission,
            "cards": cards,
            "column": status,
            "more": count - shown,
            "next_query": _board_query(request, column=status, offset=shown),
            "list_query": _board_query(request, status=status),
            "focus_first": True,
        },
    )


@actor_required
def action_timeline(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    form, filters = _filters(request, action_plan)
    today = timezone.localdate()
    rows = sel.by_due_date(sel.action_rows(request.actor, action_plan, filters, today))
    page, query = _page(request, rows)
    timeline = build_timeline(
        _link_rows(mission, page.object_list, today),
        sel.milestones(request.actor, action_plan),
        today,
        bounds=sel.date_bounds(rows),
    )
    return render(
        request,
        "steering/plan/timeline.html",
        _context(
            request,
            mission,
            action_plan,
            view="timeline",
            filter_form=form,
            filters=filters,
            page=page,
            query=query,
            timeline=timeline,
            today=today,
        ),
    )


# ---------------------------------------------------------------- prioritisation matrix


def _matrix_links(request, mission, action_plan, cards) -> list[Action]:
    """Each chip's page and, when the plan may be reordered here, its place address."""
    link = _address("action", mission)
    place = _address("matrix_place", mission) if _matrix_editable(request, action_plan) else None
    cards = list(cards)
    for card in cards:
        card.url = link(card.pk)
        card.place_url = place(card.pk) if place else ""
    return cards


def _matrix_editable(request, action_plan) -> bool:
    return request.actor.is_staff_member and action_plan.status == ActionPlan.Status.DRAFT


@actor_required
def matrix(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    grid = build_matrix(request.actor, action_plan)
    for _impact, cells in grid.rows:
        for cell in cells:
            _matrix_links(request, mission, action_plan, cell.cards)
    _matrix_links(request, mission, action_plan, grid.unplaced.cards)
    keyboard = None
    if _matrix_editable(request, action_plan):
        rows = keyboard_rows(request.actor, action_plan)
        keyboard = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        keyboard.object_list = _matrix_links(request, mission, action_plan, keyboard.object_list)
        for row in keyboard.object_list:
            row.impact_options = score_options(row.impact)
            row.effort_options = score_options(row.effort)
    return render(
        request,
        "steering/plan/matrix.html",
        _context(
            request,
            mission,
            action_plan,
            matrix=grid,
            keyboard=keyboard,
            scores=range(1, 6),
        ),
    )


def _score(value: str) -> int | None:
    return int(value) if value in {"1", "2", "3", "4", "5"} else None


@actor_required
def matrix_cell(request, mission_pk):
    """The next cards of one cell of the matrix (htmx "show more")."""
    mission, action_plan = _plan(request, mission_pk)
    impact, effort = _score(request.GET.get("impact", "")), _score(request.GET.get("effort", ""))
    offset = request.GET.get("offset", "")
    offset = int(offset) if offset.isdigit() else 0
    cards, count = cell_cards(request.actor, action_plan, impact, effort, offset)
    cell = Cell(impact if effort else None, effort if impact else None, count, cards)
    return render(
        request,
        "steering/plan/_matrix_chips.html",
        _context(
            request,
            mission,
            action_plan,
            cell=cell,
            cards=_matrix_links(request, mission, action_plan, cards),
            more=count - offset - len(cards),
            offset=offset + len(cards),
            focus_first=True,
        ),
    )


@actor_required(staff=True)
def matrix_place(request, mission_pk, action_pk):
    """Place one action (drag and drop sends it with fetch; the keyboard form posts it)."""
    mission, action_plan = _plan(request, mission_pk)
    item = sel.get_action(request.actor, action_plan, action_pk)
    if response := not_post(request):
        return response
    form = PlaceForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services_plan.place_on_matrix(request.actor, item, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose scores from 1 to 5.")
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(error, status=400 if error else 204, content_type="text/plain")
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("“%(title)s” placed on the matrix.") % {"title": item.title})
    page = request.POST.get("page", "")
    back = f"?page={page}#keyboard-title" if page.isdigit() else f"#action-{item.pk}"
    return redirect(reverse("steering:matrix", args=[mission.pk]) + back)


@actor_required(staff=True)
def matrix_import(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    boards = list(votes.voting_boards(request.actor, action_plan))
    form = VoteImportForm(posted(request), boards=boards, initial={"limit": 8})
    if request.method == "POST" and form.is_valid():
        board = next(b for b in boards if str(b.pk) == form.cleaned_data["board"])
        holder = {}

        def call():
            holder["r"] = votes.import_votes(
                request.actor, action_plan, board, limit=form.cleaned_data["limit"]
            )

        if _run(form, call):
            result = holder["r"]
            messages.success(
                request,
                _("Votes imported: %(created)d new action(s), %(updated)d impact(s) updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("steering:matrix", mission.pk)
    back = reverse("steering:matrix", args=[mission.pk])
    return _form_page(
        request,
        mission,
        action_plan,
        form,
        _("Import the votes of a workshop"),
        back,
        empty=not boards,
        empty_text=_("No board of this mission's workshops has received votes yet."),
    )


# ---------------------------------------------------------------- governance


@actor_required
def governance(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    actor = request.actor
    return render(
        request,
        "steering/plan/governance.html",
        _context(
            request,
            mission,
            action_plan,
            bodies=sel.bodies(actor, action_plan),
            decisions=sel.decisions(actor, action_plan),
            milestones=sel.milestones(actor, action_plan),
            validate_form=ValidateForm(bodies=sel.bodies(actor, action_plan)),
            reopen_form=ReopenForm(),
        ),
    )


def _governance(mission, anchor=""):
    url = reverse("steering:governance", args=[mission.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@actor_required(staff=True)
def plan_submit(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    if response := not_post(request):
        return response
    try:
        services_plan.submit_plan(request.actor, action_plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Plan submitted to governance: its structure is locked."))
    return _governance(mission)


@actor_required
def plan_validate(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    if response := not_post(request):
        return response
    if not services_plan.can_validate(request.actor, action_plan):
        raise PermissionDenied
    form = ValidateForm(request.POST, bodies=sel.bodies(request.actor, action_plan))
    if form.is_valid():
        try:
            services_plan.validate_plan(request.actor, action_plan, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Plan validated, and written in the decision log."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return _governance(mission)


@actor_required
def plan_draft(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    if response := not_post(request):
        return response
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services_plan.return_to_draft(request.actor, action_plan, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan is a draft again."))
    return _governance(mission)


@actor_required(staff=True)
def body_add(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    form = BodyForm(posted(request), people=sel.people(request.actor, action_plan))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(form, lambda: services_plan.create_body(request.actor, action_plan, **data)):
            messages.success(request, _("Body added."))
            return _governance(mission, "bodies")
    back = reverse("steering:governance", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("New governance body"), back)


@actor_required(staff=True)
def body_edit(request, mission_pk, body_pk):
    mission, action_plan = _plan(request, mission_pk)
    body = sel.get_body(request.actor, action_plan, body_pk)
    initial = {
        "name": body.name,
        "kind": body.kind,
        "description": body.description,
        "members": list(body.members.all()),
    }
    form = BodyForm(posted(request), people=sel.people(request.actor, action_plan), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(form, lambda: services_plan.update_body(request.actor, body, **data)):
            messages.success(request, _("Body saved."))
            return _governance(mission, "bodies")
    back = reverse("steering:governance", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("Edit the body"), back)


@actor_required(staff=True)
def body_delete(request, mission_pk, body_pk):
    mission, action_plan = _plan(request, mission_pk)
    body = sel.get_body(request.actor, action_plan, body_pk)
    if request.method == "POST":
        services_plan.delete_body(request.actor, body)
        messages.success(request, _("Body deleted."))
        return _governance(mission, "bodies")
    return _confirm(
        request,
        mission,
        action_plan,
        heading=_("Delete the body “%(name)s”?") % {"name": body.name},
        text=_("Its decisions stay in the log, without a body."),
        back=reverse("steering:governance", args=[mission.pk]),
    )


@actor_required(staff=True)
def decision_add(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    actor = request.actor
    initial = {"date": timezone.localdate(), "actions": request.GET.getlist("action")}
    form = DecisionForm(
        posted(request),
        bodies=sel.bodies(actor, action_plan),
        actions=sel.actions(actor, action_plan).only("id", "title"),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(form, lambda: services_plan.record_decision(actor, action_plan, **data)):
            messages.success(request, _("Decision recorded."))
            return _governance(mission, "decisions")
    back = reverse("steering:governance", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("Record a decision"), back)


@actor_required(staff=True)
def decision_delete(request, mission_pk, decision_pk):
    mission, action_plan = _plan(request, mission_pk)
    decision = sel.get_decision(request.actor, action_plan, decision_pk)
    if request.method == "POST":
        services_plan.delete_decision(request.actor, decision)
        messages.success(request, _("Decision deleted."))
        return _governance(mission, "decisions")
    return _confirm(
        request,
        mission,
        action_plan,
        heading=_("Delete the decision “%(title)s”?") % {"title": decision.title},
        text=_("The log keeps no trace of it, except in the audit log."),
        back=reverse("steering:governance", args=[mission.pk]),
    )


@actor_required(staff=True)
def milestone_add(request, mission_pk):
    mission, action_plan = _plan(request, mission_pk)
    form = MilestoneForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(form, lambda: services_plan.create_milestone(request.actor, action_plan, **data)):
            messages.success(request, _("Milestone added."))
            return _governance(mission, "milestones")
    back = reverse("steering:governance", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("New milestone"), back)


@actor_required(staff=True)
def milestone_edit(request, mission_pk, milestone_pk):
    mission, action_plan = _plan(request, mission_pk)
    milestone = sel.get_milestone(request.actor, action_plan, milestone_pk)
    initial = {
        "title": milestone.title,
        "date": milestone.date,
        "description": milestone.description,
    }
    form = MilestoneForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(form, lambda: services_plan.update_milestone(request.actor, milestone, **data)):
            messages.success(request, _("Milestone saved."))
            return _governance(mission, "milestones")
    back = reverse("steering:governance", args=[mission.pk])
    return _form_page(request, mission, action_plan, form, _("Edit the milestone"), back)


@actor_required(staff=True)
def milestone_delete(request, mission_pk, milestone_pk):
    mission, action_plan = _plan(request, mission_pk)
    milestone = sel.get_milestone(request.actor, action_plan, milestone_pk)
    if request.method == "POST":
        services_plan.delete_milestone(request.actor, milestone)
        messages.success(request, _("Milestone deleted."))
        return _governance(mission, "milestones")
    return _confirm(
        request,
        mission,
        action_plan,
        heading=_("Delete the milestone “%(title)s”?") % {"title": milestone.title},
        text=_("Its actions and reviews stay, without a milestone."),
        back=reverse("steering:governance", args=[mission.pk]),
    )
