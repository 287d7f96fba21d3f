#!/usr/bin/env python3
"""Logs in, IDLEs, prints "idling", then prints every line the server sends ("got ...") until it closes."""
import imaplib
import sys

imap = imaplib.IMAP4(sys.argv[1], int(sys.argv[2]), timeout=60)
imap.login(sys.argv[3], sys.argv[4])
imap.select("INBOX")
imap.send(b"i1 IDLE\r\n")
imap.readline()
print("idling", flush=True)
while True:
    line = imap.readline()
    if not line:
        print("closed", flush=True)
        break
    print("got " + line.decode(errors="replace").strip(), flush=True)
