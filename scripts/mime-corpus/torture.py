"""Torture cases: broken, hostile or merely unusual messages."""
from mimekit import (PNG, add, b64, binary, hdrs, head, html_of, message, multipart, paragraph, part, qp,
                     text_part, words)


def mixed(name, boundary, body, **fields):
    add(name, message(hdrs(Content_Type='multipart/mixed; boundary="%s"' % boundary, **fields), body))


# --- boundaries -------------------------------------------------------------------------------
mixed("t-boundary-never-closed", "open", b"--open\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--open\r\nContent-Type: text/plain\r\n\r\nsecond, no close\r\n")
mixed("t-boundary-missing-entirely", "absent", b"There is no boundary line in this body at all.\r\n" + paragraph(3).encode() + b"\r\n")
add("t-boundary-param-missing", message(hdrs(Content_Type="multipart/mixed"), "--x\r\nContent-Type: text/plain\r\n\r\nno boundary parameter\r\n--x--\r\n"))
add("t-boundary-empty-param", message(hdrs(Content_Type='multipart/mixed; boundary=""'), "--\r\n\r\nempty\r\n----\r\n"))
mixed("t-boundary-nested-never-closed", "outer",
      b"--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n--inner\r\nContent-Type: text/plain\r\n\r\ninner one\r\n--inner\r\nContent-Type: text/html\r\n\r\n<p>inner two</p>\r\n--outer\r\nContent-Type: text/plain\r\n\r\nouter two\r\n--outer--\r\n")
mixed("t-boundary-outer-closes-inner", "o",
      b"--o\r\nContent-Type: multipart/mixed; boundary=\"i\"\r\n\r\n--i\r\nContent-Type: text/plain\r\n\r\ninner\r\n--o--\r\nepilogue\r\n")
mixed("t-boundary-in-preamble", "pre", b"preamble mentions --pre but not at line start\r\n--pref is not it either\r\n--pre\r\nContent-Type: text/plain\r\n\r\nreal part\r\n--pre--\r\n")
mixed("t-boundary-in-epilogue", "epi", multipart("epi", [text_part("part\r\n")], epilogue="--epi\r\nContent-Type: text/plain\r\n\r\nthis is epilogue text that looks like a part\r\n--epi--"))
mixed("t-boundary-prefix-of-other", "ab", b"--ab\r\nContent-Type: multipart/mixed; boundary=\"abc\"\r\n\r\n--abc\r\nContent-Type: text/plain\r\n\r\nin abc\r\n--abc--\r\n--ab\r\nContent-Type: text/plain\r\n\r\nsecond ab part\r\n--ab--\r\n")
mixed("t-boundary-trailing-whitespace", "ws", b"--ws  \t\r\nContent-Type: text/plain\r\n\r\nafter boundary with blanks\r\n--ws--   \r\n")
mixed("t-boundary-trailing-garbage", "gb", b"--gbXYZ\r\nContent-Type: text/plain\r\n\r\nnot a boundary above\r\n--gb\r\nContent-Type: text/plain\r\n\r\nreal\r\n--gb--garbage\r\n")
add("t-boundary-special-chars", message(hdrs(Content_Type="multipart/mixed; boundary=\"'()+_,-./:=? \""),
    multipart("'()+_,-./:=? ", [text_part("special boundary\r\n"), text_part("two\r\n")])))
add("t-boundary-unquoted-equals", message(hdrs(Content_Type="multipart/mixed; boundary===_Part_0_=="),
    multipart("==_Part_0_==", [text_part("equals in unquoted boundary\r\n")])))
add("t-boundary-70-chars", message(hdrs(Content_Type='multipart/mixed; boundary="%s"' % ("b" * 70)), multipart("b" * 70, [text_part("long boundary\r\n")])))
add("t-boundary-overlong", message(hdrs(Content_Type='multipart/mixed; boundary="%s"' % ("L" * 200)), multipart("L" * 200, [text_part("overlong boundary\r\n")])))
mixed("t-multipart-zero-parts", "zero", b"preamble only\r\n--zero--\r\n")
mixed("t-multipart-empty-body", "nothing", b"")
mixed("t-part-no-headers", "nh", b"--nh\r\n\r\nbody of a part without headers\r\n--nh\r\n\r\n\r\n--nh--\r\n")
mixed("t-part-no-blank-line", "nb", b"--nb\r\nContent-Type: text/plain\r\n--nb\r\nContent-Type: text/plain\r\n\r\nsecond\r\n--nb--\r\n")
mixed("t-part-headers-only-at-eof", "eof", b"--eof\r\nContent-Type: text/plain\r\nX-Cut: here")
mixed("t-boundary-no-crlf-before", "nc", b"--nc\r\nContent-Type: text/plain\r\n\r\nno line break before the close--nc--\r\n")
mixed("t-multipart-lf-boundaries-crlf-message", "lf", b"--lf\nContent-Type: text/plain\n\nlf inside a crlf message\n--lf--\n")
add("t-multipart-uppercase-type", message(hdrs(Content_Type='MULTIPART/MIXED; BOUNDARY="UP"'), multipart("UP", [text_part("upper\r\n")])))
mixed("t-multipart-digest-nested-multipart", "dd", multipart("dd", []) if False else
      b"--dd\r\nContent-Type: multipart/digest; boundary=\"dg\"\r\n\r\n--dg\r\nContent-Type: multipart/mixed; boundary=\"dm\"\r\n\r\n--dm\r\n\r\ndigest default inside mixed is text\r\n--dm--\r\n--dg\r\n\r\nSubject: default rfc822\r\n\r\nbody\r\n--dg--\r\n--dd--\r\n")

# --- nesting ----------------------------------------------------------------------------------
def nested_multipart(depth):
    body = text_part("deepest\r\n")
    for level in range(depth, 0, -1):
        body = part([("Content-Type", 'multipart/mixed; boundary="n%d"' % level)], multipart("n%d" % level, [body], preamble=None))
    return body


add("t-nested-multipart-50", message(hdrs(MIME_Version=None), nested_multipart(50)))
add("t-nested-multipart-120", message(hdrs(MIME_Version=None), nested_multipart(120)))


def nested_rfc822(depth):
    body = message([("Subject", "level %d" % depth), ("Content-Type", "text/plain")], "deepest\r\n")
    for level in range(depth - 1, 0, -1):
        body = message([("Subject", "level %d" % level), ("Content-Type", "message/rfc822")], body)
    return body


add("t-nested-rfc822-50", message(hdrs(Content_Type="message/rfc822"), nested_rfc822(50)))
add("t-nested-mixed-kinds-20", message(hdrs(Content_Type='multipart/mixed; boundary="k0"'), b"".join([])
                                       + multipart("k0", [part([("Content-Type", "message/rfc822")],
                                                               message([("Subject", "inner"), ("Content-Type", 'multipart/mixed; boundary="k1"')], nested_multipart(18)))])))
add("t-many-parts-300", message(hdrs(Content_Type='multipart/mixed; boundary="many"'), multipart("many", [text_part("p%d\r\n" % i) for i in range(300)])))

# --- line endings -----------------------------------------------------------------------------
def lf(data):
    return data.replace(b"\r\n", b"\n")


add("t-bare-lf-simple", lf(message(hdrs(Content_Type="text/plain"), paragraph(3) + "\r\n")))
add("t-bare-lf-multipart", lf(message(hdrs(Content_Type='multipart/alternative; boundary="lfb"'),
                                      multipart("lfb", [text_part("lf text\r\n"), text_part(html_of("lf html"), "html")]))))
add("t-bare-lf-rfc822", lf(message(hdrs(Content_Type='multipart/mixed; boundary="lfr"'),
                                   multipart("lfr", [text_part("x\r\n"), part([("Content-Type", "message/rfc822")], message([("Subject", "in"), ("From", "a@b")], "inner\r\n"))]))))
add("t-mixed-line-endings", message(hdrs(Content_Type='multipart/mixed; boundary="mix"'),
                                    b"--mix\nContent-Type: text/plain\r\n\nmixed endings\r\nline two\n--mix\r\nContent-Type: text/plain\n\r\nsecond\n--mix--\r\n"))
add("t-cr-only", message(hdrs(Content_Type="text/plain"), b"old mac\rline endings\rhere\r"))
add("t-header-lf-body-crlf", lf(head(hdrs(Content_Type="text/plain")).encode()) + b"\nbody with crlf\r\n")
add("t-no-final-newline", message(hdrs(Content_Type="text/plain"), b"the last line has no line break"))
add("t-body-blank-lines-only", message(hdrs(Content_Type="text/plain"), b"\r\n\r\n\r\n"))
add("t-empty-body", message(hdrs(Content_Type="text/plain"), b""))
add("t-no-body-no-blank-line", head(hdrs(Content_Type="text/plain")).encode())
add("t-no-body-no-final-crlf", head(hdrs()).encode()[:-2])
add("t-empty-message-headers-blank", b"\r\n")
add("t-body-only-no-headers", b"\r\njust a body, no header at all\r\n")
add("t-header-blank-then-continuation", message(hdrs(), b" continuation-looking first body line\r\nbody\r\n"))

# --- NUL and 8-bit --------------------------------------------------------------------------
add("t-nul-in-body", message(hdrs(Content_Type="text/plain"), b"before\x00after\r\nline\x00\x00two\r\n"))
add("t-nul-in-header", message(hdrs(Subject="nul\x00inside", X_Nul="a\x00b"), b"body\r\n"))
add("t-nul-in-boundary-part", message(hdrs(Content_Type='multipart/mixed; boundary="nul"'), b"--nul\r\nContent-Type: text/plain\r\n\r\n\x00\x00\x00\r\n--nul--\r\n"))
add("t-8bit-latin1-headers", message(hdrs(Subject="Gr\xfc\xdfe", From="J\xf6rg <joerg@example.de>"), b"8-bit header\r\n"))
add("t-8bit-body-declared-7bit", message(hdrs(Content_Type="text/plain; charset=us-ascii", Content_Transfer_Encoding="7bit"), "caf\u00e9 in 7bit\r\n".encode("latin-1")))
add("t-binary-cte", message(hdrs(Content_Type="application/octet-stream", Content_Transfer_Encoding="binary"), binary(700)))
add("t-invalid-utf8-header", message(hdrs(Subject=b"bad \xc3\x28 utf8 \xff".decode("latin-1")), b"x\r\n"))

# --- headers --------------------------------------------------------------------------------
def raw_message(header_lines, body=b"body\r\n"):
    return b"".join(l if isinstance(l, bytes) else l.encode("latin-1") for l in header_lines) + b"\r\n" + body


add("t-duplicate-subject", raw_message(["From: a@example.org\r\n", "Subject: first\r\n", "Subject: second\r\n", "Date: Tue, 5 Mar 2024 09:07:01 +0100\r\n"]))
add("t-duplicate-from-to", raw_message(["From: a@example.org\r\n", "From: b@example.org\r\n", "To: c@example.org\r\n", "To: d@example.org\r\n"]))
add("t-duplicate-content-type", raw_message(["MIME-Version: 1.0\r\n", 'Content-Type: multipart/mixed; boundary="d1"\r\n', "Content-Type: text/plain\r\n"],
                                            b"--d1\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--d1--\r\n"))
add("t-duplicate-cte", raw_message(["MIME-Version: 1.0\r\n", "Content-Type: text/plain\r\n", "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable\r\n"],
                                   b"aGVsbG8=\r\n"))
add("t-duplicate-mime-version", raw_message(["MIME-Version: 1.0\r\n", "MIME-Version: 1.0 (again)\r\n", "Content-Type: text/plain\r\n"]))
add("t-huge-header-folded", message(hdrs(To=",\r\n\t".join("recipient%05d@example.net" % i for i in range(6000))), "huge to\r\n"))
add("t-huge-header-one-line", message(hdrs(X_Long="x" * 70000), "long line header\r\n"))
add("t-huge-subject", message(hdrs(Subject=words(3000)), "long subject\r\n"))
add("t-many-headers", raw_message(["X-Header-%d: value %d\r\n" % (i, i) for i in range(3000)] + ["Subject: many\r\n"]))
add("t-header-without-colon", raw_message(["From: a@example.org\r\n", "This line has no colon\r\n", "Subject: after\r\n"]))
add("t-header-colon-first", raw_message([": no name\r\n", "Subject: x\r\n"]))
add("t-header-space-before-colon", raw_message(["From : spaced@example.org\r\n", "Subject\t: tabbed\r\n", "To:nospace@example.org\r\n"]))
add("t-header-starts-with-space", raw_message([" continuation first\r\n", "Subject: x\r\n"]))
add("t-header-empty-values", raw_message(["From:\r\n", "To: \r\n", "Subject:\r\n", "Date:\r\n", "Message-ID:\r\n", "Content-Type:\r\n"]))
add("t-header-whitespace-only-lines", raw_message(["Subject: folded\r\n", " \r\n", "\t\r\n", " end\r\n", "From: a@b.c\r\n"]))
add("t-header-case-variants", raw_message(["fROM: a@example.org\r\n", "SUBJECT: upper\r\n", "content-TYPE: TEXT/PLAIN; CHARSET=UTF-8\r\n", "mime-version: 1.0\r\n"]))
add("t-header-8bit-name", raw_message([b"X-H\xe9ader: v\r\n", b"Subject: ok\r\n"]))
add("t-header-long-name", raw_message([("X-" + "N" * 2000 + ": v\r\n"), "Subject: long name\r\n"]))
add("t-header-tab-folding", raw_message(["Subject: a\r\n", "\tb\r\n", "\t c\r\n", "From: a@b.c\r\n"]))

# --- Content-Type and friends ---------------------------------------------------------------
for i, ct in enumerate(["text", "text/", "/plain", "text/plain;", "text/plain;;; charset=utf-8", 'text/plain; charset="unterminated',
                        "text/plain; charset", "text/plain; =value", "text/plain; charset=utf-8; charset=iso-8859-1",
                        "text/plain (comment) ; (c2) charset = (c3) utf-8", "application/x-unknown-thing; name=x",
                        "image", "text/plain; name*0=a; name*2=c", "text/plain; name*=bogus", "text/plain; name*=utf-8'en'%ZZ",
                        "TeXt/HtMl; ChArSeT=UtF-8", "text/plain; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A"]):
    add("t-content-type-%02d" % i, message(hdrs(Content_Type=ct), "content type case %d\r\n" % i))
for i, cte in enumerate(["x-uuencode", "BASE64", "Quoted-Printable", "8bit (comment)", "7 bit", "base64; garbage", ""]):
    body = "aGVsbG8gd29ybGQ=\r\n" if "64" in cte else "hello=20world\r\n"
    add("t-cte-%02d" % i, message(hdrs(Content_Type="text/plain", Content_Transfer_Encoding=cte), body))
add("t-disposition-broken", message(hdrs(Content_Type="text/plain", Content_Disposition='attachment; filename="a.txt'), "x\r\n"))
add("t-disposition-no-type", message(hdrs(Content_Type="text/plain", Content_Disposition='; filename="a.txt"'), "x\r\n"))
add("t-language-list", message(hdrs(Content_Type="text/plain", Content_Language="en-US, (comment) fr, de-CH"), "x\r\n"))
add("t-content-id-broken", message(hdrs(Content_Type="text/plain", Content_ID="no angle brackets", Content_Description="=?utf-8?q?d=C3=A9scription?="), "x\r\n"))
add("t-message-rfc822-empty", message(hdrs(Content_Type="message/rfc822"), b""))
add("t-message-rfc822-headers-only", message(hdrs(Content_Type="message/rfc822"), b"Subject: headers only\r\nFrom: x@y.z\r\n"))
add("t-message-rfc822-qp", message(hdrs(Content_Type="message/rfc822", Content_Transfer_Encoding="quoted-printable"), b"Subject: qp=3Dinner\r\n\r\nbody=\r\n\r\n"))

# --- transfer encoding garbage ----------------------------------------------------------------
add("t-base64-garbage", message(hdrs(Content_Type="text/plain", Content_Transfer_Encoding="base64"), "aGVs*bG8g!d29y@bGQ=\r\n###\r\n"))
add("t-base64-no-padding", message(hdrs(Content_Type="text/plain", Content_Transfer_Encoding="base64"), "aGVsbG8gd29ybGQ\r\n"))
add("t-base64-padding-middle", message(hdrs(Content_Type="text/plain", Content_Transfer_Encoding="base64"), "aGk=\r\naGk=\r\n"))
add("t-base64-long-lines", message(hdrs(Content_Type="application/octet-stream", Content_Transfer_Encoding="base64"), b64(binary(3000), 4000) + "\r\n"))
add("t-base64-spaces", message(hdrs(Content_Type="text/plain", Content_Transfer_Encoding="base64"), "aGVs bG8g\td29y bGQ=\r\n"))
add("t-base64-single-char-tail", message(hdrs(Content_Type="text/plain", Content_Transfer_Encoding="base64"), "aGVsbG8gd29ybGQhI\r\n"))
add("t-base64-multipart-garbage", message(hdrs(Content_Type='multipart/mixed; boundary="bg"'),
    multipart("bg", [part([("Content-Type", "image/png"), ("Content-Transfer-Encoding", "base64")], b64(PNG + binary(100)) + "\r\n<<garbage>>\r\n====\r\n"), text_part("tail\r\n")])))
add("t-qp-broken", message(hdrs(Content_Type="text/plain", Content_Transfer_Encoding="quoted-printable"),
                           "bad =ZZ escape, =4 short, = space, lower =c3=a9, trailing   \r\nsoft=\r\nbreak=  \r\nend=\r\n"))
add("t-qp-long-lines", message(hdrs(Content_Type="text/plain", Content_Transfer_Encoding="quoted-printable"), words(300) + "\r\n"))
add("t-qp-in-multipart", message(hdrs(Content_Type='multipart/alternative; boundary="qpm"'),
    multipart("qpm", [text_part("caf\u00e9 =\r\n", cte="quoted-printable"), part([("Content-Type", "text/html"), ("Content-Transfer-Encoding", "quoted-printable")],
                                                                              "<p>=3D=3D=3D</p>=\r\n\r\n")])))

# --- encoded words and addresses that break parsers -------------------------------------------
add("t-encoded-word-torture", message(hdrs(
    Subject="=?UTF-8?B?4pw=?= =?UTF-8?B?kw==?= =?bogus?Q?x?= =?UTF-8?Q?unterminated =?UTF-8?X?bad?= =?=?= =?UTF-8?Q??= plain",
    From="=?UTF-8?Q?=22Quoted=22?= <q@example.org>",
    To='"=?UTF-8?Q?in_quotes?=" <iq@example.org>'), "x\r\n"))
add("t-address-torture", message(hdrs(
    From="<>", To="@, ;, <a@b>, a@, @b, \"unterminated <x@y>, (comment only)", Cc="a@b (one), , ,, \"c, d\" <cd@e>",
    Bcc="group:;, other: a@b, c@d;, e@f", Reply_To="<x@y", Sender="@"), "x\r\n"))
add("t-address-route-and-quotes", message(hdrs(From='"Smith, John \\"JJ\\"" <@r1.example,@r2.example:john@example.com>',
                                               To='"a\\\\b" <"weird local"@example.com>, "Ω" <omega@example.com>'), "x\r\n"))
add("t-date-broken", raw_message(["From: a@b.c\r\n", "Date: 31 Feb 2024 25:61:61 +9999\r\n", "Subject: broken date\r\n"]))
add("t-date-obsolete", raw_message(["From: a@b.c\r\n", "Date: Mon, 5 Jan 04 10:00 EST\r\n", "Subject: obs date\r\n"]))
add("t-message-id-variants", raw_message(["Message-ID: not-in-angles@example.org\r\n", "In-Reply-To: garbage <real@example.org> (comment)\r\n",
                                          "References: <a@b> <c@d>\r\n"]))

# --- Date header variants (checked against Dovecot's SENTON by the search comparison) -----------
DATES = [
    "Tue, 5 Mar 2024 09:07:01 +0100", "5 Mar 2024 09:07:01 +0100", "Tue, 05 Mar 24 09:07:01 GMT",
    "Tue, 5 Mar 2024 23:30:00 -0800", "Tue, 5 Mar 2024 09:07 EST", "Tue,  5 Mar 2024 09:07:01 +0100 (CET)",
    "Tuesday, 5 March 2024 09:07:01 +0100", "Tue Mar  5 09:07:01 2024", "Tue, 5-Mar-2024 09:07:01 +0100",
    "2024-03-05T09:07:01Z", "Tue, 5 Mar 2024 09.07.01 +0100", "Tue, 5 Mar 2024 09:07:01 GMT+0100",
    "Tue, 5 Mar 2024 09:07:01 +01:00", "Tue, 5 Mar 2024 09:07:01", "Tue, 5 Mar 2024 09:07:01 -0000",
    "Tue, 5 Mar 2024 09:07:01 Q", "Wed, 5 Mar 97 09:07:01 +0100", "Wed, 5 Mar 097 09:07:01 +0100",
    "garbage date", "Tue, 32 Mar 2024 09:07:01 +0100", "Tue, 5 Mar 2024 25:07:01 +0100",
    "Sat, 29 Feb 2020 23:59:60 +0000", "Thu,\r\n 13\r\n   Feb\r\n  1969\r\n 23:32\r\n  -0330 (Newfoundland Time)",
    "Mon, 4 Mar 2024 10:00:00 +1400", "Tue, 5 Mar 2024 09:07:01 +0100 (Central European Standard Time)",
]
for i, value in enumerate(DATES):
    add("t-date-variant-%02d" % i, raw_message(["From: a@example.org\r\n", "Date: %s\r\n" % value, "Subject: date %d\r\n" % i]))
