"""The key figures of the plan on the mission page (imported by SteeringConfig.ready).

Nothing is shown before the plan has actions: "0 actions" would say nothing true.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liant.missions.key_figures import KeyFigure, register

from . import selectors_plan


@register("steering.actions_done", order=60)
def actions_done(actor, mission) -> KeyFigure | None:
    plan = selectors_plan.plan_for_mission(actor, mission)
    if plan is None:
        return None
    summary = selectors_plan.plan_summary(actor, plan, timezone.localdate())
    if not summary.total:
        return None
    details = [_("plan %(status)s") % {"status": plan.get_status_display().lower()}]
    if summary.late:
        details.append(
            ngettext("%(count)d late", "%(count)d late", summary.late) % {"count": summary.late}
        )
    return KeyFigure(
        key="steering.actions_done",
        label=_("Actions done"),
        value=f"{summary.done} / {summary.total}",
        detail=" · ".join(details),
    )
