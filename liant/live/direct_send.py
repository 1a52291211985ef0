"""The server's own ``send`` for the board's fan-out, past Channels' session middleware.

Channels' ``SessionMiddleware`` wraps ``send`` to save the session on HTTP responses, and looks
at the session on every message to do so, websocket frames included. A board's hub sends each
frame to every connection: at 1,000 connections that look was a tenth of the fan-out's time.
This middleware, outside the others, keeps the server's ``send`` in the scope; a websocket
frame has no session to save, so sending it there directly changes nothing else.
"""

SCOPE_KEY = "liant.direct_send"


class DirectSendMiddleware:
    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        return await self.inner({**scope, SCOPE_KEY: send}, receive, send)
