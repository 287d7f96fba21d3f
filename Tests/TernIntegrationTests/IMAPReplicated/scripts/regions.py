#!/usr/bin/env python3
"""Geo-replicated S3 on loopback: one moto server per region, kept in sync by an asynchronous replicator
(replicator.py), each optionally behind a latency proxy (the two-frontend tests' latency_proxy.py).

    regions.py [--regions 3] [--delay-ms 1000] [--grace-s 30] [--latency-ms 40] [--poll-ms 200] [--bucket tern-test]
Prints "regions-ready control=PORT storage=HOST:PORT,... direct=HOST:PORT,... logs=DIR" once every server is up and
the bucket exists everywhere: `storage` is what a region's frontend should use (through its proxy), `direct` the
moto servers themselves; DIR holds the servers' logs and replicator.log. Runs until SIGTERM or SIGINT, then stops
what it started (its children also die with it).

Deletes are replicated, but only after --grace-s (default 30 s, far above the copy delay): a real geo-replicated
store does propagate them, and never propagating would leave objects Tern has retired (imported incoming
messages, compacted log rows) visible in the other regions for ever, hiding what a real store would show; the
grace period keeps a delete from ever overtaking the copy of the object it deletes.
"""
import argparse
import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from replicator import Replicator, serve_control
from s3_plain import S3Endpoint

LATENCY_PROXY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "IMAPMultiFrontend", "scripts",
                             "latency_proxy.py")


def die_with_parent():
    """In a child: SIGTERM when this launcher dies, even by SIGKILL (Linux prctl PR_SET_PDEATHSIG)."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_ready(port, process, log, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            # moto's own dashboard: not an AWS action.
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"regions.py: moto on port {port} did not start (see {log})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=3)
    parser.add_argument("--delay-ms", type=float, default=1000)
    parser.add_argument("--grace-s", type=float, default=30)
    parser.add_argument("--latency-ms", type=float, default=40)
    parser.add_argument("--poll-ms", type=float, default=200)
    parser.add_argument("--bucket", default="tern-test")
    args = parser.parse_args()
    logs = tempfile.mkdtemp(prefix="tern-regions-")
    children = []

    def stop(*_):
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    direct = []
    for region in range(args.regions):
        port = free_port()
        log = os.path.join(logs, f"moto-{region}.log")
        children.append(subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                                         stdout=open(log, "wb"), stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, preexec_fn=die_with_parent))
        direct.append((port, children[-1], log))
    for port, process, log in direct:
        wait_ready(port, process, log)
    endpoints = [S3Endpoint(f"127.0.0.1:{port}", args.bucket) for port, _, _ in direct]
    for endpoint in endpoints:
        endpoint.create_bucket()

    storage = []
    for port, _, _ in direct:
        if args.latency_ms <= 0:
            storage.append(f"127.0.0.1:{port}")
            continue
        proxy = subprocess.Popen([sys.executable, LATENCY_PROXY, "--target", f"127.0.0.1:{port}", "--min-ms",
                                  str(args.latency_ms), "--max-ms", str(args.latency_ms)],
                                 stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent)
        children.append(proxy)
        ready = proxy.stdout.readline().decode().split()
        if len(ready) != 2 or ready[0] != "proxy-ready":
            raise SystemExit(f"regions.py: latency proxy for port {port} did not start")
        storage.append(f"127.0.0.1:{ready[1]}")

    replicator_log = open(os.path.join(logs, "replicator.log"), "a", buffering=1)
    replicator = Replicator(endpoints, args.delay_ms / 1000, args.grace_s, args.poll_ms / 1000,
                            log=lambda line: replicator_log.write(f"{time.strftime('%H:%M:%S')} {line}\n"))
    threading.Thread(target=replicator.run, daemon=True).start()
    control = serve_control(replicator)
    print(f"regions-ready control={control} storage={','.join(storage)} "
          f"direct={','.join(f'127.0.0.1:{port}' for port, _, _ in direct)} logs={logs}", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
