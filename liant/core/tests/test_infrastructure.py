"""The configuration under test is the one asked for: SQLite + in-memory, or PostgreSQL +
Redis when LIANT_DATABASE_URL / LIANT_REDIS_URL are set (the second half of `make test`)."""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache, caches
from django.db import connection


@pytest.mark.django_db
def test_the_database_is_the_configured_one():
    expected = "postgresql" if os.environ.get("LIANT_DATABASE_URL") else "sqlite"
    assert connection.vendor == expected


def test_the_channel_layer_carries_a_message():
    layer = get_channel_layer()
    expected = (
        "RedisChannelLayer"
        if os.environ.get("LIANT_REDIS_URL")
        else "ThrottledInMemoryChannelLayer"
    )
    assert type(layer).__name__ == expected

    async def round_trip():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "test.message", "text": "bonjour"})
        return await layer.receive(channel)

    # On its own thread: Playwright's sync API may hold this thread's event loop.
    with ThreadPoolExecutor(max_workers=1) as executor:
        assert executor.submit(async_to_sync(round_trip)).result()["text"] == "bonjour"


def test_the_cache_stores_and_returns_a_value():
    expected = "RedisCache" if os.environ.get("LIANT_REDIS_URL") else "LocMemCache"
    assert type(caches["default"]).__name__ == expected
    key = f"test-{uuid.uuid4()}"
    cache.set(key, {"n": 1}, 30)
    assert cache.get(key) == {"n": 1}
