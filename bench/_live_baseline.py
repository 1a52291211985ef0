"""The bare baselines of bench/live_board.py: Channels consumers that only rebroadcast each
frame to the board's group, with no identity, no validation and no persistence, on the same
channel layer as Liant under the same settings.

- ``/ws/live/boards/<id>/`` (**bare**): the textbook relay, one channel-layer message and one
  websocket frame per event per connection (what DESIGN.md measured).
- ``/ws/bare-batched/boards/<id>/`` (**bare batched**): the same relay with Liant's delivery
  scheme (one layer subscription per board per process, frames coalesced every
  ``hub.flush_interval``, paced by the measured fan-out cost, serialised once), so that the
  ratio to it isolates the cost of Liant's own work (permissions, validation, persistence,
  ordering, projections).
"""

import asyncio
import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liant.config.settings")
django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from liant.live import hub  # noqa: E402


class BareConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.group = f"bare-{self.scope['url_route']['kwargs']['board_id']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        text = json.loads(text_data)["text"]
        await self.channel_layer.group_send(self.group, {"type": "relay", "text": text})

    async def relay(self, message):
        await self.send(text_data=json.dumps({"text": message["text"]}))


class Relay:
    """One per board per process: one subscription, batched frames."""

    hubs: dict[str, "Relay"] = {}

    def __init__(self, group):
        self.group, self.consumers, self.ready = group, set(), []
        self.wake, self.last, self.cost = asyncio.Event(), 0.0, 0.0

    async def start(self):
        self.layer = get_channel_layer()
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.tasks = [asyncio.create_task(self.listen()), asyncio.create_task(self.flush())]

    async def listen(self):
        while True:
            message = await self.layer.receive(self.channel)
            self.ready.append(message["text"])
            self.wake.set()

    async def flush(self):
        loop = asyncio.get_running_loop()
        while True:
            await self.wake.wait()
            self.wake.clear()
            delay = self.last + hub.flush_interval(len(self.consumers), self.cost) - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self.last = loop.time()
            texts, self.ready = self.ready, []
            frame = json.dumps({"texts": texts})
            started = loop.time()
            for i, consumer in enumerate(list(self.consumers)):
                if i and i % hub.YIELD_EVERY == 0:
                    await asyncio.sleep(0)
                await consumer.send(text_data=frame)
            self.cost = hub.smoothed_cost(self.cost, loop.time() - started)


class BatchedBareConsumer(AsyncWebsocketConsumer):
    channel_layer_alias = None

    async def connect(self):
        group = f"bare-batched-{self.scope['url_route']['kwargs']['board_id']}"
        self.relay = Relay.hubs.get(group)
        if self.relay is None:
            self.relay = Relay.hubs[group] = Relay(group)
            await self.relay.start()
        self.relay.consumers.add(self)
        await self.accept()

    async def disconnect(self, code):
        self.relay.consumers.discard(self)

    async def receive(self, text_data=None, bytes_data=None):
        text = json.loads(text_data)["text"]
        await get_channel_layer().group_send(self.relay.group, {"type": "relay", "text": text})


application = ProtocolTypeRouter(
    {
        "websocket": URLRouter(
            [
                path("ws/live/boards/<int:board_id>/", BareConsumer.as_asgi()),
                path("ws/bare-batched/boards/<int:board_id>/", BatchedBareConsumer.as_asgi()),
            ]
        )
    }
)
