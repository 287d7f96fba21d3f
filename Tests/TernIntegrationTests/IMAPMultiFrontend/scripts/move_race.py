#!/usr/bin/env python3
"""Two devices running the same filter: two Tern frontends MOVE the same message into the same mailbox at once.

    move_race.py --a-port PA --b-port PB --user U --password PW [--rounds 40] [--seed N]
A session on each frontend selects one source mailbox; per round, both send `UID MOVE <uid> Target` for the same
message at the same moment (a barrier between two threads). A round *raced* when both answered OK with a COPYUID
(each frontend copied the message before it saw the other's expunge). Afterwards, on fresh sessions of both
frontends: the target holds every message exactly once, the source none, and a message flagged before its MOVE is
still flagged. Prints "raced=K rounds=N"; exit 1 on any failure, or when no round raced (the test would then prove
nothing).
"""
import argparse
import imaplib
import random
import re
import sys
import threading
import time

import frontend_checks
from frontend_checks import check, connect

imaplib.Commands.setdefault("MOVE", ("SELECTED",))


def contents(port, args, mailbox):
    """[(message-id, flags)] of the mailbox as one fresh session on that frontend sees it."""
    imap = connect(port, args)
    typ, _ = imap.select(mailbox)
    found = []
    if typ == "OK":
        typ, data = imap.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        for item in data or []:
            if isinstance(item, tuple):
                flags = re.search(rb"FLAGS \(([^)]*)\)", item[0])
                message_id = re.search(rb"<([^>]+)>", item[1])
                found.append((message_id.group(1).decode() if message_id else "?",
                              "\\Flagged" in (flags.group(1).decode() if flags else "")))
    imap.logout()
    return sorted(found)


def uids_by_message_id(imap):
    typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    mapping = {}
    for item in data or []:
        if isinstance(item, tuple):
            uid = int(re.search(rb"UID (\d+)", item[0]).group(1))
            mapping[re.search(rb"<([^>]+)>", item[1]).group(1).decode()] = uid
    return mapping


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--a-port", type=int, required=True)
    parser.add_argument("--b-port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    print(f"seed={args.seed}")
    rng = random.Random(args.seed)
    tag = rng.randrange(1 << 20)
    source, target = f"Source{tag}", f"Filtered{tag}"
    expected = [f"race-{n}-{tag}@test" for n in range(args.rounds)]

    setup = connect(args.a_port, args)
    check("CREATE source through A", setup.create(source)[0], "OK")
    check("CREATE target through A", setup.create(target)[0], "OK")
    for message_id in expected:
        # Every third message is flagged: the copy that stays must keep the flag.
        flags = "(\\Flagged)" if expected.index(message_id) % 3 == 0 else None
        check(f"APPEND {message_id}", setup.append(source, flags, None, frontend_checks.message(message_id, "mr@example.tld"))[0], "OK")
    setup.logout()

    sessions = {}
    started = time.time()
    for name, port in (("A", args.a_port), ("B", args.b_port)):
        while time.time() - started < args.timeout:
            imap = connect(port, args)
            if imap.select(source)[0] == "OK" and len(uids_by_message_id(imap)) == len(expected):
                sessions[name] = imap
                break
            imap.logout()
            time.sleep(0.2)
    check("both frontends show the source with every message", sorted(sessions), ["A", "B"])
    if len(sessions) < 2:
        return 1
    uids = uids_by_message_id(sessions["A"])
    check("both frontends give the messages the same UIDs", uids_by_message_id(sessions["B"]), uids)

    raced = 0
    for message_id in expected:
        for imap in sessions.values():
            imap.noop()
        barrier = threading.Barrier(2)
        answers = {}

        def move(name):
            barrier.wait()
            try:
                typ, data = sessions[name].uid("MOVE", str(uids[message_id]), target)
                copyuid = any(b"COPYUID" in (line or b"") for line in sessions[name].untagged_responses.get("OK", []))
                answers[name] = (typ, b" ".join(d for d in data if isinstance(d, bytes)), copyuid)
            except Exception as error:
                answers[name] = ("exception", repr(error).encode(), False)
            sessions[name].untagged_responses.pop("OK", None)

        threads = [threading.Thread(target=move, args=(name,)) for name in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        check(f"both MOVEs of {message_id} answered OK", [answers[n][0] for n in sorted(answers)], ["OK", "OK"])
        if all(answers[n][2] for n in answers):
            raced += 1
    for imap in sessions.values():
        imap.logout()

    # Fresh sessions sync before SELECT answers: both frontends must show the final state now.
    flagged = {message_id: expected.index(message_id) % 3 == 0 for message_id in expected}
    want = sorted(flagged.items())
    for name, port in (("A", args.a_port), ("B", args.b_port)):
        check(f"target holds every message exactly once, flags kept ({name})", contents(port, args, target), want)
        check(f"source is empty ({name})", contents(port, args, source), [])
    check("at least one round raced (both frontends copied the message)", raced > 0, True)
    print(f"raced={raced} rounds={len(expected)}")
    print(f"{frontend_checks.failures} failure(s)")
    return 1 if frontend_checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
