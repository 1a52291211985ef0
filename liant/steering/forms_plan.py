"""Forms of the plan part. Choice fields take the plan's own querysets (from
``selectors_plan``): another plan's object is "not a valid choice"."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.orgs.models import Person

from .models import Action, Axis, Body, Milestone, Objective

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the plan a title.")},
    )


class AxisForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the axis a title.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectiveForm(forms.Form):
    axis = forms.ModelChoiceField(
        label=_("Axis"),
        queryset=Axis.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose an axis of this plan.")},
    )
    title = forms.CharField(
        label=_("Objective"),
        max_length=200,
        error_messages={"required": _("Please write the objective.")},
    )
    target = forms.CharField(
        label=_("Measurable target"),
        max_length=300,
        help_text=_(
            "What will be true, and how it is measured: “80 % of requests answered within 48 h”."
        ),
        error_messages={"required": _("Say how the objective is measured.")},
    )
    target_value = forms.DecimalField(
        label=_("Target value (optional)"), required=False, max_digits=14, decimal_places=4
    )
    target_unit = forms.CharField(label=_("Unit (optional)"), max_length=40, required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, axes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = axes


class ActionForm(forms.Form):
    title = forms.CharField(
        label=_("Action"),
        max_length=200,
        error_messages={"required": _("Please write the action.")},
    )
    objective = forms.ModelChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=_("(not attached to an objective yet)"),
        error_messages={"invalid_choice": _("Choose an objective of this plan.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(
        label=pgettext_lazy("action", "Owner"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("(to be named)"),
        error_messages={"invalid_choice": _("Choose a person of the mission's organisation.")},
    )
    contributors = forms.ModelMultipleChoiceField(
        label=_("Contributors"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Choose people of the mission's organisation.")},
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=Action.Priority.choices,
        coerce=int,
        initial=Action.Priority.NORMAL,
    )
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        error_messages={
            "min_value": _("Progress is a percentage, from 0 to 100."),
            "max_value": _("Progress is a percentage, from 0 to 100."),
        },
    )
    milestone = forms.ModelChoiceField(
        label=_("Milestone"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("(none)"),
        error_messages={"invalid_choice": _("Choose a milestone of this plan.")},
    )
    depends_on = forms.ModelMultipleChoiceField(
        label=_("Depends on"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The actions that must be finished first."),
        error_messages={"invalid_choice": _("Choose actions of this plan.")},
    )

    def __init__(self, *args, objectives, people, milestones, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives
        self.fields["objective"].label_from_instance = lambda o: f"{o.axis.title} › {o.title}"
        self.fields["owner"].queryset = people
        self.fields["contributors"].queryset = people
        self.fields["milestone"].queryset = milestones
        self.fields["depends_on"].queryset = actions

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start date."))
        return data


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Progress is a percentage, from 0 to 100."),
            "max_value": _("Progress is a percentage, from 0 to 100."),
        },
    )


class QuickSelect(forms.Select):
    """A select written in Python: the form renderer includes one template per option, which
    cost more than the rest of a list page once the organisation has a few dozen people."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        attrs = flatatt(widget["attrs"])
        return format_html('<select name="{}"{}>{}</select>', name, attrs, options)


class FilterForm(forms.Form):
    """The filters of the list, board and timeline (GET). Bad values are dropped."""

    axis = forms.ModelChoiceField(
        label=_("Axis"),
        queryset=Axis.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    owner = forms.ModelChoiceField(
        label=pgettext_lazy("action", "Owner"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Action.Status.choices],
        required=False,
        widget=QuickSelect,
    )
    late = forms.BooleanField(label=_("Late only"), required=False)

    def __init__(self, *args, axes, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = axes
        self.fields["owner"].queryset = people


class PlaceForm(forms.Form):
    """A place on the impact/effort matrix (both empty: off the matrix)."""

    impact = forms.TypedChoiceField(
        label=_("Impact"),
        choices=[("", "—"), *((i, str(i)) for i in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    effort = forms.TypedChoiceField(
        label=_("Effort"),
        choices=[("", "—"), *((i, str(i)) for i in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
    )


class VoteImportForm(forms.Form):
    board = forms.ChoiceField(
        label=_("Voting board"),
        error_messages={"invalid_choice": _("Choose a board of a workshop of this mission.")},
    )
    limit = forms.IntegerField(
        label=_("Import the most voted"),
        min_value=1,
        max_value=30,
        initial=8,
        help_text=_(
            "Groups and cards, most voted first. One action each, or an update of "
            "the impact of the action already turned from them."
        ),
    )

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].choices = [(b.pk, f"{b.workshop.title} › {b.title}") for b in boards]


class BodyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Please name the body.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Body.Kind.choices)
    description = forms.CharField(
        label=_("Role"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Choose people of the mission's organisation.")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people


class DecisionForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=DATE,
        error_messages={"required": _("Give the date of the decision.")},
    )
    title = forms.CharField(
        label=_("Decision"),
        max_length=300,
        error_messages={"required": _("Write the decision.")},
    )
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("(none)"),
        error_messages={"invalid_choice": _("Choose a body of this plan.")},
    )
    decided_by = forms.CharField(label=_("Decided by"), max_length=300, required=False)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Linked actions"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Choose actions of this plan.")},
    )

    def __init__(self, *args, bodies, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["actions"].queryset = actions


class ValidateForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Validated by"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("(no body named)"),
        error_messages={"invalid_choice": _("Choose a body of this plan.")},
    )
    note = forms.CharField(
        label=_("Note for the decision log"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Name the milestone.")}
    )
    date = forms.DateField(
        label=_("Date"), widget=DATE, error_messages={"required": _("Give the milestone's date.")}
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
