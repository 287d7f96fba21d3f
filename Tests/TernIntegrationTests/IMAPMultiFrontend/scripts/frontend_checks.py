"""What the two-frontend scripts share: labelled checks that count failures, a logged-in session on one
frontend, and a small test message named by its Message-ID. (A script's own folder is on Python's path.)"""
import imaplib

failures = 0


def check(label, actual, expected):
    """Prints ok/FAIL for one expectation; `failures` counts the FAILs for the script's exit code."""
    global failures
    if actual == expected:
        print(f"ok   {label}")
    else:
        failures += 1
        print(f"FAIL {label}\n     expected: {expected!r}\n     actual:   {actual!r}")


def connect(port, args):
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=120)
    imap.login(args.user, args.password)
    return imap


def message(message_id, sender):
    return (f"From: {sender}\r\nSubject: {message_id}\r\nMessage-ID: <{message_id}>\r\n\r\n"
            f"body {message_id}\r\n").encode()
