"""Input forms; the services do the checks that need the database."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import TEXT_MAX_LENGTH, Feedback, PromiseItem, Review


class DateInput(forms.DateInput):
    """The browser's date picker reads ISO dates only, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class GatheringForm(forms.Form):
    gathered_on = forms.DateField(
        label=_("Date of the team meeting"),
        widget=DateInput,
        error_messages={"required": _("Give the date of the team meeting.")},
    )
    team_note = forms.CharField(
        label=_("Who took part"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MissionForm(forms.Form):
    mission_statement = forms.CharField(
        label=_("Mission of the unit"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the mission of the unit.")},
        help_text=_("Why the unit exists, for whom, in one or two sentences."),
    )


class ClientUnitForm(forms.Form):
    client = forms.ModelChoiceField(
        label=_("Internal client"),
        queryset=None,
        empty_label=_("Choose a unit"),
        error_messages={"required": _("Choose the client unit.")},
    )
    description = forms.CharField(label=_("What the unit provides to it"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = units


class PairForm(forms.Form):
    pair_first = forms.ModelChoiceField(label=_("First member"), queryset=None, required=False)
    pair_second = forms.ModelChoiceField(label=_("Second member"), queryset=None, required=False)
    contact = forms.ModelChoiceField(
        label=_("Contact in the client unit"), queryset=None, required=False
    )

    def __init__(self, *args, team, client_people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pair_first"].queryset = team
        self.fields["pair_second"].queryset = team
        self.fields["contact"].queryset = client_people


class ItemForm(forms.Form):
    """One line of a promise; several sit on one page, so no automatic ids."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", False)
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(choices=PromiseItem.Kind.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text"),
        required=False,  # the service gives the message that fits the kind
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    service_level = forms.CharField(
        label=_("Measurable service level (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: answer within 2 working days."),
    )


class ItemEditForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    service_level = forms.CharField(
        label=_("Measurable service level (optional)"), required=False, max_length=200
    )


class RaciActorForm(forms.Form):
    name = forms.CharField(
        label=_("Unit or person"),
        max_length=120,
        error_messages={"required": _("Name the unit or the person.")},
    )


LETTER_CHOICES = [("", "—"), ("R", "R"), ("A", "A"), ("AR", "A+R"), ("C", "C"), ("I", "I")]


class RaciRowForm(forms.Form):
    label = forms.CharField(
        label=pgettext_lazy("raci", "Activity"),
        max_length=200,
        error_messages={"required": _("Name the activity.")},
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.actors = actors
        for raci_actor in actors:
            self.fields[f"actor_{raci_actor.pk}"] = forms.ChoiceField(
                label=raci_actor.name, choices=LETTER_CHOICES, required=False
            )

    def letters(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data.get(f"actor_{a.pk}", "") for a in self.actors}

    def letter_fields(self):
        return [self[f"actor_{a.pk}"] for a in self.actors]


class FeedbackItemForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("", _("No answer"))] + Feedback.Verdict.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proposed_text = forms.CharField(
        label=_("The wording you propose"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


RATING_CHOICES = [("", "—")] + Review.Outcome.choices


class ReviewForm(forms.Form):
    held_on = forms.DateField(
        label=_("Review held on"),
        widget=DateInput,
        error_messages={"required": _("Give the date of the review.")},
    )
    summary = forms.CharField(
        label=_("What the next version should change"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = commitments
        for index, _commitment in enumerate(commitments):
            for side in ("provider", "client"):
                # A free value: the service checks the scale, so a forged one gets a message.
                self.fields[f"rating_{index}_{side}"] = forms.CharField(
                    required=False, widget=forms.Select(choices=RATING_CHOICES)
                )
                self.fields[f"comment_{index}_{side}"] = forms.CharField(
                    required=False, max_length=TEXT_MAX_LENGTH
                )

    def ratings(self) -> dict:
        data = self.cleaned_data
        return {
            (index, side): (
                data.get(f"rating_{index}_{side}", ""),
                data.get(f"comment_{index}_{side}", ""),
            )
            for index in range(len(self.commitments))
            for side in ("provider", "client")
        }

    def rows(self):
        """Per commitment: its text and the bound fields of both sides."""
        return [
            {
                "index": index,
                "commitment": commitment,
                "sides": [
                    {
                        "side": side,
                        "rating": self[f"rating_{index}_{side}"],
                        "comment": self[f"comment_{index}_{side}"],
                    }
                    for side in ("provider", "client")
                ],
            }
            for index, commitment in enumerate(self.commitments)
        ]


class CounterpartRatingForm(forms.Form):
    """The client contact's rating of each commitment, through the review link. The rating is
    a free value: the service checks the scale, so a forged one gets a message."""

    def __init__(self, *args, commitments, initial_ratings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = commitments
        given = {r.commitment_index: r for r in (initial_ratings or [])}
        for index, _commitment in enumerate(commitments):
            earlier = given.get(index)
            self.fields[f"rating_{index}"] = forms.CharField(
                label=_("Your rating"),
                required=False,
                widget=forms.RadioSelect(choices=Review.Outcome.choices),
                initial=earlier.rating if earlier else None,
            )
            self.fields[f"comment_{index}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=earlier.comment if earlier else "",
            )

    def answers(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            index: (data.get(f"rating_{index}", ""), data.get(f"comment_{index}", ""))
            for index in range(len(self.commitments))
        }

    def rows(self):
        return [
            {
                "index": index,
                "commitment": commitment,
                "rating": self[f"rating_{index}"],
                "comment": self[f"comment_{index}"],
            }
            for index, commitment in enumerate(self.commitments)
        ]
