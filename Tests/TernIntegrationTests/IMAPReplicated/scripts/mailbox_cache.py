"""A client-side cache of one mailbox kept the way a QRESYNC client keeps it (RFC 7162): SELECT with
(QRESYNC (uidvalidity modseq known-uids)) or UID FETCH (CHANGEDSINCE modseq VANISHED), applying the VANISHED and
FETCH responses, and fetching the body of every UID it has not seen (kept as a SHA-256). Also counts what a real
client would pay for: UIDVALIDITY changes (a full re-download) and *reissues*, a message that vanished at one UID
and came back at another in the same mailbox."""
import hashlib
import imaplib
import re

imaplib.Commands.setdefault("ENABLE", ("AUTH",))
imaplib.Commands.setdefault("IDLE", ("SELECTED",))

FETCH_UID = re.compile(rb"UID (\d+)")
FETCH_FLAGS = re.compile(rb"FLAGS \(([^)]*)\)")
FETCH_MODSEQ = re.compile(rb"MODSEQ \((\d+)\)")
MESSAGE_ID = re.compile(rb"^Message-ID: *<([^>]+)>", re.IGNORECASE | re.MULTILINE)


def sequence_set(uids):
    """1,2,3,7 -> "1:3,7"."""
    ranges, ordered = [], sorted(uids)
    for uid in ordered:
        if ranges and ranges[-1][1] == uid - 1:
            ranges[-1][1] = uid
        else:
            ranges.append([uid, uid])
    return ",".join(str(a) if a == b else f"{a}:{b}" for a, b in ranges)


def expand(text):
    """"1:3,7" -> [1, 2, 3, 7] (the UIDs a VANISHED response names)."""
    uids = []
    for part in text.split(","):
        low, _, high = part.partition(":")
        uids.extend(range(int(low), int(high or low) + 1))
    return uids


def flag_set(raw):
    return frozenset(flag for flag in raw.decode().split() if flag != "\\Recent")


class MailboxCache:
    def __init__(self, mailbox):
        self.mailbox = mailbox
        self.uidvalidity = None
        self.highest_modseq = 0
        self.messages = {}          # uid -> [message-id, flags, sha256 of the whole message]
        self.uidvalidity_changes = 0
        self.vanished = {}          # message-id -> the UID it vanished at (until it comes back or for good)
        self.reissues = 0

    def view(self):
        """{uid: (message-id, flags, hash)}, comparable with a fresh session's view."""
        return {uid: (entry[0], entry[1], entry[2]) for uid, entry in self.messages.items()}

    def select(self, imap):
        """Opens the mailbox on a connection that has ENABLEd QRESYNC and brings the cache up to date."""
        if self.uidvalidity is None:
            typ, data = imap._simple_command("SELECT", self.mailbox, "(CONDSTORE)")
        else:
            known = sequence_set(self.messages) if self.messages else "1:*"
            parameters = f"(QRESYNC ({self.uidvalidity} {self.highest_modseq} {known}))"
            typ, data = imap._simple_command("SELECT", self.mailbox, parameters)
        if typ != "OK":
            raise RuntimeError(f"SELECT {self.mailbox}: {typ} {data}")
        imap.state = "SELECTED"
        validity = int(imap.untagged_responses.get("UIDVALIDITY", [b"0"])[-1])
        if self.uidvalidity is not None and validity != self.uidvalidity:
            self.uidvalidity_changes += 1
            self.messages.clear()
        self.uidvalidity = validity
        self.absorb(imap)
        if self.uidvalidity_changes or len(self.messages) == 0:
            self.fetch_changes(imap, 0)
        self.fetch_missing_bodies(imap)

    def refresh(self, imap):
        """On a selected connection: what changed since the cache's modseq."""
        self.fetch_changes(imap, self.highest_modseq)
        self.fetch_missing_bodies(imap)

    def fetch_changes(self, imap, modseq):
        modifier = f"(CHANGEDSINCE {modseq} VANISHED)" if modseq else f"(CHANGEDSINCE 1)"
        typ, data = imap._simple_command("UID", "FETCH", "1:*", "(UID FLAGS MODSEQ)", modifier)
        if typ != "OK":
            raise RuntimeError(f"UID FETCH CHANGEDSINCE: {typ} {data}")
        self.absorb(imap)

    def absorb(self, imap):
        """Applies and consumes the untagged VANISHED, FETCH and HIGHESTMODSEQ responses imaplib collected."""
        for line in imap.untagged_responses.pop("VANISHED", []):
            text = line.decode() if isinstance(line, bytes) else line
            self.apply_vanished(text.replace("(EARLIER)", "").strip())
        for item in imap.untagged_responses.pop("FETCH", []):
            self.apply_fetch(item[0] if isinstance(item, tuple) else item)
        for value in imap.untagged_responses.pop("HIGHESTMODSEQ", []):
            self.highest_modseq = max(self.highest_modseq, int(value))
        for name in ("EXISTS", "RECENT", "EXPUNGE", "OK", "FLAGS", "UIDVALIDITY", "UIDNEXT"):
            imap.untagged_responses.pop(name, None)

    def apply_vanished(self, uid_set):
        for uid in expand(uid_set):
            entry = self.messages.pop(uid, None)
            if entry is not None:
                self.vanished[entry[0]] = uid

    def apply_fetch(self, line):
        """One FETCH response (the part before any literal)."""
        uid, flags, modseq = FETCH_UID.search(line), FETCH_FLAGS.search(line), FETCH_MODSEQ.search(line)
        if not uid:
            return
        entry = self.messages.setdefault(int(uid.group(1)), [None, frozenset(), None])
        if flags:
            entry[1] = flag_set(flags.group(1))
        if modseq:
            self.highest_modseq = max(self.highest_modseq, int(modseq.group(1)))

    def fetch_missing_bodies(self, imap):
        missing = [uid for uid, entry in self.messages.items() if entry[2] is None]
        if not missing:
            return
        typ, data = imap._simple_command("UID", "FETCH", sequence_set(missing), "(UID BODY.PEEK[])")
        if typ != "OK":
            raise RuntimeError(f"UID FETCH bodies: {typ} {data}")
        for item in imap.untagged_responses.pop("FETCH", []):
            if not isinstance(item, tuple):
                self.apply_fetch(item)
                continue
            uid = FETCH_UID.search(item[0])
            if not uid or int(uid.group(1)) not in self.messages:
                continue
            found = MESSAGE_ID.search(item[1])
            message_id = found.group(1).decode() if found else "?"
            entry = self.messages[int(uid.group(1))]
            entry[0], entry[2] = message_id, hashlib.sha256(item[1]).hexdigest()
            if self.vanished.pop(message_id, None) is not None:
                self.reissues += 1
        # A UID whose body did not come back was expunged meanwhile; the next refresh reports it.
        for uid in [uid for uid in missing if self.messages.get(uid, [None, None, None])[2] is None]:
            self.messages.pop(uid, None)
