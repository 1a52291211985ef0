"""Bearer authentication with personal tokens, and a rate limit per token."""

from __future__ import annotations

from django.conf import settings
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from . import tokens


class TokenAuth(HttpBearer):
    """``Authorization: Bearer lnt_…`` → the token's ``Actor`` (``request.auth``)."""

    openapi_description = "A personal API token (Account → API tokens)."

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None:
            return None
        actor, api_token = found
        request.actor = actor  # what the selectors and services act as
        request.api_token = api_token
        return actor


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (per address before authentication), at ``LIANT_API_RATE``.

    The rate is read at each request so that tests and operators can change it."""

    scope = "api"

    def __init__(self):
        super().__init__(rate=settings.LIANT_API_RATE)

    def allow_request(self, request) -> bool:
        if not getattr(settings, "RATELIMIT_ENABLE", True):
            return True
        self.rate = settings.LIANT_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        token = getattr(request, "api_token", None)
        ident = f"token-{token.pk}" if token else f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
