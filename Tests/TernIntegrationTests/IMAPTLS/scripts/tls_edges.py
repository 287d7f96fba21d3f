#!/usr/bin/env python3
"""TLS edge cases against tern dev, run once per TLS engine (nio-ssl, openssl).

    tls_edges.py --host H --imap-port P --imaps-port S --user U --password PW
Checks, over implicit TLS unless said otherwise:
- a handshake that never finishes (half a ClientHello on imaps; nothing after STARTTLS) is closed by the server
  (after [limits] tls_handshake_timeout_seconds; no timing is asserted, only that the close comes);
- a client writing its handshake and a command one byte per send (the server sees short reads) is served;
- a 4 MiB message APPENDed and FETCHed back is byte-for-byte the same (large writes both ways);
- a client's close_notify is answered with the server's (ssl unwrap succeeds), and LOGOUT ends with the
  server's close_notify (a clean EOF, not a ragged one);
- a TLS 1.2 renegotiation asked by `openssl s_client` (its R command) is refused: the command sent after it is
  never answered in a renegotiated session.
Exit 1 on any failure.
"""
import argparse
import os
import socket
import ssl
import subprocess
import sys
import time

failures = 0
DEADLINE = 120  # seconds; the full parallel test run starves processes for a long time


def check(label, actual, expected):
    global failures
    if actual == expected:
        print(f"ok   {label}", flush=True)
    else:
        failures += 1
        print(f"FAIL {label}\n     expected: {expected!r}\n     actual:   {actual!r}", flush=True)


def context():
    # Self-signed: these checks are about the transport, not trust (imap_tls.py pins the fingerprint).
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def read_until_tagged(tls, tag):
    """Reads until the line tagged `tag`; returns everything read."""
    buffered = b""
    marker = b"\r\n" + tag + b" "
    while not (buffered.startswith(tag + b" ") or marker in buffered) or not buffered.endswith(b"\r\n"):
        chunk = tls.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before {tag!r}: {buffered[-200:]!r}")
        buffered += chunk
    return buffered


def closed_by_server(sock):
    """True when the server closes the socket within DEADLINE (EOF or reset), False on timeout."""
    sock.settimeout(DEADLINE)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def stalled_handshakes(args):
    """Opens the two stalled handshakes; their closes are awaited at the end, so the deadline runs meanwhile."""
    implicit = socket.create_connection((args.host, args.imaps_port), timeout=30)
    # The first bytes of a TLS 1.2 ClientHello record header and handshake header, then silence.
    implicit.sendall(bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01]))
    starttls = socket.create_connection((args.host, args.imap_port), timeout=30)
    reader = starttls.makefile("rb")
    reader.readline()
    starttls.sendall(b"t1 STARTTLS\r\n")
    answer = reader.readline()
    check("stalled STARTTLS answered OK", answer.split(b" ")[:2], [b"t1", b"OK"])
    return implicit, starttls


def byte_at_a_time(args):
    raw = socket.create_connection((args.host, args.imaps_port), timeout=30)
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context().wrap_bio(incoming, outgoing, server_side=False)

    def send_bytewise():
        data = outgoing.read()
        for i in range(len(data)):
            raw.sendall(data[i:i + 1])
            time.sleep(0.001)  # lets the server read most bytes on their own

    def pump_in():
        chunk = raw.recv(65536)
        if not chunk:
            raise ConnectionError("server closed during byte-at-a-time exchange")
        incoming.write(chunk)

    while True:
        try:
            tls.do_handshake()
            break
        except ssl.SSLWantReadError:
            send_bytewise()
            pump_in()
    send_bytewise()
    received = b""

    def read_line_tagged(tag):
        nonlocal received
        while (b"\r\n" + tag + b" ") not in (b"\r\n" + received) or not received.endswith(b"\r\n"):
            try:
                received += tls.read(65536)
            except ssl.SSLWantReadError:
                send_bytewise()
                pump_in()
        return received

    read_line_tagged(b"*")  # the greeting
    check("byte-at-a-time greeting", received.startswith(b"* OK"), True)
    received = b""
    tls.write(b"b1 LOGIN " + args.user.encode() + b" " + args.password.encode() + b"\r\nb2 NOOP\r\n")
    send_bytewise()
    read_line_tagged(b"b2")
    tagged = [line.split(b" ")[:2] for line in received.split(b"\r\n") if line.startswith(b"b")]
    check("byte-at-a-time LOGIN and NOOP", tagged, [[b"b1", b"OK"], [b"b2", b"OK"]])
    raw.close()


def large_message(args):
    raw = socket.create_connection((args.host, args.imaps_port), timeout=DEADLINE)
    tls = context().wrap_socket(raw)
    tls.recv(4096)  # greeting
    tls.sendall(b"l1 LOGIN " + args.user.encode() + b" " + args.password.encode() + b"\r\n")
    read_until_tagged(tls, b"l1")
    body = os.urandom(3 * 1024 * 1024 // 2).hex().encode()  # 3 MiB of hex text
    lines = b"\r\n".join(body[i:i + 76] for i in range(0, len(body), 76))
    message = b"Subject: large\r\nFrom: a@example.org\r\nTo: b@example.org\r\n\r\n" + lines + b"\r\n"
    tls.sendall(b"l2 APPEND INBOX {" + str(len(message)).encode() + b"}\r\n")
    continuation = tls.recv(4096)
    check("APPEND continuation", continuation.startswith(b"+"), True)
    tls.sendall(message + b"\r\n")
    answer = read_until_tagged(tls, b"l2")
    check("large APPEND OK", answer.split(b"\r\n")[-2].split(b" ")[:2], [b"l2", b"OK"])
    tls.sendall(b"l3 SELECT INBOX\r\n")
    selected = read_until_tagged(tls, b"l3")
    exists = [int(line.split(b" ")[1]) for line in selected.split(b"\r\n") if line.endswith(b" EXISTS")]
    tls.sendall(b"l4 FETCH " + str(exists[-1]).encode() + b" BODY.PEEK[]\r\n")
    fetched = read_until_tagged(tls, b"l4")
    header, _, rest = fetched.partition(b"}\r\n")
    length = int(header.rsplit(b"{", 1)[1])
    check("large FETCH literal length", length, len(message))
    check("large FETCH bytes equal", rest[:length] == message, True)
    tls.sendall(b"l5 LOGOUT\r\n")
    read_until_tagged(tls, b"l5")
    tls.close()


def close_notify(args):
    # The client closes first: unwrap() sends close_notify and returns once the server's arrives.
    raw = socket.create_connection((args.host, args.imaps_port), timeout=DEADLINE)
    tls = context().wrap_socket(raw)
    tls.recv(4096)
    try:
        tls.unwrap()
        answered = True
    except (ssl.SSLError, OSError) as error:
        answered = f"{error!r}"
    check("client close_notify answered by the server's", answered, True)
    raw.close()

    # The server closes first (LOGOUT): its close_notify makes a clean EOF (a ragged one raises here).
    raw = socket.create_connection((args.host, args.imaps_port), timeout=DEADLINE)
    tls = context().wrap_socket(raw, suppress_ragged_eofs=False)
    tls.recv(4096)
    tls.sendall(b"c1 LOGOUT\r\n")
    read_until_tagged(tls, b"c1")
    try:
        end = tls.recv(4096)
    except (ssl.SSLError, OSError) as error:
        end = f"{error!r}"
    check("LOGOUT ends with the server's close_notify", end, b"")
    raw.close()


def renegotiation(args):
    # s_client reads commands from stdin: R asks for a TLS 1.2 renegotiation. The server refuses it (OpenSSL
    # sends a no_renegotiation alert, BoringSSL closes), so r2, sent after R, is never answered in a renegotiated
    # session. The pauses only order input for s_client; nothing asserts a time.
    process = subprocess.Popen(
        ["openssl", "s_client", "-connect", f"{args.host}:{args.imaps_port}", "-tls1_2"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for line, pause in ((b"r1 NOOP\n", 2), (b"R\n", 3), (b"r2 NOOP\n", 3)):
            process.stdin.write(line)
            process.stdin.flush()
            time.sleep(pause)
        process.stdin.close()
    except BrokenPipeError:
        pass
    try:
        process.wait(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        process.kill()
    text = process.stdout.read().decode("utf-8", "replace")
    check("first NOOP answered", "r1 OK" in text, True)
    check("s_client asked to renegotiate", "RENEGOTIATING" in text, True)
    check("renegotiation refused (no answer to r2)", "r2 OK" in text, False)
    print(text[text.find("RENEGOTIATING"):][:400], flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--imap-port", type=int, required=True)
    parser.add_argument("--imaps-port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()

    implicit, starttls = stalled_handshakes(args)
    byte_at_a_time(args)
    large_message(args)
    close_notify(args)
    renegotiation(args)
    check("stalled implicit-TLS handshake closed by the server", closed_by_server(implicit), True)
    check("stalled STARTTLS handshake closed by the server", closed_by_server(starttls), True)

    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
