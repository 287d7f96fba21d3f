#!/usr/bin/env python3
"""Two-way sync with mbsync (Debian isync) against an IMAP server over STARTTLS.

    mbsync_two_way.py --host H --port P --user U --password PW --certificate PEM --workdir DIR [--count 1000]

1. The server INBOX gets count/2 messages by APPEND, the local maildir the other count/2 as files.
2. mbsync (Sync All, Create Both, Expunge Both) -> both sides hold all `count` messages.
3. Changes on both sides: on the server flag some, delete+expunge some, append new ones; locally mark some
   seen, delete some files, add new files.
4. mbsync again -> both sides hold exactly the expected Message-IDs, once each, with agreeing flags.
Exit 1 on any failure; every check prints ok/FAIL.
"""
import argparse
import email
import imaplib
import os
import re
import ssl
import subprocess
import sys
import time

failures = 0


def check(label, actual, expected):
    global failures
    if actual == expected:
        print(f"ok   {label}")
    else:
        failures += 1
        shown_a, shown_e = actual, expected
        if isinstance(actual, (set, list)) and isinstance(expected, (set, list)):
            shown_a = f"{len(actual)} items, extra {sorted(set(actual) - set(expected))[:5]}"
            shown_e = f"{len(expected)} items, missing {sorted(set(expected) - set(actual))[:5]}"
        print(f"FAIL {label}\n     expected: {shown_e}\n     actual:   {shown_a}")


def message(message_id, subject):
    return (f"From: Sync Test <sync@example.tld>\r\nTo: user@example.tld\r\nSubject: {subject}\r\n"
            f"Date: Thu, 05 Mar 2026 09:00:00 +0000\r\nMessage-ID: <{message_id}>\r\n\r\n"
            f"Body of {subject}.\r\n").encode()


def connect(args):
    imap = imaplib.IMAP4(args.host, args.port, timeout=120)
    context = ssl.create_default_context(cafile=args.certificate)
    context.check_hostname = False
    imap.starttls(ssl_context=context)
    imap.login(args.user, args.password)
    return imap


def server_state(args):
    """{message-id: set of flags} and the list of every message-id (to see duplicates)."""
    imap = connect(args)
    imap.select("INBOX")
    typ, data = imap.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    ids, flags = [], {}
    for item in data:
        if not isinstance(item, tuple):
            continue
        match = re.search(rb"<([^>]+)>", item[1])
        message_id = match.group(1).decode() if match else "?"
        ids.append(message_id)
        flag_match = re.search(rb"FLAGS \(([^)]*)\)", item[0])
        flags[message_id] = set(flag_match.group(1).decode().split()) - {"\\Recent"} if flag_match else set()
    imap.logout()
    return ids, flags


MAILDIR_FLAGS = {"S": "\\Seen", "F": "\\Flagged", "R": "\\Answered", "D": "\\Draft", "T": "\\Deleted"}


def local_state(inbox):
    ids, flags = [], {}
    for sub in ("cur", "new"):
        directory = os.path.join(inbox, sub)
        for name in os.listdir(directory):
            with open(os.path.join(directory, name), "rb") as handle:
                parsed = email.message_from_bytes(handle.read())
            message_id = (parsed["Message-ID"] or "?").strip("<> ")
            ids.append(message_id)
            info = name.split(":2,", 1)[1] if ":2," in name else ""
            flags[message_id] = {MAILDIR_FLAGS[c] for c in info if c in MAILDIR_FLAGS}
    return ids, flags


def local_files(inbox):
    result = {}
    for sub in ("cur", "new"):
        for name in os.listdir(os.path.join(inbox, sub)):
            with open(os.path.join(inbox, sub, name), "rb") as handle:
                parsed = email.message_from_bytes(handle.read())
            result[(parsed["Message-ID"] or "?").strip("<> ")] = os.path.join(inbox, sub, name)
    return result


def write_local(inbox, message_id, subject, serial):
    name = f"{int(time.time())}.{os.getpid()}_{serial}.tern-test"
    path = os.path.join(inbox, "new", name)
    with open(path, "wb") as handle:
        handle.write(message(message_id, subject))


def run_mbsync(config, label):
    started = time.time()
    result = subprocess.run(["mbsync", "-c", config, "-a"], capture_output=True, text=True, timeout=900)
    print(f"mbsync ({label}) exit {result.returncode} in {time.time() - started:.1f}s")
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:])
    check(f"mbsync {label} succeeded", result.returncode, 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--certificate", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()

    maildir = os.path.join(args.workdir, "mail")
    inbox = os.path.join(maildir, "INBOX")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(inbox, sub), exist_ok=True)
    config = os.path.join(args.workdir, "mbsyncrc")
    with open(config, "w") as handle:
        handle.write(f"""IMAPAccount tern
Host {args.host}
Port {args.port}
User {args.user}
Pass {args.password}
SSLType STARTTLS
CertificateFile {args.certificate}
AuthMechs LOGIN
PipelineDepth 32

IMAPStore remote
Account tern

MaildirStore local
Path {maildir}/
Inbox {inbox}

Channel inbox
Far :remote:INBOX
Near :local:INBOX
Create Both
Expunge Both
SyncState *
Sync All
""")

    half = args.count // 2
    imap = connect(args)
    for n in range(half):
        imap.append("INBOX", None, None, message(f"server-{n}@test", f"server message {n}"))
    imap.logout()
    for n in range(args.count - half):
        write_local(inbox, f"local-{n}@test", f"local message {n}", n)
    expected = {f"server-{n}@test" for n in range(half)} | {f"local-{n}@test" for n in range(args.count - half)}

    run_mbsync(config, "first sync")
    server_ids, _ = server_state(args)
    local_ids, _ = local_state(inbox)
    check("server holds every message once after the first sync", sorted(server_ids), sorted(expected))
    check("maildir holds every message once after the first sync", sorted(local_ids), sorted(expected))

    # Changes on the server: flag 50 server-side messages, delete 20 others, append 30 new.
    imap = connect(args)
    imap.select("INBOX")
    typ, data = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    sequence = {}
    for item in data:
        if isinstance(item, tuple):
            number = int(item[0].split(b" ")[0])
            sequence[re.search(rb"<([^>]+)>", item[1]).group(1).decode()] = number
    flagged = {f"server-{n}@test" for n in range(0, 50)}
    deleted_on_server = {f"local-{n}@test" for n in range(100, 120)}
    imap.store(",".join(str(sequence[i]) for i in sorted(flagged)), "+FLAGS", "(\\Flagged)")
    imap.store(",".join(str(sequence[i]) for i in sorted(deleted_on_server)), "+FLAGS", "(\\Deleted)")
    imap.expunge()
    added_on_server = {f"server-new-{n}@test" for n in range(30)}
    for n in range(30):
        imap.append("INBOX", None, None, message(f"server-new-{n}@test", f"new on server {n}"))
    imap.logout()

    # Changes locally: mark 40 seen, delete 10 files, add 25 new.
    files = local_files(inbox)
    seen_locally = {f"local-{n}@test" for n in range(0, 40)}
    for message_id in seen_locally:
        path = files[message_id]
        base = os.path.basename(path).split(":2,")[0]
        info = os.path.basename(path).split(":2,")[1] if ":2," in path else ""
        os.rename(path, os.path.join(inbox, "cur", base + ":2," + "".join(sorted(set(info + "S")))))
    deleted_locally = {f"server-{n}@test" for n in range(200, 210)}
    for message_id in deleted_locally:
        os.remove(files[message_id])
    added_locally = {f"local-new-{n}@test" for n in range(25)}
    for n in range(25):
        write_local(inbox, f"local-new-{n}@test", f"new locally {n}", 10_000 + n)

    run_mbsync(config, "second sync")
    expected = (expected - deleted_on_server - deleted_locally) | added_on_server | added_locally
    server_ids, server_flags = server_state(args)
    local_ids, local_flags = local_state(inbox)
    check("server: no duplicate after the second sync", len(server_ids), len(set(server_ids)))
    check("maildir: no duplicate after the second sync", len(local_ids), len(set(local_ids)))
    check("server holds exactly the expected messages", sorted(server_ids), sorted(expected))
    check("maildir holds exactly the expected messages", sorted(local_ids), sorted(expected))
    check("server flags reached the maildir",
          sorted(i for i in flagged if "\\Flagged" in local_flags.get(i, set())), sorted(flagged))
    check("maildir flags reached the server",
          sorted(i for i in seen_locally if "\\Seen" in server_flags.get(i, set())), sorted(seen_locally))
    disagreeing = sorted(i for i in expected
                         if server_flags.get(i, set()) - {"\\Deleted"} != local_flags.get(i, set()) - {"\\Deleted"})
    check("flags agree on both sides", disagreeing, [])

    run_mbsync(config, "third sync (nothing to do)")
    check("a sync without changes changes nothing", sorted(server_state(args)[0]), sorted(expected))

    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
