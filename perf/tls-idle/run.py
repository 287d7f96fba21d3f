#!/usr/bin/env python3
"""Memory of idle TLS sessions per TLS engine (docs/performance.md, "Idle TLS sessions by engine").

    perf/tls-idle/run.py --tern PATH/TO/tern [--sessions 1000] [--engine nio-ssl|openssl]... [--mode M]...

For each engine and mode, a fresh `tern dev --tls-engine ENGINE --metrics ...` (file store, fresh data
directory, free loopback ports): one message of ~150 KiB is appended to alice's INBOX, a few warm-up sessions
come and go, then N sessions each connect by implicit TLS (Python's ssl, TLS 1.3), LOGIN, SELECT INBOX and, by mode,
  plain      nothing more, over plain IMAP instead of TLS (the baseline; the engine does not matter);
  tls        nothing more;
  tls-fetch  FETCH 1 BODY.PEEK[] (full-size records both ways before idling);
and all of them then wait in IDLE. Before the N sessions and after they have idled 5 s: the server's VmRSS
(/proc/PID/status), its PSS (/proc/PID/smaps_rollup) and jemalloc's live heap (`tern_jemalloc_allocated_bytes`
from /metrics). One line per engine and mode, the differences divided by N."""
import argparse, imaplib, shutil, socket, ssl, subprocess, sys, tempfile, time, urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, deadline=120):
    end = time.time() + deadline
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on {port}")


def proc_kib(path, key):
    with open(path) as file:
        for line in file:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def heap_bytes(metrics_port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=30).read().decode()
    for line in text.splitlines():
        if line.startswith("tern_jemalloc_allocated_bytes"):
            return float(line.split()[-1])
    return 0.0


def sample(pid, metrics_port):
    return (proc_kib(f"/proc/{pid}/status", "VmRSS:"), proc_kib(f"/proc/{pid}/smaps_rollup", "Pss:"),
            heap_bytes(metrics_port) / 1024)


BODY = b"Subject: minutes\r\n\r\n" + b"".join(
    b"Item %d: the committee discussed the budget and agreed to meet again next week.\r\n" % i
    for i in range(1800))

CONTEXT = ssl.create_default_context()
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE


class Session:
    def __init__(self, port, tls):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        if tls:
            self.sock = CONTEXT.wrap_socket(self.sock)
        self.buffer = b""
        self.line()

    def line(self):
        while b"\r\n" not in self.buffer:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("server closed")
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def command(self, tag, text):
        self.sock.sendall(tag + b" " + text + b"\r\n")
        while True:
            line = self.line()
            if line.startswith(tag + b" "):
                if not line.startswith(tag + b" OK"):
                    raise RuntimeError(line)
                return

    def idle(self):
        self.sock.sendall(b"i IDLE\r\n")
        if not self.line().startswith(b"+"):
            raise RuntimeError("no IDLE continuation")


def open_session(ports, mode):
    session = Session(ports[0], tls=False) if mode == "plain" else Session(ports[1], tls=True)
    session.command(b"l", b"LOGIN alice hunter2")
    session.command(b"s", b"SELECT INBOX")
    if mode == "tls-fetch":
        session.command(b"f", b"FETCH 1 BODY.PEEK[]")
    session.idle()
    return session


def measure(tern, engine, mode, count):
    data = tempfile.mkdtemp(prefix="tern-tls-idle-")
    imap, imaps, lmtp, auth, metrics = (free_port() for _ in range(5))
    server = subprocess.Popen(
        [tern, "dev", "--data", data, "--tls-engine", engine, "--imap", f"127.0.0.1:{imap}", "--imaps",
         f"127.0.0.1:{imaps}", "--lmtp", f"127.0.0.1:{lmtp}", "--auth", f"127.0.0.1:{auth}", "--metrics",
         f"127.0.0.1:{metrics}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(imap)
        wait_for(metrics)
        client = imaplib.IMAP4("127.0.0.1", imap)
        client.login("alice", "hunter2")
        client.append("INBOX", None, None, BODY)
        client.logout()
        warm = [open_session((imap, imaps), mode) for _ in range(10)]
        for session in warm:
            session.sock.close()
        time.sleep(3)
        before = sample(server.pid, metrics)
        sessions = [open_session((imap, imaps), mode) for _ in range(count)]
        time.sleep(5)
        after = sample(server.pid, metrics)
        per = [(b - a) / count for a, b in zip(before, after)]
        print(f"{engine:8} {mode:10} sessions {count}: per session RSS {per[0]:.1f} KiB, PSS {per[1]:.1f} KiB, "
              f"jemalloc live heap {per[2]:.1f} KiB (RSS {before[0]} -> {after[0]} KiB)", flush=True)
        for session in sessions:
            session.sock.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tern", required=True)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--engine", action="append", choices=["nio-ssl", "openssl"])
    parser.add_argument("--mode", action="append", choices=["plain", "tls", "tls-fetch"])
    args = parser.parse_args()
    for mode in args.mode or ["tls", "tls-fetch"]:
        for engine in args.engine or ["nio-ssl", "openssl"]:
            measure(args.tern, engine, mode, args.sessions)


if __name__ == "__main__":
    main()
