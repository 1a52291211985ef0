"""World Café pages for the facilitators: set-up, console, projector and harvest."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required
from liant.core.forms import add_service_errors

from . import selectors, worldcafe
from . import worldcafe_selectors as cafes
from .worldcafe_forms import CafeSetupForm, HostsForm


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@actor_required(staff=True)
def cafe_setup(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    cafe = cafes.cafe_of(workshop)
    if cafe is not None and (cafe.current_round > 0 or cafe.ended_at):
        messages.error(request, _("The café has started: its set-up can no longer change."))
        return redirect("workshops:cafe", pk=workshop.pk)
    initial = {}
    if cafe is not None:
        tables = cafes.tables(cafe)
        defaults = worldcafe.default_table_names(len(tables))
        custom = any(t.name != name for t, name in zip(tables, defaults, strict=True))
        initial = {
            "questions": "\n".join(cafe.questions),
            "rounds": cafe.rounds,
            "round_minutes": cafe.round_minutes,
            "tables": len(tables),
            "table_names": "\n".join(t.name for t in tables) if custom else "",
        }
    form = CafeSetupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            worldcafe.configure_cafe(
                request.actor,
                workshop,
                questions=data["questions"].splitlines(),
                rounds=data["rounds"],
                round_minutes=data["round_minutes"],
                table_names=data["names"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("World Café ready. Choose the hosts, then plan the rotation.")
            )
            return redirect("workshops:cafe", pk=workshop.pk)
    return render(
        request,
        "workshops/cafe_setup.html",
        {"nav": "workshops", "workshop": workshop, "cafe": cafe, "form": form},
    )


def _hosts_form(cafe, data=None):
    people = cafes.participants(cafe.workshop)
    return HostsForm(
        data,
        tables=cafes.tables(cafe),
        participants=people,
        labels=cafes.labels(cafe.workshop),
    )


@actor_required(staff=True)
def cafe_console(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    cafe = cafes.cafe_of(workshop)
    if cafe is None:
        return redirect("workshops:cafe_setup", pk=workshop.pk)
    return _console(request, cafe)


def _console(request, cafe, hosts_form=None, status=200):
    names = cafes.labels(cafe.workshop)
    return render(
        request,
        "workshops/cafe_console.html",
        {
            "nav": "workshops",
            "workshop": cafe.workshop,
            "cafe": cafe,
            "rows": cafes.plan_rows(cafe, names),
            "round_numbers": range(1, cafe.rounds + 1),
            "hosts_form": hosts_form or _hosts_form(cafe),
            "joined": len(names),
            "unseated": cafes.unseated_count(cafe),
            "repeats": cafes.repeated_pairs(cafe),
            "ends_at": cafes.round_ends_at(cafe),
            "seconds_left": cafes.seconds_left(cafe),
            "question": cafe.question(max(cafe.current_round, 1)),
        },
        status=status,
    )


@actor_required(staff=True)
def cafe_hosts(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    cafe = cafes.get_cafe(request.actor, workshop)
    if request.method != "POST":  # a form target: the console shows the form
        return redirect("workshops:cafe", pk=workshop.pk)
    form = _hosts_form(cafe, request.POST)
    if form.is_valid():
        people = {p.pk: p for p in cafes.participants(workshop)}
        choices = [
            worldcafe.HostChoice(
                table,
                people.get(form.cleaned_data[f"host_{table.pk}"]),
                form.cleaned_data[f"name_{table.pk}"],
            )
            for table in form.tables
        ]
        try:
            dropped = worldcafe.set_hosts(request.actor, cafe, choices)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if dropped:
                messages.warning(request, _("Hosts saved. The plan was cleared: plan it again."))
            else:
                messages.success(request, _("Hosts saved."))
            return redirect(reverse("workshops:cafe", args=[workshop.pk]) + "#hosts")
    return _console(request, cafe, hosts_form=form, status=400)


@actor_required(staff=True)
def cafe_plan(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    cafe = cafes.get_cafe(request.actor, workshop)
    if request.method != "POST":  # a form target: the console shows the form
        return redirect("workshops:cafe", pk=workshop.pk)
    try:
        people = worldcafe.plan(request.actor, cafe, confirm=request.POST.get("confirm") == "on")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Rotation planned for %(n)s people.") % {"n": people})
    return redirect(reverse("workshops:cafe", args=[workshop.pk]) + "#plan")


@actor_required(staff=True)
def cafe_round(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    cafe = cafes.get_cafe(request.actor, workshop)
    if request.method != "POST":  # a form target: the console shows the form
        return redirect("workshops:cafe", pk=workshop.pk)
    try:
        if request.POST.get("action") == "end":
            worldcafe.end_cafe(request.actor, cafe)
            messages.success(request, _("The café is over. Its harvest gathers every table."))
        else:
            number = worldcafe.next_round(request.actor, cafe)
            messages.success(request, _("Round %(n)s has started.") % {"n": number})
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("workshops:cafe", pk=workshop.pk)


@actor_required(staff=True)
def cafe_projector(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    cafe = cafes.get_cafe(request.actor, workshop)
    shown = max(cafe.current_round, 1)
    rows = cafes.plan_rows(cafe)
    context = {
        "workshop": workshop,
        "cafe": cafe,
        "shown_round": shown,
        "tables": [(row.table, row.host, row.rounds[shown - 1]) for row in rows],
        "question": cafe.question(shown),
        "ends_at": cafes.round_ends_at(cafe),
        "seconds_left": cafes.seconds_left(cafe),
        "join_url": request.build_absolute_uri(reverse("live:join_workshop", args=[workshop.code])),
    }
    template = (
        "workshops/cafe_projector_content.html" if request.htmx else "workshops/cafe_projector.html"
    )
    return render(request, template, context)


@actor_required(staff=True)
def cafe_harvest(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    cafe = cafes.get_cafe(request.actor, workshop)
    return render(
        request,
        "workshops/cafe_harvest.html",
        {"workshop": workshop, "cafe": cafe, "tables": cafes.harvest(cafe)},
    )
