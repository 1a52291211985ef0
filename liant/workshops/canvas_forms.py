from django import forms
from django.utils.translation import gettext_lazy as _

from .canvas_boards import MAX_GROUPS
from .canvases import MAX_COLUMNS


class CanvasForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        error_messages={"required": _("Please give the canvas a name.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    columns = forms.IntegerField(
        label=_("Columns of the grid"), min_value=1, max_value=MAX_COLUMNS, initial=2
    )
    zones = forms.CharField(
        label=_("Zones, one per line"),
        help_text=_(
            "Title | prompt | column,row — or column,row,width,height for a zone spanning "
            "several cells. Example: Strengths | What can we build on? | 1,1"
        ),
        widget=forms.Textarea(attrs={"rows": 8, "class": "cv-lines"}),
        error_messages={"required": _("A canvas needs at least one zone.")},
    )


class CanvasBoardForm(forms.Form):
    canvas = forms.ModelChoiceField(
        label=_("Canvas"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a canvas of the list.")},
    )
    title = forms.CharField(
        label=_("Board title"),
        max_length=180,
        required=False,
        help_text=_("Leave empty to use the canvas's name."),
    )
    groups = forms.IntegerField(
        label=_("Small groups working in parallel"),
        min_value=1,
        max_value=MAX_GROUPS,
        initial=1,
        help_text=_("One canvas per group; the plenary view shows them side by side."),
    )
    hidden_until_reveal = forms.BooleanField(
        label=_("Hidden until reveal: each participant sees only their own cards"),
        required=False,
        initial=False,
    )

    def __init__(self, *args, canvases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canvas"].queryset = canvases
