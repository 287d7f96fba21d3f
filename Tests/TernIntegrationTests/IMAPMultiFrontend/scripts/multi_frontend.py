#!/usr/bin/env python3
"""Two Tern frontends (A and B, distinct writer slots) on one storage: convergence, UID conflicts, IDLE.

    multi_frontend.py --a-port PA --b-port PB --user U --password PW [--per-frontend 25] [--seed N]
1. A creates a mailbox; B must list it.
2. A client IDLEs on A; an APPEND through B must wake it with EXISTS.
3. Concurrent APPENDs to the same mailbox through A and B (threads on both), each message unique.
4. Both frontends converge: same UIDVALIDITY, same UID -> Message-ID map, every message exactly once.
5. Invariant 1 as clients see it: UIDVALIDITY never changes, and an APPENDUID (v, u) announced for
   message X either still names X in the final state, or names nothing: X arrived late, was hidden
   (reported expunged) and reissued under a new UID, where it is shown exactly once (step 4).
Prints "conflicts=N uidvalidity_changes=0 convergence_seconds=S idle_wake_seconds=W" (conflicts: APPENDUIDs
whose message was reissued); exit 1 on any failure.
"""
import argparse
import random
import re
import sys
import threading
import time

import frontend_checks
from frontend_checks import check, connect


def state(port, args, mailbox):
    """(uidvalidity, {uid: message-id}, [message-ids]) as one fresh session on that frontend sees it."""
    imap = connect(port, args)
    typ, _ = imap.select(mailbox)
    if typ != "OK":
        imap.logout()
        return None, {}, []
    uidvalidity = int(imap.response("UIDVALIDITY")[1][0])
    typ, data = imap.uid("FETCH", "1:*", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    mapping, ids = {}, []
    for item in data or []:
        if isinstance(item, tuple):
            uid = int(re.search(rb"UID (\d+)", item[0]).group(1))
            found = re.search(rb"<([^>]+)>", item[1])
            mapping[uid] = found.group(1).decode() if found else "?"
            ids.append(mapping[uid])
    imap.logout()
    return uidvalidity, mapping, ids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--a-port", type=int, required=True)
    parser.add_argument("--b-port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--per-frontend", type=int, default=25)
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    print(f"seed={args.seed}")
    rng = random.Random(args.seed)
    mailbox = f"Shared{rng.randrange(1 << 20)}"

    # 1. Mailbox list convergence.
    a = connect(args.a_port, args)
    check("CREATE through A", a.create(mailbox)[0], "OK")
    a.logout()
    started = time.time()
    listed = False
    while time.time() - started < args.timeout and not listed:
        b = connect(args.b_port, args)
        listed = any(mailbox.encode() in (line or b"") for line in b.list('""', mailbox)[1])
        b.logout()
        if not listed:
            time.sleep(0.2)
    check("B lists the mailbox A created", listed, True)

    # 2. IDLE on A wakes for an APPEND through B.
    idler = connect(args.a_port, args)
    idler.select(mailbox)
    idler.send(b"i1 IDLE\r\n")
    check("IDLE continuation on A", idler.readline()[:1], b"+")
    b = connect(args.b_port, args)
    appended_at = time.time()
    typ, data = b.append(mailbox, None, None, frontend_checks.message("idle-probe@test", "mf@example.tld"))
    b.logout()
    check("APPEND through B", typ, "OK")
    announced = []
    found = re.search(rb"APPENDUID (\d+) (\d+)", data[0])
    if found:
        announced.append((int(found.group(1)), int(found.group(2)), "idle-probe@test"))
    idler.sock.settimeout(args.timeout)
    line = idler.readline()
    idle_wake = time.time() - appended_at
    check("IDLE on A reports EXISTS after B's APPEND", bool(re.match(rb"\* \d+ EXISTS", line)), True)
    idler.send(b"DONE\r\n")
    while not idler.readline().startswith(b"i1 "):
        pass
    idler.logout()

    # 3. Concurrent APPENDs through both frontends.
    lock = threading.Lock()
    errors = []

    def writer(port, name):
        try:
            imap = connect(port, args)
            for n in range(args.per_frontend):
                message_id = f"{name}-{n}@test"
                typ, data = imap.append(mailbox, None, None, frontend_checks.message(message_id, "mf@example.tld"))
                found = re.search(rb"APPENDUID (\d+) (\d+)", data[0] or b"")
                with lock:
                    if typ != "OK":
                        errors.append((message_id, typ, data))
                    elif found:
                        announced.append((int(found.group(1)), int(found.group(2)), message_id))
            imap.logout()
        except Exception as error:
            with lock:
                errors.append((name, "exception", repr(error)))

    threads = [threading.Thread(target=writer, args=(port, name))
               for port, name in [(args.a_port, "a1"), (args.b_port, "b1"), (args.a_port, "a2"), (args.b_port, "b2")]]
    write_started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check("every APPEND answered OK", errors, [])
    expected = {"idle-probe@test"} | {f"{name}-{n}@test" for name in ("a1", "b1", "a2", "b2")
                                      for n in range(args.per_frontend)}

    # 4. Convergence.
    converged = False
    state_a = state_b = None
    writes_done = time.time() - write_started
    polls = []
    while time.time() - write_started < args.timeout:
        poll_started = time.time()
        state_a = state(args.a_port, args, mailbox)
        a_seconds = time.time() - poll_started
        state_b = state(args.b_port, args, mailbox)
        b_seconds = time.time() - poll_started - a_seconds
        polls.append(f"A:{len(state_a[2])}msgs/{a_seconds:.1f}s,B:{len(state_b[2])}msgs/{b_seconds:.1f}s")
        if state_a == state_b and set(state_a[2]) == expected:
            converged = True
            break
        time.sleep(0.25)
    convergence = time.time() - write_started
    check("A and B converge to the same mailbox", converged, True)
    if state_a:
        check("no message lost (A)", sorted(set(state_a[2])), sorted(expected))
        check("no message duplicated (A)", len(state_a[2]), len(set(state_a[2])))
    if state_b:
        check("no message duplicated (B)", len(state_b[2]), len(set(state_b[2])))

    # 5. Invariant 1 from the clients' side.
    conflicts = 0
    validity_changes = 0
    if state_a and state_a[0] is not None:
        final_validity, mapping, _ = state_a
        for validity, uid, message_id in announced:
            if validity != final_validity:
                validity_changes += 1
            if mapping.get(uid) not in (message_id, None):
                check(f"(UIDVALIDITY {validity}, UID {uid}) names {message_id} or nothing", mapping.get(uid), message_id)
            if mapping.get(uid) != message_id:
                conflicts += 1
        check("UIDVALIDITY never changes", validity_changes, 0)
        pairs = [(v, u) for v, u, _ in announced]
        check("no (UIDVALIDITY, UID) announced twice", sorted({p for p in pairs if pairs.count(p) > 1}), [])
    print(f"conflicts={conflicts} uidvalidity_changes={validity_changes} convergence_seconds={convergence:.2f} idle_wake_seconds={idle_wake:.2f} "
          f"appends={len(announced)} append_phase_seconds={writes_done:.2f} polls={' '.join(polls)}")
    print(f"{frontend_checks.failures} failure(s)")
    return 1 if frontend_checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
