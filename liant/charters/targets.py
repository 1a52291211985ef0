""" "Turn into…" a clause: a workshop's card or group becomes a clause of the draft of a
charter of the workshop's mission (or of a new charter). Registered when the app is ready."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from liant.core.tenancy import scoped
from liant.workshops.turn_targets import Source, Target, register, staff_only

from . import services
from .models import CLAUSE_TEXT_MAX_LENGTH, Document


def _drafts(actor, mission):
    return scoped(Document.objects.filter(mission=mission, stage=Document.Stage.DRAFT), actor)


class ClauseTarget(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Charter"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("A new charter"),
        help_text=_("Only charters still in draft can receive clauses."),
        error_messages={"invalid_choice": _("Choose a draft charter of this workshop's mission.")},
    )
    new_title = forms.CharField(
        label=_("Title of the new charter"),
        max_length=200,
        required=False,
        help_text=_("Only for a new charter."),
    )
    title = forms.CharField(
        label=_("Title of the clause (optional)"), max_length=200, required=False
    )
    text = forms.CharField(
        label=_("Text of the clause"),
        max_length=CLAUSE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the text of the clause.")},
    )

    def __init__(self, data=None, *, actor, source: Source):
        initial = {"text": Truncator(source.text).chars(CLAUSE_TEXT_MAX_LENGTH)}
        if source.cluster is not None and source.cluster.title and source.cards:
            # A named group: its title heads the clause, its cards make the text.
            initial = {
                "title": Truncator(source.cluster.title).chars(200),
                "text": Truncator("\n".join(source.cards)).chars(CLAUSE_TEXT_MAX_LENGTH),
            }
        super().__init__(data, initial=initial, prefix="clause")
        self.fields["document"].queryset = _drafts(actor, source.workshop.mission)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("document") and not (cleaned.get("new_title") or "").strip():
            self.add_error("new_title", _("Give the new charter a title."))
        return cleaned


def _allowed(actor, source: Source) -> bool:
    return staff_only(actor, source) and source.workshop.mission_id is not None


def _create_clause(actor, source: Source, data: dict):
    document = data.get("document")
    mission = source.workshop.mission
    if document is None:
        document = services.create_document(actor, mission, title=data["new_title"].strip())
    elif document.mission_id != mission.pk or document.stage != Document.Stage.DRAFT:
        raise ValidationError({"document": _("Choose a draft charter of this workshop's mission.")})
    return services.add_clause(actor, document, title=data["title"], text=data["text"])


def _clause_url(clause) -> str:
    document = clause.version.document
    url = reverse("charters:detail", args=[document.mission_id, document.pk])
    return f"{url}#clause-{clause.pk}"


register(
    Target(
        key="charters.clause",
        label=_("A clause of a charter"),
        help=_("The clause is added to the draft of a charter of the workshop's mission."),
        form=ClauseTarget,
        create=_create_clause,
        url=_clause_url,
        allowed=_allowed,
        order=30,
    )
)
