"""Pages of personal API tokens: list, create (the secret shown once), revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liant.core.decorators import actor_required, not_post

from . import tokens
from .forms import TokenForm


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@actor_required
def token_list(request):
    actor = request.actor
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = tokens.create_token(actor, name=form.cleaned_data["name"])
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": tokens.token_list(actor),
            "new_key": new_key,
            "docs_url": reverse("api_v1:openapi-view"),
            "nav": "tokens",
        },
    )
    if new_key:
        response["Cache-Control"] = "no-store"  # the secret must not linger in a cache
    return response


@actor_required
def token_revoke(request, api_token_pk: int):
    token = tokens.get_token(request.actor, api_token_pk)
    if response := not_post(request):
        return response
    tokens.revoke_token(request.actor, token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
