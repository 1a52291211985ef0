"""The "turn into…" targets that exist today: a mission phase's checklist item and a prompt
of a board of the same workshop. Registered when the app is ready."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from liant.missions import services as mission_services
from liant.missions.models import Phase

from . import services
from .models import Board
from .turn_targets import Source, Target, register, staff_only


class ChecklistItemTarget(forms.Form):
    phase = forms.ModelChoiceField(
        label=_("Phase"),
        queryset=Phase.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a phase of this workshop's mission.")},
    )
    label = forms.CharField(
        label=_("Checklist item"),
        max_length=300,
        error_messages={"required": _("Please write the item.")},
    )

    def __init__(self, data=None, *, actor, source: Source):
        mission = source.workshop.mission
        phases = Phase.objects.filter(mission=mission, workspace_id=actor.workspace_id)
        current = phases.exclude(status=Phase.Status.DONE).first()
        initial = {"label": Truncator(source.text).chars(300), "phase": current}
        super().__init__(data, initial=initial, prefix="checklist")
        self.fields["phase"].queryset = phases


def _mission_checklist_allowed(actor, source: Source) -> bool:
    return staff_only(actor, source) and source.workshop.mission_id is not None


def _create_checklist_item(actor, source: Source, data: dict):
    if data["phase"].mission_id != source.workshop.mission_id:
        raise ValidationError({"phase": _("Choose a phase of this workshop's mission.")})
    return mission_services.add_checklist_item(actor, data["phase"], data["label"])


def _checklist_item_url(item) -> str:
    url = reverse("missions:detail", args=[item.phase.mission_id])
    return f"{url}?phase={item.phase_id}#phase-{item.phase_id}"


class BoardPromptTarget(forms.Form):
    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Board.objects.none(),
        required=False,
        empty_label=_("A new board"),
        error_messages={"invalid_choice": _("Choose a board of this workshop.")},
    )
    title = forms.CharField(
        label=_("Title of the new board"),
        max_length=200,
        required=False,
        help_text=_("Only for a new board."),
    )
    prompt = forms.CharField(
        label=_("Prompt"),
        max_length=200,
        error_messages={"required": _("Write the prompt.")},
    )

    def __init__(self, data=None, *, actor, source: Source):
        text = Truncator(source.text).chars(200)
        initial = {"prompt": text, "title": Truncator(text).chars(200)}
        super().__init__(data, initial=initial, prefix="prompt")
        self.fields["board"].queryset = Board.objects.filter(
            workshop=source.workshop, workspace_id=actor.workspace_id
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("board") and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Give the new board a title."))
        return cleaned


def _create_prompt(actor, source: Source, data: dict):
    if data.get("board"):
        return services.add_prompt(actor, data["board"], data["prompt"])
    board = services.add_board(
        actor, source.workshop, title=data["title"], prompts=[data["prompt"]]
    )
    return board.columns.get()


def _prompt_url(column) -> str:
    return reverse("workshops:board", args=[column.board.workshop_id, column.board_id])


register(
    Target(
        key="missions.checklist_item",
        label=_("An item of a mission phase's checklist"),
        help=_("The workshop's mission gets a new item in the checklist of the phase you choose."),
        form=ChecklistItemTarget,
        create=_create_checklist_item,
        url=_checklist_item_url,
        allowed=_mission_checklist_allowed,
        order=10,
    )
)
register(
    Target(
        key="workshops.board_prompt",
        label=_("A prompt of a board, to deepen it"),
        help=_("Open a follow-up board of this workshop, or add a prompt to an existing one."),
        form=BoardPromptTarget,
        create=_create_prompt,
        url=_prompt_url,
        order=20,
    )
)
