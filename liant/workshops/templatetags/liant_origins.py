"""``{% origin_note obj %}``: where an object was born (a card or a group of a workshop).

Views that list many objects call ``liant.workshops.selectors.attach_origins`` first (one
query per model); otherwise each object costs one query.
"""

from django import template
from django.urls import reverse

from liant.workshops import selectors

register = template.Library()


@register.inclusion_tag("workshops/_origin_note.html", takes_context=True)
def origin_note(context, obj):
    origin = selectors.origin_of(obj) if obj is not None else None
    request = context.get("request")
    actor = getattr(request, "actor", None)
    link = ""
    if origin and getattr(actor, "is_staff_member", False):
        if actor.workspace_id == origin.workspace_id:
            link = reverse("workshops:minutes", args=[origin.workshop_id])
    return {"origin": origin, "link": link}
