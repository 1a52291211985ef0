"""The workshop minutes as a document (PDF, DOCX): boards, groups, ranked votes, canvases as
grids, the Open Space sessions and the photos — the same reads as the minutes page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liant.core.tenancy import Actor, require_staff
from liant.workshops import minutes, selectors
from liant.workshops.models import Workshop

from . import docx_writer, kinds, pdf


def get_workshop(actor: Actor, pk: int) -> Workshop:
    require_staff(actor)  # the minutes page is the staff's
    return selectors.get_workshop(actor, pk)


def content(workshop: Workshop) -> dict:
    return {
        "workshop": workshop,
        "boards": minutes.workshop_minutes(workshop),
        "open_space": minutes.open_space_minutes(workshop),
        "photos": [p for p in selectors.photos(workshop) if p.image],
    }


def render(actor: Actor, workshop: Workshop, fmt: str, progress: kinds.Progress):
    data = content(workshop)
    progress(40)
    title = _("Minutes — %(title)s") % {"title": workshop.title}
    subtitle = workshop.starts_at.strftime("%d/%m/%Y") if workshop.starts_at else ""
    if fmt == "pdf":
        context = pdf.cover_context(actor, title, subtitle) | data
        return pdf.render_pdf("reports/documents/minutes.html", context), "minutes.pdf"
    return docx_writer.minutes_docx(actor, title, subtitle, data), "minutes.docx"


kinds.register(
    kinds.DocumentKind(
        key="workshop_minutes",
        label=gettext_lazy("Workshop minutes"),
        formats=("pdf", "docx"),
        get_object=get_workshop,
        title=lambda workshop: _("Minutes — %(title)s") % {"title": workshop.title},
        back_url=lambda workshop: reverse("workshops:minutes", args=[workshop.pk]),
        render=render,
    )
)
