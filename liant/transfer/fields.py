"""How each model field travels: the one place that classifies fields for export and import."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models

from . import registry

# Kinds of field.
PLAIN, SKIP, SECRET, FILE, FK, USER, WORKSPACE, CONTENT_TYPE, LIBRARY = (
    "plain skip secret file fk user workspace content_type library".split()
)


def label_of(model) -> str:
    return model._meta.label


def kind(model, field: models.Field) -> str:
    label = label_of(model)
    if field.primary_key:
        return SKIP
    if field.name in registry.SECRET_FIELDS.get(label, ()):
        return SECRET
    if isinstance(field, models.FileField):
        return FILE
    if not field.is_relation:
        return PLAIN
    target = label_of(field.related_model)
    if target == "core.Workspace":
        return WORKSPACE
    if target == "accounts.User":
        return USER  # users do not travel: their links are dropped
    if target == "contenttypes.ContentType":
        return CONTENT_TYPE
    if target in registry.LIBRARY_MODELS:
        return LIBRARY
    return FK


def concrete(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields]


def m2m_fields(model) -> list[models.ManyToManyField]:
    """Plain many-to-many links that travel (not to users; explicit through models travel as
    rows of their own)."""
    return [
        f
        for f in model._meta.many_to_many
        if f.remote_field.through._meta.auto_created
        and label_of(f.related_model) != "accounts.User"
    ]


def generic_fks(model) -> list[GenericForeignKey]:
    return [f for f in model._meta.private_fields if isinstance(f, GenericForeignKey)]


def builtin_key(obj) -> dict | None:
    """A library row shared by all workspaces is named by its key."""
    return {"builtin": obj.key} if obj.workspace_id is None else None
