from django.apps import apps

from liant.core.models import TenantModel
from liant.transfer import fields, registry


def test_every_tenant_model_is_exported_or_excluded_with_a_reason():
    tenant = {m._meta.label for m in apps.get_models() if issubclass(m, TenantModel)}
    listed = set(registry.ORDER) | set(registry.NOT_EXPORTED)
    assert tenant - listed == set(), "add the new model to liant/transfer/registry.py"
    assert not set(registry.ORDER) & set(registry.NOT_EXPORTED)


def test_every_required_link_points_to_a_model_created_before():
    for entry in registry.ENTRIES:
        model = entry.model
        for field in fields.concrete(model):
            if fields.kind(model, field) != fields.FK:
                continue
            target = fields.label_of(field.related_model)
            assert target in registry.ORDER, f"{entry.label}.{field.name} -> {target}"
            if not field.null:
                assert registry.ORDER[target] < registry.ORDER[entry.label], (
                    f"{entry.label}.{field.name} needs {target} first"
                )
        for field in fields.m2m_fields(model):
            assert fields.label_of(field.related_model) in registry.ORDER


def test_secret_fields_exist():
    for label, names in registry.SECRET_FIELDS.items():
        model = apps.get_model(label)
        for name in names:
            assert model._meta.get_field(name).unique
