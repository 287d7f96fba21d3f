"""What an asynchronous multi-master replicator must do, as pure logic (no sockets, no clock): fed the listings of
its endpoints, it answers which objects to copy or delete where, and when.

Model (that of a geo-replicated S3 such as Ceph multisite or Garage): every endpoint takes writes; a write
becomes a *version* of its key, stamped (last-modified, time first seen, endpoint), and the newest stamp wins
(last writer wins). A version is copied to the other endpoints `delay` seconds after the replicator first saw it.
A delete is a version too (a tombstone), applied elsewhere only after `grace` seconds, and only to copies of the
version it deleted or older ones: a write that is newer than the delete survives it, and nothing is deleted before
the grace period is over. An endpoint that is partitioned is neither listed nor written: its writes are seen, and
what it missed is copied, once it is healed.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Version:
    number: int        # unique, in the order the replicator learned of versions
    stamp: tuple       # (last-modified seconds, first seen at, endpoint): the newest wins
    origin: int        # the endpoint that took the write
    deleted: bool      # a tombstone
    due: float         # when it may be copied (or applied, for a tombstone)


@dataclass(frozen=True)
class Copy:
    key: str
    source: int
    target: int
    version: int


@dataclass(frozen=True)
class Delete:
    key: str
    target: int
    version: int       # the tombstone's number


class ReplicationPlan:
    def __init__(self, endpoints, delay, grace):
        self.endpoints = endpoints
        self.delay = delay
        self.grace = grace
        self.winner = {}                               # key -> Version
        self.holds = [{} for _ in range(endpoints)]    # per endpoint: key -> (version number, etag, stamp)
        self.pending = set()                           # keys whose winner is not yet on every endpoint
        self.next_number = 1
        self.versions_seen = 0

    def _new_version(self, stamp, origin, deleted, due):
        version = Version(self.next_number, stamp, origin, deleted, due)
        self.next_number += 1
        self.versions_seen += 1
        return version

    def observe(self, endpoint, listing, now, wall):
        """Takes one complete listing {key: (etag, last-modified)} of `endpoint`, read at monotonic time `now` and
        wall-clock time `wall`: objects with an etag the replicator did not put there are local writes, keys it
        knew that are missing are local deletes."""
        holds = self.holds[endpoint]
        for key, (etag, modified) in listing.items():
            held = holds.get(key)
            if held is not None and held[1] == etag:
                continue
            version = self._new_version((modified, wall, endpoint), endpoint, False, now + self.delay)
            holds[key] = (version.number, etag, version.stamp)
            current = self.winner.get(key)
            if current is None or version.stamp > current.stamp:
                self.winner[key] = version
            self.pending.add(key)
        for key in [key for key in holds if key not in listing]:
            number = holds.pop(key)[0]
            current = self.winner.get(key)
            # A delete removes the version it saw; if a newer one exists it is copied back here.
            if current is not None and not current.deleted and current.number == number:
                self.winner[key] = self._new_version((wall, wall, endpoint), endpoint, True, now + self.grace)
            self.pending.add(key)

    def actions(self, now, reachable):
        """The copies and deletes that are due, between reachable endpoints only."""
        due = []
        for key in sorted(self.pending):
            version = self.winner[key]
            if version.due > now:
                continue
            if version.deleted:
                for target in sorted(reachable):
                    held = self.holds[target].get(key)
                    if held is not None and held[2] < version.stamp:
                        due.append(Delete(key, target, version.number))
                continue
            sources = [e for e in sorted(reachable) if self.holds[e].get(key, (None,))[0] == version.number]
            if not sources:
                continue
            source = version.origin if version.origin in sources else sources[0]
            for target in sorted(reachable):
                if self.holds[target].get(key, (None,))[0] != version.number:
                    due.append(Copy(key, source, target, version.number))
        return due

    def copied(self, action, etag):
        """`action` was performed: the target now holds that version, with this etag."""
        self.holds[action.target][action.key] = (action.version, etag, self.winner_stamp(action))
        self._settle(action.key)

    def deleted(self, action):
        held = self.holds[action.target].get(action.key)
        tombstone = self.winner.get(action.key)
        if held is not None and tombstone is not None and tombstone.deleted and held[2] < tombstone.stamp:
            del self.holds[action.target][action.key]
        self._settle(action.key)

    def winner_stamp(self, action):
        version = self.winner.get(action.key)
        return version.stamp if version is not None and version.number == action.version else (0.0, 0.0, -1)

    def _settle(self, key):
        version = self.winner.get(key)
        if version is None:
            self.pending.discard(key)
        elif version.deleted:
            if all(holds.get(key, (0, 0, version.stamp))[2] >= version.stamp for holds in self.holds):
                self.pending.discard(key)
                del self.winner[key]
        elif all(holds.get(key, (None,))[0] == version.number for holds in self.holds):
            self.pending.discard(key)

    def settle_all(self):
        """Re-checks every pending key (after listings changed what the endpoints hold)."""
        for key in list(self.pending):
            self._settle(key)

    def copies_pending(self):
        return sum(1 for key in self.pending if not self.winner[key].deleted)

    def in_sync(self):
        """Every write is on every endpoint (deletes may still wait for their grace period)."""
        return self.copies_pending() == 0
