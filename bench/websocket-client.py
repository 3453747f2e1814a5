#!/usr/bin/env python3
"""Drives WebSocket echo sessions and prints one CSV line of figures.

usage: websocket-client.py URL SESSIONS MESSAGES

Opens SESSIONS sessions (at most 100 handshakes in flight), then has every session send
MESSAGES messages one after the other, each waiting for its echo, all sessions at once.
Prints: sessions,connect_per_s,messages,answered,rtt_p50_ms,rtt_p99_ms,messages_per_s,failures
"""
import asyncio
import sys
import time

import websockets


async def main(url, sessions, messages):
    gate = asyncio.Semaphore(100)
    failures = 0

    async def connect():
        nonlocal failures
        async with gate:
            try:
                return await websockets.connect(url, ping_interval=None, open_timeout=60, max_queue=None)
            except Exception as ex:  # noqa: BLE001 - counted, reported
                failures += 1
                print(f"connect failed: {ex!r}", file=sys.stderr)
                return None

    start = time.perf_counter()
    sockets = [s for s in await asyncio.gather(*(connect() for _ in range(sessions))) if s is not None]
    connect_seconds = time.perf_counter() - start
    rtts = []

    async def talk(index, ws):
        nonlocal failures
        for n in range(messages):
            text = f"session {index} message {n}"
            sent = time.perf_counter()
            try:
                await ws.send(text)
                answer = await asyncio.wait_for(ws.recv(), 60)
            except Exception as ex:  # noqa: BLE001
                failures += 1
                print(f"session {index}: {ex!r}", file=sys.stderr)
                return
            rtts.append(time.perf_counter() - sent)
            if answer != text:
                failures += 1

    start = time.perf_counter()
    await asyncio.gather(*(talk(i, ws) for i, ws in enumerate(sockets)))
    talk_seconds = time.perf_counter() - start
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    rtts.sort()

    def quantile(q):
        return rtts[min(len(rtts) - 1, int(q * len(rtts)))] * 1000 if rtts else float("nan")

    print(f"{len(sockets)},{len(sockets) / connect_seconds:.1f},{sessions * messages},{len(rtts)},"
          f"{quantile(0.5):.2f},{quantile(0.99):.2f},{len(rtts) / talk_seconds:.0f},{failures}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
