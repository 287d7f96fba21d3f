#!/usr/bin/env python3
"""Logs in, IDLEs, prints "idling", then prints every line the server sends ("got ...") until it closes.
With a fifth argument "compress", switches on COMPRESS DEFLATE (RFC 4978) first and reads the rest through
a raw inflater; bytes the inflater cannot decode print "corrupt"."""
import imaplib
import socket
import sys
import zlib


def plain(host, port, user, password):
    imap = imaplib.IMAP4(host, port, timeout=60)
    imap.login(user, password)
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


class CompressedLines:
    """Lines of an IMAP connection, uncompressed until `start_compression`, raw DEFLATE after it."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""
        self.inflater = None
        self.deflater = None

    def start_compression(self):
        self.inflater = zlib.decompressobj(wbits=-15)
        self.deflater = zlib.compressobj(wbits=-15)
        if self.buffer:
            self.buffer = self.inflater.decompress(self.buffer)

    def send(self, data):
        if self.deflater:
            data = self.deflater.compress(data) + self.deflater.flush(zlib.Z_SYNC_FLUSH)
        self.sock.sendall(data)

    def readline(self):
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += self.inflater.decompress(chunk) if self.inflater else chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode(errors="replace").rstrip("\r")

    def command(self, tag, text):
        self.send(f"{tag} {text}\r\n".encode())
        while True:
            line = self.readline()
            if line is None or line.startswith(tag + " "):
                return line


def compressed(host, port, user, password):
    lines = CompressedLines(socket.create_connection((host, port), timeout=60))
    lines.readline()
    assert lines.command("a", f"LOGIN {user} {password}").startswith("a OK")
    # The tagged OK is the last plain line; nothing else is sent until it came.
    assert lines.command("c", "COMPRESS DEFLATE").startswith("c OK")
    lines.start_compression()
    assert lines.command("s", "SELECT INBOX").startswith("s OK")
    lines.send(b"i1 IDLE\r\n")
    lines.readline()
    print("idling", flush=True)
    while True:
        try:
            line = lines.readline()
        except zlib.error as error:
            print(f"corrupt: {error}", flush=True)
            break
        if line is None:
            print("closed", flush=True)
            break
        print("got " + line, flush=True)


arguments = sys.argv[1:5]
(compressed if sys.argv[5:6] == ["compress"] else plain)(arguments[0], int(arguments[1]), *arguments[2:4])
