#!/usr/bin/env python3
"""A loopback TCP proxy that delays every chunk, in both directions, by a random 30-40 ms (uniform).

    latency_proxy.py --target HOST:PORT [--min-ms 30 --max-ms 40] [--seed N]
Prints "proxy-ready PORT" once listening on 127.0.0.1 (ephemeral port); runs until killed.
Order within one direction is kept (each chunk waits for the one before it).
"""
import argparse
import asyncio
import random


async def pipe(reader, writer, rng, low, high):
    queue = asyncio.Queue()

    async def delayed_writer():
        while True:
            due, data = await queue.get()
            delay = due - asyncio.get_running_loop().time()
            if delay > 0:
                await asyncio.sleep(delay)
            if data is None:
                writer.close()
                return
            writer.write(data)
            await writer.drain()

    task = asyncio.create_task(delayed_writer())
    try:
        while True:
            data = await reader.read(65536)
            due = asyncio.get_running_loop().time() + rng.uniform(low, high)
            await queue.put((due, data or None))
            if not data:
                break
    except (ConnectionResetError, BrokenPipeError):
        await queue.put((0, None))
    await task


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--min-ms", type=float, default=30)
    parser.add_argument("--max-ms", type=float, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    rng = random.Random(args.seed)
    low, high = args.min_ms / 1000, args.max_ms / 1000

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer, rng, low, high),
                             pipe(server_reader, client_writer, rng, low, high), return_exceptions=True)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(f"proxy-ready {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
