#!/usr/bin/env python3
"""IMAP scenarios driven by Python's imaplib, one per command family, with exact expected results.

The same scenarios run against Tern and against a throwaway Dovecot (scripts/services/dovecot.sh) and
must give the same observable results. Where the servers may legitimately differ, the expectation is
an `Either` naming the RFC clause that allows both (see DIFFERENCES below); nothing else may differ.

    imap_scenarios.py --host H --port P --user U --password PW --server tern|dovecot SCENARIO...
    imap_scenarios.py --list

Each scenario expects a fresh user (empty INBOX; Tern adds its default mailboxes, which the
scenarios never list). Output: one "ok"/"FAIL" line per check; exit status 1 if any check failed.
"""
import argparse
import imaplib
import re
import socket
import sys
import time
import zlib

imaplib.Commands.setdefault("MOVE", ("SELECTED",))
imaplib.Commands.setdefault("UNSELECT", ("SELECTED",))
imaplib.Commands.setdefault("ENABLE", ("AUTH",))
imaplib.Commands.setdefault("IDLE", ("SELECTED",))
imaplib.Commands.setdefault("ID", ("NONAUTH", "AUTH", "SELECTED"))
imaplib.Commands.setdefault("COMPRESS", ("AUTH", "SELECTED"))

# Differences between Tern and Dovecot that the RFCs allow, by check label.
DIFFERENCES = {
    "delimiter": "RFC 3501 5.1.1: the hierarchy delimiter is the server's choice (Dovecot maildir: '.', Tern: '/')",
    "login-failure-code": "RFC 5530 3: AUTHENTICATIONFAILED is optional; a plain NO is conformant",
    "rename-inbox": "RFC 3501 6.3.5 defines RENAME INBOX; Dovecot's maildir refuses it with NO, Tern implements it",
    "examine-store": "RFC 3501 6.3.2 forbids changes under EXAMINE without fixing the answer: Dovecot OK, Tern NO",
    "flags-order": "RFC 3501 7.4.2: FLAGS is a list whose order carries no meaning (compared as sets)",
    "internaldate-zone": "RFC 3501 2.3.3: Dovecot keeps the instant, not the zone (compared as instants)",
    "compress-unknown": "RFC 4978 3 answers an unknown argument with BAD (Tern); Dovecot answers NO",
    "recent": "RFC 3501 2.3.2 leaves which session gets \\Recent to the server; RFC 9051 removed it (ignored)",
}


class Either:
    """An expectation satisfied by any of several values (with the RFC reason in DIFFERENCES)."""

    def __init__(self, *values):
        self.values = values

    def matches(self, actual):
        return any(actual == value for value in self.values)

    def __repr__(self):
        return " or ".join(repr(v) for v in self.values)


class Checker:
    def __init__(self, server):
        self.server = server
        self.failures = 0

    def check(self, label, actual, expected):
        ok = expected.matches(actual) if isinstance(expected, Either) else actual == expected
        if ok:
            print(f"ok   {label}")
        else:
            self.failures += 1
            print(f"FAIL {label}\n     expected: {expected!r}\n     actual:   {actual!r}")
        return ok

    def true(self, label, condition, detail=""):
        return self.check(label + (f" ({detail})" if detail else ""), bool(condition), True)


class Session:
    """A logged-in imaplib connection plus helpers that normalise the server's hierarchy delimiter."""

    def __init__(self, args):
        self.args = args
        self.imap = imaplib.IMAP4(args.host, args.port, timeout=60)
        typ, _ = self.imap.login(args.user, args.password)
        assert typ == "OK"
        typ, data = self.imap.list('""', '""')
        match = re.match(rb'\(.*\) (NIL|"(.)") ', data[0] or b"")
        self.delimiter = match.group(2).decode() if match and match.group(2) else "/"

    def name(self, path):
        """A mailbox path written with '/' in the server's delimiter."""
        return path.replace("/", self.delimiter)

    def q(self, path):
        return '"' + self.name(path) + '"'

    def listed(self, data):
        """LIST/LSUB data as sorted (attributes without \\HasChildren-style extras, name with '/')."""
        result = []
        for line in data:
            if line is None:
                continue
            match = re.match(rb'\(([^)]*)\) (?:NIL|"[^"]*") (.*)$', line)
            if not match:
                result.append(("?", line.decode(errors="replace")))
                continue
            attributes = sorted(
                a for a in match.group(1).decode().split()
                if a.lower() in ("\\noselect", "\\nonexistent"))
            name = match.group(2).decode()
            if name.startswith('"'):
                name = name[1:-1]
            result.append((" ".join(attributes), name.replace(self.delimiter, "/")))
        return sorted(result)

    def close(self):
        try:
            self.imap.logout()
        except Exception:
            pass


MESSAGE_1 = (
    b"From: Alice Example <alice@example.tld>\r\n"
    b"To: Bob <bob@example.tld>\r\n"
    b"Subject: Quarterly report\r\n"
    b"Date: Mon, 02 Mar 2026 10:00:00 +0000\r\n"
    b"Message-ID: <q1@example.tld>\r\n"
    b"\r\n"
    b"The numbers are in. Revenue grew.\r\n")

MESSAGE_2 = (
    b"From: Bob <bob@example.tld>\r\n"
    b"To: Alice Example <alice@example.tld>\r\n"
    b"Subject: Re: Quarterly report\r\n"
    b"Date: Tue, 03 Mar 2026 11:30:00 +0100\r\n"
    b"Message-ID: <q2@example.tld>\r\n"
    b"In-Reply-To: <q1@example.tld>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    b"\r\n"
    b"--b1\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Great news about the R\xc3\xa9sum\xc3\xa9 and the numbers.\r\n"
    b"--b1\r\n"
    b"Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
    b"Content-Transfer-Encoding: base64\r\n"
    b"\r\n"
    b"AAECAwQFBgc=\r\n"
    b"--b1--\r\n")

MESSAGE_3 = (
    b"From: Carol <carol@example.tld>\r\n"
    b"To: Alice Example <alice@example.tld>\r\n"
    b"Subject: Lunch?\r\n"
    b"Date: Wed, 04 Mar 2026 12:00:00 +0000\r\n"
    b"\r\n"
    b"Shall we meet at noon?\r\n")


def attempt(function, *arguments):
    """Calls an imaplib command; a BAD answer (which imaplib raises) becomes ("BAD", [text])."""
    try:
        return function(*arguments)
    except imaplib.IMAP4.abort:
        raise
    except imaplib.IMAP4.error as error:
        return ("BAD" if "BAD" in str(error) else "NO"), [str(error)]


def status_items(data):
    """STATUS data as {item: value}, whatever order the server chose (RFC 3501 7.2.4)."""
    inside = data[0].rsplit(b"(", 1)[-1].rstrip(b")").split()
    return {inside[i].decode(): int(inside[i + 1]) for i in range(0, len(inside) - 1, 2)}


def flag_set(fetch_line):
    """The FLAGS of a FETCH line as a set without \\Recent (RFC 3501 leaves list order open; \\Recent
    is per-session and left to the server's rules, and RFC 9051 removed it)."""
    match = re.search(rb"FLAGS \(([^)]*)\)", fetch_line)
    return set(match.group(1).split()) - {b"\\Recent"} if match else None


def internal_date(fetch_line):
    """INTERNALDATE as seconds since the epoch: servers may report the same instant in another zone."""
    match = re.search(rb'INTERNALDATE "([^"]+)"', fetch_line)
    return time.mktime(imaplib.Internaldate2tuple(b'INTERNALDATE "' + match.group(1) + b'"')) if match else None


def append(session, mailbox, message, flags="", date='"02-Mar-2026 10:00:00 +0000"'):
    typ, data = session.imap.append(session.q(mailbox) if mailbox != "INBOX" else "INBOX",
                                    flags or None, date, message)
    return typ, data


def uid_of(imap, seq):
    typ, data = imap.fetch(str(seq), "(UID)")
    return int(re.search(rb"UID (\d+)", data[0]).group(1))


def fetch_items(data):
    """Fetch response data as {sequence: bytes of the item list} for non-literal answers."""
    result = {}
    for item in data:
        if isinstance(item, tuple):
            head = item[0]
        else:
            head = item
        if head is None:
            continue
        match = re.match(rb"(\d+) \((.*)", head)
        if match:
            result[int(match.group(1))] = result.get(int(match.group(1)), b"") + match.group(2)
    return result


# --- scenarios -----------------------------------------------------------------------------------

def scenario_any_state(args, c):
    """CAPABILITY, NOOP, ID, LOGOUT (RFC 3501 6.1, RFC 2971)."""
    imap = imaplib.IMAP4(args.host, args.port, timeout=60)
    c.check("greeting is OK", imap.welcome.startswith(b"* OK"), True)
    typ, data = imap.capability()
    caps = set(data[0].upper().split())
    c.check("CAPABILITY answered OK", typ, "OK")
    for cap in [b"IMAP4REV1", b"AUTH=PLAIN", b"SASL-IR", b"ID", b"ENABLE", b"IDLE", b"LITERAL+"]:
        c.check(f"capability {cap.decode()} before login", cap in caps, True)
    typ, _ = imap.noop()
    c.check("NOOP before login", typ, "OK")
    typ, data = imap._simple_command("ID", "NIL")
    c.check("ID NIL", typ, "OK")
    typ, data = imap.login(args.user, args.password)
    c.check("LOGIN", typ, "OK")
    typ, data = imap.capability()
    caps = set(data[0].upper().split())
    for cap in [b"IMAP4REV1", b"IDLE", b"UIDPLUS", b"MOVE", b"ENABLE", b"ID", b"NAMESPACE", b"UNSELECT",
                b"LITERAL+", b"CHILDREN", b"ESEARCH", b"CONDSTORE", b"QRESYNC", b"SORT",
                b"THREAD=REFERENCES", b"BINARY"]:
        c.check(f"capability {cap.decode()} after login", cap in caps, True)
    if args.server == "tern":
        # Dovecot advertises SPECIAL-USE only when its configuration names special-use mailboxes.
        c.check("capability SPECIAL-USE after login", b"SPECIAL-USE" in caps, True)
    typ, data = imap.logout()
    c.check("LOGOUT answers BYE", typ, "BYE")


def scenario_authentication(args, c):
    """LOGIN failures, AUTHENTICATE PLAIN, commands before authentication (RFC 3501 6.2)."""
    imap = imaplib.IMAP4(args.host, args.port, timeout=60)
    try:
        imap.login(args.user, args.password + "-wrong")
        c.check("wrong password refused", "accepted", "NO")
    except imaplib.IMAP4.error as error:
        c.check("wrong password refused", "NO", "NO")
        code = re.match(r"\[([A-Z]+)\]", str(error).lstrip("b'\""))
        c.check("login-failure-code", code.group(1) if code else None, Either("AUTHENTICATIONFAILED", None))
    try:
        imap.select("INBOX")
        c.check("SELECT before login rejected", "accepted", "rejected")
    except imaplib.IMAP4.error:
        c.check("SELECT before login rejected", "rejected", "rejected")
    user, password = args.user, args.password
    typ, data = imap.authenticate("PLAIN", lambda _: f"\0{user}\0{password}".encode())
    c.check("AUTHENTICATE PLAIN", typ, "OK")
    typ, data = imap.select("INBOX")
    c.check("SELECT after AUTHENTICATE", typ, "OK")
    c.check("empty INBOX", data, [b"0"])
    imap.logout()


def scenario_mailboxes(args, c):
    """CREATE, LIST with reference and wildcards, RENAME with children, DELETE, SUBSCRIBE (RFC 3501 6.3)."""
    s = Session(args)
    imap = s.imap
    c.check("delimiter", s.delimiter, Either("/", "."))
    for path in ["Projects", "Projects/Alpha", "Projects/Beta", "Travel"]:
        typ, _ = imap.create(s.q(path))
        c.check(f"CREATE {path}", typ, "OK")
    typ, data = imap.create(s.q("Projects"))
    c.check("CREATE existing mailbox fails", typ, "NO")
    typ, data = imap.list('""', s.q("Projects/%"))
    c.check("LIST Projects/%", s.listed(data), [("", "Projects/Alpha"), ("", "Projects/Beta")])
    typ, data = imap.list('""', '"Pro*"')
    c.check("LIST Pro*", s.listed(data),
            [("", "Projects"), ("", "Projects/Alpha"), ("", "Projects/Beta")])
    typ, data = imap.list(s.q("Projects/"), '"%"')
    c.check("LIST with reference Projects/", s.listed(data), [("", "Projects/Alpha"), ("", "Projects/Beta")])
    typ, data = imap.list('""', '"Travel"')
    c.check("LIST exact name", s.listed(data), [("", "Travel")])
    typ, data = imap.list('""', '"Nonexistent*"')
    c.check("LIST without match", [d for d in data if d], [])
    typ, data = imap.list('""', '"inbox"')
    c.check("LIST inbox is case-insensitive", s.listed(data), [("", "INBOX")])

    typ, _ = imap.rename(s.q("Projects"), s.q("Work"))
    c.check("RENAME Projects Work", typ, "OK")
    typ, data = imap.list('""', '"Work*"')
    c.check("RENAME moved the children", s.listed(data), [("", "Work"), ("", "Work/Alpha"), ("", "Work/Beta")])
    typ, data = imap.list('""', '"Projects*"')
    c.check("old names gone", [d for d in data if d], [])

    typ, _ = imap.subscribe(s.q("Travel"))
    c.check("SUBSCRIBE Travel", typ, "OK")
    typ, data = imap.lsub('""', '"Travel"')
    c.check("LSUB Travel", s.listed(data), [("", "Travel")])
    typ, _ = imap.delete(s.q("Travel"))
    c.check("DELETE Travel", typ, "OK")
    typ, data = imap.list('""', '"Travel"')
    c.check("deleted mailbox not listed", [d for d in data if d], [])
    typ, _ = imap.unsubscribe(s.q("Travel"))
    c.check("UNSUBSCRIBE a deleted mailbox (RFC 3501 6.3.7)", typ, "OK")
    typ, data = imap.lsub('""', '"Travel"')
    c.check("LSUB after UNSUBSCRIBE", [d for d in data if d], [])
    typ, data = imap.delete(s.q("Nonexistent"))
    c.check("DELETE nonexistent fails", typ, "NO")
    typ, data = imap.delete("INBOX")
    c.check("DELETE INBOX fails", typ, "NO")
    typ, data = imap.select(s.q("Nonexistent"))
    c.check("SELECT nonexistent fails", typ, "NO")

    append(s, "Work/Alpha", MESSAGE_1)
    append(s, "Work/Alpha", MESSAGE_3, flags="(\\Seen)")
    typ, data = imap.status(s.q("Work/Alpha"), "(MESSAGES UNSEEN UIDNEXT)")
    items = status_items(data)
    c.check("STATUS MESSAGES UNSEEN", (items.get("MESSAGES"), items.get("UNSEEN")), (2, 1))
    c.true("STATUS UIDNEXT above the last UID", items.get("UIDNEXT", 0) >= 3, items)
    s.close()


def scenario_rename_inbox(args, c):
    """RENAME INBOX moves its messages and leaves an empty INBOX (RFC 3501 6.3.5)."""
    s = Session(args)
    imap = s.imap
    append(s, "INBOX", MESSAGE_1)
    append(s, "INBOX", MESSAGE_2)
    typ, _ = imap.rename("INBOX", s.q("Old"))
    if args.server == "dovecot":
        # Listed difference: Dovecot's maildir storage refuses RENAME INBOX ("NO"), which RFC 3501 6.3.5
        # defines (move the messages, keep an empty INBOX). Tern implements the RFC.
        c.check("rename-inbox (Dovecot refuses)", typ, "NO")
        s.close()
        return
    c.check("RENAME INBOX Old", typ, "OK")
    typ, data = imap.select("INBOX")
    c.check("INBOX still exists and is empty", (typ, data), ("OK", [b"0"]))
    typ, data = imap.select(s.q("Old"))
    c.check("Old holds the two messages", (typ, data), ("OK", [b"2"]))
    s.close()


def scenario_append_select(args, c):
    """APPEND with flags and INTERNALDATE, SELECT/EXAMINE responses, APPENDUID (RFC 3501 6.3.11, 4315)."""
    s = Session(args)
    imap = s.imap
    imap.create(s.q("Box"))
    typ, data = append(s, "Box", MESSAGE_1, flags="(\\Flagged $Important)", date='"05-Mar-2026 08:09:10 +0200"')
    c.check("APPEND", typ, "OK")
    appenduid = re.search(rb"\[APPENDUID (\d+) (\d+)\]", data[0])
    c.true("APPEND answers APPENDUID", appenduid, data[0])
    uidvalidity = appenduid.group(1) if appenduid else b"?"
    typ, data = append(s, "Box", MESSAGE_2)
    second = re.search(rb"\[APPENDUID (\d+) (\d+)\]", data[0])
    c.true("UIDs ascend", appenduid and second and int(second.group(2)) > int(appenduid.group(2)))
    typ, data = imap.append(s.q("Missing"), None, None, MESSAGE_1)
    c.check("APPEND to a missing mailbox says TRYCREATE", (typ, b"[TRYCREATE]" in data[0]), ("NO", True))

    typ, data = imap.select(s.q("Box"))
    c.check("SELECT EXISTS", (typ, data), ("OK", [b"2"]))
    c.check("SELECT RECENT", imap.response("RECENT")[1], [b"2"])
    flags = imap.untagged_responses.get("FLAGS", [b""])[0]
    for flag in [b"\\Answered", b"\\Flagged", b"\\Deleted", b"\\Seen", b"\\Draft"]:
        c.true(f"FLAGS lists {flag.decode()}", flag in flags, flags)
    c.check("SELECT UIDVALIDITY matches APPENDUID", imap.response("UIDVALIDITY")[1], [uidvalidity])
    c.check("SELECT is READ-WRITE", imap.response("READ-WRITE")[0], "READ-WRITE")
    typ, data = imap.fetch("1", "(FLAGS INTERNALDATE)")
    c.check("APPEND kept flags", flag_set(data[0]), {b"\\Flagged", b"$Important"})
    c.check("APPEND kept INTERNALDATE", internal_date(data[0]),
            internal_date(b'INTERNALDATE "05-Mar-2026 08:09:10 +0200"'))
    imap.close()

    typ, data = imap.select(s.q("Box"), readonly=True)
    c.check("EXAMINE", (typ, data), ("OK", [b"2"]))
    c.check("EXAMINE is READ-ONLY", imap.response("READ-ONLY")[0], "READ-ONLY")
    c.check("\\Recent belongs to the first session only", imap.response("RECENT")[1], [b"0"])
    typ, data = attempt(imap.store, "1", "+FLAGS", "(\\Seen)")
    # Listed difference: RFC 3501 6.3.2 forbids changes under EXAMINE but not how to refuse; Dovecot
    # answers OK and changes nothing, Tern answers NO. Either way the flags must stay.
    c.check("STORE in EXAMINE changes nothing", typ, Either("NO", "OK"))
    typ, data = imap.fetch("1", "(FLAGS)")
    c.check("flags unchanged under EXAMINE", flag_set(data[-1]), {b"\\Flagged", b"$Important"})
    s.close()


def scenario_fetch(args, c):
    """FETCH data items: ENVELOPE, BODYSTRUCTURE, sections, partial, \\Seen by BODY[] (RFC 3501 6.4.5)."""
    s = Session(args)
    imap = s.imap
    append(s, "INBOX", MESSAGE_1, date='"02-Mar-2026 10:00:00 +0000"')
    append(s, "INBOX", MESSAGE_2, date='"03-Mar-2026 10:30:00 +0000"')
    imap.select("INBOX")
    typ, data = imap.fetch("1:2", "(RFC822.SIZE)")
    c.check("RFC822.SIZE", data, [b"1 (RFC822.SIZE %d)" % len(MESSAGE_1), b"2 (RFC822.SIZE %d)" % len(MESSAGE_2)])
    typ, data = imap.fetch("1", "(ENVELOPE)")
    c.check("ENVELOPE", data, [
        b'1 (ENVELOPE ("Mon, 02 Mar 2026 10:00:00 +0000" "Quarterly report" (("Alice Example" NIL "alice" '
        b'"example.tld")) (("Alice Example" NIL "alice" "example.tld")) (("Alice Example" NIL "alice" '
        b'"example.tld")) (("Bob" NIL "bob" "example.tld")) NIL NIL NIL "<q1@example.tld>"))'])
    typ, data = imap.fetch("2", "(BODYSTRUCTURE)")
    c.check("BODYSTRUCTURE multipart", data, [
        b'2 (BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 46 0 NIL NIL NIL NIL)'
        b'("application" "octet-stream" ("name" "data.bin") NIL NIL "base64" 12 NIL NIL NIL NIL) "mixed" '
        b'("boundary" "b1") NIL NIL NIL))'])
    typ, data = imap.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])")
    c.check("HEADER.FIELDS", data[0][1],
            b"From: Alice Example <alice@example.tld>\r\nSubject: Quarterly report\r\n\r\n")
    typ, data = imap.fetch("1", "(BODY.PEEK[TEXT])")
    c.check("BODY[TEXT]", data[0][1], b"The numbers are in. Revenue grew.\r\n")
    typ, data = imap.fetch("2", "(BODY.PEEK[2])")
    c.check("BODY[2] (base64 part, raw)", data[0][1], b"AAECAwQFBgc=")
    typ, data = imap.fetch("2", "(BINARY.PEEK[2])")
    c.check("BINARY[2] decodes base64", data[0][1] if typ == "OK" else typ, bytes(range(8)))
    typ, data = imap.fetch("1", "(BODY.PEEK[]<6.5>)")
    c.check("partial BODY[]<6.5>", (data[0][0].split(b" (")[1], data[0][1]), (b"BODY[]<6> {5}", b"Alice"))
    typ, data = imap.fetch("1", "(FLAGS)")
    c.check("PEEK left \\Seen unset", flag_set(data[-1]), set())
    typ, data = imap.fetch("1", "(BODY[])")
    c.check("BODY[] returns the whole message", data[0][1], MESSAGE_1)
    c.true("BODY[] answer includes FLAGS with \\Seen", b"\\Seen" in b"".join(
        d if isinstance(d, bytes) else d[0] for d in data), data)
    typ, data = imap.fetch("1", "(FLAGS)")
    c.check("BODY[] set \\Seen", flag_set(data[-1]), {b"\\Seen"})
    typ, data = imap.uid("FETCH", "1:*", "(FLAGS)")
    uids = {int(re.search(rb"UID (\d+)", d).group(1)) for d in data if d and b"UID" in d}
    c.check("UID FETCH includes UID", len(uids), 2)
    typ, data = attempt(imap.fetch, "3", "(FLAGS)")
    c.check("FETCH beyond EXISTS is BAD", typ, "BAD")
    s.close()


def scenario_store(args, c):
    """STORE +FLAGS / -FLAGS / FLAGS / .SILENT, keywords, UID STORE (RFC 3501 6.4.6)."""
    s = Session(args)
    imap = s.imap
    for message in (MESSAGE_1, MESSAGE_2, MESSAGE_3):
        append(s, "INBOX", message)
    imap.select("INBOX")
    typ, data = imap.store("1:2", "+FLAGS", "(\\Seen work)")
    c.check("STORE +FLAGS", [flag_set(d) for d in data], [{b"\\Seen", b"work"}] * 2)
    typ, data = imap.store("2", "-FLAGS", "(work)")
    c.check("STORE -FLAGS", [flag_set(d) for d in data], [{b"\\Seen"}])
    typ, data = imap.store("3", "FLAGS", "(\\Answered \\Draft)")
    c.check("STORE FLAGS replaces", [flag_set(d) for d in data], [{b"\\Answered", b"\\Draft"}])
    typ, data = imap.store("1", "+FLAGS.SILENT", "(\\Flagged)")
    c.check("STORE .SILENT answers no FETCH", (typ, [d for d in data if d]), ("OK", []))
    typ, data = imap.fetch("1", "(FLAGS)")
    c.check("silent store applied", flag_set(data[-1]), {b"\\Seen", b"\\Flagged", b"work"})
    uid = uid_of(imap, 3)
    typ, data = imap.uid("STORE", str(uid), "+FLAGS", "(\\Seen)")
    c.check("UID STORE answers with UID", [(d.split(b" ")[0], flag_set(d), b"UID %d" % uid in d) for d in data],
            [(b"3", {b"\\Seen", b"\\Answered", b"\\Draft"}, True)])
    typ, data = attempt(imap.store, "1", "+FLAGS", "(\\Bogus)")
    c.check("unknown system flag refused", typ, "BAD")
    s.close()


def scenario_search(args, c):
    """SEARCH keys: flags, headers, dates (SINCE inclusive), BODY/TEXT case-insensitive, OR/NOT, UID (6.4.4)."""
    s = Session(args)
    imap = s.imap
    append(s, "INBOX", MESSAGE_1, date='"02-Mar-2026 10:00:00 +0000"')
    append(s, "INBOX", MESSAGE_2, flags="(\\Seen)", date='"03-Mar-2026 10:00:00 +0000"')
    append(s, "INBOX", MESSAGE_3, flags="(\\Flagged)", date='"04-Mar-2026 10:00:00 +0000"')
    imap.select("INBOX")
    cases = [
        ("ALL", b"1 2 3"), ("SEEN", b"2"), ("UNSEEN", b"1 3"), ("FLAGGED", b"3"),
        ("FROM bob", b"2"), ("FROM BOB@EXAMPLE.TLD", b"2"), ('SUBJECT "quarterly report"', b"1 2"),
        ("TO alice", b"2 3"), ("SINCE 03-Mar-2026", b"2 3"), ("BEFORE 03-Mar-2026", b"1"),
        ("ON 03-Mar-2026", b"2"), ("SENTSINCE 04-Mar-2026", b"3"), ("BODY revenue", b"1"),
        ("TEXT NOON", b"3"), ("BODY résumé", b"2"), ("OR FLAGGED SEEN", b"2 3"),
        ("NOT SEEN", b"1 3"), ("2:3 UNSEEN", b"3"), ("LARGER 300", b"2"),
        ("HEADER Message-ID q2", b"2"), ("NEW", b"1 3"),
    ]
    for criteria, expected in cases:
        if any(ord(ch) > 127 for ch in criteria):
            imap.literal = criteria.split(" ", 1)[1].encode()
            typ, data = imap.search("UTF-8", criteria.split(" ", 1)[0])
        else:
            typ, data = imap.search(None, criteria)
        c.check(f"SEARCH {criteria}", (typ, data), ("OK", [expected]))
    uids = [uid_of(imap, n) for n in (1, 2, 3)]
    typ, data = imap.uid("SEARCH", None, "FLAGGED")
    c.check("UID SEARCH", data, [str(uids[2]).encode()])
    typ, data = attempt(imap.search, None, "NOSUCHKEY")
    c.check("unknown SEARCH key is BAD", typ, "BAD")
    s.close()


def scenario_copy_move_expunge(args, c):
    """COPY (COPYUID), MOVE (COPYUID before EXPUNGE), EXPUNGE, UID EXPUNGE, CLOSE, UNSELECT (6.4, 4315, 6851)."""
    s = Session(args)
    imap = s.imap
    imap.create(s.q("Archive2"))
    for message in (MESSAGE_1, MESSAGE_2, MESSAGE_3):
        append(s, "INBOX", message)
    imap.select("INBOX")
    typ, data = imap.copy("1:2", s.q("Archive2"))
    c.check("COPY", typ, "OK")
    c.true("COPY answers COPYUID", re.search(rb"\[COPYUID \d+ \S+ \S+\]", data[0]), data)
    typ, data = imap.copy("1", s.q("Nowhere"))
    c.check("COPY to missing mailbox says TRYCREATE", (typ, b"[TRYCREATE]" in data[0]), ("NO", True))

    imap.send(b"m1 MOVE 2 " + s.q("Archive2").encode() + b"\r\n")
    lines = []
    while True:
        line = imap.readline()
        lines.append(line.strip())
        if line.startswith(b"m1 "):
            break
    kinds = [(b"COPYUID" if b"COPYUID" in line else line.split(b" ")[2] if line.startswith(b"* ") else b"tagged")
             for line in lines]
    c.check("MOVE: COPYUID, then EXPUNGE, then tagged OK",
            [k for k in kinds if k in (b"COPYUID", b"EXPUNGE", b"tagged")], [b"COPYUID", b"EXPUNGE", b"tagged"])
    c.true("MOVE answered OK", lines[-1].startswith(b"m1 OK"), lines[-1])
    c.check("MOVE expunged message 2", [l for l in lines if l.endswith(b"EXPUNGE")], [b"* 2 EXPUNGE"])

    typ, data = imap.store("1", "+FLAGS.SILENT", "(\\Deleted)")
    typ, data = imap.expunge()
    c.check("EXPUNGE reports the sequence number", (typ, data), ("OK", [b"1"]))
    typ, data = imap.select("INBOX")
    c.check("one message left in INBOX", data, [b"1"])
    typ, data = imap.status(s.q("Archive2"), "(MESSAGES)")
    c.check("Archive2 has the copies and the moved message", data[0].split(b"(")[-1], b"MESSAGES 3)")

    imap.select(s.q("Archive2"))
    uid = uid_of(imap, 3)
    imap.store("1,3", "+FLAGS.SILENT", "(\\Deleted)")
    typ, data = imap.uid("EXPUNGE", str(uid))
    c.check("UID EXPUNGE removes only the named UID", imap.response("EXPUNGE")[1], [b"3"])
    typ, data = imap._simple_command("UNSELECT")
    c.check("UNSELECT", typ, "OK")
    typ, data = imap.status(s.q("Archive2"), "(MESSAGES)")
    c.check("UNSELECT did not expunge", data[0].split(b"(")[-1], b"MESSAGES 2)")
    imap.select(s.q("Archive2"))
    typ, data = imap.close()
    c.check("CLOSE", typ, "OK")
    typ, data = imap.status(s.q("Archive2"), "(MESSAGES)")
    c.check("CLOSE expunged the \\Deleted message", data[0].split(b"(")[-1], b"MESSAGES 1)")
    c.check("no mailbox selected after CLOSE", imap.state, "AUTH")
    s.close()


def scenario_idle(args, c):
    """IDLE sees an APPEND from another connection; DONE ends it (RFC 2177)."""
    s = Session(args)
    imap = s.imap
    imap.select("INBOX")
    imap.send(b"i1 IDLE\r\n")
    line = imap.readline()
    c.check("IDLE continuation", line[:1], b"+")
    other = Session(args)
    append(other, "INBOX", MESSAGE_3)
    other.close()
    imap.sock.settimeout(30)
    line = imap.readline()
    c.check("IDLE reports EXISTS", line.strip(), b"* 1 EXISTS")
    imap.send(b"DONE\r\n")
    rest = []
    while True:
        line = imap.readline()
        rest.append(line.strip())
        if line.startswith(b"i1 "):
            break
    c.true("IDLE ends with tagged OK", rest[-1].startswith(b"i1 OK"), rest)
    s.close()


class InflatingReader:
    """imaplib's `file` after COMPRESS DEFLATE: raw DEFLATE (RFC 1951, wbits -15) from the socket."""

    def __init__(self, sock):
        self.sock = sock
        self.inflater = zlib.decompressobj(wbits=-15)
        self.buffer = bytearray()

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            return False
        self.buffer += self.inflater.decompress(data)
        return True

    def readline(self, limit=-1):
        while b"\n" not in self.buffer and self._fill():
            pass
        end = self.buffer.find(b"\n")
        count = len(self.buffer) if end < 0 else end + 1
        line = bytes(self.buffer[:count])
        del self.buffer[:count]
        return line

    def read(self, size):
        while len(self.buffer) < size and self._fill():
            pass
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def close(self):
        pass


def start_compression(imap):
    """After COMPRESS's tagged OK: everything imaplib sends and reads goes through raw DEFLATE (Python's
    zlib, not the server's), each send ending in a sync flush so the server can act on it at once."""
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
    imap.file = InflatingReader(imap.sock)
    imap.send = lambda data: imap.sock.sendall(deflater.compress(data) + deflater.flush(zlib.Z_SYNC_FLUSH))


LARGE_MESSAGE = (
    b"From: Dave <dave@example.tld>\r\n"
    b"To: Alice Example <alice@example.tld>\r\n"
    b"Subject: Minutes\r\n"
    b"Date: Thu, 05 Mar 2026 09:00:00 +0000\r\n"
    b"Message-ID: <minutes@example.tld>\r\n"
    b"\r\n"
    + b"".join(b"Item %d: the committee discussed the budget and agreed to meet again.\r\n" % i
               for i in range(4000)))


def scenario_compress(args, c):
    """COMPRESS=DEFLATE: refused before login and for an unknown mechanism, then APPEND, SELECT, FETCH
    of a body and an IDLE wake over raw DEFLATE both ways, and a second COMPRESS refused (RFC 4978)."""
    before = imaplib.IMAP4(args.host, args.port, timeout=60)
    before.send(b"c0 COMPRESS DEFLATE\r\n")
    c.check("COMPRESS before login", before.readline().split(b" ")[1], b"BAD")
    before.shutdown()
    s = Session(args)
    imap = s.imap
    typ, data = imap.capability()
    c.true("COMPRESS=DEFLATE advertised after login", b"COMPRESS=DEFLATE" in data[0].split(), data)
    # Listed difference: Dovecot answers an unknown mechanism with NO; RFC 4978 3 (and Tern) with BAD.
    c.check("compress-unknown", attempt(imap._simple_command, "COMPRESS", "NOSUCH")[0],
            "NO" if args.server == "dovecot" else "BAD")
    typ, data = imap._simple_command("COMPRESS", "DEFLATE")
    c.check("COMPRESS DEFLATE", typ, "OK")
    start_compression(imap)
    typ, data = imap.noop()
    c.check("NOOP compressed", typ, "OK")
    c.check("APPEND compressed", append(s, "INBOX", LARGE_MESSAGE)[0], "OK")
    c.check("APPEND of a second message", append(s, "INBOX", MESSAGE_1)[0], "OK")
    typ, data = imap.select("INBOX")
    c.check("SELECT compressed", (typ, data), ("OK", [b"2"]))
    typ, data = imap.fetch("1", "(BODY.PEEK[])")
    c.check("FETCH of a large body compressed", data[0][1] if typ == "OK" else typ, LARGE_MESSAGE)
    typ, data = imap.fetch("2", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    c.check("FETCH of a header field compressed", data[0][1], b"Subject: Quarterly report\r\n\r\n")
    typ, data = imap._simple_command("COMPRESS", "DEFLATE")
    c.check("second COMPRESS", (typ, (data[0] or b"").split(b"]")[0] + b"]"), ("NO", b"[COMPRESSIONACTIVE]"))
    imap.send(b"i1 IDLE\r\n")
    c.check("IDLE continuation compressed", imap.readline()[:1], b"+")
    other = Session(args)
    append(other, "INBOX", MESSAGE_3)
    other.close()
    imap.sock.settimeout(30)
    c.check("IDLE wakes with EXISTS compressed", imap.readline().strip(), b"* 3 EXISTS")
    imap.send(b"DONE\r\n")
    rest = []
    while True:
        line = imap.readline()
        rest.append(line.strip())
        if line.startswith(b"i1 ") or not line:
            break
    c.true("IDLE ends with tagged OK", rest[-1].startswith(b"i1 OK"), rest)
    c.check("LOGOUT compressed", imap.logout()[0], "BYE")


def scenario_errors(args, c):
    """Malformed and out-of-state commands get BAD/NO and the session continues (RFC 3501 7.1)."""
    s = Session(args)
    imap = s.imap

    def raw(command):
        imap.send(command + b"\r\n")
        tag = command.split(b" ")[0]
        while True:
            line = imap.readline()
            if line.startswith(tag + b" "):
                return line.split(b" ")[1]

    c.check("unknown command", raw(b"e1 FROBNICATE"), b"BAD")
    c.check("FETCH without a selected mailbox", raw(b"e2 FETCH 1 FLAGS"), b"BAD")
    c.check("missing arguments", raw(b"e3 CREATE"), b"BAD")
    c.check("unbalanced parenthesis", raw(b'e4 STATUS INBOX (MESSAGES'), b"BAD")
    c.check("bad sequence set", raw(b"e5 SELECT INBOX"), b"OK")
    c.check("FETCH with a malformed set", raw(b"e6 FETCH 1:x FLAGS"), b"BAD")
    c.check("unknown FETCH item", raw(b"e7 FETCH 1 (NOSUCHITEM)"), b"BAD")
    c.check("session still works", raw(b"e8 NOOP"), b"OK")
    s.close()


def scenario_extensions(args, c):
    """NAMESPACE, ENABLE CONDSTORE, MODSEQ and UNCHANGEDSINCE, ESEARCH, SORT, THREAD, STATUS=SIZE (RFC 2342,
    5161, 7162, 4731, 5256, 8438)."""
    s = Session(args)
    imap = s.imap
    typ, data = imap.namespace()
    c.check("NAMESPACE personal namespace", (typ, data[0].startswith(b'(("" "' + s.delimiter.encode() + b'"))')),
            ("OK", True))
    for message, date in ((MESSAGE_3, "04-Mar-2026"), (MESSAGE_1, "02-Mar-2026"), (MESSAGE_2, "03-Mar-2026")):
        append(s, "INBOX", message, date=f'"{date} 10:00:00 +0000"')
    typ, data = imap._simple_command("ENABLE", "CONDSTORE")
    c.check("ENABLE CONDSTORE", (typ, imap.untagged_responses.pop("ENABLED", [b""])[0].upper()), ("OK", b"CONDSTORE"))
    typ, data = imap.select("INBOX")
    highest = imap.response("HIGHESTMODSEQ")[1]
    c.true("SELECT reports HIGHESTMODSEQ", highest and highest[0] and int(highest[0]) > 0, highest)
    typ, data = imap.fetch("1:3", "(MODSEQ)")
    modseqs = [int(re.search(rb"MODSEQ \((\d+)\)", d).group(1)) for d in data if d and b"MODSEQ" in d]
    c.check("FETCH MODSEQ for every message", len(modseqs), 3)
    old = modseqs[0]
    typ, data = imap.store("1", "+FLAGS", "(\\Seen)")
    typ, data = imap.fetch("1", "(MODSEQ)")
    new = int(re.search(rb"MODSEQ \((\d+)\)", data[-1]).group(1))
    c.true("STORE raised the message's MODSEQ", new > old, (old, new))
    typ, data = attempt(imap._simple_command, "STORE", "1", f"(UNCHANGEDSINCE {old})", "+FLAGS", "(\\Flagged)")
    c.check("STORE UNCHANGEDSINCE an older MODSEQ fails for that message",
            (typ, b"[MODIFIED 1]" in (data[-1] or b"")), ("OK", True))
    typ, data = imap.fetch("1", "(FLAGS)")
    c.check("the conditional STORE did not apply", flag_set(data[-1]), {b"\\Seen"})
    # Only message 1 changed after SELECT reported HIGHESTMODSEQ.
    typ, data = imap.fetch("1:*", f"(FLAGS) (CHANGEDSINCE {int(highest[0])})")
    changed = sorted(int(d.split(b" ")[0]) for d in data if d and b"FLAGS" in d)
    c.check("FETCH CHANGEDSINCE lists only the changed message", changed, [1])

    typ, data = imap._simple_command("SEARCH", "RETURN", "(MIN MAX COUNT)", "ALL")
    esearch = imap.untagged_responses.pop("ESEARCH", [b""])[0]
    c.check("ESEARCH MIN MAX COUNT", re.sub(rb"^\(TAG \S+\) ", b"", esearch), b"MIN 1 MAX 3 COUNT 3")
    typ, data = imap.sort("(SUBJECT)", "UTF-8", "ALL")
    # Base subjects "lunch?", "quarterly report" twice (RFC 5256 2.1); ties in sequence order.
    c.check("SORT (SUBJECT)", (typ, data), ("OK", [b"1 2 3"]))
    typ, data = imap.sort("(DATE)", "UTF-8", "ALL")
    c.check("SORT (DATE)", (typ, data), ("OK", [b"2 3 1"]))
    typ, data = imap.sort("(REVERSE ARRIVAL)", "UTF-8", "ALL")
    c.check("SORT (REVERSE ARRIVAL)", (typ, data), ("OK", [b"1 3 2"]))
    # Threads in the order of their first message's date (RFC 5256 4): the report thread starts 02-Mar.
    typ, data = imap.thread("REFERENCES", "UTF-8", "ALL")
    c.check("THREAD REFERENCES", (typ, data), ("OK", [b"(2 3)(1)"]))
    typ, data = imap.thread("ORDEREDSUBJECT", "UTF-8", "ALL")
    c.check("THREAD ORDEREDSUBJECT", (typ, data), ("OK", [b"(2 3)(1)"]))
    imap.create(s.q("Sized"))
    append(s, "Sized", MESSAGE_1)
    typ, data = imap.status(s.q("Sized"), "(MESSAGES SIZE)")
    c.check("STATUS SIZE", status_items(data), {"MESSAGES": 1, "SIZE": len(MESSAGE_1)})
    s.close()


SCENARIOS = {
    "any-state": scenario_any_state,
    "authentication": scenario_authentication,
    "mailboxes": scenario_mailboxes,
    "rename-inbox": scenario_rename_inbox,
    "append-select": scenario_append_select,
    "fetch": scenario_fetch,
    "store": scenario_store,
    "search": scenario_search,
    "copy-move-expunge": scenario_copy_move_expunge,
    "idle": scenario_idle,
    "errors": scenario_errors,
    "extensions": scenario_extensions,
    "compress": scenario_compress,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--server", choices=["tern", "dovecot"], default="tern")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("scenarios", nargs="*")
    args = parser.parse_args()
    if args.list:
        print("\n".join(SCENARIOS))
        return 0
    failures = 0
    for name in args.scenarios or list(SCENARIOS):
        print(f"== {name} ({args.server})")
        checker = Checker(args.server)
        try:
            SCENARIOS[name](args, checker)
        except Exception as error:  # a crash or protocol error is a failure of the scenario
            checker.failures += 1
            print(f"FAIL {name} raised {type(error).__name__}: {error}")
        failures += checker.failures
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
