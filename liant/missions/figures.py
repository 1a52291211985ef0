"""The key figures the missions app can compute truthfully (imported by MissionsConfig.ready).

Each provider returns None when it has nothing true to say, so the panel omits it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import selectors
from .key_figures import KeyFigure, register
from .models import Phase


@register("missions.phases_done", order=10)
def phases_done(actor, mission) -> KeyFigure | None:
    phases = list(mission.phases.all())
    if not phases:
        return None
    done = sum(1 for phase in phases if phase.status == Phase.Status.DONE)
    active = sum(1 for phase in phases if phase.status == Phase.Status.ACTIVE)
    detail = ngettext("%(count)d in progress", "%(count)d in progress", active) % {"count": active}
    return KeyFigure(
        key="missions.phases_done",
        label=_("Phases completed"),
        value=f"{done} / {len(phases)}",
        detail=detail if active else "",
    )


def _scope(mission):
    # One scope computation per mission and request, shared by the two figures below.
    cached = getattr(mission, "_liant_scope", None)
    if cached is None:
        cached = selectors.mission_scope(mission)
        mission._liant_scope = cached
    return cached


@register("missions.people_in_scope", order=20)
def people_in_scope(actor, mission) -> KeyFigure | None:
    scope = _scope(mission)
    count = selectors.people_in_scope_count(mission, scope)
    if count == 0:
        return None  # no one listed yet: "0 people" would not be true
    headcount = selectors.declared_headcount(mission, scope)
    detail = ""
    if headcount and headcount > count:
        detail = _("of %(headcount)d declared staff") % {"headcount": headcount}
    elif scope.whole_organization:
        detail = _("whole organisation")
    return KeyFigure(
        key="missions.people_in_scope",
        label=ngettext("Person in scope", "People in scope", count),
        value=str(count),
        detail=detail,
    )


@register("missions.units_in_scope", order=30)
def units_in_scope(actor, mission) -> KeyFigure | None:
    scope = _scope(mission)
    count = len(scope.unit_ids)
    if count == 0:
        return None  # the organisation has no unit yet
    if scope.whole_organization:
        detail = _("whole organisation")
    else:
        sub_units = count - scope.selected_count
        detail = (
            ngettext(
                "%(selected)d chosen, %(sub)d sub-unit",
                "%(selected)d chosen, %(sub)d sub-units",
                sub_units,
            )
            % {"selected": scope.selected_count, "sub": sub_units}
            if sub_units
            else ""
        )
    return KeyFigure(
        key="missions.units_in_scope",
        label=ngettext("Unit in scope", "Units in scope", count),
        value=str(count),
        detail=detail,
    )
