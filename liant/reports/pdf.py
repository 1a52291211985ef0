"""HTML to PDF with WeasyPrint: one base template (cover with the workspace's logo and colours,
page numbers, an optional table of contents) that every PDF document extends. Images may
come only from the media root."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from . import branding

TOC_FROM_CHAPTERS = 4  # a document with this many chapters or more opens on its contents


def toc_if_long(chapters: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return chapters if len(chapters) >= TOC_FROM_CHAPTERS else []


def cover_context(actor, title: str, subtitle: str = "", toc: list | None = None) -> dict:
    """What the base template needs. ``toc``: (anchor, title) of the chapters, for the table
    of contents of a long document (its page numbers come from WeasyPrint)."""
    logo = branding.logo_path(actor.workspace)
    return {
        "workspace": actor.workspace,
        "colours": branding.colours(actor.workspace),
        "logo_url": Path(logo).as_uri() if logo else "",
        "document_title": title,
        "subtitle": subtitle,
        "generated_at": timezone.localtime(),
        "toc": toc or [],
    }


def _media_only_fetcher():
    """WeasyPrint fetches nothing from the network nor outside the media root; ``data:``
    URLs (the charts the documents draw themselves) are read in place."""
    from weasyprint.urls import URLFetcher

    class MediaOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url[len("file://") :]).resolve()
                if path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
                    return super().fetch(url, headers)
            raise ValueError(f"refused: {url}")

    return MediaOnly(allowed_protocols=["file", "data"])


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_media_only_fetcher(), base_url="file:///").write_pdf()
