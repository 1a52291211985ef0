"""Participants' pages: the document's secret link is the capability, a cookie is the
identity (no account needed; a staff member who is logged in keeps the same identity on every
device). Nothing here ever shows who wrote a comment or an amendment."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from liant.core.decorators import not_post

from . import selectors, services
from .forms import AmendmentForm, CommentForm, FeedbackForm, VoteForm
from .kinds import words
from .models import Clause, Document

COOKIE_MAX_AGE = 180 * 24 * 3600


def cookie_name(document: Document) -> str:
    return f"liant_doc_{document.pk}"


def _contributor(request, document, *, create: bool):
    key = request.COOKIES.get(cookie_name(document))
    known = selectors.contributor_by_key(document, key)
    if known is not None or not create:
        return known
    return services.join(document, key=key, user=request.user)


def _with_cookie(request, response, document, contributor):
    if contributor is not None:
        response.set_cookie(
            cookie_name(document), str(contributor.key), max_age=COOKIE_MAX_AGE,
            httponly=True, samesite="Lax", secure=request.is_secure(),
        )  # fmt: skip
    return response


def _page(request, document, contributor, *, status=200, clause_pk=None, **forms):
    version = selectors.latest_version(document)
    shown = version
    if document.stage == Document.Stage.PUBLISHED and document.published_version:
        shown = document.published_version
    elif document.stage == Document.Stage.PROTOTYPE and document.tested_version:
        shown = document.tested_version
    rows = selectors.participant_view(document, shown, contributor)
    for row in rows:  # one pair of forms per clause, the refused one filled in again
        failed = row.clause.pk == clause_pk
        row.comment_form = (failed and forms.get("comment_form")) or CommentForm(
            auto_id=f"comment-{row.clause.pk}-%s"
        )
        row.amend_form = (failed and forms.get("amend_form")) or AmendmentForm(
            auto_id=f"amend-{row.clause.pk}-%s"
        )
    context = {
        "document": document,
        "version": shown,
        "words": words(document.kind),
        "rows": rows,
        "window_open": selectors.window_open(document),
        "Stage": Document.Stage,
        "failed_clause": clause_pk,
        "feedback_form": forms.get("feedback_form") or FeedbackForm(),
        "error": forms.get("error"),
        "my_amendments": selectors.my_amendments(contributor),
    }
    response = render(request, "charters/contribute.html", context, status=status)
    return _with_cookie(request, response, document, contributor)


@ratelimit(key="ip", rate="60/m", block=True)
def document(request, secret):
    doc = selectors.document_by_secret(secret)
    return _page(request, doc, _contributor(request, doc, create=False))


def _clause(document, clause_pk) -> Clause:
    return get_object_or_404(
        Clause.objects.select_related("version"), pk=clause_pk, version__document=document
    )


def _after(document, contributor, clause):
    url = reverse("contribute:document", args=[document.secret])
    return redirect(f"{url}#clause-{clause.key}")


@ratelimit(key="ip", rate="60/m", block=True)
def vote(request, secret, clause_pk):
    doc = selectors.document_by_secret(secret)
    clause = _clause(doc, clause_pk)
    if response := not_post(request):
        return response
    form = VoteForm(request.POST)
    contributor = _contributor(request, doc, create=True)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose agree or disagree."))
        services.vote(contributor, clause, form.cleaned_data["value"])
    except ValidationError as error:
        return _page(request, doc, contributor, status=400, clause_pk=clause.pk,
                     error=" ".join(error.messages))  # fmt: skip
    return _with_cookie(request, _after(doc, contributor, clause), doc, contributor)


@ratelimit(key="ip", rate="30/m", block=True)
def comment(request, secret, clause_pk):
    doc = selectors.document_by_secret(secret)
    clause = _clause(doc, clause_pk)
    if response := not_post(request):
        return response
    form = CommentForm(request.POST, auto_id=f"comment-{clause.pk}-%s")
    contributor = _contributor(request, doc, create=True)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["text"])
        services.comment(contributor, clause, form.cleaned_data["text"])
    except ValidationError as error:
        return _page(request, doc, contributor, status=400, clause_pk=clause.pk,
                     comment_form=form, error=" ".join(error.messages))  # fmt: skip
    return _with_cookie(request, _after(doc, contributor, clause), doc, contributor)


@ratelimit(key="ip", rate="30/m", block=True)
def amend(request, secret, clause_pk):
    doc = selectors.document_by_secret(secret)
    clause = _clause(doc, clause_pk)
    if response := not_post(request):
        return response
    form = AmendmentForm(request.POST, auto_id=f"amend-{clause.pk}-%s")
    contributor = _contributor(request, doc, create=True)
    try:
        if not form.is_valid():
            raise ValidationError(_("Check your amendment: %(errors)s") % {
                "errors": " ".join(e for errs in form.errors.values() for e in errs)
            })  # fmt: skip
        services.propose(contributor, clause, **form.cleaned_data)
    except ValidationError as error:
        return _page(request, doc, contributor, status=400, clause_pk=clause.pk,
                     amend_form=form, error=" ".join(error.messages))  # fmt: skip
    return _with_cookie(request, _after(doc, contributor, clause), doc, contributor)


@ratelimit(key="ip", rate="30/m", block=True)
def feedback(request, secret):
    doc = selectors.document_by_secret(secret)
    if response := not_post(request):
        return response
    form = FeedbackForm(request.POST)
    contributor = _contributor(request, doc, create=True)
    try:
        if not form.is_valid():
            raise ValidationError(form.non_field_errors() or _("Check your answer."))
        services.give_feedback(contributor, **form.cleaned_data)
    except ValidationError as error:
        return _page(request, doc, contributor, status=400, feedback_form=form,
                     error=" ".join(error.messages))  # fmt: skip
    url = reverse("contribute:document", args=[doc.secret])
    return _with_cookie(request, redirect(f"{url}?thanks=1#feedback"), doc, contributor)


@ratelimit(key="ip", rate="30/m", block=True)
def invitation(request, token):
    """A personal link: the same contributor on every device, until it is revoked."""
    invited = selectors.invitation_by_token(token)
    if invited is None or not invited.active:
        raise Http404
    doc = selectors.document_by_secret(invited.document.secret)  # a draft stays hidden
    contributor = services.join_by_invitation(invited)
    url = reverse("contribute:document", args=[doc.secret])
    return _with_cookie(request, redirect(url), doc, contributor)
