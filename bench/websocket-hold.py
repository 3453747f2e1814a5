#!/usr/bin/env python3
"""Opens WebSocket sessions and holds them, idle, until a file appears.

usage: websocket-hold.py URL SESSIONS STOP_FILE

Opens SESSIONS sessions (at most 100 handshakes in flight), has each send one message and
wait for its echo, prints "held N", then keeps them open until STOP_FILE exists, and closes
them.
"""
import asyncio
import os
import sys

import websockets


async def main(url, sessions, stop_file):
    gate = asyncio.Semaphore(100)

    async def connect():
        async with gate:
            ws = await websockets.connect(url, ping_interval=None, open_timeout=60)
            await ws.send("hello")
            await asyncio.wait_for(ws.recv(), 60)
            return ws

    sockets = await asyncio.gather(*(connect() for _ in range(sessions)))
    print(f"held {len(sockets)}", flush=True)
    while not os.path.exists(stop_file):
        await asyncio.sleep(0.2)
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
