"""Team practices pages: the team's overview (today's board and trends), its charter
(rules and vigilance points, the consolidation checklist), members and their check-in
links, client coverage and escalations. Staff write; a sponsor reads their organisation's
teams; a check-in's mood is never shown per person here."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors
from liant.missions import selectors as mission_selectors
from liant.workshops.selectors import attach_origins

from . import selectors, services
from .forms import (
    VERDICTS,
    ClientForm,
    EscalationForm,
    EscalationUpdateForm,
    MemberForm,
    PointForm,
    RuleForm,
    TeamForm,
    read_reviews,
)
from .models import Coverage, Escalation

TREND_DAYS = 28
# Short labels for the matrix's cells (the legend under it gives the full ones).
MATRIX_LEVELS = [
    (Coverage.Level.PRIMARY, Coverage.Level.PRIMARY.label),
    (Coverage.Level.BACKUP, Coverage.Level.BACKUP.label),
    (Coverage.Level.KNOWS, pgettext_lazy("coverage", "Knows it")),
]


def _page(request, template, team, section, **context):
    return render(
        request,
        f"practices/{template}",
        {
            "nav": "practices",
            "team": team,
            "section": section,
            "can_edit": request.actor.is_staff_member,
            **context,
        },
    )


@actor_required
def team_list(request):
    mission = None
    if request.GET.get("mission", "").isdigit():
        mission = mission_selectors.get_mission_detail(request.actor, int(request.GET["mission"]))
    teams = selectors.team_list(request.actor, mission=mission)
    return render(
        request,
        "practices/team_list.html",
        {
            "nav": "practices",
            "teams": teams,
            "mission": mission,
            "can_edit": request.actor.is_staff_member,
        },
    )


@actor_required(staff=True)
def team_create(request):
    initial = {}
    if request.GET.get("mission", "").isdigit():
        initial["mission"] = request.GET["mission"]
    form = TeamForm(request.POST or None, actor=request.actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(request.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The practices of %(team)s are followed.") % {
                "team": team})  # fmt: skip
            return redirect("practices:team", team_pk=team.pk)
    return render(request, "practices/team_form.html", {"nav": "practices", "form": form})


@actor_required
def team_detail(request, team_pk):
    actor = request.actor
    team = selectors.get_team(actor, team_pk)
    today = timezone.localdate()
    series = selectors.checkin_mood_series(
        actor, team, today - datetime.timedelta(days=TREND_DAYS - 1), today
    )
    open_points, late_points = selectors.open_points_summary(team, today)
    return _page(
        request,
        "team_detail.html",
        team,
        "board",
        board=selectors.today_board(actor, team, today),
        trend=selectors.weekdays(series),
        trend_has_values=any(p.mood is not None for p in series),
        open_points=open_points,
        late_points=late_points,
        matrix=selectors.coverage_matrix(team),
        open_escalations=team.escalations.exclude(status="resolved").count(),
    )


# --- Charter


@actor_required
def charter(request, team_pk):
    team = selectors.get_team(request.actor, team_pk)
    return _charter_page(request, team)


def _charter_page(request, team, rule_form=None, point_form=None, status=200):
    rules = list(selectors.rules(team))
    points = list(selectors.vigilance_points(team))
    attach_origins([*rules, *points])
    response = _page(
        request,
        "charter.html",
        team,
        "charter",
        rules=rules,
        open_points=[p for p in points if p.status == "open"],
        resolved_points=[p for p in points if p.status == "resolved"],
        rule_form=rule_form or RuleForm(),
        point_form=point_form or PointForm(team=team),
        today=timezone.localdate(),
    )
    response.status_code = status
    return response


@actor_required(staff=True)
def rule_add(request, team_pk):
    team = selectors.get_team(request.actor, team_pk)
    if response := not_post(request):
        return response
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            services.add_rule(request.actor, team, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rule added to the charter."))
            return redirect(reverse("practices:charter", args=[team.pk]) + "#rules")
    return _charter_page(request, team, rule_form=form, status=400)


@actor_required(staff=True)
def rule_delete(request, team_pk, team_rule_pk):
    team = selectors.get_team(request.actor, team_pk)
    rule = selectors.get_rule(team, team_rule_pk)
    if response := not_post(request):
        return response
    services.delete_rule(request.actor, rule)
    messages.success(request, _("Rule removed from the charter."))
    return redirect(reverse("practices:charter", args=[team.pk]) + "#rules")


@actor_required(staff=True)
def point_add(request, team_pk):
    team = selectors.get_team(request.actor, team_pk)
    if response := not_post(request):
        return response
    form = PointForm(request.POST, team=team)
    if form.is_valid():
        try:
            services.add_vigilance_point(request.actor, team, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Vigilance point added."))
            return redirect(reverse("practices:charter", args=[team.pk]) + "#points")
    return _charter_page(request, team, point_form=form, status=400)


@actor_required(staff=True)
def points_review(request, team_pk):
    """The consolidation meeting's checklist: every open point, a verdict, a note and the
    next follow-up date; recorded in one go."""
    team = selectors.get_team(request.actor, team_pk)
    points = list(selectors.vigilance_points(team, open_only=True))
    errors, general = {}, ""
    if request.method == "POST":
        reviews, errors = read_reviews(request.POST, points)
        if not errors:
            try:
                services.review_vigilance_points(request.actor, team, reviews)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    errors = {
                        int(key.split("-")[1]): " ".join(error.message_dict[key])
                        for key in error.message_dict
                    }
                else:
                    general = " ".join(error.messages)
            else:
                messages.success(request, _("Review recorded."))
                return redirect(reverse("practices:charter", args=[team.pk]) + "#points")
    rows = [
        {
            "point": p,
            "error": errors.get(p.pk, ""),
            "verdict": request.POST.get(f"verdict-{p.pk}", ""),
            "note": request.POST.get(f"note-{p.pk}", ""),
            "next": request.POST.get(f"next-{p.pk}", "")
            if request.method == "POST"
            else (timezone.localdate() + datetime.timedelta(weeks=4)).isoformat(),
            "last": p.reviews.all()[0] if p.reviews.all() else None,
        }
        for p in points
    ]
    response = _page(
        request,
        "points_review.html",
        team,
        "charter",
        rows=rows,
        verdicts=VERDICTS,
        general_error=general,
        today=timezone.localdate(),
    )
    if errors or general:
        response.status_code = 400
    return response


# --- Members and their check-in links


@actor_required(staff=True)
def member_list(request, team_pk):
    team = selectors.get_team(request.actor, team_pk)
    form = MemberForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(request.actor, team, form.cleaned_data["person"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("practices:members", team_pk=team.pk)
    today = timezone.localdate()
    answered = set(team.checkins.filter(day=today).values_list("member_id", flat=True))
    return _page(
        request,
        "members.html",
        team,
        "members",
        members=selectors.members(team),
        answered=answered,
        form=form,
    )


@actor_required(staff=True)
def member_link(request, team_pk, team_member_pk):
    """Make (or remake) a member's personal check-in link and show it once."""
    team = selectors.get_team(request.actor, team_pk)
    member = selectors.get_member(team, team_member_pk)
    if response := not_post(request):
        return response
    raw = services.make_checkin_link(request.actor, member)
    link = request.build_absolute_uri(reverse("checkin:form", args=[raw]))
    return _page(request, "member_link.html", team, "members", member=member, link=link)


@actor_required(staff=True)
def member_remove(request, team_pk, team_member_pk):
    team = selectors.get_team(request.actor, team_pk)
    member = selectors.get_member(team, team_member_pk)
    if response := not_post(request):
        return response
    services.remove_member(request.actor, member)
    messages.success(request, _("%(name)s is no longer a member.") % {"name": member.person.name})
    return redirect("practices:members", team_pk=team.pk)


# --- Client coverage


@actor_required
def coverage(request, team_pk):
    team = selectors.get_team(request.actor, team_pk)
    form = ClientForm()
    status = 200
    if request.method == "POST":
        if not request.actor.is_staff_member:
            return redirect("practices:coverage", team_pk=team.pk)
        matrix = selectors.coverage_matrix(team)
        cells = {
            (row.client.pk, member.pk): request.POST.get(f"cell-{row.client.pk}-{member.pk}", "")
            for row in matrix.rows
            for member, _level in row.cells
        }
        try:
            services.set_coverage(request.actor, team, cells)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(request, _("Coverage saved."))
            return redirect("practices:coverage", team_pk=team.pk)
    return _coverage_page(request, team, form, status)


def _coverage_page(request, team, form, status=200):
    response = _page(
        request,
        "coverage.html",
        team,
        "coverage",
        matrix=selectors.coverage_matrix(team),
        levels=MATRIX_LEVELS,
        form=form,
    )
    response.status_code = status
    return response


@actor_required(staff=True)
def client_add(request, team_pk):
    team = selectors.get_team(request.actor, team_pk)
    if response := not_post(request):
        return response
    form = ClientForm(request.POST)
    if form.is_valid():
        try:
            services.add_client(request.actor, team, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Client added: say who knows it."))
            return redirect("practices:coverage", team_pk=team.pk)
    return _coverage_page(request, team, form, status=400)


@actor_required(staff=True)
def client_delete(request, team_pk, team_client_pk):
    team = selectors.get_team(request.actor, team_pk)
    client = selectors.get_client(team, team_client_pk)
    if response := not_post(request):
        return response
    services.delete_client(request.actor, client)
    messages.success(request, _("Client removed."))
    return redirect("practices:coverage", team_pk=team.pk)


# --- Escalations


@actor_required
def escalation_list(request, team_pk):
    team = selectors.get_team(request.actor, team_pk)
    form = EscalationForm(request.POST or None, team=team)
    status = 200
    if request.method == "POST":
        if not request.actor.is_staff_member:
            return redirect("practices:escalations", team_pk=team.pk)
        if form.is_valid():
            try:
                services.escalate(request.actor, team, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Escalated to the manager."))
                return redirect("practices:escalations", team_pk=team.pk)
        status = 400
    items = list(selectors.escalations(team))
    response = _page(
        request,
        "escalations.html",
        team,
        "escalations",
        open_items=[e for e in items if e.status != Escalation.Status.RESOLVED],
        resolved_items=[e for e in items if e.status == Escalation.Status.RESOLVED],
        form=form,
    )
    response.status_code = status
    return response


@actor_required(staff=True)
def escalation_edit(request, team_pk, escalation_pk):
    team = selectors.get_team(request.actor, team_pk)
    item = selectors.get_escalation(team, escalation_pk)
    form = EscalationUpdateForm(
        request.POST or None, initial={"status": item.status, "resolution": item.resolution}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_escalation(request.actor, item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Escalation updated."))
            return redirect("practices:escalations", team_pk=team.pk)
    response = _page(request, "escalation_form.html", team, "escalations", item=item, form=form)
    if form.errors:
        response.status_code = 400
    return response
