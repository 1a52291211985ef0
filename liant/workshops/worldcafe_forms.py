from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import WorldCafe
from .worldcafe import MAX_MINUTES, MAX_TABLES, default_table_names


class CafeSetupForm(forms.Form):
    questions = forms.CharField(
        label=_("Question(s)"),
        help_text=_("One line for the same question in every round, or one line per round."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write the question of the café (one per round, or one for all).")
        },
    )
    rounds = forms.IntegerField(
        label=_("Rounds"),
        initial=3,
        min_value=1,
        max_value=WorldCafe.MAX_ROUNDS,
    )
    round_minutes = forms.IntegerField(
        label=_("Minutes per round"),
        initial=20,
        min_value=1,
        max_value=MAX_MINUTES,
    )
    tables = forms.IntegerField(
        label=_("Number of tables"),
        initial=4,
        min_value=1,
        max_value=MAX_TABLES,
    )
    table_names = forms.CharField(
        label=_("Table names (optional)"),
        help_text=_("One per line, in order; the others are called “Table 1”, “Table 2”…"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Messages with numbers are built here, in the language of the request.
        rounds = gettext("Choose between 1 and %(max)s rounds.") % {"max": WorldCafe.MAX_ROUNDS}
        minutes = gettext("A round lasts between 1 and %(max)s minutes.") % {"max": MAX_MINUTES}
        tables = gettext("At most %(max)s tables.") % {"max": MAX_TABLES}
        for name, low, high in [
            ("rounds", rounds, rounds),
            ("round_minutes", minutes, minutes),
            ("tables", gettext("A World Café needs at least one table."), tables),
        ]:
            self.fields[name].error_messages.update(
                {"min_value": low, "max_value": high, "invalid": low}
            )

    def clean(self):
        cleaned = super().clean()
        count = cleaned.get("tables")
        names = [n.strip() for n in cleaned.get("table_names", "").splitlines() if n.strip()]
        if count and len(names) > count:
            self.add_error(
                "table_names",
                gettext("You named %(named)s tables for %(count)s tables.")
                % {"named": len(names), "count": count},
            )
        elif count:
            cleaned["names"] = names + default_table_names(count)[len(names) :]
        return cleaned


class HostsForm(forms.Form):
    """For each table: a participant who stays there, or the name of a person."""

    def __init__(self, *args, tables, participants, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.tables = tables
        choices = [("", _("— No participant —"))] + [(p.pk, labels[p.pk]) for p in participants]
        for table in tables:
            self.fields[f"host_{table.pk}"] = forms.TypedChoiceField(
                label=gettext("Host of %(table)s") % {"table": table.name},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=table.host_id,
                error_messages={
                    "invalid_choice": _("This participant has not joined this workshop.")
                },
            )
            self.fields[f"name_{table.pk}"] = forms.CharField(
                label=gettext("or a named host for %(table)s") % {"table": table.name},
                max_length=80,
                required=False,
                initial=table.host_name,
            )

    def rows(self):
        for table in self.tables:
            yield table, self[f"host_{table.pk}"], self[f"name_{table.pk}"]
