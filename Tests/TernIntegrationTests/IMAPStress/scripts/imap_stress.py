#!/usr/bin/env python3
"""Random commands from several sessions of one user on one mailbox, for a bounded time.

    imap_stress.py --host H --port P [--port P2 ...] --user U --password PW [--sessions 10] [--seconds 15] [--seed 1]

With several --port (frontends of one storage), session i connects to the (i mod n)-th.

Each session logs in, selects INBOX and, until the deadline, runs at random: APPEND, UID STORE,
UID STORE \Deleted + EXPUNGE or UID EXPUNGE, UID COPY and UID MOVE (to a second mailbox), FETCH 1:*
of every shown message (FLAGS ENVELOPE BODYSTRUCTURE RFC822.SIZE), UID FETCH of a body, SEARCH, NOOP. Messages
are appended and expunged by other sessions all the time, so every session keeps addressing
messages that others removed. Single messages are addressed by UID only (a sequence number can
be invalid for reasons of the session's own view, which this script does not model). No answer may be
NO or BAD: the server must serve what a session was shown, or silently skip UIDs that are gone. Exit status 1 on any NO/BAD
or protocol error; the last line counts commands, UIDVALIDITY resyncs (two frontends only: see
MAX_RESYNCS) and failures. No timing is checked.
"""
import argparse
import imaplib
import random
import sys
import threading
import time

imaplib.Commands.setdefault("MOVE", ("SELECTED",))

MESSAGE = (
    "From: Stress <stress@example.org>\r\nTo: alice@example.org\r\nSubject: stress {n}\r\n"
    "Message-ID: <stress-{n}@example.org>\r\n\r\nBody of message {n}.\r\n"
)
OTHER = "StressOther"


class Session(threading.Thread):
    def __init__(self, args, number, deadline, results):
        super().__init__(daemon=True)
        self.args = args
        self.number = number
        self.deadline = deadline
        self.results = results
        self.random = random.Random(args.seed * 1000 + number)
        self.commands = 0
        self.resyncs = 0
        self.failures = []

    def answer(self, label, typ, data):
        self.commands += 1
        if typ != "OK":
            self.failures.append(f"session {self.number} {label}: {typ} {data!r}")

    def uids(self, conn):
        typ, data = conn.uid("SEARCH", None, "ALL")
        self.answer("UID SEARCH ALL", typ, data)
        return data[0].split() if typ == "OK" and data and data[0] else []

    def step(self, conn, counter):
        choice = self.random.randrange(10)
        if choice == 0:
            text = MESSAGE.format(n=f"{self.number}-{counter}")
            self.answer("APPEND", *conn.append("INBOX", None, None, text.encode()))
            return
        if choice == 8:
            self.answer("NOOP", *conn.noop())
            return
        uids = self.uids(conn)
        if not uids:
            return
        uid = self.random.choice(uids).decode()
        if choice == 1:
            flag = self.random.choice(["\\Seen", "\\Flagged", "$Stress"])
            self.answer("UID STORE", *conn.uid("STORE", uid, "+FLAGS", f"({flag})"))
        elif choice == 2:
            self.answer("UID STORE \\Deleted", *conn.uid("STORE", uid, "+FLAGS.SILENT", "(\\Deleted)"))
            self.answer("UID EXPUNGE", *conn.uid("EXPUNGE", uid))
        elif choice == 3:
            self.answer("UID COPY", *conn.uid("COPY", uid, OTHER))
        elif choice == 4:
            self.answer("UID MOVE", *conn.uid("MOVE", uid, OTHER))
        elif choice == 5:
            # 1:* is valid whatever this session has seen (OK and nothing when empty), and covers
            # messages others expunged that FETCH may not announce yet (RFC 3501 7.4.1).
            self.answer("FETCH 1:*", *conn.fetch("1:*", "(FLAGS ENVELOPE BODYSTRUCTURE RFC822.SIZE)"))
        elif choice == 6:
            self.answer("UID FETCH BODY", *conn.uid("FETCH", uid, "(BODY.PEEK[] BODY.PEEK[HEADER])"))
        elif choice == 7:
            self.answer("SEARCH", *conn.search(None, "OR", "TEXT", "message", "UNSEEN"))
        else:
            self.answer("UID STORE \\Deleted", *conn.uid("STORE", uid, "+FLAGS.SILENT", "(\\Deleted)"))
            self.answer("EXPUNGE", *conn.expunge())

    # Concurrent APPENDs on two frontends may move UIDVALIDITY (docs/internals/uid-conflicts.md):
    # the server ends the session with BYE and the client reconnects, as clients do. Expected,
    # counted, bounded; anything else ends the session as a failure.
    MAX_RESYNCS = 50

    def run(self):
        counter = 0
        try:
            port = self.args.port[self.number % len(self.args.port)]
            while time.monotonic() < self.deadline:
                conn = imaplib.IMAP4(self.args.host, port, timeout=60)
                conn.login(self.args.user, self.args.password)
                self.answer("SELECT", *conn.select("INBOX"))
                try:
                    while time.monotonic() < self.deadline:
                        counter += 1
                        self.step(conn, counter)
                    conn.logout()
                except imaplib.IMAP4.abort as error:
                    if "UIDVALIDITY changed" not in str(error) or self.resyncs >= self.MAX_RESYNCS:
                        raise
                    self.resyncs += 1
        except (imaplib.IMAP4.error, OSError) as error:
            self.failures.append(f"session {self.number}: {type(error).__name__}: {error}")
        self.results.append(self)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, action="append", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    setup = imaplib.IMAP4(args.host, args.port[0], timeout=60)
    setup.login(args.user, args.password)
    setup.create(OTHER)  # NO if it exists: fine
    for n in range(20):
        setup.append("INBOX", None, None, MESSAGE.format(n=f"seed-{n}").encode())
    setup.logout()

    deadline = time.monotonic() + args.seconds
    results = []
    sessions = [Session(args, number, deadline, results) for number in range(args.sessions)]
    for session in sessions:
        session.start()
    for session in sessions:
        session.join(args.seconds + 120)
    failures = [line for session in results for line in session.failures]
    if len(results) != len(sessions):
        failures.append(f"{len(sessions) - len(results)} sessions did not finish")
    for line in failures[:40]:
        print(line)
    commands = sum(session.commands for session in results)
    resyncs = sum(session.resyncs for session in results)
    print(f"{len(sessions)} sessions, {commands} commands, {resyncs} UIDVALIDITY resyncs, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
