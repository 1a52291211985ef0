from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import SESSION_DESCRIPTION_MAX_LENGTH, SESSION_TITLE_MAX_LENGTH
from .openspace import CONVENER_MAX_LENGTH, ROOM_NAME_MAX_LENGTH, THEME_MAX_LENGTH, parse_slots

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EnableForm(forms.Form):
    theme = forms.CharField(
        label=_("Theme (the question that guides the day)"),
        max_length=THEME_MAX_LENGTH,
        error_messages={"required": _("Write the theme: the question that guides the day.")},
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. How do we want to work together next year?")}
        ),
    )
    rooms = forms.CharField(
        label=_("Rooms (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("Main hall\nGarden\nRoom 2")}),
    )
    slots = forms.CharField(
        label=_("Time slots (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "10h00-10h45\n11h00-11h45"}),
        help_text=_("You can add, change and remove rooms and slots later."),
    )
    self_scheduling = forms.BooleanField(
        label=_("Proposers may place their own session in a free cell"), required=False
    )

    def clean_slots(self):
        try:
            return parse_slots(self.cleaned_data["slots"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["slots"]) from None


class SettingsForm(forms.Form):
    theme = forms.CharField(
        label=_("Theme"),
        max_length=THEME_MAX_LENGTH,
        error_messages={"required": _("Write the theme: the question that guides the day.")},
    )
    proposals_open = forms.BooleanField(
        label=_("The marketplace is open: participants may propose sessions"), required=False
    )
    self_scheduling = forms.BooleanField(
        label=_("Proposers may place their own session in a free cell"), required=False
    )


class RoomForm(forms.Form):
    name = forms.CharField(
        label=_("Room"),
        max_length=ROOM_NAME_MAX_LENGTH,
        error_messages={"required": _("Give the room a name.")},
    )
    capacity = forms.IntegerField(
        label=_("Capacity (optional)"), required=False, min_value=1, max_value=10000
    )


class SlotForm(forms.Form):
    starts_at = forms.TimeField(
        label=_("Starts at"),
        widget=TIME_WIDGET,
        error_messages={"required": _("Give the start and end times of the slot.")},
    )
    ends_at = forms.TimeField(
        label=_("Ends at"),
        widget=TIME_WIDGET,
        error_messages={"required": _("Give the start and end times of the slot.")},
    )


class SessionForm(forms.Form):
    title = forms.CharField(
        label=_("Session title"),
        max_length=SESSION_TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the session a title.")},
    )
    description = forms.CharField(
        label=_("Short description (optional)"),
        max_length=SESSION_DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    convener = forms.CharField(
        label=_("Convener (optional)"),
        max_length=CONVENER_MAX_LENGTH,
        required=False,
        help_text=_("Shown with the session. Leave it empty to stay anonymous."),
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id:  # several edit forms on one page need distinct ids
            self.auto_id = f"id_{prefix_id}_%s"
