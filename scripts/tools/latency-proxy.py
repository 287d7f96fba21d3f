#!/usr/bin/env python3
"""A loopback TCP proxy that delays every byte by a fixed one-way latency in each direction.

Used by the multi-frontend tests to put one Tern process "far" from the storage (30-40 ms round
trip, a Paris-Warsaw link): `latency-proxy.py --listen 127.0.0.1:0 --target 127.0.0.1:PORT
--one-way-ms 17`. It prints `port=N` once listening. Data order is kept per direction; the delay is
applied per chunk as it arrives (a chunk leaves `one-way-ms` after it came in), so throughput is not
throttled, only latency added. Jitter (uniform, +/- `--jitter-ms`) models a real link.
"""
import argparse
import asyncio
import random
import sys


async def pump(reader, writer, delay, jitter, rng):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue(maxsize=1024)  # bounded: back-pressure instead of unbounded buffering

    async def sender():
        try:
            while True:
                due, data = await queue.get()
                if data is None:
                    break
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    task = asyncio.create_task(sender())
    last_due = 0.0
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            # Never reorder: a chunk is due no earlier than the previous one.
            last_due = max(last_due, loop.time() + max(0.0, delay + rng.uniform(-jitter, jitter)))
            await queue.put((last_due, data))
    except ConnectionError:
        pass
    await queue.put((loop.time(), None))
    await task


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", default="127.0.0.1:0")
    parser.add_argument("--target", required=True)
    parser.add_argument("--one-way-ms", type=float, default=17.5)
    parser.add_argument("--jitter-ms", type=float, default=2.5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    listen_host, listen_port = args.listen.rsplit(":", 1)
    target_host, target_port = args.target.rsplit(":", 1)
    delay, jitter = args.one_way_ms / 1000, args.jitter_ms / 1000
    rng = random.Random(args.seed)

    async def handle(client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(target_host, int(target_port))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            pump(client_reader, upstream_writer, delay, jitter, rng),
            pump(upstream_reader, client_writer, delay, jitter, rng),
        )

    server = await asyncio.start_server(handle, listen_host, int(listen_port))
    port = server.sockets[0].getsockname()[1]
    print(f"port={port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
