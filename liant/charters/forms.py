from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    CLAUSE_TEXT_MAX_LENGTH,
    CLAUSE_TITLE_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    FEEDBACK_MAX_LENGTH,
    RATIONALE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Amendment,
    ClauseVote,
)


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the charter a title.")},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this charter, for whom: shown to participants above the clauses."),
    )


class ClauseForm(forms.Form):
    title = forms.CharField(
        label=_("Title (optional)"), max_length=CLAUSE_TITLE_MAX_LENGTH, required=False
    )
    text = forms.CharField(
        label=_("Text of the clause"),
        max_length=CLAUSE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the text of the clause.")},
    )


class SectionForm(ClauseForm):
    """A section of a direction project: the same fields, its own words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Text of the section")
        self.fields["text"].error_messages["required"] = _("Write the text of the section.")


def part_form(document):
    return SectionForm if document.kind == "direction" else ClauseForm


class OpenForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Closes on (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("Votes, comments and amendments are refused after this moment."),
    )

    def clean_closes_at(self):
        value = self.cleaned_data["closes_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("The closing date must be in the future."))
        return value


class VoteForm(forms.Form):
    value = forms.ChoiceField(
        choices=ClauseVote.Value.choices,
        error_messages={"required": _("Choose agree or disagree.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write your comment.")},
    )


class AmendmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Your amendment"),
        choices=Amendment.Kind.choices,
        widget=forms.RadioSelect,
        initial=Amendment.Kind.REPLACE,
    )
    title = forms.CharField(
        label=_("Title (optional)"), max_length=CLAUSE_TITLE_MAX_LENGTH, required=False
    )
    text = forms.CharField(
        label=_("Proposed text"),
        max_length=CLAUSE_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Not needed to delete the clause."),
    )
    rationale = forms.CharField(
        label=_("Why"),
        max_length=RATIONALE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Explain why you propose this amendment.")},
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") in (Amendment.Kind.REPLACE, Amendment.Kind.ADD)
            and not (cleaned.get("text") or "").strip()
        ):
            self.add_error("text", _("Write the text you propose."))
        return cleaned


class FeedbackForm(forms.Form):
    worked = forms.CharField(
        label=_("What worked"),
        max_length=FEEDBACK_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    did_not_work = forms.CharField(
        label=_("What did not work"),
        max_length=FEEDBACK_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if not (
            (cleaned.get("worked") or "").strip() or (cleaned.get("did_not_work") or "").strip()
        ):
            raise forms.ValidationError(_("Tell what worked or what did not."))
        return cleaned


VERDICTS = [("", _("Decide later")), ("accept", _("Accept")), ("reject", _("Reject"))]


def parse_decisions(data, pending) -> tuple[list[tuple], dict]:
    """Read the decision form: ``verdict-<id>`` and ``reason-<id>`` per pending amendment.
    Returns (decisions, values to show again)."""
    decisions, values = [], {}
    for item in pending:
        pk = item.amendment.pk
        verdict = data.get(f"verdict-{pk}", "")
        reason = (data.get(f"reason-{pk}", "") or "")[:REASON_MAX_LENGTH]
        values[pk] = {"verdict": verdict, "reason": reason}
        if verdict in ("accept", "reject"):
            decisions.append((item.amendment, verdict, reason))
    return decisions, values


class InviteForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People to invite"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one person."),
            "invalid_choice": _("Choose people of the mission's organisation."),
            "invalid_pk_value": _("Choose people of the mission's organisation."),
        },
    )

    def __init__(self, data=None, *, people):
        super().__init__(data, prefix="invite")
        self.fields["people"].queryset = people
