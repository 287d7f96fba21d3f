"""Helpers for building corpus messages (see generate.py). Deterministic: one seeded RNG."""
import base64
import quopri
import random

rng = random.Random(20261125)
corpus = {}

WORDS = ("the quick brown fox jumps over lazy dog mail server message header body part boundary "
         "meeting agenda project report budget quarter review lunch team update please note attached "
         "invoice schedule tomorrow thanks regards question answer draft final version").split()


def words(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def paragraph(lines=4, width=8):
    return "\r\n".join(words(width).capitalize() + "." for _ in range(lines))


def b64(data, width=76):
    enc = base64.b64encode(data).decode()
    return "\r\n".join(enc[i:i + width] for i in range(0, len(enc), width))


def qp(text, charset="utf-8"):
    raw = text.encode(charset) if isinstance(text, str) else text
    out = quopri.encodestring(raw.replace(b"\r\n", b"\n")).decode("ascii")
    return out.replace("\n", "\r\n")


def binary(n):
    return bytes(rng.randrange(256) for _ in range(n))


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(13)


def hdrs(**over):
    """Common top-level headers; keyword values override, None drops a field."""
    n = len(corpus) + 1
    base = [
        ("Return-Path", "<alice@example.org>"),
        ("Received", "from mx.example.org (mx.example.org [192.0.2.10])\r\n\tby mail.example.net with ESMTPS id 4F3k2\r\n\tfor <bob@example.net>; Tue, 5 Mar 2024 09:07:01 +0100"),
        ("From", "Alice Example <alice@example.org>"),
        ("To", "Bob Example <bob@example.net>"),
        ("Subject", "Message %d: %s" % (n, words(4))),
        ("Date", "Tue, 5 Mar 2024 09:%02d:%02d +0100" % (n % 60, (n * 7) % 60)),
        ("Message-ID", "<msg%d.%d@example.org>" % (n, rng.randrange(10**8))),
        ("MIME-Version", "1.0"),
    ]
    fields = dict((k.replace("_", "-").lower(), v) for k, v in over.items())
    out = []
    seen = set()
    for name, value in base:
        key = name.lower()
        seen.add(key)
        if key in fields:
            if fields[key] is not None:
                out.append((name, fields[key]))
        else:
            out.append((name, value))
    for k, v in over.items():
        name = k.replace("_", "-")
        if name.lower() not in seen and v is not None:
            out.append((name, v))
    return out


def head(fields):
    return "".join("%s: %s\r\n" % (k, v) for k, v in fields)


def part(fields, body):
    """A MIME part: header fields (list of tuples) + body (str or bytes)."""
    h = head(fields).encode("utf-8") if fields is not None else b""
    b = body.encode("utf-8") if isinstance(body, str) else body
    return h + b"\r\n" + b


def multipart(boundary, parts, preamble="This is a multi-part message in MIME format.", epilogue=""):
    out = b""
    if preamble is not None:
        out += preamble.encode() + b"\r\n"
    for p in parts:
        out += b"--" + boundary.encode() + b"\r\n" + p + b"\r\n"
    out += b"--" + boundary.encode() + b"--\r\n"
    if epilogue:
        out += epilogue.encode() + b"\r\n"
    return out


def message(fields, body):
    return part(fields, body)


def add(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    assert name not in corpus, name
    corpus[name] = data


def text_part(text, subtype="plain", charset="utf-8", cte=None, extra=()):
    fields = [("Content-Type", "text/%s; charset=%s" % (subtype, charset) if charset else "text/%s" % subtype)]
    if cte in ("qp", "quoted-printable"):
        fields.append(("Content-Transfer-Encoding", "quoted-printable"))
        body = qp(text, charset or "utf-8")
    elif cte == "base64":
        fields.append(("Content-Transfer-Encoding", "base64"))
        body = b64(text.encode(charset or "utf-8"))
    elif cte:
        fields.append(("Content-Transfer-Encoding", cte))
        body = text
    else:
        body = text
    return part(fields + list(extra), body)


def html_of(text):
    inner = "".join("<p>%s</p>\r\n" % line for line in text.split("\r\n"))
    return "<html>\r\n<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head>\r\n<body>\r\n%s</body>\r\n</html>\r\n" % inner

