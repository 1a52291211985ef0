"""Key figures of the teams followed in a mission (imported by PracticesConfig.ready).
Nothing is said of a mission without a team; moods are never among them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liant.missions.key_figures import KeyFigure, register

from . import selectors


def _teams(actor, mission):
    cached = getattr(mission, "_liant_practice_teams", None)
    if cached is None:
        cached = list(selectors.team_list(actor, mission=mission))
        mission._liant_practice_teams = cached
    return cached


def _names(teams) -> str:
    return ", ".join(t.unit.name for t in teams)


@register("practices.team_rules", order=60)
def team_rules(actor, mission) -> KeyFigure | None:
    teams = _teams(actor, mission)
    if not teams:
        return None
    count = sum(t.rule_count for t in teams)
    return KeyFigure(
        key="practices.team_rules",
        label=ngettext("Team rule", "Team rules", count),
        value=str(count),
        detail=_names(teams),
    )


@register("practices.vigilance_points", order=61)
def vigilance_points(actor, mission) -> KeyFigure | None:
    teams = _teams(actor, mission)
    if not teams:
        return None
    open_total = late_total = 0
    for team in teams:
        open_count, late = selectors.open_points_summary(team)
        open_total, late_total = open_total + open_count, late_total + late
    detail = (
        ngettext("%(count)d past its follow-up date", "%(count)d past their follow-up date",
                 late_total) % {"count": late_total}
        if late_total
        else ""
    )  # fmt: skip
    return KeyFigure(
        key="practices.vigilance_points",
        label=ngettext("Open vigilance point", "Open vigilance points", open_total),
        value=str(open_total),
        detail=detail,
    )


@register("practices.clients_at_risk", order=62)
def clients_at_risk(actor, mission) -> KeyFigure | None:
    teams = [t for t in _teams(actor, mission) if t.clients.exists()]
    if not teams:
        return None
    at_risk = sum(selectors.clients_at_risk_count(t) for t in teams)
    total = sum(t.clients.count() for t in teams)
    return KeyFigure(
        key="practices.clients_at_risk",
        label=_("Clients known by fewer than 2 people"),
        value=f"{at_risk} / {total}",
    )
