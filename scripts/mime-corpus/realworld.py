"""Real-world message shapes: what common clients, lists and services send."""
from mimekit import (PNG, add, b64, binary, hdrs, head, html_of, message, multipart, paragraph, part, qp,
                     text_part, words, rng)

# --- single-part text in the usual encodings -------------------------------------------------
add("rw-plain-ascii", message(hdrs(Content_Type="text/plain; charset=us-ascii; format=flowed",
                                    Content_Transfer_Encoding="7bit"), paragraph(6) + "\r\n"))
add("rw-plain-no-mime-version", message(hdrs(MIME_Version=None), paragraph(3) + "\r\n"))
add("rw-plain-utf8-8bit", message(hdrs(Content_Type="text/plain; charset=UTF-8",
                                        Content_Transfer_Encoding="8bit"),
                                   "Grüße aus Köln! Ça va? Привет, 世界 😀\r\n" + paragraph(2) + "\r\n"))
add("rw-plain-latin1-qp", message(hdrs(Content_Type="text/plain; charset=ISO-8859-1",
                                        Content_Transfer_Encoding="quoted-printable"),
                                   qp("Gr\u00fc\u00dfe aus K\u00f6ln, caf\u00e9 cr\u00e8me.\r\n" + paragraph(3, 14) + "\r\n", "iso-8859-1")))
add("rw-plain-utf8-base64", message(hdrs(Content_Type="text/plain; charset=utf-8",
                                          Content_Transfer_Encoding="base64"),
                                     b64(("Base64 body: élève, naïve, 東京.\r\n" + paragraph(5)).encode()) + "\r\n"))
add("rw-html-only", message(hdrs(Content_Type="text/html; charset=utf-8", Content_Transfer_Encoding="quoted-printable"),
                             qp(html_of(paragraph(4, 12)))))
add("rw-plain-flowed-delsp", message(hdrs(Content_Type='text/plain; charset="utf-8"; format=flowed; delsp=yes'),
                                      "This is a flowed line that wraps \r\nat a soft break and continues.\r\n> quoted \r\n> text\r\n"))
add("rw-plain-long-lines", message(hdrs(Content_Type="text/plain; charset=utf-8"),
                                    words(400) + "\r\n" + words(5) + "\r\n"))

# --- charsets ---------------------------------------------------------------------------------
for cs, text, cte in [("koi8-r", "Привет, мир! Как дела?", "8bit"), ("windows-1251", "Привет из Windows", "quoted-printable"),
                      ("iso-2022-jp", "こんにちは、世界。会議は明日です。", "7bit"), ("shift_jis", "こんにちは世界", "base64"),
                      ("gb2312", "你好，世界。明天开会。", "base64"), ("big5", "你好世界", "base64"),
                      ("euc-kr", "안녕하세요 세계", "8bit"), ("iso-8859-7", "Καλημέρα κόσμε", "quoted-printable"),
                      ("windows-1252", "“Smart quotes” – and € signs", "quoted-printable")]:
    raw = (text + "\r\n").encode(cs)
    if cte == "base64":
        body = b64(raw) + "\r\n"
    elif cte == "quoted-printable":
        body = qp(raw)
    else:
        body = raw
    subject = "=?%s?B?%s?=" % (cs, __import__("base64").b64encode(text[:6].encode(cs)).decode())
    add("rw-charset-" + cs, message(hdrs(Subject=subject, Content_Type="text/plain; charset=%s" % cs,
                                         Content_Transfer_Encoding=cte), body))

# --- multipart/alternative as clients write it ------------------------------------------------
def alternative(name, boundary, client_headers, text_cte, html_cte, preamble="This is a multi-part message in MIME format."):
    text = paragraph(4, 10)
    body = multipart(boundary, [text_part(text + "\r\n", cte=text_cte), text_part(html_of(text), "html", cte=html_cte)],
                     preamble=preamble)
    add(name, message(hdrs(Content_Type='multipart/alternative;\r\n boundary="%s"' % boundary, **client_headers), body))


alternative("rw-thunderbird-alternative", "------------0SkIyKmbv6BX2bh3xU0T3W1A",
            {"User_Agent": "Mozilla Thunderbird", "Content_Language": "en-US"}, "7bit", "7bit")
alternative("rw-outlook-alternative", "_000_DB9PR07MB7771A1B2C3D4E5F6A7B8DB9PR07MB7771eurp_",
            {"Thread_Topic": "quarterly report", "Thread_Index": "AdpuZ3qXk2b0s0Xf", "Accept_Language": "en-US",
             "Content_Language": "en-US", "X_MS_Has_Attach": "", "X_MS_TNEF_Correlator": ""},
            "quoted-printable", "quoted-printable", preamble=None)
alternative("rw-apple-alternative", "Apple-Mail=_5A1B2C3D-4E5F-6789-ABCD-EF0123456789",
            {"X_Mailer": "Apple Mail (2.3774.300.61.1.2)"}, "quoted-printable", "quoted-printable", preamble=None)
alternative("rw-gmail-alternative", "000000000000a1b2c3061a2b3c4d", {}, None, "quoted-printable", preamble=None)
alternative("rw-alternative-base64-both", "b1_0123456789abcdef", {"X_Mailer": "PHPMailer 6.9.1"}, "base64", "base64")

# Apple Mail: alternative whose HTML side is related with an inline image, inside mixed with a PDF
img = PNG + binary(600)
related = multipart("Apple-Mail=_REL", [
    text_part(html_of("See the picture below") .replace("</body>", '<img src="cid:F1A2B3C4@apple">\r\n</body>'), "html", cte="quoted-printable"),
    part([("Content-Transfer-Encoding", "base64"), ("Content-Disposition", 'inline;\r\n\tfilename="photo.png"'),
          ("Content-Type", 'image/png;\r\n\tx-unix-mode=0644;\r\n\tname="photo.png"'), ("Content-Id", "<F1A2B3C4@apple>")], b64(img) + "\r\n"),
], preamble=None)
alt = multipart("Apple-Mail=_ALT", [text_part("See the picture below\r\n", cte="7bit"),
                                     part([("Content-Type", 'multipart/related;\r\n\ttype="text/html";\r\n\tboundary="Apple-Mail=_REL"')], related)], preamble=None)
mixed = multipart("Apple-Mail=_MIX", [part([("Content-Type", 'multipart/alternative;\r\n\tboundary="Apple-Mail=_ALT"')], alt),
                                       part([("Content-Disposition", 'attachment;\r\n\tfilename="report.pdf"'), ("Content-Type", 'application/pdf;\r\n\tname="report.pdf"'),
                                             ("Content-Transfer-Encoding", "base64")], b64(b"%PDF-1.4\n" + binary(1500)) + "\r\n")], preamble=None)
add("rw-apple-mixed-alternative-related", message(hdrs(Content_Type='multipart/mixed;\r\n\tboundary="Apple-Mail=_MIX"'), mixed))

# Outlook: related (html + cid images) inside alternative
outlook_related = multipart("_REL_", [text_part(html_of("Logo: <img src=\"cid:image001.png@01DA6E9B.5F3C2A10\">"), "html", cte="quoted-printable"),
                                      part([("Content-Type", 'image/png; name="image001.png"'), ("Content-Description", "image001.png"),
                                            ("Content-Disposition", 'inline; filename="image001.png"; size=620;\r\n\tcreation-date="Tue, 05 Mar 2024 08:07:01 GMT";\r\n\tmodification-date="Tue, 05 Mar 2024 08:07:01 GMT"'),
                                            ("Content-ID", "<image001.png@01DA6E9B.5F3C2A10>"), ("Content-Transfer-Encoding", "base64")], b64(PNG + binary(600)) + "\r\n")], preamble=None)
outlook_alt = multipart("_ALT_", [text_part("Logo: [cid:image001.png@01DA6E9B.5F3C2A10]\r\n", charset="us-ascii", cte="quoted-printable"),
                                  part([("Content-Type", 'multipart/related;\r\n\tboundary="_REL_";\r\n\ttype="text/html"')], outlook_related)], preamble=None)
add("rw-outlook-related-in-alternative", message(hdrs(Content_Type='multipart/alternative;\r\n\tboundary="_ALT_"'), outlook_alt))

# Related with start parameter and Content-Location
add("rw-related-content-location", message(hdrs(Content_Type='multipart/related; boundary="rel"; type="text/html"; start="<root@x>"'),
    multipart("rel", [part([("Content-Type", "text/html; charset=utf-8"), ("Content-ID", "<root@x>"), ("Content-Location", "http://example.org/index.html")],
                           '<img src="logo.gif">\r\n'),
                      part([("Content-Type", "image/gif"), ("Content-Location", "http://example.org/logo.gif"), ("Content-Transfer-Encoding", "base64")],
                           b64(b"GIF89a" + binary(200)) + "\r\n")])))

# --- attachments and RFC 2231 names -----------------------------------------------------------
def with_attachment(name, disposition, ctype, data=None, extra=()):
    data = data if data is not None else binary(900)
    body = multipart("att-" + name, [text_part("Please find the file attached.\r\n"),
                                     part([("Content-Type", ctype), ("Content-Disposition", disposition), ("Content-Transfer-Encoding", "base64")] + list(extra),
                                          b64(data) + "\r\n")])
    add(name, message(hdrs(Content_Type='multipart/mixed; boundary="att-%s"' % name), body))


with_attachment("rw-attach-simple", 'attachment; filename="report.pdf"', 'application/pdf; name="report.pdf"')
with_attachment("rw-attach-2231-utf8", "attachment; filename*=UTF-8''%C3%BCbersicht%20%E2%82%AC.pdf", "application/pdf")
with_attachment("rw-attach-2231-continuation", "attachment;\r\n filename*0*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE;\r\n filename*1*=%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB;\r\n filename*2=.txt",
                "text/plain; charset=utf-8")
with_attachment("rw-attach-2231-plain-continuation", 'attachment;\r\n filename*0="a very long file name that was split ";\r\n filename*1="by the sender into pieces";\r\n filename*2=".docx"',
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
with_attachment("rw-attach-2231-language", "attachment; filename*=iso-8859-1'fr'r%E9sum%E9.txt", "text/plain; charset=iso-8859-1")
with_attachment("rw-attach-2231-out-of-order", "attachment; filename*1=\"second.txt\"; filename*0=\"first-\"", "text/plain")
with_attachment("rw-attach-rfc2047-name", 'attachment; filename="=?UTF-8?B?w7xiZXJzaWNodC5wZGY=?="', 'application/pdf; name="=?UTF-8?B?w7xiZXJzaWNodC5wZGY=?="')
with_attachment("rw-attach-octet-stream-size", 'attachment; filename="data.bin"; size=900; creation-date="Tue, 5 Mar 2024 09:07:01 +0100"',
                "application/octet-stream")
with_attachment("rw-attach-zip", 'attachment; filename="archive.zip"', 'application/zip; name="archive.zip"', b"PK\x03\x04" + binary(1200))
with_attachment("rw-attach-inline-image", 'inline; filename="chart.png"', "image/png", PNG + binary(400), [("Content-ID", "<chart@x>"), ("Content-Description", "Quarterly chart")])
with_attachment("rw-attach-name-only", "attachment", 'application/vnd.ms-excel; name="budget.xls"')
with_attachment("rw-attach-md5-language", 'attachment; filename="notes.txt"', "text/plain; charset=us-ascii",
                b"some notes\r\n", [("Content-MD5", "Q2hlY2sgSW50ZWdyaXR5IQ=="), ("Content-Language", "en, de"), ("Content-Location", "notes.txt")])

# Several attachments of different kinds
many = [text_part(paragraph(2) + "\r\n")]
for i, (ct, fn) in enumerate([("image/jpeg", "a.jpg"), ("application/pdf", "b.pdf"), ("text/csv", "c.csv"), ("audio/mpeg", "d.mp3")]):
    many.append(part([("Content-Type", '%s; name="%s"' % (ct, fn)), ("Content-Disposition", 'attachment; filename="%s"' % fn),
                      ("Content-Transfer-Encoding", "base64")], b64(binary(300 + i * 100)) + "\r\n"))
add("rw-attach-several", message(hdrs(Content_Type='multipart/mixed; boundary="=-=-="'), multipart("=-=-=", many)))

# --- forwarded messages (message/rfc822) ------------------------------------------------------
inner_fields = [("From", "Carol <carol@example.com>"), ("To", "Alice <alice@example.org>"), ("Cc", "Dave <dave@example.com>, eve@example.com"),
                ("Subject", "Original: " + words(3)), ("Date", "Mon, 4 Mar 2024 18:00:00 -0500"), ("Message-ID", "<orig1@example.com>"),
                ("MIME-Version", "1.0")]
inner_plain = message(inner_fields + [("Content-Type", "text/plain; charset=utf-8")], paragraph(3) + "\r\n")
add("rw-forward-attached", message(hdrs(Subject="Fwd: original", Content_Type='multipart/mixed; boundary="fwd"'),
       multipart("fwd", [text_part("Forwarding this.\r\n"), part([("Content-Type", 'message/rfc822; name="original.eml"'),
                                                                   ("Content-Disposition", 'attachment; filename="original.eml"')], inner_plain)])))
inner_multi = message(inner_fields + [("Content-Type", 'multipart/alternative; boundary="inner"')],
                      multipart("inner", [text_part("inner text\r\n"), text_part(html_of("inner html"), "html")]))
add("rw-forward-multipart-inner", message(hdrs(Subject="Fwd: with html", Content_Type='multipart/mixed; boundary="outer"'),
       multipart("outer", [text_part("See below.\r\n"), part([("Content-Type", "message/rfc822")], inner_multi)])))
add("rw-forward-inline-thunderbird", message(hdrs(Subject="Fwd: inline"), "\r\n\r\n-------- Forwarded Message --------\r\nSubject: \tOriginal\r\nDate: \tMon, 4 Mar 2024 18:00:00 -0500\r\nFrom: \tCarol <carol@example.com>\r\n\r\n" + paragraph(2) + "\r\n"))
twice = message([("From", "Zed <zed@example.net>"), ("Subject", "Fwd: Fwd: nested"), ("Date", "Tue, 5 Mar 2024 08:00:00 +0000"), ("MIME-Version", "1.0"),
                 ("Content-Type", 'multipart/mixed; boundary="mid"')],
                multipart("mid", [text_part("middle\r\n"), part([("Content-Type", "message/rfc822")], inner_multi)]))
add("rw-forward-twice", message(hdrs(Subject="Fwd: Fwd: Fwd", Content_Type='multipart/mixed; boundary="top"'),
       multipart("top", [text_part("top\r\n"), part([("Content-Type", "message/rfc822"), ("Content-Description", "Forwarded message")], twice)])))
add("rw-message-rfc822-toplevel", message(hdrs(Content_Type="message/rfc822"), inner_plain))
add("rw-forward-base64-rfc822", message(hdrs(Content_Type='multipart/mixed; boundary="b64fwd"'),
       multipart("b64fwd", [text_part("x\r\n"), part([("Content-Type", "message/rfc822"), ("Content-Transfer-Encoding", "base64")], b64(inner_plain) + "\r\n")])))
add("rw-message-global", message(hdrs(Content_Type='multipart/mixed; boundary="glob"'),
       multipart("glob", [text_part("x\r\n"), part([("Content-Type", "message/global")],
                                                   message([("From", "Ünïcödé <üser@exämple.org>"), ("Subject", "Grüße"), ("MIME-Version", "1.0"),
                                                            ("Content-Type", "text/plain; charset=utf-8")], "Hallo\r\n"))])))

# --- S/MIME and PGP/MIME ----------------------------------------------------------------------
add("rw-smime-signed", message(hdrs(Content_Type='multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;\r\n boundary="----5A3B2C1D"'),
       multipart("----5A3B2C1D", [text_part("Signed text.\r\n", cte="7bit"),
                                  part([("Content-Type", 'application/pkcs7-signature; name="smime.p7s"'), ("Content-Transfer-Encoding", "base64"),
                                        ("Content-Disposition", 'attachment; filename="smime.p7s"'), ("Content-Description", "S/MIME Cryptographic Signature")],
                                       b64(b"\x30\x82" + binary(700)) + "\r\n")])))
add("rw-smime-enveloped", message(hdrs(Content_Type='application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
                                        Content_Transfer_Encoding="base64", Content_Disposition='attachment; filename="smime.p7m"'),
                                   b64(b"\x30\x80" + binary(1500)) + "\r\n"))
add("rw-smime-opaque-signed", message(hdrs(Content_Type='application/x-pkcs7-mime; smime-type=signed-data; name=smime.p7m',
                                            Content_Transfer_Encoding="base64"), b64(b"\x30\x80" + binary(900)) + "\r\n"))
add("rw-pgp-signed", message(hdrs(Content_Type='multipart/signed; micalg=pgp-sha256;\r\n protocol="application/pgp-signature";\r\n boundary="pgpsig"'),
       multipart("pgpsig", [part([("Content-Type", 'multipart/mixed; boundary="pgpinner"; protected-headers="v1"')],
                                 multipart("pgpinner", [text_part("signed body\r\n", cte="quoted-printable")], preamble=None)),
                            part([("Content-Type", 'application/pgp-signature; name="OpenPGP_signature.asc"'), ("Content-Description", "OpenPGP digital signature"),
                                  ("Content-Disposition", 'attachment; filename="OpenPGP_signature.asc"')],
                                 "-----BEGIN PGP SIGNATURE-----\r\n\r\n" + b64(binary(300)) + "\r\n-----END PGP SIGNATURE-----\r\n")],
                 preamble="This is an OpenPGP/MIME signed message (RFC 4880 and 3156)")))
add("rw-pgp-encrypted", message(hdrs(Content_Type='multipart/encrypted;\r\n protocol="application/pgp-encrypted";\r\n boundary="pgpenc"'),
       multipart("pgpenc", [part([("Content-Type", "application/pgp-encrypted"), ("Content-Description", "PGP/MIME version identification")], "Version: 1\r\n"),
                            part([("Content-Type", 'application/octet-stream; name="encrypted.asc"'), ("Content-Description", "OpenPGP encrypted message"),
                                  ("Content-Disposition", 'inline; filename="encrypted.asc"')],
                                 "-----BEGIN PGP MESSAGE-----\r\n\r\n" + b64(binary(600)) + "\r\n-----END PGP MESSAGE-----\r\n")],
                 preamble="This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)")))
add("rw-pgp-inline", message(hdrs(Content_Type="text/plain; charset=us-ascii"),
       "-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\nhello\r\n-----BEGIN PGP SIGNATURE-----\r\n\r\n" + b64(binary(120)) + "\r\n-----END PGP SIGNATURE-----\r\n"))

# --- calendar invites -------------------------------------------------------------------------
ics = ("BEGIN:VCALENDAR\r\nPRODID:-//Tern//Corpus//EN\r\nVERSION:2.0\r\nMETHOD:%s\r\nBEGIN:VEVENT\r\nUID:evt-%d@example.org\r\n"
       "DTSTART:20240306T100000Z\r\nDTEND:20240306T110000Z\r\nSUMMARY:Project meeting\r\nORGANIZER;CN=Alice:mailto:alice@example.org\r\n"
       "ATTENDEE;CN=Bob;RSVP=TRUE:mailto:bob@example.net\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
add("rw-invite-google", message(hdrs(Subject="Invitation: Project meeting @ Wed Mar 6, 2024", Content_Type='multipart/mixed; boundary="000000000000cal1"'),
       multipart("000000000000cal1", [
           part([("Content-Type", 'multipart/alternative; boundary="000000000000cal2"')],
                multipart("000000000000cal2", [text_part("You have been invited.\r\n"), text_part(html_of("You have been invited."), "html", cte="quoted-printable"),
                                               part([("Content-Type", 'text/calendar; charset="UTF-8"; method=REQUEST'), ("Content-Transfer-Encoding", "7bit")], ics % ("REQUEST", 1))], preamble=None)),
           part([("Content-Type", 'application/ics; name="invite.ics"'), ("Content-Disposition", 'attachment; filename="invite.ics"'), ("Content-Transfer-Encoding", "base64")],
                b64((ics % ("REQUEST", 1)).encode()) + "\r\n")], preamble=None)))
add("rw-invite-outlook", message(hdrs(Subject="Project meeting", Content_Type='multipart/alternative; boundary="_cal_"', Content_Class="urn:content-classes:calendarmessage"),
       multipart("_cal_", [text_part("When: Wednesday\r\n", cte="quoted-printable"), text_part(html_of("When: Wednesday"), "html", cte="quoted-printable"),
                           part([("Content-Type", 'text/calendar; charset="utf-8"; method=REQUEST'), ("Content-Transfer-Encoding", "base64")], b64((ics % ("REQUEST", 2)).encode()) + "\r\n")],
                 preamble=None)))
add("rw-invite-cancel", message(hdrs(Subject="Canceled: Project meeting", Content_Type='text/calendar; charset=utf-8; method=CANCEL'), ics % ("CANCEL", 3)))
add("rw-invite-reply", message(hdrs(Subject="Accepted: Project meeting", Content_Type='multipart/mixed; boundary="rep"'),
       multipart("rep", [part([("Content-Type", "text/calendar; method=REPLY; charset=UTF-8"), ("Content-Disposition", "inline")], ics % ("REPLY", 4))])))

# --- mailing lists and digests ----------------------------------------------------------------
def digest_entry(i, explicit_type):
    m = message([("From", "member%d@lists.example.org" % i), ("Subject", "[list] topic %d" % i), ("Date", "Mon, 4 Mar 2024 1%d:00:00 +0000" % i),
                 ("Message-ID", "<list%d@example.org>" % i)], paragraph(2) + "\r\n")
    return part([("Content-Type", "message/rfc822")] if explicit_type else [], m)


add("rw-digest-mailman", message(hdrs(From="list-request@lists.example.org", Subject="List Digest, Vol 12, Issue 3",
                                      Content_Type='multipart/mixed; boundary="===============1234=="', List_Id="<list.lists.example.org>"),
    multipart("===============1234==", [text_part("Send list submissions to list@lists.example.org\r\n", charset="us-ascii", cte="7bit", extra=[("Content-Description", "List Digest, Vol 12, Issue 3")]),
                                        part([("Content-Type", 'multipart/digest; boundary="===============5678=="'), ("MIME-Version", "1.0")],
                                             multipart("===============5678==", [digest_entry(i, False) for i in range(1, 5)], preamble=None)),
                                        text_part("_______________________________________________\r\nlist mailing list\r\n", charset="us-ascii")], preamble=None)))
add("rw-digest-explicit-types", message(hdrs(Content_Type='multipart/digest; boundary="dig"'), multipart("dig", [digest_entry(i, True) for i in range(1, 4)])))
add("rw-digest-with-text-part", message(hdrs(Content_Type='multipart/digest; boundary="dig2"'),
    multipart("dig2", [part([("Content-Type", "text/plain")], "Table of contents\r\n"), digest_entry(1, False), digest_entry(2, False)])))
add("rw-list-footer", message(hdrs(List_Id="Dev list <dev.lists.example.org>", List_Unsubscribe="<mailto:dev-leave@lists.example.org>",
                                   List_Post="<mailto:dev@lists.example.org>", Precedence="list", Sender="dev-bounces@lists.example.org",
                                   Content_Type='multipart/mixed; boundary="foot"'),
    multipart("foot", [text_part(paragraph(3) + "\r\n"), text_part("--\r\nYou received this because you are subscribed.\r\n", charset="us-ascii", extra=[("Content-Disposition", "inline")])])))

# --- reports, bounces, other types ------------------------------------------------------------
add("rw-dsn-bounce", message(hdrs(From="MAILER-DAEMON@mail.example.net (Mail Delivery System)", Subject="Undelivered Mail Returned to Sender",
                                  Content_Type='multipart/report; report-type=delivery-status;\r\n\tboundary="DSN.1"', Auto_Submitted="auto-replied"),
    multipart("DSN.1", [part([("Content-Description", "Notification"), ("Content-Type", "text/plain; charset=us-ascii")], "I'm sorry to have to inform you that your message could not be delivered.\r\n"),
                        part([("Content-Description", "Delivery report"), ("Content-Type", "message/delivery-status")],
                             "Reporting-MTA: dns; mail.example.net\r\n\r\nFinal-Recipient: rfc822; nobody@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"),
                        part([("Content-Description", "Undelivered Message Headers"), ("Content-Type", "text/rfc822-headers")],
                             head(inner_fields))])))
add("rw-mdn", message(hdrs(Subject="Read: report", Content_Type='multipart/report; report-type=disposition-notification; boundary="mdn"'),
    multipart("mdn", [text_part("Your message was read.\r\n"), part([("Content-Type", "message/disposition-notification")],
                                                                    "Reporting-UA: mail.example.net\r\nFinal-Recipient: rfc822;bob@example.net\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n")])))
add("rw-text-enriched", message(hdrs(Content_Type="text/enriched"), "<bold>Bold</bold> and <italic>italic</italic>.\r\n"))
add("rw-vcard", message(hdrs(Content_Type='text/vcard; charset=utf-8; name="alice.vcf"', Content_Disposition='attachment; filename="alice.vcf"'),
                        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alice Example\r\nEMAIL:alice@example.org\r\nEND:VCARD\r\n"))
add("rw-tnef-winmail", message(hdrs(Content_Type='multipart/mixed; boundary="tnef"'),
    multipart("tnef", [text_part("see attachment\r\n"), part([("Content-Type", 'application/ms-tnef; name="winmail.dat"'), ("Content-Transfer-Encoding", "base64"),
                                                             ("Content-Disposition", 'attachment; filename="winmail.dat"')], b64(b"\x78\x9f\x3e\x22" + binary(500)) + "\r\n")])))
add("rw-external-body", message(hdrs(Content_Type='multipart/mixed; boundary="ext"'),
    multipart("ext", [part([("Content-Type", 'message/external-body; access-type=URL; URL="http://example.org/big.iso"')],
                           "Content-Type: application/octet-stream\r\n\r\n")])))
add("rw-partial", message(hdrs(Content_Type='message/partial; id="abc@example.org"; number=1; total=2'),
                          "From: x@example.org\r\nSubject: part one\r\n\r\nfirst half\r\n"))

# --- headers as real clients write them -------------------------------------------------------
add("rw-subject-encoded-words", message(hdrs(Subject="=?UTF-8?Q?Re:_Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?= =?UTF-8?B?IOKckw==?=",
                                             From="=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>",
                                             To="=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>, =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>",
                                             CC="=?ISO-8859-1?Q?Olle_J=E4rnefors?= <ojarnef@admin.kth.se>"), "body\r\n"))
add("rw-address-groups", message(hdrs(To="A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;", Cc="Undisclosed recipients:;",
                                      Bcc="", Reply_To='"Mary Smith: Personal Account" <smith@home.example>'), "groups\r\n"))
add("rw-address-comments", message(hdrs(From="Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
                                        To="(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;", Sender="john.q.public@example.com (John Q. Public)"),
                                   "comments\r\n"))
add("rw-address-obsolete", message(hdrs(From="Joe Q. Public <john.q.public@example.com>", To="Mary Smith <@node.test:mary@example.net>, , jdoe@test   . example",
                                        Reply_To='"Joe Q. Public" <john . q . public @ example . com>'), "obs\r\n"))
add("rw-reply-headers", message(hdrs(Subject="Re: Re: AW: question", In_Reply_To="<msg1@example.org> <msg2@example.org>",
                                     References="<msg0@example.org>\r\n <msg1@example.org>\r\n <msg2@example.org>"), "> quoted\r\nreply\r\n"))
add("rw-many-recipients", message(hdrs(To=",\r\n ".join("User %d <user%d@example.net>" % (i, i) for i in range(60)),
                                       Cc=", ".join("cc%d@example.net" % i for i in range(30))), "many\r\n"))
add("rw-sender-differs", message(hdrs(From="Alice <alice@example.org>", Sender="Secretary <sec@example.org>", Reply_To="team@example.org"), "sender\r\n"))
add("rw-utf8-headers-6532", message(hdrs(From="Jöhn Dœ <jöhn@exämple.org>", To="山田 <yamada@例え.jp>", Subject="Grüße – 日本語の件名 😀",
                                         Content_Type="text/plain; charset=utf-8", Content_Transfer_Encoding="8bit"), "UTF-8 everywhere ✓\r\n"))
add("rw-autoreply", message(hdrs(Subject="Out of office", Auto_Submitted="auto-replied", X_Auto_Response_Suppress="All",
                                 Content_Type="text/plain; charset=utf-8; format=flowed"), "I am away until Monday.\r\n"))
add("rw-newsletter", message(hdrs(From='"Example News" <news@mail.example.com>', Subject="=?utf-8?Q?=F0=9F=93=B0_Your_weekly_digest?=",
                                  List_Unsubscribe="<https://example.com/u?id=123>, <mailto:unsub@example.com>", List_Unsubscribe_Post="List-Unsubscribe=One-Click",
                                  Content_Type='multipart/alternative; boundary="news"'),
    multipart("news", [text_part(paragraph(8, 12) + "\r\n", cte="quoted-printable"), text_part(html_of(paragraph(8, 12)) * 3, "html", cte="quoted-printable")], preamble=None)))
add("rw-mixed-text-only", message(hdrs(Content_Type='multipart/mixed; boundary="only"'), multipart("only", [text_part("just one part\r\n")])))
add("rw-content-type-params-quoting", message(hdrs(Content_Type='text/plain; charset="iso-8859-1"; name="x y.txt"; x-extra=\'single\'; FORMAT=Flowed'),
                                              "params\r\n"))
add("rw-content-disposition-params", message(hdrs(Content_Type='multipart/mixed; boundary="cd"'),
    multipart("cd", [part([("Content-Type", "text/plain"), ("Content-Disposition", 'inline; filename=plain.txt; modification-date="Wed, 12 Feb 1997 16:29:51 -0500"; read-date="x"')], "x\r\n")])))
