"""Event-loop lag: the largest delay of a short timer on the running loop (how long the loop was blocked)."""

from __future__ import annotations

import asyncio

TICK_SECONDS = 0.01


class LoopLag:
    """Use inside a running loop: `with LoopLag() as lag: ...`, then read `lag.worst` (seconds)."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(TICK_SECONDS)
            self.worst = max(self.worst, loop.time() - started - TICK_SECONDS)

    def __enter__(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._watch())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task:
            self._task.cancel()
