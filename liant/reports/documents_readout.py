"""The diagnostic readout as a PDF or slides (PPTX): the public view of the readout (the one
projected in the readout meeting and read by the sponsors) — no interview, no name, no
consultant's comment; only the excerpts coded as quotable; survey figures only above the
anonymity threshold.
Its object id is the mission's, like the readout's URLs."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from liant.core.tenancy import Actor, require_staff
from liant.diagnostic import selectors, selectors_readout
from liant.diagnostic.models import K_ANONYMITY, Readout

from . import kinds, pdf, pptx_writer


def get_readout(actor: Actor, mission_pk: int) -> Readout:
    require_staff(actor)
    mission = selectors.get_diagnostic_mission(actor, mission_pk)
    return selectors.get_readout(actor, mission)


def render(actor: Actor, readout: Readout, fmt: str, progress: kinds.Progress):
    axes = selectors_readout.readout_view(actor, readout, public=True)
    progress(40)
    if fmt == "pptx":
        return pptx_writer.readout_pptx(actor, readout, axes), "readout.pptx"
    chapters = [("summary", readout.title)] + [
        (f"axis-{n}", view.axis.title) for n, view in enumerate(axes, start=1)
    ]
    toc = pdf.toc_if_long(chapters)
    context = pdf.cover_context(actor, readout.title, str(readout.mission), toc) | {
        "readout": readout,
        "axes": axes,
        "totals": selectors_readout.readout_totals(axes),
        "k": K_ANONYMITY,
    }
    return pdf.render_pdf("reports/documents/readout.html", context), "readout.pdf"


kinds.register(
    kinds.DocumentKind(
        key="readout",
        label=gettext_lazy("Diagnostic readout"),
        formats=("pdf", "pptx"),
        get_object=get_readout,
        title=lambda readout: readout.title,
        back_url=lambda readout: reverse("diagnostic:readout", args=[readout.mission_id]),
        render=render,
    )
)
