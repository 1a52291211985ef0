"""Part a of issue 5 — the mission key figure "% of staff interviewed".

Registered with ``liant.missions.key_figures.register``; this module is imported by
``DiagnosticConfig.ready``. The figure is a count (no name, no note), so the mission's
sponsors see it too.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from liant.missions.key_figures import KeyFigure, register


@register("diagnostic.staff_interviewed", order=40)
def staff_interviewed(actor, mission) -> KeyFigure | None:
    from .selectors_interviews import mission_coverage

    found = mission_coverage(actor, mission)
    if found is None:
        return None  # no campaign with a target yet: nothing true to say
    campaign, coverage = found
    overall = coverage.overall
    return KeyFigure(
        key="diagnostic.staff_interviewed",
        label=_("Staff interviewed"),
        value=f"{overall.percent:.0f}\u00a0%",
        detail=_("%(done)d of %(total)d · target %(target)s")
        % {
            "done": overall.done,
            "total": overall.total,
            "target": f"{coverage.target_percent}\u00a0%",
        },
    )
