"""Run "suggest groups" in a separate process.

Loading scikit-learn and the lemmatiser's dictionaries holds the GIL for seconds; done inside
the ASGI worker it would stall every connection of that worker (with Redis, long enough for
their reads to time out). One spawned helper process per worker does it instead.
"""

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from liant.analysis.clustering import suggest_groups

_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _groups(texts: list[str], language: str) -> list[tuple[tuple[int, ...], str]]:
    return [(s.indices, s.label) for s in suggest_groups(texts, language)]


async def suggest(card_ids: list[int], texts: list[str], language: str) -> list[dict]:
    loop = asyncio.get_running_loop()
    found = await loop.run_in_executor(_executor(), _groups, texts, language)
    return [{"label": label, "cards": [card_ids[i] for i in indices]} for indices, label in found]
