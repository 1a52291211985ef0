"""Forms of the coding pages (part b of issue 5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Theme
from .services_coding import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, PALETTE

CUSTOM = "custom"
THEMES_ERROR = _("Choose themes of this campaign’s codebook.")
THEMES_ERRORS = {
    "required": _("Choose at least one theme."),
    "invalid_choice": THEMES_ERROR,
    "invalid_pk_value": THEMES_ERROR,
}


class ThemeForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Give the theme a name.")},
    )
    parent = forms.ModelChoiceField(
        label=_("Place in the codebook"),
        queryset=None,
        required=False,
        empty_label=_("— Main theme —"),
        error_messages={"invalid_choice": _("Choose a theme of this codebook.")},
    )
    colour = forms.ChoiceField(label=_("Colour"), choices=[], initial=PALETTE[0])
    custom_colour = forms.CharField(
        label=_("Custom colour"), required=False, max_length=7, initial="#2f6f8f"
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What belongs to this theme, and what does not."),
    )

    def __init__(self, *args, nodes, theme=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {node.theme.pk: "\u2003" * node.depth + node.theme.name for node in nodes}
        themes = [node.theme for node in nodes if theme is None or node.theme.pk != theme.pk]
        self.fields["parent"].queryset = Theme.objects.filter(pk__in=[t.pk for t in themes])
        order = {t.pk: i for i, t in enumerate(themes)}
        self.fields["parent"].choices = [("", self.fields["parent"].empty_label)] + [
            (t.pk, labels[t.pk]) for t in sorted(themes, key=lambda t: order[t.pk])
        ]
        self.fields["colour"].choices = [(c, c) for c in PALETTE] + [(CUSTOM, _("Custom"))]
        if theme is not None and theme.colour not in PALETTE:
            self.initial["colour"] = CUSTOM
            self.initial["custom_colour"] = theme.colour

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("colour") == CUSTOM:
            cleaned["colour"] = (cleaned.get("custom_colour") or "").strip()
        return cleaned

    def palette(self):
        """(value, checked) of each palette colour, for the swatches of the template."""
        current = self["colour"].value()
        return [(colour, colour == current) for colour in PALETTE]


class ImportForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Campaign to copy the codebook from"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a campaign of your workspace.")},
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = campaigns
        self.fields["source"].label_from_instance = lambda c: (
            _("%(campaign)s (%(mission)s) — %(count)s themes")
            % {"campaign": c.title, "mission": c.mission.title, "count": c.theme_count}
        )


class SegmentForm(forms.Form):
    """Coding a passage: the note is looked up by the view, within the campaign."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    quote = forms.CharField(strip=False, required=False)
    themes = forms.ModelMultipleChoiceField(queryset=None, error_messages=THEMES_ERRORS)
    quotable = forms.BooleanField(required=False)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes


class SegmentUpdateForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(queryset=None, error_messages=THEMES_ERRORS)
    quotable = forms.BooleanField(required=False)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes
