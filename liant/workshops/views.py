import csv
import io
import os

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liant.core.decorators import actor_required, not_post
from liant.core.forms import add_service_errors
from liant.live.views import board_config

from . import minutes, selectors, services, turn_targets, views_agenda
from .forms import BoardForm, InviteForm, PhotoForm


@actor_required(staff=True)
def workshop_list(request):
    workshops = selectors.workshop_list(request.actor)
    return render(
        request, "workshops/workshop_list.html", {"nav": "workshops", "workshops": workshops}
    )


@actor_required(staff=True)
def workshop_create(request):
    initial = {"mission": request.GET.get("mission")}
    form = views_agenda.workshop_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.create_workshop(request.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Workshop created. Add its first board."))
            return redirect("workshops:board_create", pk=workshop.pk)
    return render(request, "workshops/workshop_form.html", {"nav": "workshops", "form": form})


@actor_required(staff=True)
def workshop_detail(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    join_url = request.build_absolute_uri(reverse("live:join_workshop", args=[workshop.code]))
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "nav": "workshops",
            "workshop": workshop,
            "boards": workshop.boards.filter(open_space_session__isnull=True),
            "join_url": join_url,
            **views_agenda.detail_context(workshop),
        },
    )


@actor_required(staff=True)
def workshop_qr(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    url = request.build_absolute_uri(reverse("live:join_workshop", args=[workshop.code]))
    # A standalone SVG (with its namespace): an <img> does not render an inline fragment.
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=8, border=2, dark="#1d2733")
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


@actor_required(staff=True)
def board_create(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    form = BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            board = services.add_board(
                request.actor,
                workshop,
                title=data["title"],
                prompts=data["prompts"].splitlines(),
                hidden_until_reveal=data["hidden_until_reveal"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("workshops:board", pk=workshop.pk, board_pk=board.pk)
    return render(
        request,
        "workshops/board_form.html",
        {"nav": "workshops", "workshop": workshop, "form": form},
    )


@actor_required(staff=True)
def board_console(request, pk, board_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    board = selectors.get_board(workshop, board_pk)
    return _board_page(request, board, "facilitator")


@actor_required(staff=True)
def board_projector(request, pk, board_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    board = selectors.get_board(workshop, board_pk)
    return _board_page(request, board, "projector")


def _board_page(request, board, role):
    join_url = request.build_absolute_uri(reverse("live:join_workshop", args=[board.workshop.code]))
    config = board_config(board, role)
    if role == "facilitator":
        workshop_pk = board.workshop_id
        config["turnInto"] = {
            "card": reverse("workshops:turn_card", args=[workshop_pk, 0])[:-2],
            "group": reverse("workshops:turn_cluster", args=[workshop_pk, 0])[:-2],
            "label": _("Turn into…"),
        }
    columns = list(board.columns.all())
    selectors.attach_origins(columns)
    return render(
        request,
        "live/board.html",
        {
            "nav": "workshops",
            "board": board,
            "workshop": board.workshop,
            "role": role,
            "config": config,
            "join_url": join_url,
            "prompt_origins": [c for c in columns if c.origin],
        },
    )


@actor_required(staff=True)
def workshop_minutes(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    fmt = request.GET.get("format")
    if fmt in ("md", "csv"):
        boards = minutes.workshop_minutes(workshop)
        content = (minutes.as_markdown if fmt == "md" else minutes.as_csv)(workshop, boards)
        kind = "text/markdown" if fmt == "md" else "text/csv"
        response = HttpResponse("\ufeff" + content if fmt == "csv" else content,
                                content_type=f"{kind}; charset=utf-8")  # fmt: skip
        response["Content-Disposition"] = f'attachment; filename="minutes-{workshop.pk}.{fmt}"'
        return response
    return _minutes_page(request, workshop)


def _minutes_page(request, workshop, photo_form=None, status=200):
    boards = minutes.workshop_minutes(workshop)
    origins = [
        (origin, turn_targets.get(origin.target_kind))
        for origin in selectors.workshop_origins(workshop)
    ]
    return render(
        request,
        "workshops/minutes.html",
        {
            "nav": "workshops",
            "workshop": workshop,
            "boards": boards,
            "open_space": minutes.open_space_minutes(workshop),
            "photos": selectors.photos(workshop),
            "photo_form": photo_form or PhotoForm(),
            "origins": [(o, t, t.url(o.target) if t else "") for o, t in origins],
        },
        status=status,
    )


# --- Invitations


def _invitation_link(request, invitation) -> str:
    return request.build_absolute_uri(reverse("live:invitation", args=[invitation.token]))


@actor_required(staff=True)
def workshop_invitations(request, pk):
    actor = request.actor
    workshop = selectors.get_workshop(actor, pk)
    units = selectors.invitable_units(actor, workshop)
    people = selectors.invitable_people(actor, workshop)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        people=people,
        units=selectors.organization_units(actor, workshop),
    )
    if request.method == "POST" and form.is_valid():
        chosen = {p.pk: p for p in form.cleaned_data["people"]}
        for person in selectors.people_of_units(actor, workshop, form.cleaned_data["units"]):
            chosen.setdefault(person.pk, person)
        try:
            invited = services.invite(actor, workshop, chosen.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if invited:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s person invited: send them their personal link.",
                        "%(n)s people invited: send them their personal links.",
                        len(invited),
                    )
                    % {"n": len(invited)},
                )
            else:
                messages.info(request, _("Everyone you chose was already invited."))
            return redirect("workshops:invitations", pk=workshop.pk)
    rows = [(i, _invitation_link(request, i)) for i in selectors.invitations(workshop)]
    active = [(i, link) for i, link in rows if i.active]
    return render(
        request,
        "workshops/invitations.html",
        {
            "nav": "workshops",
            "workshop": workshop,
            "form": form,
            "units": units,
            "people": people,
            "chosen_people": {str(v) for v in form["people"].value() or []},
            "chosen_units": {str(v) for v in form["units"].value() or []},
            "rows": rows,
            "active": active,
            "with_email": sum(1 for i, _link in active if i.person.email),
        },
    )


@actor_required(staff=True)
def workshop_invited_only(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    if response := not_post(request):
        return response
    invited_only = request.POST.get("invited_only") in ("on", "true", "1")
    services.set_invited_only(request.actor, workshop, invited_only)
    if invited_only:
        messages.success(
            request, _("Only invited people can join now, each with their personal link.")
        )
    else:
        messages.success(request, _("Anyone with the code can join now."))
    return redirect("workshops:invitations", pk=workshop.pk)


def _cell(text: str) -> str:
    """Spreadsheets run cells starting with these as formulas: keep them text."""
    return "'" + text if text[:1] in "=+-@" else text


@actor_required(staff=True)
def invitations_csv(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Name"), _("E-mail"), _("Unit"), _("Personal link")])
    for invitation in selectors.invitations(workshop).filter(revoked_at=None):
        person = invitation.person
        writer.writerow(
            [
                _cell(person.name),
                _cell(person.email),
                _cell(person.unit.name if person.unit else ""),
                _invitation_link(request, invitation),
            ]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="invitations-{workshop.pk}.csv"'
    return response


@actor_required(staff=True)
def invitations_email(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    if response := not_post(request):
        return response
    try:
        sent, missing = services.email_invitations(
            request.actor, workshop, lambda invitation: _invitation_link(request, invitation)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workshops:invitations", pk=workshop.pk)
    if sent:
        messages.success(
            request,
            ngettext("%(n)s invitation sent.", "%(n)s invitations sent.", sent) % {"n": sent},
        )
    if missing:
        messages.warning(
            request,
            _("No e-mail address for: %(names)s. Send them their link yourself.")
            % {"names": ", ".join(missing)},
        )
    if not sent and not missing:
        messages.info(request, _("Nobody to write to: invite people first."))
    return redirect("workshops:invitations", pk=workshop.pk)


@actor_required(staff=True)
def invitation_revoke(request, pk, invite_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    invitation = selectors.get_invitation(workshop, invite_pk)
    if response := not_post(request):
        return response
    services.revoke_invitation(request.actor, invitation)
    messages.success(
        request,
        _("The link of %(name)s no longer works. Invite them again for a new link.")
        % {"name": invitation.person.name},
    )
    return redirect("workshops:invitations", pk=workshop.pk)


# --- Photos of the minutes (served to the workspace's staff only)


@actor_required(staff=True)
def photo_add(request, pk):
    workshop = selectors.get_workshop(request.actor, pk)
    if response := not_post(request):
        return response
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_photo(
                request.actor,
                workshop,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Photo added to the minutes."))
            return redirect(reverse("workshops:minutes", args=[workshop.pk]) + "#photos")
    return _minutes_page(request, workshop, photo_form=form, status=400)


def _photo_file(photo, field: str, content_type: str, filename: str):
    # Read whole (10 MB at most): a streamed file would go through a sync iterator under ASGI.
    try:
        with getattr(photo, field).open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@actor_required(staff=True)
def photo_image(request, pk, photo_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    photo = selectors.get_photo(workshop, photo_pk)
    name = f"{os.path.splitext(photo.original_name)[0] or 'photo'}.{photo.extension}"
    return _photo_file(photo, "image", photo.content_type, name)


@actor_required(staff=True)
def photo_thumbnail(request, pk, photo_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    photo = selectors.get_photo(workshop, photo_pk)
    return _photo_file(photo, "thumbnail", "image/jpeg", f"thumbnail-{photo.pk}.jpg")


@actor_required(staff=True)
def photo_delete(request, pk, photo_pk):
    workshop = selectors.get_workshop(request.actor, pk)
    photo = selectors.get_photo(workshop, photo_pk)
    if response := not_post(request):
        return response
    services.delete_photo(request.actor, photo)
    messages.success(request, _("Photo deleted."))
    return redirect(reverse("workshops:minutes", args=[workshop.pk]) + "#photos")


# --- "Turn into…"


@actor_required(staff=True)
def turn_card(request, pk, card_pk):
    return _turn_into(request, pk, "card", card_pk)


@actor_required(staff=True)
def turn_cluster(request, pk, cluster_pk):
    return _turn_into(request, pk, "cluster", cluster_pk)


def _turn_into(request, pk, kind, source_pk):
    actor = request.actor
    workshop = selectors.get_workshop(actor, pk)
    source = selectors.get_source(workshop, kind, source_pk)
    targets = turn_targets.available(actor, source)
    chosen = request.POST.get("target") if request.method == "POST" else None
    status = 200
    forms = []
    for target in targets:
        bound = target.key == chosen
        form = target.form(request.POST if bound else None, actor=actor, source=source)
        if bound and form.is_valid():
            try:
                obj, url = services.turn_into(actor, target.key, source, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Created from the workshop “%(workshop)s”: %(object)s")
                    % {"workshop": workshop.title, "object": obj},
                )
                return redirect(url)
        if bound:
            status = 400
        forms.append((target, form, bound))
    if chosen is not None and not any(bound for _t, _f, bound in forms):
        messages.error(request, _("Choose what to turn it into."))
        status = 400
    return render(
        request,
        "workshops/turn_into.html",
        {"nav": "workshops", "workshop": workshop, "source": source, "forms": forms},
        status=status,
    )
