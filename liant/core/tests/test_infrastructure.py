"""The configuration under test is the one asked for: SQLite + in-memory, or PostgreSQL +
Redis when LIANT_DATABASE_URL / LIANT_REDIS_URL are set (the second half of `make test`)."""

import os
import uuid

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
    expected = "RedisChannelLayer" if os.environ.get("LIANT_REDIS_URL") else "InMemoryChannelLayer"
    assert type(layer).__name__ == expected
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.send)(channel, {"type": "test.message", "text": "bonjour"})
    assert async_to_sync(layer.receive)(channel)["text"] == "bonjour"


def test_the_cache_stores_and_returns_a_value():
    expected = "RedisCache" if os.environ.get("LIANT_REDIS_URL") else "LocMemCache"
    assert type(caches["default"]).__name__ == expected
    key = f"test-{uuid.uuid4()}"
    cache.set(key, {"n": 1}, 30)
    assert cache.get(key) == {"n": 1}
