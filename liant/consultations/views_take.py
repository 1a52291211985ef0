"""Participants' pages (/c/<secret>/, /c/i/<token>/): no account, phone first.

The consultation's secret (public link) or a personal invitation token is the capability;
a cookie then holds the participant's random key. Pages speak the consultation's language.
Nothing here ever shows who wrote or voted what: participants are opaque numbers.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django_ratelimit.decorators import ratelimit

from liant.core.decorators import not_post

from . import routing, selectors, services
from .forms import ProfileForm, StatementForm
from .models import STATEMENT_MAX_LENGTH, Consultation, Invitation, Statement, Vote

COOKIE_MAX_AGE = 180 * 24 * 3600


def cookie_name(consultation: Consultation) -> str:
    return f"liant_consultation_{consultation.pk}"


def _set_cookie(request, response, consultation, participant):
    response.set_cookie(
        cookie_name(consultation), str(participant.key), max_age=COOKIE_MAX_AGE,
        httponly=True, samesite="Lax", secure=request.is_secure(),
    )  # fmt: skip
    return response


def in_consultation_language(view):
    """Look the consultation up by its secret and answer in its language."""

    @wraps(view)
    def wrapper(request, secret, *args, **kwargs):
        consultation = get_object_or_404(
            Consultation.objects.select_related("mission__organization"), secret=secret
        )
        with translation.override(consultation.language):
            return view(request, consultation, *args, **kwargs)

    return wrapper


def _page(request, consultation, template, status=200, **extra):
    return render(
        request,
        f"consultations/take/{template}",
        {"consultation": consultation, "state": services.state(consultation), **extra},
        status=status,
    )


def _participant(request, consultation):
    participant = selectors.participant_by_key(
        consultation, request.COOKIES.get(cookie_name(consultation))
    )
    return participant if selectors.admitted(consultation, participant) else None


@in_consultation_language
def home(request, consultation):
    state = services.state(consultation)
    participant = _participant(request, consultation)
    if participant is None:
        invited_only = consultation.access == Consultation.Access.INVITED
        return _page(request, consultation, "intro.html", status=403 if invited_only else 200,
                     invited_only=invited_only)  # fmt: skip
    if state != "open":
        return _page(request, consultation, "intro.html", participant=participant)
    if consultation.asks_demographics and not participant.profile_done:
        form = ProfileForm(
            consultation=consultation, units=selectors.units(consultation),
            ask_unit=participant.unit_id is None,
        )  # fmt: skip
        if form.fields:
            return _page(request, consultation, "profile.html", form=form)
    return _vote_page(request, consultation, participant)


def _vote_page(request, consultation, participant, *, form=None, similar=None, status=200):
    statement = routing.next_statement(participant)
    return _page(
        request,
        consultation,
        "vote.html",
        status=status,
        participant=participant,
        statement=statement,
        remaining=routing.remaining(participant),
        voted=participant.votes.count(),
        recent=selectors.recent_votes(participant),
        form=form or StatementForm(),
        similar=similar,
        pending_mine=consultation.statements.filter(
            author=participant, status=Statement.Status.PENDING
        ).count(),
        max_length=STATEMENT_MAX_LENGTH,
        AGREE=Vote.AGREE,
        DISAGREE=Vote.DISAGREE,
        PASS=Vote.PASS,
    )


@ratelimit(key="ip", rate="60/m", block=True)
@in_consultation_language
def start(request, consultation):
    if response := not_post(request):
        return response
    if services.state(consultation) != "open":
        return redirect("take:home", consultation.secret)
    key = request.COOKIES.get(cookie_name(consultation))
    try:
        participant = services.join(consultation, key=key)
    except PermissionDenied:
        return _page(request, consultation, "intro.html", status=403, invited_only=True)
    return _set_cookie(
        request, redirect("take:home", consultation.secret), consultation, participant
    )


@ratelimit(key="ip", rate="60/m", block=True)
def invitation(request, token):
    found = Invitation.objects.select_related("consultation", "person").filter(token=token)
    invitation = get_object_or_404(found)
    consultation = invitation.consultation
    with translation.override(consultation.language):
        if invitation.revoked_at is not None:
            return _page(request, consultation, "intro.html", status=403, invited_only=True,
                         revoked=True)  # fmt: skip
        participant = services.join_by_invitation(invitation)
        return _set_cookie(
            request, redirect("take:home", consultation.secret), consultation, participant
        )


@in_consultation_language
def profile(request, consultation):
    participant = _participant(request, consultation)
    if participant is None:
        raise PermissionDenied
    if response := not_post(request):
        return response
    form = ProfileForm(
        request.POST, consultation=consultation, units=selectors.units(consultation),
        ask_unit=participant.unit_id is None,
    )  # fmt: skip
    if not form.is_valid():
        return _page(request, consultation, "profile.html", form=form, status=400)
    unit = form.units.get(form.cleaned_data.get("unit") or "")
    services.save_profile(participant, unit=unit, role=form.cleaned_data.get("role") or "")
    return redirect("take:home", consultation.secret)


@in_consultation_language
def vote(request, consultation):
    participant = _participant(request, consultation)
    if participant is None:
        raise PermissionDenied
    if response := not_post(request):
        return response
    try:
        statement_pk = int(request.POST.get("statement", ""))
        value = int(request.POST.get("value", ""))
    except ValueError:
        return _vote_page(request, consultation, participant, status=400)
    statement = consultation.statements.filter(pk=statement_pk).first()
    if statement is None:
        return _vote_page(request, consultation, participant, status=400)
    try:
        services.cast_vote(participant, statement, value)
    except services.NotOpen:
        return redirect("take:home", consultation.secret)
    except (ValidationError, PermissionDenied):
        return _vote_page(request, consultation, participant, status=400)
    return redirect("take:home", consultation.secret)


@ratelimit(key="ip", rate="60/m", block=True)
@in_consultation_language
def write(request, consultation):
    participant = _participant(request, consultation)
    if participant is None:
        raise PermissionDenied
    if response := not_post(request):
        return response
    form = StatementForm(request.POST)
    if not form.is_valid():
        return _vote_page(request, consultation, participant, form=form, status=400)
    try:
        result = services.submit_statement(
            participant, form.cleaned_data["text"], confirmed=form.cleaned_data["confirmed"]
        )
    except services.NotOpen:
        return redirect("take:home", consultation.secret)
    except ValidationError as error:
        form.add_error("text", error)
        return _vote_page(request, consultation, participant, form=form, status=400)
    if isinstance(result, services.Similar):
        confirm = StatementForm(initial={"text": form.cleaned_data["text"], "confirmed": True})
        return _vote_page(
            request, consultation, participant, form=confirm, similar=result.statements
        )
    return redirect(f"{request.path.rsplit('write/', 1)[0]}?sent={result.status}#write")
