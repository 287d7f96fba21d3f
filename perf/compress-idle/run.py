#!/usr/bin/env python3
"""Memory of idle COMPRESS=DEFLATE sessions (docs/performance.md, "COMPRESS=DEFLATE").

    perf/compress-idle/run.py --tern PATH/TO/tern [--sessions 200] [--mode plain|compress|compress-fetch]...

For each mode, a fresh `tern dev` (file store, fresh data directory, free loopback ports): one message
of ~150 KiB of text is appended to alice's INBOX, a few warm-up sessions come and go, then N sessions
each do LOGIN, SELECT INBOX and, by mode,
  plain           nothing more;
  plain-fetch     FETCH 1 BODY.PEEK[];
  compress        COMPRESS DEFLATE and a compressed NOOP;
  compress-fetch  as compress, then FETCH 1 BODY.PEEK[] (the compressor's window and hash fully used);
and all of them then wait in IDLE. The server's VmRSS (/proc/PID/status) before the N sessions and
after they have idled 5 s gives the cost per session. One line per mode."""
import argparse, imaplib, os, shutil, socket, subprocess, sys, tempfile, time, zlib


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


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


BODY = b"Subject: minutes\r\n\r\n" + b"".join(
    b"Item %d: the committee discussed the budget and agreed to meet again next week.\r\n" % i
    for i in range(1800))


class Session:
    """One raw IMAP connection; after `compress()` both directions are raw DEFLATE (Python's zlib)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.inflater = None
        self.deflater = None
        self.buffer = b""
        self.line()

    def send(self, data):
        if self.deflater:
            data = self.deflater.compress(data) + self.deflater.flush(zlib.Z_SYNC_FLUSH)
        self.sock.sendall(data)

    def line(self):
        while b"\r\n" not in self.buffer:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("server closed")
            self.buffer += self.inflater.decompress(data) if self.inflater else data
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def command(self, tag, text):
        self.send(tag + b" " + text + b"\r\n")
        while True:
            line = self.line()
            if line.startswith(tag + b" "):
                if not line.startswith(tag + b" OK"):
                    raise RuntimeError(line)
                return

    def compress(self):
        self.command(b"c", b"COMPRESS DEFLATE")
        self.inflater = zlib.decompressobj(wbits=-15)
        self.deflater = zlib.compressobj(6, zlib.DEFLATED, -15)

    def idle(self):
        self.send(b"i IDLE\r\n")
        if not self.line().startswith(b"+"):
            raise RuntimeError("no IDLE continuation")


def open_session(port, mode):
    session = Session(port)
    session.command(b"l", b"LOGIN alice hunter2")
    session.command(b"s", b"SELECT INBOX")
    if mode.startswith("compress"):
        session.compress()
        session.command(b"n", b"NOOP")
    if mode.endswith("fetch"):
        session.command(b"f", b"FETCH 1 BODY.PEEK[]")
    session.idle()
    return session


def measure(tern, mode, count):
    data = tempfile.mkdtemp(prefix="tern-compress-idle-")
    imap, imaps, lmtp, auth = free_port(), free_port(), free_port(), free_port()
    server = subprocess.Popen(
        [tern, "dev", "--data", data, "--imap", f"127.0.0.1:{imap}", "--imaps", f"127.0.0.1:{imaps}",
         "--lmtp", f"127.0.0.1:{lmtp}", "--auth", f"127.0.0.1:{auth}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(imap)
        client = imaplib.IMAP4("127.0.0.1", imap)
        client.login("alice", "hunter2")
        client.append("INBOX", None, None, BODY)
        client.logout()
        warm = [open_session(imap, mode) for _ in range(10)]
        for session in warm:
            session.sock.close()
        time.sleep(3)
        before = rss_kib(server.pid)
        sessions = [open_session(imap, mode) for _ in range(count)]
        time.sleep(5)
        after = rss_kib(server.pid)
        print(f"{mode:15} sessions {count}: RSS {before} -> {after} KiB, {(after - before) / count:.1f} KiB per session")
        for session in sessions:
            session.sock.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)


MODES = ["plain", "compress", "plain-fetch", "compress-fetch"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tern", required=True)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--mode", action="append", choices=MODES)
    args = parser.parse_args()
    for mode in args.mode or MODES:
        measure(args.tern, mode, args.sessions)


if __name__ == "__main__":
    main()
