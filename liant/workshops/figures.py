"""The workshops' key figures on a mission page: workshops run and people who took part."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liant.missions.key_figures import KeyFigure, register

from .models import Participant, Workshop


@register("workshops.run", order=40)
def workshops_run(actor, mission):
    workshops = Workshop.objects.filter(mission=mission, workspace_id=actor.workspace_id)
    total = workshops.count()
    if not total:
        return None
    # "Run live": at least one board received a card, a vote or a facilitation command.
    held = workshops.filter(boards__events__isnull=False).distinct().count()
    return KeyFigure(
        key="workshops.run",
        label=ngettext("Workshop", "Workshops", total),
        value=str(total),
        detail=_("%(held)s run live") % {"held": held},
    )


@register("workshops.participants", order=41)
def workshop_participants(actor, mission):
    count = Participant.objects.filter(
        workshop__mission=mission, workspace_id=actor.workspace_id
    ).count()
    if not count:
        return None
    return KeyFigure(
        key="workshops.participants",
        label=ngettext("Workshop participant", "Workshop participants", count),
        value=str(count),
        detail=_("who joined with the code"),
    )
