"""The replicator's shell: a thread that lists every reachable endpoint, feeds ReplicationPlan, and performs the
copies and deletes it answers; and a small HTTP control API on loopback for tests:

    GET  /status                           {"cycle", "in_sync" (every write copied everywhere, no partition),
                                            "copies_pending", "deletes_pending", "partitioned", "copies", ...}
    POST /partition?endpoint=I&seconds=N   stop replicating endpoint I (0-based) for N seconds (healed after)
    POST /heal?endpoint=I                  replicate endpoint I again now
"""
import http.server
import json
import threading
import time
import urllib.parse

from replication_plan import Copy, ReplicationPlan


class Replicator:
    def __init__(self, endpoints, delay, grace, poll_interval, log=print):
        self.endpoints = endpoints
        self.plan = ReplicationPlan(len(endpoints), delay, grace)
        self.poll_interval = poll_interval
        self.log = log
        self.lock = threading.Lock()
        self.partitioned_until = {}    # endpoint -> monotonic time it heals
        self.cycle = 0
        self.copies = 0
        self.deletes = 0
        self.errors = 0
        self.stopping = threading.Event()

    def partition(self, endpoint, seconds):
        with self.lock:
            self.partitioned_until[endpoint] = time.monotonic() + seconds
        self.log(f"partitioned endpoint {endpoint} for {seconds} s")

    def heal(self, endpoint):
        with self.lock:
            self.partitioned_until.pop(endpoint, None)
        self.log(f"healed endpoint {endpoint}")

    def reachable(self, now):
        with self.lock:
            for endpoint, until in list(self.partitioned_until.items()):
                if until <= now:
                    del self.partitioned_until[endpoint]
                    self.log(f"partition of endpoint {endpoint} ended")
            return set(range(len(self.endpoints))) - set(self.partitioned_until)

    def status(self):
        with self.lock:
            copies_pending = self.plan.copies_pending()
            return {"cycle": self.cycle, "in_sync": copies_pending == 0 and not self.partitioned_until,
                    "copies_pending": copies_pending, "deletes_pending": len(self.plan.pending) - copies_pending,
                    "partitioned": sorted(self.partitioned_until),
                    "copies": self.copies, "deletes": self.deletes, "versions": self.plan.versions_seen,
                    "errors": self.errors}

    def run_cycle(self):
        now, wall = time.monotonic(), time.time()
        reachable = self.reachable(now)
        listed = set()
        for endpoint in sorted(reachable):
            try:
                listing = self.endpoints[endpoint].list()
            except OSError as error:
                self.errors += 1
                self.log(f"listing endpoint {endpoint} failed: {error!r}")
                continue
            with self.lock:
                self.plan.observe(endpoint, listing, now, wall)
            listed.add(endpoint)
        with self.lock:
            self.plan.settle_all()
            actions = self.plan.actions(now, listed)
        bodies = {}
        for action in actions:
            try:
                if isinstance(action, Copy):
                    source = (action.key, action.source)
                    if source not in bodies:
                        bodies[source] = self.endpoints[action.source].get(action.key)
                    if bodies[source] is None:
                        continue  # deleted at the source since the listing: the next listing says so
                    etag = self.endpoints[action.target].put(action.key, bodies[source])
                    with self.lock:
                        self.plan.copied(action, etag)
                        self.copies += 1
                else:
                    self.endpoints[action.target].delete(action.key)
                    with self.lock:
                        self.plan.deleted(action)
                        self.deletes += 1
            except OSError as error:
                self.errors += 1
                self.log(f"{action} failed: {error!r}")
        with self.lock:
            self.cycle += 1

    def run(self):
        while not self.stopping.is_set():
            try:
                self.run_cycle()
            except Exception as error:  # a replicator that stops silently would look like a partition
                self.errors += 1
                self.log(f"replication cycle failed: {error!r}")
            self.stopping.wait(self.poll_interval)


def serve_control(replicator):
    """Starts the control API on an ephemeral loopback port in a daemon thread; returns the port."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, code, value):
            body = json.dumps(value).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if urllib.parse.urlsplit(self.path).path == "/status":
                self._answer(200, replicator.status())
            else:
                self._answer(404, {"error": "unknown path"})

        def do_POST(self):
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            try:
                endpoint = int(query["endpoint"])
                if not 0 <= endpoint < len(replicator.endpoints):
                    raise ValueError("no such endpoint")
                if parts.path == "/partition":
                    replicator.partition(endpoint, float(query["seconds"]))
                elif parts.path == "/heal":
                    replicator.heal(endpoint)
                else:
                    return self._answer(404, {"error": "unknown path"})
            except (KeyError, ValueError) as error:
                return self._answer(400, {"error": repr(error)})
            self._answer(200, replicator.status())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]
