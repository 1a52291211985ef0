import pytest

from liant.api.tokens import create_token

API = "/api/v1"


@pytest.fixture
def bearer():
    """``bearer(actor)`` → the HTTP header of a new token of ``actor``."""

    def make(actor, name="Script"):
        _token, key = create_token(actor, name=name)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make


@pytest.fixture
def api_client(client, owner, bearer):
    """``api_client(method, path, data)``: a request of the workspace owner's token to
    ``/api/v1`` + ``path`` (JSON bodies)."""
    header = bearer(owner)

    def call(method, path, data=None, **extra):
        kwargs = {"content_type": "application/json"} if method in ("post", "patch") else {}
        return getattr(client, method)(API + path, data, **kwargs, **header, **extra)

    return call
