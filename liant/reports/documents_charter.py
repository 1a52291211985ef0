"""A co-written charter as a PDF: its published version (or, before publication, its latest
version, marked as a draft), clause by clause — the text the sponsors read on the portal."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liant.charters import selectors
from liant.charters.models import Document as Charter
from liant.core.tenancy import Actor, require_staff, scoped

from . import kinds, pdf

TOC_FROM_CLAUSES = 12


def get_charter(actor: Actor, pk: int) -> Charter:
    require_staff(actor)
    qs = scoped(Charter.objects.select_related("mission", "published_version"), actor)
    return get_object_or_404(qs, pk=pk)


def shown_version(charter: Charter):
    """The published version when there is one, else the latest (a draft to be read as such)."""
    return charter.published_version or selectors.latest_version(charter)


def version_line(charter: Charter, version) -> str:
    if version is None:
        return _("No version yet.")
    if charter.published_version_id == version.pk:
        return _("Version %(number)s, published on %(date)s") % {
            "number": version.number,
            "date": formats.date_format(charter.published_at, "j F Y")
            if charter.published_at
            else "",
        }
    return _("Version %(number)s — %(stage)s, not published") % {
        "number": version.number,
        "stage": charter.get_stage_display(),
    }


def render(actor: Actor, charter: Charter, fmt: str, progress: kinds.Progress):
    version = shown_version(charter)
    clauses = selectors.clauses(version) if version else []
    progress(40)
    chapters = [(f"clause-{n}", c.title or c.text[:80]) for n, c in enumerate(clauses, start=1)]
    context = pdf.cover_context(
        actor,
        charter.title,
        version_line(charter, version),
        chapters if len(chapters) >= TOC_FROM_CLAUSES else [],
    ) | {"charter": charter, "version": version, "clauses": clauses, "mission": charter.mission}
    return pdf.render_pdf("reports/documents/charter.html", context), "charter.pdf"


kinds.register(
    kinds.DocumentKind(
        key="charter",
        label=gettext_lazy("Charter"),
        formats=("pdf",),
        get_object=get_charter,
        title=lambda charter: charter.title,
        back_url=lambda charter: reverse("charters:detail", args=[charter.mission_id, charter.pk]),
        render=render,
    )
)
