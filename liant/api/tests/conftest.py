import pytest

from liant.api.tokens import create_token


@pytest.fixture
def bearer():
    """``bearer(actor)`` → the HTTP header of a new token of ``actor``."""

    def make(actor, name="Script"):
        _token, key = create_token(actor, name=name)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make
