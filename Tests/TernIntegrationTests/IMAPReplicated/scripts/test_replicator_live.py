"""The replicator against two real moto servers (regions.py, no latency proxy):
python3 -m unittest test_replicator_live. Needs moto_server on PATH.

No assertion depends on timing: "not copied yet" is checked only when the check provably ran before the delay was
over (on a starved machine it is skipped), and waits for copies have generous deadlines."""
import json
import os
import signal
import subprocess
import sys
import time
import unittest
import urllib.request

from s3_plain import S3Endpoint

DELAY, GRACE = 2.0, 6.0
HERE = os.path.dirname(os.path.abspath(__file__))


class ReplicatorLiveTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "regions.py"), "--regions", "2", "--latency-ms", "0",
             "--delay-ms", str(DELAY * 1000), "--grace-s", str(GRACE), "--poll-ms", "100"],
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
        fields = dict(part.split("=", 1) for part in cls.process.stdout.readline().decode().split()[1:])
        cls.control = f"http://127.0.0.1:{fields['control']}"
        cls.log = os.path.join(fields["logs"], "replicator.log")
        cls.regions = [S3Endpoint(address, "tern-test") for address in fields["direct"].split(",")]

    @classmethod
    def tearDownClass(cls):
        cls.process.terminate()
        try:
            cls.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass  # a starved launcher can hold its SIGTERM handler past a minute
        # Whatever is left of the launcher's group (its moto servers) goes too: nothing may outlive the test.
        try:
            os.killpg(cls.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        cls.process.wait(timeout=30)

    def status(self):
        with urllib.request.urlopen(self.control + "/status", timeout=30) as response:
            return json.loads(response.read())

    def post(self, path):
        request = urllib.request.Request(self.control + path, data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def wait_for(self, condition, what, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        log = "".join(open(self.log).readlines()[-20:]) if os.path.exists(self.log) else ""
        self.fail(f"timed out waiting for {what}; status {self.status()}; replicator log:\n{log}")

    def cycles_after(self, seconds):
        """Returns once the replicator completed two full cycles that began `seconds` from now or later."""
        time.sleep(seconds)
        start = self.status()["cycle"]
        self.wait_for(lambda: self.status()["cycle"] >= start + 2, "two replication cycles")

    def test_objects_are_copied_both_ways_after_the_delay(self):
        written = time.monotonic()
        self.regions[0].put("live/a", b"from region 0")
        self.regions[1].put("live/b", b"from region 1")
        absent = self.regions[1].get("live/a")
        if time.monotonic() - written < DELAY:
            self.assertIsNone(absent, "copied before the delay")
        self.wait_for(lambda: self.regions[1].get("live/a") == b"from region 0", "live/a in region 1")
        self.wait_for(lambda: self.regions[0].get("live/b") == b"from region 1", "live/b in region 0")

    def test_a_changed_object_replaces_the_older_copy(self):
        self.regions[0].put("live/changed", b"one")
        self.wait_for(lambda: self.regions[1].get("live/changed") == b"one", "first version")
        time.sleep(1.1)  # moto stamps whole seconds: the change must be a later second to win
        self.regions[1].put("live/changed", b"two")
        self.wait_for(lambda: self.regions[0].get("live/changed") == b"two", "second version in region 0")
        self.cycles_after(DELAY)
        self.assertEqual(self.regions[1].get("live/changed"), b"two")

    def test_a_partitioned_region_gets_and_gives_nothing_until_healed(self):
        self.post("/partition?endpoint=1&seconds=600")
        try:
            self.regions[0].put("live/p0", b"written in region 0 during the partition")
            self.regions[1].put("live/p1", b"written in region 1 during the partition")
            self.cycles_after(DELAY + 0.5)
            self.assertIsNone(self.regions[1].get("live/p0"))
            self.assertIsNone(self.regions[0].get("live/p1"))
            self.assertFalse(self.status()["in_sync"])
        finally:
            self.post("/heal?endpoint=1")
        self.wait_for(lambda: self.regions[1].get("live/p0") is not None, "live/p0 after healing")
        self.wait_for(lambda: self.regions[0].get("live/p1") is not None, "live/p1 after healing")

    def test_a_delete_reaches_the_other_region_only_after_the_grace_period(self):
        self.regions[0].put("live/deleted", b"short-lived")
        self.wait_for(lambda: self.regions[1].get("live/deleted") is not None, "the copy")
        deleted = time.monotonic()
        self.regions[0].delete("live/deleted")
        self.cycles_after(DELAY + 0.5)
        still_there = self.regions[1].get("live/deleted")
        if time.monotonic() - deleted < GRACE:
            self.assertEqual(still_there, b"short-lived", "deleted before the grace period")
        self.wait_for(lambda: self.regions[1].get("live/deleted") is None, "the delete after the grace period")
        self.wait_for(lambda: self.status()["deletes_pending"] == 0, "the delete settled everywhere")


if __name__ == "__main__":
    unittest.main()
