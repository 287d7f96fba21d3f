#!/usr/bin/env python3
"""STARTTLS and implicit TLS against tern dev, with the certificate pinned by its SHA-256 fingerprint.

    imap_tls.py --host H --imap-port P --imaps-port S --fingerprint AB:CD:... --user U --password PW
Checks: STARTTLS advertised before TLS and not after; LOGIN after STARTTLS; plaintext injected after the
STARTTLS command is discarded (RFC 3501 6.2.1 / RFC 7817 5); implicit TLS greeting and LOGIN; the
certificate's fingerprint equals the one tern dev printed. Exit 1 on any failure.
"""
import argparse
import hashlib
import imaplib
import socket
import ssl
import sys

failures = 0


def check(label, actual, expected):
    global failures
    if actual == expected:
        print(f"ok   {label}")
    else:
        failures += 1
        print(f"FAIL {label}\n     expected: {expected!r}\n     actual:   {actual!r}")


def fingerprint(ssl_socket):
    digest = hashlib.sha256(ssl_socket.getpeercert(binary_form=True)).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def context():
    # Self-signed: trust is the fingerprint comparison below, as a user compares it by eye.
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--imap-port", type=int, required=True)
    parser.add_argument("--imaps-port", type=int, required=True)
    parser.add_argument("--fingerprint", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()

    # STARTTLS with imaplib.
    imap = imaplib.IMAP4(args.host, args.imap_port, timeout=30)
    check("STARTTLS advertised in plaintext", "STARTTLS" in imap.capabilities, True)
    typ, _ = imap.starttls(ssl_context=context())
    check("STARTTLS answered OK", typ, "OK")
    check("STARTTLS certificate fingerprint", fingerprint(imap.sock), args.fingerprint)
    typ, data = imap.capability()
    check("STARTTLS no longer advertised under TLS", b"STARTTLS" in data[0].split(), False)
    typ, _ = imap.login(args.user, args.password)
    check("LOGIN after STARTTLS", typ, "OK")
    typ, data = imap.select("INBOX")
    check("SELECT INBOX under TLS", typ, "OK")
    imap.logout()

    # Injection: plaintext pipelined after STARTTLS must not be executed after the handshake.
    raw = socket.create_connection((args.host, args.imap_port), timeout=30)
    reader = raw.makefile("rb")
    reader.readline()
    raw.sendall(b"s1 STARTTLS\r\ns2 LOGIN " + args.user.encode() + b" " + args.password.encode() + b"\r\n")
    line = reader.readline()
    check("injected STARTTLS answered OK", line.split(b" ")[:2], [b"s1", b"OK"])
    tls = context().wrap_socket(raw)
    tls.settimeout(30)
    tls.sendall(b"s3 NOOP\r\n")
    answers = []
    buffered = b""
    while not buffered.endswith(b"\r\n") or not any(l.startswith(b"s3 ") for l in buffered.split(b"\r\n")):
        chunk = tls.recv(4096)
        if not chunk:
            break
        buffered += chunk
    answers = [l for l in buffered.split(b"\r\n") if l]
    check("injected LOGIN was discarded (no answer to s2)", [a for a in answers if a.startswith(b"s2 ")], [])
    check("session answers after TLS", [a.split(b" ")[:2] for a in answers if a.startswith(b"s3 ")], [[b"s3", b"OK"]])
    tls.close()

    # Implicit TLS.
    imaps = imaplib.IMAP4_SSL(args.host, args.imaps_port, ssl_context=context(), timeout=30)
    check("implicit TLS greeting", imaps.welcome.startswith(b"* OK"), True)
    check("implicit TLS certificate fingerprint", fingerprint(imaps.sock), args.fingerprint)
    check("no STARTTLS on implicit TLS", "STARTTLS" in imaps.capabilities, False)
    typ, _ = imaps.login(args.user, args.password)
    check("LOGIN over implicit TLS", typ, "OK")
    typ, data = imaps.list('""', '"*"')
    names = sorted(line.rsplit(b" ", 1)[-1].strip(b'"') for line in data)
    check("six default mailboxes", names, sorted([b"INBOX", b"Archive", b"Drafts", b"Junk", b"Sent", b"Trash"]))
    imaps.logout()

    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
