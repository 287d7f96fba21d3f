#!/usr/bin/env python3
"""Delivered mail and SELECT: LMTP-deliver N small messages to alice while nobody is logged in,
then time LOGIN + SELECT INBOX and the time until EXISTS reaches N (docs/performance.md).

    perf/delivered-select/run.py --tern PATH/TO/tern [--messages 5000] [--data DIR]

Starts `tern dev` on free loopback ports with a fresh data directory (file store), stops it at
the end. Prints one line per phase."""
import argparse, imaplib, os, shutil, smtplib, socket, subprocess, sys, tempfile, time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, deadline=60):
    end = time.time() + deadline
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on {port}")


def message(number):
    return (f"From: sender{number}@example.org\r\nTo: alice@example.tld\r\nSubject: delivered {number}\r\n"
            f"Message-ID: <d{number}@example.org>\r\n\r\n" + f"Small body number {number}.\r\n" * 20)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tern", required=True)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--data")
    args = parser.parse_args()
    data = args.data or tempfile.mkdtemp(prefix="tern-delivered-")
    imap, imaps, lmtp, auth = free_port(), free_port(), free_port(), free_port()
    server = subprocess.Popen(
        [args.tern, "dev", "--data", data, "--imap", f"127.0.0.1:{imap}", "--imaps", f"127.0.0.1:{imaps}",
         "--lmtp", f"127.0.0.1:{lmtp}", "--auth", f"127.0.0.1:{auth}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(imap)
        wait_for(lmtp)
        started = time.time()
        client = smtplib.LMTP("127.0.0.1", lmtp)
        for number in range(1, args.messages + 1):
            client.sendmail("sender@example.org", ["alice@example.tld"], message(number))
        client.quit()
        delivered = time.time() - started
        print(f"LMTP delivery: {args.messages} messages in {delivered:.2f} s ({args.messages / delivered:.0f} msg/s)")

        started = time.time()
        session = imaplib.IMAP4("127.0.0.1", imap)
        session.login("alice", "hunter2")
        typ, data_ = session.select("INBOX")
        selected = time.time() - started
        exists = int(data_[0])
        print(f"LOGIN + SELECT INBOX: {selected:.3f} s, EXISTS {exists}")
        while exists < args.messages:
            time.sleep(0.05)
            session.noop()
            for value in session.untagged_responses.pop("EXISTS", []):
                exists = max(exists, int(value))
        imported = time.time() - started
        print(f"EXISTS {exists} after {imported:.2f} s ({args.messages / imported:.0f} msg/s import)")
        total = delivered + imported
        print(f"end to end (delivery + import): {total:.2f} s ({args.messages / total:.0f} msg/s)")
        session.logout()
    finally:
        server.terminate()
        server.wait()
        if not args.data:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
