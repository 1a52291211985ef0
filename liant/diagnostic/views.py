"""The diagnostic page of a mission. The parts add their views in ``views_<part>.py``."""

from django.shortcuts import render

from liant.core.decorators import actor_required

from . import selectors
from .models import K_ANONYMITY


@actor_required
def home(request, mission_pk):
    actor = request.actor
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    home = selectors.diagnostic_home(actor, mission)
    return render(
        request,
        "diagnostic/home.html",
        {
            "nav": "missions",
            "mission": mission,
            "campaigns": home.campaigns,
            "surveys": home.surveys,
            "readout": home.readout,
            "can_edit": actor.is_staff_member,
            "k": K_ANONYMITY,
        },
    )
