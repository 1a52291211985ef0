"""Part e of issue 5 — the mission key figure "number of co-built axes" (imported by
``DiagnosticConfig.ready``). Sponsors count it only once the readout is published."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liant.missions.key_figures import KeyFigure, register

from .models import Axis
from .selectors import readout_for


@register("diagnostic.readout_axes", order=60)
def readout_axes(actor, mission) -> KeyFigure | None:
    readout = readout_for(actor, mission)
    if readout is None:
        return None
    count = Axis.objects.filter(workspace=actor.workspace_id, readout=readout).count()
    if count == 0:
        return None
    return KeyFigure(
        key="diagnostic.readout_axes",
        label=ngettext("Co-built axis", "Co-built axes", count),
        value=str(count),
        detail=_("readout published") if readout.is_published else _("readout in progress"),
    )
