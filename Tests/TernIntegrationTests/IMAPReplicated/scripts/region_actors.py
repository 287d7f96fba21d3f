"""The people and machines of the three-region scenario, each a thread on its own IMAP or LMTP connection:
an IDLE watcher that keeps a QRESYNC cache of INBOX live, the MTA delivering over LMTP, and a user's device that
APPENDs, flags (STORE +FLAGS with a fresh keyword) and MOVEs at a given pace. Each records what the server
acknowledged, for the final checks."""
import imaplib
import random
import re
import select
import smtplib
import threading
import time

from mailbox_cache import MailboxCache

imaplib.Commands.setdefault("MOVE", ("SELECTED",))


def connect(port, user, password):
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=120)
    imap.login(user, password)
    return imap


def message(message_id, sender, body=""):
    return (f"From: {sender}\r\nTo: alice@example.tld\r\nSubject: {message_id}\r\nMessage-ID: <{message_id}>\r\n\r\n"
            f"body {message_id}\r\n{body}").encode()


class Watcher(threading.Thread):
    """IDLEs on INBOX of one frontend; after each wake (or every `poll` seconds) ends IDLE, applies what came in,
    and catches up with UID FETCH (CHANGEDSINCE ... VANISHED). Reconnects after a BYE or a dropped connection."""

    def __init__(self, name, port, user, password, poll=2.0):
        super().__init__(daemon=True, name=f"watcher-{name}")
        self.port, self.user, self.password, self.poll = port, user, password, poll
        self.cache = MailboxCache("INBOX")
        self.stopping = threading.Event()
        self.errors = []
        self.reconnects = 0

    def open(self):
        imap = connect(self.port, self.user, self.password)
        imap._simple_command("ENABLE", "QRESYNC")
        self.cache.select(imap)
        return imap

    def run(self):
        imap = None
        while not self.stopping.is_set():
            try:
                if imap is None:
                    imap = self.open()
                self.idle_once(imap)
                self.cache.refresh(imap)
            except (OSError, imaplib.IMAP4.error, RuntimeError) as error:
                if isinstance(error, imaplib.IMAP4.abort) and "UIDVALIDITY" in str(error):
                    self.cache.uidvalidity_changes += 1
                self.errors.append(repr(error))
                self.reconnects += 1
                imap = None
                time.sleep(0.5)
        try:
            imap = imap or self.open()
            self.cache.refresh(imap)
            imap.logout()
        except (OSError, imaplib.IMAP4.error, RuntimeError) as error:
            self.errors.append(f"final refresh: {error!r}")

    def idle_once(self, imap):
        tag = imap._new_tag()
        imap.send(tag + b" IDLE\r\n")
        lines = []
        first = imap.readline()
        if not first.startswith(b"+"):
            lines.append(first)
        else:
            # Wakes on the first untagged response (lines already buffered are read after DONE in any case).
            select.select([imap.sock], [], [], self.poll)
            imap.send(b"DONE\r\n")
        while True:
            line = imap.readline()
            if not line:
                raise OSError("connection closed during IDLE")
            if line.startswith(tag + b" "):
                break
            lines.append(line)
        for line in lines:
            self.apply(line)

    def apply(self, line):
        if line.startswith(b"* BYE"):
            if b"UIDVALIDITY" in line:
                self.cache.uidvalidity_changes += 1
            raise OSError(f"server said {line!r}")
        if b"[UIDVALIDITY " in line:
            validity = int(re.search(rb"\[UIDVALIDITY (\d+)\]", line).group(1))
            if validity != self.cache.uidvalidity:
                self.cache.uidvalidity_changes += 1
        vanished = re.match(rb"\* VANISHED (?:\(EARLIER\) )?([\d:,]+)", line)
        if vanished:
            self.cache.apply_vanished(vanished.group(1).decode())
        elif re.match(rb"\* \d+ FETCH ", line):
            self.cache.apply_fetch(line)


class Deliverer(threading.Thread):
    """The MTA: one LMTP delivery to `address` every `interval` seconds; a message counts once LMTP said 250."""

    def __init__(self, port, address, prefix, interval):
        super().__init__(daemon=True, name="deliverer")
        self.port, self.address, self.prefix, self.interval = port, address, prefix, interval
        self.stopping = threading.Event()
        self.acknowledged = []
        self.errors = []

    def run(self):
        number = 0
        while not self.stopping.is_set():
            message_id = f"{self.prefix}-lmtp-{number}@test"
            number += 1
            try:
                with smtplib.LMTP("127.0.0.1", self.port, timeout=120) as lmtp:
                    refused = lmtp.sendmail("mta@example.org", [self.address], message(message_id, "mta@example.org"))
                if not refused:
                    self.acknowledged.append(message_id)
            except (OSError, smtplib.SMTPException) as error:
                self.errors.append(f"{message_id}: {error!r}")
            self.stopping.wait(self.interval)


class Device(threading.Thread):
    """A user's device on one frontend: APPENDs to INBOX, flags an INBOX message with a fresh keyword, or MOVEs one
    into `target`, one action every `interval` seconds (weights `mix`: append, flag, move)."""

    def __init__(self, name, port, user, password, target, interval, seed, mix=(4, 3, 3)):
        super().__init__(daemon=True, name=f"device-{name}")
        self.name_, self.port, self.user, self.password = name, port, user, password
        self.target, self.interval, self.mix = target, interval, mix
        self.rng = random.Random(seed)
        self.stopping = threading.Event()
        self.appended = []       # message-ids APPEND answered OK for
        self.announced = {}      # message-id -> (UIDVALIDITY, UID) of its APPENDUID
        self.flagged = []        # (message-id, keyword) STORE answered with a FETCH carrying the keyword
        self.moved = []          # message-ids MOVE answered OK (with COPYUID) for
        self.operations = 0
        self.errors = []

    def run(self):
        imap = None
        number = 0
        while not self.stopping.is_set():
            try:
                if imap is None:
                    imap = connect(self.port, self.user, self.password)
                    imap.select("INBOX")
                action = self.rng.choices(("append", "flag", "move"), weights=self.mix)[0]
                if action == "append":
                    message_id = f"{self.name_}-append-{number}@test"
                    number += 1
                    typ, data = imap.append("INBOX", None, None, message(message_id, f"{self.name_}@example.org"))
                    if typ == "OK":
                        self.appended.append(message_id)
                        found = re.search(rb"APPENDUID (\d+) (\d+)", data[0] or b"")
                        if found:
                            self.announced[message_id] = (int(found.group(1)), int(found.group(2)))
                    imap.noop()
                else:
                    self.act_on_one(imap, action, number)
                    number += 1
                self.operations += 1
            except (OSError, imaplib.IMAP4.error) as error:
                self.errors.append(repr(error))
                imap = None
            self.stopping.wait(self.interval)
        if imap is not None:
            try:
                imap.logout()
            except (OSError, imaplib.IMAP4.error):
                pass

    def act_on_one(self, imap, action, number):
        typ, data = imap.uid("SEARCH", "ALL")
        uids = data[0].split() if typ == "OK" and data and data[0] else []
        if not uids:
            return
        uid = self.rng.choice(uids).decode()
        typ, data = imap.uid("FETCH", uid, "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        found = [re.search(rb"<([^>]+)>", item[1]) for item in data or [] if isinstance(item, tuple)]
        if typ != "OK" or not found or not found[0]:
            return
        message_id = found[0].group(1).decode()
        if action == "flag":
            keyword = f"k{self.name_}{number}"
            typ, data = imap.uid("STORE", uid, "+FLAGS", f"({keyword})")
            if typ == "OK" and any(keyword.encode() in (item or b"") for item in data if isinstance(item, bytes)):
                self.flagged.append((message_id, keyword))
        else:
            typ, _ = imap.uid("MOVE", uid, self.target)
            copyuid = any(b"COPYUID" in (line or b"") for line in imap.untagged_responses.pop("OK", []))
            if typ == "OK" and copyuid:
                self.moved.append(message_id)
