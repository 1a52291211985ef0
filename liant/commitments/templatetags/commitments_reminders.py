"""Reminders of the service-promise reviews due soon, for the dashboard and a mission page."""

from django import template

from liant.commitments import selectors

register = template.Library()

METHOD_TEMPLATE = "service-promise"


@register.inclusion_tag("commitments/_reminders.html")
def review_reminders(actor, mission=None):
    """Reviews due within 30 days (or late); on a mission page, those of its organisation and,
    for a service-promise mission, the way to its promises."""
    if getattr(actor, "user", None) is None:
        return {"due": []}
    organization = mission.organization if mission is not None else None
    due = list(selectors.due_reviews(actor, organization=organization)[:10])
    show_link = mission is not None and (
        bool(due)
        or getattr(mission.template, "key", "") == METHOD_TEMPLATE
        or selectors.has_plans(organization)
    )
    return {"due": due, "organization": organization if show_link else None}
