/// The three messages issue 3 names: a small text message, a 30 KB HTML multipart, a 10 MB attachment.
enum SampleMessages {
    static func smallText() -> [UInt8] {
        var s = "From: Alice Example <alice@example.com>\r\nTo: Bob <bob@example.org>\r\n"
        s += "Subject: Lunch tomorrow?\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\n"
        s += "Message-ID: <abc123@example.com>\r\nMIME-Version: 1.0\r\n"
        s += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
        for i in 0..<20 { s += "Line \(i) of a short personal message, nothing fancy here.\r\n" }
        return Array(s.utf8)
    }

    static func htmlMultipart() -> [UInt8] {
        var s = "From: News <news@example.com>\r\nTo: bob@example.org\r\nSubject: Weekly digest\r\n"
        s += "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"=_alt_42\"\r\n\r\n"
        s += "--=_alt_42\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        for i in 0..<120 { s += "Paragraph \(i): the quick brown fox jumps over the lazy dog =E2=80=94 again.\r\n" }
        s += "--=_alt_42\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        s += "<html><body>\r\n"
        while s.utf8.count < 30_000 { s += "<p style=3D\"margin:0\">The quick brown fox jumps over the lazy dog.</p>\r\n" }
        s += "</body></html>\r\n--=_alt_42--\r\n"
        return Array(s.utf8)
    }

    static func largeAttachment() -> [UInt8] {
        var s = "From: a@example.com\r\nTo: b@example.org\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
        s += "Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n--mix\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
        s += "--mix\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
        s += "Content-Disposition: attachment; filename=\"report.pdf\"\r\n\r\n"
        var bytes = Array(s.utf8)
        let line = Array("JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29kZT4+CnN0cmVh\r\n".utf8)
        while bytes.count < 10 * 1024 * 1024 { bytes += line }
        bytes += Array("--mix--\r\n".utf8)
        return bytes
    }
}
