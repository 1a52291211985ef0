"""Production settings: everything of the defaults, hardened, and no generated secret."""

import os

from django.core.exceptions import ImproperlyConfigured

if not os.environ.get("LIANT_SECRET_KEY"):
    raise ImproperlyConfigured(
        "LIANT_SECRET_KEY must be set in production (e.g. python -c "
        "'import secrets; print(secrets.token_urlsafe(50))')."
    )

from .settings import *  # noqa: E402,F403

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("LIANT_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("LIANT_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
