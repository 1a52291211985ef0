"""The bare baseline of bench/live_board.py: a Channels consumer that only rebroadcasts each
frame to the board's group, with no identity, no validation and no persistence. Same channel
layer as Liant under the same settings, so the ratio isolates Liant's own work."""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liant.config.settings")
django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


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


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("ws/live/boards/<int:board_id>/", BareConsumer.as_asgi())])}
)
