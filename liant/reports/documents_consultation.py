"""The consultation report as a PDF: the figures, the opinion map, the consensus and majority
statements and what each group thinks — the report page's reads (``map_context``), with the
map drawn from the same positions as the map page. Participants appear only as points."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liant.consultations import selectors
from liant.consultations.map_view import map_context
from liant.consultations.models import Consultation, OpinionMapSnapshot
from liant.core.tenancy import Actor, require_staff, scoped

from . import kinds, pdf

# The groups' colours of the map page (liant/static/liant/css/consultations.css, .cs-g0…4).
GROUP_COLOURS = ("#1f6f78", "#c8692c", "#6b4fa0", "#2e7d4f", "#a33a5c")


def get_consultation(actor: Actor, pk: int) -> Consultation:
    require_staff(actor)
    qs = scoped(Consultation.objects.select_related("mission__organization"), actor)
    return get_object_or_404(qs, pk=pk)


def render(actor: Actor, consultation: Consultation, fmt: str, progress: kinds.Progress):
    # The stored map as it is: a document never waits for (nor asks for) a new computation.
    snapshot = (
        scoped(OpinionMapSnapshot.objects.all(), actor).filter(consultation=consultation).first()
    )
    view = map_context(consultation, snapshot, None)
    for group in view["groups"]:
        group["colour"] = GROUP_COLOURS[group["index"] % len(GROUP_COLOURS)]
    progress(40)
    chapters = [("figures", _("Participation")), ("consensus", _("Consensus across groups")),
                ("majority", _("Majority opinions"))]  # fmt: skip
    chapters += [
        (f"group-{g['letter']}", _("Group %(letter)s") % {"letter": g["letter"]})
        for g in view["groups"]
    ]
    context = (
        pdf.cover_context(
            actor,
            _("Consultation report — %(title)s") % {"title": consultation.title},
            str(consultation.mission),
            pdf.toc_if_long(chapters) if snapshot else [],
        )
        | view
        | {
            "consultation": consultation,
            "board": selectors.dashboard(consultation),
            "mid": view["size"] // 2,
        }
    )
    return pdf.render_pdf("reports/documents/consultation.html", context), "consultation.pdf"


kinds.register(
    kinds.DocumentKind(
        key="consultation_report",
        label=gettext_lazy("Consultation report"),
        formats=("pdf",),
        get_object=get_consultation,
        title=lambda c: _("Consultation report — %(title)s") % {"title": c.title},
        back_url=lambda c: reverse("consultations:report", args=[c.mission_id, c.pk]),
        render=render,
    )
)
