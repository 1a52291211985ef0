"""Input forms; the services do the checks that need the database."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organization, Person, Unit

# Plain forms (not model forms): the services apply the values, so they can tell what changed.


class OrganizationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Please give the organisation a name.")},
    )
    sector = forms.CharField(label=_("Sector"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def initial_for(cls, org: Organization) -> dict:
        return {"name": org.name, "sector": org.sector, "description": org.description}


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown with their place in the tree (indented by depth)."""

    def __init__(self, *args, depths=None, **kwargs):
        self.depths = depths or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return "\u2003" * self.depths.get(obj.pk, 0) + obj.name


def unit_field(units, *, label, required, empty_label, exclude=()) -> UnitChoiceField:
    """A select of the given units (in tree order, from ``selectors.flatten``)."""
    allowed = [node for node in units if node.unit.pk not in exclude]
    field = UnitChoiceField(
        label=label,
        queryset=Unit.objects.filter(pk__in=[node.unit.pk for node in allowed]),
        required=required,
        empty_label=empty_label,
        depths={node.unit.pk: node.depth for node in allowed},
    )
    # Keep the tree order rather than the queryset's.
    order = {node.unit.pk: i for i, node in enumerate(allowed)}
    field.iterator = _ordered_iterator(order)
    return field


def _ordered_iterator(order):
    class Iterator(forms.models.ModelChoiceIterator):
        def __iter__(self):
            if self.field.empty_label is not None:
                yield ("", self.field.empty_label)
            for obj in sorted(self.queryset, key=lambda unit: order[unit.pk]):
                yield self.choice(obj)

    return Iterator


class UnitForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Please give the unit a name.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices, initial=Unit.Kind.SERVICE)
    headcount = forms.IntegerField(
        label=_("Headcount"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("Number of staff in this unit itself, when known."),
    )

    def __init__(self, *args, units=None, with_parent=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_parent:
            self.fields["parent"] = unit_field(
                units or [],
                label=_("Inside"),
                required=False,
                empty_label=_("— Top level —"),
            )
            self.order_fields(["name", "parent", "kind", "headcount"])


class MoveUnitForm(forms.Form):
    def __init__(self, *args, units, excluded, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = unit_field(
            units,
            label=_("New place"),
            required=False,
            empty_label=_("— Top level —"),
            exclude=excluded,
        )
        self.fields["parent"].help_text = _(
            "The unit moves with all its sub-units. It cannot go under one of its own sub-units."
        )


class PersonForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Please give the person's name.")},
    )
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Optional: needed only to invite the person to a survey or a workshop."),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    is_manager = forms.BooleanField(label=_("Manager"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(
            units, label=_("Unit"), required=False, empty_label=_("— No unit —")
        )
        self.order_fields(["name", "title", "email", "unit", "is_manager"])

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        return {
            "name": person.name,
            "title": person.title,
            "email": person.email,
            "unit": person.unit_id,
            "is_manager": person.is_manager,
        }


class InterfaceForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the provider does for the client, e.g. “pays the suppliers’ invoices”."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        required = _("Choose a unit.")
        self.fields["provider"] = unit_field(
            units, label=_("Provider unit"), required=True, empty_label=_("Choose a unit")
        )
        self.fields["client"] = unit_field(
            units, label=_("Client unit"), required=True, empty_label=_("Choose a unit")
        )
        for name in ("provider", "client"):
            self.fields[name].error_messages["required"] = required
        self.order_fields(["provider", "client", "description"])
