#!/usr/bin/env python3
"""A client of the replicator's control API (replicator.py).

    replication_control.py PORT wait-in-sync [TIMEOUT]   exit 0 once nothing is left to copy, 1 at the timeout
"""
import json
import sys
import time
import urllib.request


class Control:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def status(self):
        with urllib.request.urlopen(self.base + "/status", timeout=60) as response:
            return json.loads(response.read())

    def partition(self, endpoint, seconds):
        request = urllib.request.Request(f"{self.base}/partition?endpoint={endpoint}&seconds={seconds}",
                                         data=b"", method="POST")
        urllib.request.urlopen(request, timeout=60).read()

    def wait_in_sync(self, timeout):
        """True once two whole replication cycles that began after this call found nothing left to copy."""
        deadline = time.monotonic() + timeout
        start = self.status()["cycle"]
        while time.monotonic() < deadline:
            status = self.status()
            if status["cycle"] >= start + 2 and status["in_sync"]:
                return True
            time.sleep(0.2)
        return False


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[2] != "wait-in-sync":
        sys.exit(__doc__)
    in_sync = Control(int(sys.argv[1])).wait_in_sync(float(sys.argv[3]) if len(sys.argv) > 3 else 120)
    print("in-sync" if in_sync else "not in sync at the timeout")
    sys.exit(0 if in_sync else 1)
