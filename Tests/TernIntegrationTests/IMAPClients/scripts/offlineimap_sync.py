#!/usr/bin/env python3
"""offlineimap (a second real client) against an IMAP server over STARTTLS with certificate verification.

    offlineimap_sync.py --host localhost --port P --user U --password PW --certificate PEM --workdir DIR
1. 40 messages APPENDed to INBOX and 5 to a new folder "Lists" on the server; offlineimap syncs them down.
2. Locally: a new folder "Notes" with 3 messages, one INBOX message marked seen, one deleted.
3. offlineimap again: the server has Notes with 3 messages, the seen flag, the deletion; nothing duplicated.
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
        print(f"FAIL {label}\n     expected: {expected!r}\n     actual:   {actual!r}")


def message(message_id, subject):
    return (f"From: Offline <offline@example.tld>\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n"
            f"Date: Fri, 06 Mar 2026 09:00:00 +0000\r\n\r\n{subject}\r\n").encode()


def connect(args):
    imap = imaplib.IMAP4(args.host, args.port, timeout=60)
    context = ssl.create_default_context(cafile=args.certificate)
    imap.starttls(ssl_context=context)
    imap.login(args.user, args.password)
    return imap


def server_ids(args, mailbox):
    imap = connect(args)
    typ, _ = imap.select(mailbox)
    if typ != "OK":
        imap.logout()
        return None, {}
    typ, data = imap.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    ids, flags = [], {}
    for item in data or []:
        if isinstance(item, tuple):
            message_id = re.search(rb"<([^>]+)>", item[1]).group(1).decode()
            ids.append(message_id)
            flags[message_id] = set(re.search(rb"FLAGS \(([^)]*)\)", item[0]).group(1).decode().split())
    imap.logout()
    return sorted(ids), flags


def run_offlineimap(config, label):
    result = subprocess.run(["offlineimap", "-c", config, "-o", "-u", "basic"], capture_output=True, text=True,
                            timeout=600)
    if result.returncode != 0 or "ERROR" in result.stdout + result.stderr:
        print(result.stdout[-4000:], result.stderr[-4000:])
    check(f"offlineimap {label} succeeded", (result.returncode, "ERROR" in result.stdout + result.stderr), (0, False))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--certificate", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--compress", action="store_true", help="usecompression = yes (COMPRESS=DEFLATE, RFC 4978)")
    args = parser.parse_args()

    local = os.path.join(args.workdir, "offline-mail")
    config = os.path.join(args.workdir, "offlineimaprc")
    with open(config, "w") as handle:
        handle.write(f"""[general]
accounts = tern
metadata = {args.workdir}/offlineimap-metadata

[Account tern]
localrepository = local
remoterepository = remote

[Repository local]
type = Maildir
localfolders = {local}

[Repository remote]
type = IMAP
remotehost = {args.host}
remoteport = {args.port}
remoteuser = {args.user}
remotepass = {args.password}
ssl = no
starttls = yes
sslcacertfile = {args.certificate}
folderfilter = lambda name: name in ['INBOX', 'Lists', 'Notes']
createfolders = True
usecompression = {"yes" if args.compress else "no"}
""")

    imap = connect(args)
    for n in range(40):
        imap.append("INBOX", None, None, message(f"inbox-{n}@test", f"inbox {n}"))
    imap.create("Lists")
    for n in range(5):
        imap.append("Lists", None, None, message(f"list-{n}@test", f"list {n}"))
    imap.logout()

    run_offlineimap(config, "first sync")
    inbox_files = {}
    for sub in ("cur", "new"):
        for name in os.listdir(os.path.join(local, "INBOX", sub)):
            with open(os.path.join(local, "INBOX", sub, name), "rb") as handle:
                inbox_files[email.message_from_bytes(handle.read())["Message-ID"].strip("<>")] = \
                    os.path.join(local, "INBOX", sub, name)
    check("INBOX synced down", sorted(inbox_files), sorted(f"inbox-{n}@test" for n in range(40)))
    check("Lists synced down", len(os.listdir(os.path.join(local, "Lists", "cur"))) +
          len(os.listdir(os.path.join(local, "Lists", "new"))), 5)

    # Local changes: a new folder with 3 messages, one message seen, one deleted.
    notes = os.path.join(local, "Notes")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(notes, sub), exist_ok=True)
    for n in range(3):
        with open(os.path.join(notes, "new", f"{int(time.time())}.{n}.offline"), "wb") as handle:
            handle.write(message(f"note-{n}@test", f"note {n}"))
    seen_path = inbox_files["inbox-1@test"]
    base = os.path.basename(seen_path).split(":2,")[0]
    info = os.path.basename(seen_path).split(":2,")[1] if ":2," in seen_path else ""
    os.rename(seen_path, os.path.join(local, "INBOX", "cur", base + ":2," + "".join(sorted(set(info + "S")))))
    os.remove(inbox_files["inbox-2@test"])

    run_offlineimap(config, "second sync")
    ids, flags = server_ids(args, "INBOX")
    check("deletion reached the server", ids, sorted(f"inbox-{n}@test" for n in range(40) if n != 2))
    check("seen flag reached the server", "\\Seen" in flags.get("inbox-1@test", set()), True)
    ids, _ = server_ids(args, "Notes")
    check("new local folder created on the server with its messages", ids,
          sorted(f"note-{n}@test" for n in range(3)))
    run_offlineimap(config, "third sync")
    ids, _ = server_ids(args, "INBOX")
    check("no duplicates after another sync", len(ids), 39)

    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
