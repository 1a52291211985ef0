"""The counterpart's page: no account, a signed and expiring link is the capability.

An altered or expired link gets a clear page and stores nothing."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from . import selectors, services, services_rating, signing
from .forms import CounterpartRatingForm, FeedbackItemForm
from .models import PromiseItem


def _invalid(request, reason: str):
    if reason == "reviewed":
        title = _("This review is closed")
        message = _(
            "The review of this service promise has already been held. Thank you: the team "
            "will send you the next version."
        )
        return render(
            request,
            "commitments/feedback_invalid.html",
            {"title": title, "message": message},
            status=410,
        )
    if reason == "expired":
        title = _("This link has expired")
        message = _(
            "Links to give feedback on a service promise are valid for %(days)s days. Ask the "
            "team that sent it for a new one."
        ) % {"days": signing.LINK_DAYS}
    else:
        title = _("This link is not valid")
        message = _(
            "The link is incomplete or has been altered. Copy it again from the message you "
            "received, or ask the team that sent it for a new one."
        )
    return render(
        request,
        "commitments/feedback_invalid.html",
        {"title": title, "message": message},
        status=410 if reason == "expired" else 404,
    )


def _signed_page(read):
    """A public page whose signed token is the capability: the view gets the token's payload;
    an altered or expired link gets a clear page."""

    def decorate(view):
        # Bound guessing and flooding (the signature already makes guessing hopeless).
        @ratelimit(key="ip", rate="30/m", method="POST", block=True)
        @ratelimit(key="ip", rate="120/m", method="GET", block=True)
        @functools.wraps(view)
        def page(request, token):
            try:
                payload = read(token)
            except signing.ExpiredLink:
                return _invalid(request, "expired")
            except signing.BadLink:
                return _invalid(request, "bad")
            return view(request, payload)

        return page

    return decorate


@_signed_page(signing.read_token)
def feedback(request, payload):
    promise = selectors.promise_by_link(payload)
    if promise is None:
        return _invalid(request, "bad")
    items = list(
        promise.items.filter(
            kind__in=[PromiseItem.Kind.EXPECTATION, PromiseItem.Kind.COMMITMENT]
        ).order_by("kind", "position", "pk")
    )
    data = request.POST if request.method == "POST" else None
    rows = [(item, FeedbackItemForm(data, prefix=f"item-{item.pk}")) for item in items]
    status = 200
    error = ""
    if request.method == "POST":
        status = 400
        if all(form.is_valid() for _item, form in rows):
            try:
                services.submit_feedback(
                    payload, promise, {item.pk: form.cleaned_data for item, form in rows}
                )
            except ValidationError as problem:
                if hasattr(problem, "error_dict"):
                    for item, form in rows:
                        for message in problem.error_dict.get(item.pk, []):
                            form.add_error(None, message)
                    error = _("Some answers need a correction: nothing has been saved yet.")
                else:
                    error = " ".join(problem.messages)
            else:
                return render(request, "commitments/feedback_thanks.html", {"promise": promise})
    return render(
        request,
        "commitments/feedback.html",
        {
            "promise": promise,
            "interface": promise.interface,
            "expectations": [r for r in rows if r[0].kind == PromiseItem.Kind.EXPECTATION],
            "commitments": [r for r in rows if r[0].kind == PromiseItem.Kind.COMMITMENT],
            "error": error,
        },
        status=status,
    )


@_signed_page(signing.read_review_token)
def review_rating(request, payload):
    """The client contact rates each commitment of a published version before its review."""
    version = selectors.version_by_link(payload)
    if version is None or not version.commitments:
        return _invalid(request, "bad")
    if services_rating.is_reviewed(version):
        return _invalid(request, "reviewed")
    form = CounterpartRatingForm(
        request.POST if request.method == "POST" else None,
        commitments=version.commitments,
        initial_ratings=selectors.counterpart_ratings(version),
    )
    status = 200
    error = ""
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_rating.submit_counterpart_rating(payload, version, form.answers())
            except ValidationError as problem:
                if hasattr(problem, "error_dict"):
                    for index, messages in problem.error_dict.items():
                        form.add_error(f"rating_{index}", messages)
                    error = _("Some ratings need a correction: nothing has been saved yet.")
                else:
                    error = " ".join(problem.messages)
            else:
                return render(
                    request, "commitments/review_rating_thanks.html", {"version": version}
                )
        else:
            error = _("Some ratings need a correction: nothing has been saved yet.")
    return render(
        request,
        "commitments/review_rating.html",
        {
            "version": version,
            "interface": version.promise.interface,
            "form": form,
            "error": error,
        },
        status=status,
    )
