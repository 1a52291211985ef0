"""Readable audit entries: what kind of change, on what kind of object, with which values."""

from __future__ import annotations

from functools import cache

from django import template
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The verb part of an action code ("mission.update" → "update").
VERBS = {
    "create": _("Creation"),
    "update": _("Change"),
    "delete": _("Deletion"),
    "status": _("Status change"),
    "move": _("Move"),
    "copy": _("Copy"),
    "import": _("Import"),
    "resend": _("Sent again"),
    "revoke": _("Revocation"),
    "switch": _("Workspace opened"),
    "password_reset": _("Password reset"),
}

# Object types whose model has no explicit verbose name.
OBJECT_TYPES = {
    "membership": _("member"),
    "invitation": _("invitation"),
    "user": _("user"),
    "workspace": _("workspace"),
}


@cache
def _verbose_names() -> dict[str, object]:
    names = {}
    for model in apps.get_models():
        names.setdefault(model._meta.model_name, model._meta.verbose_name)
    return names


@register.filter
def audit_verb(action: str):
    verb = (action or "").rpartition(".")[2]
    return VERBS.get(verb) or capfirst(verb.replace("_", " "))


@register.filter
def audit_object_type(object_type: str):
    label = OBJECT_TYPES.get(object_type) or _verbose_names().get(object_type) or object_type
    return capfirst(label)


@register.filter
def audit_changes(changes) -> list[dict]:
    """``{"field": [old, new]}`` or ``{"field": value}`` as rows for a template."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for field, value in changes.items():
        name = capfirst(str(field).replace("_", " "))
        if isinstance(value, list | tuple) and len(value) == 2:
            rows.append({"field": name, "old": _blank(value[0]), "new": _blank(value[1])})
        else:
            rows.append({"field": name, "value": _blank(value)})
    return rows


def _blank(value):
    return "—" if value in (None, "") else value
