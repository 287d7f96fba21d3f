#!/usr/bin/env python3
"""One user on three Tern frontends in three regions (regions.py: one S3 endpoint each, asynchronously replicated,
40 ms away): an IDLE watcher on each, LMTP deliveries into the first, APPEND/STORE/MOVE from devices on the other
two, then a partition of the third region and its healing. Afterwards, on every frontend:

- identical views of INBOX and the MOVE target (UID -> Message-ID, flags, SHA-256 of the message);
- every acknowledged LMTP delivery and APPEND present exactly once, moved ones in the target; no duplicate;
  every keyword a STORE acknowledged still on its message;
- UIDVALIDITY unchanged for every client the whole time (watchers, reconnecting QRESYNC caches, fresh sessions);
- each watcher's cache and each reconnecting QRESYNC client's cache equal to the server's view.

    three_regions.py --ports P0,P1,P2 --lmtp-port L --control C --user U --password PW --address A
                     [--partition-seconds 12] [--before-seconds 8] [--after-seconds 5] [--interval 0.5] [--seed N]
Prints "reissues=N operations=M ..." (messages a client saw vanish at one UID and come back at another);
exit 1 on any failure.
"""
import argparse
import imaplib
import os
import random
import sys
import time

# The labelled ok/FAIL checks and their failure count are the two-frontend scripts' (frontend_checks.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "IMAPMultiFrontend", "scripts"))
import frontend_checks  # noqa: E402
from frontend_checks import check  # noqa: E402
from mailbox_cache import MailboxCache  # noqa: E402
from region_actors import Deliverer, Device, Watcher, connect  # noqa: E402
from replication_control import Control  # noqa: E402


def check_view(label, actual, expected):
    """check() for two {uid: (message-id, flags, hash)} views, printing only where they differ."""
    if actual == expected:
        return check(label, True, True)
    missing = {uid: expected[uid] for uid in sorted(set(expected) - set(actual))}
    extra = {uid: actual[uid] for uid in sorted(set(actual) - set(expected))}
    changed = {uid: (actual[uid], expected[uid]) for uid in sorted(set(actual) & set(expected))
               if actual[uid] != expected[uid]}
    check(label, {"missing": missing, "extra": extra, "different (actual, expected)": changed},
          {"missing": {}, "extra": {}, "different (actual, expected)": {}})


def sync_cache(cache, port, args):
    """A reconnecting QRESYNC client: connect, ENABLE QRESYNC, SELECT (QRESYNC ...), log out. A server that ends
    the session because the UIDVALIDITY changed is counted as such and asked again."""
    for attempt in range(20):
        imap = connect(port, args.user, args.password)
        try:
            imap._simple_command("ENABLE", "QRESYNC")
            cache.select(imap)
            imap.logout()
            return cache
        except imaplib.IMAP4.abort as error:
            if "UIDVALIDITY" not in str(error) or attempt == 19:
                raise
            cache.uidvalidity_changes += 1
            time.sleep(0.5)
        except RuntimeError as error:
            # A region may list a message before its body has replicated there: the server says so and the
            # client asks again, as a real one would.
            if "UNAVAILABLE" not in str(error) or attempt == 19:
                raise
            print(f"note: {error}; asking again")
            time.sleep(1)


def fresh_view(port, args, mailbox):
    """(UIDVALIDITY, {uid: (message-id, flags, hash)}) as a new session with an empty cache sees the mailbox."""
    cache = sync_cache(MailboxCache(mailbox), port, args)
    return cache.uidvalidity, cache.view()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ports", required=True)
    parser.add_argument("--lmtp-port", type=int, required=True)
    parser.add_argument("--control", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--address", required=True)
    parser.add_argument("--partition-seconds", type=float, default=12)
    parser.add_argument("--before-seconds", type=float, default=8)
    parser.add_argument("--after-seconds", type=float, default=5)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between one actor's operations")
    parser.add_argument("--timeout", type=float, default=240, help="for convergence after the workload")
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    args = parser.parse_args()
    print(f"seed={args.seed}")
    rng = random.Random(args.seed)
    ports = [int(port) for port in args.ports.split(",")]
    control = Control(args.control)
    tag = rng.randrange(1 << 20)
    target = f"Filed{tag}"
    mailboxes = ("INBOX", target)

    setup = connect(ports[0], args.user, args.password)
    check(f"CREATE {target} in region 0", setup.create(target)[0], "OK")
    setup.logout()
    control.wait_in_sync(120)
    first = {}
    for region, port in enumerate(ports):
        for mailbox in mailboxes:
            first[(region, mailbox)] = fresh_view(port, args, mailbox)[0]
    check("one UIDVALIDITY per mailbox on every frontend",
          [len({first[(r, m)] for r in range(len(ports))}) for m in mailboxes], [1, 1])

    reconnecting = {(region, mailbox): sync_cache(MailboxCache(mailbox), port, args)
                    for region, port in enumerate(ports) for mailbox in mailboxes}
    watchers = [Watcher(str(region), port, args.user, args.password) for region, port in enumerate(ports)]
    deliverer = Deliverer(args.lmtp_port, args.address, f"t{tag}", args.interval)
    devices = [Device(f"d{region}t{tag}", ports[region], args.user, args.password, target, args.interval,
                      rng.randrange(1 << 30)) for region in (1, 2)]
    actors = [deliverer] + devices
    for thread in watchers + actors:
        thread.start()

    started = time.monotonic()
    time.sleep(args.before_seconds)
    cut = len(ports) - 1
    control.partition(cut, args.partition_seconds)
    print(f"partitioned region {cut} for {args.partition_seconds} s")
    time.sleep(args.partition_seconds / 2)
    for (region, mailbox), cache in reconnecting.items():
        sync_cache(cache, ports[region], args)
    time.sleep(args.partition_seconds / 2 + args.after_seconds)
    for actor in actors:
        actor.stopping.set()
    for actor in actors:
        actor.join(timeout=300)
    workload_seconds = time.monotonic() - started

    # Quiescence: the replicator has nothing left to copy and every frontend shows the same views, twice in a row
    # (a reissue written after the first look must have reached every region too).
    settled_at = time.monotonic()
    views, stable = None, 0
    while time.monotonic() - settled_at < args.timeout and stable < 2:
        control.wait_in_sync(args.timeout)
        current = [{mailbox: fresh_view(port, args, mailbox) for mailbox in mailboxes} for port in ports]
        same = all(view == current[0] for view in current)
        stable = stable + 1 if same and current == views else (1 if same else 0)
        views = current
        time.sleep(0.5)
    convergence = time.monotonic() - settled_at
    check("every frontend shows the same INBOX and target (UID, Message-ID, flags, hash)",
          [view == views[0] for view in views], [True] * len(ports))
    for watcher in watchers:
        watcher.stopping.set()
    for watcher in watchers:
        watcher.join(timeout=300)

    reference = views[0]
    for mailbox in mailboxes:
        check(f"UIDVALIDITY of {mailbox} unchanged on every frontend",
              [view[mailbox][0] for view in views], [first[(0, mailbox)]] * len(ports))
    where = {}
    for mailbox in mailboxes:
        for uid, (message_id, flags, _) in reference[mailbox][1].items():
            where.setdefault(message_id, []).append((mailbox, flags))
    acknowledged = deliverer.acknowledged + [m for device in devices for m in device.appended]
    moved = {m for device in devices for m in device.moved}
    lost = sorted(m for m in acknowledged if m not in where)
    duplicated = sorted(m for m, places in where.items() if len(places) > 1)
    check("no acknowledged message lost", lost, [])
    check("no message duplicated", duplicated, [])
    check("every moved message is in the target",
          sorted(m for m in moved if m in where and where[m][0][0] != target), [])
    flags_lost = sorted((m, keyword) for device in devices for m, keyword in device.flagged
                        if m in where and keyword not in where[m][0][1])
    check("every acknowledged keyword is still on its message", flags_lost, [])

    for region, watcher in enumerate(watchers):
        check(f"watcher {region}: UIDVALIDITY never changed", watcher.cache.uidvalidity_changes, 0)
        check_view(f"watcher {region}: cache equals the server's INBOX", watcher.cache.view(), reference["INBOX"][1])
    for (region, mailbox), cache in sorted(reconnecting.items()):
        sync_cache(cache, ports[region], args)
        check(f"QRESYNC client {region} {mailbox}: UIDVALIDITY never changed", cache.uidvalidity_changes, 0)
        check_view(f"QRESYNC client {region} {mailbox}: cache equals the server", cache.view(), reference[mailbox][1])

    operations = sum(device.operations for device in devices) + len(deliverer.acknowledged)
    reissues = max(watcher.cache.reissues for watcher in watchers)
    status = control.status()
    print(f"reissues={reissues} operations={operations} delivered={len(deliverer.acknowledged)} "
          f"appended={sum(len(d.appended) for d in devices)} flagged={sum(len(d.flagged) for d in devices)} "
          f"moved={len(moved)} inbox={len(reference['INBOX'][1])} target={len(reference[target][1])} "
          f"workload_seconds={workload_seconds:.1f} convergence_seconds={convergence:.1f} "
          f"replicated_copies={status['copies']} replicated_deletes={status['deletes']} "
          f"watcher_reconnects={[w.reconnects for w in watchers]}")
    for actor in actors + watchers:
        for error in actor.errors[:5]:
            print(f"note {actor.name}: {error}")
    print(f"{frontend_checks.failures} failure(s)")
    return 1 if frontend_checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
