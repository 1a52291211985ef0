import re

from django import template
from django.utils.translation import get_language

from liant.reports.typography import typeset

register = template.Library()


@register.filter
def typo(text) -> str:
    """The text with the typography of the active language (escaped afterwards as usual)."""
    return typeset("" if text is None else str(text), get_language() or "fr")


_AREA = re.compile(r"cv-c(\d+) cv-r(\d+) cv-w(\d+) cv-h(\d+)")


@register.filter
def grid_area(area: str) -> str:
    """A canvas zone's place (``cv-c1 cv-r2 cv-w2 cv-h1``) as a CSS grid-area value."""
    match = _AREA.search(area or "")
    if not match:
        return "auto"
    col, row, width, height = (int(n) for n in match.groups())
    return f"{row} / {col} / span {height} / span {width}"


@register.inclusion_tag("reports/_recent.html", takes_context=True)
def recent_documents(context, kind: str, object_id: int) -> dict:
    """The last documents asked for an object, with their state, for its page."""
    from liant.reports.selectors import recent_documents as recent

    request = context.get("request")
    actor = getattr(request, "actor", None) if request else None
    return {"documents": recent(actor, kind, object_id) if actor else []}
