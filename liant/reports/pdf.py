"""HTML to PDF with WeasyPrint: one base template (cover in the workspace's colours, page
numbers) that every PDF document extends. Images may come only from the media root."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

# The house colours (liant/static/liant/css/liant.css); a workspace has no colours of its own yet.
COLOURS = {"accent": "#1f6f78", "accent_strong": "#155259", "accent_soft": "#e3f1f1"}


def cover_context(actor, title: str, subtitle: str = "") -> dict:
    return {
        "workspace": actor.workspace,
        "colours": COLOURS,
        "document_title": title,
        "subtitle": subtitle,
        "generated_at": timezone.localtime(),
    }


def _media_only_fetcher():
    """WeasyPrint fetches nothing from the network nor outside the media root."""
    from weasyprint.urls import URLFetcher

    class MediaOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(url[len("file://") :]).resolve()
                if path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
                    return super().fetch(url, headers)
            raise ValueError(f"refused: {url}")

    return MediaOnly(allowed_protocols=["file"])


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=_media_only_fetcher(), base_url="file:///").write_pdf()
