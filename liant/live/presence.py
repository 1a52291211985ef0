"""How many participants are connected, to a board and to its workshop, now.

Embedded (one process): counted from this process's hubs. Scaled out (Redis): each process
writes the participants it holds into a sorted set per board and per workshop, scored by an
expiry time that its hubs push forward every ``HEARTBEAT_SECONDS``; a participant leaves the
set when their last connection in that process closes, and the entries of a worker that died
expire after ``TTL_SECONDS``. A participant with two tabs counts once.
"""

from __future__ import annotations

import asyncio
import time
import weakref

from django.conf import settings

HEARTBEAT_SECONDS = 10.0
TTL_SECONDS = 30.0


def _board_key(board_id: int) -> str:
    return f"liant:presence:board:{board_id}"


def _workshop_key(workshop_id: int) -> str:
    return f"liant:presence:workshop:{workshop_id}"


class LocalPresence:
    """One process sees everyone: count from its hubs."""

    async def publish(self, hub) -> None:
        pass

    async def refresh(self, hub) -> None:
        pass

    async def counts(self, hub) -> tuple[int, int]:
        from .hub import hubs_of_workshop

        workshop: set[int] = set()
        for other in hubs_of_workshop(hub.workshop_id):
            workshop |= set(other.people)
        return len(hub.people), len(workshop)


class RedisPresence:
    def __init__(self, url: str):
        import redis.asyncio

        self.redis = redis.asyncio.Redis.from_url(url)

    def _workshop_people(self, hub) -> set[int]:
        from .hub import hubs_of_workshop

        people: set[int] = set()
        for other in hubs_of_workshop(hub.workshop_id):
            if not other.closed:
                people |= set(other.people)
        return people

    async def publish(self, hub) -> None:
        """Write who this process holds on the hub's board (and workshop) now."""
        expires = time.time() + TTL_SECONDS
        here = set() if hub.closed else set(hub.people)
        in_workshop = self._workshop_people(hub)
        board_key, workshop_key = _board_key(hub.board_id), _workshop_key(hub.workshop_id)
        known = hub.published
        async with self.redis.pipeline(transaction=False) as pipe:
            gone = known - here
            if gone:
                pipe.zrem(board_key, *gone)
            gone_from_workshop = gone - in_workshop
            if gone_from_workshop:
                pipe.zrem(workshop_key, *gone_from_workshop)
            if here:
                mapping = dict.fromkeys(here, expires)
                pipe.zadd(board_key, mapping)
                pipe.zadd(workshop_key, mapping)
            pipe.expire(board_key, int(TTL_SECONDS * 4))
            pipe.expire(workshop_key, int(TTL_SECONDS * 4))
            await pipe.execute()
        hub.published = here

    async def refresh(self, hub) -> None:
        await self.publish(hub)

    async def counts(self, hub) -> tuple[int, int]:
        now = time.time()
        board_key, workshop_key = _board_key(hub.board_id), _workshop_key(hub.workshop_id)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zremrangebyscore(board_key, "-inf", now)
            pipe.zremrangebyscore(workshop_key, "-inf", now)
            pipe.zcard(board_key)
            pipe.zcard(workshop_key)
            _, _, board, workshop = await pipe.execute()
        return board, workshop


_backends: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def backend() -> LocalPresence | RedisPresence:
    """The backend of this event loop (a Redis connection belongs to one loop)."""
    loop = asyncio.get_running_loop()
    if loop not in _backends:
        url = getattr(settings, "REDIS_URL", "")
        _backends[loop] = RedisPresence(url) if url else LocalPresence()
    return _backends[loop]
