from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from liant.orgs.selectors import organization_list

from . import selectors
from .models import Mission, Phase

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class MissionForm(forms.Form):
    """Create (with organisation and template) or edit a mission."""

    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Choose the client organisation.")},
    )
    template = TemplateChoiceField(
        label=_("Template"),
        queryset=None,
        required=False,
        blank=True,
        empty_label=_("No template: I will add the phases myself"),
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    language = forms.ChoiceField(
        label=_("Language of the mission"),
        choices=settings.LANGUAGES,
        help_text=_("The phases, objectives and checklists are written in this language."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Mission.Status.choices)
    start_date = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    consultants = UserChoiceField(
        label=_("Consultants"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units_in_scope = forms.ModelMultipleChoiceField(
        label=_("Units in scope"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to cover the whole organisation. Sub-units are included."),
    )

    def __init__(self, *args, actor, mission=None, organization_id=None, **kwargs):
        self.actor = actor
        self.mission = mission
        super().__init__(*args, **kwargs)
        self.fields["consultants"].queryset = selectors.staff_members(actor)
        if mission is None:
            del self.fields["status"]
            self.fields["organization"].queryset = organization_list(actor).order_by("name")
            self.fields["template"].queryset = selectors.template_list(actor)
            self.fields["language"].initial = (get_language() or "fr")[:2]
            if self.is_bound:
                organization_id = self.data.get("organization") or None
            try:
                organization_id = int(organization_id) if organization_id else None
            except (TypeError, ValueError):
                organization_id = None
            if (
                organization_id is not None
                and not self.fields["organization"].queryset.filter(pk=organization_id).exists()
            ):
                organization_id = None
            self.selected_organization_id = organization_id
            if not self.is_bound and organization_id is not None:
                self.initial["organization"] = organization_id
            # Choosing the organisation reloads its units (htmx swaps only that fieldset).
            self.fields["organization"].widget.attrs.update(
                {
                    "hx-get": reverse("missions:create"),
                    "hx-trigger": "change",
                    "hx-target": "#units-field",
                    "hx-select": "#units-field",
                    "hx-swap": "outerHTML",
                }
            )
        else:
            del self.fields["organization"]
            del self.fields["template"]
            self.fields["language"].help_text = _(
                "Changing it does not rewrite the phases already created."
            )
            self.selected_organization_id = mission.organization_id
        units = selectors.organization_units(actor, self.selected_organization_id)
        self.fields["units_in_scope"].queryset = units
        # Show the units as a tree (depth-first, indented), not alphabetically.
        self.fields["units_in_scope"].choices = [
            (unit.pk, f"{'— ' * depth}{unit.name}") for unit, depth in tree_order(units)
        ]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Please give the mission a title."))
        return title

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization") or (self.mission and self.mission.organization)
        units = cleaned.get("units_in_scope") or []
        if organization is not None and any(
            unit.organization_id != organization.pk for unit in units
        ):
            self.add_error(
                "units_in_scope", _("Units in scope must belong to the mission's organisation.")
            )
        return cleaned


def tree_order(units) -> list[tuple]:
    """Units depth-first (children after their parent), each with its depth."""
    units = list(units)
    ids = {unit.pk for unit in units}
    children: dict = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    ordered, stack = [], [(unit, 0) for unit in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        ordered.append((unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, [])))
    return ordered


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Mission.Status.choices)


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = [
            "name",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "objectives",
            "typical_actions",
            "deliverable",
        ]
        widgets = {
            "planned_start": DATE_WIDGET,
            "planned_end": DATE_WIDGET,
            "actual_start": DATE_WIDGET,
            "actual_end": DATE_WIDGET,
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "typical_actions": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"typical_actions": _("One action per line.")}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please name the phase."))
        return name

    def clean(self):
        cleaned = super().clean()
        for first, last in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            start, end = cleaned.get(first), cleaned.get(last)
            if start and end and end < start:
                self.add_error(last, _("The end date cannot be before the start date."))
        if cleaned.get("actual_end") and not cleaned.get("actual_start"):
            self.add_error("actual_start", _("Give the actual start as well."))
        return cleaned


class ChecklistItemForm(forms.Form):
    label = forms.CharField(label=_("New item"), max_length=300)

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if not label:
            raise forms.ValidationError(_("Please write the item."))
        return label


# --- Template editing: every text in French and English.


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class TemplateForm(forms.Form):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    summary_fr = forms.CharField(
        label=_("Summary (French)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, template):
        return {
            f"{field}_{lang}": (getattr(template, field) or {}).get(lang, "")
            for field in ("name", "summary")
            for lang in ("fr", "en")
        }

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name_fr", "").strip() or cleaned.get("name_en", "").strip()):
            self.add_error("name_fr", _("Please name the template, in French or in English."))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": {"fr": data["name_fr"], "en": data["name_en"]},
            "summary": {"fr": data["summary_fr"], "en": data["summary_en"]},
        }


class PhaseTemplateForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    duration_weeks = forms.IntegerField(
        label=_("Default duration (weeks)"), min_value=1, max_value=104, initial=2
    )
    objectives_fr = forms.CharField(
        label=_("Objectives (French)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    objectives_en = forms.CharField(
        label=_("Objectives (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    typical_actions_fr = forms.CharField(
        label=_("Typical actions (French)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )
    typical_actions_en = forms.CharField(
        label=_("Typical actions (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )
    checklist_fr = forms.CharField(
        label=_("Checklist (French)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )
    checklist_en = forms.CharField(
        label=_("Checklist (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )
    deliverable_fr = forms.CharField(label=_("Deliverable (French)"), required=False)
    deliverable_en = forms.CharField(label=_("Deliverable (English)"), required=False)

    @classmethod
    def initial_for(cls, phase) -> dict:
        initial = {"id": phase.pk, "duration_weeks": phase.duration_weeks}
        for lang in ("fr", "en"):
            for field in ("name", "objectives", "deliverable"):
                initial[f"{field}_{lang}"] = (getattr(phase, field) or {}).get(lang, "")
            for field in ("typical_actions", "checklist"):
                initial[f"{field}_{lang}"] = "\n".join((getattr(phase, field) or {}).get(lang, []))
        return initial

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if not (cleaned.get("name_fr", "").strip() or cleaned.get("name_en", "").strip()):
            self.add_error("name_fr", _("Every phase needs a name, in French or in English."))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        values = {"id": data.get("id"), "duration_weeks": data["duration_weeks"]}
        for field in ("name", "objectives", "deliverable"):
            values[field] = {lang: data[f"{field}_{lang}"] for lang in ("fr", "en")}
        for field in ("typical_actions", "checklist"):
            values[field] = {lang: _lines(data[f"{field}_{lang}"]) for lang in ("fr", "en")}
        return values


class BasePhaseTemplateFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.has_changed() or f.initial]
        kept = [f for f in kept if not self._should_delete_form(f)]
        if not kept:
            raise forms.ValidationError(_("A template needs at least one phase."))

    def ordered_values(self) -> list[dict]:
        """The phases to keep, in the order chosen (new blank forms are ignored)."""
        return [form.values() for form in self.ordered_forms if form.has_changed() or form.initial]


PhaseTemplateFormSet = forms.formset_factory(
    PhaseTemplateForm,
    formset=BasePhaseTemplateFormSet,
    extra=0,
    can_order=True,
    can_delete=True,
    max_num=40,
    validate_max=True,
)
