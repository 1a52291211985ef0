"""The embedded channel layer: Channels' in-memory layer, with its expiry sweep throttled.

The stock layer sweeps every channel and group on each ``receive``; with one connection per
participant that is O(participants) work per delivered message, O(n²) per card on a board of
n people. Sweeping at most once a second keeps expiry (60 s by default) just as effective.
"""

import time

from channels.layers import InMemoryChannelLayer


class ThrottledInMemoryChannelLayer(InMemoryChannelLayer):
    SWEEP_INTERVAL_SECONDS = 1.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._last_sweep = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._last_sweep >= self.SWEEP_INTERVAL_SECONDS:
            self._last_sweep = now
            super()._clean_expired()
