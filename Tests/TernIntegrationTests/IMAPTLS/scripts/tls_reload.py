#!/usr/bin/env python3
"""SIGHUP reloads the TLS certificate of a running tern without dropping sessions.

    tls_reload.py --host H --imap-port P --imaps-port S --pid PID --cert C --key K --log L --user U --password PW
Opens an implicit-TLS and a STARTTLS session (logged in), writes a new self-signed pair (openssl) over the
configured files and sends SIGHUP: new connections (both kinds) must present the new certificate while the two
open sessions keep theirs and still answer NOOP. Then garbage in place of the certificate and another SIGHUP:
the server logs the refusal and keeps presenting the new certificate. Exit 1 on any failure.
"""
import argparse
import hashlib
import imaplib
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

failures = 0
DEADLINE = 120  # seconds; the full parallel test run starves processes for a long time


def check(label, actual, expected):
    global failures
    if actual == expected:
        print(f"ok   {label}")
    else:
        failures += 1
        print(f"FAIL {label}\n     expected: {expected!r}\n     actual:   {actual!r}")


def hex_pairs(der):
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def context():
    # Self-signed: trust is the fingerprint comparison.
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def implicit_fingerprint(args):
    with socket.create_connection((args.host, args.imaps_port), timeout=30) as raw:
        with context().wrap_socket(raw) as tls:
            return hex_pairs(tls.getpeercert(binary_form=True))


def starttls_fingerprint(args):
    imap = imaplib.IMAP4(args.host, args.imap_port, timeout=30)
    imap.starttls(ssl_context=context())
    fingerprint = hex_pairs(imap.sock.getpeercert(binary_form=True))
    imap.logout()
    return fingerprint


def replace(path, data):
    # Atomically, as certbot's deploy hooks or `install` do.
    directory = os.path.dirname(path)
    with tempfile.NamedTemporaryFile(dir=directory, delete=False) as handle:
        handle.write(data)
    os.chmod(handle.name, 0o600)
    os.replace(handle.name, path)


def new_pair():
    with tempfile.TemporaryDirectory() as directory:
        cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-subj", "/CN=localhost", "-days", "2", "-keyout", key, "-out", cert],
            check=True, capture_output=True)
        with open(cert, "rb") as c, open(key, "rb") as k:
            return c.read(), k.read()


def log_count(path, text):
    with open(path, "r", errors="replace") as handle:
        return handle.read().count(text)


def noop(session, label):
    typ, _ = session.noop()
    check(label, typ, "OK")


def main():
    parser = argparse.ArgumentParser()
    for name in ["--host", "--pid", "--imap-port", "--imaps-port", "--cert", "--key", "--log", "--user", "--password"]:
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    pid = int(args.pid)

    implicit = imaplib.IMAP4_SSL(args.host, int(args.imaps_port), ssl_context=context(), timeout=30)
    implicit.login(args.user, args.password)
    old = hex_pairs(implicit.sock.getpeercert(binary_form=True))
    starttls = imaplib.IMAP4(args.host, int(args.imap_port), timeout=30)
    starttls.starttls(ssl_context=context())
    starttls.login(args.user, args.password)
    check("STARTTLS session starts with the same certificate", hex_pairs(starttls.sock.getpeercert(binary_form=True)), old)

    cert, key = new_pair()
    expected = hex_pairs(ssl.PEM_cert_to_DER_cert(cert.decode()))
    replace(args.key, key)
    replace(args.cert, cert)
    os.kill(pid, signal.SIGHUP)
    seen = old
    deadline = time.monotonic() + DEADLINE
    while seen != expected and time.monotonic() < deadline:
        time.sleep(0.2)
        seen = implicit_fingerprint(args)
    check("a new implicit-TLS connection presents the new certificate", seen, expected)
    check("a new STARTTLS connection presents the new certificate", starttls_fingerprint(args), expected)
    check("the open implicit-TLS session keeps its certificate", hex_pairs(implicit.sock.getpeercert(binary_form=True)), old)
    noop(implicit, "the open implicit-TLS session still answers NOOP")
    noop(starttls, "the open STARTTLS session still answers NOOP")

    refusals = log_count(args.log, "TLS certificate not reloaded")
    replace(args.cert, b"-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n")
    os.kill(pid, signal.SIGHUP)
    deadline = time.monotonic() + DEADLINE
    while log_count(args.log, "TLS certificate not reloaded") == refusals and time.monotonic() < deadline:
        time.sleep(0.2)
    check("a broken certificate file is refused in the log", log_count(args.log, "TLS certificate not reloaded"), refusals + 1)
    check("after the broken file, new connections keep the new certificate", implicit_fingerprint(args), expected)
    noop(implicit, "the open implicit-TLS session survives the broken reload")

    implicit.logout()
    starttls.logout()
    print("done" if failures == 0 else f"{failures} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
