"""Group commit: a board's commands, from every connection of this process, applied several
per transaction.

Each command used to cost its own thread hop, replay lookup and commit (a disk flush); on a
busy board (1,000 people voting) they queued behind each other on the one database thread.
Here a connection hands its command over and waits; one task per board takes everything
queued while the previous group was being written and applies it with
``protocol.apply_many``: one hop, one lookup and one commit per group, in arrival order.
The new events then go to the board's group in one channel-layer message, so that they are
broadcast even if their sender has gone meanwhile.
"""

from __future__ import annotations

import asyncio

from channels.db import database_sync_to_async

from . import protocol

MAX_GROUP = 100  # commands per transaction: bounds how long the board's lock is held


class GroupCommit:
    def __init__(self, board_id: int, layer, group: str):
        self.board_id = board_id
        self.layer = layer
        self.group = group
        self.queue: list[tuple[tuple, asyncio.Future]] = []
        self.wake = asyncio.Event()
        self.task: asyncio.Task | None = None

    async def submit(self, who: protocol.Who, frame: dict, language: str | None):
        """(event, created) once the command is stored; raises its ``CommandError``."""
        future = asyncio.get_running_loop().create_future()
        self.queue.append(((who, frame, language), future))
        self.wake.set()
        if self.task is None:
            self.task = asyncio.create_task(self.run())
        return await future

    def stop(self):
        if self.task:
            self.task.cancel()

    async def run(self):
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.queue:
                group, self.queue = self.queue[:MAX_GROUP], self.queue[MAX_GROUP:]
                await self.commit(group)

    async def commit(self, group):
        commands = [command for command, _future in group]
        try:
            results = await database_sync_to_async(protocol.apply_many)(self.board_id, commands)
        except Exception as error:  # the database failed: every sender hears of it
            for _command, future in group:
                if not future.done():
                    future.set_exception(error)
            return
        created = []
        for (_command, future), result in zip(group, results, strict=True):
            if isinstance(result, protocol.CommandError):
                if not future.done():
                    future.set_exception(result)
                continue
            if not future.done():
                future.set_result(result)
            event, is_new = result
            if is_new:
                created.append({"seq": event.seq, "kind": event.kind, "payload": event.payload})
        if created:
            await asyncio.sleep(0)  # the senders' acks go out before their events
            await self.layer.group_send(self.group, {"type": "board.events", "events": created})
