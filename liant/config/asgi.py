"""ASGI entry point: HTTP through Django, websockets through Channels (routes of `liant.live`)."""

import os
import sys

# Database work runs in one thread beside the event loop, and gives up the GIL at every
# SQLite or PostgreSQL call; with the default 5 ms switch interval, each call can then wait
# 5 ms for a busy loop to let go (a command of ~10 calls took 50 ms under load). 1 ms keeps
# the loop responsive and the commands flowing.
sys.setswitchinterval(0.001)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liant.config.settings")

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402

from liant.live.direct_send import DirectSendMiddleware  # noqa: E402
from liant.live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": DirectSendMiddleware(
            AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
